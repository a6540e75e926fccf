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
PHONE = (390, 844)






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


def test_source_page_highlights_the_linked_passage(visit, site, graph):
    from portkg.build import OA

    v = visit((site / "case" / "sd-2024-06.html").as_uri())
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


def test_what_did_one_ticket_multi_vehicle_achieve_on_a_phone(visit, site):
    """A reader on a phone asks what 一票多车 achieved: first what the text states with the measure,
    then the cases' other outcomes, labelled as such; the hours saved read as a cut, in both languages."""
    v = visit((site / "measure" / "one-ticket-multi-vehicle.html").as_uri(), viewport=PHONE)
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
    v = visit((site / "place" / "weihai.html").as_uri() + "#gaps", viewport=PHONE)
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
