"""Rows → table, CSV, JSON or Markdown: the one output format every row-printing command speaks.

table and markdown are for people: figures go through portkg.humanize (19.6亿元, 20 分钟,
−52%, +28 个百分点, 208 艘; booleans as words). csv and json keep the raw values for programs.
"""
from __future__ import annotations

import json
import unicodedata

FORMATS = ("table", "csv", "json", "markdown")


def _width(s: str) -> int:
    """Display width: CJK characters take two terminal columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _cell(v) -> str:
    return "" if v is None else str(v)


def render_rows(headers: list[str], rows: list[list], fmt: str = "table", max_width: int = 60,
                lang: str = "zh") -> str:
    if fmt == "json":
        return json.dumps([dict(zip(headers, r)) for r in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        from .csvsafe import csv_text

        return csv_text(headers, rows, lineterminator="\n")
    if fmt in ("table", "markdown"):
        from .humanize import humanize_rows

        headers, rows = humanize_rows(headers, rows, lang)
    if fmt == "markdown":
        esc = lambda v: _cell(v).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(esc(v) for v in r) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        def clip(s: str) -> str:
            s = s.replace("\n", " ")
            out, w = "", 0
            for c in s:
                cw = _width(c)
                if w + cw > max_width - 1 and len(s) > len(out) + 1:
                    return out + "…"
                out += c
                w += cw
            return out
        cells = [[clip(h) for h in headers]] + [[clip(_cell(v)) for v in r] for r in rows]
        widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
        pad = lambda s, n: s + " " * (n - _width(s))  # noqa: E731
        lines = ["  ".join(pad(c, widths[i]) for i, c in enumerate(row)).rstrip() for row in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
