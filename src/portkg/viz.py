"""Interactive graph pages (pyvis network data, vis-network drawing) that work offline.

pyvis's own templates load bootstrap from a CDN (in_line) or write lib/ into the working
directory (local); neither works offline or leaves the page self-contained. portkg uses pyvis
to assemble nodes, edges and options, computes positions with networkx (physics off, so the
page is usable at once), and renders its own Jinja2 template, which either inlines the
vis-network script that ships inside the pyvis package or points at a copy next to the page.

Labels and tooltips are data, never HTML: the graph goes into the page as JSON with ``<``
escaped, and the page's script builds tooltips with ``textContent``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import DCTERMS, ORG, SKOS

from .build import BASE, OA, PK

VIEWS = ("all", "case", "measure", "city", "agency")

# node kinds: shape, colour, zh and en names for the legend
KINDS = {
    "case": ("box", "#2b6cb0", "案例", "Case"),
    "agency": ("ellipse", "#dd6b20", "实施单位", "Agency"),
    "city": ("triangle", "#2f855a", "城市", "City"),
    "place": ("triangleDown", "#68d391", "地点（县区、口岸、园区）", "Place (county, port, zone)"),
    "measure": ("dot", "#6b46c1", "措施", "Measure"),
    "category": ("diamond", "#975a16", "措施类别", "Measure category"),
    "wording": ("dot", "#b794f4", "案例原文措施名", "Measure as worded in the case"),
    "outcome": ("square", "#c53030", "成效", "Outcome"),
    "claim": ("star", "#d53f8c", "首创声明", "Innovation claim"),
}


_LABELS: dict = {}


def _label(g: Graph, node, lang: str, prop=RDFS.label) -> str:
    key = (id(g), len(g), node, lang, prop)
    if key not in _LABELS:
        _LABELS[key] = _find_label(g, node, lang, prop)
    return _LABELS[key]


def _find_label(g: Graph, node, lang: str, prop) -> str:
    for p in (prop, SKOS.prefLabel, RDFS.label):
        for v in g.objects(node, p):
            if getattr(v, "language", None) == lang:
                return str(v)
    for p in (prop, SKOS.prefLabel, RDFS.label):
        v = g.value(node, p)
        if v is not None:
            return str(v)
    return str(node).rsplit("/", 1)[-1]


def _quote(g: Graph, node) -> str:
    ev = g.value(node, PK.evidence)
    return str(g.value(ev, OA.exact)) if ev is not None else ""


def _short(node) -> str:
    s = str(node)
    return s[len(BASE):] if s.startswith(BASE) else s


@dataclass
class View:
    """The nodes and edges of one view, ready to draw."""

    title_zh: str
    title_en: str
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[dict] = field(default_factory=list)
    shells: list[set] | None = None  # kinds per ring, for a ring layout

    def node(self, g: Graph, iri, kind: str, label_zh: str | None = None, label_en: str | None = None,
              quote: str = "", hidden: bool = False, cases=()) -> str:
        nid = _short(iri)
        if nid not in self.nodes:
            zh = label_zh if label_zh is not None else _label(g, iri, "zh")
            en = label_en if label_en is not None else _label(g, iri, "en")
            shape, colour, kind_zh, kind_en = KINDS[kind]
            lines = [f"{kind_zh} / {kind_en}", zh]
            if en and en != zh:
                lines.append(en)
            if quote:
                lines.append(f"原文 / quote: “{quote}”")
            self.nodes[nid] = {"id": nid, "kind": kind, "label_zh": zh, "label_en": en or zh, "label": zh,
                               "title": "\n".join(lines), "shape": shape, "color": colour,
                               "hidden": hidden, "cases": set(cases)}
        else:
            self.nodes[nid]["cases"].update(cases)
        return nid

    def edge(self, a: str, b: str, relation: str) -> None:
        self.edges.append({"from": a, "to": b, "relation": relation})


class GraphViews:
    """Build views of the graph: everything, or one case, measure, city or agency."""

    def __init__(self, g: Graph):
        self.g = g
        self.cases = sorted(g.subjects(RDF.type, PK.Case))
        self.case_id = {c: str(g.value(c, DCTERMS.identifier)) for c in self.cases}
        self._facets: dict = {}

    # -- facts of one case, for filters (cached: every view of a case asks again)
    def case_facets(self, case) -> dict:
        if case not in self._facets:
            self._facets[case] = self._case_facets(case)
        return self._facets[case]

    def _case_facets(self, case) -> dict:
        g = self.g
        cities = sorted(_label(g, p, "zh") for p in g.objects(case, PK.locatedIn) if (p, RDF.type, PK.City) in g)
        types = sorted({_label(g, g.value(a, ORG.classification), "zh") for a in g.objects(case, PK.implementedBy)})
        cats = sorted({_label(g, b, "zh") for m in g.objects(case, PK.appliesMeasure) for b in g.objects(m, SKOS.broader)
                       if (b, RDF.type, PK.MeasureCategory) in g})
        return {"cities": cities, "agencyTypes": types, "categories": cats}

    def _add_case(self, v: View, case, detail: bool, outcomes_hidden: bool) -> str:
        g = self.g
        cid = self.case_id[case]
        c = v.node(g, case, "case", f"{cid} {g.value(case, DCTERMS.title)}", f"Case {cid}",
                   quote=str(g.value(g.value(case, PK.evidence), OA.exact)), cases=[cid])
        v.nodes[c].update(self.case_facets(case))
        for a in sorted(g.objects(case, PK.implementedBy)):
            v.edge(c, v.node(g, a, "agency", cases=[cid]), "implementedBy")
        for q in sorted(g.objects(case, PK.qualifiedPlace)):
            p = g.value(q, PK.place)
            kind = "city" if (p, RDF.type, PK.City) in g else "place"
            pn = v.node(g, p, kind, quote=_quote(g, q) if detail else "", cases=[cid])
            v.edge(c, pn, "locatedIn")
            if kind == "place":
                for up in sorted(g.objects(p, PK.locatedIn)):
                    if (up, RDF.type, PK.City) in g:
                        v.edge(pn, v.node(g, up, "city", cases=[cid]), "locatedIn")
        for app in sorted(g.objects(case, PK.qualifiedMeasure)):
            m = g.value(app, PK.measure)
            mn = v.node(g, m, "measure", cases=[cid])
            if detail:
                wn = v.node(g, app, "wording", str(g.value(app, PK.localName)), str(g.value(app, PK.localName)),
                            quote=_quote(g, app), cases=[cid])
                v.edge(c, wn, "qualifiedMeasure")
                v.edge(wn, mn, "measure")
            else:
                v.edge(c, mn, "appliesMeasure")
            for b in sorted(g.objects(m, SKOS.broader)):
                v.edge(mn, v.node(g, b, "category", cases=[cid]), "broader")
        for o in sorted(g.objects(case, PK.reportsOutcome)):
            q = _quote(g, o)
            label = f"{_label(g, g.value(o, PK.metric), 'zh')}: {q}"
            v.edge(c, v.node(g, o, "outcome", label, _label(g, g.value(o, PK.metric), "en"), quote=q,
                             hidden=outcomes_hidden, cases=[cid]), "reportsOutcome")
        if detail:
            for cl in sorted(g.objects(case, PK.makesClaim)):
                q = _quote(g, cl)
                v.edge(c, v.node(g, cl, "claim", q, _label(g, g.value(cl, PK.scope), "en"), quote=q, cases=[cid]),
                       "makesClaim")
        return c

    def _dedupe_edges(self, v: View) -> View:
        seen, edges = set(), []
        for e in v.edges:
            key = (e["from"], e["to"], e["relation"])
            if key not in seen:
                seen.add(key)
                edges.append(e)
        v.edges = sorted(edges, key=lambda e: (e["from"], e["to"], e["relation"]))
        return v

    def view(self, name: str = "all", focus: str | None = None) -> View:
        from .errors import InputError

        g = self.g
        if name not in VIEWS:
            raise InputError(None, None, "--view", f"unknown view {name!r}", f"use one of {', '.join(VIEWS)}")
        if name == "all":
            v = View("portkg 全图", "portkg: the whole graph")
            for case in self.cases:
                self._add_case(v, case, detail=False, outcomes_hidden=True)
            return self._dedupe_edges(v)
        if not focus:
            raise InputError(None, None, "--focus", f"the {name} view needs --focus",
                             {"case": "a case number, e.g. --focus 06", "measure": "a measure id or label, e.g. 直装直提",
                              "city": "a city, e.g. 威海", "agency": "an agency id or name, e.g. 威海海关"}[name])
        if name == "case":
            num = focus.zfill(2)
            case = next((c for c in self.cases if self.case_id[c] == num), None)
            if case is None:
                raise InputError(None, None, "--focus", f"no case {focus!r}", "give a case number from 01 to 20")
            v = View(f"案例 {num}", f"Case {num}", shells=[{"case"}, {"agency", "city", "place", "claim"},
                                                           {"wording", "outcome"}, {"measure"}, {"category"}])
            self._add_case(v, case, detail=True, outcomes_hidden=False)
            return self._dedupe_edges(v)
        cls = {"measure": PK.Measure, "city": PK.City, "agency": PK.Agency}[name]
        target = self._find(cls, focus)
        if target is None:
            raise InputError(None, None, "--focus", f"no {name} named {focus!r}",
                             f"give the id or the zh/en label of a {name}")
        zh, en = _label(g, target, "zh"), _label(g, target, "en")
        v = View(f"{zh}", f"{en}")
        if name == "measure":
            cases = sorted(g.subjects(PK.appliesMeasure, target))
            for case in cases:
                cid = self.case_id[case]
                c = self._case_only(v, case)
                for app in sorted(g.objects(case, PK.qualifiedMeasure)):
                    if g.value(app, PK.measure) == target:
                        wn = v.node(g, app, "wording", str(g.value(app, PK.localName)), str(g.value(app, PK.localName)),
                                    quote=_quote(g, app), cases=[cid])
                        v.edge(c, wn, "qualifiedMeasure")
                        v.edge(wn, v.node(g, target, "measure", cases=[cid]), "measure")
                        ag = g.value(app, PK.agency)
                        if ag is not None:
                            v.edge(v.node(g, ag, "agency", cases=[cid]), wn, "agency")
                for p in sorted(g.objects(case, PK.locatedIn)):
                    if (p, RDF.type, PK.City) in g:
                        v.edge(c, v.node(g, p, "city", cases=[cid]), "locatedIn")
                for a in sorted(g.objects(case, PK.implementedBy)):
                    v.edge(c, v.node(g, a, "agency", cases=[cid]), "implementedBy")
            for b in sorted(g.objects(target, SKOS.broader)):
                v.edge(v.node(g, target, "measure", cases=[self.case_id[c] for c in cases]),
                       v.node(g, b, "category", cases=[self.case_id[c] for c in cases]), "broader")
        elif name == "city":
            for case in sorted(g.subjects(PK.locatedIn, target)):
                if (case, RDF.type, PK.Case) in g:
                    self._add_case(v, case, detail=False, outcomes_hidden=True)
        else:
            for case in sorted(g.subjects(PK.implementedBy, target)):
                self._add_case(v, case, detail=False, outcomes_hidden=True)
            for parent in sorted(g.objects(target, ORG.subOrganizationOf)):
                v.edge(v.node(g, target, "agency"), v.node(g, parent, "agency",
                                                            quote=str(g.value(g.value(target, PK.subOrganizationEvidence),
                                                                              OA.exact) or "")), "subOrganizationOf")
        return self._dedupe_edges(v)

    def _case_only(self, v: View, case) -> str:
        cid = self.case_id[case]
        c = v.node(self.g, case, "case", f"{cid} {self.g.value(case, DCTERMS.title)}", f"Case {cid}", cases=[cid])
        v.nodes[c].update(self.case_facets(case))
        return c

    def _find(self, cls, focus: str):
        g = self.g
        cands = sorted(g.subjects(RDF.type, cls))
        for n in cands:
            if _short(n).rsplit("/", 1)[-1] == focus:
                return n
        for n in cands:
            labels = {str(x) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for x in g.objects(n, p)}
            if focus in labels or focus.lower() in {x.lower() for x in labels}:
                return n
        return None


def layout(v: View, seed: int = 42) -> None:
    """Fixed positions (sorted insertion, fixed seed), so physics can stay off and the page is usable at once.

    networkx's spring layout places the nodes shown by default; nodes hidden by default
    (outcomes in the overview) go on a small ring around their case. networkx switches to a
    scipy solver from 500 nodes on, so larger views use the same Fruchterman-Reingold
    iteration written with numpy here.
    """
    import math

    import networkx as nx

    shown = sorted(n for n, d in v.nodes.items() if not d["hidden"])
    G = nx.Graph()
    G.add_nodes_from(shown)
    G.add_edges_from(sorted((e["from"], e["to"]) for e in v.edges if e["from"] in G and e["to"] in G))
    if not len(G):
        return
    k = 1.6 / max(1, len(G)) ** 0.5
    if v.shells:
        # one case: rings by kind read better than a force layout, and cost nothing
        shells = [[n for n in sorted(G) if v.nodes[n]["kind"] in kinds] for kinds in v.shells]
        pos = nx.shell_layout(G, nlist=[s for s in shells if s])
    elif len(G) < 500:
        pos = nx.spring_layout(G, seed=seed, k=k, iterations=50 if len(G) > 150 else 30, method="force")
    else:
        pos = _force_layout(G, seed, k)
    scale = 120 * max(1, len(G)) ** 0.5
    for nid, (x, y) in pos.items():
        v.nodes[nid]["x"] = round(float(x) * scale, 1)
        v.nodes[nid]["y"] = round(float(y) * scale, 1)
    around: dict[str, list[str]] = {}
    for e in v.edges:
        if v.nodes[e["to"]]["hidden"] and e["from"] in pos:
            around.setdefault(e["from"], []).append(e["to"])
    for hub, items in sorted(around.items()):
        hx, hy = v.nodes[hub]["x"], v.nodes[hub]["y"]
        for i, nid in enumerate(sorted(set(items))):
            angle = 2 * math.pi * i / max(1, len(set(items)))
            v.nodes[nid]["x"] = round(hx + 90 * math.cos(angle), 1)
            v.nodes[nid]["y"] = round(hy + 90 * math.sin(angle), 1)


def _force_layout(G, seed: int, k: float, iterations: int = 60) -> dict:
    """Fruchterman-Reingold with numpy (dense), as networkx does below 500 nodes."""
    import numpy as np

    nodes = list(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    adj = np.zeros((n, n))
    for a, b in G.edges:
        adj[index[a], index[b]] = adj[index[b], index[a]] = 1.0
    pos = np.random.default_rng(seed).random((n, 2))
    t = max(pos.max(0) - pos.min(0)) * 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.clip(np.linalg.norm(delta, axis=-1), 0.01, None)
        disp = np.einsum("ijk,ij->ik", delta, k * k / dist ** 2 - adj * dist / k)
        length = np.clip(np.linalg.norm(disp, axis=-1), 0.01, None)
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(0)
    pos /= max(np.abs(pos).max(), 1e-9)
    return {nodes[i]: pos[i] for i in range(n)}


def network_data(v: View) -> dict:
    """Nodes, edges and options via pyvis (its data model), ready for the page."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="remote")
    # filling the lists directly: pyvis' add_edge scans lists and is slow on big graphs
    for nid in sorted(v.nodes):
        n = dict(v.nodes[nid])
        n["cases"] = sorted(n["cases"])
        n["font"] = {"face": "Noto Sans CJK SC, WenQuanYi Zen Hei, Microsoft YaHei, sans-serif"}
        n["physics"] = False
        net.nodes.append(n)
        net.node_ids.append(nid)
    net.edges.extend({"from": e["from"], "to": e["to"], "relation": e["relation"], "arrows": "to"} for e in v.edges)
    net.set_options(json.dumps({
        "physics": {"enabled": False},
        "edges": {"smooth": False, "color": {"color": "#a0aec0"}, "width": 1},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"size": 14, "font": {"size": 14}},
    }))
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options) if isinstance(options, str) else options}


def vis_script() -> str:
    """The vis-network build shipped inside pyvis (dual Apache-2.0 / MIT licensed)."""
    return resources.files("pyvis").joinpath("templates/lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")


def json_for_script(data) -> str:
    """JSON that is safe inside <script>: '<', '>' and '&' become unicode escapes."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def legend(v: View) -> list[dict]:
    used = {n["kind"] for n in v.nodes.values()}
    return [{"kind": k, "shape": s, "color": c, "zh": zh, "en": en} for k, (s, c, zh, en) in KINDS.items() if k in used]


def render_view(v: View, env, lang: str = "zh", inline_js: bool = True, lib_path: str = "lib/vis-network.min.js",
                root: str | None = None) -> str:
    """The page of one view. ``root`` is the path back to the site's top (site pages: header, nav,
    search); without it the page stands alone (``portkg viz -o FILE``) with its CSS and script inlined."""
    from .site.render import standalone_assets

    layout(v)
    data = network_data(v)
    facets = {key: sorted({x for n in v.nodes.values() for x in n.get(key, [])})
              for key in ("cities", "agencyTypes", "categories")}
    return env.get_template("graph.html").render(
        view=v, data_json=json_for_script(data), legend=legend(v), facets=facets, lang=lang,
        vis_js=vis_script() if inline_js else None, lib_path=lib_path,
        root=root or "", standalone=root is None, assets=standalone_assets() if root is None else None,
        has_hidden=any(n["hidden"] for n in v.nodes.values()))


def template_env():
    from .site.render import template_env as site_env

    return site_env()


def write_view(g: Graph, view: str, focus: str | None, out: Path, lang: str = "zh") -> Path:
    from .build import write_atomically

    v = GraphViews(g).view(view, focus)
    html = render_view(v, template_env(), lang=lang, inline_js=True)
    write_atomically({out: html.encode("utf-8")})
    return out
