"""Which outcomes a source states together with a measure: the rule, on plain inputs.

An outcome belongs to its case (pk:reportsOutcome), and a case applies many measures at once. An
outcome counts as *stated with* a measure only when the source text puts them together, by one of
four levels, nearest first:

1. SAME_SENTENCE: the outcome's quote and one of the measure's application quotes in that case
   have no sentence end (。！？；) between them;
2. SAME_POINT: no point begins between them (point_starts: the same 一是/二是 or (一)/(二) point,
   or, outside numbered points, the same paragraph);
3. NAMED_IN_SENTENCE: the outcome's own sentence names the measure in the case's wording
   (共有46船次进口粮食采用“船边直提”方式通关);
4. NAMED_IN_TITLE: the case's title names the measure in the case's wording (a case titled
   推行进口粮食“船边直提” reports its results as the results of that measure).

``case_ties`` applies the rule to one case: the source text, the case's span and title, its
applied applications (measure, start, end, wording) and its outcomes (id, start, end). The site
(measure and city pages) and the build (pk:statedWith, pk:statedWithNearness) both call it, so the
CLI, SPARQL and the site give the same evidence. The plain functions (``point_starts``,
``nearness``, ``sentence_of``, ``names``) state the rule; ``CaseText`` answers the same questions
for one case from offsets found once (bisect on its sentence ends, delimiters and point starts),
so a case costs one pass over its text plus a few binary searches per (application, outcome) pair.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple, Sequence

SAME_SENTENCE, SAME_POINT, NAMED_IN_SENTENCE, NAMED_IN_TITLE = 0, 1, 2, 3
NEARNESS = {SAME_SENTENCE: ("与措施同一句", "same sentence as the measure"),
            SAME_POINT: ("与措施同一要点", "same point as the measure"),
            NAMED_IN_SENTENCE: ("成效句中提到该措施", "its sentence names the measure"),
            NAMED_IN_TITLE: ("案例标题即该措施", "the case is titled by the measure")}
#: the level's concept in the graph (ontology/portkg.ttl, scheme pk:NearnessScheme)
NEARNESS_IRI = {SAME_SENTENCE: "same-sentence", SAME_POINT: "same-point", NAMED_IN_SENTENCE: "named-in-sentence",
                NAMED_IN_TITLE: "named-in-title"}

_SECTION = re.compile(r"[一二三四五六七八九十]+、")  # a section heading at a line start: 二、主要做法
_NUMBERED = re.compile(r"[（(]\s*(?:[一二三四五六七八九十]+|\d+)\s*[)）]|\d+[.、．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]")
# inline points: 一是…；二是…, （1）…, ① … (only after punctuation or a line start: 唯一是 is no point)
_INLINE = re.compile(r"(?:(?<=[。；;：:，,！？\s])|^)(?:[一二三四五六七八九十]+是|[（(]\d+[)）]|[①②③④⑤⑥⑦⑧⑨⑩])",
                     re.M)
_SENTENCE_END = re.compile(r"[。！？；;!?]")
_DELIMITERS = "。！？；;!?\n"  # what bounds the sentence sentence_of returns
_DELIMITER = re.compile("[" + re.escape(_DELIMITERS) + "]")
_NOT_WORDS = re.compile(r"[\s“”\"'‘’「」『』《》]")


class Application(NamedTuple):
    """An applied measure application of a case: the measure, its quote's offsets, the case's wording."""

    measure: str
    start: int
    end: int
    wording: str


class Quoted(NamedTuple):
    """An outcome of a case: its id and its quote's offsets."""

    id: str
    start: int
    end: int


# ---------------------------------------------------------------- the rule, plainly

def point_starts(text: str, start: int, end: int) -> list[int]:
    """Where each point of the case text ``text[start:end]`` begins (sorted offsets into ``text``).

    A point begins at a section heading (二、主要做法), at a numbered heading that opens a line
    ((一) / （一） / 1. / ①) and at an inline enumerator (一是 / 二是 / （1） / ①). A numbered point
    runs across line breaks until the next point (the sources are PDF text, whose line breaks fall
    inside paragraphs); prose outside any numbered point (a background section, an unnumbered
    results section) is cut at every line break, so there the unit is the paragraph.
    """
    starts, in_point, pos = [start], False, start
    for line in text[start:end].split("\n"):
        body = line.lstrip()
        at = pos + len(line) - len(body)
        if _SECTION.match(body):
            starts.append(at)
            in_point = False
        elif _NUMBERED.match(body) or _INLINE.match(body):
            starts.append(at)
            in_point = True
        elif not in_point and body:
            starts.append(at)
        for m in _INLINE.finditer(line):
            if m.start() > len(line) - len(body):
                starts.append(pos + m.start())
        pos += len(line) + 1
    return sorted(set(starts))


def nearness(text: str, starts: list[int], a, b) -> int | None:
    """How close two passages (``.start``, ``.end``) of one case sit: SAME_SENTENCE (nothing ending
    a sentence between them), SAME_POINT (no point begins between them, see point_starts) or None."""
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    if any(lo < s <= hi for s in starts):
        return None
    if hi <= lo or not _SENTENCE_END.search(text[lo:hi]):
        return SAME_SENTENCE
    return SAME_POINT


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]`` (to the nearest 。！？； on each side, within its line)."""
    lo = max(text.rfind(ch, 0, start) for ch in _DELIMITERS) + 1
    ends = [i for i in (text.find(ch, end) for ch in _DELIMITERS) if i >= 0]
    return text[lo:min(ends) if ends else len(text)]


def words(s: str) -> str:
    """``s`` without spaces and quotation marks (how a wording is compared)."""
    return _NOT_WORDS.sub("", s)


def names(wording: str, text: str) -> bool:
    """Whether ``text`` names a measure by the case's own wording (quotes and spaces aside; 4+ characters)."""
    w = words(wording)
    return len(w) >= 4 and w in words(text)


# ---------------------------------------------------------------- one case, from offsets found once

class CaseText:
    """The case ``text[start:end]`` with its point starts, sentence ends and sentence delimiters
    found once: ``nearness`` and ``sentence_of`` answer as the plain functions do, by bisection."""

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        self.points = point_starts(text, start, end)
        self.stops = [m.start() for m in _SENTENCE_END.finditer(text, start, end)]
        self.delims = [m.start() for m in _DELIMITER.finditer(text, start, end)]
        self._before: int | None = None  # the last delimiter before the case (-1: none)
        self._after: int | None = None   # the first delimiter from the case's end on (len(text): none)

    def nearness(self, a_start: int, a_end: int, b_start: int, b_end: int) -> int | None:
        lo, hi = min(a_end, b_end), max(a_start, b_start)
        if lo < self.start or hi > self.end:  # outside the case: ask the plain rule
            return nearness(self.text, self.points, _Span(a_start, a_end), _Span(b_start, b_end))
        i = bisect_right(self.points, lo)
        if i < len(self.points) and self.points[i] <= hi:
            return None
        if hi <= lo:
            return SAME_SENTENCE
        j = bisect_left(self.stops, lo)
        return SAME_POINT if j < len(self.stops) and self.stops[j] < hi else SAME_SENTENCE

    def sentence_of(self, start: int, end: int) -> str:
        if start < self.start or end > self.end:
            return sentence_of(self.text, start, end)
        k = bisect_left(self.delims, start)
        if k:
            lo = self.delims[k - 1] + 1
        else:
            if self._before is None:
                self._before = max(self.text.rfind(ch, 0, self.start) for ch in _DELIMITERS)
            lo = self._before + 1
        k = bisect_left(self.delims, end)
        if k < len(self.delims):
            hi = self.delims[k]
        else:
            if self._after is None:
                m = _DELIMITER.search(self.text, self.end)
                self._after = m.start() if m else len(self.text)
            hi = self._after
        return self.text[lo:hi]


class _Span(NamedTuple):
    start: int
    end: int


def case_ties(text: str, start: int, end: int, title: str, applications: Sequence[Application],
              outcomes: Sequence[Quoted]) -> dict[str, dict[str, tuple[int, int]]]:
    """outcome id → measure → (level, index of the application in ``applications``) for one case,
    each outcome tied to the nearest measures only:

    - an outcome whose sentence holds applications is tied to those measures alone (SAME_SENTENCE);
    - else, within its point, to the measures with no other measure's quote between them and it
      (SAME_POINT);
    - only an outcome tied to no measure so far is tied by name (its sentence, then the title).

    So all the ties of one outcome have the same level. Of several applications of one measure the
    first in ``applications`` is given. ``applications``: the case's applied applications only."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    if not text or not outcomes or not applications:
        return out
    ct = CaseText(text, start, end)
    apps = list(applications)
    order = sorted(range(len(apps)), key=lambda i: apps[i].start)  # for the "between" test, by start
    app_starts = [apps[i].start for i in order]
    wordings: list[str] | None = None
    title_words: str | None = None

    def between(s: Application, o: Quoted) -> bool:
        """Whether another measure's quote lies between application ``s`` and outcome ``o``."""
        lo, hi = min(s.end, o.end), max(s.start, o.start)
        for k in range(bisect_left(app_starts, lo), bisect_right(app_starts, hi)):
            x = apps[order[k]]
            if x.measure != s.measure and x.end <= hi:
                return True
        return False

    inside = all(start <= x.start and x.end <= end for x in (*apps, *outcomes))
    if inside:
        # each end of each quote placed once among the point starts (P) and sentence ends (S): a pair is
        # then a few comparisons (P(hi) - P(lo) points begin in (lo, hi], S(hi) - S(lo) sentences end in [lo, hi))
        points, stops = ct.points, ct.stops
        placed = [(s.start, s.end, bisect_right(points, s.start), bisect_right(points, s.end),
                   bisect_left(stops, s.start), bisect_left(stops, s.end)) for s in apps]
    for o in outcomes:
        if inside:
            os_, oe = o.start, o.end
            ops, ope, oss, ose = (bisect_right(points, os_), bisect_right(points, oe), bisect_left(stops, os_),
                                  bisect_left(stops, oe))
            levels = []
            for as_, ae, aps, ape, ass, ase in placed:
                lo, plo, slo = (ae, ape, ase) if ae <= oe else (oe, ope, ose)
                hi, phi, shi = (as_, aps, ass) if as_ >= os_ else (os_, ops, oss)
                if hi <= lo:
                    levels.append(SAME_SENTENCE)
                elif phi != plo:
                    levels.append(None)
                else:
                    levels.append(SAME_POINT if shi != slo else SAME_SENTENCE)
        else:
            levels = [ct.nearness(s.start, s.end, o.start, o.end) for s in apps]
        ties: dict[str, tuple[int, int]] = {}
        if SAME_SENTENCE in levels:
            for i, n in enumerate(levels):
                if n == SAME_SENTENCE:
                    ties.setdefault(apps[i].measure, (SAME_SENTENCE, i))
        else:
            for i, n in enumerate(levels):
                if n == SAME_POINT and not between(apps[i], o):
                    ties.setdefault(apps[i].measure, (SAME_POINT, i))
        if not ties:
            if wordings is None:
                wordings = [words(s.wording) for s in apps]
            said = words(ct.sentence_of(o.start, o.end))
            for i, w in enumerate(wordings):
                if len(w) >= 4 and w in said:
                    ties.setdefault(apps[i].measure, (NAMED_IN_SENTENCE, i))
        if not ties:
            if wordings is None:
                wordings = [words(s.wording) for s in apps]
            if title_words is None:
                title_words = words(title)
            for i, w in enumerate(wordings):
                if len(w) >= 4 and w in title_words:
                    ties.setdefault(apps[i].measure, (NAMED_IN_TITLE, i))
        if ties:
            out[o.id] = ties
    return out
