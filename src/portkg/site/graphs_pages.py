"""The graph views of the site (interim: the graphs work replaces this with site/graphs.py).

Renders the existing vis-network views (portkg.viz) inside the site's base template and records,
for each entity with a view, where it is, so entity pages can link to it.
"""
from __future__ import annotations


def render(site, result) -> None:
    if result is None:
        return
    from ..viz import GraphViews, render_view, vis_script

    d, files = site.data, site.pages.files
    views = GraphViews(result.graph)
    files["lib/vis-network.min.js"] = vis_script().encode("utf-8")

    def page(path: str, view: str, focus: str | None, iri: str | None = None) -> None:
        v = views.view(view, focus)
        files[path] = render_view(v, site.pages.env, inline_js=False, lib_path="../lib/vis-network.min.js",
                                  root="../").encode("utf-8")
        if iri:
            site.graph_pages[iri] = path

    page("graphs/all.html", "all", None)
    # the case view is keyed by number: where two sources share a number it draws the case with the
    # smaller IRI (portkg.viz sorts them), so only that case links to it until views take a source
    first: dict[str, str] = {}
    for c in sorted(d.case_list, key=lambda c: c.iri):
        first.setdefault(c.number, c.iri)
    for number, iri in sorted(first.items()):
        page(f"graphs/case-{number}.html", "case", number, iri)
    for city in d.cities():
        ident = city.rsplit("/", 1)[-1]
        page(f"graphs/city-{ident}.html", "city", ident, city)
    for m, cases in sorted(d.measure_cases.items()):
        if len(cases) >= 2:
            ident = m.rsplit("/", 1)[-1]
            page(f"graphs/measure-{ident}.html", "measure", ident, m)
    for a in sorted({s.target for c in d.case_list for s in c.of("agency")}):
        ident = a.rsplit("/", 1)[-1]
        page(f"graphs/agency-{ident}.html", "agency", ident, a)
