"""Case pages: what one case did, where, by whom, with what result; every statement with its quote."""
from __future__ import annotations

from .numbers import metric_family, outcome_text
from .tables import Column, Table


def outcome_cells(site, o) -> dict:
    """The cells every outcome table shares: metric, the figure for people, change, quote (a fresh dict)."""
    key = ("outcome", o.iri)
    if key not in site.cache:
        site.cache[key] = _outcome_cells(site, o)
    return dict(site.cache[key])


def _outcome_cells(site, o) -> dict:
    d = site.data
    figure = {"text": outcome_text(o, d, "zh"), "text_en": outcome_text(o, d, "en"),
              "order": o.magnitude if o.magnitude is not None else -1, "raw": o.value}
    change = None
    if o.magnitude is not None:
        from .numbers import change_text

        signed = o.change if o.change is not None else (o.magnitude if (o.direction or "").endswith("Increase")
                                                        else -o.magnitude)
        change = {"text": change_text(signed), "text_en": change_text(signed), "order": o.magnitude,
                  "raw": o.magnitude}
    return {"metric": site.ent(o.metric), "figure": figure, "change": change, "quote": site.ref(o.passage),
            "family": site.ent(metric_family(d, o.metric))}


__all__ = ["metric_family", "outcome_cells"]  # metric_family lives in numbers (home.py imports it from here)


def render(site) -> None:
    d = site.data
    for c in d.case_list:
        render_case(site, c)


def render_case(site, c) -> None:
    d = site.data
    slug = c.iri.rsplit("/", 1)[-1]
    src = c.source
    title_en = d.titles.get(src, {}).get("en", "")
    rows = [
        {"zh": "来源", "en": "Source", "values": [{**site.ent(src), "refs": [site.ref(c.heading)],
                                                   "extra": {"zh": f"案例 {c.number}", "en": f"case {c.number}"}}]},
    ]
    if title_en:
        rows.append({"zh": "来源英文标题", "en": "Source title in English", "values": [{"zh": title_en, "en": title_en}]})
    cities = d.case_cities[c.iri]
    if cities:
        rows.append({"zh": "城市", "en": "City", "values": [site.ent(x) for x in cities]})
    places = [s for s in c.of("place") if s.target not in cities]
    city_refs = {s.target: s for s in c.of("place") if s.target in cities}
    for v in rows[-1]["values"] if cities else []:
        if v["iri"] in city_refs:
            v["refs"] = [site.ref(city_refs[v["iri"]].passage)]
    if places:
        rows.append({"zh": "地点", "en": "Places", "values": [{**site.ent(s.target), "refs": [site.ref(s.passage)]}
                                                             for s in places]})
    agencies = c.of("agency")
    if agencies:
        rows.append({"zh": "实施单位", "en": "Implemented by",
                     "values": [{**site.ent(s.target), "refs": [site.ref(s.passage)],
                                 "extra": _type_label(site, s.target)} for s in agencies]})
    sections = []
    measures = c.of("measure")
    if measures:
        cols = [Column("measure", "措施", "Measure", "link", facet=True),
                Column("category", "类别", "Category", "link", facet=True),
                Column("wording", "案例中的说法", "Wording in the case"),
                Column("agency", "单位", "Agency", "link"),
                Column("quote", "原文", "Quote", "quote")]
        if d.has_status:
            cols.insert(3, Column("status", "状态", "Status", facet=True))
        trows = []
        for s in measures:
            cat = d.out[s.target].get("broader", [])
            trows.append({"measure": site.ent(s.target), "category": site.ent(cat[0]) if cat else None,
                          "wording": s.local, "agency": site.ent(s.agency) if s.agency else None,
                          "status": {"zh": d.zh(s.status), "en": d.en(s.status)} if s.status else None,
                          "quote": site.ref(s.passage)})
        zh, en = measure_count(len({s.target for s in measures}), len(measures))
        sections.append({"id": "measures", "zh": zh, "en": en,
                         "table": Table(f"case-{slug}-measures", "措施", "Measures", cols, trows,
                                        queries=["statements", "labels"], cards=True)})
    if c.outcomes:
        cols = [Column("metric", "指标", "Metric", "link", facet=True), Column("figure", "成效", "Outcome", "figure"),
                Column("quote", "原文", "Quote", "quote")]
        if d.has_role:
            cols.insert(1, Column("role", "作用", "Role", facet=True))
        trows = []
        for o in c.outcomes:
            cells = outcome_cells(site, o)
            cells["role"] = {"zh": d.zh(o.role), "en": d.en(o.role)} if o.role else None
            trows.append(cells)
        sections.append({"id": "outcomes", "zh": f"成效（{len(c.outcomes)} 项）", "en": f"Outcomes ({len(c.outcomes)})",
                         "table": Table(f"case-{slug}-outcomes", "成效", "Outcomes", cols, trows,
                                        queries=["outcomes"], cards=True)})
    claims = c.of("claim")
    if claims:
        cols = claim_columns()
        sections.append({"id": "claims", "zh": f"首创声明（{len(claims)} 项）", "en": f"Innovation claims ({len(claims)})",
                         "table": Table(f"case-{slug}-claims", "首创声明", "Innovation claims", cols,
                                        [claim_cells(site, s) for s in claims], queries=["statements"], cards=True)})
    site.entity_page(c.iri, rows, sections, template="case.html", case=c, source=site.ent(src), source_title_en=title_en)


def measure_count(measures: int, mentions: int) -> tuple[str, str]:
    """A case's measures counted as a reader checks them against the table below: distinct measures,
    and how many rows (mentions) the table has when a measure is mentioned more than once:
    21 项措施（23 处提及） / 21 measures (23 mentions)."""
    en = f"{measures} measure{'' if measures == 1 else 's'}"
    if mentions == measures:
        return f"{measures} 项措施", en
    return f"{measures} 项措施（{mentions} 处提及）", f"{en} ({mentions} mentions)"


def _type_label(site, agency: str):
    """The agency's type as a tag after its name, in brackets: 济南市口岸和物流办公室（口岸管理部门）;
    none when the name says it already (龙口海关, not 龙口海关 海关)."""
    d = site.data
    t = d.out[agency].get("classification", [])
    if not t:
        return None
    zh, en = d.zh(t[0]), d.en(t[0])
    if zh in d.zh(agency):
        return None
    return {"zh": f"（{zh}）", "en": f"({en})"}


def claim_columns(with_case: bool = False) -> list[Column]:
    cols = [Column("what", "首创内容", "What is new"), Column("about", "相关措施", "Measure", "link"),
            Column("scope", "首创范围", "Claimed first in", "link", facet=True), Column("quote", "原文", "Quote", "quote")]
    if with_case:
        cols[3:3] = [Column("case", "案例", "Case", "link"), Column("city", "城市", "City", "links", facet=True)]
    return cols


def claim_cells(site, s) -> dict:
    d = site.data
    return {"what": s.what or None, "about": site.ent(s.about) if s.about else None, "scope": site.ent(s.target),
            "quote": site.ref(s.passage), "case": site.case_short(s.case),
            "city": [site.ent(x) for x in d.case_cities[s.case]]}
