"""The home page, which leads with the three questions readers bring, and the browse lists.

1. Which reforms were copied where? A city × measure matrix (measures applied in cases of two or
   more cities; a joint case of two cities alone is not copying), each cell linking to its evidence.
2. What could my city adopt next? A city picker leading to each city's page and its gaps.
3. What did each reform achieve? Outcomes ranked by size of effect within a metric group.
"""
from __future__ import annotations

from urllib.parse import quote

from .case import claim_cells, claim_columns, metric_family, outcome_cells
from .city import effect_size, replication_gaps
from .measure import count_cell
from .numbers import points_text
from .tables import Column, Table
from .source import case_where, sentence_around
from .urls import page_path


def matrix(site) -> dict:
    """The copied-measures grid. Each cell counts the city's cases applying the measure and opens a
    popover (home.html) listing every one of them with its quotes; without script, or to see them in a
    table, the cell links to the measure page's cases table filtered to the city."""
    d = site.data
    measures = sorted((m for m in d.measure_cases if d.copied(m)),
                      key=lambda m: (-len(d.measure_cities[m]), -len(d.measure_cases[m]), d.sort_key(m)))
    cities = sorted({x for m in measures for x in d.measure_cities[m]},
                    key=lambda x: (-sum(1 for m in measures if x in d.measure_cities[m]), d.sort_key(x)))
    rows = []
    for i, m in enumerate(measures):
        cells = []
        for j, x in enumerate(cities):
            apps = [s for s in d.applications[m] if d.applied(s) and x in d.case_cities[s.case]]
            if not apps:
                cells.append(None)
                continue
            cases = sorted({s.case for s in apps}, key=lambda c: (d.source_order(d.cases[c].source), d.cases[c].number))
            listed = []
            for c in cases:
                seen, quotes = set(), []
                for s in sorted((s for s in apps if s.case == c), key=lambda s: s.passage.start):
                    if s.passage.anchor not in seen:
                        seen.add(s.passage.anchor)
                        quotes.append({**site.ref(s.passage), "local": s.local, **_sentence(site, s.passage)})
                listed.append({"case": site.case_short(c), "where": case_where(site, c), "title": d.cases[c].title,
                               "quotes": quotes})
            cells.append({"id": f"cell-{i}-{j}", "href": measure_cases_href(site, m, x), "n": len(cases),
                          "city": site.ent(x), "cases": listed,
                          "title": f"{d.zh(x)} · {' / '.join(site.case_short(c)['zh'] for c in cases)}",
                          "title_en": f"{d.en(x)} · {' / '.join(site.case_short(c)['en'] for c in cases)}"})
        rows.append({"measure": site.ent(m), "n_cities": len(d.measure_cities[m]), "n_cases": len(d.measure_cases[m]),
                     "cells": cells})
    return {"cities": [site.ent(x) for x in cities], "rows": rows}


def _sentence(site, passage) -> dict:
    """The words around a quote to its sentence's ends (display only; the quote itself is exact)."""
    text = getattr(site, "texts", {}).get(passage.source)
    if text is None or text[passage.start:passage.end] != passage.exact:
        return {"before": "", "after": ""}
    before, _, after = sentence_around(text, passage.start, passage.end)
    return {"before": before, "after": after}


def measure_cases_href(site, measure: str, city: str) -> str:
    """The measure page's table of cases applying it, filtered to one city (tables.js reads the #state)."""
    slug = measure.rsplit("/", 1)[-1]
    return f"{page_path(measure)}#measure-{slug}-cases.q={quote(site.data.zh(city))}"


def rankings(site) -> Table:
    d = site.data
    cols = [Column("family", "指标类别", "Metric group", "link", facet=True), Column("metric", "指标", "Metric", "link"),
            Column("figure", "成效", "Outcome", "figure"), Column("size", "变化幅度", "Size of change", "num"),
            Column("case", "案例", "Case", "link"), Column("city", "城市", "City", "links", facet=True),
            Column("quote", "原文", "Quote", "quote")]
    rows = []
    for c in d.case_list:
        for o in c.outcomes:
            size = effect_size(o)
            if size is None or not d.effect(o):
                continue
            cells = outcome_cells(site, o)
            if o.baseline is not None and o.unit.endswith("/PERCENT"):  # two rates: percentage points
                delta = float(o.value) - float(o.baseline)
                cells["size"] = {"text": points_text(delta, "zh"), "text_en": points_text(delta, "en"),
                                 "order": size, "raw": size}
            else:
                cells["size"] = {**cells["change"], "order": size, "raw": size}
            cells["case"] = site.case_short(c.iri)
            cells["city"] = [site.ent(x) for x in d.case_cities[c.iri]]
            rows.append(cells)
    rows.sort(key=lambda r: (r["family"]["zh"], -r["size"]["order"]))
    return Table("outcome-rankings", "成效排行", "Outcomes ranked", cols, rows, queries=["outcomes"],
                 order=[[3, "desc"]], cards=True)


def copied_table(site) -> Table:
    d = site.data
    cols = [Column("measure", "措施", "Measure", "link"), Column("category", "类别", "Category", "link", facet=True),
            Column("n_cities", "城市数", "Cities", "num"), Column("n_cases", "案例数", "Cases", "num"),
            Column("cities", "城市", "Cities applying it", "links", facet=True),
            Column("cases", "案例", "Cases applying it", "links")]
    rows = []
    for m in sorted((m for m in d.measure_cases if d.copied(m)),
                    key=lambda m: (-len(d.measure_cities[m]), -len(d.measure_cases[m]), d.sort_key(m))):
        cat = d.out[m].get("broader", [])
        rows.append({"measure": site.ent(m), "category": site.ent(cat[0]) if cat else None,
                     "n_cities": count_cell(len(d.measure_cities[m]), "个城市", ("city", "cities")),
                     "n_cases": count_cell(len(d.measure_cases[m]), "个案例", ("case", "cases")),
                     "cities": [site.ent(x) for x in d.measure_cities[m]],
                     "cases": [site.case_short(c) for c in d.measure_cases[m]]})
    return Table("copied-measures", "跨城市复用的措施", "Measures copied across cities", cols, rows,
                 queries=["statements"], order=[[2, "desc"]], cards=True)


def claims_table(site) -> Table:
    d = site.data
    cols = claim_columns(with_case=True)
    rows = [claim_cells(site, s) for c in d.case_list for s in c.of("claim")]
    return Table("innovation-claims", "首创声明", "Innovation claims", cols, rows, queries=["statements"], cards=True)


def cases_table(site) -> Table:
    d = site.data
    cols = [Column("case", "案例", "Case", "link"), Column("city", "城市", "City", "links", facet=True),
            Column("type", "单位类型", "Agency type", "links", facet=True),
            Column("agencies", "实施单位", "Agencies", "links"), Column("source", "来源", "Source", "link", facet=True)]
    rows = []
    for c in d.case_list:
        types = sorted({t for s in c.of("agency") for t in d.out[s.target].get("classification", [])}, key=d.sort_key)
        rows.append({"case": site.ent(c.iri), "city": [site.ent(x) for x in d.case_cities[c.iri]],
                     "type": [site.ent(t) for t in types], "agencies": [site.ent(s.target) for s in c.of("agency")],
                     "source": {**site.ent(c.source), "zh": site.source_short(c.source), "en": site.source_short(c.source, "en")}})
    return Table("cases", "案例", "Cases", cols, rows, queries=["cases", "statements"], cards=True)


def measures_table(site) -> Table:
    d = site.data
    cols = [Column("measure", "措施", "Measure", "link"), Column("category", "类别", "Category", "link", facet=True),
            Column("n_cities", "城市数", "Cities", "num"), Column("n_cases", "案例数", "Cases", "num"),
            Column("tfa", "贸易便利化协定", "TFA provision", "links")]
    rows = []
    for m in d.of_type("Measure"):
        cat = d.out[m].get("broader", [])
        tfa = [x for p in ("exactMatch", "closeMatch", "broadMatch") for x in d.out[m].get(p, [])
               if d.is_a(x, "TradeFacilitationProvision")]
        rows.append({"measure": site.ent(m), "category": site.ent(cat[0]) if cat else None,
                     "n_cities": count_cell(len(d.measure_cities.get(m, [])), "个城市", ("city", "cities")),
                     "n_cases": count_cell(len(d.measure_cases.get(m, [])), "个案例", ("case", "cases")),
                     "tfa": [{**site.ent(x), "zh": f"{d.notation.get(x, '')} {d.zh(x)}".strip(),
                              "en": f"{d.notation.get(x, '')} {d.en(x)}".strip()} for x in tfa]})
    return Table("measures", "全部措施", "All measures", cols, rows, queries=["labels", "links"], order=[[3, "desc"]],
                 cards=True)


def agencies_table(site) -> Table:
    d = site.data
    cols = [Column("agency", "单位", "Agency", "link"), Column("type", "单位类型", "Agency type", "link", facet=True),
            Column("city", "所在地", "Located in", "link", facet=True), Column("n_cases", "案例数", "Cases", "num")]
    rows = []
    for a in d.of_type("Agency"):
        t = d.out[a].get("classification", [])
        loc = [p for p in d.out[a].get("locatedIn", []) if d.is_a(p, "City")]
        n = sum(1 for c in d.case_list if any(s.target == a for s in c.of("agency")))
        rows.append({"agency": site.ent(a), "type": site.ent(t[0]) if t else None,
                     "city": site.ent(loc[0]) if loc else None, "n_cases": count_cell(n, "个案例", ("case", "cases"))})
    return Table("agencies", "实施单位", "Agencies", cols, rows, queries=["labels", "links"], order=[[3, "desc"]],
                 cards=True)


def provisions_table(site) -> Table:
    d = site.data
    cols = [Column("provision", "条款", "Provision", "link"), Column("n_measures", "对应措施数", "Measures", "num"),
            Column("n_cases", "案例数", "Cases", "num")]
    rows = []
    mapped = {x for m in d.of_type("Measure") for p in ("exactMatch", "closeMatch", "broadMatch") for x in d.out[m].get(p, [])}
    targets = [x for x in site.entities if d.is_a(x, "TradeFacilitationProvision") or x in mapped]
    for x in sorted(set(targets), key=lambda x: (x.rsplit("/", 2)[-2], _num_key(d.notation.get(x, "")), x)):
        ms = {m for p in ("exactMatch", "closeMatch", "broadMatch") for m in d.inn[x].get(p, []) if d.is_a(m, "Measure")}
        for n in d.inn[x].get("broader", []):
            ms |= {m for p in ("exactMatch", "closeMatch", "broadMatch") for m in d.inn[n].get(p, []) if d.is_a(m, "Measure")}
        cases = {c for m in ms for c in d.measure_cases.get(m, [])}
        label = {**site.ent(x), "zh": f"{d.notation.get(x, '')} {d.zh(x)}".strip(), "en": f"{d.notation.get(x, '')} {d.en(x)}".strip(),
                 "order": d.notation.get(x, "")}
        rows.append({"provision": label, "n_measures": count_cell(len(ms), "项", ("measure", "measures")),
                     "n_cases": count_cell(len(cases), "个案例", ("case", "cases"))})
    return Table("provisions", "贸易便利化条款", "Trade-facilitation provisions", cols, rows, queries=["links"])


def metrics_table(site) -> Table:
    d = site.data
    cols = [Column("metric", "指标", "Metric", "link"), Column("family", "指标类别", "Metric group", "link", facet=True),
            Column("n", "成效数", "Outcomes", "num")]
    counts: dict[str, int] = {}
    for c in d.case_list:
        for o in c.outcomes:
            counts[o.metric] = counts.get(o.metric, 0) + 1
    rows = [{"metric": site.ent(m), "family": site.ent(metric_family(d, m)),
             "n": count_cell(counts.get(m, 0), "项", ("outcome", "outcomes"))} for m in d.of_type("Metric")
            if d.out[m].get("broader")]
    return Table("metrics", "成效指标", "Outcome metrics", cols, rows, queries=["outcomes", "labels"], order=[[2, "desc"]])


def _num_key(n: str):
    return [int(p) if p.isdigit() else p for p in n.replace("-", ".").split(".")]


def render(site) -> None:
    d = site.data
    ranked = rankings(site)
    copied = copied_table(site)
    claims = claims_table(site)
    cases = cases_table(site)
    cities = [{**site.ent(x), "n_cases": sum(1 for c in d.case_list if x in d.case_cities[c.iri]),
               "n_gaps": len(replication_gaps(d, x))} for x in d.cities()]
    sources = [{**site.ent(s), "title_en": d.titles.get(s, {}).get("en", ""),
                "n_cases": sum(1 for c in d.case_list if c.source == s)} for s in sorted(d.sources, key=d.source_order)]
    counts = {"cases": len(d.case_list), "cities": len(cities), "measures": len(d.measure_cases),
              "agencies": len({s.target for c in d.case_list for s in c.of("agency")}),
              "outcomes": sum(len(c.outcomes) for c in d.case_list), "claims": len(claims.rows),
              "copied": len(copied.rows), "sources": len(sources)}
    site.page("index.html", "home.html", tables=[ranked, copied, claims, cases], ranked=ranked, copied=copied,
              claims=claims, cases_table=cases, matrix=matrix(site), cities=cities, sources=sources, counts=counts,
              graphs=sorted(site.graph_pages.items()), page_path=page_path)
    for name, table, zh, en in (("measures", measures_table(site), "全部措施", "All measures"),
                                ("agencies", agencies_table(site), "实施单位", "Agencies"),
                                ("provisions", provisions_table(site), "贸易便利化条款", "Trade-facilitation provisions"),
                                ("metrics", metrics_table(site), "成效指标", "Outcome metrics")):
        site.page(f"{name}.html", "list.html", tables=[table], table_=table, title_zh=zh, title_en=en)
