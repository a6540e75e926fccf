"""What the site shows, read from the store with a few whole-graph SPARQL queries (site/queries/*.rq).

No page queries the store itself: `SiteData.load` runs each query once over the whole graph and
indexes the rows (labels, types, links both ways, passages, cases and their statements, outcomes),
so the cost does not grow with the number of pages. Nothing here assumes one source document.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from ..build import BASE

PK = BASE + "ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
QUERIES = ("labels", "types", "links", "evidence", "cases", "statements", "outcomes", "sources")
ROLE_EFFECT = BASE + "outcome-role/effect"
STATUS_APPLIED = BASE + "application-status/applied"


def query_text(name: str) -> str:
    return resources.files("portkg.site").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")


@dataclass
class Passage:
    iri: str
    source: str
    start: int
    end: int
    exact: str

    @property
    def anchor(self) -> str:
        return f"q-{self.start}-{self.end}"


@dataclass
class Statement:
    """One quoted statement of a case: kind agency | place | measure | claim."""

    case: str
    kind: str
    node: str
    target: str
    passage: Passage
    local: str = ""
    agency: str | None = None
    status: str | None = None
    what: str = ""  # a claim: what it says is new
    about: str | None = None  # a claim: the measure it is about
    more: list[Passage] = field(default_factory=list)  # further passages stating the same claim


@dataclass
class Outcome:
    case: str
    iri: str
    metric: str
    value: float
    unit: str
    passage: Passage
    stated: float | None = None
    stated_unit: str | None = None
    value_max: float | None = None
    baseline: float | None = None
    change: float | None = None
    magnitude: float | None = None
    direction: str | None = None
    kind: str | None = None
    qualifier: str | None = None
    projected: bool = False
    period: str | None = None
    role: str | None = None


@dataclass
class Case:
    iri: str
    number: str
    title: str
    source: str
    start: int
    end: int
    heading: Passage
    statements: list[Statement] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, kind: str) -> list[Statement]:
        return [s for s in self.statements if s.kind == kind]


class SiteData:
    """The graph as the site needs it, indexed once."""

    def __init__(self):
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)      # iri → lang → label
        self.alt: dict[str, list[str]] = defaultdict(list)              # iri → other wordings
        self.definition: dict[str, dict[str, str]] = defaultdict(dict)
        self.notation: dict[str, str] = {}
        self.titles: dict[str, dict[str, str]] = defaultdict(dict)
        self.notes: dict[str, str] = {}
        self.types: dict[str, set[str]] = defaultdict(set)              # iri → local class names
        self.out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.inn: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.passages: dict[str, Passage] = {}
        self.cases: dict[str, Case] = {}
        self.sources: dict[str, dict] = {}
        self.coords: dict[str, tuple[float, float]] = {}
        self.query_texts: dict[str, str] = {}

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, store) -> "SiteData":
        d = cls()
        rows = {}
        for name in QUERIES:
            text = query_text(name)
            d.query_texts[name] = text
            res = store.query(text)
            rows[name] = [dict(zip(res.headers, r)) for r in res.rows]
        d._index(rows)
        return d

    def _index(self, rows: dict[str, list[dict]]) -> None:
        for r in rows["labels"]:
            s, p, text, lang = r["s"], r["p"], str(r["text"]), r["lang"] or ""
            if p in (RDFS + "label", SKOS + "prefLabel"):
                # prefLabel wins over rdfs:label when both exist (they agree in registries)
                if lang not in self.labels[s] or p == SKOS + "prefLabel":
                    self.labels[s][lang] = text
            elif p == SKOS + "altLabel":
                self.alt[s].append(text)
            elif p == SKOS + "definition":
                self.definition[s][lang] = text
            elif p == SKOS + "notation":
                self.notation[s] = text
            elif p == DCT + "title":
                self.titles[s][lang] = text
            elif p == PK + "note":
                self.notes[s] = text
        for s in self.alt:
            self.alt[s] = sorted(set(self.alt[s]))
        for r in rows["types"]:
            self.types[r["s"]].add(r["type"][len(PK):])
        for r in rows["links"]:
            p = _short_predicate(r["p"])
            self.out[r["s"]][p].append(r["o"])
            self.inn[r["o"]][p].append(r["s"])
        for r in rows["evidence"]:
            self.passages[r["ev"]] = Passage(r["ev"], r["source"], int(r["start"]), int(r["end"]), str(r["exact"]))
        for r in rows["sources"]:
            if r.get("lat") is not None:
                self.coords[r["s"]] = (float(r["lat"]), float(r["long"]))
            else:
                self.sources[r["s"]] = {"year": r.get("year"), "sha256": r.get("sha256")}
        for r in rows["cases"]:
            self.cases[r["case"]] = Case(r["case"], str(r["number"]), str(r["title"]), r["source"], int(r["start"]),
                                         int(r["end"]), self.passages[r["ev"]])
        by_node: dict[str, Statement] = {}
        for r in rows["statements"]:
            c = self.cases.get(r["case"])
            if c is None:
                continue
            p = self.passages[r["ev"]]
            if r["node"] in by_node:  # one more passage for the same statement (a claim stated twice)
                by_node[r["node"]].more.append(p)
                continue
            st = Statement(r["case"], r["kind"], r["node"], r["target"], p, str(r.get("local") or ""),
                           r.get("agency"), r.get("status"), str(r.get("what") or ""), r.get("about"))
            by_node[r["node"]] = st
            c.statements.append(st)
        for st in by_node.values():  # the first passage leads (a claim's IRI is named by it)
            if st.more:
                ps = sorted([st.passage, *st.more], key=lambda p: (p.start, p.end))
                st.passage, st.more = ps[0], ps[1:]
        for r in rows["outcomes"]:
            c = self.cases.get(r["case"])
            if c is None:
                continue
            c.outcomes.append(Outcome(
                r["case"], r["outcome"], r["metric"], r["value"], r["unit"], self.passages[r["ev"]],
                stated=r.get("stated"), stated_unit=r.get("stated_unit"), value_max=r.get("value_max"),
                baseline=r.get("baseline"), change=r.get("change"), magnitude=r.get("magnitude"),
                direction=r.get("direction"), kind=r.get("kind"), qualifier=r.get("qualifier"),
                projected=bool(r.get("projected")), period=r.get("period"), role=r.get("role")))
        for c in self.cases.values():
            c.statements.sort(key=lambda s: (s.kind, s.passage.start, s.node))
            c.outcomes.sort(key=lambda o: (o.passage.start, o.iri))
        self._derive()

    # ------------------------------------------------------------ derived views

    def _derive(self) -> None:
        self.case_list = sorted(self.cases.values(), key=lambda c: (self.source_order(c.source), c.number, c.iri))
        self.has_status = any(s.status for c in self.case_list for s in c.of("measure"))
        self.has_role = any(o.role for c in self.case_list for o in c.outcomes)
        self.case_cities: dict[str, list[str]] = {}
        for c in self.case_list:
            self.case_cities[c.iri] = sorted((p for p in self.out[c.iri]["locatedIn"] if self.is_a(p, "City")),
                                             key=self.sort_key)
        # measure → cases applying it (status applied only, once curation gives every application one)
        self.measure_cases: dict[str, list[str]] = defaultdict(list)
        self.applications: dict[str, list[Statement]] = defaultdict(list)
        for c in self.case_list:
            seen = set()
            for s in c.of("measure"):
                self.applications[s.target].append(s)
                if self.applied(s) and s.target not in seen:
                    seen.add(s.target)
                    self.measure_cases[s.target].append(c.iri)
        self.measure_cities: dict[str, list[str]] = {
            m: sorted({x for case in cs for x in self.case_cities[case]}, key=self.sort_key)
            for m, cs in self.measure_cases.items()}

    def source_order(self, source: str) -> tuple:
        return (str(self.sources.get(source, {}).get("year") or ""), source)

    def applied(self, s: Statement) -> bool:
        return not self.has_status or s.status == STATUS_APPLIED

    def effect(self, o: Outcome) -> bool:
        """An outcome that says what a reform achieved (role effect, once curation gives roles)."""
        return (not self.has_role or o.role == ROLE_EFFECT) and not o.projected

    def copied(self, measure: str) -> bool:
        """Applied in two or more cases located in two or more cities: one joint multi-city case is not copying."""
        return len(self.measure_cases.get(measure, ())) >= 2 and len(self.measure_cities.get(measure, ())) >= 2

    def is_a(self, iri: str, cls: str) -> bool:
        return cls in self.types.get(iri, ())

    def of_type(self, cls: str) -> list[str]:
        """Every node of a class, by label (computed once per class)."""
        cache = self.__dict__.setdefault("_of_type", {})
        if cls not in cache:
            cache[cls] = sorted((s for s, t in self.types.items() if cls in t), key=self.sort_key)
        return list(cache[cls])

    def zh(self, iri: str) -> str:
        lab = self.labels.get(iri, {})
        return lab.get("zh") or lab.get("") or lab.get("en") or self.notation.get(iri) or _local(iri)

    def en(self, iri: str) -> str:
        lab = self.labels.get(iri, {})
        return lab.get("en") or lab.get("") or lab.get("zh") or self.notation.get(iri) or _local(iri)

    def sort_key(self, iri: str):
        """Places by their romanised name (their English label is pinyin: 德州 Dezhou before 菏泽 Heze, as a
        Chinese index orders them), everything else by its Chinese label (code-point order)."""
        if "Place" in self.types.get(iri, ()) and self.labels.get(iri, {}).get("en"):
            return (0, self.labels[iri]["en"].casefold(), self.zh(iri), iri)
        return (1, self.zh(iri), "", iri)

    def cities(self) -> list[str]:
        """Cities with at least one case, by name."""
        have = {x for xs in self.case_cities.values() for x in xs}
        return sorted(have, key=self.sort_key)


def _local(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def related(d, m: str) -> list[str]:
    """Measures skos:related to ``m`` (a specific form, component or variant; the relation is
    symmetric, so both directions count)."""
    return sorted(set(d.out[m].get("related", [])) | set(d.inn[m].get("related", [])), key=d.sort_key)


def _short_predicate(p: str) -> str:
    return p.rsplit("#", 1)[-1] if "#" in p else p.rsplit("/", 1)[-1]
