"""Text and script: the form the rules read, with offsets that stay on the original text.

The rules match on a simplified-script, half-width form of the input (武漢海關 → 武汉海关,
１２％ → 12%). That form is built to have exactly the original's length, character for
character, so an offset found in it is the offset in the original text and every quote is cut
from the original (traditional) text. OpenCC converts whole lines (its phrase tables give the
best conversion); a line whose conversion changes its length (rare: some phrase mappings are
not one-to-one) is converted character by character instead, keeping any character whose own
conversion is not a single character.
"""
from __future__ import annotations

import re

_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．＋－"}
# corner brackets (traditional-script and Hong Kong/Macau usage) read as the curly quotes they stand for
_FULLWIDTH.update({ord("「"): "“", ord("」"): "”", ord("『"): "“", ord("』"): "”"})
_converter = None


def _opencc():
    global _converter
    if _converter is None:
        import opencc  # bundled dictionaries, no network

        _converter = opencc.OpenCC("t2s")
    return _converter


_ASCII_QUOTED = re.compile(r'"([^"\n]{1,30})"')


def _curly_quotes(t: str) -> str:
    """‘先入区、后报关’ and "集装箱智能查验" (web prose) read as the curly quotes “…” they stand for, when the
    quoted text holds Chinese; same length, so offsets stay."""
    t = t.replace("‘", "“").replace("’", "”") if "‘" in t else t
    if '"' in t:
        t = _ASCII_QUOTED.sub(lambda m: "“" + m.group(1) + "”" if re.search("[\u4e00-\u9fff]", m.group(1))
                              else m.group(0), t)
    return t


# regional wordings of a unit, same length: 工作天 (Hong Kong, Macau) is 工作日; TEU after a figure is 标箱
_TEU = re.compile(r"(?<=[\d万萬亿億])\s?TEU")


def _unit_words(t: str) -> str:
    if "工作天" in t:
        t = t.replace("工作天", "工作日")
    if "TEU" in t:
        t = _TEU.sub(lambda m: "标箱".ljust(len(m.group(0))), t)
    return t


def simplified(text: str) -> str:
    """Simplified-script, half-width form of `text`, with len(result) == len(text) and aligned offsets."""
    t = _unit_words(_curly_quotes(text.translate(_FULLWIDTH)))
    if t.isascii():
        return t
    cc = _opencc()
    whole = cc.convert(t)
    if whole == t:
        return t
    out = []
    for line in t.splitlines(keepends=True):
        conv = cc.convert(line)
        if len(conv) != len(line):
            chars = []
            for c in line:
                x = cc.convert(c)
                chars.append(x if len(x) == 1 else c)
            conv = "".join(chars)
        out.append(conv)
    result = "".join(out)
    assert len(result) == len(text)
    return result


_RX: dict[str, re.Pattern] = {}


def rx(pattern: str) -> re.Pattern:
    """re.compile with a plain dict as cache: the rules call literal patterns hundreds of thousands of times
    on a long input, and re's own cache lookup showed in the profile."""
    p = _RX.get(pattern)
    if p is None:
        p = _RX[pattern] = re.compile(pattern)
    return p


def has_traditional(text: str, norm: str) -> bool:
    return text.translate(_FULLWIDTH) != norm


_STRIP = set(" \t\r\n\u3000“”\"'「」『』《》")


_STRIP_RE = re.compile("[" + re.escape("".join(sorted(_STRIP))) + "]")


def core(s: str) -> str:
    """A wording without spaces and quotation marks (单一 窗口, “单一窗口” → 单一窗口)."""
    return _STRIP_RE.sub("", s)


class CoreOffsets:
    """offsets[k]: where the k-th character of the core form sits in the text (bisect over the few removed
    characters, instead of a list with one entry per character)."""

    def __init__(self, a: int, removed: list[int]):
        import bisect

        self.a = a
        self._bisect = bisect.bisect_right
        # the core index at which each removed character would have stood
        self.shift = [p - j for j, p in enumerate(removed)]

    def __getitem__(self, k: int) -> int:
        return self.a + k + self._bisect(self.shift, k)


def core_with_offsets(text: str, a: int, b: int) -> tuple[str, CoreOffsets]:
    seg = text[a:b]
    removed = [m.start() for m in _STRIP_RE.finditer(seg)]
    return _STRIP_RE.sub("", seg), CoreOffsets(a, removed)


CLAUSE_STOP = "，。；！？\n：:,;"
MAX_CLAUSE = 120  # a "clause" longer than this (text without punctuation) is cut: keeps the work linear


_STOPS: dict[str, list[int]] = {}
_STOPS_OF: list = [None]


def _last_stop(text: str, stops: str, floor: int, s: int) -> int:
    """Just after the last of `stops` in text[floor:s] (floor when there is none): a bisect over the stop
    positions of the text, found once per text (the extractor asks this tens of thousands of times)."""
    import bisect

    if _STOPS_OF[0] is not text:
        _STOPS.clear()
        _STOPS_OF[0] = text
    pos = _STOPS.get(stops)
    if pos is None:
        pos = _STOPS[stops] = [m.start() for m in re.finditer("[" + re.escape(stops) + "]", text)]
    k = bisect.bisect_left(pos, s) - 1
    return pos[k] + 1 if k >= 0 and pos[k] >= floor else floor


def clause(text: str, s: int, e: int, a: int, b: int) -> tuple[int, int]:
    """The clause around a figure: back to the previous ，；。 and forward to the unit's end."""
    floor = max(a, s - MAX_CLAUSE)
    left = max(floor, _last_stop(text, CLAUSE_STOP, floor, s))
    right = e
    while right < b and text[right] in "以上内之左右":
        right += 1
    while left < right and text[left].isspace():
        left += 1
    return left, right


def sentence_start(text: str, s: int, a: int) -> int:
    """Start of the sentence holding position s (after the previous 。；！？ or line break)."""
    floor = max(a, s - 4 * MAX_CLAUSE)
    return max(floor, _last_stop(text, "。；！？\n;", floor, s))


_TO_SENTENCE_END = re.compile(r"[^。；！？\n]*")


def sentence_end(text: str, e: int, b: int) -> int:
    """End of the sentence holding position e (before the next 。；！？ or line break, at most b)."""
    return _TO_SENTENCE_END.match(text, e, b).end()


def effect_spans(text: str, lo: int, hi: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(the parts of a case that report what it did, its 一、背景情况 section)."""
    parts = role_spans(text, lo, hi)
    return [(a, b) for a, b, kind in parts if kind != "background"], [(a, b) for a, b, kind in parts
                                                                      if kind == "background"]


# 一、背景情况; also （一）背景情况 / (二) 主要做法 where the sub-heading names a section of a case (other
# provinces' collections number their sections so; a （一） sub-heading about anything else does not cut)
SECTION = re.compile(r"^(?:[一二三四五六]、[^\n]{0,16}|[ \t]*[（(][一二三四五六][)）][ \t]*"
                     r"(?:背景情况|基本情况|背景|主要做法|具体做法|创新做法|做法|主要举措|改革举措|创新举措|举措|实践成效|"
                     r"实践效果|取得成效|主要成效|成效|改革成效|经验启示|下一步[^\n]{0,6}))[ \t]*$", re.M)


def _section_kind(heading: str) -> str:
    if "背景" in heading or "基本情况" in heading:
        return "background"
    return "results" if re.search(r"成效|效果|成果", heading) else "body"


def role_spans(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The case cut at its numbered section headings: (start, end, kind), kind "background" (背景情况),
    "results" (实践成效, 实践效果: what the text itself presents as the results) or "body" (the rest,
    and the whole text when it has no such headings)."""
    marks = [(m.start(), m.end(), _section_kind(m.group(0))) for m in SECTION.finditer(text, lo, hi)]
    if not any(k != "body" for _, _, k in marks):
        return [(lo, hi, "body")]
    out = [(lo, marks[0][0], "body")] if marks[0][0] > lo else []
    for n, (s, e, kind) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else hi
        out.append((s if kind == "body" else e, end, kind))
    return out


class Spans:
    """Sorted, non-overlapping-enough intervals with a fast 'does i fall inside one' test."""

    def __init__(self, spans=()):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def add(self, s: int, e: int) -> None:
        import bisect

        k = bisect.bisect(self.starts, s)
        self.starts.insert(k, s)
        self.spans.insert(k, (s, e))

    def inside(self, i: int) -> bool:
        import bisect

        k = bisect.bisect(self.starts, i)
        # spans are short: look at the few that start at or before i
        for j in range(k - 1, max(-1, k - 9), -1):
            s, e = self.spans[j]
            if s <= i < e:
                return True
        return False

    def overlaps(self, s: int, e: int) -> bool:
        import bisect

        k = bisect.bisect_left(self.starts, e)
        for j in range(k - 1, max(-1, k - 9), -1):
            x, y = self.spans[j]
            if x < e and s < y:
                return True
        return False


def paren_spans(text: str, a: int, b: int) -> Spans:
    """Parenthesised asides in text[a:b] (definitions, examples), closed or still open at b."""
    return Spans((a + m.start(), a + m.end()) for m in re.finditer(r"[（(][^（()）\n]{0,60}(?:[)）]|$)", text[a:b]))
