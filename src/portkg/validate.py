"""`portkg validate`: SHACL shapes plus the integrity checks SHACL cannot express.

Every finding points back to where a person wrote the fact (case file and line, registry
entry, or vocabulary file), because that is where it has to be fixed.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from .build import BASE, OA, PK, BuildResult, Origin, Project
from .errors import InputError
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


class OriginFinder:
    """Map a graph node to the file and line a person has to edit."""

    def __init__(self, graph: Graph, origins: dict[URIRef, Origin], project: Project):
        self.g, self.origins, self.project = graph, origins, project
        self._ttl_lines: dict[str, str] | None = None

    def __call__(self, node) -> str:
        if node in self.origins:
            return self.origins[node].render()
        # evidence is shared: point at the first fact that cites it
        for s in sorted(self.g.subjects(PK.evidence, node)):
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


def integrity_findings(graph: Graph, project: Project, where: OriginFinder) -> list[Finding]:
    """Checks SHACL cannot express: quotes equal the source at their offsets, inside their case."""
    findings: list[Finding] = []
    texts: dict[URIRef, str] = {}
    for meta in project.sources:
        doc = load_source(meta)  # raises InputError on a changed checksum
        texts[URIRef(f"{BASE}source/{doc.id}")] = doc.text
        recorded = graph.value(URIRef(f"{BASE}source/{doc.id}"), PK.sha256)
        if recorded is not None and str(recorded) != doc.meta["sha256"]:
            findings.append(Finding("checksum", "the graph was built from a different source text "
                                    f"(sha256 {recorded}, record says {doc.meta['sha256']})",
                                    _short(URIRef(f"{BASE}source/{doc.id}")), str(meta)))
    for ev in sorted(graph.subjects(RDF.type, PK.Evidence)):
        exact, start, end = graph.value(ev, OA.exact), graph.value(ev, OA.start), graph.value(ev, OA.end)
        src = graph.value(ev, PROV.wasQuotedFrom)
        if exact is None or start is None or end is None or src not in texts:
            continue  # the shapes report missing parts
        s, e = int(start), int(end)
        actual = texts[src][s:e]
        if actual != str(exact):
            findings.append(Finding("quote-matches-source",
                                    f"quote differs from the source at {s}–{e}: source has {actual[:40]!r}",
                                    _short(ev), where(ev), str(exact)[:60]))
    # every fact's evidence lies inside its own case's section
    for case in sorted(graph.subjects(RDF.type, PK.Case)):
        lo, hi = graph.value(case, PK.startOffset), graph.value(case, PK.endOffset)
        if lo is None or hi is None:
            continue
        for p in (PK.qualifiedImplementation, PK.qualifiedPlace, PK.qualifiedMeasure, PK.reportsOutcome,
                  PK.makesClaim):
            for fact in sorted(graph.objects(case, p)):
                for ev in graph.objects(fact, PK.evidence):
                    s, e = graph.value(ev, OA.start), graph.value(ev, OA.end)
                    if s is not None and e is not None and not (int(lo) <= int(s) and int(e) <= int(hi)):
                        findings.append(Finding("evidence-inside-case",
                                                f"evidence {int(s)}–{int(e)} lies outside the case's section "
                                                f"{int(lo)}–{int(hi)}", _short(fact), where(fact)))
        # the shortcut and its qualified form agree
        shortcut = set(graph.objects(case, PK.appliesMeasure))
        qualified = {graph.value(a, PK.measure) for a in graph.objects(case, PK.qualifiedMeasure)
                     if graph.value(a, PK.status) != PLANNED}  # planned applications have no shortcut
        for m in sorted(shortcut ^ qualified, key=str):
            findings.append(Finding("measure-shortcut", f"pk:appliesMeasure and pk:qualifiedMeasure disagree on "
                                    f"{_short(m)}", _short(case), where(case)))
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


def _as_written(graph: Graph, focus, term):
    """Oxigraph returns numbers in canonical form (120 for 120.0): report the focus node's own literal."""
    if isinstance(term, Literal) and term.datatype is not None:
        for o in graph.objects(focus, None):
            if isinstance(o, Literal) and o.datatype == term.datatype and o.eq(term):
                return o
    return term


def sparql_results(graph: Graph, store, checks: list[SparqlCheck]) -> list[dict]:
    """One result per row of each whole-graph query: focus, value, path, message, shape, severity."""
    out = []
    for check in checks:
        solutions = store.query(check.query)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            row = {name: _rdflib_term(solution[name]) for name in names if solution[name] is not None}
            focus = row.get("this")
            if focus is None:
                continue
            row = {k: _as_written(graph, focus, v) for k, v in row.items()}
            message = str(row["message"]) if "message" in row else check.message
            out.append({"focus": focus, "value": row.get("value", focus), "path": row.get("path"),
                        "message": _fill(message, row) if message else None, "check": check})
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


def shacl_findings(graph: Graph, project: Project, where: OriginFinder) -> tuple[list[Finding], Graph]:
    from pyshacl import validate as shacl_validate

    shapes = load_shapes(project)
    core, checks = split_shapes(shapes)
    # inplace: the data graph is ours and nothing infers into it (inference none, no rules)
    _, results, _ = shacl_validate(graph, shacl_graph=core, inference="none", advanced=True,
                                   allow_warnings=True, inplace=True)
    findings = _pyshacl_findings(results, shapes, where)
    if checks:
        report = results.value(predicate=RDF.type, object=SH.ValidationReport)
        for n, res in enumerate(sparql_results(graph, oxigraph_store(graph), checks)):
            check = res["check"]
            node = URIRef(f"urn:portkg:validation-result:{n}")
            results.add((report, SH.result, node))
            results.set((report, SH.conforms, Literal(False)))
            results.add((node, RDF.type, SH.ValidationResult))
            results.add((node, SH.focusNode, res["focus"]))
            results.add((node, SH.sourceShape, check.shape))
            results.add((node, SH.sourceConstraint, check.constraint))
            results.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            results.add((node, SH.resultSeverity, check.severity))
            results.add((node, SH.value, res["value"]))
            if res["path"] is not None:
                results.add((node, SH.resultPath, res["path"]))
            if res["message"]:
                results.add((node, SH.resultMessage, Literal(res["message"])))
            findings.append(Finding(str(check.shape).replace("https://w3id.org/portkg/shapes#", ""),
                                    res["message"] or "shape violated", _short(res["focus"]), where(res["focus"]),
                                    _short(res["value"]), _short(res["path"]) if res["path"] is not None else None))
    return findings, results


def validate_graph(graph: Graph, project: Project, origins: dict | None = None) -> tuple[Report, Graph]:
    where = OriginFinder(graph, origins or {}, project)
    findings, results = shacl_findings(graph, project, where)
    findings += integrity_findings(graph, project, where)
    return Report(findings, len(graph)), results


def validate_project(project: Project) -> tuple[Report, Graph]:
    from .build import build_graph

    result: BuildResult = build_graph(project)
    return validate_graph(result.graph, project, result.origins)


# ---------------------------------------------------------------- per case file, with a cache

CACHE_VERSION = 1


def _digest(*parts: bytes) -> str:
    import hashlib

    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


def _case_nodes(graph: Graph, case: URIRef) -> set:
    """The case node and every node minted under it (evidence passages are shared, not the case's)."""
    prefix = str(case) + "/"
    return {case} | {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(prefix)}


def validate_changed(project: Project, cache_path: Path) -> tuple[Report, int, int]:
    """Validate case by case, re-checking only case files whose inputs changed since the last run.

    The shared part (sources, registries, vocabularies) is checked once per change of those
    files; each case is checked as the shared part plus its own nodes, and only findings about
    its own nodes are kept. Returns (report, cases checked now, cases taken from the cache).
    """
    from .build import build_graph

    result = build_graph(project)
    g = result.graph
    common = _digest(*(p.read_bytes() for p in [*project.shapes, *project.ontology, *project.sources,
                                                 project.agencies, project.places]),
                     str(CACHE_VERSION).encode())
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
    except ValueError:
        cache = {}
    if cache.get("common") != common:
        cache = {"common": common, "cases": {}}
    cases = sorted(g.subjects(RDF.type, PK.Case))
    case_nodes = {c: _case_nodes(g, c) for c in cases}
    scoped = set().union(*case_nodes.values()) if case_nodes else set()
    shared, core = Graph(), Graph()
    evidence = set(g.subjects(RDF.type, PK.Evidence))
    for t in g:
        if t[0] not in scoped:
            shared.add(t)
            if t[0] not in evidence:
                core.add(t)
    findings: list[Finding] = []
    if "shared" not in cache:
        report, _ = validate_graph(shared, project, result.origins)
        cache["shared"] = [asdict(f) for f in report.findings]
    findings += [Finding(**f) for f in cache["shared"]]
    checked = reused = 0
    by_path = {str(cf.path): cf for cf in result.case_files}
    for c in cases:
        origin = result.origins.get(c)
        path = origin.path if origin else str(c)
        key = _digest(Path(path).read_bytes() if path in by_path else str(c).encode())
        entry = cache["cases"].get(path)
        if entry and entry["key"] == key:
            findings += [Finding(**f) for f in entry["findings"]]
            reused += 1
            continue
        # the case's own nodes, the passages they cite, and the vocabularies and registries
        sub = Graph()
        sub += core
        for n in case_nodes[c]:
            for t in g.triples((n, None, None)):
                sub.add(t)
                if t[1] == PK.evidence:
                    for e in g.triples((t[2], None, None)):
                        sub.add(e)
        report, _ = validate_graph(sub, project, result.origins)
        mine = {str(n)[len("https://w3id.org/portkg/"):] if str(n).startswith("https://w3id.org/portkg/") else str(n)
                for n in case_nodes[c]}
        own = [f for f in report.findings if f.focus in mine]
        cache["cases"][path] = {"key": key, "findings": [asdict(f) for f in own]}
        findings += own
        checked += 1
    from .build import write_atomically

    write_atomically({cache_path: json.dumps(cache, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")})
    return Report(findings, len(g)), checked, reused


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
