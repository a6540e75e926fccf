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
            assert re.search(r'<blockquote class="ref"><a href="source/[^"#]+\.html#q-\d+-\d+">', it)
        # without script, the cell is a link to the measure page's cases table filtered to the city
        page, _, state = href.partition("#")
        assert page.startswith("measure/") and state.startswith("measure-")
        table = state.split(".q=")[0]
        assert f'id="t-{table}"' in _text(files, page), f"{page} has no table {table}"


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
    entries = json.loads(js.split("=", 1)[1].rstrip().rstrip(";"))["entries"]
    cases = [e for e in entries if e[1] == "Case"]
    assert cases and all(re.match(r"(山东|江苏) \d+ · \S", e[7][0]) for e in cases), [e[7] for e in cases[:3]]
    numbers = [e[7][0].split(" · ")[0].split()[1] for e in cases]
    assert len(numbers) > len(set(numbers)), "case numbers repeat across sources: the label must say which"
    for e in entries:
        assert len(e[8]) == len(e[5])  # where each text is quoted from
