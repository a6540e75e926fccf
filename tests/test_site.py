"""The site's pages and files, read as files (the browser tests drive the same pages in Chromium)."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re

import pytest
from rdflib import RDF

from portkg.build import BASE, PK


@pytest.fixture(scope="module")
def files(built, project, built_nt):
    from portkg.site import site_files

    return site_files(built, project, built_nt.read_bytes())


def _text(files, path: str) -> str:
    return files[path].decode("utf-8")


def test_page_urls_are_derived_from_iris():
    from portkg.site.urls import page_path, root_of

    assert page_path(BASE + "case/sd-2024-06") == "case/sd-2024-06.html"
    assert page_path(BASE + "measure/category/digital-platforms") == "measure/category/digital-platforms.html"
    assert root_of("measure/category/x.html") == "../../"
    with pytest.raises(ValueError):
        page_path("http://example.org/elsewhere")


def test_every_entity_a_user_may_link_to_has_a_page(files, graph):
    for cls in (PK.Case, PK.Measure, PK.MeasureCategory, PK.City, PK.Agency, PK.TradeFacilitationProvision,
                PK.Metric, PK.SourceDocument, PK.AgencyType):
        for node in graph.subjects(RDF.type, cls):
            path = str(node)[len(BASE):] + ".html"
            assert path in files, f"no page for {node}"
            html = _text(files, path)
            assert str(node) in html  # the IRI is shown
            assert "what-links-here" in html


def test_index_counts_agree_with_its_tables(files, graph):
    html = _text(files, "index.html")
    n_claims = len(set(graph.subjects(RDF.type, PK.InnovationClaim)))
    n_cases = len(set(graph.subjects(RDF.type, PK.Case)))
    assert f"{n_claims} 项首创声明" in html and f"{n_claims} innovation claims" in html
    claims = json.loads(files["tables/innovation-claims.json"])
    assert len(claims["rows"]) == n_claims
    assert re.search(rf'id="t-innovation-claims".*?共 {n_claims} 行', html, re.S)
    assert len(json.loads(files["tables/cases.json"])["rows"]) == n_cases
    assert f"{n_cases} 个案例" in html


def test_a_joint_case_of_two_cities_is_not_copying(files, graph):
    from portkg.site.data import SiteData
    from portkg.store import OxigraphStore

    store = OxigraphStore()
    store.load_ntriples_bytes(graph.serialize(format="nt", encoding="utf-8"))
    d = SiteData.load(store)
    joint = [m for m, cases in d.measure_cases.items() if len(cases) == 1 and len(d.measure_cities[m]) >= 2]
    assert joint, "the corpus has measures applied by one case located in two cities"
    copied = {row["Measure"] for row in json.loads(files["tables/copied-measures.json"])["rows"]}
    for m in joint:
        assert d.zh(m) not in copied
    assert all(len(d.measure_cases[m]) >= 2 and len(d.measure_cities[m]) >= 2 for m in d.measure_cases if d.copied(m))


def test_table_headers_are_words_and_csv_cannot_run_formulas(files):
    from portkg.site.tables import Column, Table

    for path in (p for p in files if p.startswith("tables/") and p.endswith(".json")):
        table = json.loads(files[path])
        for c in table["columns"]:
            assert not re.fullmatch(r"[a-z_]+", c["en"]), f"{path}: header {c['en']!r} is a variable name"
            assert c["zh"] and c["en"]
    t = Table("t", "t", "t", [Column("a", "甲", "A"), Column("b", "乙", "B")],
              [{"a": "=HYPERLINK(\"http://x\")", "b": "+1+cmd"}, {"a": "@SUM(A1)", "b": "-2"}, {"a": "普通", "b": 3}])
    rows = list(csv.reader(io.StringIO(t.csv_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["甲 A", "乙 B"]
    assert rows[1] == ["'=HYPERLINK(\"http://x\")", "'+1+cmd"]
    assert rows[2] == ["'@SUM(A1)", "-2"]  # a number stays a number
    assert rows[3] == ["普通", "3"]


def test_reader_pages_have_no_debug_parts(files):
    for path, data in files.items():
        if not path.endswith(".html") or path.startswith("graphs/"):
            continue
        html = data.decode("utf-8")
        visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
        assert "sha256" not in visible and "triples" not in visible, path
        for label in re.findall(r"<a [^>]*>([^<]*)</a>", html):
            assert not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", label.strip()), f"{path}: link text {label!r} is an id"
        assert "label_en" not in visible and "n_cities" not in visible, path


def test_every_number_on_the_rankings_reads_as_people_write_it(files):
    rows = json.loads(files["tables/outcome-rankings.json"])["rows"]
    html = re.sub(r"<script.*?</script>", "", _text(files, "index.html"), flags=re.S)  # what the reader sees
    assert "40.6 小时 → 19.5 小时（−52%）" in html
    assert "12% → 40%（+28 个百分点）" in html
    assert "1960000000" not in html and "0.3333" not in html and "False" not in html
    assert rows and all(isinstance(r["Size of change"], (int, float)) for r in rows)  # files keep raw values


def test_source_reading_view_joins_page_breaks_for_display_only(files, built):
    import html as h

    from portkg.site.source import display_text, hidden_ranges

    assert len(built.sources) >= 1
    for doc in built.sources.values():
        assert hashlib.sha256(doc.path.read_bytes()).hexdigest() == doc.meta["sha256"]  # the text is untouched
        first_case = min(s.span.start for s in doc.cases.values())
        hidden, toc = hidden_ranges(doc.text, first_case)
        shown = display_text(doc.text, hidden)
        assert "|--" not in shown and "| |" not in shown
        if doc.id == "sd-2024":
            assert "跟踪企\n\n业诉求" in doc.text and "跟踪企业诉求" in shown
            assert "一、背景情况\n\n" in shown and toc is not None  # headings keep their paragraph break
        page = _text(files, f"source/{doc.id}.html")
        assert "|--" not in page
        # every passage is anchored at its offsets in the original text ...
        prefix = f"{BASE}source/{doc.id}/evidence/"
        for ev in built.graph.subjects(RDF.type, PK.Evidence):
            if str(ev).startswith(prefix):
                start, end = (int(x) for x in str(ev)[len(prefix):].split("-"))
                assert f'id="q-{start}-{end}"' in page
        # ... and shows exactly its quote less the hidden characters
        joined: dict[str, str] = {}
        for ids, text in re.findall(r'<span class="q" data-q="([^"]+)">([^<]*)</span>', page):
            for i in ids.split():
                joined[i] = joined.get(i, "") + text
        assert joined
        for anchor, text in joined.items():
            s, e = (int(x) for x in anchor[2:].split("-"))
            assert h.unescape(text) == display_text(doc.text, hidden, s, e)


def test_the_home_page_and_portkg_stats_count_agencies_and_measures_alike(files, graph):
    """A reader comparing the site with `portkg stats` finds the same numbers for what cases use."""
    from portkg.stats import class_counts

    stats = dict(class_counts(graph))
    assert stats["agencies named in cases"] < stats["agencies in the registry"]
    assert stats["measure concepts applied"] < stats["measure concepts in the thesaurus"]
    html = _text(files, "index.html")
    assert f"{stats['agencies named in cases']} 个实施单位" in html
    assert f"{stats['measure concepts applied']} 项措施" in html


# ---------------------------------------------------------------- evidence, signs and counts (site review items 1, 3, 7)

def _table(files, name: str) -> dict:
    return json.loads(files[f"tables/{name}.json"])


def _seen(files, path: str) -> str:
    """What a reader sees of a page: no scripts, no tags."""
    html = re.sub(r"<script.*?</script>", "", _text(files, path), flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_what_did_one_ticket_multi_vehicle_achieve_the_hours_saved_read_as_a_cut(files):
    page = _seen(files, "measure/one-ticket-multi-vehicle.html")
    assert "缩短 300 余小时" in page and "cut by over 300 hours" in page  # 缩短船舶滞港时间300余小时
    assert "节约 超20亿元" in page  # 节约物流运输成本超 20 亿元: a saving, not a total
    assert "1553万吨" in page and "增加 1553万吨" not in page  # a level stays a level
    # ... and that saving is case 05's, which the text does not tie to 一票多车: not shown as its evidence
    evidence = _table(files, "measure-one-ticket-multi-vehicle-evidence")["rows"]
    other = _table(files, "measure-one-ticket-multi-vehicle-outcomes")
    assert not any("300 余小时" in r["Outcome quote"] for r in evidence)
    assert any("300 余小时" in r["Quote"] for r in other["rows"])
    assert "不一定来自该措施" in other["title"]["zh"] and "not necessarily" in other["title"]["en"]


def test_no_figure_mixes_a_qualifier_with_a_sign(files):
    """超+90% / 近+50% read as typos: a change says its direction in words (提升 超90%)."""
    bad = re.compile(r"(超|近|约|可达|最短)\s*[+\u2212-]\s*\d")
    pages = [p for p in files if p.endswith(".html") and not p.startswith("graphs/")]
    assert len(pages) > 100
    for p in pages:
        hit = bad.search(_seen(files, p))
        assert hit is None, f"{p}: {hit.group(0)!r}"
    assert "提升 90%以上" in _seen(files, "measure/direct-loading-pickup.html")  # 查检时效提升90%以上


def test_outcome_words_follow_kind_and_direction():
    from types import SimpleNamespace as NS

    from portkg.site.numbers import outcome_text

    time, cost = "https://w3id.org/portkg/metric/time", "https://w3id.org/portkg/metric/cost"
    metric = {"stay": time, "saving": cost, "volume": "https://w3id.org/portkg/metric/volume"}

    class Data:
        out = {"stay": {"broader": [time]}, "saving": {"broader": [cost]}, "volume": {"broader": [metric["volume"]]},
               time: {}, cost: {}, metric["volume"]: {}}

        def zh(self, iri):
            return {"stay": "在港时间", "saving": "物流成本", "volume": "吞吐量"}.get(iri, iri)

        en = zh

    def o(metric, value, unit, kind, direction, qualifier=None):
        return NS(value=value, unit=unit, baseline=None, value_max=None, stated_unit=None, metric=metric,
                  kind=kind, direction=direction, qualifier=qualifier, projected=False)

    d = Data()
    assert outcome_text(o("stay", 300, "HR", "change", "decrease", "余"), d) == "缩短 300 余小时"
    assert outcome_text(o("stay", 300, "HR", "change", "decrease", "余"), d, "en") == "cut by over 300 hours"
    assert outcome_text(o("saving", 2e9, "CNY", "change", "decrease", "超"), d) == "节约 超20亿元"
    assert outcome_text(o("volume", 90, "PERCENT", "change", "increase", "超"), d) == "提升 超90%"
    assert outcome_text(o("volume", 35, "PERCENT", "growth", "increase"), d, "en") == "up 35% year on year"
    assert outcome_text(o("stay", 8, "HR", "level", "decrease"), d) == "缩短至 8 小时"
    assert outcome_text(o("volume", 1553e4, "TONNE", "level", "none"), d) == "1553万吨"


def test_nearness_is_the_same_sentence_or_the_same_point():
    """In our own words: a measure and an outcome count as stated together only within one point."""
    from types import SimpleNamespace as NS

    from portkg.site.measure import SAME_POINT, SAME_SENTENCE, nearness, point_starts

    text = ("二、主要做法\n(一) 建立甲机制。推行乙模式，通关时间缩短30%。\n"
            "(二) 上线丙平台，一是丁功能，减少材料5份；二是戊功能。\n三、取得成效\n成本下降20%。\n背景里的戊功能。\n")

    def at(words):
        i = text.index(words)
        return NS(start=i, end=i + len(words))

    starts = point_starts(text, 0, len(text))
    assert nearness(text, starts, at("乙模式"), at("通关时间缩短30%")) == SAME_SENTENCE
    assert nearness(text, starts, at("甲机制"), at("通关时间缩短30%")) == SAME_POINT
    assert nearness(text, starts, at("丁功能"), at("减少材料5份")) == SAME_SENTENCE
    assert nearness(text, starts, at("二是戊功能"), at("减少材料5份")) is None  # 一是 / 二是 are two points
    assert nearness(text, starts, at("甲机制"), at("成本下降20%")) is None  # another section
    assert nearness(text, starts, at("背景里的戊功能"), at("成本下降20%")) is None  # unnumbered: paragraphs


def test_a_measure_page_shows_as_evidence_only_what_the_text_states_with_it(files, built):
    """直装直提: Longkou's 452 万吨 is stated with the measure; a passenger figure of a case applying it is not."""
    evidence = _table(files, "measure-direct-loading-pickup-evidence")["rows"]
    quotes = [r["Outcome quote"] for r in evidence]
    assert any("船边直提 452 万吨" in q for q in quotes)
    assert not any("旅客" in q for q in quotes)
    other = _table(files, "measure-direct-loading-pickup-outcomes")["rows"]
    assert any("旅客通关效率提升 80%以上" in r["Quote"] for r in other)
    # every evidence row is an outcome of a case applying the measure, shown with that measure's own quote
    for r in evidence:
        assert r["Why it is shown"] and r["Measure quote"]
    page = _text(files, "measure/direct-loading-pickup.html")
    assert page.index('id="evidence"') < page.index('id="outcomes"')  # the measure's own evidence first


def test_a_citys_gaps_do_not_borrow_a_cases_headline_number(files):
    rows = _table(files, "city-weihai-gaps")["rows"]
    assert len(rows) >= 10
    figures = [r["Outcome stated with it"] for r in rows]
    assert "无直接对应的成效" in figures  # says so rather than showing the case maximum
    shown = [(r["Reported by"], r["Outcome quote"]) for r in rows if r["Outcome quote"]]
    assert shown
    # before: four unrelated measures all showed Weifang's 3 天 → 最短2 小时, four more Jinan's 2 天 → 4 小时
    for pair in set(shown):
        assert shown.count(pair) <= 2, f"{pair} is the evidence of {shown.count(pair)} measures"
    joint = next(r for r in rows if r["Measure"] == "联席会议机制")
    assert "2 小时" not in str(joint["Outcome stated with it"])
    html = _text(files, "place/weihai.html")
    assert "最佳成效" not in html and "与措施写在一起的成效" in html


def test_weihai_sees_that_it_already_has_a_related_cross_border_ecommerce_practice(files):
    """What could Weihai adopt next? 跨境电商 is on the list, but the row says Weihai's own case
    already runs the e-commerce returns channel; a gap with nothing related says nothing; and the
    measure page lists its related measures."""
    rows = {r["Measure"]: r for r in _table(files, "city-weihai-gaps")["rows"]}
    here = rows["跨境电商"]["Related practice the city already has"]
    assert "跨境电商退货" in str(here)
    assert not rows["联席会议机制"]["Related practice the city already has"]
    page = _text(files, "measure/cross-border-ecommerce.html")
    related = page[page.index("相关措施"):page.index("</dd>", page.index("相关措施"))]
    assert "cross-border-ecommerce-returns.html" in related


def test_english_names_a_case_of_several_sources_in_english(files):
    html = _text(files, "place/weihai.html")
    assert "Shandong 2024 Case 13" in html and "山东省2024 Case" not in html


def test_graph_outcome_nodes_write_figures_as_the_pages_do(files):
    """The graph of case 05 writes its 300 hours as a cut, like the case page, never 超+90%."""
    import re

    html = _text(files, "graphs/case/sd-2024-05.html")
    assert "在港时间 缩短 300 余小时" in html
    for page in ("graphs/case/sd-2024-05.html", "graphs/place/weihai.html", "graphs/case/sd-2024-16.html"):
        assert not re.search(r"[超近约][+−]\d", _text(files, page)), page


def test_a_case_page_counts_measures_and_their_mentions_alike(files):
    rows = _table(files, "case-sd-2024-08-measures")["rows"]
    distinct = len({r["Measure"] for r in rows})
    assert distinct < len(rows)  # 跨境电商 and 需求清单 are each mentioned twice
    html = _seen(files, "case/sd-2024-08.html")
    assert f"{distinct} 项措施（{len(rows)} 处提及）" in html and f"{distinct} measures ({len(rows)} mentions)" in html
    assert f"措施（{distinct} 项）" not in html


def test_agency_type_is_not_a_repeated_word_and_english_lists_use_commas(files):
    html = _text(files, "case/sd-2024-08.html")
    agencies = html[html.index("Implemented by"):html.index("</dd>", html.index("Implemented by"))]
    assert "龙口海关" in agencies and 'class="muted"' not in agencies  # not 龙口海关 海关
    assert "（口岸管理部门）" in _text(files, "case/sd-2024-02.html")  # a type the name does not say stays
    gaps = _text(files, "place/weihai.html")
    assert '<span class="sep"><span class="zh">、</span><span class="en">, </span></span>' in gaps
    assert "<span class=sep>、</span>" not in gaps

# ---------------------------------------------------------------- site review items 4, 5, 8, 9 (siteB)

def test_every_home_grid_cell_lists_each_case_it_counts_with_a_quote(files):
    """A cell saying "2" leads to both cases (review item 4), with their quotes, on any device."""
    html = _text(files, "index.html")
    cells = re.findall(r'<td class="hit"><a href="([^"]+)" data-pop="([^"]+)"[^>]*>(\d+)</a></td>', html)
    assert len(cells) > 50
    for href, pop, n in cells:
        dialog = re.search(rf'<dialog class="cell-pop" id="{pop}".*?</dialog>', html, re.S)
        assert dialog, f"cell {pop} opens nothing"
        items = dialog.group(0).split('<li>')[1:]
        assert len(items) == int(n), f"{pop} counts {n} cases but lists {len(items)}"
        for it in items:
            assert re.search(r'<blockquote class="ref sentence"><a href="source/[^"#]+\.html#q-\d+-\d+">[^<]*<mark>[^<]+</mark>', it)
        # without script, the cell is a link to the measure page's cases table filtered to the city
        page, _, state = href.partition("#")
        assert page.startswith("measure/") and state.startswith("measure-")
        table = state.split(".q=")[0]
        assert f'id="t-{table}"' in _text(files, page), f"{page} has no table {table}"


def test_a_quote_is_shown_inside_its_whole_sentence_and_stays_exact(built):
    from portkg.site.source import sentence_around

    doc = next(iter(built.sources.values()))
    text = doc.text
    i = text.index("。", 200) + 1  # a sentence start
    j = text.index("。", i)
    start, end = i + 2, i + 6
    before, exact, after = sentence_around(text, start, end, limit=10_000)
    assert exact == text[start:end]
    assert before == re.sub(r"\s*\|\s*|\s+", " ", text[i:start]).strip()
    assert after.endswith("。") and len(after) >= min(1, j - end)


def test_source_pages_name_the_case_the_reader_is_in_and_can_hide_labels(files, built):
    for doc in built.sources.values():
        page = _text(files, f"source/{doc.id}.html")
        assert 'id="reading-bar"' in page and 'id="toggle-cites"' in page and "隐藏标注" in page
        marks = re.findall(r'<span class="case-mark" data-start="\d+" data-where-zh="([^"]+)"', page)
        assert marks and all(re.match(r"(山东|江苏) \d+ · ", m) for m in marks), marks[:3]


def test_the_map_has_one_legend_for_every_province_and_no_developer_note(files):
    html = _text(files, "map.html")
    legends = re.findall(r'<g class="legend".*?</g>', html, re.S)
    assert len(legends) >= 2
    strip = [re.sub(r'transform="[^"]*"', "", g) for g in legends]
    assert len(set(strip)) == 1, "each province's map has its own circle scale"
    assert "PyPI" not in html and "cnmaps" not in html and "WGS84" not in html
    assert "示意图" in html


def test_search_results_name_each_cases_source_and_city(files):
    js = _text(files, "search-index.js")
    index = json.loads(js.split("=", 1)[1].rstrip().rstrip(";"))
    entries = index["entries"]
    cases = [e for e in entries if e[1] == "Case"]
    assert cases and all(re.match(r"(山东|江苏) \d+ · \S", e[7][0]) for e in cases), [e[7] for e in cases[:3]]
    numbers = [e[7][0].split(" · ")[0].split()[1] for e in cases]
    assert len(numbers) > len(set(numbers)), "case numbers repeat across sources: the label must say which"
    for e in entries:
        assert len(e[8]) == len(e[5])  # where each text is quoted from
        assert all(k == 0 for k in e[8][:e[6]]) and all(1 <= k <= len(index["cases"]) for k in e[8][e[6]:])


def test_cities_are_listed_as_a_chinese_index_orders_them(files, graph):
    """A reader scanning 已应用的城市 expects 德州、菏泽、济宁 … (pinyin order, the places' English labels),
    not the code-point order of the characters (临沂 before 南京 before 威海 before 德州)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS, SKOS
    pinyin = {}
    for city in graph.subjects(RDF.type, URIRef(PK + "City")):
        labels = {(l.language or ""): str(l) for p in (SKOS.prefLabel, RDFS.label) for l in graph.objects(city, p)
                  if isinstance(l, Literal)}
        if labels.get("zh") and labels.get("en"):
            pinyin[labels["zh"]] = labels["en"].casefold()
    lists = [r["Cities applying it"].split("; ") for r in _table(files, "city-weihai-gaps")["rows"]]
    long_lists = [names for names in lists if len(names) >= 4]
    assert long_lists
    for names in lists:
        assert names == sorted(names, key=lambda n: pinyin[n]), names
    assert any(names != sorted(names) for names in long_lists)  # code-point order would differ somewhere
