"""Build-time summaries (src/portkg/summaries.py): declared as derived, consistent with the graph, and
the queries that read them give the rows the aggregating queries gave (kept in
tests/fixtures/queries-aggregating/ for this comparison)."""
from __future__ import annotations

from pathlib import Path

import pytest

from portkg import summaries
from portkg.query import find_query, run
from portkg.store import OxigraphStore

PK = "https://w3id.org/portkg/ontology#"
OLD = Path(__file__).parent / "fixtures" / "queries-aggregating"

RUNS = [("agencies", {}), ("agency-type-by-category", {}), ("cities-by-measures", {}), ("cross-city-measures", {}),
        ("replication-gaps", {"city": "威海"}), ("replication-gaps", {"city": "济南"}),
        ("replication-gaps", {"city": "连云港"}), ("replication-gaps", {"city": "青岛"}), ("tfa-coverage", {})]


def test_the_aggregating_queries_are_kept_for_every_rewritten_one(project):
    assert sorted(p.stem for p in OLD.glob("*.rq")) == sorted({name for name, _ in RUNS})
    for p in OLD.glob("*.rq"):
        assert "pk:nCases" not in p.read_text(encoding="utf-8")
        assert "summaries.py" in (project.queries / p.name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name, params", RUNS)
def test_summary_queries_give_the_rows_of_the_aggregating_ones(project, memory_store, name, params):
    new = run(memory_store, find_query(project.queries, name), params)
    old = run(memory_store, find_query(OLD, name), params)
    assert new.rows, name
    assert new.headers == old.headers
    assert new.rows == old.rows  # the same rows in the same order


def _graph_without_summaries(built_nt: Path) -> tuple[list[bytes], list[bytes]]:
    written = tuple(f"<{PK}{p}>".encode() for p in summaries.WRITTEN)
    kept, derived = [], []
    for line in built_nt.read_bytes().splitlines(keepends=True):
        p = line.split(b" ", 2)[1]
        (derived if p in written or b"/summary/" in line.split(b" ", 1)[0] else kept).append(line)
    return kept, derived


def test_the_build_writes_exactly_the_summaries_of_its_graph(built_nt):
    kept, derived = _graph_without_summaries(built_nt)
    assert len(derived) > 1000
    c = summaries.Collector()
    c.feed_many(kept)
    assert c.lines() == sorted(derived)
    assert summaries.add_summaries(b"".join(kept)) == built_nt.read_bytes()


def test_summaries_agree_with_the_graph_they_summarise(memory_store):
    q = memory_store.query
    # a measure's cities: the named cities of the cases that apply it
    rows = q(f"""SELECT ?m ?n (COUNT(DISTINCT ?x) AS ?direct) WHERE {{
        ?m <{PK}summaryLevel> "measure" ; <{PK}nCities> ?n .
        ?c <{PK}appliesMeasure> ?m ; <{PK}locatedIn> ?x . ?x a <{PK}City> }} GROUP BY ?m ?n""").rows
    assert len(rows) > 50 and all(n == direct for _, n, direct in rows)
    # a case's counts
    rows = q(f"""SELECT ?c ?n (COUNT(DISTINCT ?o) AS ?direct) WHERE {{ ?c a <{PK}Case> ; <{PK}nOutcomes> ?n .
        OPTIONAL {{ ?c <{PK}reportsOutcome> ?o }} }} GROUP BY ?c ?n""").rows
    assert len(rows) >= 20 and all(n == direct for _, n, direct in rows)
    # every city a case is in is its pk:caseCity
    assert q(f"""ASK {{ ?c a <{PK}Case> ; <{PK}locatedIn> ?x . ?x a <{PK}City>
        FILTER NOT EXISTS {{ ?c <{PK}caseCity> ?x }} }}""").boolean is False


def test_every_summary_property_is_declared_as_derived(project):
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import RDFS

    g = Graph().parse(project.root / "ontology" / "portkg.ttl")
    pk = Namespace(PK)
    for name in summaries.WRITTEN + ("AgencyTypeCategorySummary",):
        comments = [str(c) for c in g.objects(URIRef(pk[name]), RDFS.comment)]
        assert any("derived" in c.lower() and "summaries.py" in c for c in comments), name


def test_a_case_file_change_changes_the_summaries(scratch):
    """Summaries follow the data: drop one case's measures and its measure count falls to 0."""
    from portkg.build import Project, build_graph

    before = build_graph(Project(scratch))
    case = scratch / "data" / "cases" / "sd-2024-01.yaml"
    text = case.read_text(encoding="utf-8")
    i, j = text.index("\nmeasures:"), text.index("\noutcomes:")
    case.write_text(text[:i] + "\nmeasures: []" + text[j:], encoding="utf-8")
    after = build_graph(Project(scratch))
    store = OxigraphStore()
    node = "<https://w3id.org/portkg/case/sd-2024-01>"
    for res, want_zero in ((before, False), (after, True)):
        store.store.clear()
        store.load_ntriples_bytes(res.ntriples)
        n = store.query(f"SELECT ?n WHERE {{ {node} <{PK}nMeasures> ?n }}").rows[0][0]
        assert (n == 0) is want_zero


# ---------------------------------------------------------------- rewritten for speed, same rows

REF = Path(__file__).parent / "fixtures" / "queries-reference"
SEARCHES = ["单一窗口", "AEO", "aeo", "港", "济南", "通关时间", "船边直提", "%", "a", "没有这样的词语"]


def _all_cases(store):
    rows = store.query(f"SELECT ?c WHERE {{ ?c a <{PK}Case> }}").rows
    return sorted(r[0].rsplit("/", 1)[-1] for r in rows)


def test_the_reference_queries_are_the_forms_before_their_speed_rewrite(project):
    """tests/fixtures/queries-reference holds the straightforward forms the faster ones must equal."""
    assert sorted(p.stem for p in REF.glob("*.rq")) == ["before-after", "case-card", "outcomes", "search"]
    for p in REF.glob("*.rq"):
        assert p.read_text(encoding="utf-8") != (project.queries / p.name).read_text(encoding="utf-8")


def test_case_card_gives_the_rows_of_its_reference_form_for_every_case(project, memory_store):
    new, old = find_query(project.queries, "case-card"), find_query(REF, "case-card")
    cases = _all_cases(memory_store)
    assert len(cases) >= 20
    for case in cases:
        a, b = run(memory_store, new, {"case": case}), run(memory_store, old, {"case": case})
        assert a.rows and a.headers == b.headers, case
        # the same rows; the order is the ORDER BY's (part, start, item, detail), which leaves ties
        # (two figures of one quote) in the engine's order
        assert sorted(map(repr, a.rows)) == sorted(map(repr, b.rows)), case
        key = [a.headers.index(h) for h in ("part", "start", "item", "detail")]
        keys = [tuple(r[i] if i == key[1] else "" if r[i] is None else str(r[i]) for i in key) for r in a.rows]
        assert keys == sorted(keys), case


@pytest.mark.parametrize("text", SEARCHES)
def test_search_gives_the_rows_of_its_reference_form(project, memory_store, text):
    a = run(memory_store, find_query(project.queries, "search"), {"q": text})
    b = run(memory_store, find_query(REF, "search"), {"q": text})
    assert a.headers == b.headers and a.rows == b.rows
    assert bool(a.rows) is (text != "没有这样的词语")


def test_search_text_is_set_in_every_part_of_the_query(project, memory_store):
    """search repeats `VALUES ?q` in each branch: binding must set every copy, not only the first."""
    from portkg.query import bind

    q = find_query(project.queries, "search")
    assert q.text.count('VALUES ?q { "单一窗口" }') == 3
    text = bind(q, {"q": "AEO"}, memory_store)
    assert "单一窗口" not in text.split("WHERE", 1)[1] and text.count('VALUES ?q { "AEO" }') == 3


OUTCOME_RUNS = [{}, {"role": "any"}, {"role": "context"}, {"metric": "time"}, {"metric": "clearance-time"},
                {"metric": "time", "kind": "before-after"}, {"kind": "level"}, {"source": "js-2024"},
                {"source": "sd-2024", "role": "any"}]


@pytest.mark.parametrize("params", OUTCOME_RUNS)
def test_outcomes_gives_the_rows_of_its_reference_form(project, memory_store, params):
    """The whole listing (limit=all) is the reference form's, row for row; at 1x the default page is all of it."""
    q = find_query(project.queries, "outcomes")
    a = run(memory_store, q, {**params, "limit": "all"})
    b = run(memory_store, find_query(REF, "outcomes"), params)
    assert a.rows and a.headers == b.headers and a.rows == b.rows
    assert run(memory_store, q, params).rows == a.rows  # fewer than 1000 outcomes at 1x


@pytest.mark.parametrize("params", [{}, {"role": "any"}, {"metric": "time"}, {"source": "sd-2024", "role": "any"}])
def test_outcome_pages_put_together_are_the_whole_listing(project, memory_store, params):
    """A page is taken by pk:listingRank before the labels: its order must be the ORDER BY's."""
    q = find_query(project.queries, "outcomes")
    whole = run(memory_store, q, {**params, "limit": "all"}).rows
    pages, offset = [], 0
    while offset <= len(whole):
        page = run(memory_store, q, {**params, "limit": "7", "offset": str(offset)}).rows
        assert len(page) >= min(7, len(whole) - len(pages))  # a page holds 7 outcomes (a row per city each)
        pages += page
        offset += 7
    assert len(whole) > 7 and pages == whole


def test_listing_ranks_number_every_reported_outcome_once(memory_store):
    rows = memory_store.query(f"""SELECT ?o ?rank WHERE {{ ?c <{PK}reportsOutcome> ?o .
        OPTIONAL {{ ?o <{PK}listingRank> ?rank }} }}""").rows
    assert len(rows) > 300 and sorted(r[1] for r in rows) == list(range(1, len(rows) + 1))


@pytest.mark.parametrize("params", [{}, {"source": "sd-2024"}, {"source": "js-2024"}])
def test_before_after_gives_the_rows_of_its_reference_form(project, memory_store, params):
    a = run(memory_store, find_query(project.queries, "before-after"), params)
    b = run(memory_store, find_query(REF, "before-after"), params)
    assert a.rows and a.headers == b.headers and a.rows == b.rows


def test_resummarise_rebuilds_the_summary_lines_of_a_built_graph(built_nt, tmp_path):
    """benchmarks/resummarise.py (for corpora synthesised before a summaries change) gives what the build gives."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("resummarise", Path(__file__).parents[1] / "benchmarks" / "resummarise.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    kept, derived = _graph_without_summaries(built_nt)
    stale = tmp_path / "portkg.nt"
    # a graph with stale summaries: one summary line dropped, one with a wrong count
    wrong = [line.replace(b'"1"^^', b'"999"^^') for line in derived[1:]]
    stale.write_bytes(b"".join(sorted(kept + wrong)))
    mod.main(stale)
    assert stale.read_bytes() == built_nt.read_bytes()


# ---------------------------------------------------------------- "what could my city adopt next, and with what evidence?"

@pytest.fixture(scope="module")
def site(memory_store, built):
    """The site's data and evidence rule over the built graph (no pages rendered)."""
    from portkg.build import BASE
    from portkg.site.data import SiteData
    from portkg.site.render import Pages, Site

    s = Site(SiteData.load(memory_store), Pages())
    s.texts = {f"{BASE}source/{doc.id}": doc.text for doc in built.sources.values()}
    return s


def test_the_clis_best_quote_for_rizhao_is_the_outcome_the_site_shows_for_the_measure(project, memory_store, site):
    """For every gap of 日照, `portkg query replication-gaps` gives the outcome the city page's
    可借鉴的措施 table (city-rizhao-gaps) shows for the same measure: same quote and case, or both none."""
    from portkg.site.city import effect_size, gap_table, measure_outcome, replication_gaps

    rizhao = "https://w3id.org/portkg/place/rizhao"
    table = gap_table(site, rizhao)
    assert table.name == "city-rizhao-gaps"
    shown = dict(zip(replication_gaps(site.data, rizhao), table.rows))  # the table's rows, by measure
    res = run(memory_store, find_query(project.queries, "replication-gaps"), {"city": "日照"})
    rows = [dict(zip(res.headers, r)) for r in res.rows]
    assert len(rows) >= 10
    compared = 0
    for row in rows:
        r = shown.get(row["measure"])
        if r is None:  # the site lists a measure applied in two or more cases only (one joint case is no copying)
            continue
        compared += 1
        quote = r["quote"]["text"] if r.get("quote") else None
        case = r["best_case"]["iri"].rsplit("/case/", 1)[1] if r.get("best_case") else None
        assert (row["best_quote"], row["best_case"]) == (quote, case), row["measure"]
        hit = measure_outcome(site, row["measure"])  # what the row was made from: its size as the site ranks it
        size = effect_size(hit[1]) if hit else None
        assert (row["best_change"] is None) is (size is None), row["measure"]
        if size is not None:
            assert abs(float(row["best_change"]) - size) < 1e-9, row["measure"]
    assert compared >= 10 and compared >= len(rows) - 5
    assert any(row["best_quote"] for row in rows) and any(not row["best_quote"] for row in rows)


def test_policy_outreach_no_longer_borrows_a_figure_the_text_does_not_tie_to_it(project, memory_store):
    """政策宣讲 (policy outreach): 查检时效提升90%以上 is case sd-2024-09's headline, not stated with the outreach."""
    res = run(memory_store, find_query(project.queries, "replication-gaps"), {"city": "日照"})
    row = next(dict(zip(res.headers, r)) for r in res.rows if str(r[0]).endswith("/policy-outreach"))
    assert row["best_quote"] != "查检时效提升90%以上"
    tied = memory_store.query(f"""ASK {{ ?o <{PK}statedWith> <https://w3id.org/portkg/measure/policy-outreach> ;
        <{PK}evidence>/<http://www.w3.org/ns/oa#exact> "查检时效提升90%以上" }}""").boolean
    assert tied is False
    if row["best_quote"]:  # what it shows instead is an outcome stated with the outreach
        assert memory_store.query(f"""ASK {{ ?o <{PK}statedWith> <https://w3id.org/portkg/measure/policy-outreach> ;
            <{PK}evidence>/<http://www.w3.org/ns/oa#exact> "{row['best_quote']}" }}""").boolean


def test_stated_with_ties_an_outcome_only_to_a_measure_its_case_applies(memory_store):
    q = memory_store.query
    n = q(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?o <{PK}statedWith> ?m }}").rows[0][0]
    assert n > 100
    assert q(f"""ASK {{ ?o <{PK}statedWith> ?m .
        FILTER NOT EXISTS {{ ?c <{PK}reportsOutcome> ?o ; <{PK}appliesMeasure> ?m }} }}""").boolean is False
    # one nearness level per tied outcome, none without a tie
    rows = q(f"""SELECT ?o (COUNT(DISTINCT ?l) AS ?n) WHERE {{ ?o <{PK}statedWith> ?m .
        OPTIONAL {{ ?o <{PK}statedWithNearness> ?l }} }} GROUP BY ?o""").rows
    assert rows and all(r[1] == 1 for r in rows)
    assert q(f"""ASK {{ ?o <{PK}statedWithNearness> ?l FILTER NOT EXISTS {{ ?o <{PK}statedWith> ?m }} }}""").boolean is False


def test_the_graphs_ties_are_the_sites(memory_store, site):
    """pk:statedWith and its level, as the build wrote them, are what the site's rule finds for every case."""
    from portkg.evidence import NEARNESS_IRI
    from portkg.site.measure import case_evidence

    graph = {}
    for o, m, level in memory_store.query(f"""SELECT ?o ?m ?l WHERE {{ ?o <{PK}statedWith> ?m ;
            <{PK}statedWithNearness> ?l }}""").rows:
        graph.setdefault(str(o), {})[str(m)] = str(level).rsplit("/", 1)[1]
    mine = {}
    for c in site.data.cases.values():
        for o, ties in case_evidence(site, c).items():
            mine[o] = {m: NEARNESS_IRI[n] for m, (n, _) in ties.items()}
    assert mine == graph
