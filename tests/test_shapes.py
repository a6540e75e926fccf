"""Each SHACL shape reports the mistake it exists for (fixtures in tests/fixtures/shapes/)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from portkg.build import build_graph
from portkg.validate import validate_graph

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "shapes").glob("*.ttl"))


@pytest.fixture(scope="module")
def base(project):
    """Sources, registries and vocabularies, without any case: a graph that conforms."""
    return build_graph(project, case_paths=[]).graph


def test_base_graph_conforms(base, project):
    report, _ = validate_graph(base, project)
    assert report.conforms, report.human()


def test_every_shape_has_a_fixture(project):
    shapes = set(re.findall(r"^pks:(\w+Shape) a sh:NodeShape", (project.root / "shapes" / "portkg-shapes.ttl")
                            .read_text(encoding="utf-8"), re.M))
    covered = {re.search(r"# violates: (\w+)", f.read_text(encoding="utf-8")).group(1) for f in FIXTURES}
    assert shapes - covered <= {"ClaimShape", "MeasureApplicationShape"}, shapes - covered


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_violation_is_reported(fixture, base, project):
    expected = re.search(r"# violates: (\w+)", fixture.read_text(encoding="utf-8")).group(1)
    g = Graph()
    g += base
    g.parse(fixture, format="turtle")
    report, _ = validate_graph(g, project)
    assert not report.conforms
    assert expected in {f.check for f in report.findings}, report.human()


def test_sparql_constraints_are_run_once_per_shape(project):
    """Every SHACL-SPARQL constraint in shapes/ is taken off pySHACL's hands (none is left to
    its per-focus-node evaluation) and becomes one whole-graph query."""
    from rdflib.namespace import SH

    from portkg.validate import load_shapes, split_shapes

    shapes = load_shapes(project)
    core, checks = split_shapes(shapes)
    assert len(checks) == len(set(shapes.objects(None, SH.sparql))) >= 3
    assert not set(core.objects(None, SH.sparql))


def _findings(report_findings):
    return sorted((f.check, f.focus, f.message, f.value or "", f.path or "") for f in report_findings)


SPARQL_FIXTURES = [f for f in FIXTURES if re.search(r"# violates: (PercentReduction|BeforeAfter|RelativeChange)Shape",
                                                      f.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("fixture", SPARQL_FIXTURES, ids=[f.stem for f in SPARQL_FIXTURES])
def test_fast_sparql_checks_report_what_pyshacl_reports(fixture, base, project):
    """Same findings (shape, focus, message, value) as pySHACL evaluating the constraint itself."""
    from portkg.validate import reference_shacl_findings

    g = Graph()
    g += base
    g.parse(fixture, format="turtle")
    fast, _ = validate_graph(g, project)
    shacl_only = [f for f in fast.findings if f.check.endswith("Shape")]
    assert _findings(shacl_only) == _findings(reference_shacl_findings(g, project))
    assert shacl_only


def test_fast_path_agrees_with_pyshacl_on_real_cases(project):
    """On real case files (conforming) and on the same cases with every before/after pair turned
    against its direction, the fast path and pySHACL find the same violations."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from portkg.build import PK
    from portkg.validate import reference_shacl_findings

    cases = [p for p in project.cases if "baseline:" in p.read_text(encoding="utf-8")][:2]
    g = build_graph(project, case_paths=cases).graph
    fast, _ = validate_graph(g, project)
    assert fast.conforms and not reference_shacl_findings(g, project)
    broken = 0
    for o, b in list(g.subject_objects(PK.baselineValue)):
        g.set((o, PK.value, Literal(b.toPython() * 2, datatype=XSD.decimal)))
        g.set((o, PK.direction, PK.Decrease))
        broken += 1
    assert broken
    fast, _ = validate_graph(g, project)
    shacl_only = [f for f in fast.findings if f.check.endswith("Shape")]
    assert len(shacl_only) >= broken
    assert _findings(shacl_only) == _findings(reference_shacl_findings(g, project))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_pyrudof_engine_agrees_with_pyshacl(fixture, base, project):
    """`--engine pyrudof` reports the same (shape, focus node, path) as the default engine."""
    pytest.importorskip("pyrudof", reason="pyrudof not installed (pip install pyrudof)")
    g = Graph()
    g += base
    g.parse(fixture, format="turtle")
    ref, _ = validate_graph(g, project)
    fast, _ = validate_graph(g, project, engine="pyrudof")
    key = lambda fs: sorted({(f.check, f.focus, f.path or "") for f in fs})  # noqa: E731
    assert key(fast.findings) == key(ref.findings)
    assert not fast.conforms


def test_pyrudof_engine_finds_the_real_corpus_conforming(built, project):
    pytest.importorskip("pyrudof", reason="pyrudof not installed (pip install pyrudof)")
    report, _ = validate_graph(built.graph, project, built.origins, engine="pyrudof", ntriples=built.ntriples)
    assert report.conforms, report.human()


# ---------------------------------------------------------------- the default engine: shapes as SPARQL

def _with_fixture(base, fixture):
    g = Graph()
    g += base
    g.parse(fixture, format="turtle")
    return g


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_sparql_engine_reports_what_pyshacl_reports(fixture, base, project):
    """Every finding of the default engine (core shapes compiled to whole-graph SPARQL on
    Oxigraph) equals pySHACL's own on every fixture: shape, focus node, message, value, path."""
    from portkg.validate import reference_shacl_findings

    g = _with_fixture(base, fixture)
    fast, _ = validate_graph(g, project)
    shacl_only = [f for f in fast.findings if f.check.endswith("Shape")]
    assert shacl_only
    assert _findings(shacl_only) == _findings(reference_shacl_findings(g, project))
    pyshacl_engine, _ = validate_graph(g, project, engine="pyshacl")
    assert _findings(fast.findings) == _findings(pyshacl_engine.findings)


def test_sparql_engine_leaves_no_shape_to_pyshacl(project):
    """All of portkg's shapes compile (so `portkg validate` never needs pySHACL or an rdflib graph)."""
    from portkg.shaclsparql import compile_shapes
    from portkg.validate import _target_pattern, load_shapes, split_shapes

    core, _ = split_shapes(load_shapes(project))
    checks, left = compile_shapes(core, _target_pattern)
    assert not left
    from rdflib import URIRef
    from rdflib.namespace import SH

    with_core = {s for p in (SH.property, SH["or"], SH["and"], SH["not"]) for s in core.subjects(p, None)
                 if isinstance(s, URIRef)}
    assert {c.shape for c in checks} == with_core and len(with_core) >= 14


def test_a_shape_the_compiler_cannot_translate_goes_to_pyshacl(base, project, tmp_path):
    """A component the compiler does not know (sh:nodeKind here) leaves its shape to pySHACL, and
    the violation is still reported."""
    import shutil

    from portkg.build import Project

    root = tmp_path / "p"
    shutil.copytree(project.root / "shapes", root / "shapes")
    for d in ("ontology", "data"):
        (root / d).symlink_to(project.root / d)
    (root / "shapes" / "extra.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix pk: <https://w3id.org/portkg/ontology#> .\n"
        "<urn:x#KindShape> a sh:NodeShape ; sh:targetClass pk:Agency ;\n"
        "  sh:property [ sh:path pk:agencyNote ; sh:nodeKind sh:IRI ; sh:message \"note must be an IRI\" ] .\n",
        encoding="utf-8")
    other = Project(root)
    from portkg.shaclsparql import compile_shapes
    from portkg.validate import _target_pattern, load_shapes, split_shapes

    _, left = compile_shapes(split_shapes(load_shapes(other))[0], _target_pattern)
    assert {str(s) for s in left} == {"urn:x#KindShape"}
    g = _with_fixture(base, FIXTURES[0])
    from rdflib import Literal, URIRef

    from rdflib.namespace import RDF

    # an agency of the data, chosen the same way every run (not by set order: a property whose
    # range is pk:Agency is no target of the shape)
    agency = min(g.subjects(RDF.type, URIRef("https://w3id.org/portkg/ontology#Agency")))
    g.add((agency, URIRef("https://w3id.org/portkg/ontology#agencyNote"), Literal("text")))
    report, _ = validate_graph(g, other)
    assert "urn:x#KindShape" in {f.check for f in report.findings}


def test_sparql_engine_agrees_with_pyshacl_on_broken_real_cases(project):
    """Real cases with many fields removed or wrong: the default engine and pySHACL find the same."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS, XSD

    from portkg.build import OA, PK
    from portkg.validate import reference_shacl_findings

    g = build_graph(project, case_paths=project.cases[:3]).graph
    fast, _ = validate_graph(g, project)
    assert fast.conforms
    outcomes = sorted(g.subjects(None, PK.Outcome))
    evidence = sorted(g.subjects(None, PK.Evidence))
    g.remove((outcomes[0], PK.unit, None))
    g.add((outcomes[1], PK.value, Literal("7", datatype=XSD.integer)))
    g.set((outcomes[2], PK.projected, Literal("no")))
    g.set((evidence[0], OA.start, Literal(5, datatype=XSD.integer)))
    g.set((evidence[1], OA.end, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.remove((URIRef(str(evidence[2])), OA.exact, None))
    case = next(iter(g.subjects(None, PK.Case)))
    g.remove((case, PK.implementedBy, None))
    g.add((case, PK.locatedIn, URIRef("https://w3id.org/portkg/place/nowhere")))
    agency = next(iter(g.subjects(None, PK.Agency)))
    g.remove((agency, RDFS.label, None))
    fast, _ = validate_graph(g, project)
    shacl_only = [f for f in fast.findings if f.check.endswith("Shape")]
    assert len({f.check for f in shacl_only}) >= 4
    assert _findings(shacl_only) == _findings(reference_shacl_findings(g, project))


def test_cli_formats_point_at_the_case_file(portkg, scratch):
    """An outcome without its role: the default engine names the file and line in every format."""
    import json

    from rdflib.namespace import SH

    case = scratch / "data" / "cases" / "sd-2024-01.yaml"
    lines = case.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, ln in enumerate(lines) if ln.strip().startswith("role:"))
    del lines[at]
    case.write_text("".join(lines), encoding="utf-8")
    human = portkg("validate", "--project", str(scratch))
    assert human.returncode == 1, human.stderr
    assert re.search(r"data/cases/sd-2024-01\.yaml:\d+ \(outcomes\[\d+\]\): outcome without a role", human.stdout)
    js = json.loads(portkg("validate", "--project", str(scratch), "--format", "json").stdout)
    (v,) = [v for v in js["violations"] if v["check"] == "OutcomeRoleShape"]
    assert re.search(r"sd-2024-01\.yaml:\d+", v["where"]) and v["path"] == "ontology#role"
    ttl = portkg("validate", "--project", str(scratch), "--format", "ttl")
    assert ttl.returncode == 1
    g = Graph().parse(data=ttl.stdout, format="turtle")
    (r,) = list(g.subjects(SH.resultPath, None))
    assert str(g.value(r, SH.resultPath)).endswith("ontology#role")
    assert g.value(r, SH.sourceConstraintComponent) == SH.MinCountConstraintComponent
    assert str(g.value(g.value(r, SH.sourceShape), SH.path)).endswith("ontology#role")
    ref = portkg("validate", "--project", str(scratch), "--engine", "pyshacl")
    assert ref.stdout == human.stdout


# ---------------------------------------------------------------- parallel and incremental validation

def _broken_copy(tmp_path, project, n_files=3):
    """A copy of the whole project with an outcome's role removed in ``n_files`` case files spread
    over the corpus (so they land in different chunks) and a measure concept without a zh label."""
    import shutil

    root = tmp_path / "p"
    for part in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(project.root / part, root / part)
    cases = sorted((root / "data" / "cases").glob("*.yaml"))
    picked = [cases[0], cases[len(cases) // 2], cases[-1]][:n_files]
    for case in picked:
        lines = case.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, ln in enumerate(lines) if ln.strip().startswith("role:"))
        del lines[at]
        case.write_text("".join(lines), encoding="utf-8")
    with open(root / "ontology" / "measures.ttl", "a", encoding="utf-8") as fh:
        fh.write("\n<https://w3id.org/portkg/measure/perfv-test> a <https://w3id.org/portkg/ontology#Measure> ;\n"
                 "  <http://www.w3.org/2004/02/skos/core#prefLabel> \"test measure\"@en ;\n"
                 "  <http://www.w3.org/2004/02/skos/core#inScheme> <https://w3id.org/portkg/measure> ;\n"
                 "  <http://www.w3.org/2004/02/skos/core#broader> <https://w3id.org/portkg/measure/category/digital-platforms> .\n")
    from portkg.build import Project

    return Project(root), picked


def _all(findings):
    return sorted((f.check, f.focus, f.message, f.value or "", f.path or "", f.where) for f in findings)


def test_parallel_validation_gives_the_serial_findings(tmp_path, project):
    """Case files checked in two processes (the shared part once, cross-case checks over all)
    report exactly what the whole graph in one process reports, and count the same triples."""
    from portkg.validate import validate_parallel, validate_project

    broken, picked = _broken_copy(tmp_path, project)
    serial, _ = validate_project(broken)
    parallel = validate_parallel(broken, 2)
    assert _all(parallel.findings) == _all(serial.findings)
    assert parallel.triples == serial.triples
    checks = {f.check for f in serial.findings}
    assert {"OutcomeRoleShape", "MeasureShape"} <= checks
    assert {f.where.split(":")[0] for f in serial.findings if f.check == "OutcomeRoleShape"} == {str(p) for p in picked}
    three = validate_parallel(broken, 3)
    assert _all(three.findings) == _all(serial.findings) and three.triples == serial.triples


def test_parallel_validation_finds_a_case_id_in_two_chunks(tmp_path, project):
    """Two files of the same case that end up in different processes: the serial build's error."""
    import pytest as _pytest

    from portkg.errors import InputError
    from portkg.validate import validate_parallel, validate_project

    broken, _ = _broken_copy(tmp_path, project, n_files=0)
    cases = sorted((broken.root / "data" / "cases").glob("*.yaml"))
    copy = cases[-1].with_name("zz-" + cases[0].name)
    copy.write_bytes(cases[0].read_bytes())
    with _pytest.raises(InputError) as serial:
        validate_project(broken)
    with _pytest.raises(InputError) as parallel:
        validate_parallel(broken, 2)
    assert parallel.value.render() == serial.value.render()
    assert "duplicate case id" in serial.value.render()


def test_changed_run_gives_the_full_findings_and_its_cache_follows_shapes_and_vocabularies(tmp_path, project):
    """validate --changed: the same findings as a full run; re-checks only an edited case; and
    re-checks everything after a shape or a vocabulary file changes."""
    from portkg.validate import validate_changed, validate_project

    broken, picked = _broken_copy(tmp_path, project)
    cache = broken.root / "build" / ".validate-cache.json"
    n = len(broken.cases)
    report, checked, reused = validate_changed(broken, cache)
    assert (checked, reused) == (n, 0)
    full, _ = validate_project(broken)
    assert _all(report.findings) == _all(full.findings)
    again, checked, reused = validate_changed(broken, cache)
    assert (checked, reused) == (0, n) and _all(again.findings) == _all(full.findings)
    # fix one of the broken cases: only it is checked, and its finding goes
    case = picked[1]
    text = case.read_text(encoding="utf-8")
    original = (project.root / "data" / "cases" / case.name).read_text(encoding="utf-8")
    case.write_text(original, encoding="utf-8")
    fixed, checked, reused = validate_changed(broken, cache)
    assert (checked, reused) == (1, n - 1)
    assert _all(fixed.findings) == _all(validate_project(broken)[0].findings)
    assert len(fixed.findings) == len(full.findings) - 1
    case.write_text(text, encoding="utf-8")
    # a shape file changes (even by a comment): everything is checked again
    validate_changed(broken, cache)
    shapes = broken.root / "shapes" / "portkg-shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    _, checked, _ = validate_changed(broken, cache)
    assert checked == n
    # and a vocabulary file
    vocab = broken.root / "ontology" / "metrics.ttl"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    _, checked, _ = validate_changed(broken, cache)
    assert checked == n
    _, checked, _ = validate_changed(broken, cache)
    assert checked == 0


def test_cli_jobs_prints_what_one_process_prints(tmp_path, project, portkg):
    broken, _ = _broken_copy(tmp_path, project)
    one = portkg("validate", "--project", str(broken.root), "--jobs", "1", "--format", "json")
    two = portkg("validate", "--project", str(broken.root), "--jobs", "2", "--format", "json")
    assert one.returncode == two.returncode == 1, two.stderr
    import json

    key = lambda out: sorted(map(str, json.loads(out)["violations"]))  # noqa: E731
    assert key(one.stdout) == key(two.stdout) and json.loads(one.stdout)["triples"] == json.loads(two.stdout)["triples"]
