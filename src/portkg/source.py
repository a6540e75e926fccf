"""Source documents: the checksummed input text, its case sections, and quote location.

Offsets are Python string indices (Unicode code points) into the text exactly as read from
the UTF-8 file, so ``text[start:end] == exact`` always holds for a located quote.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

_UNIT_LINE = re.compile(r"^实施单位\s*[:：]", re.M)
_SECTION_ONE = re.compile(r"^一、", re.M)
_TOC_ENTRY = re.compile(r"^\|\s*(\d{1,2})\.\s*(.+?)\s*\|", re.M)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class CaseSection:
    """One case inside a source: heading, the 实施单位 block and the whole section."""

    number: str  # "01" … from the table of contents, or the order in the body
    heading: str  # exactly as in the body text
    heading_span: Span
    units_span: Span  # the 实施单位 block, up to the first numbered section
    span: Span  # from the heading to the next case's heading (or the end)
    toc_title: str | None = None


@dataclass
class SourceDocument:
    id: str
    path: Path
    meta: dict
    text: str
    cases: dict[str, CaseSection] = field(default_factory=dict)

    def case(self, number: str) -> CaseSection:
        return self.cases[number]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_utf8(path: Path) -> str:
    """Read a UTF-8 text file or raise an InputError saying what would fix it."""
    if not path.exists():
        raise InputError(path, None, None, "file not found", "check the path, or restore the file from git")
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            path, line, None,
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})",
            "save the file as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)",
        ) from None


def find_case_sections(text: str) -> list[CaseSection]:
    """Split a collection into cases: a heading is the last non-empty line before 实施单位.

    Numbers come from the table of contents (``| 6. title | page |``) matched by position,
    because the TOC is in the same order as the body.
    """
    toc = [(m.group(1).zfill(2), m.group(2)) for m in _TOC_ENTRY.finditer(text)]
    found: list[tuple[Span, Span]] = []
    for m in _UNIT_LINE.finditer(text):
        before = text[: m.start()].rstrip()
        line_start = before.rfind("\n") + 1
        heading_span = Span(line_start, len(before))
        one = _SECTION_ONE.search(text, m.end())
        units_end = one.start() if one else len(text)
        found.append((heading_span, Span(m.start(), units_end)))
    sections = []
    for i, (heading_span, units_span) in enumerate(found):
        end = found[i + 1][0].start if i + 1 < len(found) else len(text)
        number, toc_title = toc[i] if i < len(toc) else (f"{i + 1:02d}", None)
        sections.append(
            CaseSection(
                number=number,
                heading=text[heading_span.start : heading_span.end],
                heading_span=heading_span,
                units_span=units_span,
                span=Span(heading_span.start, end),
                toc_title=toc_title,
            )
        )
    return sections


# lines around an article's title that are not the title: captions, bylines, share buttons, dates
_NOISE_LINE = re.compile(
    r"^[(（【\[]?\s*(?:资料图片|图片|图|视频|摄影|图片来源|来源|记者|通讯员|编辑|责任编辑|审核|作者|发布时间|发布日期|"
    r"时间|浏览|阅读|字号|打印|分享|收藏|关闭|原标题|扫一扫|微信|微博|首页|当前位置|正文)"
    r"|^\s*(?:20\d\d|19\d\d)[-/.年]\d{1,2}|^[\W\d_]*$|^.{0,3}$|[：:]\s*$")


def _is_title_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and not _NOISE_LINE.search(s) and len(s) <= 60 and not s.endswith(("。", "；", "！", "？"))


def article_title_span(text: str) -> Span | None:
    """Where a single article's title is: the first line that is not caption/byline noise, joined with the
    next line when a short title was broken across two lines (no blank line between, no sentence end)."""
    pos = 0
    lines = []
    for line in text.splitlines(keepends=True):
        lines.append((pos, line))
        pos += len(line)
    for k, (start, line) in enumerate(lines[:40]):
        if not line.strip():
            continue
        if not _is_title_line(line):
            if len(line.strip()) > 60 or line.strip().endswith("。"):
                return None  # prose before any title: the article has none
            continue
        lead = len(line) - len(line.lstrip())
        end = start + len(line.rstrip())
        if k + 1 < len(lines):
            nstart, nxt = lines[k + 1]
            if (nxt.strip() and _is_title_line(nxt) and len(line.strip()) + len(nxt.strip()) <= 40
                    and len(nxt.strip()) <= 20 and not re.search(r"[，。；：:]", nxt)):
                end = nstart + len(nxt.rstrip())
        return Span(start + lead, end)
    return None


def single_article(text: str) -> list[CaseSection]:
    """A source without 实施单位 blocks (one news article, one notice) is one case, "01", over the whole text."""
    if not text.strip():
        return []
    title = article_title_span(text)
    if title is None:
        first = len(text) - len(text.lstrip())
        title = Span(first, first)
    return [CaseSection(number="01", heading=text[title.start:title.end], heading_span=title,
                        units_span=Span(title.end, title.end), span=Span(title.start if title.end > title.start else 0,
                                                                          len(text)))]


def _squeeze(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The text without whitespace, and for each kept character its offset in ``text``."""
    chars, offsets = [], []
    for i in range(start, end):
        c = text[i]
        if not c.isspace():
            chars.append(c)
            offsets.append(i)
    return "".join(chars), offsets


def squeeze(s: str) -> str:
    return "".join(c for c in s if not c.isspace())


class QuoteNotFound(Exception):
    def __init__(self, message: str, nearest: str | None):
        super().__init__(message)
        self.nearest = nearest


def locate_quote(text: str, within: Span, quote: str, prefix: str | None = None) -> Span:
    """Find ``quote`` exactly once inside ``within``, ignoring whitespace on both sides.

    ``prefix`` (text just before the quote, whitespace ignored) picks one of several
    occurrences. Raises QuoteNotFound with the nearest passage when the quote is missing
    or ambiguous.
    """
    hay, offsets = _squeeze(text, within.start, within.end)
    needle = squeeze(quote)
    if not needle:
        raise QuoteNotFound("the quote is empty", None)
    hits = []
    i = hay.find(needle)
    while i != -1:
        hits.append(i)
        i = hay.find(needle, i + 1)
    if prefix:
        p = squeeze(prefix)
        hits = [h for h in hits if hay[max(0, h - len(p)) : h] == p]
    if len(hits) == 1:
        h = hits[0]
        return Span(offsets[h], offsets[h + len(needle) - 1] + 1)
    if not hits:
        raise QuoteNotFound("the quote is not in this case's section of the source",
                            nearest_passage(hay, needle))
    where = ", ".join(f"…{hay[max(0, h - 8):h]}[{needle[:12]}…]" for h in hits[:3])
    raise QuoteNotFound(
        f"the quote occurs {len(hits)} times in this case's section ({where}); "
        "add `prefix:` with the characters just before the intended one, or lengthen the quote",
        None,
    )


def nearest_passage(hay: str, needle: str) -> str | None:
    """The passage of ``hay`` most like ``needle`` (same length), for error messages."""
    if not hay:
        return None
    n = len(needle)
    best, best_ratio = None, 0.0
    # anchor on each character bigram of the needle to keep this fast on long sections
    anchors = {needle[k : k + 2] for k in range(max(1, n - 1))}
    starts = set()
    for a in anchors:
        j = hay.find(a)
        while j != -1 and len(starts) < 4000:
            starts.add(max(0, j - needle.find(a)))
            j = hay.find(a, j + 1)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for s in sorted(starts):
        cand = hay[s : s + n]
        matcher.set_seq1(cand)
        r = matcher.ratio()
        if r > best_ratio:
            best, best_ratio = cand, r
    return best if best_ratio >= 0.4 else None


def load_source(meta_path: Path, verify_checksum: bool = True) -> SourceDocument:
    """Load a source's metadata record and text; refuse a text whose checksum changed."""
    import yaml

    meta = yaml.safe_load(read_utf8(meta_path)) or {}
    for key in ("id", "file", "title", "year", "language", "sha256"):
        if key not in meta:
            raise InputError(meta_path, None, key, f"missing `{key}`", f"add `{key}:` to the metadata record")
    text_path = meta_path.parent / meta["file"]
    if verify_checksum:
        if not text_path.exists():
            raise InputError(text_path, None, None, "source text not found", "restore it from git")
        actual = sha256_of(text_path)
        if actual != meta["sha256"]:
            raise InputError(
                text_path, None, "sha256",
                f"checksum changed: expected {meta['sha256']}, found {actual}",
                "the source text must never be edited: restore it with `git checkout -- "
                f"{text_path}`; a new edition is a new source document with its own record",
            )
    text = read_utf8(text_path)
    doc = SourceDocument(id=meta["id"], path=text_path, meta=meta, text=text)
    for sec in find_case_sections(text) or single_article(text):
        doc.cases[sec.number] = sec
    return doc
