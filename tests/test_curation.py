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
    # case 01 states its one innovation twice (首创 in 背景情况, the first consignment in 实践成效)
    assert "also:\n      - quote: 泉城海关顺利验放山东省首票" in (scratch / CASE).read_text(encoding="utf-8")
    g = build_graph(Project(scratch)).graph
    (outcome,) = [o for o in g.objects(None, PK.reportsOutcome)
                  if g.value(o, PK.metric) == URIRef("https://w3id.org/portkg/metric/efficiency")]
    assert g.value(outcome, PK.role) == URIRef(ROLE + "context")
    statuses = {str(g.value(a, PK.measure)).rsplit("/", 1)[-1]: str(g.value(a, PK.status)).rsplit("/", 1)[-1]
                for a in g.objects(None, PK.qualifiedMeasure)}
    assert statuses["bonded-warehousing"] == "planned"
    assert statuses["rcep-utilisation"] == "applied"  # an untouched application keeps its status (case 01 has no aeo application since the third pass, 6.21)
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
    _edit(scratch, "      - quote: 泉城海关顺利验放山东省首票整车出口“一票多车”便捷模式整车货物\n",
          "      - quote: 这句话不在案例里\n")
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


def test_every_measure_concept_has_a_zh_and_an_en_definition(graph):
    from rdflib.namespace import RDF, SKOS

    missing = [str(m) for m in graph.subjects(RDF.type, PK.Measure)
               if {d.language for d in graph.objects(m, SKOS.definition)} != {"zh", "en"}]
    assert not missing, missing


# --- the thesaurus (docs/curation.md 4) -------------------------------------------------------

MEASURE = "https://w3id.org/portkg/measure/"


def _measure_graph(project):
    from rdflib import Graph

    g = Graph()
    g.parse(project.root / "ontology" / "measures.ttl", format="turtle")
    return g


def test_every_measure_concept_has_zh_and_en_preflabels_and_definitions(project):
    from rdflib.namespace import RDF, SKOS

    g = _measure_graph(project)
    concepts = set(g.subjects(RDF.type, PK.Measure))
    assert len(concepts) > 200
    bad = {}
    for m in concepts:
        for p in (SKOS.prefLabel, SKOS.definition):
            langs = sorted(x.language or "" for x in g.objects(m, p))
            if langs != ["en", "zh"]:
                bad[f"{m.rsplit('/', 1)[-1]} {p.rsplit('#', 1)[-1]}"] = langs
        if not any(str(c).startswith(MEASURE + "category/") for c in g.objects(m, SKOS.broader)):
            bad[f"{m.rsplit('/', 1)[-1]} broader"] = "no category"
    assert not bad, bad


def test_no_wording_is_a_label_of_two_concepts(project):
    """An altLabel (or prefLabel) shared by two concepts makes `-p measure=<wording>` ambiguous and the
    extractor pick one at random; the thesaurus gives each wording to one concept (docs/curation.md 4)."""
    from collections import defaultdict

    from rdflib.namespace import RDF, SKOS

    g = _measure_graph(project)
    owners = defaultdict(set)
    for m in g.subjects(RDF.type, PK.Measure):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(m, p):
                if label.language == "zh":
                    owners[str(label)].add(m.rsplit("/", 1)[-1])
    shared = {label: sorted(ms) for label, ms in owners.items() if len(ms) > 1}
    assert not shared, shared


def _related_problems(g):
    """What is wrong with the skos:related links of a measure thesaurus graph (docs/curation.md 4)."""
    from rdflib.namespace import RDF, SKOS

    measures = set(g.subjects(RDF.type, PK.Measure))
    categories = set(g.subjects(RDF.type, PK.MeasureCategory))
    problems, seen = [], set()
    for a, b in g.subject_objects(SKOS.related):
        name = f"{a.rsplit('/', 1)[-1]} ~ {b.rsplit('/', 1)[-1]}"
        if a == b:
            problems.append(f"{name}: a concept related to itself")
        for end in (a, b):
            if end in categories:
                problems.append(f"{name}: {end.rsplit('/', 1)[-1]} is a category, not a measure")
            elif end not in measures:
                problems.append(f"{name}: {end.rsplit('/', 1)[-1]} is no pk:Measure of the thesaurus")
        if (b, SKOS.broader, a) in g or (a, SKOS.broader, b) in g:
            problems.append(f"{name}: also linked by skos:broader")
        pair = frozenset((a, b))
        if pair in seen and a != b:
            problems.append(f"{name}: written twice (skos:related is symmetric, write a pair once)")
        seen.add(pair)
    return problems


def test_related_measures_link_two_existing_measures_and_nothing_else(project):
    """skos:related joins two pk:Measure concepts of the thesaurus (a specific form, component or variant,
    docs/curation.md 4): never a concept to itself or to a category, never a pair that skos:broader also
    joins, and each pair written once."""
    from rdflib.namespace import SKOS

    g = _measure_graph(project)
    links = set(g.subject_objects(SKOS.related))
    assert len(links) >= 30
    assert (URIRef(MEASURE + "cross-border-ecommerce"), URIRef(MEASURE + "cross-border-ecommerce-returns")) in links
    assert not _related_problems(g), _related_problems(g)


def test_related_check_finds_each_kind_of_bad_link(project):
    """The check above fails on each kind of bad link (so it could fail on the thesaurus)."""
    from rdflib.namespace import SKOS

    m = lambda name: URIRef(MEASURE + name)  # noqa: E731
    cases = {
        "itself": (m("green-channel"), m("green-channel")),
        "category": (m("green-channel"), URIRef(MEASURE + "category/procedure-simplification")),
        "no pk:Measure": (m("green-channel"), m("no-such-measure")),
        "written twice": (m("cross-border-ecommerce-returns"), m("cross-border-ecommerce")),
    }
    for expected, (a, b) in cases.items():
        g = _measure_graph(project)
        g.add((a, SKOS.related, b))
        assert any(expected in p for p in _related_problems(g)), expected
    g = _measure_graph(project)
    g.add((m("green-channel"), SKOS.broader, m("emergency-channel")))
    assert any("also linked by skos:broader" in p for p in _related_problems(g))
    assert not _related_problems(_measure_graph(project))


def test_every_concept_a_case_file_names_exists(project):
    """Concept ids in data/cases/*.yaml (measures and claims) are in the thesaurus. (Concepts no case uses
    are removed by hand, docs/curation.md 4: a reader's pass may leave one unused for a while.)"""
    import yaml
    from rdflib.namespace import RDF

    g = _measure_graph(project)
    known = {str(m)[len(MEASURE):] for m in g.subjects(RDF.type, PK.Measure)}
    used, unknown = set(), []
    for path in sorted((project.root / "data" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, item in enumerate(data.get("measures") or []):
            used.add(item["concept"])
            if item["concept"] not in known:
                unknown.append(f"{path.name} measures[{i}] {item['concept']}")
        for i, claim in enumerate(data.get("claims") or []):
            if claim.get("measure"):
                used.add(claim["measure"])
                if claim["measure"] not in known:
                    unknown.append(f"{path.name} claims[{i}] {claim['measure']}")
    assert not unknown, unknown
    assert used and used <= known


def test_merged_synonyms_resolve_to_one_concept(project):
    """The merges of the second pass hold: the wordings of a merged concept are labels of the concept
    it went into, and no wording of a different instrument was left behind on the wrong one."""
    from rdflib.namespace import SKOS

    g = _measure_graph(project)

    def labels(cid):
        return {str(x) for p in (SKOS.prefLabel, SKOS.altLabel) for x in g.objects(URIRef(MEASURE + cid), p)}

    assert {"绿色通道", "优先通关", "优检优办"} <= labels("green-channel")
    assert {"“直进直靠、直离直出”专属模式", "优先靠泊"} <= labels("priority-berthing")
    assert {"空港口岸边检信息申报系统", "“E 民宝”政务服务平台"} <= labels("border-inspection-online-declaration-system")
    assert "“船岸联合检查”" in labels("ship-shore-joint-check")
    assert not {"“船岸联合检查”", "一次过检"} & labels("joint-inspection")
    assert "联检联验，一次过检" in labels("joint-inspection")
    round_the_clock = labels("round-the-clock-clearance")
    assert "“24小时应急通道”" in labels("emergency-channel") and "“24小时应急通道”" not in round_the_clock
    assert "全天候预约通关服务" in labels("appointment-clearance")


# --- planned applications (docs/curation.md 2.3) ----------------------------------------------

def project_root() -> Path:
    return Path(__file__).resolve().parents[1]


def _applications(g):
    rows = []
    for case, app in g.subject_objects(PK.qualifiedMeasure):
        rows.append((case, g.value(app, PK.measure), str(g.value(app, PK.status)).rsplit("/", 1)[-1]))
    return rows


def test_every_planned_application_stays_out_of_applies_measure(graph):
    """Each planned application in the curated data (cases 08 and 20 have them) is in the graph with its
    status but gives its case no pk:appliesMeasure, unless the case also applies the same concept."""
    apps = _applications(graph)
    planned = [(c, m) for c, m, s in apps if s == "planned"]
    assert len(planned) >= 2 and len({c for c, _ in planned}) >= 2, planned
    applied = {(c, m) for c, m, s in apps if s == "applied"}
    for case, m in planned:
        assert ((case, PK.appliesMeasure, m) in graph) == ((case, m) in applied), (case, m)
    assert any((c, m) not in applied for c, m in planned)   # at least one plan is the case's only link


def test_a_case_whose_only_application_of_a_concept_turns_planned_loses_it_from_spread(scratch):
    """Case 17's 船舶供货 entry is its only ship-supply-application: marked planned, the case no longer
    applies the concept (so spread, replication gaps and patterns, which read pk:appliesMeasure, do not
    count it), while case 03 still does."""
    import shutil

    for name in ("sd-2024-03.yaml", "sd-2024-17.yaml"):   # scratch holds case 01 only
        shutil.copy(project_root() / "data" / "cases" / name, scratch / "data" / "cases" / name)
    path = scratch / "data" / "cases" / "sd-2024-17.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - concept: ship-supply-application\n    status: applied\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "  - concept: ship-supply-application\n    status: planned\n"), encoding="utf-8")
    g = build_graph(Project(scratch)).graph
    case = URIRef("https://w3id.org/portkg/case/sd-2024-17")
    assert (case, PK.appliesMeasure, URIRef(MEASURE + "crew-change")) in g      # the rest stays applied
    m = URIRef(MEASURE + "ship-supply-application")
    assert (case, PK.appliesMeasure, m) not in g
    assert ("planned" in {s for c, mm, s in _applications(g) if c == case and mm == m})
    others = {c for c in g.subjects(PK.appliesMeasure, m)}
    assert others and case not in others      # case 03 still applies it


def test_cargo_clearance_time_lists_no_travellers_minutes(graph):
    """An analyst comparing 通关时间 across cases compares consignments: a traveller's, a crew's or a
    flight's time through border control is person-clearance-time (curation 1.5), not the cargo metric."""
    import re

    from portkg.build import BASE
    oa_exact = URIRef("http://www.w3.org/ns/oa#exact")

    def quotes(metric):
        out = []
        for o in graph.subjects(URIRef(PK + "metric"), URIRef(BASE + "metric/" + metric)):
            for ev in graph.objects(o, URIRef(PK + "evidence")):
                out += [str(q) for q in graph.objects(ev, oa_exact)]
        return out

    cargo, persons = quotes("clearance-time"), quotes("person-clearance-time")
    assert cargo and persons
    assert not [q for q in cargo if re.search("旅客|机组|航班总体|出入境手续", q)], cargo
    assert all(re.search("旅客|机组|航班", q) for q in persons), persons
