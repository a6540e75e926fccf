"""Pattern analysis with networkx: how measures spread, co-occur, and group cases.

Everything is computed from the RDF graph through a store (so it runs on every backend),
with nodes and edges added in sorted order and a fixed seed, so the output is identical on
every run and in every process.

- spread: cities, cases and implementing agencies per measure and per category
- co-occurrence: pairs of measures applied in the same case, more often than chance. The
  statistic is lift = observed / expected, with expected = n_a · n_b / N under independence,
  and a one-sided hypergeometric p-value P(X ≥ observed) (Fisher's exact test).
- similarity: Jaccard index of the measure sets of two cases; the most similar case per case.
- communities: Louvain communities of the case-similarity graph (weights = Jaccard), seed 42.
- centrality: degree and betweenness of measures in the measure co-occurrence graph, and of
  agency types in the agency-type ↔ measure graph.
- provinces: per measure, the cases and cities applying it in each province (the source
  documents are provincial collections), so what one province does and another lacks shows.

Cases are named by their id (`sd-2024-05`): case numbers repeat across sources.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from math import comb
from pathlib import Path

SEED = 42

FACTS = """
PREFIX pk: <https://w3id.org/portkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?case ?city ?measure ?label ?category ?catLabel ?province WHERE {
  ?c a pk:Case ; pk:appliesMeasure ?m ; pk:locatedIn ?cn .
  BIND (STRAFTER(STR(?c), "/case/") AS ?case)
  ?cn a pk:City ; rdfs:label ?city . FILTER (lang(?city) = "zh")
  OPTIONAL { ?cn pk:locatedIn ?pn . ?pn a pk:Province ; rdfs:label ?province . FILTER (lang(?province) = "zh") }
  ?m skos:prefLabel ?label . FILTER (lang(?label) = "zh")
  ?m skos:broader ?cat . ?cat a pk:MeasureCategory ; skos:prefLabel ?catLabel . FILTER (lang(?catLabel) = "zh")
  BIND (STRAFTER(STR(?m), "/measure/") AS ?measure)
  BIND (STRAFTER(STR(?cat), "/category/") AS ?category)
}"""

AGENCIES = """
PREFIX pk: <https://w3id.org/portkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?case ?agency ?type WHERE {
  ?c a pk:Case ; pk:implementedBy ?a .
  BIND (STRAFTER(STR(?c), "/case/") AS ?case)
  ?a rdfs:label ?agency ; org:classification ?t . ?t skos:prefLabel ?type .
  FILTER (lang(?agency) = "zh" && lang(?type) = "zh")
}"""


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[list]

    def csv(self) -> str:
        from .csvsafe import csv_text

        return csv_text(self.headers, self.rows, lineterminator="\n")

    def json(self) -> str:
        return json.dumps([dict(zip(self.headers, r)) for r in self.rows], ensure_ascii=False, indent=1)


@dataclass
class Patterns:
    tables: dict[str, Table] = field(default_factory=dict)
    summary: str = ""


def _hypergeom_sf(k: int, n_total: int, n_a: int, n_b: int) -> float:
    """P(X ≥ k) for X ~ Hypergeometric(N = n_total, K = n_a, n = n_b)."""
    denom = comb(n_total, n_b)
    return sum(comb(n_a, i) * comb(n_total - n_a, n_b - i) for i in range(k, min(n_a, n_b) + 1)) / denom


def analyse(store) -> Patterns:
    import networkx as nx
    from networkx.algorithms.community import louvain_communities

    facts = store.query(FACTS).rows
    agency_rows = store.query(AGENCIES).rows
    label: dict[str, str] = {}
    case_measures: dict[str, set[str]] = defaultdict(set)
    case_cats: dict[str, set[str]] = defaultdict(set)
    case_city: dict[str, set[str]] = defaultdict(set)
    cat_of: dict[str, str] = {}
    case_province: dict[str, set[str]] = defaultdict(set)
    for case, city, m, mlabel, cat, clabel, province in facts:
        if province:
            case_province[case].add(province)
        label[m], label["category/" + cat] = mlabel, clabel
        case_measures[case].add(m)
        case_cats[case].add("category/" + cat)
        case_city[case].add(city)
        cat_of[m] = "category/" + cat
    case_agencies: dict[str, set[str]] = defaultdict(set)
    case_types: dict[str, set[str]] = defaultdict(set)
    for case, agency, atype in agency_rows:
        case_agencies[case].add(agency)
        case_types[case].add(atype)
    cases = sorted(case_measures)
    n_cases = len(cases)
    out = Patterns()

    # ---- spread, at both levels
    rows = []
    for level, per_case in (("measure", case_measures), ("category", case_cats)):
        items = sorted({x for c in cases for x in per_case[c]})
        for x in items:
            cs = [c for c in cases if x in per_case[c]]
            rows.append([level, x.replace("category/", ""), label[x],
                         len({city for c in cs for city in case_city[c]}), len(cs),
                         len({a for c in cs for a in case_agencies[c]}),
                         "; ".join(sorted({city for c in cs for city in case_city[c]})), "; ".join(cs)])
    rows.sort(key=lambda r: (r[0] != "measure", -r[3], -r[4], r[1]))
    out.tables["measure_spread"] = Table("measure_spread", ["level", "id", "label", "n_cities", "n_cases", "n_agencies",
                                                            "cities", "cases"], rows)

    # ---- provinces compared: where each measure is applied, province by province
    provinces = sorted({p for c in cases for p in case_province[c]})
    rows = []
    for x in sorted({x for c in cases for x in case_measures[c]}):
        cs = [c for c in cases if x in case_measures[c]]
        per = {p: [c for c in cs if p in case_province[c]] for p in provinces}
        rows.append([x, label[x], sum(1 for p in provinces if per[p]),
                     "; ".join(p for p in provinces if per[p]),
                     "; ".join(f"{p}: {len(per[p])} case{'s' if len(per[p]) != 1 else ''} ({'; '.join(sorted({city for c in per[p] for city in case_city[c]}))})"
                               for p in provinces if per[p]),
                     "; ".join(p for p in provinces if not per[p])])
    rows.sort(key=lambda r: (-r[2], -sum(1 for c in cases if r[0] in case_measures[c]), r[0]))
    out.tables["provinces"] = Table("provinces", ["measure", "label", "n_provinces", "provinces", "by_province",
                                                  "not_in"], rows)
    totals = []
    for p in provinces:
        cs = [c for c in cases if p in case_province[c]]
        ms = {m for c in cs for m in case_measures[c]}
        only = sorted(m for m in ms if all(p2 == p or not any(m in case_measures[c] for c in cases
                                                                if p2 in case_province[c]) for p2 in provinces))
        totals.append([p, len(cs), len({city for c in cs for city in case_city[c]}), len(ms), len(only),
                       "; ".join(label[m] for m in only)])
    out.tables["province_summary"] = Table("province_summary", ["province", "n_cases", "n_cities", "n_measures",
                                                                "n_only_here", "only_here"], totals)

    # ---- co-occurrence (pairs counted directly: faster than a weighted projection)
    rows = []
    cooc = nx.Graph()
    for level, per_case in (("measure", case_measures), ("category", case_cats)):
        count: dict[str, int] = defaultdict(int)
        pair: dict[tuple[str, str], int] = defaultdict(int)
        for c in cases:
            items = sorted(per_case[c])
            for x in items:
                count[x] += 1
            for a, b in combinations(items, 2):
                pair[(a, b)] += 1
        for (a, b), k in sorted(pair.items()):
            expected = count[a] * count[b] / n_cases
            lift = k / expected
            if level == "measure":
                cooc.add_edge(a, b, weight=k)
            if k >= 2 and lift > 1:
                p = _hypergeom_sf(k, n_cases, count[a], count[b])
                rows.append([level, a.replace("category/", ""), label[a], b.replace("category/", ""), label[b], k,
                             round(expected, 3), round(lift, 3), round(p, 5)])
    rows.sort(key=lambda r: (r[0] != "measure", r[8], -r[7], r[1], r[3]))
    out.tables["cooccurrence"] = Table("cooccurrence", ["level", "a", "a_label", "b", "b_label", "cases_together",
                                                        "expected", "lift", "p_value"], rows)

    # ---- case similarity (Jaccard over measure sets) and communities
    sim = nx.Graph()
    sim.add_nodes_from(cases)
    rows = []
    best: dict[str, tuple[float, str]] = {}
    for a, b in combinations(cases, 2):
        inter = len(case_measures[a] & case_measures[b])
        j = inter / len(case_measures[a] | case_measures[b])
        if j > 0:
            sim.add_edge(a, b, weight=j)
        for x, y in ((a, b), (b, a)):
            if x not in best or j > best[x][0]:
                best[x] = (j, y)
    for c in cases:
        if c not in best:  # a corpus of one case has no pairs to compare
            continue
        j, other = best[c]
        shared = sorted(case_measures[c] & case_measures[other])
        rows.append([c, other, round(j, 4), len(shared), "; ".join(label[m] for m in shared)])
    out.tables["case_similarity"] = Table("case_similarity", ["case", "most_similar_case", "jaccard", "shared_measures",
                                                              "shared"], rows)
    communities = louvain_communities(sim, weight="weight", seed=SEED)
    communities = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c))
    rows = []
    for i, members in enumerate(communities, 1):
        common = defaultdict(int)
        for c in members:
            for m in case_measures[c]:
                common[m] += 1
        top = sorted(common.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        rows.append([i, len(members), "; ".join(members),
                     "; ".join(sorted({city for c in members for city in case_city[c]})),
                     "; ".join(f"{label[m]}({n})" for m, n in top if n > 1)])
    out.tables["communities"] = Table("communities", ["community", "size", "cases", "cities", "shared_measures"], rows)

    # ---- centrality
    rows = []
    degree = nx.degree_centrality(cooc) if len(cooc) else {}
    betw = nx.betweenness_centrality(cooc, weight=None, seed=SEED) if len(cooc) else {}
    n_case = {m: sum(1 for c in cases if m in case_measures[c]) for m in label if not m.startswith("category/")}
    for m in sorted(cooc.nodes):
        rows.append(["measure", m, label[m], n_case[m], round(degree[m], 4), round(betw[m], 4)])
    tm = nx.Graph()
    for c in cases:
        for t in sorted(case_types[c]):
            for m in sorted(case_measures[c]):
                tm.add_edge("type:" + t, m)
    tdeg = nx.degree_centrality(tm) if len(tm) else {}
    tbet = nx.betweenness_centrality(tm, seed=SEED) if len(tm) else {}
    for node in sorted(n for n in tm.nodes if n.startswith("type:")):
        t = node[5:]
        rows.append(["agency type", t, t, sum(1 for c in cases if t in case_types[c]), round(tdeg[node], 4),
                     round(tbet[node], 4)])
    rows.sort(key=lambda r: (r[0], -r[5], -r[4], r[1]))
    out.tables["centrality"] = Table("centrality", ["kind", "id", "label", "n_cases", "degree", "betweenness"], rows)

    out.summary = _summary(out, n_cases)
    return out


def _summary(p: Patterns, n_cases: int) -> str:
    spread = [r for r in p.tables["measure_spread"].rows if r[0] == "measure"]
    multi = [r for r in spread if r[4] >= 2]
    cooc = [r for r in p.tables["cooccurrence"].rows if r[0] == "measure"]
    sim = sorted(p.tables["case_similarity"].rows, key=lambda r: -r[2])
    cent = [r for r in p.tables["centrality"].rows if r[0] == "measure"]
    types = [r for r in p.tables["centrality"].rows if r[0] == "agency type"]
    lines = [
        "# Patterns in the case collection", "",
        f"{n_cases} cases, {len(spread)} measures applied; {len(multi)} measures recur in two or more cases, "
        f"{sum(1 for r in spread if r[3] >= 2)} in two or more cities.", "",
        "## Most widespread measures", "",
        "| measure | cities | cases | agencies |", "|---|---|---|---|",
        *[f"| {r[2]} | {r[3]} | {r[4]} | {r[5]} |" for r in spread[:10]], "",
        "## Measures that go together",
        "Pairs applied in the same case more often than chance: lift = observed / expected under independence, "
        "p = one-sided hypergeometric (Fisher) test.", "",
        "| measure | measure | cases together | lift | p |", "|---|---|---|---|---|",
        *[f"| {r[2]} | {r[4]} | {r[5]} | {r[7]} | {r[8]} |" for r in cooc[:10]], "",
        "## Most similar cases (Jaccard over measure sets)", "",
        *[f"- {r[0]} ↔ {r[1]}: {r[2]} ({r[3]} shared: {r[4]})" for r in sim[:6] if r[2] > 0], "",
        "## Communities of cases (Louvain, seed 42)", "",
        *[f"- {r[0]}: cases {r[2]} ({r[3]}){' — ' + r[4] if r[4] else ''}" for r in p.tables["communities"].rows], "",
        "## Central measures (betweenness in the co-occurrence graph)", "",
        *[f"- {r[2]}: betweenness {r[5]}, degree {r[4]}, {r[3]} cases" for r in
          sorted(cent, key=lambda r: (-r[5], r[1]))[:8]], "",
        "## Agency types (agency type ↔ measure graph)", "",
        *[f"- {r[2]}: {r[3]} cases, degree {r[4]}, betweenness {r[5]}" for r in types], "",
        "## Provinces compared", "",
        "| province | cases | cities | measures | only in this province |", "|---|---|---|---|---|",
        *[f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} |" for r in p.tables["province_summary"].rows], "",
        "Measures applied in more than one province:", "",
        *[f"- {r[1]}: {r[4]}" for r in p.tables["provinces"].rows if r[2] >= 2][:10], "",
    ]
    return "\n".join(lines)


def pattern_files(p: Patterns, out: Path) -> dict[Path, bytes]:
    files = {}
    for name, t in p.tables.items():
        files[out / f"{name}.csv"] = ("\ufeff" + t.csv()).encode("utf-8")
        files[out / f"{name}.json"] = (t.json() + "\n").encode("utf-8")
    files[out / "summary.md"] = p.summary.encode("utf-8")
    return files
