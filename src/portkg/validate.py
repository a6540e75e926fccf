"""`portkg validate`: SHACL shapes plus the integrity checks SHACL cannot express.

Every finding points back to where a person wrote the fact (case file and line, registry
entry, or vocabulary file), because that is where it has to be fixed.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from .build import BASE, OA, PK, BuildResult, Origin, Project
from .errors import InputError
from .shaclsparql import COLLAPSED
from .source import load_source

PROV = Namespace("http://www.w3.org/ns/prov#")


@dataclass
class Finding:
    check: str  # the shape or integrity check that failed
    message: str
    focus: str
    where: str  # file:line (field) to fix
    value: str | None = None
    path: str | None = None


@dataclass
class Report:
    findings: list[Finding]
    triples: int

    @property
    def conforms(self) -> bool:
        return not self.findings

    def human(self) -> str:
        if self.conforms:
            return f"conforms: {self.triples} triples, all shapes and integrity checks pass"
        lines = [f"{len(self.findings)} violation(s) in {self.triples} triples:"]
        for f in sorted(self.findings, key=lambda f: (f.where, f.check, f.focus)):
            lines.append(f"{f.where}: {f.message}")
            lines.append(f"    [{f.check}] {f.focus}" + (f" {f.path}" if f.path else "")
                         + (f" = {f.value}" if f.value else ""))
        return "\n".join(lines)

    def json(self) -> str:
        return json.dumps({"conforms": self.conforms, "triples": self.triples,
                           "violations": [asdict(f) for f in self.findings]}, ensure_ascii=False, indent=2)

    def turtle(self, results: Graph | None) -> str:
        return (results or Graph()).serialize(format="turtle")


def _short(node) -> str:
    s = str(node)
    return s[len(BASE):] if s.startswith(BASE) else s


class GraphData:
    """The graph being validated: an Oxigraph store for the queries, and the literals as written.

    Oxigraph keeps numbers in canonical form (120 for 120.0); findings quote a value as the
    graph has it, which is what pySHACL (on rdflib) prints. From a build (``ntriples``: sorted
    N-Triples) a subject's own lines are found by bisection; from an rdflib graph, in the graph.
    pySHACL, when a shape needs it, gets an rdflib graph made on first use."""

    def __init__(self, store, graph: Graph | None = None, ntriples: bytes | None = None):
        self.store, self._graph, self.ntriples = store, graph, ntriples

    @classmethod
    def of_graph(cls, graph: Graph) -> "GraphData":
        return cls(oxigraph_store(graph), graph=graph)

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            from .build import ntriples_graph

            self._graph = ntriples_graph(self.ntriples if self.ntriples is not None else self._dump())
        return self._graph

    def _dump(self) -> bytes:
        """The graph as N-Triples with its literals as written (the store's copy has lost some datatypes)."""
        if self.ntriples is not None:
            return self.ntriples
        if self._graph is not None:
            return self._graph.serialize(format="nt", encoding="utf-8")
        import pyoxigraph as ox

        return ox.serialize(self.store, format=ox.RdfFormat.N_TRIPLES) or b""

    def __len__(self) -> int:
        return len(self.store)

    def query(self, text: str):
        return self.store.query(text)

    def objects_as_written(self, subject) -> list:
        if self._graph is not None or self.ntriples is None:
            return list(self.graph.objects(subject, None))
        import pyoxigraph as ox

        lines = _subject_lines(self.ntriples, f"<{subject}> ".encode("utf-8"))
        return [_rdflib_term(t.object) for t in ox.parse(input=lines, format=ox.RdfFormat.N_TRIPLES)] if lines else []

    def values_not_of_datatype(self, path, datatype, lexical: str) -> list[tuple]:
        """(subject, object) pairs of ``path`` whose object is not a well-formed ``datatype`` literal,
        as written (for the datatypes the Oxigraph store does not keep apart, shaclsparql.COLLAPSED)."""
        lex = re.compile(lexical)
        if self._graph is not None or self.ntriples is None:
            return sorted((s, o) for s, o in self.graph.subject_objects(path)
                          if not (isinstance(o, Literal) and o.datatype == datatype and lex.match(str(o))))
        import pyoxigraph as ox

        nt, out = self.ntriples, []
        needle = f"> <{path}> ".encode("utf-8")
        tail = re.compile(rb'^"([^"\\]*)"\^\^<' + re.escape(str(datatype).encode("utf-8")) + rb'> \.$')
        pos = nt.find(needle)
        while pos >= 0:
            start = nt.rfind(b"\n", 0, pos) + 1
            end = nt.find(b"\n", pos)
            end = len(nt) if end < 0 else end
            if nt[start:start + 1] == b"<" and nt.find(b"> ", start, pos + 1) == pos:  # the predicate, not an object
                m = tail.match(nt, pos + len(needle), end)
                if not (m and lex.match(m.group(1).decode("utf-8"))):
                    for t in ox.parse(input=nt[start:end + 1], format=ox.RdfFormat.N_TRIPLES):
                        out.append((_rdflib_term(t.subject), _rdflib_term(t.object)))
            pos = nt.find(needle, end)
        return sorted(out)

    def citing(self, node) -> list:
        """The subjects that cite ``node`` as pk:evidence, sorted."""
        rows = self.store.query(f"SELECT DISTINCT ?s WHERE {{ ?s <{PK.evidence}> <{node}> }}")
        return sorted(_rdflib_term(r["s"]) for r in rows)


def _subject_lines(nt: bytes, key: bytes) -> bytes:
    """The lines of sorted N-Triples ``nt`` that start with ``key`` (bisection over line starts)."""
    def line_at(pos: int) -> tuple[int, int]:  # (start, end) of the line holding byte ``pos``
        start = nt.rfind(b"\n", 0, pos) + 1
        end = nt.find(b"\n", pos)
        return start, (len(nt) if end < 0 else end + 1)

    lo, hi = 0, len(nt)  # invariant: lo and hi are line starts; lines before lo are < key
    while lo < hi:
        start, end = line_at((lo + hi) // 2)
        if start < lo:
            start, end = line_at(lo)
        if nt[start:end] < key:
            lo = end
        else:
            hi = start
    first = lo
    last = first
    while last < len(nt) and nt.startswith(key, last):
        last = nt.find(b"\n", last) + 1 or len(nt)
    return nt[first:last]


class OriginFinder:
    """Map a graph node to the file and line a person has to edit."""

    def __init__(self, data: "GraphData | Graph", origins: dict[URIRef, Origin], project: Project):
        self.data = data if isinstance(data, GraphData) else GraphData.of_graph(data)
        self.origins, self.project = origins, project
        self._ttl_lines: dict[str, str] | None = None

    def __call__(self, node) -> str:
        if node in self.origins:
            return self.origins[node].render()
        # evidence is shared: point at the first fact that cites it
        for s in self.data.citing(node):
            if s in self.origins:
                return self.origins[s].render()
        # a node minted under a case (…/case/sd-2024-06/…) belongs to that case file
        m = re.match(rf"{re.escape(BASE)}case/[^/]+", str(node))
        if m and URIRef(m.group(0)) in self.origins:
            return self.origins[URIRef(m.group(0))].render()
        return self._vocabulary_line(node) or _short(node)

    def _vocabulary_line(self, node) -> str | None:
        if self._ttl_lines is None:
            self._ttl_lines = {}
            for path in self.project.ontology:
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    m = re.match(r"^(\S+:\S+|<[^>]+>)\s+a\s", line)
                    if m:
                        self._ttl_lines.setdefault(m.group(1), f"{path.relative_to(self.project.root)}:{n}")
        local = str(node).rsplit("/", 1)[-1]
        for key, where in self._ttl_lines.items():
            if key == f"<{node}>" or (key.endswith(":" + local) and key.split(":")[0] in str(node)):
                return where
        return None


_INTEGRITY_PREFIXES = f"""PREFIX pk: <{PK}> PREFIX oa: <{OA}> PREFIX prov: <{PROV}> PREFIX rdf: <{RDF}>
"""
_FACT_PROPERTIES = "pk:qualifiedImplementation pk:qualifiedPlace pk:qualifiedMeasure pk:reportsOutcome pk:makesClaim"


def integrity_findings(data: "GraphData | Graph", project: Project, where, docs: dict | None = None) -> list[Finding]:
    """Checks SHACL cannot express: quotes equal the source at their offsets, inside their case.

    Whole-graph queries on the Oxigraph store. ``docs``: the source documents already loaded
    (and checksummed) by the build, by path."""
    import pyoxigraph as ox

    data = data if isinstance(data, GraphData) else GraphData.of_graph(data)
    findings: list[Finding] = []
    texts: dict[str, str] = {}
    recorded = {r["s"].value: r["sha"].value for r in data.query(
        _INTEGRITY_PREFIXES + "SELECT ?s ?sha WHERE { ?s pk:sha256 ?sha }")}
    for meta in project.sources:
        doc = docs.get(meta) if docs else None
        doc = doc or load_source(meta)  # raises InputError on a changed checksum
        node = f"{BASE}source/{doc.id}"
        texts[node] = doc.text
        if node in recorded and recorded[node] != doc.meta["sha256"]:
            findings.append(Finding("checksum", "the graph was built from a different source text "
                                    f"(sha256 {recorded[node]}, record says {doc.meta['sha256']})",
                                    _short(URIRef(node)), str(meta)))
    rows = data.query(_INTEGRITY_PREFIXES + """SELECT ?ev ?exact ?start ?end ?src WHERE {
        ?ev rdf:type pk:Evidence ; oa:exact ?exact ; oa:start ?start ; oa:end ?end ; prov:wasQuotedFrom ?src }""")
    bad = []
    for r in rows:
        src = r["src"]
        text = texts.get(src.value) if isinstance(src, ox.NamedNode) else None
        if text is None or not isinstance(r["exact"], ox.Literal):
            continue  # the shapes report missing parts
        try:
            s, e = int(r["start"].value), int(r["end"].value)
        except ValueError:
            continue  # not a number: the shapes say so
        actual = text[s:e]
        if actual != r["exact"].value:
            bad.append((r["ev"].value, s, e, actual, r["exact"].value))
    for ev, s, e, actual, exact in sorted(bad):
        node = URIRef(ev)
        findings.append(Finding("quote-matches-source",
                                f"quote differs from the source at {s}–{e}: source has {actual[:40]!r}",
                                _short(node), where(node), exact[:60]))
    # a derived tie (pk:statedWith) joins an outcome to a measure its own case applies
    rows = data.query(_INTEGRITY_PREFIXES + """SELECT ?o ?m WHERE { ?o pk:statedWith ?m .
        FILTER NOT EXISTS { ?c pk:reportsOutcome ?o ; pk:appliesMeasure ?m } }""")
    for r in sorted(rows, key=lambda r: (r["o"].value, r["m"].value)):
        node = URIRef(r["o"].value)
        findings.append(Finding("stated-with-applied-measure",
                                f"tied to {_short(URIRef(r['m'].value))}, which its case does not apply",
                                _short(node), where(node)))
    # every fact's evidence lies inside its own case's section
    rows = data.query(_INTEGRITY_PREFIXES + f"""SELECT ?case ?fact ?lo ?hi ?s ?e WHERE {{
        ?case rdf:type pk:Case ; pk:startOffset ?lo ; pk:endOffset ?hi .
        VALUES ?p {{ {_FACT_PROPERTIES} }} ?case ?p ?fact . ?fact pk:evidence ?ev . ?ev oa:start ?s ; oa:end ?e }}""")
    outside = set()
    for r in rows:
        try:
            lo, hi, s, e = (int(r[k].value) for k in ("lo", "hi", "s", "e"))
        except ValueError:
            continue
        if not (lo <= s and e <= hi):
            outside.add((r["case"].value, r["fact"].value, s, e, lo, hi))
    for _, fact, s, e, lo, hi in sorted(outside):
        node = URIRef(fact)
        findings.append(Finding("evidence-inside-case", f"evidence {s}–{e} lies outside the case's section "
                                f"{lo}–{hi}", _short(node), where(node)))
    # the shortcut and its qualified form agree (planned applications have no shortcut)
    # (three linear queries compared here: Oxigraph ran the same check as one query with nested
    # FILTER NOT EXISTS groups once per case over the whole graph, 5.8 s at 100x)
    case_pattern = "?case rdf:type pk:Case ; pk:startOffset [] ; pk:endOffset [] ."
    shortcuts = {(r["case"].value, r["m"].value) for r in data.query(
        _INTEGRITY_PREFIXES + f"SELECT DISTINCT ?case ?m WHERE {{ {case_pattern} ?case pk:appliesMeasure ?m }}")}
    planned = {r["a"] for r in data.query(_INTEGRITY_PREFIXES + f"SELECT ?a WHERE {{ ?a pk:status <{PLANNED}> }}")}
    qualified = {(r["case"].value, r["m"].value) for r in data.query(
        _INTEGRITY_PREFIXES + f"SELECT ?case ?a ?m WHERE {{ {case_pattern} ?case pk:qualifiedMeasure ?a . "
                              "?a pk:measure ?m }") if r["a"] not in planned}
    for case, m in sorted(shortcuts ^ qualified):
        node = URIRef(case)
        findings.append(Finding("measure-shortcut", f"pk:appliesMeasure and pk:qualifiedMeasure disagree on "
                                f"{_short(URIRef(m))}", _short(node), where(node)))
    return findings


PLANNED = URIRef("https://w3id.org/portkg/application-status/planned")


def load_shapes(project: Project) -> Graph:
    shapes = Graph()
    for path in project.shapes:
        try:
            shapes.parse(path, format="turtle")
        except Exception as err:
            raise InputError(path, None, None, f"malformed Turtle in shapes: {err}", "fix the shapes file") from None
    return shapes


# ---------------------------------------------------------------- SHACL-SPARQL, once per shape

@dataclass
class SparqlCheck:
    """A SHACL-SPARQL constraint (sh:sparql with sh:select) of a node shape, run once for all its targets."""

    shape: URIRef
    constraint: object  # the sh:sparql node
    query: str  # the whole-graph query: the targets joined with the constraint's SELECT
    message: str | None
    severity: URIRef


_PREFIX_RE = re.compile(r"^\s*PREFIX\s+(\S*:)\s*<([^>]*)>\s*", re.I | re.M)


def _prefix_lines(shapes: Graph, constraint) -> str:
    lines = []
    for decl_holder in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(decl_holder, SH.declare):
            prefix, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines)))


def _target_pattern(shapes: Graph, shape) -> str | None:
    """A SPARQL group binding ?this to every focus node of ``shape`` (None: a target we do not handle)."""
    parts = []
    classes = list(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes:
        classes.append(shape)  # implicit class target
    for c in classes:
        parts.append(f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* <{c}> }}")
    nodes = list(shapes.objects(shape, SH.targetNode))
    if nodes:
        parts.append("{ VALUES ?this { " + " ".join(n.n3() for n in nodes) + " } }")
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"{{ ?this <{p}> [] }}")
    for p in shapes.objects(shape, SH.targetObjectsOf):
        parts.append(f"{{ [] <{p}> ?this }}")
    if any(True for _ in shapes.objects(shape, SH.target)):
        return None  # SPARQL-based targets: leave the shape to pySHACL
    if not parts:
        return None
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def split_shapes(shapes: Graph) -> tuple[Graph, list[SparqlCheck]]:
    """The shapes for pySHACL (core constraints) and the SHACL-SPARQL constraints we run ourselves.

    pySHACL evaluates a SPARQL constraint once per focus node and parses its text each time,
    which made `portkg validate` ten times slower than the build. The same constraint, joined
    with the shape's targets, is one query over the whole graph: the same rows, in milliseconds.
    """
    checks: list[SparqlCheck] = []
    core = Graph()
    for t in shapes:
        core.add(t)
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        if (shape, SH.path, None) in shapes:
            continue  # a property shape's SPARQL constraint ($PATH): pySHACL runs it
        if str(shapes.value(shape, SH.deactivated)) == "true" or str(shapes.value(constraint, SH.deactivated)) == "true":
            core.remove((shape, SH.sparql, constraint))
            continue
        select = shapes.value(constraint, SH.select)
        targets = _target_pattern(shapes, shape)
        if select is None or targets is None:
            continue
        text = str(select)
        prefixes = [_prefix_lines(shapes, constraint)] + [f"PREFIX {m.group(1)} <{m.group(2)}>"
                                                          for m in _PREFIX_RE.finditer(text)]
        body = _PREFIX_RE.sub("", text).replace("$currentShape", shape.n3())
        query = "\n".join(prefixes) + f"\nSELECT * WHERE {{ {targets}\n {{ {body} }} }}"
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
        severity = shapes.value(constraint, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation
        checks.append(SparqlCheck(shape, constraint, query, str(message) if message is not None else None,
                                  severity))
        core.remove((shape, SH.sparql, constraint))
    return core, checks


def oxigraph_store(graph: Graph):
    """The graph in an in-memory Oxigraph store, for the whole-graph checks."""
    import pyoxigraph as ox

    store = ox.Store()
    if len(graph):
        store.bulk_load(input=graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _rdflib_term(term):
    from rdflib import BNode, Literal

    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _fill(message: str, row: dict) -> str:
    def sub(m):
        v = row.get(m.group(1))
        return str(v) if v is not None else m.group(0)
    return re.sub(r"\{[?$](\w+)\}", sub, message)


def _as_written(data: GraphData, focus, term):
    """Oxigraph returns numbers in canonical form (120 for 120.0): report the focus node's own literal."""
    if isinstance(term, Literal) and term.datatype is not None:
        integer = term.datatype in COLLAPSED  # Oxigraph writes every integer type as xsd:integer
        for o in data.objects_as_written(focus):
            if isinstance(o, Literal) and (o.datatype == term.datatype or (integer and o.datatype in COLLAPSED)):
                try:
                    if o.eq(term) or (integer and int(str(o)) == int(str(term))):
                        return o
                except ValueError:
                    continue
    return term


def sparql_results(data: GraphData, checks: list[SparqlCheck]) -> list[dict]:
    """One result per row of each whole-graph query: focus, value, path, message, shape, severity."""
    out = []
    for check in checks:
        solutions = data.query(check.query)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            row = {name: _rdflib_term(solution[name]) for name in names if solution[name] is not None}
            focus = row.get("this")
            if focus is None:
                continue
            row = {k: _as_written(data, focus, v) for k, v in row.items()}
            message = str(row["message"]) if "message" in row else check.message
            out.append({"focus": focus, "value": row.get("value", focus), "path": row.get("path"),
                        "message": _fill(message, row) if message else None, "check": check,
                        "shape": check.shape, "source": check.constraint,
                        "component": SH.SPARQLConstraintComponent, "severity": check.severity})
    return out


def core_results(data: GraphData, checks) -> list[dict]:
    """The rows of the compiled core constraints (shaclsparql.CoreCheck), as results."""
    out = []
    for check in checks:
        query, values = check.query, None
        if check.text_datatype is not None:
            values = {}
            for subj, obj in data.values_not_of_datatype(check.path, *check.text_datatype):
                values.setdefault(subj, []).append(obj)
            if not values:
                continue
            query = query.replace("VALUES_HERE", " ".join(n.n3() for n in values))
        for solution in data.query(query):
            focus = _rdflib_term(solution["this"])
            if values is not None:
                for value in values[focus]:
                    out.append({"focus": focus, "value": value, "path": check.path, "message": check.message,
                                "shape": check.shape, "source": check.source, "component": check.component,
                                "severity": check.severity})
                continue
            if check.value == "row":
                value = _as_written(data, focus, _rdflib_term(solution["value"]))
            else:
                value = focus if check.value == "focus" else None
            out.append({"focus": focus, "value": value, "path": check.path, "message": check.message,
                        "shape": check.shape, "source": check.source, "component": check.component,
                        "severity": check.severity})
    return out


def _pyshacl_findings(results: Graph, shapes: Graph, where) -> list[Finding]:
    findings = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        shape = results.value(r, SH.sourceShape)
        # a property shape is a blank node: name the node shape that holds it
        holder = shapes.value(predicate=SH.property, object=shape) if shape is not None else None
        check = str(holder or shape).replace("https://w3id.org/portkg/shapes#", "")
        msg = results.value(r, SH.resultMessage)
        value = results.value(r, SH.value)
        path = results.value(r, SH.resultPath)
        findings.append(Finding(check, str(msg) if msg else "shape violated", _short(focus), where(focus),
                                _short(value) if value is not None else None,
                                _short(path) if path is not None else None))
    return findings


def reference_shacl_findings(graph: Graph, project: Project, where=_short) -> list[Finding]:
    """pySHACL alone, SPARQL constraints included (slow: once per focus node). The reference the
    fast path is tested against; not used by `portkg validate`."""
    from pyshacl import validate as shacl_validate

    shapes = load_shapes(project)
    g = Graph()
    g += graph
    _, results, _ = shacl_validate(g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
                                   inplace=True)
    return _pyshacl_findings(results, shapes, where)


ENGINES = ("sparql", "pyshacl", "pyrudof")


def rudof_findings(ntriples: bytes, project: Project, where) -> list[Finding]:
    """The same shapes checked by pyrudof (Rust), optional: `portkg validate --engine pyrudof`.

    pySHACL stays the reference; tests/test_shapes.py checks that both report the same
    (shape, focus node, path) on every fixture. Messages of SPARQL constraints may print a
    number in canonical form (120 for 120.0)."""
    try:
        from pyrudof import RDFFormat, Rudof, RudofConfig
    except ImportError:
        raise InputError(None, None, "--engine", "pyrudof is not installed",
                         "pip install pyrudof (or use the default engine, pyshacl)") from None
    shapes = load_shapes(project)
    holders: dict[tuple[str, str], str] = {}
    by_path: dict[str, set[str]] = {}
    for holder, prop in shapes.subject_objects(SH.property):
        for path in shapes.objects(prop, SH.path):
            holders[(str(path), str(shapes.value(prop, SH.message) or ""))] = str(holder)
            by_path.setdefault(str(path), set()).add(str(holder))
    r = Rudof(RudofConfig())
    r.read_data(ntriples.decode("utf-8"), RDFFormat.NTriples)
    for path in project.shapes:
        r.read_shacl(str(path))
    findings = []
    for v in r.validate_shacl().violations:
        def text(x):
            x = "" if x is None or str(x) == "None" else str(x)
            m = re.match(r'^"(.*)"(?:@[\w-]+|\^\^\S+)?$', x, re.S)
            return m.group(1) if m else x
        focus, path, message = text(v.focus_node), text(v.path), text(v.message)
        shape = text(v.source_shape)
        if shape.startswith("_:"):  # a property shape: name the node shape that holds it
            only = by_path.get(path, set())
            shape = holders.get((path, message)) or (next(iter(only)) if len(only) == 1 else shape)
        value = text(v.value)
        findings.append(Finding(shape.replace("https://w3id.org/portkg/shapes#", ""), message or "shape violated",
                                _short(URIRef(focus)), where(URIRef(focus)),
                                _short(value) if value else None, _short(path) if path else None))
    return findings


def _shape_name(shape) -> str:
    return str(shape).replace("https://w3id.org/portkg/shapes#", "")


def _copy_shape(results: Graph, shapes: Graph, node) -> None:
    """A blank-node shape's description into the report (as pySHACL does), nested blank nodes included."""
    from rdflib import BNode

    todo, seen = [node], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in shapes.predicate_objects(n):
            results.add((n, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def _add_results(results: Graph, rows: list[dict], where, shapes: Graph | None = None) -> list[Finding]:
    """Our query rows as sh:ValidationResult nodes of the report (``--format ttl``) and as findings."""
    from rdflib import BNode

    findings = []
    if not rows:
        return findings
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    start = len(set(results.subjects(RDF.type, SH.ValidationResult)))
    for n, res in enumerate(rows, start):
        node = URIRef(f"urn:portkg:validation-result:{n}")
        results.add((report, SH.result, node))
        results.set((report, SH.conforms, Literal(False)))
        results.add((node, RDF.type, SH.ValidationResult))
        results.add((node, SH.focusNode, res["focus"]))
        results.add((node, SH.sourceShape, res["source"] if res["component"] != SH.SPARQLConstraintComponent
                     else res["shape"]))
        if res["component"] == SH.SPARQLConstraintComponent:
            results.add((node, SH.sourceConstraint, res["source"]))
        if shapes is not None and isinstance(res["source"], BNode):
            _copy_shape(results, shapes, res["source"])
        results.add((node, SH.sourceConstraintComponent, res["component"]))
        results.add((node, SH.resultSeverity, res["severity"]))
        if res["value"] is not None:
            results.add((node, SH.value, res["value"]))
        if res["path"] is not None:
            results.add((node, SH.resultPath, res["path"]))
        if res["message"]:
            results.add((node, SH.resultMessage, Literal(res["message"])))
        findings.append(Finding(_shape_name(res["shape"]), res["message"] or "shape violated", _short(res["focus"]),
                                where(res["focus"]), _short(res["value"]) if res["value"] is not None else None,
                                _short(res["path"]) if res["path"] is not None else None))
    return findings


def _empty_report() -> Graph:
    results = Graph()
    results.bind("sh", SH)
    report = URIRef("urn:portkg:validation-report")
    results.add((report, RDF.type, SH.ValidationReport))
    results.add((report, SH.conforms, Literal(True)))
    return results


def shacl_findings(data: GraphData, project: Project, where, focus: list | None = None,
                   engine: str = "sparql") -> tuple[list[Finding], Graph]:
    """The shapes checked over ``data``.

    engine ``sparql`` (the default): every core constraint shaclsparql can compile and every
    SHACL-SPARQL constraint run as whole-graph queries on Oxigraph; pySHACL checks only the node
    shapes left over (none in portkg's shapes today), on an rdflib graph made only then.
    engine ``pyshacl``: pySHACL for all core constraints (the reference; SPARQL constraints still
    as whole-graph queries). ``focus``: pySHACL checks only these nodes (the queries always run
    over the whole graph; the caller keeps the findings it wants)."""
    from .shaclsparql import compile_shapes

    shapes = load_shapes(project)
    core, checks = split_shapes(shapes)
    compiled, left = ([], None)
    if engine == "sparql":
        compiled, left = compile_shapes(core, _target_pattern)
        done = {c.shape for c in compiled}
        # compiled shapes lose their targets: pySHACL does not check them a second time
        targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
        for shape in done - set(left):
            for p in targets:
                core.remove((shape, p, None))
            if (shape, RDF.type, RDFS.Class) in core:
                left.add(shape)  # an implicit class target cannot be removed: pySHACL keeps it
    findings: list[Finding] = []
    if engine != "sparql" or left:
        from pyshacl import validate as shacl_validate

        # inplace: the data graph is ours and nothing infers into it (inference none, no rules)
        _, results, _ = shacl_validate(data.graph, shacl_graph=core, inference="none", advanced=True,
                                       allow_warnings=True, inplace=True, focus_nodes=focus or None)
        findings = _pyshacl_findings(results, shapes, where)
    else:
        results = _empty_report()
    rows = core_results(data, compiled) + (sparql_results(data, checks) if checks else [])
    findings += _add_results(results, rows, where, shapes)
    return findings, results


def _data(graph: Graph | None, store=None, ntriples: bytes | None = None) -> GraphData:
    if store is None:
        return GraphData.of_graph(graph) if graph is not None else GraphData(_load(ntriples), ntriples=ntriples)
    return GraphData(store, graph=graph, ntriples=ntriples)


def _load(nt: bytes):
    import pyoxigraph as ox

    store = ox.Store()
    if nt:
        store.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES)
    return store


def validate_data(data: GraphData, project: Project, origins: dict | None = None, focus: list | None = None,
                  docs: dict | None = None, engine: str = "sparql") -> tuple[Report, Graph | None]:
    where = OriginFinder(data, origins or {}, project)
    if engine == "pyrudof":
        findings, results = rudof_findings(data._dump(),
                                           project, where), None
    else:
        findings, results = shacl_findings(data, project, where, focus, engine)
    findings += integrity_findings(data, project, where, docs)
    return Report(findings, len(data)), results


def validate_graph(graph: Graph, project: Project, origins: dict | None = None, store=None,
                   focus: list | None = None, docs: dict | None = None, engine: str = "sparql",
                   ntriples: bytes | None = None) -> tuple[Report, Graph | None]:
    """Validate ``graph`` (``store``: the same graph in pyoxigraph, if the caller has it;
    ``focus``: only findings about these nodes are wanted; ``engine``: sparql, pyshacl or pyrudof)."""
    return validate_data(_data(graph, store, ntriples), project, origins, focus, docs, engine)


def validate_project(project: Project, engine: str = "sparql") -> tuple[Report, Graph | None]:
    from .build import build_graph

    result: BuildResult = build_graph(project, summarise=False)  # summaries are derived, not curated
    data = GraphData(result.store, ntriples=result.ntriples)
    return validate_data(data, project, result.origins, docs=_docs(result), engine=engine)


def _docs(result: BuildResult) -> dict:
    return result.source_records


# ---------------------------------------------------------------- per case file, with a cache

CACHE_VERSION = 3


def _digest(*parts: bytes) -> str:
    import hashlib

    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


def _vocabulary_digest(project: Project) -> str:
    """What every case's findings depend on besides its own file: shapes, vocabularies, registries,
    source records and texts, and the portkg code that builds and checks."""
    from . import build as build_module

    files = [*project.shapes, *project.ontology, project.agencies, project.places]
    for meta in project.sources:
        files.append(meta)
        files.extend(sorted(meta.parent.glob(meta.stem + ".*")))
    here = Path(__file__).parent  # the modules the build and the checks run (evidence: the ties; source: offsets)
    code = [Path(build_module.__file__), Path(__file__),
            *(here / f"{m}.py" for m in ("shaclsparql", "evidence", "source", "units", "authoring"))]
    return _digest(*(p.read_bytes() for p in files if p.exists()), *(p.read_bytes() for p in code),
                   str(CACHE_VERSION).encode())


# ---------------------------------------------------------------- case files in chunks, in parallel

#: below this many case files `portkg validate` checks the whole graph in one process
PARALLEL_FROM = 200


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _error_dict(err: InputError) -> dict:
    return {"path": err.path, "line": err.line, "field": err.field, "problem": err.problem, "fix": err.fix,
            "nearest": err.nearest}


def check_chunk(root: str, paths: list[str], with_shared: bool = True) -> dict:
    """Build the shared part plus the case files ``paths`` and validate that graph (one process's
    share of a parallel run). Each finding goes to the case file whose own triples hold its focus
    node (the first such file), or to the shared part (sources, registries, vocabularies).

    Returns plain data (it crosses a process boundary): {"error": …} on bad input, else the
    shared findings (with ``with_shared``), per case file its findings, case id and triple count,
    and the triples not minted under a case (evidence passages) by subject, so that a passage two
    chunks both cite is counted once."""
    project = Project(Path(root))
    try:
        result = build_graph_parts(project, [Path(p) for p in paths])
        shared = set(result.shared_triples)
        shared_subjects = {ln[1:ln.index(b">")] for ln in result.shared_triples if ln[:1] == b"<"}
        owner: dict[str, str] = {}
        cases: dict[str, dict] = {}
        minted_prefix, base = f"<{BASE}case/".encode("utf-8"), BASE.encode("utf-8")
        loose_lines: set[bytes] = set()  # lines of passages the case files cite (not minted under a case)
        for cf in result.case_files:
            path = str(cf.path)
            own = [ln for ln in result.case_triples.get(path, []) if ln not in shared]
            minted, subjects, key = 0, set(), None
            for ln in own:  # sorted: a subject's lines are together
                if ln.startswith(minted_prefix):
                    minted += 1
                elif ln[:1] == b"<":
                    loose_lines.add(ln)
                if ln[:1] == b"<" and not (key and ln.startswith(key)):
                    cut = ln.index(b">")
                    key = ln[:cut + 2]
                    subjects.add(ln[1:cut])
            for subject in subjects - shared_subjects:  # _short(subject): the finding's focus
                text = subject[len(base):] if subject.startswith(base) else subject
                owner.setdefault(text.decode("utf-8"), path)
            cases[path] = {"id": f"{cf.source}-{cf.number}", "triples": len(own), "minted": minted, "findings": []}
        loose: dict[str, int] = {}
        for ln in loose_lines:
            subject = ln[1:ln.index(b">")].decode("utf-8")
            loose[subject] = loose.get(subject, 0) + 1
        del loose_lines
        result.case_triples, result.shared_triples = {}, []
        data = GraphData(result.store, ntriples=result.ntriples)
        report, _ = validate_data(data, project, result.origins, docs=_docs(result))
    except InputError as err:
        return {"error": _error_dict(err)}
    out_shared = []
    for f in report.findings:
        path = owner.get(f.focus)
        if path is None:
            out_shared.append(asdict(f))
        else:
            cases[path]["findings"].append(asdict(f))
    return {"shared": out_shared if with_shared else None, "shared_triples": len(shared), "cases": cases,
            "loose": loose}


def build_graph_parts(project: Project, paths: list[Path]):
    from .build import build_graph

    # summaries are derived, not curated: each chunk checks what the serial run checks
    return build_graph(project, case_paths=paths, keep_parts=True, summarise=False)


def _raise(error: dict):
    raise InputError(error["path"], error["line"], error["field"], error["problem"], error["fix"], error["nearest"])


def run_chunks(project: Project, chunks: list[list[str]], jobs: int, with_shared_first: bool = True) -> list[dict]:
    """``check_chunk`` for each chunk, ``jobs`` at a time in separate processes (in this one when
    jobs is 1); bad input is raised as the serial build would raise it (the first chunk's first)."""
    args = [(str(project.root), chunk, with_shared_first and i == 0) for i, chunk in enumerate(chunks)]
    if jobs <= 1 or len(chunks) <= 1:
        outs = [check_chunk(*a) for a in args]
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=mp.get_context("spawn")) as pool:
            outs = list(pool.map(check_chunk, *zip(*args)))
    for out in outs:
        if "error" in out:
            _raise(out["error"])
    return outs


def _split(paths: list, n: int) -> list[list]:
    n = max(1, min(n, len(paths)))
    size, extra = divmod(len(paths), n)
    out, i = [], 0
    for k in range(n):
        j = i + size + (1 if k < extra else 0)
        out.append(paths[i:j])
        i = j
    return out


def _check_case_ids(project: Project, ids: list[tuple[str, str]]) -> None:
    """One file per case id across chunks (each chunk's build checks it among its own files)."""
    from .authoring import read_case_file
    from .build import load_vocabulary, load_vocabulary_lines

    seen: dict[str, str] = {}
    for path, case_id in sorted(ids):
        if case_id in seen:
            cf = read_case_file(Path(path), load_vocabulary(project, load_vocabulary_lines(project)))
            raise cf.error("case", f"duplicate case id {case_id}: also in {seen[case_id]}",
                           "each case has exactly one file; merge the two or fix the number")
        seen[case_id] = path


def _unique(findings: list[Finding]) -> list[Finding]:
    """Findings in order, a repeat from another case file (a passage both cite) dropped."""
    seen, out = set(), []
    for f in findings:
        key = tuple(asdict(f).values())
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def validate_parallel(project: Project, jobs: int) -> Report:
    """Full validation split by case file over ``jobs`` processes: each builds the shared part plus
    its share of the case files and checks that graph; the shared part's findings are taken once
    and the cross-case check (one file per case id) runs over all. The findings are those of the
    whole-graph run (tests/test_shapes.py compares them)."""
    paths = [str(p) for p in project.cases]
    outs = run_chunks(project, _split(paths, jobs), jobs)
    _check_case_ids(project, [(p, e["id"]) for out in outs for p, e in out["cases"].items()])
    findings = [Finding(**f) for f in outs[0]["shared"]]
    loose: dict[str, int] = {}
    minted = 0
    for out in outs:
        for path in sorted(out["cases"]):
            findings += [Finding(**f) for f in out["cases"][path]["findings"]]
            minted += out["cases"][path]["minted"]
        loose.update(out["loose"])
    return Report(_unique(findings), outs[0]["shared_triples"] + minted + sum(loose.values()))


def validate_changed(project: Project, cache_path: Path, jobs: int = 1) -> tuple[Report, int, int]:
    """Validate case by case, building and re-checking only case files whose bytes changed since the
    last run (or everything when shapes, vocabularies, registries, sources or portkg changed).

    The shared part (sources, registries, vocabularies) is checked once per change of those files;
    the changed cases are checked together as the shared part plus their own triples (in ``jobs``
    processes when there are many), each finding kept with the case file that holds its focus node.
    Cross-case checks (one file per case id) run over every case from the cache. Returns (report,
    cases checked now, cases taken from the cache).
    """
    from .build import write_atomically

    common = _vocabulary_digest(project)
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
    except ValueError:
        cache = {}
    if cache.get("common") != common or cache.get("version") != CACHE_VERSION:
        cache = {"common": common, "version": CACHE_VERSION, "cases": {}}
    paths = project.cases
    keys = {str(p): _digest(p.read_bytes()) for p in paths}
    cache["cases"] = {p: e for p, e in cache["cases"].items() if p in keys}  # deleted files
    changed = [str(p) for p in paths if cache["cases"].get(str(p), {}).get("key") != keys[str(p)]]
    chunks = _split(changed, jobs if len(changed) >= PARALLEL_FROM else 1) if changed else []
    if "shared" not in cache:
        chunks = chunks or [[]]
    outs = run_chunks(project, chunks, jobs, with_shared_first="shared" not in cache) if chunks else []
    ids = [(p, e["id"]) for p, e in cache["cases"].items() if p not in changed]
    ids += [(p, e["id"]) for out in outs for p, e in out["cases"].items()]
    _check_case_ids(project, ids)
    for out in outs:
        if out["shared"] is not None:
            cache["shared"], cache["shared_triples"] = out["shared"], out["shared_triples"]
        for path, entry in out["cases"].items():
            cache["cases"][path] = {"key": keys[path], "id": entry["id"], "triples": entry["triples"],
                                    "findings": entry["findings"]}
    findings = [Finding(**f) for f in cache["shared"]]
    for p in paths:
        findings += [Finding(**f) for f in cache["cases"][str(p)]["findings"]]
    write_atomically({cache_path: json.dumps(cache, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")})
    triples = cache.get("shared_triples", 0) + sum(e.get("triples", 0) for e in cache["cases"].values())
    return Report(_unique(findings), triples), len(changed), len(paths) - len(changed)


def load_graph_file(path: Path) -> Graph:
    g = Graph()
    fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}.get(path.suffix.lstrip("."), "turtle")
    if not path.exists():
        raise InputError(path, None, None, "graph file not found", "run `portkg build` first, or check the path")
    try:
        g.parse(path, format=fmt)
    except Exception as err:
        raise InputError(path, None, None, f"cannot parse the graph: {err}", "pass a Turtle, N-Triples or JSON-LD file") from None
    return g
