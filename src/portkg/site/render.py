"""The machinery every kind of page shares: templates, the files being written, links and references."""
from __future__ import annotations

from importlib import resources

from ..build import BASE
from .urls import page_path, root_of

KIND_NAMES = {  # class → (zh, en) as a reader calls it
    "Case": ("案例", "Case"), "Measure": ("措施", "Measure"), "MeasureCategory": ("措施类别", "Measure category"),
    "City": ("城市", "City"), "Province": ("省", "Province"), "County": ("县区", "County"), "Town": ("镇", "Town"),
    "Port": ("口岸", "Port"), "Place": ("地点", "Place"), "Agency": ("实施单位", "Agency"),
    "AgencyType": ("单位类型", "Agency type"), "TradeFacilitationProvision": ("贸易便利化协定条款", "TFA provision"),
    "Metric": ("成效指标", "Metric"), "SourceDocument": ("原文", "Source"), "Concept": ("概念", "Concept"),
}
KIND_ORDER = list(KIND_NAMES)


def template_env():
    """Jinja2 with autoescaping over the site's templates (graph pages use it too)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from .tables import quoted

    # auto_reload off: templates do not change during a build, and checking them per page costs
    env = Environment(loader=PackageLoader("portkg.site", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters["quoted"] = quoted
    return env


def static_text(name: str) -> str:
    return resources.files("portkg.site").joinpath("static", name).read_text(encoding="utf-8")


def standalone_assets() -> dict:
    """The CSS and script inlined into a page written on its own (portkg viz -o FILE)."""
    return {"css": static_text("site.css"), "js": static_text("site.js")}


class Pages:
    """The site being written: path → bytes, and rendering pages into it."""

    def __init__(self):
        self.env = template_env()
        self.files: dict[str, bytes] = {}

    def page(self, path: str, template: str, **ctx) -> None:
        self.files[path] = self.env.get_template(template).render(root=root_of(path), **ctx).encode("utf-8")

    def static(self) -> None:
        for name in ("site.css", "site.js", "tables.js"):
            self.files[f"static/{name}"] = static_text(name).encode("utf-8")


PAGE_TYPES = ("Case", "Measure", "MeasureCategory", "Place", "Agency", "AgencyType", "TradeFacilitationProvision",
              "Metric", "SourceDocument")


def _entity_iris(data) -> set[str]:
    """Everything that gets a page: the kinds above, and concepts the graph points to (OECD areas, claim scopes)."""
    out = {s for s, ts in data.types.items() if ts & set(PAGE_TYPES)}
    for s, preds in data.out.items():
        for p in ("closeMatch", "broadMatch", "exactMatch", "classification"):
            out.update(preds.get(p, ()))
    out.update(st.target for c in data.case_list for st in c.of("claim"))
    return {x for x in out if x.startswith(BASE) and x in data.labels}


def _backlinks(data, entities: set[str]) -> dict[str, set[str]]:
    """For each entity, the entities whose pages link to it: statements pointing at it, and for a
    case the cities, agencies, measures and metrics whose pages list it."""
    back: dict[str, set[str]] = {}
    for s, preds in data.inn.items():
        for p, subjects in preds.items():
            if p == "subOrganizationEvidence":
                continue
            back.setdefault(s, set()).update(x for x in subjects if x in entities)
    for c in data.case_list:
        for st in c.statements:
            back.setdefault(st.target, set()).add(c.iri)
            back.setdefault(c.iri, set()).add(st.target)
            if st.agency:
                back.setdefault(st.agency, set()).add(c.iri)
        for o in c.outcomes:
            back.setdefault(o.metric, set()).add(c.iri)
        back.setdefault(c.iri, set()).update(data.case_cities[c.iri])
    return {k: {x for x in v if x in entities and x != k} for k, v in back.items()}


class Site:
    """One build of the site: the data, the pages written so far, and how pages name things."""

    def __init__(self, data, pages: Pages):
        self.data, self.pages = data, pages
        self.search_entries: list[list] = []
        self._ents: dict[str, dict] = {}
        self._kinds: dict[str, str] = {}
        self.cache: dict = {}  # per-build memo for cells many pages share (outcomes)
        self.graph_pages: dict[str, str] = {}  # entity IRI → its graph view's path, when it has one
        from .vendor import datatables_paths

        self.entities = _entity_iris(data)
        self.dt_js, self.dt_css = datatables_paths()
        self.backlinks = _backlinks(data, self.entities)

    # -- naming things ---------------------------------------------------------------------------
    def kind(self, iri: str) -> str:
        hit = self._kinds.get(iri)
        if hit is None:
            hit = self._kinds[iri] = self._kind(iri)
        return hit

    def _kind(self, iri: str) -> str:
        types = self.data.types.get(iri, set())
        for k in KIND_ORDER:
            if k in types and k not in ("Place", "Concept"):
                if k == "Port" and "City" in types:
                    continue
                return k
        if "Place" in types:
            return "Place"
        return "Concept"

    def kind_name(self, iri: str) -> tuple[str, str]:
        return KIND_NAMES[self.kind(iri)]

    def href(self, iri: str) -> str:
        return page_path(iri)

    def ent(self, iri: str) -> dict:
        """What a template needs to link to an entity: href and both labels (a fresh dict: callers add to it)."""
        hit = self._ents.get(iri)
        if hit is None:
            hit = self._ents[iri] = self._ent(iri)
        return dict(hit)

    def _ent(self, iri: str) -> dict:
        d = self.data
        if iri in d.cases:
            c = d.cases[iri]
            return {"href": page_path(iri), "zh": f"{c.number} {c.title}", "en": f"{c.number} {c.title}",
                    "iri": iri, "short": c.number}
        if iri in d.sources:  # a document: its titles (the zh title as published, the en title of the record)
            t = d.titles.get(iri, {})
            return {"href": page_path(iri), "zh": t.get("zh") or d.zh(iri), "en": t.get("en") or d.en(iri), "iri": iri}
        return {"href": page_path(iri), "zh": d.zh(iri), "en": d.en(iri), "iri": iri}

    def case_short(self, iri: str) -> dict:
        """A case named briefly (for table cells): 案例 06 / Case 06, with its source when there are several."""
        c = self.data.cases[iri]
        multi = len(self.data.sources) > 1
        tag = f"{self.source_short(c.source)} " if multi else ""
        tag_en = f"{self.source_short(c.source, 'en')} " if multi else ""
        return {"href": page_path(iri), "zh": f"{tag}案例 {c.number}", "en": f"{tag_en}Case {c.number}",
                "title": c.title, "iri": iri}

    def source_short(self, source: str, lang: str = "zh") -> str:
        """山东省2024 / Shandong 2024: a source by its province and year."""
        d = self.data
        year = d.sources.get(source, {}).get("year") or ""
        prov = d.out[source].get("spatial", [])
        if not prov:
            return f"{d.notation.get(source, source.rsplit('/', 1)[-1])}{year}"
        if lang == "en":
            return f"{d.en(prov[0]).removesuffix(' Province')} {year}".strip()
        return f"{d.zh(prov[0])}{year}"

    def ref(self, passage) -> dict:
        """A reference: the quoted words, linked to their passage in the source's reading view."""
        return {"text": passage.exact, "href": f"{page_path(passage.source)}#{passage.anchor}"}

    def links_here(self, iri: str, root: str) -> str:
        """The "what links here" section as HTML (written in Python: it is on every one of hundreds of pages)."""
        from .tables import _a, bi

        groups: dict[str, list] = {}
        for x in self.backlinks.get(iri, ()):
            groups.setdefault(self.kind(x), []).append(x)
        d = self.data
        parts = [f'<section id="what-links-here"><h2>{bi("链接到此页的条目", "What links here")}</h2>']
        for k in KIND_ORDER:
            if k in groups:
                items = sorted(groups[k], key=lambda x: (d.cases[x].source, d.cases[x].number, x) if x in d.cases
                               else d.sort_key(x))
                zh, en = KIND_NAMES[k]
                lis = "".join(f"<li>{_a(root, e['href'], bi(e['zh'], e['en']))}</li>" for e in map(self.ent, items))
                parts.append(f'<h3>{bi(zh, en)} <span class="muted">({len(items)})</span></h3><ul class="cols">{lis}</ul>')
        if len(parts) == 1:
            parts.append(f'<p class="muted">{bi("没有其他条目链接到此页。", "No other entry links here.")}</p>')
        parts.append("</section>")
        return "".join(parts)

    def entity_page(self, iri: str, statements=(), sections=(), template: str = "entity.html", **ctx) -> str:
        """Write the page of ``iri`` (URL from its IRI); sections may hold tables, whose files are written too."""
        from .tables import write_table

        has_tables = False
        for sec in sections:
            if sec.get("table") is not None:
                write_table(self, sec["table"])
                has_tables = True
        zh, en = self.kind_name(iri)
        path = page_path(iri)
        self.pages.page(path, template, e=self.ent(iri), kind={"zh": zh, "en": en}, statements_rows=list(statements),
                        sections=[s for s in sections if s], links_here_html=self.links_here(iri, root_of(path)),
                        has_tables=has_tables or ctx.pop("has_tables", False), dt_js=self.dt_js, dt_css=self.dt_css,
                        graph=self.graph_pages.get(iri), **ctx)
        return path


    def page(self, path: str, template: str, tables=(), **ctx) -> None:
        from .tables import write_table

        for tb in tables:
            write_table(self, tb)
        self.pages.page(path, template, has_tables=bool(tables) or ctx.pop("has_tables", False),
                        dt_js=self.dt_js, dt_css=self.dt_css, **ctx)
