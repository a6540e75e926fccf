"""Counts per class and per case: the first thing to look at after a build."""
from __future__ import annotations

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from .build import PK

CLASSES = [("cases", PK.Case), ("agencies in the registry", PK.Agency), ("places", PK.Place),
           ("measure concepts in the thesaurus", PK.Measure),
           ("measure applications", PK.MeasureApplication), ("outcomes", PK.Outcome),
           ("innovation claims", PK.InnovationClaim), ("evidence passages", PK.Evidence),
           ("source documents", PK.SourceDocument)]
# What the cases use, as the site's home page counts it: registries and the thesaurus hold more
# (parent bodies, broader concepts) than any case names, and a reader comparing the two numbers
# should see why they differ.
USED = [("agencies named in cases", 2, PK.implementedBy), ("measure concepts applied", 4, PK.appliesMeasure)]


def class_counts(g: Graph) -> list[list]:
    rows = [[name, len(set(g.subjects(RDF.type, cls)))] for name, cls in CLASSES]
    for name, after, prop in reversed(USED):
        rows.insert(after, [name, len(set(g.objects(None, prop)))])
    return rows + [["triples", len(g)]]


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
