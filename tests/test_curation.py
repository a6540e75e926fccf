"""The curation model (docs/curation.md): outcome roles, application statuses, claims with
several evidence passages, and the YAML that writes them."""
from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from portkg.build import PK, Project, build_graph

CASE = Path("data") / "cases" / "sd-2024-01.yaml"
ROLE = "https://w3id.org/portkg/outcome-role/"
STATUS = "https://w3id.org/portkg/application-status/"


def _edit(root: Path, old: str, new: str) -> None:
    path = root / CASE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_curated_outcome_has_a_role_and_every_application_a_status(graph):
    outcomes = {o for o in graph.objects(None, PK.reportsOutcome)}
    assert outcomes
    assert all(str(graph.value(o, PK.role)).startswith(ROLE) for o in outcomes)
    applications = set(graph.objects(None, PK.qualifiedMeasure))
    assert applications
    assert all(str(graph.value(a, PK.status)).startswith(STATUS) for a in applications)


def test_role_and_status_schemes_have_zh_and_en_labels_and_definitions(graph):
    from rdflib.namespace import SKOS

    for c in ("effect", "context", "input", "status"):
        node = URIRef(ROLE + c)
        assert {l.language for l in graph.objects(node, SKOS.prefLabel)} == {"zh", "en"}
        assert {l.language for l in graph.objects(node, SKOS.definition)} == {"zh", "en"}
    for c in ("applied", "planned"):
        assert {l.language for l in graph.objects(URIRef(STATUS + c), SKOS.definition)} == {"zh", "en"}


def test_yaml_role_status_and_claim_passages_reach_the_graph(scratch):
    _edit(scratch, "  - metric: efficiency\n    role: effect\n", "  - metric: efficiency\n    role: context\n")
    _edit(scratch, "  - concept: bonded-warehousing\n    status: applied\n",
          "  - concept: bonded-warehousing\n    status: planned\n")
    _edit(scratch, "    quote: 在山东省首创整车出口“一票多车”便捷模式\n",
          "    quote: 在山东省首创整车出口“一票多车”便捷模式\n    what: 整车出口“一票多车”便捷模式\n"
          "    measure: one-ticket-multi-vehicle\n"
          "    also:\n      - quote: 泉城海关顺利验放山东省首票整车出口“一票多车”便捷模式整车货物\n")
    g = build_graph(Project(scratch)).graph
    (outcome,) = [o for o in g.objects(None, PK.reportsOutcome)
                  if g.value(o, PK.metric) == URIRef("https://w3id.org/portkg/metric/efficiency")]
    assert g.value(outcome, PK.role) == URIRef(ROLE + "context")
    statuses = {str(g.value(a, PK.measure)).rsplit("/", 1)[-1]: str(g.value(a, PK.status)).rsplit("/", 1)[-1]
                for a in g.objects(None, PK.qualifiedMeasure)}
    assert statuses["bonded-warehousing"] == "planned"
    assert statuses["aeo"] == "applied"
    claim = next(c for c in g.objects(None, PK.makesClaim) if g.value(c, PK.innovation) is not None)
    assert len(set(g.objects(claim, PK.evidence))) == 2
    assert g.value(claim, PK.claimAbout) == URIRef("https://w3id.org/portkg/measure/one-ticket-multi-vehicle")


def test_unknown_role_is_refused_with_the_line_and_the_choices(portkg, scratch):
    _edit(scratch, "    role: effect\n", "    role: effects\n")
    res = portkg("build", "--project", str(scratch), "--out", str(scratch / "build"))
    assert res.returncode == 2
    assert "outcomes[0].role" in res.stderr and "did you mean effect" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr


def test_also_passage_not_in_the_case_is_refused(portkg, scratch):
    _edit(scratch, "    quote: 在山东省首创整车出口“一票多车”便捷模式\n",
          "    quote: 在山东省首创整车出口“一票多车”便捷模式\n    also:\n      - quote: 这句话不在案例里\n")
    res = portkg("build", "--project", str(scratch), "--out", str(scratch / "build"))
    assert res.returncode == 2
    assert "claims[0].also[0].quote" in res.stderr, res.stderr
    assert not (scratch / "build").exists()


def _findings(project, extra_ttl: str) -> set[str]:
    from rdflib import Graph

    from portkg.validate import validate_graph

    fixtures = Path(__file__).parent / "fixtures" / "shapes"
    g = build_graph(project, case_paths=[]).graph
    g.parse(data=(fixtures / extra_ttl).read_text(encoding="utf-8"), format="turtle")
    return g, {f.check for f in validate_graph(g, project)[0].findings}


def test_national_claim_passes_when_one_passage_says_quanguo_without_a_sector_word(project):
    from rdflib import URIRef as U

    g, found = _findings(project, "national-claim-with-sector-word.ttl")
    assert "NationalClaimShape" in found
    from portkg.validate import validate_graph

    g.parse(data=(Path(__file__).parent / "fixtures" / "shapes" / "two-claims-same-innovation.ttl")
            .read_text(encoding="utf-8"), format="turtle")
    # the same claim with a second passage 成为全国首个“零碳港口” is a national first
    g.add((U("https://w3id.org/portkg/case/x/claim/1"), PK.evidence,
           U("https://w3id.org/portkg/source/sd-2024/evidence/19441-19453")))
    checks = {f.check for f in validate_graph(g, project)[0].findings}
    assert "NationalClaimShape" not in checks


def test_better_when_applies_to_effects_only(project):
    from rdflib import URIRef as U

    from portkg.validate import validate_graph

    g, found = _findings(project, "effect-against-better-when.ttl")
    assert "DirectionBetterWhenShape" in found
    outcome = U("https://w3id.org/portkg/case/x/outcome/1")
    g.set((outcome, PK.role, U(ROLE + "context")))
    assert "DirectionBetterWhenShape" not in {f.check for f in validate_graph(g, project)[0].findings}
