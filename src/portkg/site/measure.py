"""Measure pages (every concept of the thesaurus) and measure-category pages."""
from __future__ import annotations

import re

from .case import outcome_cells
from .data import ROLE_EFFECT, related
from .tables import Column, Table

MAPPINGS = {"exactMatch": ("完全对应", "exact match"), "closeMatch": ("近似对应", "close match"),
            "broadMatch": ("属于更宽的条款", "broader provision"), "narrowMatch": ("更窄的条款", "narrower provision"),
            "relatedMatch": ("相关", "related")}


# -- which outcomes are about a measure -------------------------------------------------------------
#
# An outcome belongs to its case (pk:reportsOutcome), and a case applies many measures at once. The
# site shows an outcome as a measure's own evidence only when the source states them together:
# the outcome's quote and one of the measure's application quotes (same case) lie in the same
# *point* of the text. Everything else the case reports is shown apart, as the case's other outcomes.

SAME_SENTENCE, SAME_POINT, NAMED_IN_SENTENCE, NAMED_IN_TITLE = 0, 1, 2, 3
NEARNESS = {SAME_SENTENCE: ("与措施同一句", "same sentence as the measure"),
            SAME_POINT: ("与措施同一要点", "same point as the measure"),
            NAMED_IN_SENTENCE: ("成效句中提到该措施", "its sentence names the measure"),
            NAMED_IN_TITLE: ("案例标题即该措施", "the case is titled by the measure")}

_SECTION = re.compile(r"[一二三四五六七八九十]+、")  # a section heading at a line start: 二、主要做法
_NUMBERED = re.compile(r"[（(]\s*(?:[一二三四五六七八九十]+|\d+)\s*[)）]|\d+[.、．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]")
# inline points: 一是…；二是…, （1）…, ① … (only after punctuation or a line start: 唯一是 is no point)
_INLINE = re.compile(r"(?:(?<=[。；;：:，,！？\s])|^)(?:[一二三四五六七八九十]+是|[（(]\d+[)）]|[①②③④⑤⑥⑦⑧⑨⑩])",
                     re.M)
_SENTENCE_END = re.compile(r"[。！？；;!?]")
_NOT_WORDS = re.compile(r"[\s“”\"'‘’「」『』《》]")


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
    """How close two passages of one case sit: SAME_SENTENCE (nothing ending a sentence between
    them), SAME_POINT (no point begins between them, see point_starts) or None (further apart)."""
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    if any(lo < s <= hi for s in starts):
        return None
    if hi <= lo or not _SENTENCE_END.search(text[lo:hi]):
        return SAME_SENTENCE
    return SAME_POINT


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]`` (to the nearest 。！？； on each side, within its line)."""
    lo = max(text.rfind(ch, 0, start) for ch in "。！？；;!?\n") + 1
    ends = [i for i in (text.find(ch, end) for ch in "。！？；;!?\n") if i >= 0]
    return text[lo:min(ends) if ends else len(text)]


def _words(s: str) -> str:
    return _NOT_WORDS.sub("", s)


def names(wording: str, text: str) -> bool:
    """Whether ``text`` names a measure by the case's own wording (quotes and spaces aside; 4+ characters)."""
    w = _words(wording)
    return len(w) >= 4 and w in _words(text)


def measure_evidence(site, m: str) -> tuple[list[tuple[int, object, object]], list[object]]:
    """The outcomes of the cases applying ``m``, split in two.

    First (nearness, application, outcome) for each outcome the source states with the measure,
    in this order of strength:

    1. SAME_SENTENCE: the outcome's quote and one of the measure's application quotes in that case
       have no sentence end (。！？；) between them;
    2. SAME_POINT: no point begins between them (point_starts: the same 一是/二是 or (一)/(二)
       point, or, outside numbered points, the same paragraph);
    3. NAMED_IN_SENTENCE: the outcome's own sentence names the measure in the case's wording
       (共有46船次进口粮食采用“船边直提”方式通关);
    4. NAMED_IN_TITLE: the case's title names the measure in the case's wording (a case titled
       推行进口粮食“船边直提” reports its results as the results of that measure).

    Only effects (role effect; a projected one stays, its figure says 预计) count as evidence. Within
    a level, by source and position. Second, the cases' other outcomes (and the context, input and
    status figures stated with it): true of the case, not shown by the text to come from this measure."""
    key = ("evidence", m)
    if key in site.cache:
        return site.cache[key]
    d = site.data
    near, other = [], []
    for case in d.measure_cases.get(m, []):
        c = d.cases[case]
        ties = case_evidence(site, c)
        for o in c.outcomes:
            hit = ties.get(o.iri, {}).get(m)
            if hit is None or (d.has_role and o.role != ROLE_EFFECT):  # context, input, status: not evidence
                other.append(o)
            else:
                near.append((hit[0], hit[1], o))
    near.sort(key=lambda t: (t[0], d.source_order(d.cases[t[2].case].source), t[2].passage.start))
    site.cache[key] = (near, other)
    return near, other


def case_evidence(site, c) -> dict[str, dict[str, tuple[int, object]]]:
    """outcome IRI → measure → (nearness, application) for one case, by the levels of
    measure_evidence, each outcome tied to the nearest measures only:

    - an outcome whose sentence holds applications is tied to those measures alone;
    - else, within its point, to the measures with no other measure's quote between them and it;
    - only an outcome tied to no measure so far is tied by name (its sentence, then the title).
    """
    key = ("case-evidence", c.iri)
    if key in site.cache:
        return site.cache[key]
    d = site.data
    out: dict[str, dict[str, tuple[int, object]]] = {}
    text = getattr(site, "texts", {}).get(c.source)
    if not text:  # without the source text nothing can be placed: every outcome stays the case's
        site.cache[key] = out
        return out
    apps = [s for s in c.of("measure") if d.applied(s)]
    starts = _case_points(site, c)
    for o in c.outcomes:
        levels = [(nearness(text, starts, s.passage, o.passage), s) for s in apps]
        ties: dict[str, tuple[int, object]] = {}
        same = [s for n, s in levels if n == SAME_SENTENCE]
        if same:
            for s in same:
                ties.setdefault(s.target, (SAME_SENTENCE, s))
        else:
            for n, s in levels:
                if n == SAME_POINT and not _between(apps, s, o.passage):
                    ties.setdefault(s.target, (SAME_POINT, s))
        if not ties:
            said = sentence_of(text, o.passage.start, o.passage.end)
            for s in apps:
                if names(s.local, said):
                    ties.setdefault(s.target, (NAMED_IN_SENTENCE, s))
        if not ties:
            for s in apps:
                if names(s.local, c.title):
                    ties.setdefault(s.target, (NAMED_IN_TITLE, s))
        if ties:
            out[o.iri] = ties
    site.cache[key] = out
    return out


def _between(apps, s, p) -> bool:
    """Whether another measure's quote lies between application ``s`` and passage ``p``."""
    lo, hi = min(s.passage.end, p.end), max(s.passage.start, p.start)
    return any(x.target != s.target and lo <= x.passage.start and x.passage.end <= hi for x in apps)


def _case_points(site, c) -> list[int]:
    key = ("points", c.iri)
    if key not in site.cache:
        site.cache[key] = point_starts(site.texts[c.source], c.start, c.end)
    return site.cache[key]


def count_cell(n: int, zh: str, en: tuple[str, str]) -> dict:
    return {"text": f"{n} {zh}", "text_en": f"{n} {en[0] if n == 1 else en[1]}", "order": n, "raw": n}


def render(site) -> None:
    d = site.data
    for m in d.of_type("Measure"):
        render_measure(site, m)
    for cat in d.of_type("MeasureCategory"):
        render_category(site, cat)


def wordings(d, m: str) -> list[str]:
    """Every way the measure is named: labels, the thesaurus' other wordings, the cases' own words."""
    seen, out = set(), []
    for w in [d.labels[m].get("zh", ""), d.labels[m].get("en", ""), *d.alt.get(m, []),
              *sorted({s.local for s in d.applications.get(m, [])})]:
        key = "".join(w.split())
        if w and key not in seen:
            seen.add(key)
            out.append(w)
    return out


def render_measure(site, m: str) -> None:
    d = site.data
    slug = m.rsplit("/", 1)[-1]
    rows = []
    cats = d.out[m].get("broader", [])
    if cats:
        rows.append({"zh": "类别", "en": "Category", "values": [site.ent(x) for x in cats]})
    defs = d.definition.get(m, {})
    if defs:
        zh, en = defs.get("zh") or defs.get("en") or defs.get(""), defs.get("en") or defs.get("zh") or defs.get("")
        rows.append({"zh": "定义", "en": "Definition", "values": [{"zh": zh, "en": en}]})
    words = wordings(d, m)
    if words:
        rows.append({"zh": "说法", "en": "Wordings", "values": [{"zh": w, "en": w} for w in words]})
    for p, (zh, en) in MAPPINGS.items():
        targets = d.out[m].get(p, [])
        if targets:
            rows.append({"zh": f"贸易便利化对应（{zh}）", "en": f"Trade facilitation ({en})",
                         "values": [{**site.ent(x), "extra": _notation(d, x)} for x in targets]})
    near = [x for x in related(d, m) if x in site.entities]
    if near:
        rows.append({"zh": "相关措施", "en": "Related measures", "values": [site.ent(x) for x in near]})
    cases = d.measure_cases.get(m, [])
    cities = d.measure_cities.get(m, [])
    rows.append({"zh": "应用范围", "en": "Applied in",
                 "values": [{"zh": f"{len(cities)} 个城市、{len(cases)} 个案例",
                             "en": f"{len(cities)} {'city' if len(cities) == 1 else 'cities'}, "
                                   f"{len(cases)} {'case' if len(cases) == 1 else 'cases'}"}]})
    sections = []
    apps = [s for s in d.applications.get(m, []) if d.applied(s)]
    if apps:
        cols = [Column("city", "城市", "City", "links", facet=True), Column("case", "案例", "Case", "link"),
                Column("wording", "案例中的说法", "Wording in the case"), Column("agency", "单位", "Agency", "link"),
                Column("quote", "原文", "Quote", "quote")]
        trows = [{"city": [site.ent(x) for x in d.case_cities[s.case]], "case": site.case_short(s.case),
                  "wording": s.local, "agency": site.ent(s.agency) if s.agency else None, "quote": site.ref(s.passage)}
                 for s in apps]
        sections.append({"id": "applications", "zh": "应用该措施的案例", "en": "Cases applying it",
                         "table": Table(f"measure-{slug}-cases", "应用该措施的案例", "Cases applying the measure",
                                        cols, trows, queries=["statements"], cards=True)})
    sections += evidence_sections(site, m, slug)
    if not apps:
        sections.append({"id": "applications", "zh": "应用该措施的案例", "en": "Cases applying it",
                         "empty": {"zh": "还没有案例应用该措施。", "en": "No case applies this measure yet."}})
    site.entity_page(m, rows, sections)


EVIDENCE_NOTE = {
    "zh": "只列出原文与该措施写在一起的成效：与措施原文同一句、同一要点（一是/二是、（一）/（二），不分要点时为同一段），"
          "或成效所在句、案例标题用案例自己的说法点名了该措施。这是原文的写法，不是经过检验的因果效果。",
    "en": "Only outcomes the source states together with the measure: in the same sentence or the same point as the "
          "measure's quote (一是/二是, (一)/(二), or the same paragraph where the text has no numbered points), or "
          "whose sentence, or the case's title, names the measure in the case's own words. This is how the text is "
          "written, not a tested effect.",
}
OTHER_NOTE = {
    "zh": "这些成效由应用该措施的案例报告，但原文没有把它们与该措施写在一起；案例通常同时采取多项措施，不能据此认定为该措施的效果。",
    "en": "Reported by cases that apply the measure, but the source does not state them with it; a case usually applies "
          "several measures, so they are not evidence of this measure's effect.",
}
NO_EVIDENCE = {"zh": "无直接对应的成效：应用该措施的案例中，原文没有与该措施写在一起的成效数字。",
               "en": "No outcome stated with this measure: none of the cases applying it reports a figure next to it."}


def evidence_sections(site, m: str, slug: str) -> list[dict]:
    """The measure's evidence (outcomes stated with it, see measure_evidence), then its cases' other outcomes."""
    d = site.data
    if not d.measure_cases.get(m):
        return []
    near, other = measure_evidence(site, m)
    out = []
    cols = [Column("basis", "依据", "Why it is shown", facet=True), Column("metric", "指标", "Metric", "link"),
            Column("figure", "成效", "Outcome", "figure"), Column("case", "案例", "Case", "link"),
            Column("quote", "成效原文", "Outcome quote", "quote"), Column("measure_quote", "措施原文", "Measure quote", "quote")]
    trows = []
    for n, s, o in near:
        cells = outcome_cells(site, o)
        zh, en = NEARNESS[n]
        trows.append({**cells, "basis": {"zh": zh, "en": en}, "case": site.case_short(o.case),
                      "measure_quote": site.ref(s.passage)})
    out.append({"id": "evidence", "zh": f"与该措施写在一起的成效（{len(trows)} 项）",
                "en": f"Outcomes stated with this measure ({len(trows)})", "note": EVIDENCE_NOTE,
                "table": Table(f"measure-{slug}-evidence", "与该措施写在一起的成效", "Outcomes stated with this measure",
                               cols, trows, queries=["outcomes", "statements"], cards=True)
                if trows else None,
                "empty": None if trows else NO_EVIDENCE})
    if other:
        cols = [Column("family", "指标类别", "Metric group", "link", facet=True), Column("metric", "指标", "Metric", "link"),
                Column("figure", "成效", "Outcome", "figure"), Column("case", "案例", "Case", "link"),
                Column("quote", "原文", "Quote", "quote")]
        trows = [{**outcome_cells(site, o), "case": site.case_short(o.case), "_key": o.iri} for o in other]
        out.append({"id": "outcomes", "zh": f"本案例其他成效（{len(trows)} 项，不一定来自该措施）",
                    "en": f"Other outcomes of the cases ({len(trows)}, not necessarily from this measure)",
                    "note": OTHER_NOTE,
                    "table": Table(f"measure-{slug}-outcomes", "本案例其他成效（不一定来自该措施）",
                                   "Other outcomes of the cases (not necessarily from this measure)",
                                   cols, trows, queries=["outcomes"], order=[[2, "desc"]], cards=True)})
    return out


def _notation(d, x: str):
    n = d.notation.get(x)
    return {"zh": n, "en": n} if n else None


def render_category(site, cat: str) -> None:
    d = site.data
    slug = cat.rsplit("/", 1)[-1]
    members = [m for m in d.inn[cat].get("broader", []) if d.is_a(m, "Measure")]
    rows = []
    defs = d.definition.get(cat, {})
    if defs:
        rows.append({"zh": "定义", "en": "Definition", "values": [{"zh": defs.get("zh") or defs.get("en"),
                                                                  "en": defs.get("en") or defs.get("zh")}]})
    cols = [Column("measure", "措施", "Measure", "link"), Column("cities", "城市数", "Cities", "num"),
            Column("cases", "案例数", "Cases", "num"), Column("where", "城市", "Where", "links", facet=True)]
    trows = [{"measure": site.ent(m), "cities": count_cell(len(d.measure_cities.get(m, [])), "个城市", ("city", "cities")),
              "cases": count_cell(len(d.measure_cases.get(m, [])), "个案例", ("case", "cases")),
              "where": [site.ent(x) for x in d.measure_cities.get(m, [])]}
             for m in sorted(members, key=d.sort_key)]
    sections = [{"id": "measures", "zh": f"该类措施（{len(members)} 项）", "en": f"Measures in this category ({len(members)})",
                 "table": Table(f"category-{slug}-measures", "该类措施", "Measures in this category", cols, trows,
                                queries=["labels", "links"], order=[[1, "desc"]])}]
    site.entity_page(cat, rows, sections)
