"""Counts per class and per case: the first thing to look at after a build."""
from __future__ import annotations

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from .build import PK

CLASSES = [("cases", PK.Case), ("agencies", PK.Agency), ("places", PK.Place), ("measures", PK.Measure),
           ("measure applications", PK.MeasureApplication), ("outcomes", PK.Outcome),
           ("innovation claims", PK.InnovationClaim), ("evidence passages", PK.Evidence),
           ("source documents", PK.SourceDocument)]


def class_counts(g: Graph) -> list[list]:
    return [[name, len(set(g.subjects(RDF.type, cls)))] for name, cls in CLASSES] + [["triples", len(g)]]


CASE_HEADERS = ["case", "title", "agencies", "places", "measures", "concepts", "outcomes", "claims"]


def case_counts(g: Graph) -> list[list]:
    rows = []
    for case in g.subjects(RDF.type, PK.Case):
        rows.append([
            str(g.value(case, PK.inSource)).rsplit("/", 1)[-1] + "-" + str(g.value(case, DCTERMS.identifier)),
            str(g.value(case, DCTERMS.title)),
            len(set(g.objects(case, PK.implementedBy))),
            len(set(g.objects(case, PK.qualifiedPlace))),
            len(set(g.objects(case, PK.qualifiedMeasure))),
            len(set(g.objects(case, PK.appliesMeasure))),
            len(set(g.objects(case, PK.reportsOutcome))),
            len(set(g.objects(case, PK.makesClaim))),
        ])
    rows.sort(key=lambda r: r[0])
    if rows:
        rows.append(["total", "", *[sum(r[i] for r in rows) for i in range(2, len(CASE_HEADERS))]])
    return rows
