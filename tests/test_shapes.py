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
