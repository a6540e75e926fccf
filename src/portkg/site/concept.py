"""Pages of the vocabularies the cases point to: TFA provisions and OECD areas, metrics, agency types,
claim scopes (and any other named concept), each with what uses it."""
from __future__ import annotations

from .case import claim_cells, claim_columns, outcome_cells
from .measure import MAPPINGS, count_cell
from .tables import Column, Table


def render(site) -> None:
    d = site.data
    done = {p for p in site.entities if d.is_a(p, "Place") or d.is_a(p, "Agency") or d.is_a(p, "Measure")
            or d.is_a(p, "MeasureCategory") or p in d.cases or d.is_a(p, "SourceDocument")}
    for x in sorted(site.entities - done):
        if d.is_a(x, "Metric"):
            render_metric(site, x)
        else:
            render_concept(site, x)


def _definition(d, x):
    defs = d.definition.get(x, {})
    if not defs:
        return None
    return {"zh": "定义", "en": "Definition", "values": [{"zh": defs.get("zh") or defs.get("en") or defs.get(""),
                                                       "en": defs.get("en") or defs.get("zh") or defs.get("")}]}


def render_concept(site, x: str) -> None:
    d = site.data
    slug = x.split("portkg/", 1)[-1].replace("/", "-")
    rows = [r for r in [_definition(d, x)] if r]
    if x in d.notation:
        rows.append({"zh": "编号", "en": "Notation", "values": [{"zh": d.notation[x], "en": d.notation[x]}]})
    broader = [b for b in d.out[x].get("broader", []) if b in site.entities]
    if broader:
        rows.append({"zh": "上位", "en": "Broader", "values": [site.ent(b) for b in broader]})
    narrower = sorted((n for n in d.inn[x].get("broader", []) if n in site.entities), key=_notation_key(d))
    if narrower:
        rows.append({"zh": "下位", "en": "Narrower", "values": [site.ent(n) for n in narrower]})
    sections = []
    # measures mapped to it (TFA provisions, OECD areas), with the cases applying them
    mapped = [(m, p) for p in MAPPINGS for m in d.inn[x].get(p, []) if d.is_a(m, "Measure")]
    for n in narrower:
        mapped += [(m, p) for p in MAPPINGS for m in d.inn[n].get(p, []) if d.is_a(m, "Measure")]
    if mapped:
        cols = [Column("measure", "措施", "Measure", "link"), Column("mapping", "对应方式", "Mapping", facet=True),
                Column("cases", "案例数", "Cases", "num"), Column("cities", "城市", "Cities", "links", facet=True)]
        trows = [{"measure": site.ent(m), "mapping": {"zh": MAPPINGS[p][0], "en": MAPPINGS[p][1]},
                  "cases": count_cell(len(d.measure_cases.get(m, [])), "个案例", ("case", "cases")),
                  "cities": [site.ent(c) for c in d.measure_cities.get(m, [])]}
                 for m, p in sorted(set(mapped), key=lambda mp: d.sort_key(mp[0]))]
        sections.append({"id": "measures", "zh": f"对应的措施（{len(trows)} 项）", "en": f"Measures mapped here ({len(trows)})",
                         "table": Table(f"{slug}-measures", "对应的措施", "Measures mapped here", cols, trows,
                                        queries=["links"], order=[[2, "desc"]])})
        cases = sorted({c for m, _ in mapped for c in d.measure_cases.get(m, [])},
                       key=lambda c: (d.cases[c].source, d.cases[c].number))
        if cases:
            sections.append({"id": "cases", "zh": "应用这些措施的案例", "en": "Cases applying these measures",
                             "items": [site.ent(c) for c in cases]})
    agencies = [a for a in d.inn[x].get("classification", [])]
    if agencies:
        cols = [Column("agency", "单位", "Agency", "link"), Column("where", "所在地", "Located in", "link", facet=True),
                Column("cases", "案例数", "Cases", "num")]
        trows = []
        for a in sorted(agencies, key=d.sort_key):
            loc = [p for p in d.out[a].get("locatedIn", []) if p in site.entities]
            n = sum(1 for c in d.case_list if a in {s.target for s in c.of("agency")})
            trows.append({"agency": site.ent(a), "where": site.ent(loc[0]) if loc else None,
                          "cases": count_cell(n, "个案例", ("case", "cases"))})
        sections.append({"id": "agencies", "zh": f"该类单位（{len(trows)} 个）", "en": f"Agencies of this type ({len(trows)})",
                         "table": Table(f"{slug}-agencies", "该类单位", "Agencies of this type", cols, trows,
                                        queries=["links"])})
    claims = [s for c in d.case_list for s in c.of("claim") if s.target == x]
    if claims:
        sections.append({"id": "claims", "zh": f"首创声明（{len(claims)} 项）", "en": f"Innovation claims ({len(claims)})",
                         "table": Table(f"{slug}-claims", "首创声明", "Innovation claims", claim_columns(with_case=True),
                                        [claim_cells(site, s) for s in claims], queries=["statements"], cards=True)})
    site.entity_page(x, rows, sections)


def _notation_key(d):
    def key(x):
        n = d.notation.get(x, "")
        return ([int(p) if p.isdigit() else p for p in n.replace("-", ".").split(".")], x) if n else ([], x)
    return key


def render_metric(site, x: str) -> None:
    d = site.data
    slug = x.rsplit("/", 1)[-1]
    rows = [r for r in [_definition(d, x)] if r]
    broader = d.out[x].get("broader", [])
    if broader:
        rows.append({"zh": "指标类别", "en": "Metric group", "values": [site.ent(b) for b in broader]})
    better = d.out[x].get("betterWhen", [])
    if better:
        word = {"Decrease": ("越低越好", "lower is better"), "Increase": ("越高越好", "higher is better")}
        zh, en = word.get(better[0].rsplit("#", 1)[-1], (d.zh(better[0]), d.en(better[0])))
        rows.append({"zh": "方向", "en": "Direction", "values": [{"zh": zh, "en": en}]})
    narrower = sorted(d.inn[x].get("broader", []), key=d.sort_key)
    if narrower:
        rows.append({"zh": "具体指标", "en": "Narrower metrics", "values": [site.ent(n) for n in narrower]})
    metrics = {x, *narrower}
    outcomes = [o for c in d.case_list for o in c.outcomes if o.metric in metrics]
    sections = []
    if outcomes:
        cols = [Column("metric", "指标", "Metric", "link", facet=True), Column("figure", "成效", "Outcome", "figure"),
                Column("case", "案例", "Case", "link"), Column("city", "城市", "City", "links", facet=True),
                Column("quote", "原文", "Quote", "quote")]
        trows = [{**outcome_cells(site, o), "case": site.case_short(o.case),
                  "city": [site.ent(c) for c in d.case_cities[o.case]]} for o in outcomes]
        sections.append({"id": "outcomes", "zh": f"报告的成效（{len(trows)} 项）", "en": f"Outcomes reported ({len(trows)})",
                         "table": Table(f"metric-{slug}-outcomes", "报告的成效", "Outcomes reported", cols, trows,
                                        queries=["outcomes"], order=[[1, "desc"]], cards=True)})
    site.entity_page(x, rows, sections)
