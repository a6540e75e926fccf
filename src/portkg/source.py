"""Source documents: the checksummed input text, its case sections, and quote location.

Offsets are Python string indices (Unicode code points) into the text exactly as read from
the UTF-8 file, so ``text[start:end] == exact`` always holds for a located quote.
"""
from __future__ import annotations

import difflib
import functools
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


MAX_INPUT_BYTES = 64 * 1024 * 1024  # no hand-written input file is near this


def check_regular_file(path: Path, what: str = "file", fix: str = "check the path, or restore the file from git") -> None:
    """Refuse a missing path, a directory, a FIFO, a device: reading those fails or hangs."""
    import stat

    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(path, None, None, f"{what} not found", fix) from None
    except NotADirectoryError:
        raise InputError(path, None, None, f"{what} not found (a part of the path is a file)", fix) from None
    except OSError as err:
        raise InputError(path, None, None, f"cannot read the {what}: {err.strerror}",
                         "check its permissions") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, None, None, f"this is a directory, not a {what}", "give the path of a file")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
        raise InputError(path, None, None, f"this is {kind}, not a {what}",
                         "give a regular file (for a pipe, use - and standard input where the command allows it)")


def read_bounded(path: Path | None, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file (or standard input for None), refusing more than ``limit`` quickly."""
    import sys

    if path is None:
        data = sys.stdin.buffer.read(limit + 1)
        name = "<stdin>"
    else:
        check_regular_file(path, what)
        size = path.stat().st_size
        if size > limit:
            raise InputError(path, None, None, f"{what} too large ({size / 1e6:.1f} MB; the limit is "
                                               f"{limit / 1e6:.0f} MB)", "split it into smaller files")
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
        name = str(path)
    if len(data) > limit:
        raise InputError(name, None, None, f"{what} too large (more than {limit / 1e6:.0f} MB)",
                         "split it into smaller files")
    return data


def check_text_bytes(data: bytes, name) -> None:
    """Name UTF-16 and UTF-32 text as such (instead of "binary" or "not UTF-8")."""
    boms = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32",
            b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}
    enc = next((e for b, e in boms.items() if data.startswith(b)), None)
    head = data[:4096]
    if enc is None and len(head) >= 4 and head.count(b"\x00") * 3 >= len(head) and (
            head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3):
        enc = "UTF-16"
    if enc:
        raise InputError(name, None, None, f"the text is {enc}, not UTF-8",
                         f"convert it: iconv -f {enc} -t UTF-8 FILE > FILE.utf8.txt")


def decode_utf8(data: bytes, path) -> str:
    check_text_bytes(data, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            path, line, None,
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})",
            "save the file as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)",
        ) from None


def read_utf8(path: Path, what: str = "file", limit: int = MAX_INPUT_BYTES) -> str:
    """Read a UTF-8 text file (a regular file, within ``limit``) or raise an InputError saying what would fix it."""
    return decode_utf8(read_bounded(path, limit, what), path)


def read_text_input(path: Path | None, stdin_marker: str | None, what: str, limit: int) -> str:
    """A UTF-8 text from a file or standard input, not empty."""
    name = "<stdin>" if path is None else path
    text = decode_utf8(read_bounded(path, limit, what), name)
    if not text.strip():
        raise InputError(name, None, None, f"the {what} is empty", f"give a {what} with something in it")
    return text


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
    r"^[(（【\[]?\s*(?:资料图片|图片|图(?:为|(?![\u4e00-\u9fa5]))|视频|摄影|图片来源|来源|记者|通讯员|编辑|责任编辑|审核|作者|发布时间|发布日期|"
    r"时间|浏览|阅读|字号|打印|分享|收藏|关闭|原标题|扫一扫|微信|微博|首页|当前位置|正文)"
    r"|^\s*(?:20\d\d|19\d\d)[-/.年]\d{1,2}|^[\W\d_]*$|^.{0,3}$|[：:]\s*$")


# a notice's issuer line (海南省商务厅 海口海关 海南省交通运输厅) and its document number (琼商务〔2024〕58号)
_ISSUERS = re.compile(r"^(?:\S+?(?:厅|局|海关|委员会|委|办公室|办|部|署|总站|站|政府)\s+)+\S+?(?:厅|局|海关|委员会|委|办公室|办|部|署|"
                      r"总站|站|政府)$|〔(?:19|20)\d\d〕")


def _is_title_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and not _NOISE_LINE.search(s) and not _ISSUERS.search(s) and len(s) <= 60 \
        and not s.endswith(("。", "；", "！", "？"))


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
            if (nxt.strip() and _is_title_line(nxt) and len(line.strip()) + len(nxt.strip()) <= 48
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


_NON_SPACE_RUN = re.compile(r"\S+")  # \s is str.isspace() for str patterns


@functools.lru_cache(maxsize=64)
def _squeeze(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The text without whitespace, and for each kept character its offset in ``text``.

    Cached: every quote of a case is looked up in the same few sections (callers only read
    the result)."""
    chars, offsets = [], []
    for m in _NON_SPACE_RUN.finditer(text, start, end):  # by runs: a 100x build squeezed 9 M characters one by one
        chars.append(m.group())
        offsets.extend(range(m.start(), m.end()))
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
        unfiltered = len(hits)
        hits = [h for h in hits if hay[max(0, h - len(p)) : h] == p]
        if unfiltered and not hits:
            where = ", ".join(f"…{hay[max(0, h - 8):h]}[{needle[:8]}…]" for h in
                              [i for i in range(len(hay)) if hay.startswith(needle, i)][:3])
            raise QuoteNotFound(
                f"the quote is in this case's section ({unfiltered} time(s)), but `prefix:` {prefix!r} is not "
                f"the text just before any of them ({where})", None)
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
    from .authoring import LineDict, load_yaml

    meta = load_yaml(meta_path)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(meta_path, 1, None, "a source record must be a YAML mapping (key: value lines)",
                         "see data/source/*.yaml for an example")
    line = meta.line_of if isinstance(meta, LineDict) else (lambda k: None)
    for key in ("id", "file", "title", "year", "language", "sha256"):
        if key not in meta or meta[key] in (None, ""):
            raise InputError(meta_path, None, key, f"missing `{key}`", f"add `{key}:` to the metadata record")
    for key in ("id", "file", "title", "language", "sha256"):
        if not isinstance(meta[key], str):
            raise InputError(meta_path, line(key), key, f"`{key}` must be text, found {meta[key]!r}",
                             f"write {key}: as a plain string" + (" (the text file's name, e.g. "
                             "shandong-2024.txt)" if key == "file" else ""))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", meta["id"]):
        raise InputError(meta_path, line("id"), "id", f"`id` {meta['id']!r} is not a usable id",
                         "use lowercase letters, digits and -, e.g. sd-2024")
    if isinstance(meta["year"], bool) or not isinstance(meta["year"], int):
        raise InputError(meta_path, line("year"), "year", f"`year` must be a year like 2024, found {meta['year']!r}",
                         "write the year as four digits")
    text_path = meta_path.parent / meta["file"]
    if Path(meta["file"]).name != meta["file"]:
        raise InputError(meta_path, line("file"), "file", f"`file` must name a file beside the record, found "
                         f"{meta['file']!r}", "put the text in data/source/ and give its name only")
    if verify_checksum:
        check_regular_file(text_path, "source text", "restore it from git")
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
