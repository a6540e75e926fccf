"""The static site `portkg build` writes to build/site/: readable offline, from disk, on a phone.

Pages come from a few whole-graph SPARQL queries over the Oxigraph store (`data.SiteData`), one
module per kind of page: `home` (the three questions), `case`, `measure`, `city`, `agency`,
`concept` (TFA articles, metrics, categories, agency types, other places), `source` (the reading
view), `search_index` (search on every page). `tables` makes every table sortable, filterable
and downloadable; `numbers` puts every figure in words people use; `urls` derives each page's
URL from its IRI. Templates (Jinja2, autoescaped) extend `templates/base.html`; the CSS and
scripts sit in `static/`, DataTables comes from the itables package (`vendor`). Nothing on any
page is fetched from the network.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..build import BASE, BuildResult, Project
from .data import SiteData
from .render import Pages, Site


def build_site(store, result: BuildResult | None = None) -> dict[str, bytes]:
    """Every file of the site, keyed by its path inside build/site/."""
    from . import agency, case, city, concept, graphs, home, measure, search_index, source
    from . import map as site_map
    from .vendor import datatables

    data = SiteData.load(store)
    pages = Pages()
    site = Site(data, pages)
    site.texts = {f"{BASE}source/{doc.id}": doc.text for doc in (result.sources.values() if result else [])}
    pages.static()
    pages.files.update(datatables())
    for name, text in data.query_texts.items():
        pages.files[f"queries/{name}.rq"] = text.encode("utf-8")
    graphs.render(site)  # first: entity pages link to the graph view of their entity
    site_map.render(site)
    for module in (case, measure, city, agency, concept, source, home):
        module.render(site)
    search_index.render(site)
    return pages.files


def site_files(result: BuildResult, project: Project, ntriples: bytes) -> dict[str, bytes]:
    from ..store import OxigraphStore

    store = OxigraphStore()
    store.load_ntriples_bytes(ntriples)
    return build_site(store, result)


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
