"""The site and graph pages in a real browser (Debian's Chromium, headless, offline).

Skips with a reason when Chromium or Playwright is missing on a user's machine; under
CI=true their absence is a failure. Screenshots go to build/screenshots/ for review.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "screenshots"






PAGES = ["index.html", "case/sd-2024-06.html", "source/sd-2024.html", "place/rizhao.html",
         "measure/direct-loading-pickup.html", "agency/weihai-customs.html", "tfa/7-1.html",
         "metric/berth-waiting-time.html", "measures.html", "search.html?q=船边直提",
         "graphs/all.html", "map.html"]  # every kind of graph page: tests/test_browser_graphs.py


def _url(site, page: str) -> str:
    path, _, query = page.partition("?")
    return (site / path).as_uri() + (f"?{query}" if query else "")


@pytest.mark.parametrize("page", PAGES)
def test_pages_open_offline_without_requests_or_errors(visit, site, page):
    assert (site / page.partition("?")[0]).exists()
    v = visit(_url(site, page))
    try:
        assert v.outside == [], f"{page} asked the network for {v.outside}"
        assert v.errors == [], f"{page} logged errors: {v.errors}"
        v.shot(SHOTS, page.partition("?")[0].replace("/", "_").replace(".html", ""))
    finally:
        v.close()


def _follow_case_06_quote(v) -> str:
    """Click case 06's 40.6小时 quote and wait for its passage to be highlighted; the link's href."""
    link = v.page.locator("td.quote a", has_text="40.6小时").first
    href = link.get_attribute("href")
    link.click()
    v.page.wait_for_function("Number(document.body.dataset.highlighted) > 0")
    return href


def _assert_highlight_is_the_quote(v, graph, href: str) -> None:
    """The highlighted text is the evidence's oa:exact at the offsets the link names (spaces aside)."""
    from portkg.build import OA

    start, end = (int(x) for x in href.rsplit("#q-", 1)[1].split("-"))
    ev = next(e for e in graph.subjects(OA.start, None) if int(graph.value(e, OA.start)) == start
              and int(graph.value(e, OA.end)) == end)
    hit = v.page.eval_on_selector_all(".q.hit", "els => els.map(e => e.textContent).join('')")
    assert "".join(hit.split()) == "".join(str(graph.value(ev, OA.exact)).split())


def test_source_page_highlights_the_linked_passage(visit, site, graph):
    v = visit((site / "case" / "sd-2024-06.html").as_uri())
    try:
        href = _follow_case_06_quote(v)
        assert href.startswith("../source/sd-2024.html#q-")
        _assert_highlight_is_the_quote(v, graph, href)
        v.shot(SHOTS, "source_highlight")
    finally:
        v.close()


def test_search_for_a_wording_reaches_the_measure_page(visit, site):
    """A reader types the words a case uses (船边直提) and reaches the measure's page (直装直提)."""
    v = visit((site / "index.html").as_uri())
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


def test_from_the_index_to_a_citys_gaps_and_their_evidence(visit, site, graph):
    """What could 日照 adopt next? Index → 日照's page → its gaps, each with a quote linked to the source."""
    from portkg.build import OA

    v = visit((site / "index.html").as_uri())
    try:
        v.page.locator("#cities .city-list a", has_text="日照").click()
        v.page.wait_for_load_state()
        assert v.page.url.endswith("/place/rizhao.html")
        v.page.locator("nav.on-page a[href='#gaps']").click()
        rows = v.page.locator("#t-city-rizhao-gaps tbody tr")
        assert rows.count() >= 3
        assert "不是" in v.page.inner_text("#gaps .note") or "并不证明" in v.page.inner_text("#gaps .note")
        assert rows.first.locator("td").first.locator("a").get_attribute("href").startswith("../measure/")
        # a gap with no outcome stated with the measure says so, and has no quote to follow
        first = rows.filter(has=v.page.locator("td.quote a")).first
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


def test_sort_and_filter_a_table_and_the_url_keeps_the_view(visit, site):
    v = visit((site / "index.html").as_uri())
    try:
        v.page.wait_for_function("document.body.dataset.tablesReady === '1'")
        section = v.page.locator("#t-outcome-rankings")
        total = int(section.get_attribute("data-shown"))
        assert total > 10
        section.locator("th", has_text="案例").first.click()
        # the table writes its state into the URL after it has redrawn (later on a loaded machine)
        v.page.wait_for_function("location.hash.includes('outcome-rankings.o=4')", timeout=10000)
        assert "outcome-rankings.o=4" in v.page.url
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
               "metric/berth-waiting-time.html", "graphs/place/weihai.html", "map.html"]


@pytest.mark.parametrize("page", PHONE_PAGES)
def test_no_horizontal_scroll_on_a_phone(visit, site, page):
    v = visit((site / page).as_uri(), viewport=(390, 844))
    try:
        width = v.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{page} is {width} px wide at 390 px"
        assert v.errors == [] and v.outside == []
        v.shot(SHOTS, "phone_" + page.replace("/", "_").replace(".html", ""))
    finally:
        v.close()


def test_english_is_remembered_on_the_next_page(visit, site):
    v = visit((site / "index.html").as_uri())
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
        v.shot(SHOTS, "city_rizhao_en")
        v.page.click("#lang")
        v.page.goto((site / "index.html").as_uri())
        assert v.page.evaluate("document.documentElement.dataset.lang") == "zh"
        assert v.errors == []
    finally:
        v.close()


# ---------------------------------------------------------------- the site review, items 4, 5, 8, 9 (siteB)

def _open_cell(v, measure_zh: str, city_zh: str):
    page = v.page
    cities = [t.strip() for t in page.locator("#matrix thead th.city").all_inner_texts()]
    row = page.locator("#matrix tbody tr", has=page.locator("th.measure a", has_text=measure_zh)).first
    cell = row.locator("td").nth(cities.index(city_zh))
    cell.locator("a").click()
    page.wait_for_selector("dialog.cell-pop[open]")
    return page.locator("dialog.cell-pop[open]"), cell


def test_on_a_phone_both_yantai_cases_applying_direct_loading_are_reachable_from_the_home_grid(visit, site, built):
    """On a phone, which Yantai cases applied 直装直提? The grid's "2" opens both (no hover needed),
    each with its quote, and the quote leads to the highlighted sentence with the case named above it."""
    from portkg.site.data import SiteData
    from portkg.store import OxigraphStore

    store = OxigraphStore()
    store.load_ntriples_bytes(built.graph.serialize(format="nt", encoding="utf-8"))
    d = SiteData.load(store)
    m, yantai = "https://w3id.org/portkg/measure/direct-loading-pickup", "https://w3id.org/portkg/place/yantai"
    expected = sorted({d.cases[s.case].number for s in d.applications[m] if d.applied(s) and yantai in d.case_cities[s.case]})
    assert len(expected) >= 2, "the corpus has two Yantai cases applying 直装直提"
    v = visit((site / "index.html").as_uri(), viewport=PHONE_VIEW)
    try:
        pop, cell = _open_cell(v, "直装直提", "烟台")
        assert cell.inner_text().strip() == str(len(expected))
        assert pop.is_visible()
        box = pop.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # fits the phone
        items = pop.locator("ol.pop-cases > li")
        assert items.count() == len(expected)
        text = pop.inner_text()
        for n in expected:
            assert f"山东 {n} · 烟台" in text
        for i in range(items.count()):
            assert items.nth(i).locator("blockquote a[href*='#q-']").count() >= 1  # each case shows its quote
        # … inside its sentence: for case 08 the sentence goes on to what Longkou achieved with it
        first = items.nth(0).locator("blockquote").first
        assert len(first.inner_text()) > len(first.locator("mark").inner_text()) + 10
        # the last case's quote → its sentence in the source, a third of the way down, under a bar naming the case
        link = items.nth(items.count() - 1).locator("blockquote a").first
        href = link.get_attribute("href")
        link.click()
        v.page.wait_for_function("Number(document.body.dataset.highlighted) > 0")
        v.page.wait_for_timeout(300)
        assert v.page.url.endswith(href)
        top = v.page.evaluate("document.querySelector('.q.hit').getBoundingClientRect().top")
        assert 844 * 0.15 < top < 844 * 0.6, f"the passage starts at {top} px of 844"
        bar = v.page.locator("#reading-bar")
        assert bar.bounding_box()["y"] <= 1  # stuck to the top
        assert f"山东 {expected[-1]} · 烟台" in bar.inner_text()
        assert v.errors == [] and v.outside == []
        v.shot(SHOTS, "phone_source_from_grid_cell")
    finally:
        v.close()


PHONE_VIEW = (390, 844)


def test_on_a_phone_the_grid_keeps_the_measure_column_and_says_more_cities_are_off_screen(visit, site):
    v = visit((site / "index.html").as_uri(), viewport=PHONE_VIEW)
    try:
        hint = v.page.locator("#matrix-hint")
        assert hint.is_visible() and "滑动" in hint.inner_text()
        v.page.evaluate("document.getElementById('matrix').scrollIntoView()")
        v.page.evaluate("const b = document.getElementById('matrix-box'); b.scrollLeft = b.scrollWidth")
        v.page.wait_for_timeout(200)
        box = v.page.locator("#matrix-box").bounding_box()
        first = v.page.locator("#matrix tbody th.measure").first.bounding_box()
        assert abs(first["x"] - box["x"]) < 2  # the measure names stay put
        total = v.page.locator("#matrix thead th.num").bounding_box()
        assert total["x"] + total["width"] <= 391  # the 城市 total column can be reached
        v.shot(SHOTS, "phone_matrix_scrolled")
    finally:
        v.close()


def test_a_reader_can_hide_the_inline_labels_and_keep_the_quote_highlighted(visit, site, graph):
    v = visit((site / "case" / "sd-2024-06.html").as_uri())
    try:
        href = _follow_case_06_quote(v)
        assert v.page.locator(".source-text sup.cites").first.is_visible()
        v.page.click("#toggle-cites")
        assert not v.page.locator(".source-text sup.cites").first.is_visible()
        assert "显示标注" in v.page.inner_text("#toggle-cites")
        _assert_highlight_is_the_quote(v, graph, href)
        assert v.page.evaluate("getComputedStyle(document.querySelector('.q.hit')).backgroundColor") != "rgba(0, 0, 0, 0)"
        v.page.reload()
        v.page.wait_for_function("Number(document.body.dataset.highlighted) > 0")
        assert not v.page.locator(".source-text sup.cites").first.is_visible()  # remembered
        assert "山东 06" in v.page.inner_text("#reading-bar")
        v.page.click("#toggle-cites")
        assert v.errors == []
    finally:
        v.close()


@pytest.mark.parametrize("viewport", [(1440, 900), PHONE_VIEW])
def test_the_map_draws_every_province_on_one_scale_with_labels_apart(visit, site, viewport):
    """Lianyungang's 4 measures must not look as big as Weihai's 64; labels neither collide nor shrink to 8 px."""
    v = visit((site / "map.html").as_uri(), viewport=viewport)
    try:
        r = v.page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('a.city')].map(a =>
            [a.dataset.city.split('/').pop(), a.querySelector('circle').getBoundingClientRect().width]))""")
        assert r["lianyungang"] < r["weihai"] / 2
        assert r["nanjing"] == pytest.approx(r["lianyungang"], abs=0.5)  # same count, same size, any province
        for lang in ("zh", "en"):  # one placement serves both languages' names
            if lang == "en":
                v.page.click("#lang")
            _labels_apart(v)
        v.page.click("#lang")
        main = v.page.inner_text("main")
        assert "PyPI" not in main and "cnmaps" not in main and "示意图" in main
        assert v.no_horizontal_scroll() and v.errors == []
        v.shot(SHOTS, f"map_{viewport[0]}", full_page=True)
    finally:
        v.close()


def _labels_apart(v):
    """No city label covers another label or circle, no two circles overlap, and labels are ≥ 13 px tall."""
    boxes = v.page.evaluate("""() => [...document.querySelectorAll('svg')].map(svg =>
        [...svg.querySelectorAll('a.city')].map(a => { const t = a.querySelector('text.label').getBoundingClientRect(),
          n = a.querySelector('text.nums').getBoundingClientRect(), c = a.querySelector('circle').getBoundingClientRect();
          return {city: a.dataset.city, label: [Math.min(t.left, n.left), t.top, Math.max(t.right, n.right), n.bottom],
                  circle: [c.left, c.top, c.right, c.bottom], h: t.height}; }))""")

    def overlap(a, b):
        return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1

    for cities in boxes:
        for a in cities:
            assert a["h"] >= 13, f"{a['city']} label is {a['h']:.1f} px tall"
            for b in cities:
                if a is b:
                    continue
                assert not overlap(a["label"], b["label"]), f"labels of {a['city']} and {b['city']} collide"
                assert not overlap(a["label"], b["circle"]), f"{a['city']}'s label covers {b['city']}"
                assert not overlap(a["circle"], b["circle"]), f"{a['city']} and {b['city']} overlap"


def test_the_search_page_answers_as_you_type_and_names_each_cases_source_and_city(visit, site):
    from urllib.parse import quote

    v = visit((site / "search.html").as_uri(), viewport=PHONE_VIEW)
    try:
        v.page.locator("#search-box").press_sequentially("一票多车", delay=30)  # no Enter
        v.page.wait_for_selector("#search-page a")
        assert v.page.locator("#search-results").is_hidden()  # the page itself answers, not the dropdown
        text = v.page.inner_text("#search-page")
        assert "山东 01 · 济南" in text
        assert "条结果" in v.page.inner_text("#search-summary")
        v.page.fill("#search-box", "连云港")
        v.page.wait_for_function("document.getElementById('search-page').dataset.query === '连云港'")
        assert "江苏 01 · 连云港" in v.page.inner_text("#search-page")
        v.page.fill("#search-box", "烟台")  # a city's name finds its cases, each saying which source
        v.page.wait_for_function("document.getElementById('search-page').dataset.query === '烟台'")
        text = v.page.inner_text("#search-page")
        assert "山东 08 · 烟台" in text and "山东 09 · 烟台" in text
        assert v.page.url.endswith("search.html?q=" + quote("烟台"))  # the view can be bookmarked
        assert v.errors == [] and v.outside == []
        v.shot(SHOTS, "phone_search_typed")
    finally:
        v.close()


def test_what_did_one_ticket_multi_vehicle_achieve_on_a_phone(visit, site):
    """A reader on a phone asks what 一票多车 achieved: first what the text states with the measure,
    then the cases' other outcomes, labelled as such; the hours saved read as a cut, in both languages."""
    v = visit((site / "measure" / "one-ticket-multi-vehicle.html").as_uri(), viewport=PHONE_VIEW)
    try:
        v.page.wait_for_function("document.body.dataset.tablesReady === '1'")
        evidence, other = v.page.locator("section#evidence"), v.page.locator("section#outcomes")
        assert evidence.bounding_box()["y"] < other.bounding_box()["y"]
        assert "与该措施写在一起的成效" in evidence.locator("h2").inner_text()
        assert "不一定来自该措施" in other.locator("h2").inner_text()
        card = other.locator("tbody tr", has_text="滞港时间")
        assert card.count() == 1 and card.locator("td.figure").inner_text() == "缩短 300 余小时"
        assert card.locator("td.figure").is_visible()
        v.page.click("#lang")
        assert card.locator("td.figure").inner_text() == "cut by over 300 hours"
        assert "not necessarily from this measure" in other.locator("h2").inner_text()
        assert v.no_horizontal_scroll()
        v.shot(SHOTS, "phone_measure_otmv_en")
        assert v.errors == [] and v.outside == []
    finally:
        v.close()


def test_weihai_gaps_say_when_nothing_is_stated_with_a_measure(visit, site):
    """Weihai's 可借鉴 list on a phone: a measure with no outcome stated with it says so instead of a number."""
    v = visit((site / "place" / "weihai.html").as_uri() + "#gaps", viewport=PHONE_VIEW)
    try:
        v.page.wait_for_function("document.body.dataset.tablesReady === '1'")
        rows = v.page.locator("#t-city-weihai-gaps tbody tr")
        none = rows.filter(has_text="无直接对应的成效")
        assert 0 < none.count() < rows.count()
        assert none.first.locator("td.quote a").count() == 0
        assert "与措施写在一起的成效" in v.page.inner_text("#t-city-weihai-gaps thead")
        v.page.click("#lang")
        assert "Weihai" in v.page.inner_text("h1")
        cities = rows.first.locator("td").nth(3).inner_text()
        assert "、" not in cities and ", " in cities  # English lists with commas
        assert v.no_horizontal_scroll()
        v.shot(SHOTS, "phone_weihai_gaps_en")
        assert v.errors == [] and v.outside == []
    finally:
        v.close()
