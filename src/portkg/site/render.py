"""The machinery every kind of page shares: templates, the files being written, tables."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from .urls import root_of


def template_env():
    """Jinja2 with autoescaping over the site's templates (graph pages use it too)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("portkg.site", "templates"), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def static_text(name: str) -> str:
    return resources.files("portkg.site").joinpath("static", name).read_text(encoding="utf-8")


def standalone_assets() -> dict:
    """The CSS and script inlined into a page written on its own (portkg viz -o FILE)."""
    return {"css": static_text("site.css"), "js": static_text("site.js")}


@dataclass
class SiteTable:
    name: str
    headers: list[str]
    rows: list[list]
    csv: str = ""
    rq: str = ""


def csv_bytes(headers, rows) -> bytes:
    from ..csvsafe import csv_bytes as safe_csv_bytes  # formula cells neutralised (issue 12)

    return safe_csv_bytes(headers, [[c["text"] if isinstance(c, dict) else c for c in r] for r in rows])


class Pages:
    """The site being written: path → bytes, and rendering pages into it."""

    def __init__(self):
        self.env = template_env()
        self.files: dict[str, bytes] = {}

    def page(self, path: str, template: str, **ctx) -> None:
        self.files[path] = self.env.get_template(template).render(root=root_of(path), **ctx).encode("utf-8")

    def static(self) -> None:
        for name in ("site.css", "site.js"):
            self.files[f"static/{name}"] = static_text(name).encode("utf-8")
