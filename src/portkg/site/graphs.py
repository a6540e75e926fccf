"""The graph views of the site (pyvis data model, vis-network drawing), offline and connected.

Views are small and focused rather than one hairball: the overview (measures applied in two or
more cities, the cities applying them and the measure categories), and one view per case, per
city, per measure applied in two or more cases and per implementing agency. Everything comes
from `SiteData` (a few whole-graph SPARQL queries over the Oxigraph store), never from an rdflib
walk, and nothing assumes one source document.

What a reader gets on every view:
- one node per concept (a case's own wordings of a measure only when asked for: 显示原文措施名);
- node size by spread (a measure by the cities applying it, a city by its cases);
- a click opens a panel with the node's facts and links: its entity page, its graph view, the
  quoted evidence (linked to its passage in the source);
- filters that filter what they say (措施类别 hides measures of other categories, 城市 keeps
  what that city applies …), kept in the URL's fragment so a view can be bookmarked;
- the same facts as a text list beside the canvas (screen readers, Ctrl+F);
- positions computed here (networkx, seeded; labels pushed apart; outcomes in a column beside
  their case), so physics stays off and the page is usable at once; the page zooms in to keep
  labels at least 12 px on screen.

Labels and facts are data, never HTML: they go into the page as JSON with ``<`` escaped and the
script writes them with ``textContent``.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from .numbers import outcome_text
from .urls import page_path

VIS_VERSION = "9.1.2"
VIS_PATH = f"static/vis-network-{VIS_VERSION}.min.js"

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
FONT = "Noto Sans CJK SC, WenQuanYi Zen Hei, Microsoft YaHei, PingFang SC, sans-serif"
FONT_SIZE = 14      # canvas units; the page keeps font size × zoom ≥ MIN_LABEL_PX
MIN_LABEL_PX = 12

FACETS = (("city", "城市", "City"), ("cat", "措施类别", "Measure category"), ("type", "单位类型", "Agency type"))


def _local(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _short_id(iri: str) -> str:
    from ..build import BASE

    s = str(iri)
    return s[len(BASE):] if s.startswith(BASE) else s


def graph_path(iri: str) -> str:
    """Where the graph view of an entity lives: graphs/ + the entity page's path (case/sd-2024-06.html)."""
    return "graphs/" + page_path(iri)


def vis_script() -> str:
    """The vis-network build shipped inside the pyvis wheel (dual Apache-2.0 / MIT licensed).

    Found without importing pyvis: its import (IPython, jsonpickle, networkx) costs 0.6-0.9 s of
    every build, and the nodes and edges it would hold are plain dicts written here directly.
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: pip install pyvis (it ships vis-network)")
    lib = Path(list(spec.submodule_search_locations)[0]) / "templates" / "lib" / f"vis-{VIS_VERSION}"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8")


def json_for_script(data) -> str:
    """JSON that is safe inside <script>: '<', '>' and '&' become unicode escapes."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@dataclass
class View:
    """The nodes and edges of one view, with what the page around the canvas shows."""

    key: str            # all | case | city | measure | agency
    path: str           # site-relative path of the page
    title_zh: str
    title_en: str
    intro_zh: str = ""
    intro_en: str = ""
    focus: str | None = None   # node id of the entity the view is about
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, nid: str, kind: str, zh: str, en: str, **extra) -> str:
        if nid not in self.nodes:
            self.nodes[nid] = {"id": nid, "kind": kind, "zh": zh, "en": en or zh, "facts": [], "refs": [],
                               "links": [], "f": {}, "value": None, "hidden": False, **extra}
        return nid

    def put(self, proto: dict) -> tuple[str, bool]:
        """Add a copy of an entity's prototype node (its facts, links and facets, the same in every
        view); False when the view has the node already."""
        nid = proto["id"]
        if nid in self.nodes:
            return nid, False
        n = dict(proto)
        n["refs"] = list(proto["refs"])
        n["facts"] = list(proto["facts"])
        n["f"] = {k: list(vals) for k, vals in proto["f"].items()}
        self.nodes[nid] = n
        return nid, True

    def edge(self, a: str, b: str, relation: str) -> None:
        if a in self.nodes and b in self.nodes and a != b:
            self.edges.append((a, b, relation))


class GraphBuilder:
    """Views of the site's data. ``site`` gives the data, page paths and references."""

    def __init__(self, site):
        self.site = site
        self.d = site.data
        d = self.d
        self.of = {(c.iri, k): c.of(k) for c in d.case_list for k in ("agency", "place", "measure", "claim")}
        self.categories = {m: [b for b in d.out[m].get("broader", []) if d.is_a(b, "MeasureCategory")]
                           for m in d.of_type("Measure")}
        self.agency_type = {}
        for c in d.case_list:
            for s in self.of[c.iri, "agency"]:
                types = d.out[s.target].get("classification", [])
                self.agency_type[s.target] = types[0] if types else None
        self.case_types = {c.iri: sorted({t for s in self.of[c.iri, "agency"] if (t := self.agency_type.get(s.target))})
                           for c in d.case_list}
        self.agency_cases: dict[str, list] = {}
        for c in d.case_list:
            for a in dict.fromkeys(s.target for s in self.of[c.iri, "agency"]):
                self.agency_cases.setdefault(a, []).append(c)
        self.city_cases: dict[str, list] = {}
        for c in d.case_list:
            for x in d.case_cities[c.iri]:
                self.city_cases.setdefault(x, []).append(c)
        self._protos: dict[str, dict] = {}
        self.case_measures = {c.iri: sorted({s.target for s in self.of[c.iri, "measure"] if d.applied(s)}, key=d.sort_key)
                              for c in d.case_list}
        self.has_graph: set[str] = set()

    # -- which views exist --------------------------------------------------------------------------
    def plan(self) -> list[tuple[str, str | None]]:
        d = self.d
        views: list[tuple[str, str | None]] = [("all", None)]
        views += [("case", c.iri) for c in d.case_list]
        views += [("city", city) for city in d.cities()]
        views += [("measure", m) for m in sorted(d.measure_cases, key=d.sort_key) if len(d.measure_cases[m]) >= 2]
        agencies = sorted({s.target for c in d.case_list for s in self.of[c.iri, "agency"]}, key=d.sort_key)
        views += [("agency", a) for a in agencies]
        self.has_graph = {iri for kind, iri in views if iri}
        return views

    def view(self, kind: str, iri: str | None = None) -> View:
        return {"all": self.overview, "case": self.case_view, "city": self.city_view,
                "measure": self.measure_view, "agency": self.agency_view}[kind](iri)

    # -- node makers: each node knows its facts, links and facets -------------------------------------
    def _links(self, node: dict, iri: str) -> None:
        node["href"] = page_path(iri)
        if iri in self.has_graph:
            node["graph"] = graph_path(iri)

    def _ref(self, passage) -> dict:
        """The quoted words, linked to their passage in the source's reading view."""
        return {"t": passage.exact, "h": f"{page_path(passage.source)}#{passage.anchor}"}

    def case_short(self, iri: str) -> dict:
        """案例 06 / Case 06, with the source in front when there are several sources (as the
        site's other pages name it)."""
        named = getattr(self.site, "case_short", None)
        if named is not None:
            return named(iri)
        c = self.d.cases[iri]
        multi = len({x.source for x in self.d.case_list}) > 1
        tag = f"{_local(c.source)} " if multi else ""
        return {"zh": f"{tag}案例 {c.number}", "en": f"{tag}Case {c.number}"}

    def _node(self, v: View, iri: str, kind: str, zh: str, en: str, fill) -> str:
        """Put the entity's node into the view: built once (facts, links, facets are the same in
        every view), copied into each view that draws it."""
        proto = self._protos.get(iri)
        if proto is None:
            proto = {"id": _short_id(iri), "kind": kind, "zh": zh, "en": en or zh, "facts": [], "refs": [],
                     "links": [], "f": {}, "value": None, "hidden": False}
            fill(proto)
            self._links(proto, iri)
            self._protos[iri] = proto
        return v.put(proto)[0]

    def measure_node(self, v: View, m: str) -> str:
        d = self.d

        def fill(n):
            cities = d.measure_cities.get(m, [])
            all_cases = d.measure_cases.get(m, [])
            n["value"] = max(1, len(cities))
            cats = self.categories.get(m, [])
            n["facts"] = [
                ["措施类别", "Category", "、".join(d.zh(c) for c in cats) or "—", ", ".join(d.en(c) for c in cats) or "—"],
                ["应用城市", "Cities applying it", f"{len(cities)} 个城市：" + "、".join(d.zh(c) for c in cities),
                 f"{len(cities)}: " + ", ".join(d.en(c) for c in cities)],
                ["应用案例", "Cases applying it", f"{len(all_cases)} 个案例", f"{len(all_cases)} cases"],
            ]
            n["f"] = {"cat": [_local(c) for c in cats]}
        return self._node(v, m, "measure", d.zh(m), d.en(m), fill)

    def city_node(self, v: View, city: str) -> str:
        d = self.d

        def fill(n):
            cases = self.city_cases.get(city, [])
            measures = {m for c in cases for m in self.case_measures[c.iri]}
            n["value"] = max(1, len(cases))
            n["facts"] = [["案例", "Cases", f"{len(cases)} 个", str(len(cases))],
                          ["应用措施", "Measures applied", f"{len(measures)} 项", str(len(measures))]]
            n["f"] = {"city": [_local(city)]}
        return self._node(v, city, "city", d.zh(city), d.en(city), fill)

    def category_node(self, v: View, cat: str) -> str:
        d = self.d

        def fill(n):
            members = [m for m, cs in self.categories.items() if cat in cs and d.measure_cases.get(m)]
            n["facts"] = [["措施", "Measures", f"{len(members)} 项（已应用）", f"{len(members)} applied"]]
            n["f"] = {"cat": [_local(cat)]}
        return self._node(v, cat, "category", d.zh(cat), d.en(cat), fill)

    def case_node(self, v: View, c) -> str:
        d = self.d
        short = self.case_short(c.iri)
        title = c.title if len(c.title) <= 14 else c.title[:13] + "…"

        def fill(n):
            cities = d.case_cities[c.iri]
            agencies = [s.target for s in self.of[c.iri, "agency"]]
            n["facts"] = [
                ["标题", "Title", c.title, c.title],
                ["城市", "City", "、".join(d.zh(x) for x in cities) or "—", ", ".join(d.en(x) for x in cities) or "—"],
                ["实施单位", "Agencies", "、".join(d.zh(a) for a in agencies), ", ".join(d.en(a) for a in agencies)],
                ["措施", "Measures", f"{len(self.case_measures[c.iri])} 项", str(len(self.case_measures[c.iri]))],
                ["成效", "Outcomes", f"{len(c.outcomes)} 条", str(len(c.outcomes))],
            ]
            n["refs"] = [self._ref(c.heading)]
            n["f"] = self._case_facets(c)
        return self._node(v, c.iri, "case", f"{short['zh']}\n{title}", short["en"], fill)

    def _case_facets(self, c) -> dict:
        return {"city": [_local(x) for x in self.d.case_cities[c.iri]],
                "type": [_local(t) for t in self.case_types[c.iri]],
                "cat": sorted({_local(b) for m in self.case_measures[c.iri] for b in self.categories.get(m, [])})}

    def agency_node(self, v: View, a: str) -> str:
        d = self.d

        def fill(n):
            t = self.agency_type.get(a)
            cases = self.agency_cases.get(a, [])
            n["facts"] = [["单位类型", "Agency type", d.zh(t) if t else "—", d.en(t) if t else "—"],
                          ["实施案例", "Cases", f"{len(cases)} 个", str(len(cases))]]
            n["value"] = max(1, len(cases))
            n["f"] = {"type": [_local(t)] if t else [],
                      "city": sorted({_local(x) for c in cases for x in d.case_cities[c.iri]})}
        return self._node(v, a, "agency", d.zh(a), d.en(a), fill)

    def outcome_node(self, v: View, c, o, hidden: bool) -> str:
        d = self.d
        zh, en = outcome_text(o, d, "zh"), outcome_text(o, d, "en")  # as every other page writes it
        nid = v.add(_short_id(o.iri), "outcome", f"{d.zh(o.metric)}\n{zh}", f"{d.en(o.metric)}\n{en}", hidden=hidden)
        n = v.nodes[nid]
        n["facts"] = [["指标", "Metric", d.zh(o.metric), d.en(o.metric)], ["数值", "Figure", zh, en]]
        if o.projected:
            n["facts"].append(["性质", "Status", "预计（尚未实现）", "projected (not yet achieved)"])
        n["refs"] = [self._ref(o.passage)]
        n["href"] = page_path(c.iri) + "#outcomes"
        return nid

    # -- views --------------------------------------------------------------------------------------
    def overview(self, _iri=None) -> View:
        d = self.d
        v = View("all", "graphs/all.html", "跨城市复用的措施", "Measures applied in two or more cities",
                 "只画在两个及以上城市应用的措施、应用它们的城市和措施类别；点任一节点看详情与原文。",
                 "Only measures applied in two or more cities, the cities applying them and the measure "
                 "categories; click any node for its facts and evidence.")
        measures = [m for m in sorted(d.measure_cases, key=d.sort_key) if len(d.measure_cities.get(m, [])) >= 2]
        for m in measures:
            mn = self.measure_node(v, m)
            v.nodes[mn]["f"] = {"cat": [_local(c) for c in self.categories.get(m, [])],
                                "city": [_local(x) for x in d.measure_cities[m]],
                                "type": sorted({_local(t) for c in d.measure_cases[m] for t in self.case_types[c]})}
            for city in d.measure_cities[m]:
                cn = self.city_node(v, city)
                v.edge(cn, mn, "applies")
            for cat in self.categories.get(m, []):
                v.edge(mn, self.category_node(v, cat), "broader")
        return v

    def case_view(self, iri: str) -> View:
        d, site = self.d, self.site
        c = d.cases[iri]
        short = self.case_short(iri)
        v = View("case", graph_path(iri), f"{short['zh']}：{c.title}", f"{short['en']}: {c.title}",
                 "案例的实施单位、地点、措施（概念）与类别、成效和首创声明。",
                 "The case's agencies, places, measures (concepts) and their categories, outcomes and claims.")
        cn = v.focus = self.case_node(v, c)
        for s in self.of[c.iri, "agency"]:
            an = self.agency_node(v, s.target)
            v.nodes[an]["refs"] = [self._ref(s.passage)]
            v.edge(cn, an, "implementedBy")
        for s in self.of[c.iri, "place"]:
            p = s.target
            if d.is_a(p, "City"):
                pn = self.city_node(v, p)
            else:
                pn = v.add(_short_id(p), "place", d.zh(p), d.en(p))
                self._links(v.nodes[pn], p)
            v.nodes[pn]["refs"].append(self._ref(s.passage))
            v.edge(cn, pn, "locatedIn")
            if not d.is_a(p, "City"):
                for up in d.out[p].get("locatedIn", []):
                    if d.is_a(up, "City"):
                        v.edge(pn, self.city_node(v, up), "locatedIn")
        self._measures_of(v, cn, c)
        for o in c.outcomes:
            v.edge(cn, self.outcome_node(v, c, o, hidden=False), "reportsOutcome")
        for s in self.of[c.iri, "claim"]:
            q = s.passage.exact
            nid = v.add(_short_id(s.node), "claim", q if len(q) <= 16 else q[:15] + "…", d.en(s.target))
            v.nodes[nid]["facts"] = [["范围", "Scope", d.zh(s.target), d.en(s.target)]]
            v.nodes[nid]["refs"] = [self._ref(s.passage)]
            v.nodes[nid]["href"] = page_path(iri) + "#claims"
            v.edge(cn, nid, "makesClaim")
        return v

    def _measures_of(self, v: View, cn: str, c, wordings: bool = True) -> None:
        d = self.d
        for s in self.of[c.iri, "measure"]:
            mn = self.measure_node(v, s.target)
            n = v.nodes[mn]
            n["refs"].append(self._ref(s.passage))
            v.edge(cn, mn, "appliesMeasure")
            for cat in self.categories.get(s.target, []):
                v.edge(mn, self.category_node(v, cat), "broader")
            if wordings and s.local and s.local != d.zh(s.target):
                wn = v.add(_short_id(s.node), "wording", s.local, s.local, hidden=True, wording=True)
                v.nodes[wn]["refs"] = [self._ref(s.passage)]
                v.nodes[wn]["facts"] = [["措施概念", "Measure concept", d.zh(s.target), d.en(s.target)]]
                v.nodes[wn]["href"] = page_path(s.target)
                v.edge(mn, wn, "wording")
            planned = ["状态", "Status", "本案例中为计划（未实施）", "planned in this case (not applied yet)"]
            if s.target not in self.case_measures[c.iri] and planned not in n["facts"]:
                n["facts"].append(planned)

    def city_view(self, city: str) -> View:
        d = self.d
        v = View("city", graph_path(city), f"{d.zh(city)}：案例与措施", f"{d.en(city)}: cases and measures",
                 "该城市的案例、实施单位与应用的措施（大小＝应用该措施的城市数）。",
                 "The city's cases, agencies and the measures they apply (size = cities applying the measure).")
        v.focus = self.city_node(v, city)
        for c in self.city_cases.get(city, []):
            cn = self.case_node(v, c)
            v.edge(v.focus, cn, "hasCase")
            for s in self.of[c.iri, "agency"]:
                v.edge(cn, self.agency_node(v, s.target), "implementedBy")
            self._measures_of(v, cn, c)
            for o in c.outcomes:
                if d.effect(o):
                    v.edge(cn, self.outcome_node(v, c, o, hidden=True), "reportsOutcome")
        self._spread_case_facets(v)
        return v

    def _spread_case_facets(self, v: View) -> None:
        """Measures and agencies take the facets of the cases they belong to (city, agency type)."""
        for a, b, rel in v.edges:
            na, nb = v.nodes[a], v.nodes[b]
            if na["kind"] == "case" and nb["kind"] in ("measure", "agency"):
                for key in ("city", "type") if nb["kind"] == "measure" else ("city",):
                    nb["f"][key] = sorted(set(nb["f"].get(key, [])) | set(na["f"].get(key, [])))

    def measure_view(self, m: str) -> View:
        d = self.d
        v = View("measure", graph_path(m), f"{d.zh(m)}：应用它的案例", f"{d.en(m)}: the cases applying it",
                 "应用该措施的案例、所在城市和实施单位；案例原文的措施名可选择显示。",
                 "The cases applying the measure, their cities and agencies; the cases' own wordings on request.")
        v.focus = self.measure_node(v, m)
        for cat in self.categories.get(m, []):
            v.edge(v.focus, self.category_node(v, cat), "broader")
        for ciri in d.measure_cases.get(m, []):
            c = d.cases[ciri]
            cn = self.case_node(v, c)
            v.edge(cn, v.focus, "appliesMeasure")
            for s in self.of[c.iri, "measure"]:
                if s.target == m:
                    v.nodes[v.focus]["refs"].append(self._ref(s.passage))
                    if s.local and s.local != d.zh(m):
                        wn = v.add(_short_id(s.node), "wording", s.local, s.local, hidden=True, wording=True)
                        v.nodes[wn]["refs"] = [self._ref(s.passage)]
                        v.nodes[wn]["facts"] = [["案例", "Case", c.number, c.number]]
                        v.nodes[wn]["href"] = page_path(c.iri)
                        v.edge(cn, wn, "wording")
            for city in d.case_cities[ciri]:
                v.edge(cn, self.city_node(v, city), "locatedIn")
            for s in self.of[c.iri, "agency"]:
                v.edge(cn, self.agency_node(v, s.target), "implementedBy")
        return v

    def agency_view(self, a: str) -> View:
        d = self.d
        v = View("agency", graph_path(a), f"{d.zh(a)}：实施的案例", f"{d.en(a)}: cases it implements",
                 "该单位实施的案例、案例所在城市和应用的措施。",
                 "The cases the agency implements, their cities and the measures they apply.")
        v.focus = self.agency_node(v, a)
        for parent in d.out[a].get("subOrganizationOf", []):
            v.edge(v.focus, self.agency_node(v, parent), "subOrganizationOf")
        for c in self.agency_cases.get(a, []):
            cn = self.case_node(v, c)
            v.edge(cn, v.focus, "implementedBy")
            for city in d.case_cities[c.iri]:
                v.edge(cn, self.city_node(v, city), "locatedIn")
            self._measures_of(v, cn, c, wordings=False)
        self._spread_case_facets(v)
        return v


# -- layout ---------------------------------------------------------------------------------------

def node_size(n: dict) -> float:
    """Radius on the canvas: a measure by the cities applying it, a city by its cases, an agency
    by its cases; outcomes, wordings and claims small. Set here (not by vis-network's value
    scaling, which depends on the other nodes of the view) so layout and drawing agree."""
    value = n.get("value") or 1
    if n["kind"] == "measure":
        return min(26.0, 7 + 4.5 * math.sqrt(value))
    if n["kind"] in ("city", "agency", "category"):
        return min(22.0, 9 + 3 * math.sqrt(value))
    if n["kind"] in ("outcome", "wording", "claim"):
        return 7.0
    return 12.0


EN_LABEL_MAX = 28  # characters of an English label drawn on the canvas (the panel and list give it whole)


def short_en(text: str) -> str:
    """An English canvas label cut at a word boundary (Chinese labels are short already)."""
    lines = []
    for line in text.split("\n"):
        if len(line) > EN_LABEL_MAX:
            cut = line[:EN_LABEL_MAX].rsplit(" ", 1)[0] if " " in line[:EN_LABEL_MAX] else line[:EN_LABEL_MAX]
            line = cut.rstrip(",;:(") + "…"
        lines.append(line)
    return "\n".join(lines)


def _text_width(line: str) -> float:
    return sum(1.0 if ord(ch) > 0x2e80 else 0.56 for ch in line) * FONT_SIZE


_BOXES: dict[tuple, tuple[float, float]] = {}


def _label_box(n: dict) -> tuple[float, float]:
    key = (n["kind"], n["zh"], n["en"], n.get("value"))
    box = _BOXES.get(key)
    if box is None:
        box = _BOXES[key] = _label_box_of(n)
    return box


def _label_box_of(n: dict) -> tuple[float, float]:
    """Width and height of a node with its label, in canvas units (a CJK character is about 1 em),
    the wider of the zh and the (shortened) en label. Boxes and ellipses hold their label; other
    shapes draw it underneath."""
    zh, en = n["zh"].split("\n"), short_en(n["en"]).split("\n")
    lines = zh if len(zh) >= len(en) else en
    width = max(_text_width(line) for line in zh + en)
    text_h = len(lines) * (FONT_SIZE + 3)
    size = node_size(n)
    if n["kind"] in ("case", "agency"):  # label inside
        return width + 24, text_h + 16
    return max(width, 2.3 * size) + 12, 2.4 * size + text_h + 16


def layout(v: View, seed: int = 42) -> None:
    """Fixed positions, so physics stays off and the page is usable at once.

    The overview gets a force layout (networkx, sorted insertion, fixed seed); a focused view puts
    its entity in the middle and the rest on rings by distance, each node near what it hangs from.
    Label boxes are then pushed apart, and outcomes and wordings (drawn on request) go in tidy
    columns beside everything, so nothing overlaps whichever of them are shown.
    """
    side = {n for n, d in v.nodes.items() if d["kind"] in ("outcome", "wording")}
    core = sorted(set(v.nodes) - side)
    if not core:
        return
    boxes = {n: _label_box(v.nodes[n]) for n in core}
    if v.focus in v.nodes and v.key in COLUMNS:
        xy = _columns_layout(v, set(v.nodes), {n: _label_box(v.nodes[n]) for n in v.nodes})
        for n, (x, y) in xy.items():
            v.nodes[n]["x"], v.nodes[n]["y"] = round(x, 1), round(y, 1)
        return
    xy = _force(v, core, boxes, seed)
    _separate(xy, boxes)
    for n, (x, y) in xy.items():
        v.nodes[n]["x"], v.nodes[n]["y"] = round(x, 1), round(y, 1)
    _columns(v, side, xy, boxes)


# focused views read left to right: which column each kind of node goes in (outcomes stack under
# the case in a case view; elsewhere they get a column of their own, drawn on request)
COLUMNS = {
    "case": {"agency": -1, "city": -1, "place": -1, "claim": -1, "case": 0, "outcome": 0, "measure": 1,
             "category": 2, "wording": 3},
    "city": {"city": 0, "agency": 0, "case": 1, "measure": 2, "category": 3, "outcome": 4, "wording": 5},
    "measure": {"category": -1, "measure": 0, "case": 1, "city": 2, "agency": 2, "wording": 3},
    "agency": {"agency": 0, "case": 1, "city": 2, "measure": 3, "category": 4},
}
ROW_GAP = 4
MAX_ROWS = 24


def _columns_layout(v: View, names: set, boxes: dict) -> dict:
    """Columns by kind, rows ordered by the mean row of what each node links to in the columns
    already placed (nearest the focus first); a long column wraps into several. Nothing overlaps:
    every node has its own row in its own column."""
    cols: dict[float, list[str]] = {}
    spec = COLUMNS[v.key]
    for n in sorted(names):
        cols.setdefault(spec.get(v.nodes[n]["kind"], 5), []).append(n)
    adj: dict[str, set] = {n: set() for n in names}
    for a, b, _ in v.edges:
        adj[a].add(b)
        adj[b].add(a)
    focus_col = spec.get(v.nodes[v.focus]["kind"], 0)
    order = sorted(cols, key=lambda c: (abs(c - focus_col), c))
    rank: dict[str, float] = {}
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    placed_cols: dict[float, list[list[str]]] = {}
    for c in order:
        members = cols[c]

        def key(n):
            near = [rank[m] for m in adj[n] if m in rank]
            first = 0 if n == v.focus else 1
            return (first, kind_rank[v.nodes[n]["kind"]] if c in (-1, 0) else 0,
                    sum(near) / len(near) if near else 1e9, v.nodes[n]["zh"], n)
        members.sort(key=key)
        rows = MAX_ROWS if len(members) <= MAX_ROWS else max(12, math.ceil(math.sqrt(len(members) * 2.2)))
        chunks = [members[i:i + rows] for i in range(0, len(members), rows)]
        placed_cols[c] = chunks
        for ci, chunk in enumerate(chunks):
            for i, n in enumerate(chunk):
                rank[n] = i + ci * 0.5
    # x: columns side by side, each as wide as its widest label; y: rows centred on 0
    xy: dict[str, list[float]] = {}
    x = 0.0
    lefts = {}
    for c in sorted(placed_cols):
        for chunk in placed_cols[c]:
            width = max(boxes[n][0] for n in chunk)
            lefts.setdefault(c, x)
            height = sum(boxes[n][1] + ROW_GAP for n in chunk)
            y = -height / 2
            for n in chunk:
                h = boxes[n][1] + ROW_GAP
                xy[n] = [x + width / 2, y + h / 2]
                y += h
            x += width + 50
        x += 40
    fx, fy = xy[v.focus]
    return {n: [p[0] - fx, p[1] - fy * 0] for n, p in xy.items()}


def _force(v: View, core: list[str], boxes: dict, seed: int, iterations: int = 80) -> dict:
    """Fruchterman-Reingold with numpy (as networkx does it, without networkx's 0.5 s import),
    nodes in sorted order and a fixed seed: the same positions on every build."""
    import numpy as np

    index = {n: i for i, n in enumerate(core)}
    n = len(core)
    adj = np.zeros((n, n))
    for a, b, _ in v.edges:
        if a in index and b in index:
            adj[index[a], index[b]] = adj[index[b], index[a]] = 1.0
    k = 2.2 / math.sqrt(max(1, n))
    pos = np.random.default_rng(seed).random((n, 2))
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.clip(np.linalg.norm(delta, axis=-1), 0.01, None)
        disp = np.einsum("ijk,ij->ik", delta, k * k / dist ** 2 - adj * dist / k)
        length = np.clip(np.linalg.norm(disp, axis=-1), 0.01, None)
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    # scale so that the nodes have room for their labels
    area = sum(w * h for w, h in boxes.values()) * 1.4
    scale = math.sqrt(area) / 2
    # screens are wider than tall: stretch the layout to about 3:2
    return {name: [float(pos[i, 0]) * scale * 1.3, float(pos[i, 1]) * scale * 0.8] for name, i in index.items()}


def _rings(v: View, core: list[str], boxes: dict) -> dict:
    """The focus in the middle; ring k holds the nodes k steps away, each at about the angle of
    the nodes it hangs from, evenly spaced; a crowded ring alternates two radii."""
    inside = set(core)
    adj: dict[str, set] = {n: set() for n in core}
    for a, b, _ in v.edges:
        if a in inside and b in inside:
            adj[a].add(b)
            adj[b].add(a)
    depth = {v.focus: 0}
    frontier = [v.focus]
    while frontier:
        nxt = []
        for n in frontier:
            for m in sorted(adj[n]):
                if m not in depth:
                    depth[m] = depth[n] + 1
                    nxt.append(m)
        frontier = nxt
    far = max(depth.values()) + 1
    for n in core:  # not connected to the focus: an outer ring of its own
        depth.setdefault(n, far)
    rings: dict[int, list[str]] = {}
    for n in core:
        rings.setdefault(depth[n], []).append(n)
    xy = {v.focus: [0.0, 0.0]}
    angle = {v.focus: 0.0}
    radius = 0.0
    for k in sorted(r for r in rings if r > 0):
        members = rings[k]
        def wanted(n):
            parents = [angle[m] for m in adj[n] if m in angle and depth.get(m, -1) < k]
            if not parents:
                return (v.nodes[n]["kind"], v.nodes[n]["zh"])
            sx, sy = sum(math.cos(a) for a in parents), sum(math.sin(a) for a in parents)
            return (math.atan2(sy, sx) % (2 * math.pi), v.nodes[n]["zh"])
        members.sort(key=lambda n: (wanted(n), n) if k > 1 else ((v.nodes[n]["kind"], v.nodes[n]["zh"]), n))
        need = sum(max(boxes[n][0], boxes[n][1]) for n in members)
        stagger = need > 2 * math.pi * (radius + 160) and len(members) > 6
        r = max(radius + 150, (need * (0.55 if stagger else 1.0)) / (2 * math.pi))
        start = wanted(members[0])[0] if k > 1 and isinstance(wanted(members[0])[0], float) else -math.pi / 2
        for i, n in enumerate(members):
            a = start + 2 * math.pi * i / len(members)
            rr = r + (70 if stagger and i % 2 else 0)
            xy[n] = [rr * math.cos(a), rr * math.sin(a)]
            angle[n] = a
        radius = r + (70 if stagger else 0)
    return xy


def _separate(xy: dict, boxes: dict, rounds: int = 1200) -> None:
    """Push overlapping label boxes apart along the axis of least overlap (numpy, deterministic)."""
    import numpy as np

    names = sorted(xy)
    if len(names) < 2:
        return
    P = np.array([xy[n] for n in names], dtype=float)
    P += np.arange(len(names))[:, None] * 1e-3  # no two nodes on the very same spot
    W = np.array([boxes[n][0] for n in names])
    H = np.array([boxes[n][1] for n in names])
    sw, sh = (W[:, None] + W[None, :]) / 2, (H[:, None] + H[None, :]) / 2
    for _ in range(rounds):
        dx = P[None, :, 0] - P[:, None, 0]
        dy = P[None, :, 1] - P[:, None, 1]
        ox, oy = sw - np.abs(dx), sh - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        alongx = hit & (ox < oy)
        alongy = hit & ~(ox < oy)
        P[:, 0] -= (np.where(alongx, ox / 2 + 1, 0) * np.sign(dx)).sum(1) * 0.6
        P[:, 1] -= (np.where(alongy, oy / 2 + 1, 0) * np.sign(dy)).sum(1) * 0.6
    for i, n in enumerate(names):
        xy[n] = [float(P[i, 0]), float(P[i, 1])]


def _columns(v: View, side: set, xy: dict, boxes: dict) -> None:
    """Outcomes and wordings in a column to the right of everything, in the order of their node,
    one line each: nothing overlaps, whichever of them are shown."""
    if not side:
        return
    right = max(x + boxes[n][0] / 2 for n, (x, _) in xy.items())
    top = min(y - boxes[n][1] / 2 for n, (_, y) in xy.items())
    owners: dict[str, list[str]] = {}
    for a, b, _ in v.edges:
        if b in side and a not in side:
            owners.setdefault(a, []).append(b)
    for kind, col in (("outcome", 0), ("wording", 1)):
        items = [n for owner in sorted(owners, key=lambda o: (xy.get(o, [0, 0])[1], o))
                 for n in owners[owner] if v.nodes[n]["kind"] == kind]
        if not items:
            continue
        width = max(_label_box(v.nodes[n])[0] for n in items)
        x = right + 60 + width / 2
        for i, n in enumerate(items):
            v.nodes[n]["x"] = round(x, 1)
            v.nodes[n]["y"] = round(top + i * (FONT_SIZE + 16), 1)
        right = x + width / 2


# -- the page -------------------------------------------------------------------------------------

def network_data(v: View) -> dict:
    """Nodes, edges and options in vis-network's data model (what pyvis' Network would hold).
    A node's facts are not repeated here: the panel reads them from the text list beside the
    canvas, which has them already (half the page size)."""
    nodes = []
    for nid in sorted(v.nodes):
        n = v.nodes[nid]
        node = {"id": nid, "group": n["kind"], "zh": n["zh"], "en": n["en"], "x": n.get("x", 0), "y": n.get("y", 0),
                "size": round(node_size(n), 1)}
        if short_en(n["en"]) != n["en"]:
            node["ens"] = short_en(n["en"])
        if any(n["f"].values()):
            node["f"] = {k: vals for k, vals in n["f"].items() if vals}
        if n["refs"]:
            node["refs"] = n["refs"][:4]
            if len(n["refs"]) > 4:
                node["nref"] = len(n["refs"])
        for k in ("href", "graph", "wording", "hidden"):
            if n.get(k):
                node[k] = n[k]
        if nid == v.focus:
            node["focus"] = True
            node["borderWidth"] = 3
        nodes.append(node)
    edges = [{"from": a, "to": b} for a, b in sorted({(a, b) for a, b, _ in v.edges})]
    options = {
        "physics": {"enabled": False},
        "edges": {"smooth": False, "color": {"color": "#cbd5e0", "highlight": "#2b6cb0"}, "width": 1},
        "interaction": {"hover": True, "tooltipDelay": 200, "navigationButtons": False, "multiselect": False},
        "nodes": {"font": {"size": FONT_SIZE, "face": FONT}, "physics": False},
        "groups": {k: {"shape": shape, "color": colour} for k, (shape, colour, _, _) in KINDS.items()
                   if any(n["kind"] == k for n in v.nodes.values())},
    }
    return {"nodes": nodes, "edges": edges, "options": options}


def facets(v: View, site) -> list[dict]:
    """The filters a view offers, with the options its nodes have (id, zh, en), by label."""
    d = site.data
    out = []
    values: dict[str, set] = {}
    for n in v.nodes.values():
        for key, vals in n["f"].items():
            values.setdefault(key, set()).update(vals)
    lookup = getattr(site, "_graph_lookup", None)
    if lookup is None:
        lookup = {}
        for iri in list(d.types):
            lookup.setdefault(_local(iri), iri)
        site._graph_lookup = lookup
    for key, zh, en in FACETS:
        opts = sorted(values.get(key, ()), key=lambda x: (d.zh(lookup.get(x, x)), x))
        if len(opts) >= 2:
            out.append({"key": key, "zh": zh, "en": en,
                        "options": [{"id": o, "zh": d.zh(lookup.get(o, o)), "en": d.en(lookup.get(o, o))} for o in opts]})
    return out


_FACTS_HTML: dict[tuple, str] = {}


def text_list(v: View, link_root: str | None) -> str:
    """The view as text, by kind (HTML, escaped): each node with its facts, what it connects to and
    one quote; the same facts as the canvas, for screen readers and Ctrl+F."""
    from html import escape

    def t(zh: str, en: str) -> str:
        if not en or en == zh:
            return str(escape(zh))
        return f'<span class="zh">{escape(zh)}</span><span class="en">{escape(en)}</span>'

    neighbours: dict[str, set] = {}
    for a, b, _ in v.edges:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    out = []
    for kind, (_, _, kzh, ken) in KINDS.items():
        items = [n for n in v.nodes.values() if n["kind"] == kind]
        if not items:
            continue
        items.sort(key=lambda n: (-(n.get("value") or 0), n["zh"]))
        out.append(f'<h3>{t(kzh, ken)} <span class="muted">({len(items)})</span></h3><ul>')
        for n in items:
            zh, en = n["zh"].replace("\n", " "), n["en"].replace("\n", " ")
            li = [f'<li data-id="{escape(n["id"])}"{" class=off" if n.get("hidden") else ""}>'
                  f'<button type="button" class="show-node" data-id="{escape(n["id"])}" '
                  f'aria-label="在图中显示 Show in graph">◎</button>']
            if n.get("href") and link_root is not None:
                li.append(f'<a href="{escape(link_root + n["href"])}">{t(zh, en)}</a>')
            else:
                li.append(f'<span class="name">{t(zh, en)}</span>')
            if n.get("graph") and link_root is not None and n["graph"] != v.path:
                li.append(f' <a class="graph-link" href="{escape(link_root + n["graph"])}">{t("关系图", "graph")}</a>')
            if n["facts"]:
                key = tuple(tuple(f) for f in n["facts"])
                facts = _FACTS_HTML.get(key)
                if facts is None:
                    facts = _FACTS_HTML[key] = '<span class="facts">' + "；".join(
                        f'<span class="fact"><span class="k">{t(f[0], f[1])}</span>：<span class="v">{t(f[2], f[3])}</span></span>'
                        for f in n["facts"]) + "</span>"
                li.append(facts)
            near = sorted((v.nodes[x] for x in neighbours.get(n["id"], ())
                           if v.nodes[x]["kind"] not in ("outcome", "wording")), key=lambda m: (m["kind"], m["zh"]))
            if near and n["kind"] not in ("outcome", "wording", "claim"):
                more = "…" if len(near) > 10 else ""
                li.append(f'<span class="near">{t("相连：", "Linked to: ")}'
                          f'{t("、".join(m["zh"].split(chr(10))[0] for m in near[:10]) + more, ", ".join(m["en"] for m in near[:10]) + more)}</span>')
            if n["refs"] and n["kind"] in ("outcome", "claim", "wording", "case"):
                r = n["refs"][0]
                if link_root is not None:
                    li.append(f'<a class="ref" href="{escape(link_root + r["h"])}">“{escape(r["t"])}”</a>')
                else:
                    li.append(f'<span class="ref">“{escape(r["t"])}”</span>')
            li.append("</li>")
            out.append("".join(li))
        out.append("</ul>")
    return "".join(out)


def legend(v: View) -> list[dict]:
    used = {n["kind"] for n in v.nodes.values()}
    return [{"kind": k, "shape": s, "color": c, "zh": zh, "en": en} for k, (s, c, zh, en) in KINDS.items() if k in used]


def views_index(builder: GraphBuilder, views: list[View]) -> list[dict]:
    """The other views, for the page's 'other views' menu."""
    return [{"path": v.path, "zh": v.title_zh, "en": v.title_en, "key": v.key} for v in views]


def render_view(v: View, site, standalone: bool = False) -> str:
    """One graph page, extending the site's base template (zh/en remembered, search)."""
    from .render import standalone_assets, static_text

    layout(v)
    data = network_data(v)
    ctx = dict(view=v, data_json=json_for_script(data), legend=legend(v), facets=facets(v, site),
               has_wordings=any(n.get("wording") for n in v.nodes.values()),
               has_hidden_outcomes=any(n["kind"] == "outcome" and n["hidden"] for n in v.nodes.values()),
               min_label_px=MIN_LABEL_PX, font_size=FONT_SIZE, lang="zh")
    from markupsafe import Markup

    if standalone:
        ctx["list_html"] = Markup(text_list(v, None))
        ctx.update(standalone=True, assets=standalone_assets(), vis_js=vis_script(), root="", link_root=None,
                   graph_css=static_text("graphs.css"), graph_js=static_text("graphs.js"))
        return site.pages.env.get_template("graph.html").render(**ctx)
    root = "../" * v.path.count("/")
    ctx["list_html"] = Markup(text_list(v, root))
    return site.pages.env.get_template("graph.html").render(root=root, link_root=root, vis_path=root + VIS_PATH, **ctx)


def render(site) -> None:
    """Write every graph view of the site and record each entity's view for its page."""
    builder = GraphBuilder(site)
    from .render import static_text

    site.pages.files[VIS_PATH] = vis_script().encode("utf-8")
    for name in ("graphs.js", "graphs.css"):
        site.pages.files[f"static/{name}"] = static_text(name).encode("utf-8")
    for kind, iri in builder.plan():
        v = builder.view(kind, iri)
        site.pages.files[v.path] = render_view(v, site).encode("utf-8")
        if iri:
            site.graph_pages[iri] = v.path


def standalone_page(store, kind: str, focus: str | None, lang: str = "zh") -> str:
    """One view as a self-contained page (portkg viz): scripts and styles inlined, links left out."""
    from ..errors import InputError
    from .data import SiteData
    from types import SimpleNamespace

    from .render import Pages

    site = SimpleNamespace(data=SiteData.load(store), pages=Pages(), graph_pages={})
    builder = GraphBuilder(site)
    builder.plan()
    iri = None if kind == "all" else find(site.data, kind, focus)
    if kind != "all" and iri is None:
        raise InputError(None, None, "--focus", f"no {kind} {focus!r}" if focus else f"the {kind} view needs --focus",
                         {"case": "a case number or id, e.g. --focus 06 or --focus sd-2024-06",
                          "measure": "a measure id or label, e.g. 直装直提", "city": "a city, e.g. 威海",
                          "agency": "an agency id or name, e.g. 威海海关"}[kind])
    v = builder.view(kind, iri)
    html = render_view(v, site, standalone=True)
    if lang == "en":
        html = html.replace('data-lang="zh"', 'data-lang="en"', 1)
    return html


def find(d, kind: str, focus: str | None) -> str | None:
    """The entity a --focus names: its id (IRI's last part), a case number, or a zh/en label."""
    if not focus:
        return None
    if kind == "case":
        # a case id (js-2024-01) names one case; a bare number only within one source (as case-card)
        num = focus.zfill(2) if focus.isdigit() and len(focus) <= 2 else None
        by_id = [c.iri for c in d.case_list if _local(c.iri) == focus]
        hits = by_id or [c.iri for c in d.case_list if num is not None and c.number == num]
        if len(hits) > 1:
            from ..errors import InputError

            ids = sorted(_local(h) for h in hits)
            raise InputError(None, None, "--focus", f"case {num} exists in several sources ({', '.join(ids)})",
                             f"give the case id, e.g. --focus {ids[0]}")
        return hits[0] if hits else None
    cls = {"measure": "Measure", "city": "City", "agency": "Agency"}[kind]
    cands = d.of_type(cls)
    for n in cands:
        if _local(n) == focus:
            return n
    low = focus.lower()
    for n in cands:
        names = {d.zh(n), d.en(n), *d.alt.get(n, [])}
        if focus in names or low in {x.lower() for x in names}:
            return n
    return None
