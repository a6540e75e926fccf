"""The source documents as reading views: contents linked to each case, no Markdown syntax, page-break
artefacts joined for display, each quoted passage marked (highlighted only when linked) and linking
back to the facts that cite it.

Display only: the checksummed text is never changed. The reading view hides some characters (the
Markdown table of contents, which the linked contents list replaces, and the line breaks a page
break left inside a sentence); every anchor is still named by the passage's offsets in the original
text, and a passage's visible words are its quote with only those characters left out.
"""
from __future__ import annotations

import re
from html import escape

from .urls import page_path

_TABLE_LINE = re.compile(r"^\|.*\|[ \t]*$", re.M)
_BREAK = re.compile(r"\n[ \t]*\n[\s]*")  # a blank line: a paragraph end, or a page break inside a sentence
_ENDS_SENTENCE = set("。！？!?；;：:”」』）)】》…")
_STARTS_BLOCK = re.compile(r"^(实施单位|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|附件|注[:：])")
_LONG_LINE = 18  # a page break falls after a full line; headings are short


def hidden_ranges(text: str, contents_end: int) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """Character ranges the reading view leaves out, and the Markdown contents table it replaces.

    - the table of contents (Markdown table lines before the first case): replaced by a linked list;
    - other Markdown table syntax: the pipes and separator rows;
    - a blank line inside a sentence (the previous line is long and does not end a sentence, the next
      does not start a heading or list item): a page break, joined.
    """
    hidden: list[tuple[int, int]] = []
    toc = None
    lines = [m for m in _TABLE_LINE.finditer(text)]
    before = [m for m in lines if m.end() <= contents_end]
    if before:
        toc = (before[0].start(), before[-1].end())
        hidden.append(toc)
    for m in lines:
        if toc and m.start() < toc[1]:
            continue
        line = m.group(0)
        if re.fullmatch(r"[|\s:-]*", line):
            hidden.append((m.start(), m.end()))
            continue
        for p in re.finditer(r"\|", line):
            hidden.append((m.start() + p.start(), m.start() + p.end()))
    for m in _BREAK.finditer(text):
        a, b = m.start(), m.end()
        if toc and toc[0] <= a < toc[1]:
            continue
        line_start = text.rfind("\n", 0, a) + 1
        prev = text[line_start:a].rstrip()
        nxt = text[b:text.find("\n", b) if text.find("\n", b) >= 0 else len(text)]
        if (len(prev) >= _LONG_LINE and prev[-1] not in _ENDS_SENTENCE and nxt and not _STARTS_BLOCK.match(nxt)
                and not prev.startswith("实施单位")):
            hidden.append((a, b))
    return _merge(hidden), toc


def _merge(ranges):
    out = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def display_text(text: str, hidden: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """What the reading view shows of text[start:end]: the text less the hidden ranges."""
    end = len(text) if end is None else end
    out, pos = [], start
    for a, b in hidden:
        if b <= pos or a >= end:
            continue
        out.append(text[pos:max(pos, a)])
        pos = max(pos, b)
    out.append(text[pos:end])
    return "".join(out)


_SENTENCE_END = "。！？!?；;\n"


def sentence_around(text: str, start: int, end: int, limit: int = 90) -> tuple[str, str, str]:
    """The sentence a quote sits in, for display: (before, the quote, after). The quote is
    text[start:end] unchanged; the words around it run to the nearest 。！？； or line end (at most
    ``limit`` characters each side, cut with …), with page-break line breaks and Markdown pipes left out."""
    a = start
    while a > 0 and text[a - 1] not in _SENTENCE_END and start - a < limit:
        a -= 1
    b = end
    while b < len(text) and text[b] not in _SENTENCE_END and b - end < limit:
        b += 1
    if b < len(text) and text[b] in "。！？!?；;":
        b += 1  # keep the full stop

    def tidy(x: str) -> str:
        return re.sub(r"\s*\|\s*|\s+", " ", x).strip()

    before, after = tidy(text[a:start]), tidy(text[end:b])
    if a > 0 and text[a - 1] not in _SENTENCE_END:
        before = "…" + before
    if b < len(text) and text[b - 1] not in _SENTENCE_END and text[b] not in _SENTENCE_END:
        after += "…"
    return before, text[start:end], after


def province_short(site, source: str) -> dict:
    """The province a source document covers, as readers say it: 山东 / Shandong."""
    d = site.data
    prov = d.out[source].get("spatial", [])
    if not prov:
        n = d.notation.get(source, source.rsplit("/", 1)[-1])
        return {"zh": n, "en": n}
    return {"zh": re.sub(r"(省|市|自治区)$", "", d.zh(prov[0])), "en": re.sub(r" (Province|Municipality)$", "", d.en(prov[0]))}


def case_where(site, case: str) -> dict:
    """A case named by where it is from, since case numbers repeat across sources: 山东 08 · 烟台."""
    d = site.data
    c = d.cases[case]
    p = province_short(site, c.source)
    cities = d.case_cities.get(case, [])
    zh = f"{p['zh']} {c.number}" + (f" · {'、'.join(d.zh(x) for x in cities)}" if cities else "")
    en = f"{p['en']} {c.number}" + (f" · {', '.join(d.en(x) for x in cities)}" if cities else "")
    return {"zh": zh, "en": en}


def cited_by(site) -> dict[str, list[dict]]:
    """passage IRI → the facts citing it, each as a short bilingual label and the page it is on."""
    d = site.data
    out: dict[str, list[dict]] = {}

    def add(passage, zh, en, href):
        out.setdefault(passage.iri, []).append({"zh": zh, "en": en, "href": href})

    for c in d.case_list:
        case_page = page_path(c.iri)
        add(c.heading, f"案例 {c.number}", f"case {c.number}", case_page)
        for s in c.statements:
            if s.kind == "measure":
                add(s.passage, d.zh(s.target), d.en(s.target), page_path(s.target))
            elif s.kind == "claim":
                for p in [s.passage, *s.more]:
                    add(p, "首创声明", "innovation claim", case_page + "#claims")
            else:
                add(s.passage, d.zh(s.target), d.en(s.target), page_path(s.target))
        for o in c.outcomes:
            add(o.passage, f"成效：{d.zh(o.metric)}", f"outcome: {d.en(o.metric)}", case_page + "#outcomes")
    for a, preds in d.out.items():
        for ev in preds.get("subOrganizationEvidence", []):
            if ev in d.passages:
                add(d.passages[ev], d.zh(a), d.en(a), page_path(a))
    return out


def reading_html(site, source: str, text: str, root: str) -> tuple[str, str]:
    """The document body as HTML (passages marked, cites linked, hidden ranges left out) and the contents list."""
    d = site.data
    passages = sorted({(p.start, p.end, p.iri) for p in d.passages.values() if p.source == source})
    cases = [c for c in d.case_list if c.source == source]
    first_case = min((c.start for c in cases), default=len(text))
    hidden, toc = hidden_ranges(text, first_case)
    cites = cited_by(site)
    contents = "".join(
        f'<li><a href="#{c.heading.anchor}">{escape(c.number)} {escape(c.title)}</a> '
        f'<a class="muted" href="{root}{page_path(c.iri)}"><span class="zh">案例页</span><span class="en">case page</span></a></li>'
        for c in cases)
    contents_html = f'<nav class="contents" id="contents"><ol class="plain">{contents}</ol></nav>'
    cuts = {0, len(text)}
    marks: dict[int, str] = {}  # where each case begins: the reading bar (source.html) names the case the reader is in
    for c in cases:
        w = case_where(site, c.iri)
        marks[c.start] = (f'<span class="case-mark" data-start="{c.start}" data-where-zh="{escape(w["zh"])}" '
                          f'data-where-en="{escape(w["en"])}" data-title="{escape(c.title)}" '
                          f'data-href="{root}{page_path(c.iri)}"></span>')
        cuts.add(c.start)
    for s, e, _ in passages:
        cuts.update((s, e))
    for a, b in hidden:
        cuts.update((a, b))
    cuts = sorted(cuts)
    opens: dict[int, list] = {}
    closes: dict[int, list] = {}
    for s, e, iri in passages:
        opens.setdefault(s, []).append((s, e, iri))
        closes.setdefault(e, []).append((s, e, iri))
    hidden_starts = {a: b for a, b in hidden}
    active: set = set()
    out = []
    skip_to = -1
    for a, b in zip(cuts, cuts[1:]):
        for s, e, iri in sorted(closes.get(a, []), key=lambda x: -x[0]):
            active.discard((s, e, iri))
            out.append(_cite_links(cites.get(iri, []), root))
        for s, e, iri in opens.get(a, []):
            active.add((s, e, iri))
            out.append(f'<a id="q-{s}-{e}" class="anchor"></a>')
        if toc and a == toc[0]:
            out.append(contents_html)
        if a in marks:
            out.append(marks[a])
        if a in hidden_starts:
            skip_to = max(skip_to, hidden_starts[a])
        if a < skip_to:
            continue
        piece = escape(text[a:b])
        if active:
            ids = " ".join(f"q-{s}-{e}" for s, e, _ in sorted(active))
            out.append(f'<span class="q" data-q="{ids}">{piece}</span>')
        else:
            out.append(piece)
    for s, e, iri in closes.get(len(text), []):
        out.append(_cite_links(cites.get(iri, []), root))
    return "".join(out), contents_html if not toc else ""


def _cite_links(items: list[dict], root: str) -> str:
    if not items:
        return ""
    seen, links = set(), []
    for it in items:
        key = (it["href"], it["zh"])
        if key in seen:
            continue
        seen.add(key)
        label = (f'<span class="zh">{escape(it["zh"])}</span><span class="en">{escape(it["en"])}</span>'
                 if it["en"] != it["zh"] else escape(it["zh"]))
        links.append(f'<a href="{root}{it["href"]}">{label}</a>')
    return f'<sup class="cites">{"".join(links)}</sup>'


def render(site) -> None:
    d = site.data
    rows = []
    for src in sorted(d.sources, key=d.source_order):
        text = site.texts.get(src)
        path = page_path(src)
        root = "../" * path.count("/")
        n_cases = sum(1 for c in d.case_list if c.source == src)
        titles = d.titles.get(src, {})
        rows.append({"e": site.ent(src), "n_cases": n_cases, "year": d.sources[src].get("year"),
                     "title_en": titles.get("en", "")})
        body, contents = reading_html(site, src, text, root) if text is not None else ("", "")
        n_passages = sum(1 for p in d.passages.values() if p.source == src)
        short = province_short(site, src)
        site.entity_page(src, [], [], template="source.html", body=body, contents=contents, n_cases=n_cases,
                         short={"zh": f"{short['zh']}{d.sources[src].get('year') or ''}",
                                "en": f"{short['en']} {d.sources[src].get('year') or ''}".strip()},
                         n_passages=n_passages, title_en=titles.get("en", ""), year=d.sources[src].get("year"))
    site.page("sources.html", "sources.html", sources=rows)
