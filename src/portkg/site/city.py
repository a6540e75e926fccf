"""City pages (cases, agencies, measures, and what the city could adopt next) and other place pages."""
from __future__ import annotations

from ..summaries import effect_size as summary_effect_size
from .measure import NEARNESS, count_cell, measure_evidence
from .data import related
from .numbers import outcome_text
from .tables import Column, Table

GAP_NOTE = {
    "zh": "这些措施已在另外两个或更多城市的案例中应用，但该市的案例中还没有。“与措施写在一起的成效”只取原文与该措施写在同一句、"
          "同一要点（或成效句、案例标题点名该措施）的成效中变化最大的一项；没有这样的成效时写“无直接对应的成效”，"
          "不拿案例的其他成效充数。这是原文的写法，并不证明该措施本身带来了这一效果。"
          "“本市已有的相关做法”列出该市案例已应用的同类具体做法（如跨境电商之于跨境电商退货）。",
    "en": "Measures applied in cases of two or more other cities but in no case of this city. “Outcome stated with it” "
          "is the largest change among the outcomes the source states in the same sentence or point as the measure "
          "(or whose sentence, or the case's title, names it); where there is none the column says so and does not "
          "borrow the case's other outcomes. This is how the text is written, not a proven effect of the measure. "
          "“Related practice the city already has” names a specific form or variant of the measure that the "
          "city's cases apply (e-commerce returns, for cross-border e-commerce).",
}
NO_EVIDENCE_CELL = {"text": "无直接对应的成效", "text_en": "no outcome stated with it", "order": -1,
                    "raw": "无直接对应的成效"}


def effect_size(o) -> float | None:
    """How big a change an outcome reports, for ranking: a rate's before/after in percentage points,
    else the relative change (build-time pk:changeMagnitude); summaries.effect_size, which the CLI's
    replication-gaps ranks by."""
    return summary_effect_size(o.value, o.unit, o.baseline, o.magnitude)[0]


def measure_outcome(site, measure: str):
    """The outcome to show as evidence of ``measure`` in a gaps table: among the effects the source
    states with the measure (measure.measure_evidence: same sentence, same point, or named), those
    with a size of change first, the nearest of them, then the largest; a figure with no size of
    change (452万吨) only when none has one. (nearness, outcome), or None when no effect is stated with the measure:
    never the case's headline number for a measure the text does not tie it to."""
    d = site.data
    near, _ = measure_evidence(site, measure)
    effects = [(n, o) for n, _, o in near if d.effect(o)]
    if not effects:
        return None
    return min(effects, key=lambda t: (effect_size(t[1]) is None, t[0], -(effect_size(t[1]) or 0)))


def replication_gaps(d, city: str) -> list[str]:
    """Measures copied across cities (two or more cases, two or more other cities) that no case of ``city`` applies."""
    out = []
    for m, cities in d.measure_cities.items():
        if city in cities or not d.copied(m):
            continue
        if len([x for x in cities if x != city]) >= 2:
            out.append(m)
    return sorted(out, key=lambda m: (-len(d.measure_cities[m]), -len(d.measure_cases[m]), d.sort_key(m)))


def gap_table(site, city: str) -> Table:
    d = site.data
    slug = city.rsplit("/", 1)[-1]
    cols = [Column("measure", "措施", "Measure", "link"), Column("category", "类别", "Category", "link", facet=True),
            Column("n", "城市数", "Cities", "num"), Column("cities", "已应用的城市", "Cities applying it", "links", facet=True),
            Column("here", "本市已有的相关做法", "Related practice the city already has", "links"),
            Column("best", "与措施写在一起的成效", "Outcome stated with it", "figure"),
            Column("basis", "依据", "Why it is shown", facet=True),
            Column("best_case", "成效来自", "Reported by", "link"), Column("quote", "成效原文", "Outcome quote", "quote")]
    rows = []
    for m in replication_gaps(d, city):
        cat = d.out[m].get("broader", [])
        hit = measure_outcome(site, m)
        row = {"measure": site.ent(m), "category": site.ent(cat[0]) if cat else None,
               "n": count_cell(len(d.measure_cities[m]), "个城市", ("city", "cities")),
               "cities": [site.ent(x) for x in d.measure_cities[m]],
               # a specific form or variant the city already applies (skos:related): the gap is not
               # "nothing of the kind" (跨境电商 for Weihai, which runs the e-commerce returns channel)
               "here": [site.ent(x) for x in related(d, m) if city in d.measure_cities.get(x, ())]}
        if hit is None:
            row["best"] = dict(NO_EVIDENCE_CELL)
        else:
            n, o = hit
            row["basis"] = {"zh": NEARNESS[n][0], "en": NEARNESS[n][1]}
            size = effect_size(o)
            row["best"] = {"text": f"{d.zh(o.metric)}：{outcome_text(o, d, 'zh')}",
                           "text_en": f"{d.en(o.metric)}: {outcome_text(o, d, 'en')}",
                           "order": size if size is not None else 0, "raw": outcome_text(o, d, "zh")}
            row["best_case"] = site.case_short(o.case)
            row["quote"] = site.ref(o.passage)
        rows.append(row)
    return Table(f"city-{slug}-gaps", "可借鉴的措施", "Measures it could adopt next", cols, rows,
                 queries=["statements", "outcomes"], order=[[2, "desc"]], cards=True)


def render(site) -> None:
    d = site.data
    for p in d.of_type("Place"):
        if p in site.entities:
            render_place(site, p)


def render_place(site, p: str) -> None:
    d = site.data
    slug = p.rsplit("/", 1)[-1]
    is_city = d.is_a(p, "City")
    rows = []
    up = [x for x in d.out[p].get("locatedIn", []) if x in site.entities]
    if up:
        rows.append({"zh": "位于", "en": "Located in", "values": [site.ent(x) for x in sorted(up, key=d.sort_key)]})
    if p in d.coords:
        lat, lon = d.coords[p]
        rows.append({"zh": "坐标（WGS84）", "en": "Coordinates (WGS84)",
                     "values": [{"zh": f"北纬 {lat:.4f}°，东经 {lon:.4f}°", "en": f"{lat:.4f}° N, {lon:.4f}° E"}]})
    cases = [c for c in d.case_list if p in d.out[c.iri].get("locatedIn", [])]
    sections = []
    if cases:
        cols = [Column("case", "案例", "Case", "link"), Column("cities", "城市", "Cities", "links"),
                Column("agencies", "实施单位", "Agencies", "links"), Column("measures", "措施数", "Measures", "num"),
                Column("outcomes", "成效数", "Outcomes", "num")]
        trows = [{"case": site.ent(c.iri), "cities": [site.ent(x) for x in d.case_cities[c.iri]],
                  "agencies": [site.ent(s.target) for s in c.of("agency")],
                  "measures": count_cell(len({s.target for s in c.of("measure") if d.applied(s)}), "项", ("measure", "measures")),
                  "outcomes": count_cell(len(c.outcomes), "项", ("outcome", "outcomes"))} for c in cases]
        rows.append({"zh": "案例", "en": "Cases", "values": [{"zh": f"{len(cases)} 个", "en": f"{len(cases)}"}]})
        sections.append({"id": "cases", "zh": "案例", "en": "Cases",
                         "table": Table(f"place-{slug}-cases", "案例", "Cases", cols, trows, queries=["cases", "statements"],
                                        cards=True)})
    if is_city:
        gaps = gap_table(site, p)
        sections.append({"id": "gaps", "zh": f"可借鉴的措施（{len(gaps.rows)} 项）",
                         "en": f"What it could adopt next ({len(gaps.rows)})", "note": GAP_NOTE, "table": gaps,
                         "empty": None if gaps.rows else {"zh": "没有在另外两个以上城市应用而本市未应用的措施。",
                                                          "en": "No measure is applied in two or more other cities and not here."}})
        applied = {}
        for c in cases:
            for s in c.of("measure"):
                if d.applied(s):
                    applied.setdefault(s.target, []).append(s)
        cols = [Column("measure", "措施", "Measure", "link"), Column("category", "类别", "Category", "link", facet=True),
                Column("cases", "本市案例", "Cases here", "links"),
                Column("elsewhere", "其他应用城市", "Other cities applying it", "num"),
                Column("quote", "原文", "Quote", "quote")]
        trows = []
        for m, apps in sorted(applied.items(), key=lambda kv: d.sort_key(kv[0])):
            cat = d.out[m].get("broader", [])
            others = [x for x in d.measure_cities.get(m, []) if x != p]
            trows.append({"measure": site.ent(m), "category": site.ent(cat[0]) if cat else None,
                          "cases": [site.case_short(x) for x in sorted({s.case for s in apps})],
                          "elsewhere": count_cell(len(others), "个城市", ("city", "cities")), "quote": site.ref(apps[0].passage)})
        sections.append({"id": "measures", "zh": f"本市应用的措施（{len(trows)} 项）", "en": f"Measures applied here ({len(trows)})",
                         "table": Table(f"city-{slug}-measures", "本市应用的措施", "Measures applied here", cols, trows,
                                        queries=["statements"], order=[[3, "desc"]], cards=True)})
        agencies = sorted({s.target for c in cases for s in c.of("agency")}
                          | {a for a in d.inn[p].get("locatedIn", []) if d.is_a(a, "Agency")}, key=d.sort_key)
        if agencies:
            sections.append({"id": "agencies", "zh": "实施单位", "en": "Agencies", "items": [site.ent(a) for a in agencies]})
    mentions = [s for c in d.case_list for s in c.of("place") if s.target == p]
    if mentions and not is_city:
        cols = [Column("case", "案例", "Case", "link"), Column("quote", "原文", "Quote", "quote")]
        sections.append({"id": "mentions", "zh": "案例中的提及", "en": "Mentioned in cases",
                         "table": Table(f"place-{slug}-mentions", "案例中的提及", "Mentioned in cases", cols,
                                        [{"case": site.ent(s.case), "quote": site.ref(s.passage)} for s in mentions],
                                        queries=["statements"])})
    inside = sorted((x for x in d.inn[p].get("locatedIn", []) if d.is_a(x, "Place") and x in site.entities
                     and p in d.out[x].get("locatedIn", [])[:1]), key=d.sort_key)
    if inside:
        sections.append({"id": "places", "zh": "辖内地点", "en": "Places within", "items": [site.ent(x) for x in inside]})
    site.entity_page(p, rows, sections, template="entity.html")
