"""The static site `portkg build` writes to build/site/: readable offline, from disk.

index.html (counts, cross-city measures, outcome rankings, links to every view and case),
one page per case (every fact linked to its passage in the source), source.html (the text
with an anchor at every quoted passage), graphs/*.html (interactive views) and, for every
table, its CSV and the SPARQL query that produced it. Pages come from Jinja2 templates
with autoescaping; nothing on any page is fetched from the network.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF
from rdflib.namespace import DCTERMS

from ..build import PK, BuildResult, Project
from ..query import bind, find_query, normalise_lists
from ..stats import class_counts
from ..viz import GraphViews, render_view, vis_script
from .render import Pages, SiteTable, csv_bytes as _csv_bytes


class SiteWriter:
    def __init__(self, result: BuildResult, project: Project, store):
        self.result, self.project, self.store = result, project, store
        self.g = result.graph
        self.pages = Pages()
        self.env = self.pages.env
        self.files = self.pages.files
        self.views = GraphViews(self.g)

    def table(self, query_name: str, params: dict | None = None, file_name: str | None = None,
              keep=None, transform=None) -> SiteTable:
        q = find_query(self.project.queries, query_name)
        text = bind(q, params or {}, self.store)
        res = normalise_lists(q, self.store.query(text))
        headers, rows = res.headers, res.rows
        if keep:
            idx = [headers.index(h) for h in keep]
            rows = [[r[i] for i in idx] for r in rows]
            headers = list(keep)
        if transform:
            rows = [transform(dict(zip(headers, r)), r) for r in rows]
        name = file_name or query_name
        t = SiteTable(name, headers, rows, csv=f"tables/{name}.csv", rq=f"queries/{name}.rq")
        self.files[t.csv] = _csv_bytes(headers, rows)
        self.files[t.rq] = text.encode("utf-8")
        return t

    def page(self, path: str, template: str, **ctx) -> None:
        self.pages.page(path, template, **ctx)

    def case_link(self, case_id: str) -> dict:
        return {"text": case_id, "href": f"cases/sd-2024-{case_id}.html"}

    def build(self) -> dict[str, bytes]:
        g = self.g
        doc = next(iter(self.result.sources.values()))
        cases = []
        for c in sorted(g.subjects(RDF.type, PK.Case)):
            ident = str(g.value(c, DCTERMS.identifier))
            ev = g.value(c, PK.evidence)
            cases.append({"identifier": ident, "id": str(c).rsplit("/", 1)[-1], "title": str(g.value(c, DCTERMS.title)),
                          "anchor": _anchor(g, ev)})
        tables = {}
        ccm = self.table("cross-city-measures",
                         keep=["measure", "label", "label_en", "n_cities", "n_cases", "cities", "cases", "level"])
        ccm.rows = [[{"text": r[1], "href": f"graphs/measure-{r[0].rsplit('/', 1)[-1]}.html"}, *r[2:7]]
                    for r in ccm.rows if r[7] == "measure"]
        ccm.headers = ccm.headers[1:7]
        self.files[ccm.csv] = _csv_bytes(ccm.headers, ccm.rows)
        tables["cross-city-measures"] = ccm
        link_case = lambda d, r: [self.case_link(d["case"]) if h == "case" else v for h, v in zip(d, r)]  # noqa: E731
        tables["before-after"] = self.table("before-after", transform=link_case)
        tables["outcomes-time"] = self.table(
            "outcomes", {"metric": "time"}, "outcomes-time",
            keep=["metric_label", "kind_label", "case", "city", "baseline", "value", "value_max", "unit", "change",
                  "qualifier", "projected", "quote"], transform=link_case)
        tables["claims-by-scope"] = self.table("claims-by-scope", transform=link_case)

        self.pages.static()
        # graph views
        self.files["lib/vis-network.min.js"] = vis_script().encode("utf-8")
        views = {"city": [], "measure": [], "agency": []}
        self.graph_page("graphs/all.html", "all", None)
        for c in cases:
            self.graph_page(f"graphs/case-{c['identifier']}.html", "case", c["identifier"])
        for city in sorted(g.subjects(RDF.type, PK.City)):
            if any((case, RDF.type, PK.Case) in g for case in g.subjects(PK.locatedIn, city)):
                ident = str(city).rsplit("/", 1)[-1]
                self.graph_page(f"graphs/city-{ident}.html", "city", ident)
                views["city"].append({"href": f"graphs/city-{ident}.html", "label": _zh(g, city)})
        for m in sorted(g.subjects(RDF.type, PK.Measure)):
            if len(set(g.subjects(PK.appliesMeasure, m))) >= 2:
                ident = str(m).rsplit("/", 1)[-1]
                self.graph_page(f"graphs/measure-{ident}.html", "measure", ident)
                views["measure"].append({"href": f"graphs/measure-{ident}.html", "label": _zh(g, m)})
        for a in sorted(set(g.objects(None, PK.implementedBy))):
            ident = str(a).rsplit("/", 1)[-1]
            self.graph_page(f"graphs/agency-{ident}.html", "agency", ident)
            views["agency"].append({"href": f"graphs/agency-{ident}.html", "label": _zh(g, a)})
        # also give every cross-city measure row a view even if it is applied in one case per city
        for row in ccm.rows:
            path = row[0]["href"]
            if path not in self.files:
                self.graph_page(path, "measure", path.split("measure-", 1)[1][:-5])

        # case pages
        titles = {"1 agency": "实施单位 Agencies", "2 place": "地点 Places", "3 measure": "措施 Measures",
                  "4 outcome": "成效 Outcomes", "5 claim": "首创声明 Innovation claims"}
        for c in cases:
            t = self.table("case-card", {"case": c["identifier"]}, f"case-card-{c['identifier']}")
            parts = []
            for key, title in titles.items():
                rows = [dict(zip(t.headers, r)) for r in t.rows if r[0] == key]
                if not rows:
                    continue
                cols = [h for h in ("item", "detail", "baseline", "value", "unit", "change", "quote")
                        if any(r[h] not in (None, "") for r in rows)]
                body = [[{"text": r[h], "href": f"source.html#q-{r['start']}-{r['end']}"} if h == "quote" else r[h]
                         for h in cols] for r in rows]
                parts.append({"title": title, "table": SiteTable(f"{key[2:]}s", cols, body, csv=t.csv, rq=t.rq)})
            self.page(f"cases/{c['id']}.html", "case.html", c=c, parts=parts)

        self.page("source.html", "source.html", title=doc.meta["title"], sha256=doc.meta["sha256"],
                  segments=_segments(doc.text, g), n_passages=len(set(g.subjects(RDF.type, PK.Evidence))))
        self.page("index.html", "index.html", source_title=doc.meta["title"], source_title_en=doc.meta.get("title_en", ""),
                  counts=class_counts(g), cases=cases, tables=tables, views=views)
        return self.files

    def graph_page(self, path: str, view: str, focus: str | None) -> None:
        v = self.views.view(view, focus)
        html = render_view(v, self.env, inline_js=False, lib_path="../lib/vis-network.min.js", root="../")
        self.files[path] = html.encode("utf-8")


def _zh(g, node) -> str:
    from rdflib import RDFS

    for v in g.objects(node, RDFS.label):
        if getattr(v, "language", None) == "zh":
            return str(v)
    return str(node).rsplit("/", 1)[-1]


def _anchor(g, ev) -> str:
    from ..build import OA

    return f"q-{int(g.value(ev, OA.start))}-{int(g.value(ev, OA.end))}"


def _segments(text: str, g) -> list[dict]:
    """The text cut at every passage boundary; each piece knows which passages cover it."""
    from ..build import OA

    spans = sorted({(int(g.value(ev, OA.start)), int(g.value(ev, OA.end))) for ev in g.subjects(RDF.type, PK.Evidence)})
    cuts = sorted({0, len(text), *[s for s, _ in spans], *[e for _, e in spans]})
    starts: dict[int, list[str]] = {}
    for s, e in spans:
        starts.setdefault(s, []).append(f"q-{s}-{e}")
    opens: dict[int, list[tuple[int, int]]] = {}
    ends: dict[int, list[tuple[int, int]]] = {}
    for s, e in spans:
        opens.setdefault(s, []).append((s, e))
        ends.setdefault(e, []).append((s, e))
    active: set[tuple[int, int]] = set()
    segments = []
    for a, b in zip(cuts, cuts[1:]):  # sweep: passages open at their start and close at their end
        active.difference_update(ends.get(a, []))
        active.update(opens.get(a, []))
        covering = " ".join(f"q-{s}-{e}" for s, e in sorted(active))
        segments.append({"text": text[a:b], "ids": covering, "anchors": starts.get(a, [])})
    return segments


def site_files(result: BuildResult, project: Project, ntriples: bytes) -> dict[str, bytes]:
    from ..store import OxigraphStore

    store = OxigraphStore()
    store.load_ntriples_bytes(ntriples)
    return SiteWriter(result, project, store).build()


def write_site(files: dict[str, bytes], site: Path) -> None:
    """Write the site into a fresh directory, then swap it in: readers never see half a site."""
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    try:
        for rel, data in files.items():
            p = tmp / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        os.chmod(tmp, 0o755)
        old = None
        if site.exists():
            old = site.with_name(f".{site.name}-old-{os.getpid()}")
            os.replace(site, old)
        os.replace(tmp, site)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
