"""Build-time summaries: derived triples the named queries read instead of aggregating over every
measure application, outcome and case of a large corpus at query time.

They are ordinary triples in the built graph (declared in ontology/portkg.ttl, each property's
rdfs:comment says it is derived), computed from the graph the build made:

- per case: ``pk:caseCity`` (each pk:City it is located in), ``pk:measureCategory`` (the
  categories, "families", of the measures it applies), ``pk:nMeasures``, ``pk:nOutcomes``;
- per measure and per measure category: ``pk:appliedInCity``, ``pk:nCities``, ``pk:nCases``,
  ``pk:cityList``, ``pk:caseList``, ``pk:wordingList`` and ``pk:summaryLevel`` (over applied,
  not planned, applications of cases located in a named city), and for measures the best effect
  outcome stated with it (``pk:statedWith``, which the build derives from the source text; the
  choice the site's city page makes): ``pk:bestChange``, ``pk:bestChangeUnit``, ``pk:bestQuote``,
  ``pk:bestCase``, absent when no effect is stated with the measure;
- per city: ``pk:nMeasures``, ``pk:nCases``, ``pk:nOutcomes``, ``pk:nCategories``;
- per agency with cases: ``pk:nCases``, ``pk:caseList``, ``pk:nNamedApplications``;
- per agency type and measure category: a ``pk:AgencyTypeCategorySummary`` node
  (``summary/agency-type-category/TYPE/CATEGORY``) with ``pk:agencyType``,
  ``pk:measureCategory``, ``pk:nApplications`` and ``pk:nCases``.
- per article of the WTO Trade Facilitation Agreement (``skos:inScheme`` the tfa scheme): the
  measures mapped to it or to a part of it (``skos:closeMatch``/``skos:broadMatch``, rolled up
  along ``skos:broader``) and the cases applying them: ``pk:nMappedMeasures``,
  ``pk:nMappedCases``, ``pk:mappedMeasureList`` (zh labels) and ``pk:mappedCaseNumberList``
  (the cases' two-digit numbers, as queries/tfa-coverage.rq lists them). Precomputed because
  Virtuoso refuses the long GROUP_CONCAT (SR319, max row length) at 100x.
- per outcome a case reports: ``pk:listingRank``, its place (1, 2, …) in the order of
  queries/outcomes.rq (metric zh label, unit zh label, value descending, case id, quote; the IRI
  breaks ties), so that the listing can take one page of outcomes by rank before it looks up
  their labels.

Lists are the distinct values sorted and joined with "; " (as the queries' GROUP_CONCAT cells are
after portkg.query.normalise_lists). The definitions follow the aggregations the queries made
before (tests compare the rows of the old and the new queries on the real corpus).
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from decimal import Decimal

from .evidence import NEARNESS_IRI

BASE = "https://w3id.org/portkg/"
PK = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
SEP = "; "

# what the summaries are made from: these predicates (rdf:type only for these classes)
_NEEDED = {f"<{PK}{p}>".encode() for p in (
    "locatedIn", "appliesMeasure", "qualifiedMeasure", "measure", "localName", "status", "reportsOutcome",
    "changeMagnitude", "role", "evidence", "implementedBy", "agency", "metric", "unit", "value", "statedWith",
    "statedWithNearness", "baselineValue", "projected", "inSource", "year")} | {
    b"<http://www.w3.org/ns/oa#start>",
    b"<http://www.w3.org/2004/02/skos/core#broader>", b"<http://www.w3.org/ns/oa#exact>",
    b"<http://www.w3.org/ns/org#classification>", b"<http://www.w3.org/2004/02/skos/core#inScheme>",
    b"<http://www.w3.org/2004/02/skos/core#closeMatch>", b"<http://www.w3.org/2004/02/skos/core#broadMatch>",
    b"<http://www.w3.org/2004/02/skos/core#prefLabel>", b"<http://purl.org/dc/terms/identifier>"}
_TYPES = {f"<{PK}{c}> .\n".encode() for c in ("City", "MeasureCategory", "Case", "MeasureApplication", "Measure")}
_PLACE = f"<{BASE}place/".encode()
_LABELLED = (_PLACE, f"<{BASE}unit/".encode(), b"<http://qudt.org/vocab/")  # the rdfs:labels read: places and units
_LABEL = f"<{RDFS_LABEL}>".encode()
_TYPE = f"<{RDF_TYPE}>".encode()

#: the predicates (and the class) the summaries write: a graph's summaries are exactly its lines
#: with these predicates (and the rdf:type lines of summary nodes)
WRITTEN = ("caseCity", "measureCategory", "nMeasures", "nOutcomes", "appliedInCity", "nCities", "nCases",
           "cityList", "caseList", "wordingList", "summaryLevel", "bestChange", "bestChangeUnit", "bestQuote", "bestCase",
           "nCategories", "nNamedApplications", "agencyType", "nApplications", "nMappedMeasures", "nMappedCases",
           "mappedMeasureList", "mappedCaseNumberList", "listingRank")


class Collector:
    """Reads the N-Triples lines of a graph (any order, in pieces) and derives its summary lines."""

    def __init__(self):
        import pyoxigraph as ox

        self.ox = ox
        self.store = ox.Store()
        self.buf: list[bytes] = []
        self.size = 0

    def feed_many(self, lines) -> None:
        """Keep the lines (each ending in a newline) the summaries are made from: the predicates of
        _NEEDED, rdf:type of _TYPES, labels of _LABELLED nodes; bulk-loaded 64 MB at a time."""
        buf, size, needed, types, labelled = self.buf, self.size, _NEEDED, _TYPES, _LABELLED
        append = buf.append
        for line in lines:
            parts = line.split(b" ", 2)
            if len(parts) < 3:
                continue
            p = parts[1]
            if p in needed or (p == _TYPE and parts[2] in types) or (p == _LABEL and parts[0].startswith(labelled)):
                append(line)
                size += len(line)
                if size > 64 << 20:
                    self.size = size
                    self._flush()
                    buf, size = self.buf, 0
                    append = buf.append
        self.size = size

    def _flush(self) -> None:
        if self.buf:
            self.store.bulk_load(input=b"".join(self.buf), format=self.ox.RdfFormat.N_TRIPLES)
            self.buf, self.size = [], 0

    def lines(self) -> list[bytes]:
        self._flush()
        return derive(self.store)


def add_summaries(nt: bytes) -> bytes:
    """The sorted N-Triples ``nt`` with its summary lines merged in (still sorted)."""
    c = Collector()
    lines = nt.splitlines(keepends=True)
    if lines and not lines[-1].endswith(b"\n"):
        lines[-1] += b"\n"
    c.feed_many(lines)
    extra = c.lines()
    if not extra:
        return nt
    return b"".join(heapq.merge(lines, extra))


# ---------------------------------------------------------------- the derivations

def _rows(store, sparql: str):
    ox = store  # noqa: F841
    out = []
    for sol in store.query(sparql):
        out.append(tuple(None if t is None else t.value for t in sol))
    return out


def _nt_literal(value, datatype: str | None = None) -> str:
    import pyoxigraph as ox

    lit = ox.Literal(str(value), datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(str(value))
    return str(lit)


def _case_id(iri: str) -> str:
    return iri.split("/case/", 1)[1] if "/case/" in iri else ""


_EFFECT = "https://w3id.org/portkg/outcome-role/effect"
_PERCENT = "http://qudt.org/vocab/unit/PERCENT"
PERCENTAGE_POINT = BASE + "unit/PercentagePoint"
#: the nearness levels of pk:statedWithNearness, nearest first (portkg.evidence.NEARNESS_IRI)
_LEVEL = {f"{BASE}nearness/{name}": level for level, name in NEARNESS_IRI.items()}


def effect_size(value, unit: str, baseline, magnitude) -> tuple[float | None, Decimal | None, str | None]:
    """How big a change an outcome reports (site/city.py effect_size): a rate's before/after in
    percentage points, else its pk:changeMagnitude; (the float the site ranks by, the exact
    decimal, its unit), or Nones when the outcome has no size of change."""
    if baseline is not None and unit.endswith("/PERCENT"):
        return abs(float(value) - float(baseline)), abs(Decimal(value) - Decimal(baseline)), PERCENTAGE_POINT
    if magnitude is not None:
        return float(magnitude), Decimal(magnitude), _PERCENT
    return None, None, None


def best_outcomes(store, Q: str) -> dict[str, tuple]:
    """measure → (size, its unit, quote, case) of its best outcome stated with it: among its
    achieved (not projected) effects with ``pk:statedWith`` the measure, those with a size of change
    first, then the nearest level, then the largest size; of equals the first by source (year,
    IRI), position in the text, case number, case and outcome IRI, as the site orders them."""
    cands = defaultdict(list)
    rows = _rows(store, Q + f"""SELECT ?m ?o ?level ?c ?src ?year ?n ?start ?q ?v ?u ?b ?mag WHERE {{
        ?o pk:statedWith ?m ; pk:statedWithNearness ?level ; pk:role <{_EFFECT}> ; pk:projected false ;
           pk:value ?v ; pk:unit ?u ; pk:evidence ?ev . ?ev oa:start ?start ; oa:exact ?q .
        ?c pk:reportsOutcome ?o ; pk:inSource ?src ; <http://purl.org/dc/terms/identifier> ?n .
        OPTIONAL {{ ?src pk:year ?year }} OPTIONAL {{ ?o pk:baselineValue ?b }} OPTIONAL {{ ?o pk:changeMagnitude ?mag }} }}""")
    for m, o, level, c, src, year, n, start, q, v, u, b, mag in rows:
        ranked, size, unit = effect_size(v, u, b, mag)
        key = (ranked is None, _LEVEL[level], -(ranked or 0), year or "", src, int(start), n, c, o)
        cands[m].append((key, (size, unit, q, c)))
    return {m: min(cs, key=lambda kv: kv[0])[1] for m, cs in cands.items()}


def derive(store) -> list[bytes]:
    """The summary lines (sorted, UTF-8) of the graph in ``store``."""
    out: list[str] = []

    def iri_(x):
        return f"<{x}>"

    def add(s, p, o):
        out.append(f"{iri_(s)} <{PK}{p}> {o} .\n")

    def integer(n):
        return _nt_literal(n, XSD + "integer")

    def text(s):
        return _nt_literal(s)

    def joined(values):
        return text(SEP.join(sorted(set(values) - {""})))

    Q = f"PREFIX pk: <{PK}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX oa: <http://www.w3.org/ns/oa#> " \
        "PREFIX org: <http://www.w3.org/ns/org#> "
    # cases and the named cities (with a zh name) they are located in
    city_of = defaultdict(set)      # case -> cities (pk:City)
    for case, city in _rows(store, Q + "SELECT ?c ?x WHERE { ?c a pk:Case ; pk:locatedIn ?x . ?x a pk:City }"):
        city_of[case].add(city)
    name_of = defaultdict(set)
    for city, name in _rows(store, Q + "SELECT ?x ?n WHERE { ?x a pk:City ; rdfs:label ?n FILTER (lang(?n) = 'zh') }"):
        name_of[city].add(name)
    applies = defaultdict(set)      # case -> measures applied
    for case, m in _rows(store, Q + "SELECT ?c ?m WHERE { ?c pk:appliesMeasure ?m }"):
        applies[case].add(m)
    categories = defaultdict(set)   # measure -> categories
    for m, cat in _rows(store, Q + "SELECT ?m ?k WHERE { ?m skos:broader ?k . ?k a pk:MeasureCategory }"):
        categories[m].add(cat)
    outcomes = defaultdict(set)
    for case, o in _rows(store, Q + "SELECT ?c ?o WHERE { ?c pk:reportsOutcome ?o }"):
        outcomes[case].add(o)

    # -- per case
    for case in sorted(set(city_of) | set(applies) | set(outcomes)):
        for city in sorted(city_of.get(case, ())):
            add(case, "caseCity", iri_(city))
        fams = {k for m in applies.get(case, ()) for k in categories.get(m, ())}
        for k in sorted(fams):
            add(case, "measureCategory", iri_(k))
        add(case, "nMeasures", integer(len(applies.get(case, ()))))
        add(case, "nOutcomes", integer(len(outcomes.get(case, ()))))

    # -- per measure and category: applied applications of cases in a named city
    wordings = defaultdict(set)     # (case, measure) -> wordings of its applied applications
    for case, m, w in _rows(store, Q + "SELECT ?c ?m ?w WHERE { ?c pk:qualifiedMeasure ?a . ?a pk:measure ?m ; "
                                       "pk:localName ?w . FILTER NOT EXISTS { ?a pk:status "
                                       "<https://w3id.org/portkg/application-status/planned> } }"):
        wordings[(case, m)].add(w)
    level_pairs = {"measure": defaultdict(set), "category": defaultdict(set)}  # concept -> cases
    for case, m in wordings:
        level_pairs["measure"][m].add(case)
    for case, ms in applies.items():
        for m in ms:
            for k in categories.get(m, ()):
                level_pairs["category"][k].add(case)
    for level, pairs in level_pairs.items():
        for concept in sorted(pairs):
            cases = {c for c in pairs[concept] if any(name_of.get(x) for x in city_of.get(c, ()))}
            if not cases:
                continue
            cities = {x for c in cases for x in city_of[c] if name_of.get(x)}
            for x in sorted(cities):
                add(concept, "appliedInCity", iri_(x))
            add(concept, "summaryLevel", text(level))
            add(concept, "nCities", integer(len(cities)))
            add(concept, "nCases", integer(len(cases)))
            add(concept, "cityList", joined(n for x in cities for n in name_of[x]))
            add(concept, "caseList", joined(_case_id(c) for c in cases))
            add(concept, "wordingList", joined(w for c in cases for w in wordings.get((c, concept), ()))
                if level == "measure" else text(""))

    # -- per measure: the best effect outcome stated with it (what site/city.py measure_outcome shows)
    for m, line in best_outcomes(store, Q).items():
        size, unit, quote, case = line
        if size is not None:
            add(m, "bestChange", _nt_literal(format(size, "f"), XSD + "decimal"))
            add(m, "bestChangeUnit", iri_(unit))
        add(m, "bestQuote", text(quote))
        add(m, "bestCase", text(_case_id(case)))

    # -- per city: cases located there that apply a measure
    city_cases = defaultdict(set)
    for case, ms in applies.items():
        if ms:
            for x in city_of.get(case, ()):
                city_cases[x].add(case)
    for x in sorted(city_cases):
        cs = city_cases[x]
        ms = {m for c in cs for m in applies[c]}
        add(x, "nMeasures", integer(len(ms)))
        add(x, "nCases", integer(len(cs)))
        add(x, "nOutcomes", integer(len({o for c in cs for o in outcomes.get(c, ())})))
        add(x, "nCategories", integer(len({k for m in ms for k in categories.get(m, ())})))

    # -- per agency with cases
    impl = defaultdict(set)         # agency -> cases
    impl_of = defaultdict(set)      # case -> agencies
    for case, a in _rows(store, Q + "SELECT ?c ?a WHERE { ?c pk:implementedBy ?a }"):
        impl[a].add(case)
        impl_of[case].add(a)
    named = defaultdict(int)
    for a, n in _rows(store, Q + "SELECT ?a (COUNT(?app) AS ?n) WHERE { ?app a pk:MeasureApplication ; pk:agency ?a } "
                                 "GROUP BY ?a"):
        named[a] = int(n)
    for a in sorted(impl):
        add(a, "nCases", integer(len(impl[a])))
        add(a, "caseList", joined(_case_id(c) for c in impl[a]))
        add(a, "nNamedApplications", integer(named.get(a, 0)))

    # -- per agency type and measure category: an application counts for the agency the text names
    #    for it, or else for every implementing unit of its case
    types = defaultdict(set)
    for a, t in _rows(store, Q + "SELECT ?a ?t WHERE { ?a org:classification ?t }"):
        types[a].add(t)
    cells = defaultdict(lambda: (set(), set()))
    for case, app, m, agency in _rows(store, Q + "SELECT ?c ?app ?m ?named WHERE { ?c pk:qualifiedMeasure ?app . "
                                                 "?app pk:measure ?m . OPTIONAL { ?app pk:agency ?named } }"):
        if not impl_of.get(case):
            continue  # the query joins the case's implementers even where the application names its agency
        agencies = [agency] if agency else sorted(impl_of[case])
        for k in categories.get(m, ()):
            for a in agencies:
                for t in types.get(a, ()):
                    apps, cs = cells[(t, k)]
                    apps.add(app)
                    cs.add(case)
    for (t, k) in sorted(cells):
        apps, cs = cells[(t, k)]
        node = f"{BASE}summary/agency-type-category/{t.rsplit('/', 1)[-1]}/{k.rsplit('/', 1)[-1]}"
        out.append(f"<{node}> <{RDF_TYPE}> <{PK}AgencyTypeCategorySummary> .\n")
        add(node, "agencyType", iri_(t))
        add(node, "measureCategory", iri_(k))
        add(node, "nApplications", integer(len(apps)))
        add(node, "nCases", integer(len(cs)))

    # -- per TFA article: the measures mapped to it or below it, and the cases applying them
    #    (as queries/tfa-coverage.rq counted them: measures with a zh label; a case by its number)
    articles = [a for (a,) in _rows(store, Q + "SELECT ?a WHERE { ?a skos:inScheme <https://w3id.org/portkg/tfa> }")]
    mapped = defaultdict(set)       # article -> measures
    for a, m in _rows(store, Q + "SELECT DISTINCT ?a ?m WHERE { ?a skos:inScheme <https://w3id.org/portkg/tfa> . "
                                 "?m (skos:closeMatch|skos:broadMatch) ?sub . ?sub skos:broader* ?a . ?m a pk:Measure }"):
        mapped[a].add(m)
    zh = defaultdict(set)
    for m, label in _rows(store, Q + "SELECT ?m ?l WHERE { ?m a pk:Measure ; skos:prefLabel ?l FILTER (lang(?l) = 'zh') }"):
        zh[m].add(label)
    numbers = defaultdict(set)      # measure -> (case, number) of the cases applying it
    for case, m, n in _rows(store, Q + "SELECT ?c ?m ?n WHERE { ?c pk:appliesMeasure ?m ; "
                                       "<http://purl.org/dc/terms/identifier> ?n }"):
        numbers[m].add((case, n))
    for a in sorted(set(articles)):
        ms = {m for m in mapped.get(a, ()) if zh.get(m)}
        cases = {cn for m in ms for cn in numbers.get(m, ())}
        add(a, "nMappedMeasures", integer(len(ms)))
        add(a, "nMappedCases", integer(len({c for c, _ in cases})))
        add(a, "mappedMeasureList", joined(label for m in ms for label in zh[m]))
        add(a, "mappedCaseNumberList", joined(n for _, n in cases))

    # -- per outcome a case reports: its rank in the outcomes listing's order (queries/outcomes.rq:
    #    ORDER BY ?metric_label ?unit DESC(?value) ?case ?city ?quote). A label or quote it lacks
    #    sorts first, as unbound does in SPARQL; of several, the least. The city is left out: the
    #    outcomes of one case share its cities, and cases differ before cities are compared.
    first = {}

    def least(rows):
        d = {}
        for k, v in rows:
            d[k] = v if k not in d else min(d[k], v)
        return d

    metric_label = least(_rows(store, Q + "SELECT ?m ?l WHERE { ?o pk:metric ?m . ?m skos:prefLabel ?l "
                                          "FILTER (lang(?l) = 'zh') }"))
    unit_label = least(_rows(store, Q + "SELECT ?u ?l WHERE { ?o pk:unit ?u . ?u rdfs:label ?l "
                                        "FILTER (lang(?l) = 'zh') }"))
    quote = least(_rows(store, Q + "SELECT ?o ?q WHERE { ?c pk:reportsOutcome ?o . ?o pk:evidence ?ev . "
                                   "?ev oa:exact ?q }"))
    attrs = defaultdict(dict)
    for o, p, v in _rows(store, Q + "SELECT ?o ?p ?v WHERE { ?c pk:reportsOutcome ?o . "
                                    "VALUES ?p { pk:metric pk:unit pk:value } ?o ?p ?v }"):
        d = attrs[o]
        name = p.rsplit("#", 1)[1]
        d[name] = v if name not in d else min(d[name], v, key=Decimal if name == "value" else str)

    def labelled(x):
        return (0, "") if x is None else (1, x)

    for case, os_ in outcomes.items():
        for o in os_:
            a = attrs.get(o, {})
            v = a.get("value")
            key = (labelled(metric_label.get(a.get("metric"))), labelled(unit_label.get(a.get("unit"))),
                   (0, -Decimal(v)) if v is not None else (1, 0), _case_id(case), labelled(quote.get(o)), o)
            first[o] = key if o not in first else min(first[o], key)
    for rank, o in enumerate(sorted(first, key=first.get), 1):
        add(o, "listingRank", integer(rank))

    return sorted(line.encode("utf-8") for line in out)
