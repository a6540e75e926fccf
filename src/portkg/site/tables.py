"""Tables people can work with: sorted and filtered in the page (DataTables), facets with counts,
state in the URL, and every table also a CSV and a JSON file (the page offers the filtered view too).

A table is columns (headers in words, zh and en) and rows of cells. A cell is plain text, a
bilingual text ``{"zh", "en"}``, a link ``{"href", "zh", "en"}`` (or a list of links), a number
``{"text", "text_en", "order", "raw"}`` or a quote ``{"text", "href"}``. Files keep raw values
(numbers as numbers); pages show them for people.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from ..csvsafe import safe_cell as csv_safe  # the shared guard against spreadsheet formulas (issue 12)


def quoted(text: str) -> str:
    """A quote in quotation marks, but one wholly quoted already (“抵港直装、船边直提”) gets no second pair;
    tables and the reference macro (a Jinja filter) write quotes through it."""
    return text if text.startswith("“") and text.endswith("”") else f"“{text}”"


@dataclass
class Column:
    key: str
    zh: str
    en: str
    kind: str = "text"  # text | link | links | num (right-aligned figure) | figure (a phrase, sorted by its size) | quote
    facet: bool = False


@dataclass
class Table:
    name: str  # file name and element id: words, not variable names, are what readers see
    title_zh: str
    title_en: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)  # the site queries its rows come from
    order: list | None = None  # initial sort [[column index, "asc"|"desc"]]
    cards: bool = False  # on a phone, show each row as a card

    def header(self, c: Column) -> str:
        return c.zh if c.zh == c.en else f"{c.zh} {c.en}"

    # -- raw values for files ----------------------------------------------------------------
    @staticmethod
    def raw(cell, lang: str = "zh"):
        if cell is None:
            return None
        if isinstance(cell, list):
            return "; ".join(str(Table.raw(x, lang)) for x in cell)
        if isinstance(cell, dict):
            if "raw" in cell:
                return cell["raw"]
            if lang in cell:
                return cell[lang]
            return cell.get("text")
        return cell

    def raw_rows(self) -> list[list]:
        return [[self.raw(r.get(c.key)) for c in self.columns] for r in self.rows]

    def csv_bytes(self) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow([self.header(c) for c in self.columns])
        for row in self.raw_rows():
            w.writerow([csv_safe("" if v is None else v) for v in row])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly

    def json_bytes(self) -> bytes:
        keys = [c.en for c in self.columns]
        items = [dict(zip(keys, row)) for row in self.raw_rows()]
        return (json.dumps({"title": {"zh": self.title_zh, "en": self.title_en},
                            "columns": [{"zh": c.zh, "en": c.en} for c in self.columns], "rows": items},
                           ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    # -- what the page needs ------------------------------------------------------------------
    def html(self, root: str) -> str:
        return table_html(root, self)

    def facet_values(self, row: dict, c: Column) -> list[str]:
        cell = row.get(c.key)
        cells = cell if isinstance(cell, list) else [cell]
        out = []
        for x in cells:
            if x is None or x == "":
                continue
            if isinstance(x, dict):
                out.append(f"{x.get('zh', x.get('text', ''))}\u241f{x.get('en', x.get('zh', x.get('text', '')))}")
            else:
                out.append(f"{x}\u241f{x}")
        return out

    def script_data(self) -> str:
        """Per row: raw values (for the filtered downloads) and facet values; safe inside <script>."""
        facets = [c for c in self.columns if c.facet]
        data = {"headers": [self.header(c) for c in self.columns], "keys": [c.en for c in self.columns],
                "facets": [self.columns.index(c) for c in facets],
                "rows": self.raw_rows(),
                "rowFacets": [[self.facet_values(r, c) for c in facets] for r in self.rows],
                "order": self.order or []}
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def write_table(site, table: Table) -> Table:
    """Put the table's files into the site (CSV, JSON and the queries behind it)."""
    site.pages.files[f"tables/{table.name}.csv"] = table.csv_bytes()
    site.pages.files[f"tables/{table.name}.json"] = table.json_bytes()
    return table


# -- HTML (written in Python, not template macros: hundreds of pages, tens of thousands of cells) ------

def bi(zh, en) -> str:
    """Bilingual text as the page shows it (CSS picks the reader's language)."""
    zh = "" if zh is None else str(zh)
    en = zh if en in (None, "") else str(en)
    if en == zh:
        return _esc(zh)
    return f'<span class="zh">{_esc(zh)}</span><span class="en">{_esc(en)}</span>'


def _esc(s) -> str:
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#39;"))


def _a(root: str, href: str, inner: str, title: str | None = None) -> str:
    t = f' title="{_esc(title)}"' if title else ""
    return f'<a href="{_esc(root + href)}"{t}>{inner}</a>'


SEP = '<span class="sep"><span class="zh">、</span><span class="en">, </span></span>'  # lists: 东营、临沂 / Dongying, Linyi


def cell_html(root: str, v, c: Column) -> str:
    label = f' data-label-zh="{_esc(c.zh)}" data-label-en="{_esc(c.en)}"'
    if v is None or v == "" or v == []:
        return (f'<td class="{c.kind}" data-order="-1e308"{label}></td>' if c.kind in ("num", "figure")
                else f"<td{label}></td>")
    if isinstance(v, (str, int, float)):
        return f"<td{label}>{_esc(v)}</td>"
    if isinstance(v, list):
        parts = [(_a(root, x["href"], bi(x.get("zh"), x.get("en")), x.get("title")) if x.get("href")
                  else bi(x.get("zh"), x.get("en"))) for x in v]
        return f'<td{label}>{SEP.join(parts)}</td>'
    if c.kind in ("num", "figure"):
        inner = bi(v.get("text"), v.get("text_en"))
        if v.get("href"):
            inner = _a(root, v["href"], inner)
        return f'<td class="{c.kind}" data-order="{_esc(v.get("order", ""))}"{label}>{inner}</td>'
    if c.kind == "quote":
        return f'<td class="quote"{label}>{_a(root, v["href"], _esc(quoted(v["text"])))}</td>'
    order = f' data-order="{_esc(v["order"])}"' if "order" in v else ""
    if v.get("href"):
        note = f'<span class="cell-note">{_esc(v["title"])}</span>' if v.get("title") else ""
        return f'<td{label}{order}>{_a(root, v["href"], bi(v.get("zh"), v.get("en")), v.get("title"))}{note}</td>'
    return f"<td{label}{order}>{bi(v.get('zh'), v.get('en'))}</td>"


_ROWS: dict = {}  # row HTML by (columns, row key, root): the same outcome rows appear on many measure pages


def row_html(root: str, tb: Table, r: dict) -> str:
    key = r.get("_key")
    if key is not None:
        k = (tuple((c.key, c.kind) for c in tb.columns), key, root)
        hit = _ROWS.get(k)
        if hit is None:
            hit = _ROWS[k] = "<tr>" + "".join(cell_html(root, r.get(c.key), c) for c in tb.columns) + "</tr>"
        return hit
    return "<tr>" + "".join(cell_html(root, r.get(c.key), c) for c in tb.columns) + "</tr>"


def table_html(root: str, tb: Table) -> str:
    head = "".join(f'<th{" class=num" if c.kind == "num" else ""}>{bi(c.zh, c.en)}</th>' for c in tb.columns)
    body = "\n".join(row_html(root, tb, r) for r in tb.rows)
    return f'<table class="data" id="{_esc(tb.name)}"><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'
