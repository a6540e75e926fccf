"""Measure pages (every concept of the thesaurus) and measure-category pages."""
from __future__ import annotations

from .case import outcome_cells
from .tables import Column, Table

MAPPINGS = {"exactMatch": ("完全对应", "exact match"), "closeMatch": ("近似对应", "close match"),
            "broadMatch": ("属于更宽的条款", "broader provision"), "narrowMatch": ("更窄的条款", "narrower provision"),
            "relatedMatch": ("相关", "related")}


def count_cell(n: int, zh: str, en: tuple[str, str]) -> dict:
    return {"text": f"{n} {zh}", "text_en": f"{n} {en[0] if n == 1 else en[1]}", "order": n, "raw": n}


def render(site) -> None:
    d = site.data
    for m in d.of_type("Measure"):
        render_measure(site, m)
    for cat in d.of_type("MeasureCategory"):
        render_category(site, cat)


def wordings(d, m: str) -> list[str]:
    """Every way the measure is named: labels, the thesaurus' other wordings, the cases' own words."""
    seen, out = set(), []
    for w in [d.labels[m].get("zh", ""), d.labels[m].get("en", ""), *d.alt.get(m, []),
              *sorted({s.local for s in d.applications.get(m, [])})]:
        key = "".join(w.split())
        if w and key not in seen:
            seen.add(key)
            out.append(w)
    return out


def render_measure(site, m: str) -> None:
    d = site.data
    slug = m.rsplit("/", 1)[-1]
    rows = []
    cats = d.out[m].get("broader", [])
    if cats:
        rows.append({"zh": "类别", "en": "Category", "values": [site.ent(x) for x in cats]})
    defs = d.definition.get(m, {})
    if defs:
        zh, en = defs.get("zh") or defs.get("en") or defs.get(""), defs.get("en") or defs.get("zh") or defs.get("")
        rows.append({"zh": "定义", "en": "Definition", "values": [{"zh": zh, "en": en}]})
    words = wordings(d, m)
    if words:
        rows.append({"zh": "说法", "en": "Wordings", "values": [{"zh": w, "en": w} for w in words]})
    for p, (zh, en) in MAPPINGS.items():
        targets = d.out[m].get(p, [])
        if targets:
            rows.append({"zh": f"贸易便利化对应（{zh}）", "en": f"Trade facilitation ({en})",
                         "values": [{**site.ent(x), "extra": _notation(d, x)} for x in targets]})
    cases = d.measure_cases.get(m, [])
    cities = d.measure_cities.get(m, [])
    rows.append({"zh": "应用范围", "en": "Applied in",
                 "values": [{"zh": f"{len(cities)} 个城市、{len(cases)} 个案例",
                             "en": f"{len(cities)} {'city' if len(cities) == 1 else 'cities'}, "
                                   f"{len(cases)} {'case' if len(cases) == 1 else 'cases'}"}]})
    sections = []
    apps = [s for s in d.applications.get(m, []) if d.applied(s)]
    if apps:
        cols = [Column("city", "城市", "City", "links", facet=True), Column("case", "案例", "Case", "link"),
                Column("wording", "案例中的说法", "Wording in the case"), Column("agency", "单位", "Agency", "link"),
                Column("quote", "原文", "Quote", "quote")]
        trows = [{"city": [site.ent(x) for x in d.case_cities[s.case]], "case": site.case_short(s.case),
                  "wording": s.local, "agency": site.ent(s.agency) if s.agency else None, "quote": site.ref(s.passage)}
                 for s in apps]
        sections.append({"id": "applications", "zh": "应用该措施的案例", "en": "Cases applying it",
                         "table": Table(f"measure-{slug}-cases", "应用该措施的案例", "Cases applying the measure",
                                        cols, trows, queries=["statements"], cards=True)})
    outcomes = [o for case in cases for o in d.cases[case].outcomes]
    if outcomes:
        cols = [Column("family", "指标类别", "Metric group", "link", facet=True), Column("metric", "指标", "Metric", "link"),
                Column("figure", "成效", "Outcome", "figure"), Column("case", "案例", "Case", "link"),
                Column("quote", "原文", "Quote", "quote")]
        trows = [{**outcome_cells(site, o), "case": site.case_short(o.case), "_key": o.iri} for o in outcomes]
        sections.append({"id": "outcomes", "zh": "这些案例报告的成效", "en": "Outcomes these cases report",
                         "note": {"zh": "这些成效由应用该措施的案例报告，案例通常同时采取多项措施，不能据此认定为该措施本身的效果。",
                                  "en": "These outcomes are reported by cases that apply the measure; a case usually "
                                        "applies several measures, so they are not proven effects of this measure."},
                         "table": Table(f"measure-{slug}-outcomes", "这些案例报告的成效", "Outcomes these cases report",
                                        cols, trows, queries=["outcomes"], order=[[2, "desc"]], cards=True)})
    if not apps:
        sections.append({"id": "applications", "zh": "应用该措施的案例", "en": "Cases applying it",
                         "empty": {"zh": "还没有案例应用该措施。", "en": "No case applies this measure yet."}})
    site.entity_page(m, rows, sections)


def _notation(d, x: str):
    n = d.notation.get(x)
    return {"zh": n, "en": n} if n else None


def render_category(site, cat: str) -> None:
    d = site.data
    slug = cat.rsplit("/", 1)[-1]
    members = [m for m in d.inn[cat].get("broader", []) if d.is_a(m, "Measure")]
    rows = []
    defs = d.definition.get(cat, {})
    if defs:
        rows.append({"zh": "定义", "en": "Definition", "values": [{"zh": defs.get("zh") or defs.get("en"),
                                                                  "en": defs.get("en") or defs.get("zh")}]})
    cols = [Column("measure", "措施", "Measure", "link"), Column("cities", "城市数", "Cities", "num"),
            Column("cases", "案例数", "Cases", "num"), Column("where", "城市", "Where", "links", facet=True)]
    trows = [{"measure": site.ent(m), "cities": count_cell(len(d.measure_cities.get(m, [])), "个城市", ("city", "cities")),
              "cases": count_cell(len(d.measure_cases.get(m, [])), "个案例", ("case", "cases")),
              "where": [site.ent(x) for x in d.measure_cities.get(m, [])]}
             for m in sorted(members, key=d.sort_key)]
    sections = [{"id": "measures", "zh": f"该类措施（{len(members)} 项）", "en": f"Measures in this category ({len(members)})",
                 "table": Table(f"category-{slug}-measures", "该类措施", "Measures in this category", cols, trows,
                                queries=["labels", "links"], order=[[1, "desc"]])}]
    site.entity_page(cat, rows, sections)
