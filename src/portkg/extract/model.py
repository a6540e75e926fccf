"""What the extractor finds: every item carries its verbatim quote and offsets in the original text."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Found:
    quote: str
    start: int
    end: int


@dataclass
class Outcome(Found):
    value: float
    unit: str
    baseline: float | None = None
    baseline_unit: str | None = None
    baseline_max: float | None = None
    value_max: float | None = None
    qualifier: str | None = None
    kind: str = "level"
    direction: str = "none"
    projected: bool = False
    metric: str = "count"
    period: int | None = None
    role: str = "effect"  # effect | context | input | status (the shared outcome-role names)


@dataclass
class Agency(Found):
    name: str
    type: str
    role: str  # implementer | mentioned
    id: str | None = None
    review: str | None = None  # why a reader should check it (a name expanded from a list …)


@dataclass
class Place(Found):
    name: str
    id: str | None = None


@dataclass
class Measure(Found):
    name: str
    concept: str | None  # a known concept id, or None for a candidate new measure
    status: str = "known"
    score: float = 1.0
    reason: str = ""
    planned: bool = False  # named as a plan (计划…建设, 下一步将推广): application status planned


@dataclass
class Claim(Found):
    scope: str


@dataclass
class DraftCase:
    number: str
    title: str | None
    start: int
    end: int
    agencies: list[Agency] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def items(self):
        return [*self.agencies, *self.places, *self.measures, *self.outcomes, *self.claims]

    def as_json(self) -> dict:
        return {
            "number": self.number, "title": self.title, "start": self.start, "end": self.end,
            "agencies": [{"name": a.name, "type": a.type, "role": a.role, "id": a.id, "review": a.review,
                          "quote": a.quote, "start": a.start, "end": a.end} for a in self.agencies],
            "places": [{"name": p.name, "id": p.id, "quote": p.quote, "start": p.start, "end": p.end} for p in self.places],
            "measures": [{"name": m.name, "concept": m.concept, "status": m.status, "score": m.score, "reason": m.reason,
                          "planned": m.planned,
                          "quote": m.quote, "start": m.start, "end": m.end} for m in self.measures],
            "outcomes": [dict(asdict(o)) for o in self.outcomes],
            "claims": [{"scope": c.scope, "quote": c.quote, "start": c.start, "end": c.end} for c in self.claims],
        }
