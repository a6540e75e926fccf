"""Source + ontology + vocabularies + case files → one RDF graph, and its files on disk.

The graph has no blank nodes: every case, role, application, outcome, claim and evidence
passage gets an IRI derived from stable things (ids and source offsets), so the output is
byte-identical on every run and works unchanged behind a SPARQL server.
"""
from __future__ import annotations

import heapq
import itertools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Namespace, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.plugins.serializers.nt import _nt_row, _quote_encode, _quoteLiteral
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from .authoring import (QUALIFIERS, CaseFile, Item, LineDict, Vocabulary, check_figures_stated, read_case_file,
                        read_registry)
from .errors import InputError
from .source import QuoteNotFound, SourceDocument, Span, load_source, locate_quote, squeeze
from .units import normalise
from . import evidence, summaries

class _Terms(Namespace):
    """An rdflib Namespace that makes each term once (rdflib's makes a new URIRef on every
    ``PK.evidence``, a measurable part of building a large corpus)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        key = (str(self), name)
        term = _TERMS.get(key)
        if term is None:
            term = _TERMS[key] = self.term(name)
        return term


_TERMS: dict[tuple[str, str], URIRef] = {}
BASE = "https://w3id.org/portkg/"
PK = _Terms(BASE + "ontology#")
OA = _Terms("http://www.w3.org/ns/oa#")
GEO = _Terms("http://www.w3.org/2003/01/geo/wgs84_pos#")
QUDT = _Terms("http://qudt.org/schema/qudt/")
UNIT = _Terms("http://qudt.org/vocab/unit/")
CUR = _Terms("http://qudt.org/vocab/currency/")

NS = {
    "pk": PK, "oa": OA, "geo": GEO, "qudt": QUDT, "unit": UNIT, "cur": CUR, "org": ORG, "prov": PROV,
    "skos": SKOS, "dcterms": DCTERMS, "owl": Namespace("http://www.w3.org/2002/07/owl#"),
    "case": Namespace(BASE + "case/"), "agency": Namespace(BASE + "agency/"),
    "place": Namespace(BASE + "place/"), "measure": Namespace(BASE + "measure/"),
    "metric": Namespace(BASE + "metric/"), "at": Namespace(BASE + "agency-type/"),
    "src": Namespace(BASE + "source/"), "tfa": Namespace(BASE + "tfa/"),
}

PLACE_CLASSES = {
    "province": [PK.Province], "city": [PK.City], "county": [PK.County], "town": [PK.Town],
    "port": [PK.Seaport, PK.Port], "airport": [PK.Airport, PK.Port], "bonded-zone": [PK.BondedZone, PK.Port],
    "free-trade-zone": [PK.FreeTradeZone, PK.Port], "park": [PK.Park, PK.Port],
}
DIRECTION = {"increase": PK.Increase, "decrease": PK.Decrease, "none": PK.NoDirection}


def iri(kind: str, ident: str) -> URIRef:
    return URIRef(f"{BASE}{kind}/{ident}")


@dataclass
class Project:
    """Where a portkg project keeps its files (the repository layout)."""

    root: Path

    @property
    def sources(self) -> list[Path]:
        return sorted((self.root / "data" / "source").glob("*.yaml"))

    @property
    def cases(self) -> list[Path]:
        """The case files; a missing or empty data/cases/ or a `.yml` file is an error, not an empty graph."""
        d = self.root / "data" / "cases"
        if not d.is_dir():
            raise InputError(d, None, None, "no data/cases/ directory: there would be no cases to build",
                             "restore it (git checkout -- data/cases) or create it with at least one case file")
        for p in sorted(d.iterdir()):
            if p.suffix.lower() == ".yml" or (p.suffix.lower() == ".yaml" and p.suffix != ".yaml"):
                raise InputError(p, None, None, "case files end in .yaml; this one would be skipped",
                                 f"rename it: git mv {p} {p.with_suffix('.yaml')}")
        found = sorted(d.glob("*.yaml"))
        if not found:
            raise InputError(d, None, None, "data/cases/ holds no case files (*.yaml): there would be no cases to build",
                             "restore them (git checkout -- data/cases) or add one (see docs/authoring.md)")
        return found

    @property
    def agencies(self) -> Path:
        return self.root / "data" / "agencies.yaml"

    @property
    def places(self) -> Path:
        return self.root / "data" / "places.yaml"

    @property
    def ontology(self) -> list[Path]:
        return sorted((self.root / "ontology").glob("*.ttl"))

    @property
    def shapes(self) -> list[Path]:
        return sorted((self.root / "shapes").glob("*.ttl"))

    @property
    def queries(self) -> Path:
        return self.root / "queries"


@dataclass
class Origin:
    """Where a node of the graph was written by a person."""

    path: str
    line: int | None
    field: str | None

    def render(self) -> str:
        s = self.path + (f":{self.line}" if self.line else "")
        return s + (f" ({self.field})" if self.field else "")


class BuildResult:
    """What a build produced: the graph as sorted N-Triples, where each node was written, the
    sources and the case files read.

    The build never holds the graph as one Python object per triple: ``ntriples`` is the
    output itself. ``store`` (Oxigraph in memory) and ``graph`` (rdflib, for pySHACL and the
    older consumers) are made from it on first use.
    """

    def __init__(self, ntriples: bytes, origins: dict | None = None, sources: dict | None = None,
                 case_files: list | None = None, case_triples: dict | None = None):
        self.ntriples = ntriples
        self.origins: dict[URIRef, Origin] = origins or {}
        self.sources: dict[str, SourceDocument] = sources or {}
        #: the case files read, each with its path, case number and source only (``_header``)
        self.case_files: list[CaseFile] = case_files or []
        #: each case file's own N-Triples lines (its nodes and the passages they cite), by path,
        #: and those of the rest (sources, registries, vocabularies): with build_graph(keep_parts=True)
        self.case_triples: dict[str, list[bytes]] = case_triples or {}
        self.shared_triples: list[bytes] = []
        #: the source documents by the path of their record
        self.source_records: dict[Path, SourceDocument] = {}
        self._graph: Graph | None = None
        self._store = None

    @property
    def triples(self) -> int:
        return self.ntriples.count(b"\n")

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = ntriples_graph(self.ntriples)
        return self._graph

    @property
    def store(self):
        """The graph in an in-memory pyoxigraph Store (loaded on first use)."""
        if self._store is None:
            import pyoxigraph as ox

            self._store = ox.Store()
            if self.ntriples:
                self._store.bulk_load(input=self.ntriples, format=ox.RdfFormat.N_TRIPLES)
        return self._store


def ntriples_graph(nt: bytes) -> Graph:
    """An rdflib Graph of N-Triples, parsed by Oxigraph (several times faster than rdflib's parser)."""
    import pyoxigraph as ox

    g = Graph()
    for prefix, ns in NS.items():
        g.bind(prefix, ns)
    add = g.add
    iris: dict[str, URIRef] = {}

    def term(t):
        if type(t) is ox.NamedNode:
            v = t.value
            r = iris.get(v)
            if r is None:
                r = iris[v] = URIRef(v)
            return r
        if type(t) is ox.Literal:
            if t.language:
                return RdfLiteral(t.value, lang=t.language)
            dt = t.datatype.value
            return RdfLiteral(t.value) if dt == _XSD_STRING else RdfLiteral(t.value, datatype=term(t.datatype))
        from rdflib import BNode

        return BNode(t.value)

    for tr in ox.parse(input=nt, format=ox.RdfFormat.N_TRIPLES):
        add((term(tr.subject), term(tr.predicate), term(tr.object)))
    return g


_XSD_STRING = str(XSD.string)


def find_project_root(start: Path | None = None) -> Path:
    """The nearest directory at or above ``start`` that holds data/ and ontology/."""
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        if (d / "ontology").is_dir() and (d / "data").is_dir():
            return d
    raise InputError(here, None, None, "not inside a portkg project (no data/ and ontology/ found)",
                     "run the command from the repository, or pass --project DIR")


def _turtle_error(path: Path, text: str) -> InputError | None:
    """The first Turtle syntax error of ``text`` with its real line (pyoxigraph's parser), or None."""
    import re

    import pyoxigraph as ox

    try:
        for _ in ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=BASE):
            pass
    except SyntaxError as err:
        problem = re.sub(r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): ", "", err.msg)
        lines = text.splitlines()
        line = err.lineno
        if line is None or line > len(lines) or not "".join(lines[line - 1:]).strip():
            # the parser reached the end of the file: the last statement is unfinished
            line = max((i + 1 for i, ln in enumerate(lines) if ln.strip()), default=1)
            problem = f"the file ends inside a statement ({problem.rstrip('.')}); the last one starts at or before this line"
        return InputError(path, line, None, f"malformed Turtle: {problem}",
                          "fix the Turtle syntax there (declared prefixes, ';' between properties, a final ' .')")
    return None


def load_vocabulary_graph(project: Project) -> Graph:
    """The vocabulary files (ontology/*.ttl) as an rdflib Graph (for callers that want one; the
    build reads them with ``load_vocabulary_lines``)."""
    from .source import read_utf8

    g = Graph()
    for path in project.ontology:
        text = read_utf8(path, "Turtle file")
        err = _turtle_error(path, text)
        if err is not None:
            raise err
        _rdflib_parse(g, path, text)
    return g


def _rdflib_parse(g: Graph, path: Path, text: str) -> None:
    try:
        g.parse(data=text, format="turtle", publicID=path.as_uri())
    except Exception as exc:  # rdflib raises several parser-specific types
        first = str(exc).splitlines()[0][:200]
        raise InputError(path, None, None, f"malformed Turtle: {first}",
                         "fix the Turtle syntax (check prefixes and the final ' .')") from None


class VocabularyLines:
    """The vocabulary files' triples as N-Triples lines (UTF-8), byte for byte what rdflib's
    parser and N-Triples writer make of them, but parsed by Oxigraph (the rdflib parse was about
    a second of every build and of every validation process)."""

    def __init__(self, lines: set[bytes]):
        self.lines = lines

    def ids(self, cls: URIRef, prefix: str) -> set[str]:
        head = f"<{BASE}{prefix}/".encode("utf-8")
        tail = f"> <{RDF.type}> <{cls}> .\n".encode("utf-8")
        return {line[len(head):-len(tail)].decode("utf-8") for line in self.lines
                if line.startswith(head) and line.endswith(tail) and line.count(b"> <") == 2}


# a file with an explicit xsd:string (Oxigraph does not keep it apart from a plain literal) or a
# blank node (rdflib names them its own way) is read by rdflib as before
_XSD_STRING_TYPED = re.compile(r"\^\^\s*(<[^>]*#string>|[\w.-]*:string\b)")


def _ox_nt(term) -> str:
    import pyoxigraph as ox

    if type(term) is ox.NamedNode:
        return f"<{term.value}>"
    text = _quote_encode(term.value)
    if term.language:
        return f"{text}@{term.language}"
    dt = term.datatype.value
    return text if dt == _XSD_STRING else f"{text}^^<{dt}>"


def load_vocabulary_lines(project: Project) -> VocabularyLines:
    import pyoxigraph as ox

    from .source import read_utf8

    lines: set[bytes] = set()
    for path in project.ontology:
        text = read_utf8(path, "Turtle file")
        own: list[bytes] = []
        try:
            for t in ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()):
                if type(t.subject) is not ox.NamedNode or type(t.object) is ox.BlankNode:
                    own = None
                    break
                own.append(f"{_ox_nt(t.subject)} {_ox_nt(t.predicate)} {_ox_nt(t.object)} .\n".encode("utf-8"))
        except SyntaxError as exc:
            raise (_turtle_error(path, text) or InputError(path, None, None, f"malformed Turtle: {exc}",
                                                           "fix the Turtle syntax")) from None
        if own is None or _XSD_STRING_TYPED.search(text):
            g = Graph()
            _rdflib_parse(g, path, text)
            own = [_nt_row(t).encode("utf-8") for t in g]
        lines.update(own)
    return VocabularyLines(lines)


def _ids(g: "Graph | VocabularyLines", cls: URIRef, prefix: str) -> set[str]:
    if isinstance(g, VocabularyLines):
        return g.ids(cls, prefix)
    return {str(s)[len(BASE + prefix) + 1:] for s in g.subjects(RDF.type, cls)
            if str(s).startswith(BASE + prefix + "/")}


def load_vocabulary(project: Project, vocab_graph: "Graph | VocabularyLines") -> Vocabulary:
    agencies = read_registry(project.agencies, "agencies", {"zh", "en", "type", "located_in", "parent"},
                             {"zh", "en", "type"})
    places = read_registry(project.places, "places", {"zh", "en", "type", "located_in", "lat", "long", "note"},
                           {"zh", "en", "type"})
    vocab = Vocabulary(
        agencies=agencies, places=places,
        measures=_ids(vocab_graph, PK.Measure, "measure"),
        metrics=_ids(vocab_graph, PK.Metric, "metric"),
        agency_types=_ids(vocab_graph, PK.AgencyType, "agency-type"),
        agencies_path=project.agencies, places_path=project.places,
    )
    for what, ids, cls in (("measures", vocab.measures, "pk:Measure"), ("metrics", vocab.metrics, "pk:Metric"),
                           ("agency_types", vocab.agency_types, "pk:AgencyType")):
        if not ids:
            name = {"agency_types": "agency-types"}.get(what, what)
            raise InputError(project.root / "ontology" / f"{name}.ttl", None, None,
                             f"the vocabulary defines no {cls} concepts (is ontology/{name}.ttl empty or missing?)",
                             f"restore it: git checkout -- ontology/{name}.ttl")
    vocab.check_registries()
    return vocab


class _NTLiteral(str):
    """A literal already in N-Triples form, made without rdflib's Literal machinery."""

    __slots__ = ()


_LANG = re.compile(r"^[a-z]{2,3}$")
_XSD_DECIMAL, _XSD_NNI, _XSD_BOOLEAN = XSD.decimal, XSD.nonNegativeInteger, XSD.boolean


def Literal(value, lang=None, datatype=None):  # noqa: N802 - stands in for rdflib.Literal at the call sites
    """``rdflib.Literal(value, lang, datatype)`` for the builder: the common kinds (strings, zh/en
    strings, decimals, offsets, booleans) go straight to their N-Triples text, byte for byte what
    rdflib writes (tests/test_build.py checks); anything else is an rdflib Literal."""
    kind = type(value)
    if kind is str and datatype is None:
        text = _quote_encode(value)
        if lang is None:
            return _NTLiteral(text)
        if _LANG.match(lang):
            return _NTLiteral(f"{text}@{lang}")
    elif lang is None:
        if kind is Decimal and datatype == _XSD_DECIMAL and value.is_finite():
            return _NTLiteral(f'"{value:f}"^^<{_XSD_DECIMAL}>')
        if kind is int and datatype == _XSD_NNI and value >= 0:
            return _NTLiteral(f'"{value}"^^<{_XSD_NNI}>')
        if kind is bool and datatype is None:
            return _NTLiteral(f'"{"true" if value else "false"}"^^<{_XSD_BOOLEAN}>')
    return RdfLiteral(value, lang=lang, datatype=datatype)


_NOT_IN_IRI = re.compile(r'[<>" {}|\\^`]')


_NT_IRI: dict[URIRef, str] = {}


def _nt(term) -> str:
    """A term as rdflib's N-Triples writer writes it (without its per-call IRI checks)."""
    kind = type(term)
    if kind is _NTLiteral:
        return term
    if kind is URIRef:
        text = _NT_IRI.get(term)
        if text is None:
            if _NOT_IN_IRI.search(term):
                raise ValueError(f"{term!r} is not a valid IRI")
            text = f"<{term}>"
            if len(_NT_IRI) < 100_000:  # predicates, classes, registry nodes: written again and again
                _NT_IRI[term] = text
        return text
    if isinstance(term, RdfLiteral):
        return _quoteLiteral(term)
    return term.n3()


_EV_TERMS = tuple(f"<{x}>" for x in (RDF.type, PK.Evidence, OA.TextQuoteSelector, OA.TextPositionSelector, OA.exact,
                                      OA.prefix, OA.suffix, OA.start, OA.end, PROV.wasQuotedFrom))


class GraphBuilder:
    """Adds the facts of sources, registries and case files to one graph."""

    def __init__(self, vocab: Vocabulary, sources: dict[str, SourceDocument]):
        self.vocab = vocab
        self.sources = sources
        self.origins: dict[URIRef, Origin] = {}
        self.place_ancestors: dict[str, list[str]] = {}
        self._keys: dict[str, dict[tuple, int]] = {}
        # N-Triples lines (UTF-8), one set for the shared part and one per case file: a case's
        # set holds its own triples and those of the passages it cites, so it can be checked alone
        self.shared: set[bytes] = set()
        self.cases: dict[str, list[bytes]] = {}
        self._lines = self.shared
        self._evidence: dict[int, set[URIRef]] = {}

    def add(self, s, p, o):
        self._lines.add(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n".encode("utf-8"))

    def lines(self) -> list[bytes]:
        """Every line once, sorted (a passage cited by two cases is in both their sets)."""
        out = sorted(itertools.chain(self.shared, *self.cases.values()))
        return [line for i, line in enumerate(out) if i == 0 or line != out[i - 1]]

    # ------------------------------------------------------------ evidence

    def evidence(self, doc: SourceDocument, span: Span) -> URIRef:
        ev = iri("source", f"{doc.id}/evidence/{span.start}-{span.end}")
        seen = self._evidence.setdefault(id(self._lines), set())
        if ev not in seen:
            seen.add(ev)
            text, a, b = doc.text, span.start, span.end
            # the nine lines of a passage written at once (what nine ``add`` calls write, byte for byte):
            # 80,000 passages at 100x, their per-term conversions were a measurable part of a build
            s, t = _nt(ev), _EV_TERMS
            nni = f'"^^<{_XSD_NNI}> .\n'
            add = self._lines.add
            for line in (f"{s} {t[0]} {t[1]} .\n", f"{s} {t[0]} {t[2]} .\n", f"{s} {t[0]} {t[3]} .\n",
                         f"{s} {t[4]} {Literal(text[a:b])} .\n",
                         f"{s} {t[5]} {Literal(text[max(0, a - 16):a])} .\n",
                         f"{s} {t[6]} {Literal(text[b:b + 16])} .\n",
                         f'{s} {t[7]} "{a}{nni}', f'{s} {t[8]} "{b}{nni}',
                         f"{s} {t[9]} <{BASE}source/{doc.id}> .\n"):
                add(line.encode("utf-8"))
        return ev

    def locate(self, doc: SourceDocument, within: Span, item: Item, fallback: Span | None = None) -> Span:
        quote, prefix = str(item.data["quote"]), item.data.get("prefix")
        try:
            return locate_quote(doc.text, within, quote, prefix)
        except QuoteNotFound as first:
            if fallback is not None:
                try:
                    return locate_quote(doc.text, fallback, quote, prefix)
                except QuoteNotFound as second:
                    if "occurs" in str(second) or "prefix" in str(second):
                        first = second  # found, but several times in the section: say so, not "not found"
            if "prefix" in str(first) or "occurs" in str(first):
                fix = ("set `prefix:` to the characters just before the intended occurrence (copied from "
                       f"{doc.path.name}), or lengthen the quote until it occurs once")
                raise item.error("prefix" if "is not the text just before" in str(first) else "quote",
                                 f"{first} (quote: {quote!r})",
                                 fix) from None
            raise item.error("quote", f"{first} (quote: {quote!r})",
                             "copy the passage character for character from this case's section of "
                             f"{doc.path.name}; whitespace does not matter", first.nearest) from None

    # ------------------------------------------------------------ sources, registries

    def add_source(self, doc: SourceDocument) -> None:
        s = iri("source", doc.id)
        m = doc.meta
        self.add(s, RDF.type, PK.SourceDocument)
        self.add(s, DCTERMS.identifier, Literal(doc.id))
        self.add(s, DCTERMS.title, Literal(m["title"], lang="zh"))
        if m.get("title_en"):
            self.add(s, DCTERMS.title, Literal(m["title_en"], lang="en"))
        self.add(s, RDFS.label, Literal(m["title"], lang="zh"))
        self.add(s, DCTERMS.language, Literal(m["language"]))
        self.add(s, PK.year, Literal(str(m["year"]), datatype=XSD.gYear))
        self.add(s, PK.sha256, Literal(m["sha256"]))
        if m.get("province"):
            self.add(s, DCTERMS.spatial, iri("place", m["province"]))

    def add_places(self) -> None:
        places = self.vocab.places
        for ident in sorted(places):
            p = places[ident]
            node = self._registry_node("place", ident, p, self.vocab.places_path, [PK.Place, *PLACE_CLASSES[p["type"]]])
            if "lat" in p and "long" in p:
                self.add(node, GEO.lat, Literal(Decimal(str(p["lat"])), datatype=XSD.decimal))
                self.add(node, GEO.long, Literal(Decimal(str(p["long"])), datatype=XSD.decimal))
            for anc in self.ancestors(ident):
                self.add(node, PK.locatedIn, iri("place", anc))

    def _registry_node(self, kind: str, ident: str, entry, path, classes) -> URIRef:
        """A registry entry's node: its classes and its zh and en names (as rdfs:label and skos:prefLabel)."""
        node = iri(kind, ident)
        self.origins[node] = Origin(str(path), entry.line, ident)
        for cls in classes:
            self.add(node, RDF.type, cls)
        for lang in ("zh", "en"):
            self.add(node, RDFS.label, Literal(entry[lang], lang=lang))
            self.add(node, SKOS.prefLabel, Literal(entry[lang], lang=lang))
        return node

    def ancestors(self, ident: str) -> list[str]:
        """Places enclosing ``ident``, nearest first (pk:locatedIn materialised)."""
        if ident not in self.place_ancestors:
            chain, seen, cur = [], {ident}, self.vocab.places[ident].get("located_in")
            while cur:
                if cur in seen:
                    p = self.vocab.places[ident]
                    raise InputError(self.vocab.places_path, p.line_of("located_in"), f"{ident}.located_in",
                                     f"located_in forms a cycle through `{cur}`", "break the cycle")
                chain.append(cur)
                seen.add(cur)
                cur = self.vocab.places[cur].get("located_in")
            self.place_ancestors[ident] = chain
        return self.place_ancestors[ident]

    def add_agencies(self) -> None:
        agencies = self.vocab.agencies
        for ident in sorted(agencies):
            a = agencies[ident]
            node = self._registry_node("agency", ident, a, self.vocab.agencies_path, [PK.Agency, ORG.Organization])
            self.add(node, ORG.classification, iri("agency-type", a["type"]))
            if a.get("located_in"):
                for place in [a["located_in"], *self.ancestors(a["located_in"])]:
                    self.add(node, PK.locatedIn, iri("place", place))
            parent = a.get("parent")
            if parent:
                doc = self._doc_for_case(parent["case"], a)
                sec = doc.cases.get(str(parent["case"]))
                try:
                    span = locate_quote(doc.text, sec.span, str(parent["quote"]))
                except QuoteNotFound as err:
                    raise InputError(self.vocab.agencies_path, parent.line_of("quote"), f"{ident}.parent.quote",
                                     str(err), f"copy the passage from case {parent['case']}'s section",
                                     err.nearest) from None
                self.add(node, ORG.subOrganizationOf, iri("agency", parent["agency"]))
                self.add(node, PK.subOrganizationEvidence, self.evidence(doc, span))
                if parent.get("note"):
                    self.add(node, PK.note, Literal(parent["note"], lang="en"))

    def _doc_for_case(self, number, entry) -> SourceDocument:
        # registries are shared by all sources: a parent quote names its source (`source:`) and case;
        # without `source:` the case number must be in exactly one source
        parent = entry["parent"]
        if parent.get("source"):
            doc = self.sources.get(str(parent["source"]))
            if doc is None:
                raise InputError(self.vocab.agencies_path, parent.line_of("source"), "parent.source",
                                 f"unknown source `{parent['source']}`",
                                 f"use the id of a record in data/source/ ({', '.join(sorted(self.sources))})")
            if str(number) not in doc.cases:
                raise InputError(self.vocab.agencies_path, parent.line_of("case"), "parent.case",
                                 f"source {doc.id} has no case {number}", "use a two-digit case number such as \"03\"")
            return doc
        docs = [doc for doc in self.sources.values() if str(number) in doc.cases]
        if len(docs) == 1:
            return docs[0]
        if docs:
            raise InputError(self.vocab.agencies_path, entry.line, "parent.source",
                             f"case {number} exists in several sources ({', '.join(sorted(d.id for d in docs))})",
                             "add `source: <source id>` to the parent entry")
        raise InputError(self.vocab.agencies_path, entry.line, "parent.case", f"no source has case {number}",
                         "use a two-digit case number such as \"03\"")

    # ------------------------------------------------------------ cases

    def add_case(self, cf: CaseFile) -> None:
        doc = self.sources.get(cf.source)
        if doc is None:
            raise cf.error("source", f"unknown source `{cf.source}`",
                           f"use the id of a record in data/source/ ({', '.join(sorted(self.sources))})")
        sec = doc.cases.get(cf.number)
        if sec is None:
            raise cf.error("case", f"source {doc.id} has no case {cf.number}",
                           _case_number_hint(doc))
        if squeeze(str(cf.data["title"])) != squeeze(sec.heading):
            raise cf.error("title", f"title differs from the heading of case {cf.number} in the body text",
                           f"copy the heading exactly: {sec.heading}")
        path = str(cf.path)
        self._lines = set()
        try:
            self._add_case(cf, doc, sec)
        finally:
            done, self._lines = self._lines, self.shared
            self._evidence.pop(id(done), None)  # (keyed by the set's id, which a later set may reuse)
        # a finished case's lines as a sorted list: 8 bytes a line instead of a set's slot
        self.cases[path] = sorted(done)

    def _add_case(self, cf: CaseFile, doc: SourceDocument, sec) -> None:
        path = str(cf.path)
        case_id = f"{doc.id}-{cf.number}"
        case = iri("case", case_id)
        self.origins[case] = Origin(path, cf.data.line, None)
        self.add(case, RDF.type, PK.Case)
        self.add(case, RDF.type, PROV.Entity)
        self.add(case, DCTERMS.identifier, Literal(cf.number))
        self.add(case, DCTERMS.title, Literal(sec.heading, lang="zh"))
        self.add(case, RDFS.label, Literal(f"{cf.number} {sec.heading}", lang="zh"))
        self.add(case, PK.inSource, iri("source", doc.id))
        self.add(case, PROV.wasDerivedFrom, iri("source", doc.id))
        self.add(case, PK.startOffset, Literal(sec.span.start, datatype=XSD.nonNegativeInteger))
        self.add(case, PK.endOffset, Literal(sec.span.end, datatype=XSD.nonNegativeInteger))
        self.add(case, PK.evidence, self.evidence(doc, sec.heading_span))
        if cf.data.get("note"):
            self.add(case, PK.note, Literal(cf.data["note"], lang="en"))

        for item in cf.items["implementers"]:
            span = self.locate(doc, sec.units_span, item, fallback=sec.span)
            agency = item.data["agency"]
            node = URIRef(f"{case}/implementation/{agency}")
            self._origin(node, item)
            self.add(case, PK.implementedBy, iri("agency", agency))
            self.add(case, PK.qualifiedImplementation, node)
            self.add(node, RDF.type, PK.Implementation)
            self.add(node, PK.agency, iri("agency", agency))
            self.add(node, PK.evidence, self.evidence(doc, span))

        for item in cf.items["places"]:
            span = self.locate(doc, sec.span, item)
            place = item.data["place"]
            node = URIRef(f"{case}/place/{place}")
            self._origin(node, item)
            self.add(case, PK.qualifiedPlace, node)
            self.add(node, RDF.type, PK.PlaceMention)
            self.add(node, PK.place, iri("place", place))
            self.add(node, PK.evidence, self.evidence(doc, span))
            for p in [place, *self.ancestors(place)]:
                self.add(case, PK.locatedIn, iri("place", p))

        applied: list[evidence.Application] = []  # for the ties of outcomes to measures, below
        for item in cf.items["measures"]:
            span = self.locate(doc, sec.span, item)
            concept = item.data["concept"]
            node = self._unique(URIRef(f"{case}/measure/{concept}-{span.start}"), item,
                                (concept, span, str(item.data["local"])))
            if item.data.get("status") != "planned":  # a plan is not an application (docs/curation.md 2.3)
                self.add(case, PK.appliesMeasure, iri("measure", concept))
                applied.append(evidence.Application(concept, span.start, span.end, str(item.data["local"])))
            self.add(case, PK.qualifiedMeasure, node)
            self.add(node, RDF.type, PK.MeasureApplication)
            self.add(node, PK.measure, iri("measure", concept))
            self.add(node, PK.localName, Literal(str(item.data["local"]), lang="zh"))
            self.add(node, RDFS.label, Literal(str(item.data["local"]), lang="zh"))
            if item.data.get("agency"):
                self.add(node, PK.agency, iri("agency", item.data["agency"]))
            if item.data.get("status"):
                self.add(node, PK.status, iri("application-status", item.data["status"]))
            self.add(node, PK.evidence, self.evidence(doc, span))
            self._note(node, item)

        outcomes = [self.add_outcome(doc, sec, case, item) for item in cf.items["outcomes"]]
        self.add_ties(doc, sec, applied, outcomes)

        for item in cf.items["claims"]:
            span = self.locate(doc, sec.span, item)
            node = URIRef(f"{case}/claim/{span.start}")
            self._origin(node, item)
            self.add(case, PK.makesClaim, node)
            self.add(node, RDF.type, PK.InnovationClaim)
            self.add(node, PK.scope, iri("claim-scope", item.data["scope"]))
            self.add(node, RDFS.label, Literal(doc.text[span.start:span.end], lang="zh"))
            self.add(node, PK.evidence, self.evidence(doc, span))
            if item.data.get("what"):
                self.add(node, PK.innovation, Literal(str(item.data["what"]), lang="zh"))
            if item.data.get("measure"):
                self.add(node, PK.claimAbout, iri("measure", item.data["measure"]))
            # one claim per innovation: every further passage that states it is more evidence
            for j, extra in enumerate(item.data.get("also") or []):
                try:
                    more = locate_quote(doc.text, sec.span, str(extra["quote"]), extra.get("prefix"))
                except QuoteNotFound as err:
                    raise InputError(item.path, extra.line_of("quote"), f"{item.field('also')}[{j}].quote",
                                     f"{err} (quote: {extra['quote']!r})",
                                     "copy the passage character for character from this case's section",
                                     err.nearest) from None
                self.add(node, PK.evidence, self.evidence(doc, more))
            self._note(node, item)

    def _origin(self, node: URIRef, item: Item) -> None:
        if node in self.origins:
            raise item.error("quote", f"duplicate entry: {node} was already made from line "
                                      f"{self.origins[node].line}",
                             "remove the repeated entry (same id and same quote)")
        self.origins[node] = Origin(str(item.path), item.data.line, f"{item.part}[{item.index}]")

    def _unique(self, node: URIRef, item: Item, key: tuple) -> URIRef:
        """``node``, or ``node-2``, ``-3`` … when another fact shares its quote; the same fact twice is an error."""
        seen = self._keys.setdefault(str(item.path), {})
        if key in seen:
            raise item.error("quote", f"duplicate entry: the same fact is already at line {seen[key]}",
                             "remove one of the two entries")
        seen[key] = item.data.line
        base, n = node, 2
        while node in self.origins:
            node = URIRef(f"{base}-{n}")
            n += 1
        self._origin(node, item)
        return node

    def _note(self, node: URIRef, item: Item) -> None:
        if item.data.get("note"):
            self.add(node, PK.note, Literal(str(item.data["note"]), lang="en"))

    def add_outcome(self, doc: SourceDocument, sec, case: URIRef, item: Item) -> "evidence.Quoted":
        d = item.data
        span = self.locate(doc, sec.span, item)
        check_figures_stated(item)
        node = self._unique(URIRef(f"{case}/outcome/{d['metric']}-{span.start}"), item,
                            (d["metric"], span, str(d["value"]), str(d["unit"]), str(d.get("kind"))))
        value, unit_iri = normalise(d["value"], str(d["unit"]))
        self.add(case, PK.reportsOutcome, node)
        self.add(node, RDF.type, PK.Outcome)
        self.add(node, RDFS.label, Literal(doc.text[span.start:span.end], lang="zh"))
        self.add(node, PK.metric, iri("metric", d["metric"]))
        self.add(node, PK.value, Literal(value, datatype=XSD.decimal))
        self.add(node, PK.unit, URIRef(unit_iri))
        self.add(node, PK.statedValue, Literal(Decimal(str(d["value"])), datatype=XSD.decimal))
        self.add(node, PK.statedUnit, Literal(str(d["unit"]), lang="zh"))
        if "value_max" in d:
            vmax, _ = normalise(d["value_max"], str(d["unit"]))
            self.add(node, PK.maxValue, Literal(vmax, datatype=XSD.decimal))
        if "baseline" in d:
            base, base_unit = normalise(d["baseline"], str(d.get("baseline_unit", d["unit"])))
            if base_unit != unit_iri:
                raise item.error("baseline_unit", f"baseline unit {d.get('baseline_unit')} normalises to "
                                                  f"{base_unit}, value unit {d['unit']} to {unit_iri}",
                                 "use units of the same dimension (e.g. 天 and 小时)")
            self.add(node, PK.baselineValue, Literal(base, datatype=XSD.decimal))
            if base != 0:
                change = ((value - base) / base * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                self.add(node, PK.relativeChange, Literal(change, datatype=XSD.decimal))
                self.add(node, PK.changeMagnitude, Literal(abs(change), datatype=XSD.decimal))
        elif d.get("kind", "level") == "change" and unit_iri.endswith("/PERCENT"):
            self.add(node, PK.changeMagnitude, Literal(value, datatype=XSD.decimal))
        self.add(node, PK.direction, DIRECTION[d.get("direction", "none")])
        self.add(node, PK.kind, iri("outcome-kind", d.get("kind", "level")))
        if d.get("role"):
            self.add(node, PK.role, iri("outcome-role", d["role"]))
        if "qualifier" in d:
            self.add(node, PK.qualifier, iri("qualifier", QUALIFIERS[d["qualifier"]]))
        self.add(node, PK.projected, Literal(bool(d.get("projected", False))))
        if "period" in d:
            self.add(node, PK.period, Literal(str(d["period"]), datatype=XSD.gYear))
        if d.get("derived"):
            self.add(node, PK.derivation, Literal(str(d["derived"]), lang="en"))
        self.add(node, PK.evidence, self.evidence(doc, span))
        self._note(node, item)
        return evidence.Quoted(node, span.start, span.end)

    def add_ties(self, doc: SourceDocument, sec, applied: list, outcomes: list) -> None:
        """Derived from the source text: each outcome the text states with a measure the case applies
        (portkg.evidence, the rule the site's measure and city pages show), as ``pk:statedWith`` the
        measure and ``pk:statedWithNearness`` the level (one per outcome: it is tied at its nearest)."""
        ties = evidence.case_ties(doc.text, sec.span.start, sec.span.end, sec.heading, applied, outcomes)
        for node, by_measure in ties.items():
            level = None
            for concept, (n, _) in by_measure.items():
                self.add(node, PK.statedWith, iri("measure", concept))
                level = n
            self.add(node, PK.statedWithNearness, iri("nearness", evidence.NEARNESS_IRI[level]))


def _join_releasing(lines: list[bytes]) -> bytes:
    """``b"".join(lines)``, releasing the lines as they are copied (the lines and the joined
    bytes were the build's peak memory side by side)."""
    import io

    out, step = io.BytesIO(), 1 << 15
    for i in range(0, len(lines), step):
        out.write(b"".join(lines[i:i + step]))
        lines[i:i + step] = itertools.repeat(b"", min(step, len(lines) - i))
    return out.getvalue()


def _header(cf: CaseFile) -> CaseFile:
    """``cf`` with its path, case number and source (and their lines), without its items: what
    the callers of a build use (``len(case_files)``, ``cf.path``, ``cf.number``, ``cf.source``).
    The parsed YAML of every case file was about 5 % of a 100x build's memory."""
    head = LineDict({k: cf.data[k] for k in ("case", "source") if k in cf.data})
    head.line = cf.data.line
    head.key_lines = {k: cf.data.key_lines[k] for k in head if k in cf.data.key_lines}
    return CaseFile(cf.path, head, {})


def build_graph(project: Project, case_paths: list[Path] | None = None, keep_parts: bool = False,
                summarise: bool = True) -> BuildResult:
    """Read everything, check it, and return the graph; raises InputError on bad input.

    ``keep_parts``: also keep the shared part's and each case file's own N-Triples lines
    (``shared_triples``, ``case_triples``), for checking case by case."""
    vocab_lines = load_vocabulary_lines(project)
    vocab = load_vocabulary(project, vocab_lines)
    sources: dict[str, SourceDocument] = {}
    records: dict[Path, SourceDocument] = {}
    for meta in project.sources:
        doc = load_source(meta)
        if doc.id in sources:
            raise InputError(meta, None, "id", f"duplicate source id `{doc.id}`", "give each source its own id")
        sources[doc.id] = records[meta] = doc
    builder = GraphBuilder(vocab, sources)
    for doc in sources.values():
        builder.add_source(doc)
    builder.add_places()
    builder.add_agencies()
    seen: dict[tuple[str, str], Path] = {}
    case_files = []
    for path in (case_paths if case_paths is not None else project.cases):
        cf = read_case_file(path, vocab)
        key = (cf.source, cf.number)
        if key in seen:
            raise cf.error("case", f"duplicate case id {cf.source}-{cf.number}: also in {seen[key]}",
                           "each case has exactly one file; merge the two or fix the number")
        seen[key] = path
        builder.add_case(cf)
        case_files.append(_header(cf))
    builder.shared |= vocab_lines.lines
    lines = builder.lines()
    parts = ({path: sorted(case) for path, case in builder.cases.items()}, sorted(builder.shared)) if keep_parts else None
    builder.shared, builder.cases = set(), {}  # the lines live on in ``lines``, then only in ``nt``
    if summarise:  # derived triples the named queries read (summaries.py; validation checks the rest)
        # what summaries.add_summaries(nt) does, from the sorted lines the build already has
        # (without a second list of lines split from nt, and a second nt, beside the first)
        collector = summaries.Collector()
        collector.feed_many(lines)
        extra = collector.lines()
        del collector
        if extra:
            lines = list(heapq.merge(lines, extra))
    nt = _join_releasing(lines)
    del lines
    result = BuildResult(nt, origins=builder.origins, sources=sources, case_files=case_files)
    if parts is not None:
        result.case_triples, result.shared_triples = parts
    result.source_records = records
    return result


def sorted_ntriples(lines) -> bytes:
    """N-Triples lines (UTF-8, each ending in a newline) sorted: the byte order of UTF-8 is the
    code-point order, so this is the order the build has always written."""
    return b"".join(sorted(lines))


# ---------------------------------------------------------------- writing

def serialise(graph: Graph, fmt: str) -> bytes:
    """Deterministic bytes for an rdflib graph (see ``ntriples_to``)."""
    nt = sorted_ntriples(_nt_row(t).encode("utf-8") for t in graph)
    return nt if fmt == "nt" else ntriples_to(nt, fmt)


def _turtle_prefixes() -> dict:
    prefixes = {p: str(ns) for p, ns in sorted(NS.items())}
    prefixes.update({"rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)})
    return prefixes


def ntriples_to(nt: bytes, fmt: str) -> bytes:
    """Sorted N-Triples as Turtle (written by Oxigraph, streaming) or canonical JSON-LD."""
    import io

    if fmt == "nt":
        return nt
    buf = io.BytesIO()
    write_as(nt, fmt, buf)
    return buf.getvalue()


def write_as(nt: bytes, fmt: str, fh) -> None:
    """Write sorted N-Triples ``nt`` to the binary file ``fh`` as ``fmt`` (nt, ttl or jsonld), in a
    stream: nothing the size of the output is held in memory."""
    import pyoxigraph as ox

    if fmt == "nt":
        fh.write(nt)
    elif fmt == "ttl":
        ox.serialize(ox.parse(input=nt, format=ox.RdfFormat.N_TRIPLES), fh, format=ox.RdfFormat.TURTLE,
                     prefixes=_turtle_prefixes())
    elif fmt == "jsonld":
        _jsonld(nt, fh)
    else:
        raise ValueError(f"unknown RDF format {fmt}")


#: one subject's run of lines in sorted N-Triples (the subject, then every line starting with it)
_RUN = re.compile(rb"(<[^>\n]*> |_:[^ \n]* )[^\n]*\n(?:\1[^\n]*\n)*")
#: a line whose terms are written in JSON as they are in N-Triples: IRIs without quotes or
#: backslashes, literals whose only escapes are \\ \" \n \r (JSON's own), lower-case zh/en tags
_PLAIN_LINE = re.compile(
    rb'^(?:<[^>\n]*>|_:[^ \n]*) <([^>"\\\x00-\x20]+)> (?:<([^>"\\\x00-\x20]+)>|'
    rb'"([^"\\\x00-\x1f]*(?:\\[\\"nr][^"\\\x00-\x1f]*)*)"(?:@([a-z]{2,3}(?:-[a-z0-9]+)*)|\^\^<([^>"\\\x00-\x20]+)>)?) \.$',
    re.M)
_NEEDS_ESCAPE = re.compile(rb'[\\"\x00-\x1f]')


def _subject_ranges(nt: bytes) -> list[tuple[bytes, int, int]]:
    """(JSON-encoded subject as UTF-8, start, end) of each subject's run of lines in sorted N-Triples."""
    from json.encoder import encode_basestring as enc

    out = []
    for m in _RUN.finditer(nt):
        subject = m.group(1)[:-1]
        if subject[:1] == b"<":
            subject = subject[1:-1]
        if _NEEDS_ESCAPE.search(subject):
            sid = enc(subject.decode("utf-8")).encode("utf-8")
        else:
            sid = b'"' + subject + b'"'
        out.append((sid, m.start(), m.end()))
    return out


def _jsonld(nt: bytes, fh) -> None:
    """Expanded JSON-LD, canonical: one node object per subject, sorted by @id, properties sorted,
    every value array sorted (JSON-LD arrays are unordered sets). Each node is made from its own
    lines of the sorted N-Triples and written at once, in the order of the @ids, so memory holds
    only the list of subjects, never the output.

    Most lines are read as text (``_PLAIN_LINE``: their terms are the same characters in JSON);
    a subject with any other line (another escape, a language tag with capitals, a blank node
    object) is read by Oxigraph's parser."""
    import pyoxigraph as ox
    from json.encoder import encode_basestring as enc

    xsd_string = _XSD_STRING
    xsd_string_b = _XSD_STRING.encode("utf-8")

    # a value's indented text sorts as its compact JSON would (the kinds differ at "@i", "@l", "@t",
    # "@v"; within a kind the first differing JSON string decides): the indented text is the sort key
    def value(o) -> bytes:
        if type(o) is ox.Literal:
            v = enc(o.value)
            if o.language:
                return f'   {{\n    "@language": {enc(o.language)},\n    "@value": {v}\n   }}'.encode("utf-8")
            dt = o.datatype.value
            if dt == xsd_string:
                return f'   {{\n    "@value": {v}\n   }}'.encode("utf-8")
            return f'   {{\n    "@type": {enc(dt)},\n    "@value": {v}\n   }}'.encode("utf-8")
        i = enc(o.value if type(o) is ox.NamedNode else "_:" + o.value)
        return f'   {{\n    "@id": {i}\n   }}'.encode("utf-8")

    def parsed(chunk: bytes) -> dict[bytes, list]:
        props: dict[bytes, list] = {}
        for t in ox.parse(input=chunk, format=ox.RdfFormat.N_TRIPLES):
            props.setdefault(enc(t.predicate.value).encode("utf-8"), []).append(value(t.object))
        return props

    def plain(chunk: bytes) -> dict[bytes, list] | None:
        rows = _PLAIN_LINE.findall(chunk)
        if len(rows) != chunk.count(b"\n"):
            return None
        props: dict[bytes, list] = {}
        for p, iri_, text, lang, dt in rows:
            if iri_:
                v = b'   {\n    "@id": "%s"\n   }' % iri_
            elif lang:
                v = b'   {\n    "@language": "%s",\n    "@value": "%s"\n   }' % (lang, text)
            elif dt and dt != xsd_string_b:
                v = b'   {\n    "@type": "%s",\n    "@value": "%s"\n   }' % (dt, text)
            else:
                v = b'   {\n    "@value": "%s"\n   }' % text
            vals = props.get(p)
            if vals is None:
                props[p] = [v]
            else:
                vals.append(v)
        return {b'"' + p + b'"': vals for p, vals in props.items()}

    ranges = _subject_ranges(nt)
    ranges.sort()
    if not ranges:
        fh.write(b"[]\n")
        return
    fh.write(b"[\n")
    for k, (sid, start, end) in enumerate(ranges):
        chunk = nt[start:end]
        props = plain(chunk)
        if props is None:
            props = parsed(chunk)
        parts = [b'  "@id": ' + sid]
        for p in sorted(props):
            vals = props[p]
            if len(vals) > 1:
                vals.sort()
            parts.append(b"  " + p + b": [\n" + b",\n".join(vals) + b"\n  ]")
        fh.write((b",\n {\n" if k else b" {\n") + b",\n".join(parts) + b"\n }")
    fh.write(b"\n]\n")


# writing lives in publish.py (atomic files, one atomic publish of build/); re-exported here
from .publish import publish_build, write_atomically  # noqa: E402,F401


def write_graph_files(result: BuildResult, out: Path) -> dict[Path, bytes]:
    """The graph in Turtle, N-Triples and JSON-LD, as bytes keyed by output path."""
    nt = result.ntriples
    return {out / "portkg.ttl": ntriples_to(nt, "ttl"), out / "portkg.nt": nt, out / "portkg.jsonld": ntriples_to(nt, "jsonld")}


def graph_file_bytes(result: BuildResult) -> dict[str, bytes]:
    """The graph files of build/ by name, as bytes."""
    return {path.name: data for path, data in write_graph_files(result, Path(".")).items()}


def graph_file_writers(result: BuildResult) -> dict:
    """The graph files of build/ by name, each a function writing it to a binary file (for
    publish_build: each file is written straight to its staging copy, one after the other, so the
    Turtle and JSON-LD are never held in memory)."""
    nt = result.ntriples
    return {name: (lambda fh, fmt=fmt: write_as(nt, fmt, fh))
            for name, fmt in (("portkg.jsonld", "jsonld"), ("portkg.nt", "nt"), ("portkg.ttl", "ttl"))}


def _case_number_hint(doc: SourceDocument) -> str:
    """How to fix an unknown case number: the numbers the source has (a single article has one, or none)."""
    if not doc.cases:
        return (f"source {doc.id} has no case sections (no 实施单位 line): a single article is case \"01\"; "
                "check its text file")
    numbers = sorted(doc.cases)
    if len(numbers) == 1:
        return f"use case \"{numbers[0]}\" (the only case in {doc.id})"
    return f"use a number from its table of contents ({numbers[0]}–{numbers[-1]})"
