"""Exports for spreadsheets and network tools: one CSV per class, GraphML and GEXF.

CSV files are UTF-8 with a byte-order mark, so Excel opens Chinese text correctly.
"""
from __future__ import annotations

import io
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS

from .build import BASE, OA, PK
from .csvsafe import csv_bytes

GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"


def _zh(g: Graph, node, prop=RDFS.label) -> str:
    for v in g.objects(node, prop):
        if getattr(v, "language", None) == "zh":
            return str(v)
    v = g.value(node, prop)
    return str(v) if v is not None else ""


def _en(g: Graph, node, prop=RDFS.label) -> str:
    for v in g.objects(node, prop):
        if getattr(v, "language", None) == "en":
            return str(v)
    return ""


def _id(node) -> str:
    s = str(node)
    return s[len(BASE):] if s.startswith(BASE) else s


def _ev(g: Graph, node) -> list:
    ev = g.value(node, PK.evidence)
    if ev is None:
        return ["", "", ""]
    return [str(g.value(ev, OA.exact)), int(g.value(ev, OA.start)), int(g.value(ev, OA.end))]


def _case_id(g: Graph, case) -> str:
    return f"{_id(g.value(case, PK.inSource)).split('/')[-1]}-{g.value(case, DCTERMS.identifier)}"


def _val(g, node, prop):
    v = g.value(node, prop)
    return "" if v is None else (v.toPython() if hasattr(v, "toPython") else str(v))


def class_tables(g: Graph) -> dict[str, tuple[list[str], list[list]]]:
    """One table per class of the graph, rows sorted by id."""
    t: dict[str, tuple[list[str], list[list]]] = {}
    cases = sorted(g.subjects(RDF.type, PK.Case))
    t["cases"] = (["id", "identifier", "title", "source", "start", "end", "agencies", "places", "measures", "outcomes"],
                  [[_case_id(g, c), str(g.value(c, DCTERMS.identifier)), str(g.value(c, DCTERMS.title)),
                    _id(g.value(c, PK.inSource)), int(g.value(c, PK.startOffset)), int(g.value(c, PK.endOffset)),
                    "; ".join(sorted(_zh(g, a) for a in g.objects(c, PK.implementedBy))),
                    "; ".join(sorted(_zh(g, g.value(q, PK.place)) for q in g.objects(c, PK.qualifiedPlace))),
                    len(set(g.objects(c, PK.qualifiedMeasure))), len(set(g.objects(c, PK.reportsOutcome)))]
                   for c in cases])
    t["agencies"] = (["id", "zh", "en", "type", "located_in", "parent", "parent_quote"],
                     [[_id(a), _zh(g, a), _en(g, a), _id(g.value(a, ORG.classification)),
                       "; ".join(sorted(_id(p) for p in g.objects(a, PK.locatedIn))),
                       _id(g.value(a, ORG.subOrganizationOf)) if g.value(a, ORG.subOrganizationOf) else "",
                       str(g.value(g.value(a, PK.subOrganizationEvidence), OA.exact) or "")]
                      for a in sorted(g.subjects(RDF.type, PK.Agency))])
    t["places"] = (["id", "zh", "en", "types", "located_in", "lat", "long"],
                   [[_id(p), _zh(g, p), _en(g, p),
                     "; ".join(sorted(_id(c).rsplit("#", 1)[-1] for c in g.objects(p, RDF.type))),
                     "; ".join(sorted(_id(x) for x in g.objects(p, PK.locatedIn))),
                     _val(g, p, URIRef(GEO + "lat")), _val(g, p, URIRef(GEO + "long"))]
                    for p in sorted(g.subjects(RDF.type, PK.Place))])
    t["measures"] = (["id", "zh", "en", "alt_labels", "category", "tfa", "n_cases"],
                     [[_id(m), _zh(g, m, SKOS.prefLabel), _en(g, m, SKOS.prefLabel),
                       "; ".join(sorted(str(x) for x in g.objects(m, SKOS.altLabel))),
                       "; ".join(sorted(_id(b) for b in g.objects(m, SKOS.broader))),
                       "; ".join(sorted(str(g.value(x, SKOS.notation)) for p in (SKOS.closeMatch, SKOS.broadMatch)
                                        for x in g.objects(m, p))),
                       len(set(g.subjects(PK.appliesMeasure, m)))]
                      for m in sorted(g.subjects(RDF.type, PK.Measure))])
    rows = []
    for c in cases:
        for a in sorted(g.objects(c, PK.qualifiedMeasure)):
            ag = g.value(a, PK.agency)
            rows.append([_id(a), _case_id(g, c), _id(g.value(a, PK.measure)), str(g.value(a, PK.localName)),
                         _zh(g, ag) if ag else "", *_ev(g, a)])
    t["measure_applications"] = (["id", "case", "measure", "local_name", "agency", "quote", "start", "end"], rows)
    rows = []
    for c in cases:
        for o in sorted(g.objects(c, PK.reportsOutcome)):
            q = g.value(o, PK.qualifier)
            rows.append([_id(o), _case_id(g, c), _id(g.value(o, PK.metric)).split("/")[-1],
                         _val(g, o, PK.value), _val(g, o, PK.maxValue), _id(g.value(o, PK.unit)).rsplit("/", 1)[-1],
                         _val(g, o, PK.baselineValue), _val(g, o, PK.relativeChange),
                         str(g.value(o, PK.direction)).rsplit("#", 1)[-1], _id(g.value(o, PK.kind)).split("/")[-1],
                         _zh(g, q, SKOS.prefLabel) if q else "", _val(g, o, PK.projected),
                         str(g.value(o, PK.period) or ""), _val(g, o, PK.statedValue), str(g.value(o, PK.statedUnit)),
                         *_ev(g, o)])
    t["outcomes"] = (["id", "case", "metric", "value", "value_max", "unit", "baseline", "relative_change_pct",
                      "direction", "kind", "qualifier", "projected", "period", "stated_value", "stated_unit",
                      "quote", "start", "end"], rows)
    rows = []
    for c in cases:
        for cl in sorted(g.objects(c, PK.makesClaim)):
            rows.append([_id(cl), _case_id(g, c), _id(g.value(cl, PK.scope)).split("/")[-1], *_ev(g, cl)])
    t["claims"] = (["id", "case", "scope", "quote", "start", "end"], rows)
    rows = []
    for c in cases:
        for q in sorted(g.objects(c, PK.qualifiedImplementation)):
            rows.append([_case_id(g, c), _id(g.value(q, PK.agency)), *_ev(g, q)])
    t["implementations"] = (["case", "agency", "quote", "start", "end"], rows)
    return t


def csv_files(g: Graph, out: Path) -> dict[Path, bytes]:
    files = {}
    for name, (headers, rows) in class_tables(g).items():
        files[out / f"{name}.csv"] = csv_bytes(headers, rows)
    return files


def network(g: Graph):
    """The graph for Gephi: cases, agencies, places, measures, categories and outcomes as nodes."""
    import networkx as nx

    G = nx.DiGraph()
    kinds = [(PK.Case, "case"), (PK.Agency, "agency"), (PK.Place, "place"), (PK.Measure, "measure"),
             (PK.MeasureCategory, "category"), (PK.Outcome, "outcome")]
    for cls, kind in kinds:
        for n in sorted(g.subjects(RDF.type, cls)):
            label = _zh(g, n) or _zh(g, n, SKOS.prefLabel)
            attrs = {"kind": kind, "label": label, "label_en": _en(g, n) or _en(g, n, SKOS.prefLabel)}
            if kind == "outcome":
                attrs.update(value=float(g.value(n, PK.value)), unit=_id(g.value(n, PK.unit)).rsplit("/", 1)[-1],
                             metric=_id(g.value(n, PK.metric)).split("/")[-1])
            lat, lon = g.value(n, URIRef(GEO + "lat")), g.value(n, URIRef(GEO + "long"))
            if lat is not None and lon is not None:
                attrs.update(lat=float(lat), long=float(lon))
            G.add_node(_id(n), **attrs)
    for c in sorted(g.subjects(RDF.type, PK.Case)):
        for p, rel in ((PK.implementedBy, "implementedBy"), (PK.appliesMeasure, "appliesMeasure"),
                       (PK.reportsOutcome, "reportsOutcome")):
            for o in sorted(g.objects(c, p)):
                G.add_edge(_id(c), _id(o), relation=rel)
        for q in sorted(g.objects(c, PK.qualifiedPlace)):
            G.add_edge(_id(c), _id(g.value(q, PK.place)), relation="locatedIn")
    for m in sorted(g.subjects(RDF.type, PK.Measure)):
        for b in sorted(g.objects(m, SKOS.broader)):
            G.add_edge(_id(m), _id(b), relation="broader")
    for a in sorted(g.subjects(RDF.type, PK.Agency)):
        for p in sorted(g.objects(a, ORG.subOrganizationOf)):
            G.add_edge(_id(a), _id(p), relation="subOrganizationOf")
    return G


def network_bytes(g: Graph, fmt: str) -> bytes:
    import networkx as nx

    G = network(g)
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(G, buf, encoding="utf-8")
    else:
        nx.write_gexf(G, buf, encoding="utf-8")
    return buf.getvalue()
