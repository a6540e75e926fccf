"""`portkg extract --evaluate`: the extractor against the curated cases, as a second reader.

Agencies compare the 实施单位 units by name; measures compare known concepts per case; an
extracted outcome matches a curated one when their passages overlap and they state the same
figure (as written, or normalised). What the extractor found and the curation lacks is listed:
each is a place to look for a curation gap.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS, RDFS

from .build import OA, PK
from .extract import DraftCase
from .units import normalise


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __iadd__(self, other: "Score"):
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass
class Evaluation:
    per_case: dict[str, dict[str, Score]] = field(default_factory=dict)
    lacking: list[tuple[str, str, str]] = field(default_factory=list)  # (case, kind, what) found but not curated
    missed: list[tuple[str, str, str]] = field(default_factory=list)   # curated but not found

    def total(self, kind: str) -> Score:
        s = Score()
        for scores in self.per_case.values():
            s += scores[kind]
        return s

    def rows(self) -> list[list]:
        out = []
        for case in sorted(self.per_case):
            sc = self.per_case[case]
            out.append([case, *(f"{x:.2f}" for k in ("agencies", "measures", "outcomes")
                                for x in (sc[k].precision, sc[k].recall))])
        out.append(["all", *(f"{x:.2f}" for k in ("agencies", "measures", "outcomes")
                             for x in (self.total(k).precision, self.total(k).recall))])
        return out

    HEADERS = ["case", "agencies P", "agencies R", "measures P", "measures R", "outcomes P", "outcomes R"]


def _label(g: Graph, node) -> str:
    for v in g.objects(node, RDFS.label):
        if getattr(v, "language", None) == "zh":
            return str(v)
    return str(node)


def _num(x) -> Decimal:
    return Decimal(str(x)).normalize()


def evaluate(cases: list[DraftCase], g: Graph) -> Evaluation:
    ev = Evaluation()
    by_number = {c.number: c for c in cases}
    for case in sorted(g.subjects(RDF.type, PK.Case)):
        num = str(g.value(case, DCTERMS.identifier))
        draft = by_number.get(num)
        scores = {k: Score() for k in ("agencies", "measures", "outcomes")}
        ev.per_case[num] = scores
        # agencies: the implementing units
        curated = {_label(g, a) for a in g.objects(case, PK.implementedBy)}
        found = {a.name for a in draft.agencies if a.role == "implementer"} if draft else set()
        scores["agencies"] = Score(len(curated & found), len(found - curated), len(curated - found))
        # measures: known concepts
        curated_m = {str(m).rsplit("/", 1)[-1] for m in g.objects(case, PK.appliesMeasure)}
        found_m = {m.concept for m in draft.measures if m.concept} if draft else set()
        scores["measures"] = Score(len(curated_m & found_m), len(found_m - curated_m), len(curated_m - found_m))
        ev.lacking += [(num, "measure", c) for c in sorted(found_m - curated_m)]
        ev.missed += [(num, "measure", c) for c in sorted(curated_m - found_m)]
        # outcomes
        curated_o = []
        for o in g.objects(case, PK.reportsOutcome):
            e = g.value(o, PK.evidence)
            curated_o.append({"s": int(g.value(e, OA.start)), "e": int(g.value(e, OA.end)),
                              "stated": _num(g.value(o, PK.statedValue)), "value": _num(g.value(o, PK.value)),
                              "quote": str(g.value(e, OA.exact)), "matched": False})
        tp = fp = 0
        for o in (draft.outcomes if draft else []):
            try:
                norm = _num(normalise(o.value, o.unit)[0])
            except KeyError:
                norm = None
            written = _num(o.value)
            hit = next((c for c in curated_o if not c["matched"] and c["s"] < o.end and o.start < c["e"]
                        and (c["stated"] == written or (norm is not None and c["value"] == norm))), None)
            if hit is None:  # the same figure already matched: not a new outcome, not an error either
                dup = next((c for c in curated_o if c["s"] < o.end and o.start < c["e"]
                            and (c["stated"] == written or (norm is not None and c["value"] == norm))), None)
                if dup is not None:
                    continue
                fp += 1
                ev.lacking.append((num, "outcome", f"{o.quote} → {o.value} {o.unit}"))
            else:
                hit["matched"] = True
                tp += 1
        fn = sum(1 for c in curated_o if not c["matched"])
        ev.missed += [(num, "outcome", c["quote"]) for c in curated_o if not c["matched"]]
        scores["outcomes"] = Score(tp, fp, fn)
    return ev
