"""Agency pages: what kind of unit, its parent, the cases it implemented and the measures it is named on."""
from __future__ import annotations

from .tables import Column, Table


def render(site) -> None:
    d = site.data
    for a in d.of_type("Agency"):
        render_agency(site, a)


def render_agency(site, a: str) -> None:
    d = site.data
    slug = a.rsplit("/", 1)[-1]
    rows = []
    types = d.out[a].get("classification", [])
    if types:
        rows.append({"zh": "单位类型", "en": "Agency type", "values": [site.ent(x) for x in types]})
    parents = d.out[a].get("subOrganizationOf", [])
    if parents:
        evs = [d.passages[e] for e in d.out[a].get("subOrganizationEvidence", []) if e in d.passages]
        rows.append({"zh": "上级单位", "en": "Part of",
                     "values": [{**site.ent(x), "refs": [site.ref(p) for p in evs]} for x in parents]})
    where = [x for x in d.out[a].get("locatedIn", []) if x in site.entities]
    if where:
        rows.append({"zh": "所在地", "en": "Located in", "values": [site.ent(x) for x in where[:1]]})
    subs = d.inn[a].get("subOrganizationOf", [])
    if subs:
        rows.append({"zh": "下属单位", "en": "Has part", "values": [site.ent(x) for x in sorted(subs, key=d.sort_key)]})
    impl = [s for c in d.case_list for s in c.of("agency") if s.target == a]
    sections = []
    if impl:
        cols = [Column("case", "案例", "Case", "link"), Column("city", "城市", "City", "links", facet=True),
                Column("quote", "原文", "Quote", "quote")]
        trows = [{"case": site.ent(s.case), "city": [site.ent(x) for x in d.case_cities[s.case]],
                  "quote": site.ref(s.passage)} for s in impl]
        sections.append({"id": "cases", "zh": f"实施的案例（{len(impl)} 个）", "en": f"Cases it implemented ({len(impl)})",
                         "table": Table(f"agency-{slug}-cases", "实施的案例", "Cases it implemented", cols, trows,
                                        queries=["statements"], cards=True)})
    named = [s for c in d.case_list for s in c.of("measure") if s.agency == a]
    if named:
        cols = [Column("measure", "措施", "Measure", "link"), Column("wording", "案例中的说法", "Wording in the case"),
                Column("case", "案例", "Case", "link"), Column("quote", "原文", "Quote", "quote")]
        trows = [{"measure": site.ent(s.target), "wording": s.local, "case": site.case_short(s.case),
                  "quote": site.ref(s.passage)} for s in named]
        sections.append({"id": "measures", "zh": "署名该单位的措施", "en": "Measures it is named on",
                         "table": Table(f"agency-{slug}-measures", "署名该单位的措施", "Measures it is named on", cols,
                                        trows, queries=["statements"], cards=True)})
    site.entity_page(a, rows, sections)
