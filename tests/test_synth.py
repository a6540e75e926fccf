"""portkg synth makes a corpus shaped like a real multi-source collection: distinct sources with their
own case numbers, cases spread over many cities, a long tail of measures, every quote in its text."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import run_portkg
from portkg.query import find_query, run
from portkg.store import OxigraphStore
from portkg.synth_cities import CITIES, PROVINCES

PK = "https://w3id.org/portkg/ontology#"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture(scope="module")
def synth3(portkg_module, project, tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "s3"
    res = portkg_module("synth", "--scale", "3", "-o", str(out), "--project-tree", "--project", str(project.root))
    assert res.returncode == 0, res.stderr
    store = OxigraphStore()
    store.load_ntriples(out / "portkg.nt")
    return out, store


@pytest.fixture(scope="module")
def portkg_module():
    return run_portkg


def test_the_gazetteer_is_real_sized_and_has_the_real_cities(project):
    import yaml

    assert len(PROVINCES) == 27 and len(CITIES) >= 300
    real = yaml.safe_load((project.root / "data" / "places.yaml").read_text(encoding="utf-8"))["places"]
    for ident, p in real.items():
        if p["type"] == "city":
            assert CITIES[ident]["zh"] == p["zh"] and CITIES[ident]["province"] == p["located_in"], ident


def test_sources_are_distinct_documents_with_their_own_case_numbers(synth3, project):
    out, store = synth3
    rows = store.query(f"SELECT ?s ?id WHERE {{ ?c a <{PK}Case> ; <{PK}inSource> ?s ; "
                       "<http://purl.org/dc/terms/identifier> ?id }").rows
    by_source: dict[str, list[str]] = {}
    for s, n in rows:
        by_source.setdefault(s.rsplit("/", 1)[1], []).append(n)
    assert sum(len(v) for v in by_source.values()) == 3 * len(project.cases)
    assert len(by_source) >= 3
    assert not set(by_source) & {"sd-2024", "js-2024"}  # a synthetic source never takes a real one's id
    for sid, numbers in by_source.items():
        assert re.fullmatch(r"[a-z]{2}-20\d\d[a-z]*", sid), sid
        assert sorted(numbers) == [f"{i:02d}" for i in range(1, len(numbers) + 1)], sid
    years = store.query(f"SELECT DISTINCT ?y WHERE {{ ?s a <{PK}SourceDocument> ; <{PK}year> ?y }}").rows
    assert len(years) >= 2


def test_case_card_of_one_case_is_one_card(synth3, project):
    _, store = synth3
    sid, num = store.query(f"SELECT ?s ?id WHERE {{ ?c a <{PK}Case> ; <{PK}inSource> ?s ; "
                           "<http://purl.org/dc/terms/identifier> ?id } ORDER BY ?s ?id LIMIT 1").rows[0]
    res = run(store, find_query(project.queries, "case-card"), {"case": f"{sid.rsplit('/', 1)[1]}-{num}"})
    assert [r[0] for r in res.rows].count("0 case") == 1


def test_every_quote_is_its_synthetic_text_at_its_offsets(synth3):
    out, store = synth3
    texts = {}
    for meta in (out / "project" / "data" / "source").glob("*.yaml"):
        texts[meta.stem] = (meta.with_suffix(".txt")).read_text(encoding="utf-8")
    rows = store.query(f"SELECT ?src ?exact ?start ?end WHERE {{ ?ev <{OA}exact> ?exact ; <{OA}start> ?start ; "
                       f"<{OA}end> ?end ; <http://www.w3.org/ns/prov#wasQuotedFrom> ?src }}").rows
    assert len(rows) > 1000
    for src, exact, start, end in rows:
        assert texts[src.rsplit("/", 1)[1]][start:end] == exact


def test_cases_are_spread_over_many_cities_of_their_sources_province(synth3):
    _, store = synth3
    rows = store.query(f"""SELECT ?c ?city ?prov ?sprov WHERE {{ ?c a <{PK}Case> ; <{PK}locatedIn> ?city ;
        <{PK}inSource>/<http://purl.org/dc/terms/spatial> ?sprov . ?city a <{PK}City> ; <{PK}locatedIn> ?prov .
        ?prov a <{PK}Province> }}""").rows
    cities = {r[1] for r in rows}
    assert len(cities) > 16  # the real corpus has 16
    home = Counter(r[2] == r[3] for r in rows)
    assert home[True] > 0.9 * sum(home.values())


def test_measures_have_a_long_tail_and_replication_gaps_exist(synth3, project):
    _, store = synth3
    uses = Counter(r[0] for r in store.query(
        f"SELECT ?m (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c <{PK}appliesMeasure> ?m }} GROUP BY ?m").rows)
    counts = Counter(n for _, n in store.query(
        f"SELECT ?m (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c <{PK}appliesMeasure> ?m }} GROUP BY ?m").rows)
    once = sum(v for n, v in counts.items() if n <= 2)
    assert once > 0.5 * len(uses)  # most concepts occur in one or two cases …
    assert max(counts) >= 6  # … and a few in many
    assert any("-v" in m for m in uses)  # long-tail variants, declared in the synthetic thesaurus
    city = store.query(f"SELECT ?l WHERE {{ ?c a <{PK}Case> ; <{PK}locatedIn> ?x . ?x a <{PK}City> ; "
                       "<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = 'zh') } "
                       "GROUP BY ?l ORDER BY DESC(COUNT(?c)) ?l LIMIT 1").rows[0][0]
    gaps = run(store, find_query(project.queries, "replication-gaps"), {"city": city})
    assert gaps.rows


def test_the_synthetic_project_builds_to_the_same_graph_and_validates(synth3, portkg_module):
    out, _ = synth3
    res = portkg_module("build", "--no-site", "--project", str(out / "project"), "--out", str(out / "built"))
    assert res.returncode == 0, res.stderr
    built = (out / "built" / "portkg.nt").read_bytes().splitlines()
    assert built == sorted(built) and built == sorted((out / "portkg.nt").read_bytes().splitlines())
    res = portkg_module("validate", "--project", str(out / "project"))
    assert res.returncode == 0, res.stdout + res.stderr


def test_same_seed_same_bytes_other_seed_other_corpus(portkg_module, project, tmp_path):
    outs = []
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        res = portkg_module("synth", "--scale", "1", "-o", str(tmp_path / name), "--seed", seed,
                            "--project", str(project.root))
        assert res.returncode == 0, res.stderr
        assert not (tmp_path / name / "project").exists()  # the tree is kept only with --project-tree
        outs.append((tmp_path / name / "portkg.nt").read_bytes())
    assert outs[0] == outs[1] and outs[0] != outs[2]
