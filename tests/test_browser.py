"""The site and graph pages in a real browser (Debian's Chromium, headless, offline).

Skips with a reason when Chromium or Playwright is missing on a user's machine; under
CI=true their absence is a failure. Screenshots go to build/screenshots/ for review.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import RDF
from rdflib.namespace import SKOS

from portkg.build import PK

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]
LOCAL = ("file:", "data:", "blob:", "about:")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run; bin/test installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    exe = _chromium()
    if exe is None:
        _unavailable("Chromium is not installed (bash bin/install-browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """One page load: every request the page made and every console error it raised."""

    def __init__(self, browser, url: str, wait_ready: bool = False, viewport=(1400, 900)):
        self.context = browser.new_context(offline=True, viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        if wait_ready:
            self.page.wait_for_function("document.body.dataset.ready === '1'", timeout=20000)
        self.page.wait_for_timeout(200)

    @property
    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL)]

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def site(project, tmp_path_factory):
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("build")
    res = subprocess.run([sys.executable, "-m", "portkg.cli", "build", "--project", str(project.root), "--out", str(out)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return out / "site"


def _expected_overview_nodes(g) -> int:
    """What the overview should draw, counted from the graph itself: cases, their implementing units,
    the places they name (with the city of a county or port), measures and their categories."""
    nodes = set()
    for c in g.subjects(RDF.type, PK.Case):
        nodes.add(c)
        nodes.update(g.objects(c, PK.implementedBy))
        for q in g.objects(c, PK.qualifiedPlace):
            p = g.value(q, PK.place)
            nodes.add(p)
            if (p, RDF.type, PK.City) not in g:
                nodes.update(x for x in g.objects(p, PK.locatedIn) if (x, RDF.type, PK.City) in g)
        for m in g.objects(c, PK.appliesMeasure):
            nodes.add(m)
            nodes.update(b for b in g.objects(m, SKOS.broader) if (b, RDF.type, PK.MeasureCategory) in g)
    return len(nodes)


PAGES = ["index.html", "case/sd-2024-06.html", "source/sd-2024.html", "place/rizhao.html",
         "measure/direct-loading-pickup.html", "agency/weihai-customs.html", "tfa/7-1.html",
         "metric/berth-waiting-time.html", "measures.html", "search.html?q=船边直提",
         "graphs/all.html", "graphs/case-06.html", "graphs/city-weihai.html",
         "graphs/measure-direct-loading-pickup.html", "graphs/agency-weihai-customs.html"]


def _url(site, page: str) -> str:
    path, _, query = page.partition("?")
    return (site / path).as_uri() + (f"?{query}" if query else "")


@pytest.mark.parametrize("page", PAGES)
def test_pages_open_offline_without_requests_or_errors(browser, site, page):
    assert (site / page.partition("?")[0]).exists()
    v = Visit(browser, _url(site, page), wait_ready=page.startswith("graphs/"))
    try:
        assert v.outside == [], f"{page} asked the network for {v.outside}"
        assert v.errors == [], f"{page} logged errors: {v.errors}"
        v.shot(page.partition("?")[0].replace("/", "_").replace(".html", ""))
    finally:
        v.close()


def test_overview_draws_every_node_the_graph_should_show(browser, site, graph):
    v = Visit(browser, (site / "graphs" / "all.html").as_uri(), wait_ready=True)
    try:
        drawn = int(v.page.evaluate("document.body.dataset.drawnNodes"))
        assert drawn == _expected_overview_nodes(graph)
        # outcomes are hidden by default and appear with the checkbox
        n_outcomes = len(set(graph.subjects(RDF.type, PK.Outcome)))
        v.page.check("#f-outcomes")
        assert int(v.page.evaluate("document.body.dataset.drawnNodes")) == drawn + n_outcomes
    finally:
        v.close()


def test_legend_and_filters_work_with_chinese_text(browser, site, graph):
    v = Visit(browser, (site / "graphs" / "all.html").as_uri(), wait_ready=True)
    try:
        legend = v.page.locator("#legend [data-kind]")
        assert legend.count() >= 6
        assert "实施单位" in v.page.inner_text("#legend")
        options = v.page.eval_on_selector_all("#f-city option", "els => els.map(e => e.textContent)")
        assert "威海" in options and "济南" in options
        total = int(v.page.evaluate("document.body.dataset.drawnNodes"))
        v.page.select_option("#f-city", "威海")
        weihai = int(v.page.evaluate("document.body.dataset.drawnNodes"))
        assert 0 < weihai < total
        shown_cases = v.page.evaluate(
            "portkgNetwork.body.data.nodes.get({filter: n => n.kind === 'case' && !n.hidden}).map(n => n.id)")
        assert sorted(shown_cases) == ["case/sd-2024-13", "case/sd-2024-14", "case/sd-2024-15", "case/sd-2024-16"]
        v.page.select_option("#f-type", "税务")
        assert v.page.evaluate("portkgNetwork.body.data.nodes.get({filter: n => n.kind === 'case' && !n.hidden})"
                               ".length") == 0
        v.page.select_option("#f-city", "")
        assert v.page.evaluate("portkgNetwork.body.data.nodes.get({filter: n => n.kind === 'case' && !n.hidden})"
                               ".map(n => n.id)") == ["case/sd-2024-18"]
        v.shot("graph_filtered_tax")
    finally:
        v.close()


def test_language_toggle_switches_labels_to_english(browser, site):
    v = Visit(browser, (site / "graphs" / "city-weihai.html").as_uri(), wait_ready=True)
    try:
        assert v.page.evaluate("portkgNetwork.body.data.nodes.get('place/weihai').label") == "威海"
        v.page.click("#lang")
        assert v.page.evaluate("document.documentElement.lang") == "en"
        assert v.page.evaluate("portkgNetwork.body.data.nodes.get('place/weihai').label") == "Weihai"
        assert "Agency" in v.page.inner_text("#legend")
        v.shot("graph_city_weihai_en")
    finally:
        v.close()


def test_source_page_highlights_the_linked_passage(browser, site, graph):
    from portkg.build import OA

    v = Visit(browser, (site / "case" / "sd-2024-06.html").as_uri())
    try:
        link = v.page.locator("td.quote a", has_text="40.6小时").first
        href = link.get_attribute("href")
        assert href.startswith("../source/sd-2024.html#q-")
        link.click()
        v.page.wait_for_function("Number(document.body.dataset.highlighted) > 0")
        hit = v.page.eval_on_selector_all(".q.hit", "els => els.map(e => e.textContent).join('')")
        start, end = (int(x) for x in href.rsplit("#q-", 1)[1].split("-"))
        ev = next(e for e in graph.subjects(OA.start, None) if int(graph.value(e, OA.start)) == start
                  and int(graph.value(e, OA.end)) == end)
        assert "".join(hit.split()) == "".join(str(graph.value(ev, OA.exact)).split())
        v.shot("source_highlight")
    finally:
        v.close()


def test_injected_markup_in_a_label_renders_as_text(browser, scratch, portkg, tmp_path):
    evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    agencies = scratch / "data" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("en: Quancheng Customs", f"en: '{evil}'"),
                        encoding="utf-8")
    out = tmp_path / "evil.html"
    res = portkg("viz", "--view", "case", "--focus", "01", "--lang", "en", "-o", str(out), "--project", str(scratch))
    assert res.returncode == 0, res.stderr
    v = Visit(browser, out.as_uri(), wait_ready=True)
    try:
        assert v.page.evaluate("typeof window.__pwned") == "undefined"
        assert v.page.evaluate("portkgNetwork.body.data.nodes.get('agency/quancheng-customs').label") == evil
        assert v.outside == [] and not any(u.endswith("/x") for u in v.requests)
        assert v.errors == []
    finally:
        v.close()
    site = tmp_path / "b"
    res = portkg("build", "--project", str(scratch), "--out", str(site))
    assert res.returncode == 0, res.stderr
    html = (site / "site" / "graphs" / "agency-quancheng-customs.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html
    v = Visit(browser, (site / "site" / "graphs" / "agency-quancheng-customs.html").as_uri(), wait_ready=True)
    try:
        v.page.click("#lang")
        assert v.page.evaluate("typeof window.__pwned") == "undefined"
        assert v.errors == [] and v.outside == []
    finally:
        v.close()


# -- a reader's tasks on the site ------------------------------------------------------------------

def test_search_for_a_wording_reaches_the_measure_page(browser, site):
    """A reader types the words a case uses (船边直提) and reaches the measure's page (直装直提)."""
    v = Visit(browser, (site / "index.html").as_uri())
    try:
        v.page.fill("#search-box", "船边直提")
        v.page.wait_for_selector("#search-results a")
        hit = v.page.locator("#search-results a", has_text="直装直提").first
        assert hit.evaluate("a => getComputedStyle(a).color") != "rgb(255, 255, 255)"  # readable on its white box
        hit.click()
        v.page.wait_for_load_state()
        assert v.page.url.endswith("/measure/direct-loading-pickup.html")
        assert "直装直提" in v.page.inner_text("h1")
        assert "船边直提" in v.page.inner_text("main")  # the wording is on the page
        assert v.errors == [] and v.outside == []
    finally:
        v.close()


def test_from_the_index_to_a_citys_gaps_and_their_evidence(browser, site, graph):
    """What could 日照 adopt next? Index → 日照's page → its gaps, each with a quote linked to the source."""
    from portkg.build import OA

    v = Visit(browser, (site / "index.html").as_uri())
    try:
        v.page.locator("#cities .city-list a", has_text="日照").click()
        v.page.wait_for_load_state()
        assert v.page.url.endswith("/place/rizhao.html")
        v.page.locator("nav.on-page a[href='#gaps']").click()
        rows = v.page.locator("#t-city-rizhao-gaps tbody tr")
        assert rows.count() >= 3
        assert "不是" in v.page.inner_text("#gaps .note") or "并不证明" in v.page.inner_text("#gaps .note")
        first = rows.first
        assert first.locator("td").first.locator("a").get_attribute("href").startswith("../measure/")
        quote = first.locator("td.quote a")
        href = quote.get_attribute("href")
        assert href.startswith("../source/") and "#q-" in href
        quote.click()
        v.page.wait_for_function("Number(document.body.dataset.highlighted) > 0")
        start, end = (int(x) for x in href.rsplit("#q-", 1)[1].split("-"))
        exact = next(str(graph.value(e, OA.exact)) for e in graph.subjects(OA.start, None)
                     if int(graph.value(e, OA.start)) == start and int(graph.value(e, OA.end)) == end)
        hit = v.page.eval_on_selector_all(".q.hit", "els => els.map(e => e.textContent).join('')")
        assert "".join(hit.split()) == "".join(exact.split())
        assert v.errors == []
    finally:
        v.close()


def test_sort_and_filter_a_table_and_the_url_keeps_the_view(browser, site):
    v = Visit(browser, (site / "index.html").as_uri())
    try:
        v.page.wait_for_function("document.body.dataset.tablesReady === '1'")
        section = v.page.locator("#t-outcome-rankings")
        total = int(section.get_attribute("data-shown"))
        assert total > 10
        section.locator("th", has_text="案例").first.click()
        v.page.wait_for_function("location.hash.indexOf('outcome-rankings.o=4') >= 0", timeout=10000)
        facet = section.locator("select[data-facet]").first
        option = facet.locator("option").nth(1)
        label = option.text_content()
        facet.select_option(index=1)
        v.page.wait_for_function("location.hash.indexOf('outcome-rankings.f0=') >= 0", timeout=10000)
        shown = int(section.get_attribute("data-shown"))
        assert 0 < shown < total
        assert f"({shown})" in label  # the facet's count says how many rows it leaves
        section.locator(".t-filter").fill("东营")
        v.page.wait_for_function(f"Number(document.querySelector('#t-outcome-rankings').dataset.shown) < {shown}")
        url = v.page.url
        assert "outcome-rankings.q=" in url
        narrowed = int(section.get_attribute("data-shown"))
        # the bookmarked view opens the same way
        v.page.goto(url)
        v.page.reload()
        v.page.wait_for_function("document.body.dataset.tablesReady === '1'")
        assert int(v.page.locator("#t-outcome-rankings").get_attribute("data-shown")) == narrowed
        assert v.page.locator("#t-outcome-rankings .t-filter").input_value() == "东营"
        assert v.errors == []
    finally:
        v.close()


PHONE_PAGES = ["index.html", "place/rizhao.html", "case/sd-2024-06.html", "measure/direct-loading-pickup.html",
               "source/sd-2024.html", "agency/weihai-customs.html", "measures.html", "tfa/7-1.html",
               "metric/berth-waiting-time.html", "graphs/city-weihai.html"]


@pytest.mark.parametrize("page", PHONE_PAGES)
def test_no_horizontal_scroll_on_a_phone(browser, site, page):
    v = Visit(browser, (site / page).as_uri(), wait_ready=page.startswith("graphs/"), viewport=(390, 844))
    try:
        width = v.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{page} is {width} px wide at 390 px"
        assert v.errors == [] and v.outside == []
        v.shot("phone_" + page.replace("/", "_").replace(".html", ""))
    finally:
        v.close()


def test_english_is_remembered_on_the_next_page(browser, site):
    v = Visit(browser, (site / "index.html").as_uri())
    try:
        v.page.click("#lang")
        assert v.page.evaluate("document.documentElement.dataset.lang") == "en"
        assert v.page.locator("h1 .en").is_visible() and not v.page.locator("h1 .zh").is_visible()
        assert "Which reforms were copied where?" in v.page.inner_text("nav.questions")
        # table headers and facet options switch too
        assert "Metric group" in v.page.inner_text("#t-outcome-rankings thead")
        assert v.page.locator("#t-outcome-rankings select[data-facet] option").first.text_content() == "all"
        v.page.locator("#cities .city-list a", has_text="Rizhao").click()
        v.page.wait_for_load_state()
        assert v.page.evaluate("document.documentElement.dataset.lang") == "en"
        assert v.page.inner_text("h1") == "Rizhao"
        assert "What it could adopt next" in v.page.inner_text("main")
        v.shot("city_rizhao_en")
        v.page.click("#lang")
        v.page.goto((site / "index.html").as_uri())
        assert v.page.evaluate("document.documentElement.dataset.lang") == "zh"
        assert v.errors == []
    finally:
        v.close()
