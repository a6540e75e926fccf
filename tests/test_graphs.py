"""Graph views and the map, without a browser: what each view holds, where nodes go, what the map draws."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from portkg.site import graphs
from portkg.site import map as site_map

APPLIED = "https://w3id.org/portkg/application-status/applied"


@pytest.fixture(scope="module")
def site(memory_store):
    from portkg.site.data import SiteData
    from portkg.site.render import Pages

    return SimpleNamespace(data=SiteData.load(memory_store), pages=Pages(), graph_pages={})


@pytest.fixture(scope="module")
def builder(site):
    b = graphs.GraphBuilder(site)
    b.plan()
    return b


def _measures_in_two_cities(store) -> set[str]:
    q = f"""PREFIX pk: <https://w3id.org/portkg/ontology#>
    SELECT ?m WHERE {{
      ?c pk:qualifiedMeasure ?a ; pk:locatedIn ?city . ?a pk:measure ?m . ?city a pk:City .
      OPTIONAL {{ ?a pk:status ?s }} FILTER (!BOUND(?s) || ?s = <{APPLIED}>)
    }} GROUP BY ?m HAVING (COUNT(DISTINCT ?city) >= 2)"""
    return {graphs._short_id(r[0]) for r in store.query(q).rows}


def test_overview_holds_measures_in_two_or_more_cities_their_cities_and_categories(builder, memory_store):
    v = builder.view("all")
    kinds = {n["kind"] for n in v.nodes.values()}
    assert kinds == {"measure", "city", "category"}
    assert {n for n, d in v.nodes.items() if d["kind"] == "measure"} == _measures_in_two_cities(memory_store)
    # size by spread: a measure's size grows with the cities applying it
    sizes = sorted((d["value"], graphs.node_size(d)) for d in v.nodes.values() if d["kind"] == "measure")
    assert sizes[0][1] < sizes[-1][1]


def test_every_node_links_to_its_entity_page_and_every_quote_to_its_passage(builder, site):
    from portkg.site.urls import page_path

    for kind, iri in [("all", None), ("case", site.data.case_list[0].iri), ("city", site.data.cities()[0])]:
        v = builder.view(kind, iri)
        for n in v.nodes.values():
            assert n.get("href"), n["id"]
            for r in n["refs"]:
                assert "#q-" in r["h"] and r["t"]
    c = site.data.case_list[0]
    assert builder.view("case", c.iri).nodes[graphs._short_id(c.iri)]["href"] == page_path(c.iri)


def test_a_case_view_draws_each_measure_concept_once_and_wordings_only_on_request(builder, site):
    c = next(c for c in site.data.case_list if c.iri.endswith("-06"))
    v = builder.view("case", c.iri)
    measures = [n for n in v.nodes.values() if n["kind"] == "measure"]
    assert len(measures) == len({s.target for s in c.of("measure")})
    wordings = [n for n in v.nodes.values() if n["kind"] == "wording"]
    assert wordings and all(n["hidden"] and n.get("wording") for n in wordings)


@pytest.mark.parametrize("kind", ["all", "case", "city", "measure", "agency"])
def test_no_two_labels_overlap_in_any_view(builder, kind):
    """Label boxes of the nodes drawn at first (and of outcomes, which may be shown) do not overlap."""
    views = [(k, iri) for k, iri in builder.plan() if k == kind]
    for k, iri in views[:8]:
        v = builder.view(k, iri)
        graphs.layout(v)
        boxes = []
        for n in v.nodes.values():
            if n["kind"] == "wording":
                continue
            w, h = graphs._label_box(n)
            boxes.append((n["x"] - w / 2, n["y"] - h / 2, n["x"] + w / 2, n["y"] + h / 2, n["id"]))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                ox = min(a[2], b[2]) - max(a[0], b[0])
                oy = min(a[3], b[3]) - max(a[1], b[1])
                assert ox <= 4 or oy <= 4, (v.path, a[4], b[4], ox, oy)


def test_filters_offered_are_the_facets_the_nodes_have(builder, site):
    v = builder.view("all")
    facets = {f["key"]: f for f in graphs.facets(v, site)}
    assert set(facets) == {"city", "cat", "type"}
    cats = {o["id"] for o in facets["cat"]["options"]}
    assert cats == {n["id"].rsplit("/", 1)[-1] for n in v.nodes.values() if n["kind"] == "category"}
    assert all(o["zh"] and o["en"] for f in facets.values() for o in f["options"])


def test_labels_and_facts_are_escaped_in_the_page(builder, site):
    v = builder.view("all")
    some = next(iter(v.nodes.values()))
    some["zh"] = "<script>alert(1)</script>"
    html = graphs.render_view(v, site)
    assert "<script>alert(1)</script>" not in html
    assert "\\u003cscript" in html  # in the JSON
    assert "&lt;script&gt;" in html  # in the text list


def test_map_puts_east_right_and_north_up_and_sizes_by_measures(site):
    provinces = site_map.city_points(site)
    for ps in provinces.values():
        site_map.project(ps)
    points = {p.iri.rsplit("/", 1)[-1]: p for ps in provinces.values() for p in ps}
    assert points["weihai"].x > points["jinan"].x > points["heze"].x
    assert points["dezhou"].y < points["linyi"].y
    top = max(points.values(), key=lambda p: p.measures)
    assert all(p.r <= top.r for p in points.values())
    assert all(0 <= p.x <= site_map.WIDTH for p in points.values())


def test_every_page_the_site_writes_for_graphs_and_the_map(site):
    site.pages.files.clear()
    graphs.render(site)
    site_map.render(site)
    files = site.pages.files
    assert "graphs/all.html" in files and "map.html" in files and graphs.VIS_PATH in files
    assert max(len(b) for p, b in files.items() if p.startswith("graphs/")) < 1_000_000
    assert all(path.startswith("graphs/") for path in site.graph_pages.values())
    assert not any("sd-2024" in p for p in ("graphs/all.html", "map.html"))


def test_a_case_focus_takes_a_case_id_and_refuses_a_number_two_sources_have(site):
    """`portkg viz --focus`: js-2024-01 and sd-2024-01 by id; a bare 01 names both and is refused with
    both ids (as case-card does); a number only one source has still works."""
    from portkg.errors import InputError

    assert graphs.find(site.data, "case", "js-2024-01").endswith("/case/js-2024-01")
    assert graphs.find(site.data, "case", "sd-2024-01").endswith("/case/sd-2024-01")
    with pytest.raises(InputError, match=r"case 01 exists in several sources \(js-2024-01, sd-2024-01\)"):
        graphs.find(site.data, "case", "01")
    assert graphs.find(site.data, "case", "15").endswith("/case/sd-2024-15")
    assert graphs.find(site.data, "case", "99") is None


def test_viz_refuses_an_ambiguous_case_number_clearly(portkg, project, tmp_path):
    res = portkg("viz", "--view", "case", "--focus", "01", "-o", str(tmp_path / "v.html"), "--project", str(project.root))
    assert res.returncode == 2 and "several sources" in res.stderr and "--focus js-2024-01" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "v.html").exists()
