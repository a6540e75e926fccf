"""Measure pages (every concept of the thesaurus) and measure-category pages."""
from __future__ import annotations

from ..evidence import (NAMED_IN_SENTENCE, NAMED_IN_TITLE, NEARNESS, SAME_POINT, SAME_SENTENCE,  # noqa: F401
                        Application, Quoted, case_ties, names, nearness, point_starts, sentence_of)
from .case import outcome_cells
from .data import ROLE_EFFECT, related
from .tables import Column, Table

MAPPINGS = {"exactMatch": ("完全对应", "exact match"), "closeMatch": ("近似对应", "close match"),
            "broadMatch": ("属于更宽的条款", "broader provision"), "narrowMatch": ("更窄的条款", "narrower provision"),
            "relatedMatch": ("相关", "related")}


# -- which outcomes are about a measure -------------------------------------------------------------
#
# An outcome belongs to its case (pk:reportsOutcome), and a case applies many measures at once. The
# site shows an outcome as a measure's own evidence only when the source states them together
# (portkg.evidence: same sentence, same point, or named). Everything else the case reports is shown
# apart, as the case's other outcomes. The build writes the same ties into the graph (pk:statedWith).

def measure_evidence(site, m: str) -> tuple[list[tuple[int, object, object]], list[object]]:
    """The outcomes of the cases applying ``m``, split in two.

    First (nearness, application, outcome) for each outcome the source states with the measure,
    in this order of strength:

    1. SAME_SENTENCE: the outcome's quote and one of the measure's application quotes in that case
       have no sentence end (。！？；) between them;
    2. SAME_POINT: no point begins between them (point_starts: the same 一是/二是 or (一)/(二)
       point, or, outside numbered points, the same paragraph);
    3. NAMED_IN_SENTENCE: the outcome's own sentence names the measure in the case's wording
       (共有46船次进口粮食采用“船边直提”方式通关);
    4. NAMED_IN_TITLE: the case's title names the measure in the case's wording (a case titled
       推行进口粮食“船边直提” reports its results as the results of that measure).

    Only effects (role effect; a projected one stays, its figure says 预计) count as evidence. Within
    a level, by source and position. Second, the cases' other outcomes (and the context, input and
    status figures stated with it): true of the case, not shown by the text to come from this measure."""
    key = ("evidence", m)
    if key in site.cache:
        return site.cache[key]
    d = site.data
    near, other = [], []
    for case in d.measure_cases.get(m, []):
        c = d.cases[case]
        ties = case_evidence(site, c)
        for o in c.outcomes:
            hit = ties.get(o.iri, {}).get(m)
            if hit is None or (d.has_role and o.role != ROLE_EFFECT):  # context, input, status: not evidence
                other.append(o)
            else:
                near.append((hit[0], hit[1], o))
    near.sort(key=lambda t: (t[0], d.source_order(d.cases[t[2].case].source), t[2].passage.start))
    site.cache[key] = (near, other)
    return near, other


def case_evidence(site, c) -> dict[str, dict[str, tuple[int, object]]]:
    """outcome IRI → measure → (nearness, application) for one case, by portkg.evidence.case_ties
    (each outcome tied to the nearest measures only; of several applications of a measure, the first)."""
    key = ("case-evidence", c.iri)
    if key in site.cache:
        return site.cache[key]
    d = site.data
    out: dict[str, dict[str, tuple[int, object]]] = {}
    text = getattr(site, "texts", {}).get(c.source)
    if not text:  # without the source text nothing can be placed: every outcome stays the case's
        site.cache[key] = out
        return out
    apps = [s for s in c.of("measure") if d.applied(s)]
    ties = case_ties(text, c.start, c.end, c.title,
                     [Application(s.target, s.passage.start, s.passage.end, s.local) for s in apps],
                     [Quoted(o.iri, o.passage.start, o.passage.end) for o in c.outcomes])
    for o_iri, by_measure in ties.items():
        out[o_iri] = {m: (n, apps[i]) for m, (n, i) in by_measure.items()}
    site.cache[key] = out
    return out


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
    near = [x for x in related(d, m) if x in site.entities]
    if near:
        rows.append({"zh": "相关措施", "en": "Related measures", "values": [site.ent(x) for x in near]})
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
    sections += evidence_sections(site, m, slug)
    if not apps:
        sections.append({"id": "applications", "zh": "应用该措施的案例", "en": "Cases applying it",
                         "empty": {"zh": "还没有案例应用该措施。", "en": "No case applies this measure yet."}})
    site.entity_page(m, rows, sections)


EVIDENCE_NOTE = {
    "zh": "只列出原文与该措施写在一起的成效：与措施原文同一句、同一要点（一是/二是、（一）/（二），不分要点时为同一段），"
          "或成效所在句、案例标题用案例自己的说法点名了该措施。这是原文的写法，不是经过检验的因果效果。",
    "en": "Only outcomes the source states together with the measure: in the same sentence or the same point as the "
          "measure's quote (一是/二是, (一)/(二), or the same paragraph where the text has no numbered points), or "
          "whose sentence, or the case's title, names the measure in the case's own words. This is how the text is "
          "written, not a tested effect.",
}
OTHER_NOTE = {
    "zh": "这些成效由应用该措施的案例报告，但原文没有把它们与该措施写在一起；案例通常同时采取多项措施，不能据此认定为该措施的效果。",
    "en": "Reported by cases that apply the measure, but the source does not state them with it; a case usually applies "
          "several measures, so they are not evidence of this measure's effect.",
}
NO_EVIDENCE = {"zh": "无直接对应的成效：应用该措施的案例中，原文没有与该措施写在一起的成效数字。",
               "en": "No outcome stated with this measure: none of the cases applying it reports a figure next to it."}


def evidence_sections(site, m: str, slug: str) -> list[dict]:
    """The measure's evidence (outcomes stated with it, see measure_evidence), then its cases' other outcomes."""
    d = site.data
    if not d.measure_cases.get(m):
        return []
    near, other = measure_evidence(site, m)
    out = []
    cols = [Column("basis", "依据", "Why it is shown", facet=True), Column("metric", "指标", "Metric", "link"),
            Column("figure", "成效", "Outcome", "figure"), Column("case", "案例", "Case", "link"),
            Column("quote", "成效原文", "Outcome quote", "quote"), Column("measure_quote", "措施原文", "Measure quote", "quote")]
    trows = []
    for n, s, o in near:
        cells = outcome_cells(site, o)
        zh, en = NEARNESS[n]
        trows.append({**cells, "basis": {"zh": zh, "en": en}, "case": site.case_short(o.case),
                      "measure_quote": site.ref(s.passage)})
    out.append({"id": "evidence", "zh": f"与该措施写在一起的成效（{len(trows)} 项）",
                "en": f"Outcomes stated with this measure ({len(trows)})", "note": EVIDENCE_NOTE,
                "table": Table(f"measure-{slug}-evidence", "与该措施写在一起的成效", "Outcomes stated with this measure",
                               cols, trows, queries=["outcomes", "statements"], cards=True)
                if trows else None,
                "empty": None if trows else NO_EVIDENCE})
    if other:
        cols = [Column("family", "指标类别", "Metric group", "link", facet=True), Column("metric", "指标", "Metric", "link"),
                Column("figure", "成效", "Outcome", "figure"), Column("case", "案例", "Case", "link"),
                Column("quote", "原文", "Quote", "quote")]
        trows = [{**outcome_cells(site, o), "case": site.case_short(o.case), "_key": o.iri} for o in other]
        out.append({"id": "outcomes", "zh": f"本案例其他成效（{len(trows)} 项，不一定来自该措施）",
                    "en": f"Other outcomes of the cases ({len(trows)}, not necessarily from this measure)",
                    "note": OTHER_NOTE,
                    "table": Table(f"measure-{slug}-outcomes", "本案例其他成效（不一定来自该措施）",
                                   "Other outcomes of the cases (not necessarily from this measure)",
                                   cols, trows, queries=["outcomes"], order=[[2, "desc"]], cards=True)})
    return out


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
