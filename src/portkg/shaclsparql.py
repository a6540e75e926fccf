"""SHACL core shapes as whole-graph SPARQL queries on Oxigraph (`portkg validate`'s default engine).

pySHACL walks the rdflib graph focus node by focus node; on the real corpus its core
constraints took most of `portkg validate`'s time, and the rdflib graph it needs took another
share. Here each constraint of a node shape becomes one SELECT over the whole graph (the
shape's targets joined with the condition that fails), which returns the violating focus nodes
(and values) in one run. The rows are reported as pySHACL reports them: same focus node,
value, path, message and constraint component (tests/test_shapes.py checks that the findings
equal pySHACL's on every fixture and on real cases).

What is compiled: node shapes with sh:targetClass / sh:targetNode / sh:targetSubjectsOf /
sh:targetObjectsOf (or implicit class targets), property shapes with an IRI sh:path, and the
components sh:minCount, sh:maxCount, sh:datatype (for the XSD types below), sh:class,
sh:pattern, sh:minLength, sh:maxLength, sh:in, sh:hasValue, sh:languageIn, sh:min/maxInclusive,
sh:min/maxExclusive, sh:lessThan, sh:node, sh:not, sh:and, sh:or and sh:qualifiedValueShape
(min/max count), nested to any depth. Anything else (another component, a path expression, a
shape without its own sh:message, SPARQL-based targets) leaves the whole node shape to pySHACL:
``compile_shapes`` returns those shapes separately, so a new kind of check is never skipped.

Known difference: Oxigraph keeps numbers in canonical form, so sh:pattern / sh:minLength on a
*numeric* literal see ``7`` where pySHACL sees ``007`` (portkg applies them to strings only).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, XSD, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

#: lexical forms of the datatypes we check (pySHACL rejects ill-typed literals of these)
_LEXICAL = {
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.nonNegativeInteger: r"^(\+?[0-9]+|-0+)$",
    XSD.positiveInteger: r"^\+?0*[1-9][0-9]*$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
}

#: Oxigraph stores these as xsd:integer (the datatype IRI is lost in the store): a datatype check
#: on them reads the N-Triples / rdflib graph instead (GraphData.values_not_of_datatype)
COLLAPSED = {XSD[t] for t in ("integer", "nonNegativeInteger", "positiveInteger", "negativeInteger",
                              "nonPositiveInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
                              "unsignedShort", "unsignedByte")}
_LEXICAL.update({t: _LEXICAL[XSD.integer] for t in COLLAPSED if t not in _LEXICAL})
_LEXICAL[XSD.negativeInteger] = r"^-0*[1-9][0-9]*$"
_LEXICAL[XSD.nonPositiveInteger] = r"^(-[0-9]+|\+?0+)$"

_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
_IGNORED = {RDF.type, RDFS.comment, RDFS.label, SH.message, SH.severity, SH.name, SH.description, SH.order,
            SH.group, SH.deactivated, SH.sparql, SH.prefixes, SH.declare, *_TARGETS}
_VALUE_COMPONENTS = {SH.datatype, SH["class"], SH.pattern, SH.flags, SH.minLength, SH.maxLength, SH["in"],
                     SH.languageIn, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
                     SH.node, SH["not"], SH["and"], SH["or"]}
_PROPERTY_ONLY = {SH.path, SH.minCount, SH.maxCount, SH.hasValue, SH.lessThan, SH.qualifiedValueShape,
                  SH.qualifiedMinCount, SH.qualifiedMaxCount}
COMPONENT = {
    SH.datatype: SH.DatatypeConstraintComponent, SH["class"]: SH.ClassConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent, SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent, SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent, SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent, SH.node: SH.NodeConstraintComponent,
    SH["not"]: SH.NotConstraintComponent, SH["and"]: SH.AndConstraintComponent, SH["or"]: SH.OrConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent, SH.lessThan: SH.LessThanConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
}


class Unsupported(Exception):
    """The shape uses something this compiler does not translate: pySHACL checks it."""


@dataclass
class CoreCheck:
    """One constraint of one shape as a whole-graph query. Each row is a violation: ?this, and
    ?value when the component reports a value node (``value`` is "row", "focus" or None)."""

    shape: URIRef  # the node shape (the name findings carry)
    source: object  # the shape holding the constraint (a property shape's blank node, or the node shape)
    component: URIRef
    path: URIRef | None
    message: str
    severity: URIRef
    query: str
    value: str | None = None
    order: int = field(default=0)
    #: a datatype Oxigraph does not keep (COLLAPSED): (datatype, lexical regex); ``query`` then
    #: has VALUES_HERE where the candidate focus nodes go
    text_datatype: tuple | None = None


def _string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


class _Compiler:
    def __init__(self, shapes: Graph):
        self.g = shapes
        self.n = 0

    def var(self, stem: str = "v") -> str:
        self.n += 1
        return f"?{stem}{self.n}"

    def one(self, node, pred):
        values = list(self.g.objects(node, pred))
        if len(values) > 1:
            raise Unsupported(f"several {pred} on {node}")
        return values[0] if values else None

    def items(self, node) -> list:
        return list(Collection(self.g, node))

    def deactivated(self, node) -> bool:
        return str(self.one(node, SH.deactivated)) == "true"

    def check_keys(self, node, allowed: set) -> None:
        for p in set(self.g.predicates(node, None)):
            if p in _IGNORED:
                continue
            if p not in allowed or (p == SH.pattern and len(list(self.g.objects(node, SH.pattern))) > 1):
                raise Unsupported(f"{p} on {node}")

    # ------------------------------------------------------------ per value node: the failing condition

    def bad(self, pred, obj, v: str, shape) -> str:
        """A SPARQL expression, true when value node ``v`` violates ``shape``'s ``pred obj``."""
        if pred == SH.datatype:
            if obj == RDF.langString:
                return f'!(isLiteral({v}) && lang({v}) != "")'
            if obj == XSD.string:
                return f'!(isLiteral({v}) && lang({v}) = "" && sameTerm(datatype({v}), {XSD.string.n3()}))'
            if obj == RDFS.Literal:
                return f"!isLiteral({v})"
            if obj not in _LEXICAL or obj in COLLAPSED:
                raise Unsupported(f"sh:datatype {obj} (nested, or not checkable in Oxigraph)")
            return (f"!(isLiteral({v}) && sameTerm(datatype({v}), {obj.n3()}) "
                    f"&& REGEX(STR({v}), {_string(_LEXICAL[obj])}))")
        if pred == SH["class"]:
            return f"NOT EXISTS {{ {v} {RDF.type.n3()}/{RDFS.subClassOf.n3()}* {obj.n3()} }}"
        if pred == SH.pattern:
            flags = self.one(shape, SH.flags)
            args = _string(str(obj)) + (f", {_string(str(flags))}" if flags is not None else "")
            return f"(isBlank({v}) || !REGEX(STR({v}), {args}))"
        if pred == SH.minLength:
            return f"(isBlank({v}) || STRLEN(STR({v})) < {int(obj)})"
        if pred == SH.maxLength:
            return f"(isBlank({v}) || STRLEN(STR({v})) > {int(obj)})"
        if pred == SH["in"]:
            members = self.items(obj)
            if any(getattr(m, "datatype", None) in COLLAPSED for m in members):
                raise Unsupported("sh:in with integer literals")
            return "!(" + (" || ".join(f"sameTerm({v}, {m.n3()})" for m in members) or "false") + ")"
        if pred == SH.languageIn:
            langs = self.items(obj)
            tests = " || ".join(f"langMatches(lang({v}), {_string(str(t))})" for t in langs) or "false"
            return f"!(isLiteral({v}) && ({tests}))"
        if pred in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            op = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}[pred]
            return f"!COALESCE({v} {op} {obj.n3()}, false)"
        if pred == SH.node:
            return f"!({self.conforms(obj, v)})"
        if pred == SH["not"]:
            return self.conforms(obj, v)
        if pred == SH["and"]:
            return "!(" + (" && ".join(f"({self.conforms(s, v)})" for s in self.items(obj)) or "true") + ")"
        if pred == SH["or"]:
            return "!(" + (" || ".join(f"({self.conforms(s, v)})" for s in self.items(obj)) or "false") + ")"
        raise Unsupported(str(pred))

    # ------------------------------------------------------------ conformance of a node to a shape

    def conforms(self, shape, x: str) -> str:
        """A SPARQL expression, true when the node bound to ``x`` conforms to ``shape``."""
        if self.deactivated(shape):
            return "true"
        if self.one(shape, SH.path) is not None:
            return self.conforms_property(shape, x)
        self.check_keys(shape, _VALUE_COMPONENTS | {SH.property})
        parts = []
        for pred, obj in sorted(self.g.predicate_objects(shape)):
            if pred in _VALUE_COMPONENTS and pred != SH.flags:
                parts.append(f"!({self.bad(pred, obj, x, shape)})")
            elif pred == SH.property:
                parts.append(self.conforms_property(obj, x))
        return " && ".join(f"({p})" for p in parts) or "true"

    def path(self, prop) -> URIRef:
        p = self.one(prop, SH.path)
        if not isinstance(p, URIRef):
            raise Unsupported(f"path {p}")
        return p

    def distinct(self, x: str, p: URIRef, n: int, where=None) -> str:
        """A group matching ``n`` pairwise different values of ``x p`` (each satisfying ``where``)."""
        if n > 4:
            raise Unsupported("counts above 4 in nested shapes")
        vs = [self.var() for _ in range(n)]
        pats = " ".join(f"{x} {p.n3()} {v} ." for v in vs)
        conds = [f"!sameTerm({a}, {b})" for i, a in enumerate(vs) for b in vs[i + 1:]]
        if where is not None:
            conds += [where(v) for v in vs]
        return f"{{ {pats}" + (f" FILTER ({' && '.join(conds)})" if conds else "") + " }"

    def conforms_property(self, prop, x: str) -> str:
        if self.deactivated(prop):
            return "true"
        self.check_keys(prop, _VALUE_COMPONENTS | _PROPERTY_ONLY)
        p = self.path(prop)
        parts = []
        for pred, obj in sorted(self.g.predicate_objects(prop)):
            if pred in _VALUE_COMPONENTS and pred != SH.flags:
                v = self.var()
                parts.append(f"NOT EXISTS {{ {x} {p.n3()} {v} FILTER ({self.bad(pred, obj, v, prop)}) }}")
            elif pred == SH.minCount and int(obj) > 0:
                parts.append("EXISTS " + self.distinct(x, p, int(obj)))
            elif pred == SH.maxCount:
                parts.append("NOT EXISTS " + self.distinct(x, p, int(obj) + 1))
            elif pred == SH.hasValue:
                if getattr(obj, "datatype", None) in COLLAPSED:
                    raise Unsupported("sh:hasValue with an integer literal")
                parts.append(f"EXISTS {{ {x} {p.n3()} {obj.n3()} }}")
            elif pred == SH.lessThan:
                v, w = self.var(), self.var()
                parts.append(f"NOT EXISTS {{ {x} {p.n3()} {v} . {x} {obj.n3()} {w} FILTER (!COALESCE({v} < {w}, false)) }}")
            elif pred in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
                q = self.qualified(prop)
                n = int(obj)
                if pred == SH.qualifiedMinCount and n > 0:
                    parts.append("EXISTS " + self.distinct(x, p, n, lambda v: f"({self.conforms(q, v)})"))
                elif pred == SH.qualifiedMaxCount:
                    parts.append("NOT EXISTS " + self.distinct(x, p, n + 1, lambda v: f"({self.conforms(q, v)})"))
        return " && ".join(f"({p_})" for p_ in parts) or "true"

    def qualified(self, prop):
        q = self.one(prop, SH.qualifiedValueShape)
        if q is None or self.one(prop, SH.qualifiedValueShapesDisjoint) is not None:
            raise Unsupported("qualified without a shape, or disjoint")
        return q

    # ------------------------------------------------------------ top-level checks of a node shape

    def message(self, node) -> str:
        msgs = list(self.g.objects(node, SH.message))
        if len(msgs) != 1:
            raise Unsupported(f"{node} has {len(msgs)} sh:message (pySHACL writes its own)")
        return str(msgs[0])

    def severity(self, node):
        return self.one(node, SH.severity) or SH.Violation

    def node_shape(self, shape, targets: str) -> list[CoreCheck]:
        self.check_keys(shape, _VALUE_COMPONENTS | {SH.property})
        checks = []
        for pred, obj in sorted(self.g.predicate_objects(shape)):
            if pred in _VALUE_COMPONENTS and pred != SH.flags:
                q = f"SELECT DISTINCT ?this WHERE {{ {targets} FILTER ({self.bad(pred, obj, '?this', shape)}) }}"
                checks.append(CoreCheck(shape, shape, COMPONENT[pred], None, self.message(shape),
                                        self.severity(shape), q, "focus"))
            elif pred == SH.property and not self.deactivated(obj):
                checks += self.property_shape(shape, obj, targets)
        return checks

    def property_shape(self, shape, prop, targets: str) -> list[CoreCheck]:
        self.check_keys(prop, _VALUE_COMPONENTS | _PROPERTY_ONLY)
        p = self.path(prop).n3()
        message, severity = self.message(prop), self.severity(prop)
        checks = []

        def add(pred, query, value):
            checks.append(CoreCheck(shape, prop, COMPONENT[pred], self.path(prop), message, severity, query, value))

        for pred, obj in sorted(self.g.predicate_objects(prop)):
            if pred == SH.datatype and obj in COLLAPSED:
                add(pred, f"SELECT DISTINCT ?this WHERE {{ VALUES ?this {{ VALUES_HERE }} {targets} }}", "row")
                checks[-1].text_datatype = (obj, _LEXICAL[obj])
            elif pred == SH["class"]:
                # the values not of the class first (MINUS: the class's instances once, not a NOT
                # EXISTS per value), then the focus nodes among them: 0.03 s at 100x, 0.8 s targets first
                add(pred, f"SELECT DISTINCT ?this ?value WHERE {{ {{ SELECT ?this ?value WHERE {{ ?this {p} ?value "
                          f"MINUS {{ ?value {RDF.type.n3()}/{RDFS.subClassOf.n3()}* {obj.n3()} }} }} }} {targets} }}",
                    "row")
            elif pred in _VALUE_COMPONENTS and pred != SH.flags:
                add(pred, f"SELECT DISTINCT ?this ?value WHERE {{ {{ SELECT ?this ?value WHERE {{ ?this {p} ?value "
                          f"FILTER ({self.bad(pred, obj, '?value', prop)}) }} }} {targets} }}", "row")
            elif pred == SH.minCount and int(obj) == 1:
                add(pred, f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {p} [] }} }}", None)
            elif pred == SH.minCount and int(obj) > 0:
                add(pred, f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {p} ?v }} }} "
                          f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(obj)})", None)
            elif pred == SH.maxCount:
                # the nodes with too many values first, then those among the focus nodes
                add(pred, f"SELECT ?this WHERE {{ {{ SELECT ?this WHERE {{ ?this {p} ?v }} "
                          f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(obj)}) }} {targets} }}", None)
            elif pred == SH.hasValue:
                if getattr(obj, "datatype", None) in COLLAPSED:
                    raise Unsupported("sh:hasValue with an integer literal")
                add(pred, f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {p} {obj.n3()} }} }}", None)
            elif pred == SH.lessThan:
                # one result per pair that is not in order, as pySHACL and the SHACL spec report it
                add(pred, f"SELECT ?this ?value ?w WHERE {{ {targets} ?this {p} ?value . ?this {obj.n3()} ?w "
                          f"FILTER (!COALESCE(?value < ?w, false)) }}", "row")
            elif pred in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
                q = self.qualified(prop)
                v = self.var()
                cond = self.conforms(q, v)
                n = int(obj)
                having = f"< {n}" if pred == SH.qualifiedMinCount else f"> {n}"
                if pred == SH.qualifiedMinCount and n <= 0:
                    continue
                opt = "OPTIONAL" if pred == SH.qualifiedMinCount else ""
                add(pred, f"SELECT ?this WHERE {{ {targets} {opt} {{ ?this {p} {v} FILTER ({cond}) }} }} "
                          f"GROUP BY ?this HAVING (COUNT(DISTINCT {v}) {having})", None)
        return checks


def compile_shapes(shapes: Graph, target_pattern) -> tuple[list[CoreCheck], set]:
    """The core constraints of every targeted node shape as queries, and the node shapes left to
    pySHACL (``target_pattern(shapes, shape)``: the SPARQL group binding ?this to its focus nodes)."""
    c = _Compiler(shapes)
    checks: list[CoreCheck] = []
    left: set = set()
    candidates = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    candidates |= {s for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, RDF.type, RDFS.Class) in shapes}
    candidates |= set(shapes.subjects(SH.target, None))
    for shape in sorted(candidates, key=str):
        if c.deactivated(shape):
            continue
        if shapes.value(shape, SH.path) is not None:
            left.add(shape)  # a targeted property shape: rare, pySHACL
            continue
        targets = target_pattern(shapes, shape)
        if targets is None:
            left.add(shape)
            continue
        try:
            found = c.node_shape(shape, targets)
        except Unsupported:
            left.add(shape)
            continue
        checks += found
    for i, ch in enumerate(checks):
        ch.order = i
    return checks, left
