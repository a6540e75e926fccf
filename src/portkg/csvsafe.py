"""CSV that is safe to open in a spreadsheet: no cell is read as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return as a formula (``=HYPERLINK(…)``, ``@SUM(…)``). Every CSV portkg
writes goes through ``safe_cell``: such a cell gets a leading apostrophe (the OWASP advice),
which spreadsheets show as text and hide. Numbers stay numbers: a negative number such as
``-3.5`` is written as it is, since it cannot run anything.
"""
from __future__ import annotations

import csv
import io
import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value) -> str:
    """The text of one CSV cell, neutralised if a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return str(value)
    s = str(value)
    if s.startswith(_TRIGGERS) and not _NUMBER.match(s):
        return "'" + s
    return s


def csv_text(headers, rows, lineterminator: str = "\r\n") -> str:
    """Headers and rows as CSV text with every cell passed through ``safe_cell``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=lineterminator)
    w.writerow([safe_cell(h) for h in headers])
    for r in rows:
        w.writerow([safe_cell(c) for c in r])
    return buf.getvalue()


def csv_bytes(headers, rows, lineterminator: str = "\r\n", bom: bool = True) -> bytes:
    """UTF-8 CSV (with a BOM, so Excel reads the Chinese text) of safe cells."""
    return (("\ufeff" if bom else "") + csv_text(headers, rows, lineterminator)).encode("utf-8")
