"""The graph views and the map in a real browser (Debian's Chromium, headless, offline), as a reader uses them.

Each test is a reader's task: click a node and follow its link to the entity page; filter by
category and see the URL keep it; read labels at the first zoom; use the map's city links; on a
phone, no horizontal scrolling. Every page is checked for requests leaving the machine and for
console errors. Screenshots at 1440×900 and 390×844 go to docs/screenshots/ for review.

Skips with a reason when Chromium or Playwright is missing on a user's machine; under CI=true
their absence is a failure.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
DESKTOP, PHONE = (1440, 900), (390, 844)  # as conftest.Visit knows them
FONT_SIZE = 14  # portkg.site.graphs.FONT_SIZE (canvas units)

GRAPH_PAGES = ["graphs/all.html", "graphs/case/sd-2024-06.html", "graphs/place/weihai.html",
               "graphs/measure/direct-loading-pickup.html", "graphs/agency/weihai-customs.html"]






def _shot_name(page: str, viewport) -> str:
    return page.replace("/", "_").replace(".html", "") + ("-phone" if viewport == PHONE else "")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("page", GRAPH_PAGES + ["map.html"])
def test_page_works_offline_reads_at_first_zoom_and_fits_the_screen(visit, site, page, viewport):
    """Every kind of graph page and the map: no request leaves the machine, no console error,
    no horizontal scrolling, and (graphs) labels at least 11 px on screen before any zooming."""
    assert (site / page).exists(), page
    v = visit((site / page).as_uri(), viewport)
    try:
        assert v.outside == [], f"{page} asked the network for {v.outside}"
        assert v.errors == [], f"{page} logged errors: {v.errors}"
        assert v.no_horizontal_scroll(), f"{page} scrolls sideways at {viewport}"
        if page.startswith("graphs/"):
            scale = v.page.evaluate("portkgNetwork.getScale()")
            assert scale * FONT_SIZE >= 11, f"labels are {scale * FONT_SIZE:.1f} px on screen"
            assert int(v.page.evaluate("document.body.dataset.drawnNodes")) > 0
            # the legend is there to open, and the filters too
            assert v.page.locator("#legend summary").is_visible()
            assert v.page.locator("#controls summary").is_visible()
        v.shot(SHOTS, _shot_name(page, viewport), full_page=not page.startswith("graphs/"))
    finally:
        v.close()


def test_click_a_node_then_follow_its_link_to_the_entity_page(visit, site):
    """From the overview: click 直装直提, read its facts in the panel, open its page."""
    v = visit((site / "graphs" / "all.html").as_uri())
    try:
        v.click_node("measure/direct-loading-pickup")
        v.page.wait_for_selector("#panel:not([hidden])")
        assert v.page.inner_text("#panel-title") == "直装直提"
        facts = v.page.inner_text("#panel-facts")
        assert "应用城市" in facts and "威海" in facts
        assert "node=measure%2Fdirect-loading-pickup" in v.page.url
        v.shot(SHOTS, "graph-panel-open")
        v.page.click("#panel a.entity-link")
        v.page.wait_for_load_state()
        assert v.page.url.endswith("/measure/direct-loading-pickup.html")
        assert "直装直提" in v.page.inner_text("h1")
        assert v.errors == [] and v.outside == []
    finally:
        v.close()


def test_the_panel_links_to_the_quoted_evidence(visit, site):
    """In a case view, an outcome's panel quotes the source and links to that passage."""
    v = visit((site / "graphs" / "case" / "sd-2024-06.html").as_uri())
    try:
        outcome = next(n for n in v.shown("outcome") if "40.6" in n["zh"])
        assert "40.6 小时 → 19.5 小时（−52%）" in outcome["zh"]
        v.click_node(outcome["id"])
        v.page.wait_for_selector("#panel:not([hidden])")
        quote = v.page.locator("#panel-refs blockquote a").first
        assert "40.6小时" in quote.inner_text()
        href = quote.get_attribute("href")
        assert "#q-" in href
        quote.click()
        v.page.wait_for_load_state()
        assert "#q-" in v.page.url and v.errors == []
    finally:
        v.close()


def test_category_filter_keeps_only_that_categorys_measures_and_the_url_remembers(visit, site):
    v = visit((site / "graphs" / "all.html").as_uri())
    try:
        all_measures = v.shown("measure")
        options = v.page.eval_on_selector_all("#f-cat option", "els => els.map(e => e.value).filter(Boolean)")
        # the category with the most measures, so the test is about a real choice
        cat = max(options, key=lambda c: sum(c in m["f"].get("cat", []) for m in all_measures))
        v.page.select_option("#f-cat", cat)
        measures = v.shown("measure")
        assert 0 < len(measures) < len(all_measures)
        assert all(cat in m["f"]["cat"] for m in measures), "a measure of another category is still drawn"
        assert [c["id"].rsplit("/", 1)[-1] for c in v.shown("category")] == [cat]
        # every city still drawn applies one of the measures left
        edges = v.page.evaluate("portkgNetwork.body.data.edges.get()")
        kept = {m["id"] for m in measures}
        for city in v.shown("city"):
            assert any((e["from"] == city["id"] and e["to"] in kept) or (e["to"] == city["id"] and e["from"] in kept)
                       for e in edges), city
        assert f"cat={cat}" in v.page.url
        # the text list follows the canvas
        listed = v.page.eval_on_selector_all("#graph-list li[data-id]:not([hidden])", "els => els.map(e => e.dataset.id)")
        assert sorted(listed) == sorted(n["id"] for n in v.shown())
        # a bookmarked view opens filtered
        url = v.page.url
        v.shot(SHOTS, "graph-filtered-category")
        v.goto((site / "graphs" / "place" / "weihai.html").as_uri())
        v.goto(url)
        assert v.page.input_value("#f-cat") == cat
        assert len(v.shown("measure")) == len(measures)
        v.page.click("#f-reset")
        assert "cat=" not in v.page.url and len(v.shown("measure")) == len(all_measures)
    finally:
        v.close()


def test_overview_draws_measures_in_two_or_more_cities_not_a_hairball(visit, site, memory_store):
    q = """PREFIX pk: <https://w3id.org/portkg/ontology#>
    SELECT ?m (COUNT(DISTINCT ?city) AS ?n) WHERE {
      ?c pk:qualifiedMeasure ?a ; pk:locatedIn ?city . ?a pk:measure ?m . ?city a pk:City .
      OPTIONAL { ?a pk:status ?s }
      FILTER (!BOUND(?s) || ?s = <https://w3id.org/portkg/application-status/applied>)
    } GROUP BY ?m HAVING (COUNT(DISTINCT ?city) >= 2)"""
    expected = {r[0].split("/portkg/", 1)[1] for r in memory_store.query(q).rows}
    v = visit((site / "graphs" / "all.html").as_uri())
    try:
        drawn = {n["id"] for n in v.shown("measure")}
        assert drawn == expected
        assert not v.shown("case") and not v.shown("outcome")
        assert len(v.shown()) < 150
    finally:
        v.close()


def test_a_case_view_draws_one_node_per_concept_until_wordings_are_asked_for(visit, site):
    v = visit((site / "graphs" / "case" / "sd-2024-06.html").as_uri())
    try:
        assert v.shown("wording") == []
        labels = [n["zh"] for n in v.shown("measure")]
        assert len(labels) == len(set(labels)) and "辅助通航水域" in labels
        v.page.check("#f-wordings")
        wordings = {n["zh"] for n in v.shown("wording")}
        assert "“三三制”辅助通航水域" in wordings and "wordings=1" in v.page.url
    finally:
        v.close()


def test_outcomes_are_laid_out_without_overlap(visit, site):
    for page in ("graphs/case/sd-2024-06.html", "graphs/case/sd-2024-10.html", "graphs/place/weihai.html"):
        v = visit((site / page).as_uri())
        try:
            if v.page.locator("#f-outcomes").count():
                v.page.check("#f-outcomes")
            ids = [n["id"] for n in v.shown("outcome")]
            assert ids, page
            boxes = v.page.evaluate("ids => ids.map(id => portkgNetwork.getBoundingBox(id))", ids)
            for i, a in enumerate(boxes):
                for b in boxes[i + 1:]:
                    overlap = min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1 and \
                        min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
                    assert not overlap, (page, a, b)
        finally:
            v.close()


def test_a_city_too_big_for_the_window_says_so_and_zooms_out_to_the_whole_graph(visit, site):
    """Yantai's three cases apply about eighty measures: at the legible zoom the graph runs past
    the window, so the page says so and one button shows all of it; a small case fits and says nothing."""
    v = visit((site / "graphs" / "place" / "yantai.html").as_uri())
    try:
        assert v.page.is_visible("#clipped"), "a graph larger than the window gives no hint"
        legible = v.page.evaluate("portkgNetwork.getScale()")
        v.page.click("#whole")
        assert v.page.evaluate("portkgNetwork.getScale()") < legible
        assert not v.page.is_visible("#clipped")
        shown = [n["id"] for n in v.shown()]
        box = v.page.locator("#graph").bounding_box()
        inside = v.page.evaluate("""ids => ids.map(id => {
            const p = portkgNetwork.canvasToDOM(portkgNetwork.getPositions([id])[id]);
            return p.x >= 0 && p.y >= 0 && p.x <= %d && p.y <= %d; })""" % (box["width"], box["height"]), shown)
        assert all(inside), f"{inside.count(False)} of {len(shown)} nodes still outside the window"
        v.goto((site / "graphs" / "case" / "sd-2024-01.html").as_uri())
        assert not v.page.is_visible("#clipped")
    finally:
        v.close()


def test_english_is_remembered_from_one_graph_page_to_the_next(visit, site):
    v = visit((site / "graphs" / "place" / "weihai.html").as_uri())
    try:
        assert v.page.evaluate("portkgNetwork.body.data.nodes.get('place/weihai').label") == "威海"
        v.page.click("#lang")
        assert v.page.evaluate("portkgNetwork.body.data.nodes.get('place/weihai').label") == "Weihai"
        assert "Agency" in v.page.inner_text("#legend")
        v.shot(SHOTS, "graph_place_weihai-en")
        v.goto((site / "graphs" / "all.html").as_uri())
        assert v.page.evaluate("document.documentElement.dataset.lang") == "en"
        assert v.page.evaluate("portkgNetwork.body.data.nodes.get('place/rizhao').label") == "Rizhao"
        assert "Measure category" in v.page.inner_text(".graph-bar")
        assert v.errors == []
    finally:
        v.close()


def test_on_a_phone_labels_are_drawn_and_the_panel_opens(visit, site):
    v = visit((site / "graphs" / "all.html").as_uri(), PHONE)
    try:
        assert v.page.evaluate("portkgNetwork.getScale()") * FONT_SIZE >= 11
        header = v.page.locator(".graph-bar").bounding_box()
        assert header["height"] < 110, f"graph header takes {header['height']} px on a phone"
        v.click_node("place/rizhao")
        v.page.wait_for_selector("#panel:not([hidden])")
        assert v.no_horizontal_scroll()
        v.shot(SHOTS, "graphs_all-phone-panel")
    finally:
        v.close()


def test_map_places_each_city_and_links_to_its_page(visit, site):
    v = visit((site / "map.html").as_uri())
    try:
        cities = v.page.eval_on_selector_all("svg a.city", "els => els.map(e => e.dataset.city)")
        assert "https://w3id.org/portkg/place/rizhao" in cities and len(cities) >= 10
        # east is right, north is up: 威海 right of 济南, 德州 above 临沂
        def centre(city):
            return v.page.evaluate(
                "c => { const e = document.querySelector(`a.city[data-city$='/${c}'] circle`);"
                " return [Number(e.getAttribute('cx')), Number(e.getAttribute('cy'))]; }", city)
        assert centre("weihai")[0] > centre("jinan")[0] and centre("dezhou")[1] < centre("linyi")[1]
        v.page.locator("a.city[data-city$='/rizhao']").click()
        v.page.wait_for_load_state()
        assert v.page.url.endswith("/place/rizhao.html")
        assert "日照" in v.page.inner_text("h1")
        assert v.errors == [] and v.outside == []
    finally:
        v.close()


def test_injected_markup_in_a_label_renders_as_text(visit, scratch, portkg, tmp_path):
    evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    agencies = scratch / "data" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("en: Quancheng Customs", f"en: '{evil}'"),
                        encoding="utf-8")
    out = tmp_path / "evil.html"
    res = portkg("viz", "--view", "case", "--focus", "sd-2024-01", "--lang", "en", "-o", str(out), "--project", str(scratch))
    assert res.returncode == 0, res.stderr
    v = visit(out.as_uri())
    try:
        assert v.page.evaluate("typeof window.__pwned") == "undefined"
        node = v.page.evaluate("portkgNetwork.body.data.nodes.get('agency/quancheng-customs')")
        assert node["en"] == evil and node["label"].startswith("<script>")  # drawn as text (shortened)
        v.click_node("agency/quancheng-customs")
        v.page.wait_for_selector("#panel:not([hidden])")
        assert v.page.inner_text("#panel-title") == evil
        assert v.page.evaluate("typeof window.__pwned") == "undefined"
        assert v.outside == [] and not any(u.endswith("/x") for u in v.requests)
        assert v.errors == []
    finally:
        v.close()
    res = portkg("build", "--project", str(scratch), "--out", str(tmp_path / "b"))
    assert res.returncode == 0, res.stderr
    page = tmp_path / "b" / "site" / "graphs" / "agency" / "quancheng-customs.html"
    assert "<script>window.__pwned" not in page.read_text(encoding="utf-8")
    v = visit(page.as_uri())
    try:
        v.page.click("#lang")
        assert v.page.evaluate("typeof window.__pwned") == "undefined"
        assert v.errors == [] and v.outside == []
    finally:
        v.close()
