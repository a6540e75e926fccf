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
