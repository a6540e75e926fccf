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
    assert shapes - covered <= {"ClaimShape", "RelativeChangeShape", "MeasureApplicationShape"}, shapes - covered


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_violation_is_reported(fixture, base, project):
    expected = re.search(r"# violates: (\w+)", fixture.read_text(encoding="utf-8")).group(1)
    g = Graph()
    g += base
    g.parse(fixture, format="turtle")
    report, _ = validate_graph(g, project)
    assert not report.conforms
    assert expected in {f.check for f in report.findings}, report.human()
