"""`portkg patterns`: spread, co-occurrence, similarity, communities and centrality, stable run to run."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from portkg.patterns import _hypergeom_sf, analyse


@pytest.fixture(scope="module")
def patterns(memory_store, built_nt):
    return analyse(memory_store), built_nt


def rows(p, name):
    t = p.tables[name]
    return [dict(zip(t.headers, r)) for r in t.rows]


def test_spread_counts_cities_cases_and_agencies(patterns):
    p, _ = patterns
    dl = next(r for r in rows(p, "measure_spread") if r["id"] == "direct-loading-pickup")
    assert (dl["n_cities"], dl["n_cases"]) == (5, 6)
    assert dl["cases"] == "js-2024-01; sd-2024-05; sd-2024-08; sd-2024-09; sd-2024-10; sd-2024-13"
    assert any(r["level"] == "category" and r["id"] == "digital-platforms" for r in rows(p, "measure_spread"))


def test_cooccurrence_reports_lift_and_a_hypergeometric_p_value(patterns):
    p, _ = patterns
    pairs = rows(p, "cooccurrence")
    # the strongest measure pair (the named aeo/rcep-utilisation pair of earlier data fell to 2 cases when
    # the third pass removed aeo applications that only used an existing status, docs/curation.md 6.21)
    pair = min((r for r in pairs if r["level"] == "measure"), key=lambda r: r["p_value"])
    assert pair["cases_together"] >= 3 and pair["lift"] > 1 and pair["p_value"] < 0.01
    assert pair["lift"] == pytest.approx(pair["cases_together"] / pair["expected"], rel=0.01)
    assert all(r["cases_together"] >= 2 and r["lift"] > 1 for r in pairs)


def test_provinces_are_compared(patterns):
    p, _ = patterns
    summary = {r["province"]: r for r in rows(p, "province_summary")}
    assert set(summary) == {"山东省", "江苏省"}
    assert (summary["山东省"]["n_cases"], summary["江苏省"]["n_cases"]) == (20, 3)
    by = {r["measure"]: r for r in rows(p, "provinces")}
    assert by["direct-loading-pickup"]["n_provinces"] == 2
    assert "江苏省: 1 case (连云港)" in by["direct-loading-pickup"]["by_province"]
    assert by["one-ticket-multi-vehicle"]["not_in"] == "江苏省"
    assert rows(p, "provinces")[0]["n_provinces"] == 2   # measures shared by both provinces first


def test_hypergeometric_tail_is_a_probability():
    assert _hypergeom_sf(0, 20, 5, 4) == pytest.approx(1.0)
    # 4 of 4 in a set of 5 out of 20: C(5,4)/C(20,4)
    assert _hypergeom_sf(4, 20, 5, 4) == pytest.approx(5 / 4845)


def test_each_case_has_its_most_similar_case(patterns):
    p, _ = patterns
    sim = {r["case"]: r for r in rows(p, "case_similarity")}
    assert len(sim) == 23
    assert sim["sd-2024-15"]["most_similar_case"] == "sd-2024-19" and "运费扣减" in sim["sd-2024-15"]["shared"]   # both deduct freight


def test_communities_cover_every_case_once(patterns):
    p, _ = patterns
    members = [c for r in rows(p, "communities") for c in r["cases"].split("; ")]
    assert sorted(members) == [f"js-2024-{i:02d}" for i in range(1, 4)] + [f"sd-2024-{i:02d}" for i in range(1, 21)]


def test_centrality_of_measures_and_agency_types(patterns):
    p, _ = patterns
    cent = rows(p, "centrality")
    assert {r["label"] for r in cent if r["kind"] == "agency type"} >= {"海关", "出入境边防检查", "海事", "税务"}
    assert all(0 <= r["betweenness"] <= 1 for r in cent)


def test_output_is_identical_across_processes(patterns, tmp_path):
    _, nt = patterns
    outs = []
    for seed in (1, 999):
        out = tmp_path / str(seed)
        env = dict(os.environ, PYTHONHASHSEED=str(seed))
        res = subprocess.run([sys.executable, "-m", "portkg.cli", "patterns", "--graph", str(nt), "--out", str(out)],
                             capture_output=True, text=True, env=env)
        assert res.returncode == 0, res.stderr
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert {"summary.md", "communities.csv", "communities.json", "cooccurrence.csv"} <= set(outs[0])
    assert outs[0]["measure_spread.csv"].startswith("\ufeff".encode("utf-8"))
    assert json.loads(outs[0]["communities.json"])
