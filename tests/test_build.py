"""`portkg build`: deterministic, atomic, complete output."""
from __future__ import annotations

import os
import subprocess
import sys

from rdflib import Graph


def _build(root, out, seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    res = subprocess.run([sys.executable, "-m", "portkg.cli", "build", "--project", str(root), "--out", str(out)],
                         capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    return {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".ttl", ".nt", ".jsonld")}


def test_build_is_byte_identical_across_runs(project, tmp_path):
    a = _build(project.root, tmp_path / "a", 1)
    b = _build(project.root, tmp_path / "b", 4242)
    assert set(a) == {"portkg.ttl", "portkg.nt", "portkg.jsonld"}
    assert a == b


def test_the_three_serialisations_hold_the_same_graph(project, tmp_path):
    files = _build(project.root, tmp_path / "out", 7)
    sizes = set()
    for name, fmt in (("portkg.ttl", "turtle"), ("portkg.nt", "nt"), ("portkg.jsonld", "json-ld")):
        g = Graph()
        g.parse(data=files[name].decode("utf-8"), format=fmt)
        sizes.add(len(g))
    assert len(sizes) == 1


def test_no_blank_nodes_in_the_built_graph(graph):
    from rdflib import BNode

    assert not [t for t in graph if any(isinstance(x, BNode) for x in t)]


def test_built_graph_conforms(built, project):
    from portkg.validate import validate_graph

    report, _ = validate_graph(built.graph, project, built.origins)
    assert report.conforms, report.human()


def test_every_fact_has_evidence_with_offsets_that_match_the_source(graph, built):
    from rdflib import RDF

    from rdflib.namespace import PROV

    from portkg.build import OA, PK, iri

    texts = {iri("source", sid): doc.text for sid, doc in built.sources.items()}
    assert len(texts) >= 2, "the second source (js-2024) is part of the project"
    for cls in (PK.Implementation, PK.PlaceMention, PK.MeasureApplication, PK.Outcome, PK.InnovationClaim, PK.Case):
        for node in graph.subjects(RDF.type, cls):
            ev = graph.value(node, PK.evidence)
            assert ev is not None, node
            s, e = int(graph.value(ev, OA.start)), int(graph.value(ev, OA.end))
            # each quote is checked against its own source's text, and a case's evidence is in the case's source
            text = texts[graph.value(ev, PROV.wasQuotedFrom)]
            assert text[s:e] == str(graph.value(ev, OA.exact))
            case = node if cls == PK.Case else next(c for c in graph.subjects(None, node)
                                                     if (c, RDF.type, PK.Case) in graph)
            assert graph.value(case, PK.inSource) == graph.value(ev, PROV.wasQuotedFrom)


# ---------------------------------------------------------------- the lean build writes what rdflib writes

def test_ntriples_are_what_rdflib_writes_for_the_same_graph(built):
    """The builder writes N-Triples lines itself; rdflib's own parser and writer, sorted, give the same bytes."""
    from rdflib.plugins.serializers.nt import _nt_row

    g = Graph()
    g.parse(data=built.ntriples.decode("utf-8"), format="nt")  # rdflib's parser, not Oxigraph's
    assert len(g) == built.triples
    assert "".join(sorted(_nt_row(t) for t in g)).encode("utf-8") == built.ntriples


def test_jsonld_is_the_canonical_form_of_oxigraphs(built):
    """The streaming JSON-LD writer gives the bytes of Oxigraph's JSON-LD with every array sorted."""
    from portkg.build import ntriples_to

    assert ntriples_to(built.ntriples, "jsonld") == _canonical_jsonld(built.ntriples)


def test_rdflib_graph_of_a_build_equals_the_ntriples(built):
    g = Graph()
    g.parse(data=built.ntriples.decode("utf-8"), format="nt")
    assert set(built.graph) == set(g)


from decimal import Decimal  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _canonical_jsonld(nt: bytes) -> bytes:
    import json

    import pyoxigraph as ox

    def canonical(node):
        if isinstance(node, dict):
            return {k: (v if k == "@list" else canonical(v)) for k, v in node.items()}
        if isinstance(node, list):
            return sorted((canonical(v) for v in node), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        return node

    doc = json.loads(ox.serialize(ox.parse(input=nt, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.JSON_LD))
    return (json.dumps(canonical(doc), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


_IRIS = ["https://w3id.org/portkg/case/a", "https://w3id.org/portkg/case/a/claim/1", "https://w3id.org/portkg/case/a-2",
         "https://w3id.org/portkg/case/ab", "https://w3id.org/portkg/case/a.b", "https://w3id.org/portkg/数"]
_PREDICATES = ["https://w3id.org/portkg/ontology#end", "https://w3id.org/portkg/ontology#end2",
               "https://w3id.org/portkg/ontology#end-x", "http://www.w3.org/2000/01/rdf-schema#label"]


def _term(kind, text, lang):
    from rdflib import XSD, BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if kind == "iri":
        return URIRef(_IRIS[len(text) % len(_IRIS)])
    if kind == "bnode":
        return BNode("b" + str(len(text)))
    if kind == "typed":
        return RdfLiteral(text, datatype=XSD.string if len(text) % 2 else URIRef("https://example.org/dt"))
    return RdfLiteral(text, lang=lang)


@given(st.lists(st.tuples(st.integers(0, len(_IRIS) - 1), st.integers(0, len(_PREDICATES) - 1),
                          st.sampled_from(["iri", "bnode", "typed", "literal"]),
                          st.text(alphabet=st.sampled_from('ab "\\\n\r\t\x01口'), max_size=6),
                          st.sampled_from([None, "zh", "en", "zh-hans", "EN"])), min_size=1, max_size=10))
def test_jsonld_writer_reads_any_line_as_oxigraph_does(rows):
    """The writer reads most lines as text and the rest with Oxigraph's parser: on lines with
    escapes, tabs, control characters, blank nodes, capital language tags and IRIs that are each
    other's prefixes it still gives Oxigraph's JSON-LD, canonical."""
    from rdflib import URIRef
    from rdflib.plugins.serializers.nt import _nt_row

    from portkg.build import ntriples_to

    lines = {_nt_row((URIRef(_IRIS[s]), URIRef(_PREDICATES[p]), _term(kind, text, lang))).encode("utf-8")
             for s, p, kind, text, lang in rows}
    nt = b"".join(sorted(lines))
    assert ntriples_to(nt, "jsonld") == _canonical_jsonld(nt)


@given(st.one_of(
    st.tuples(st.text(), st.sampled_from([None, "zh", "en"]), st.none()),
    st.tuples(st.decimals(allow_nan=False, allow_infinity=False, places=3), st.none(), st.just("decimal")),
    st.tuples(st.integers(min_value=0), st.none(), st.just("nonNegativeInteger")),
    st.tuples(st.booleans(), st.none(), st.none()),
))
def test_builder_literals_are_written_as_rdflib_writes_them(case):
    from rdflib import XSD
    from rdflib import Literal as RdfLiteral
    from rdflib.plugins.serializers.nt import _quoteLiteral

    from portkg.build import Literal, _nt

    value, lang, dt = case
    datatype = XSD[dt] if dt else None
    assert _nt(Literal(value, lang=lang, datatype=datatype)) == _quoteLiteral(RdfLiteral(value, lang=lang, datatype=datatype))


_YAML_SNIPPETS = [
    "a: 1\nb: 1.50\nc: true\nd: ~\ne: 2024-01-02\nf: '01'\ng: \"x\\ty\"\nh: [1, two, 3.0]\n",
    "- one\n- {k: v, n: -7}\n- - nested\n  - !!str 12\n- >\n  folded\n  text\n- |\n  literal\n",
    "case: '03'\nquote: 前后对比 increase 30%\nnote: null\nvalues:\n  - 0x1F\n  - 1e3\n  - .inf\n  - no\n",
    "",
]


def test_case_files_load_as_pyyaml_loads_them(project):
    """The build's YAML reader makes the tree itself (faster than PyYAML's generic constructor):
    the same values, types and line numbers as yaml.load with the same loader, on every case file
    and registry and on snippets with numbers, booleans, dates, tags and block scalars."""
    import yaml

    from portkg.authoring import _FastLoader, _fast_load

    def shape(x):
        if isinstance(x, dict):
            return ("map", x.line, dict(x.key_lines), [(k, shape(v)) for k, v in x.items()])
        if isinstance(x, list):
            return ["seq", *(shape(v) for v in x)]
        return (type(x).__name__, x)

    texts = [p.read_text(encoding="utf-8") for p in sorted((project.root / "data").rglob("*.yaml"))]
    assert len(texts) > 20
    for text in texts + _YAML_SNIPPETS:
        assert shape(_fast_load(text)) == shape(yaml.load(text, Loader=_FastLoader)), text[:80]  # noqa: S506
