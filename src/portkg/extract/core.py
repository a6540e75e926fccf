"""The extractor: case boundaries and titles, then each kind of fact by its rules module."""
from __future__ import annotations

import re

from ..source import _is_title_line as is_title_line
from ..source import find_case_sections, single_article
from .agencies import CLAUSE_VERBS, FUNCTION_CHARS, AgencyRules, build_anchor_re, document_places
from .claims import claims
from .measures import HEAD_RE, MeasureRules, title_candidates
from .model import DraftCase, Measure, Place
from .outcomes import NOW_AS_BASELINE, OutcomeRules
from .places_cn import CITY_ALTERNATION
from .text import Spans, core, role_spans, simplified

PLACE_FORMS = re.compile(r"[\u4e00-\u9fa5]{2,8}?(?:综合保税区|保税港区|自贸试验区|自由贸易试验区|国际机场|机场|港区|港|口岸|"
                         r"产业园|园区|片区|开发区)")


NOTICE_TITLE = re.compile(r"(?:通知|实施意见|若干措施|工作方案|行动方案|实施方案|办法|公告|通告|决定|规定)》?"
                          r"(?:[（(][^）)\n]{0,14}[)）])?$")  # …工作方案（2025—2026年）
_CITY_END = re.compile(CITY_ALTERNATION + "$")


# a site's name after a web page's headline: …服务_天津日报, …通关提速 | 新华网, …措施-中国新闻网
_SITE_SUFFIX = re.compile(r"(?:\s*[_|｜]\s*|\s+[-－—]\s*)[^\n_|｜]{0,14}(?:网|报|新闻|客户端|频道|在线|电视台|网站|之声)$")


_SECTION_LABEL = re.compile(r"\s*(?:[^\n｜|，。：:]{2,8}\s*[｜|]|【[^】\n]{2,8}】)\s*")


def _connective_led(name: str) -> bool:
    """和南京, 在苏州: a connective glued to a place name, not a new place."""
    m = _CITY_END.search(name)
    return name[0] in FUNCTION_CHARS or "设区" in name \
        or (m is not None and m.start() > 0 and name[m.start() - 1] in FUNCTION_CHARS + "合同过") \
        or any(c in name for c in "和与及的、称") or name[-1] in "办局厅委关站司" \
        or name[0] in "办局厅委关站司署处府" \
        or any(v in name for v in CLAUSE_VERBS)  # 口岸办和市, 以下简称市, 总局厦门市, 事项报请市: not a place


_SECTION_START = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")


_SIGNATURE = re.compile(r"[^\n]{2,40}\n\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\n|$)")


def _units_end(norm: str, start: int, end: int) -> int:
    """The 实施单位 block ends at the first section heading (一、, （一）, 1.) or the first line of prose (a
    sentence end, or a long line): a collection that numbers its sections （一） has no 一、 to stop at."""
    pos = norm.find("\n", start, end)
    while 0 <= pos < end:
        nxt = norm.find("\n", pos + 1, end)
        line = norm[pos + 1:nxt if nxt >= 0 else end]
        if line.strip() and (_SECTION_START.match(line) or "。" in line or len(line.strip()) > 60):
            return pos
        if not line.strip() and nxt >= 0 and _SIGNATURE.match(norm, nxt + 1):
            return pos  # a notice's signature and date after its last 责任单位 line are not units
        if nxt < 0:
            break
        pos = nxt
    return end


# other collections label the units block differently: 申报单位：, 牵头单位：, 【实施单位】 … read as 实施单位：
_UNIT_LABEL = re.compile(r"^([ \t\u3000]*)(?:【(?:实施单位|申报单位|牵头单位|责任单位|实施主体)】|"
                         r"(?:申报单位|牵头单位|责任单位|实施主体)\s*[:：])", re.M)


def _unit_labels(norm: str) -> str:
    def same_length(m: re.Match) -> str:
        return (m.group(1) + "实施单位：").ljust(len(m.group(0)))
    return _UNIT_LABEL.sub(same_length, norm) if _UNIT_LABEL.search(norm) else norm


_COLUMN_TAG = re.compile(r"[ \t\u3000]*[【\[〔][^】\]〕\n]{1,12}[】\]〕][ \t\u3000]*(?=\n)")


# a magazine byline: 文｜本刊记者 李某　图｜受访单位提供
_BYLINE = re.compile(r"^[ \t\u3000]*(?:文|图|摄|撰文|摄影|记者)[ \t\u3000]*[｜|/／:：][^\n]*", re.M)
# a newspaper byline on its own line: 本报记者 某某 通讯员 某某 (names only, no sentence)
_REPORTER_LINE = re.compile(r"^[ \t\u3000]*(?:本报|本刊|本台|本网)?(?:特约|见习|首席)?(?:记者|通讯员)[ \t\u3000]+[^\n，。；,;]{1,30}$",
                            re.M)


def _single_article(norm: str):
    """One article; a column tag on its own line (【经济新闻】) and a notice's single issuer line (澳门特别行政区政府海关
    above 关于…的公告) are not its title (blanked, offsets kept)."""
    from .agencies import FORM_END, NATIONAL_RE

    blanked = _COLUMN_TAG.sub(lambda m: " " * len(m.group(0)), norm, count=3)
    blanked = _BYLINE.sub(lambda m: " " * len(m.group(0)), blanked, count=3)
    blanked = _REPORTER_LINE.sub(lambda m: " " * len(m.group(0)), blanked, count=3)
    lines = blanked.split("\n")

    def issuer(s: str) -> bool:
        return len(s) <= 24 and (FORM_END.search(s) is not None or NATIONAL_RE.fullmatch(s) is not None)

    # one issuer line or several (山西省商务厅 / 山西省财政厅, a joint notice) above the title
    filled = [k for k, line in enumerate(lines[:12]) if line.strip()]
    top = []
    for k in filled[:5]:
        if issuer(lines[k].strip()):
            top.append(k)
            continue
        # …关于…的通知 below, or any headline (香港特别行政区政府新闻处 above a press release's title)
        if top and (NOTICE_TITLE.search(lines[k].strip()) or is_title_line(lines[k])):
            for j in top:
                lines[j] = " " * len(lines[j])
        break
    blanked = "\n".join(lines)
    sections = single_article(blanked)
    if sections:
        h = sections[0].heading_span
        # a headline and its deck on the next line (内蒙古举行…新闻发布会 / 中欧班列通关最快4小时 换装效率提高三分之一):
        # the deck may run to 26 characters when it has no sentence punctuation
        deck = re.match(r"\n([^\n]{21,26})(?=\n)", blanked[h.end:])
        if h.end > h.start and "\n" not in blanked[h.start:h.end] and deck and not re.search(r"[，。；：:,;]", deck.group(1)) \
                and len(blanked[h.start:h.end].strip()) + len(deck.group(1).strip()) <= 48 and is_title_line(deck.group(1)):
            import dataclasses

            from ..source import Span

            span = Span(h.start, h.end + 1 + len(deck.group(1).rstrip()))
            sections = [dataclasses.replace(sections[0], heading=blanked[span.start:span.end], heading_span=span,
                                            units_span=Span(span.end, span.end))]
    return sections


# a table-of-contents line: a | table row, or a title ending in its page number (…口岸通关 …… 3)
_CONTENTS_LINE = re.compile(r"\||(?:…|\.{2,}|\s)\s*\d+\s*$")
# a collection's front-matter lines that are not its name: contents, an editor line (黑龙江省商务厅（省口岸办）编), a date
_NOT_NAME_LINE = re.compile(r"^(?:目\s*录|contents)$|" + _CONTENTS_LINE.pattern + r"|^(?:19|20)\d\d\s*年|"
                            r"(?:[)）厅局委办室会站关司署处]|政府)\s*(?:编|编印|主编|编制)$"  # an editor line, not a …案例选编
                            r"|^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|案例)", re.I)


def document_title(norm: str, sections, cases: list[DraftCase], collection: bool) -> str | None:
    """The title of the whole document (docs/curation.md §8.6): a notice's 关于…的通知 line, a collection's name (the
    first title line of its front matter, not its first case), or a single article's headline (its one case's title)."""
    lines = [x.strip() for x in norm[:sections[0].span.start].split("\n") if x.strip()] if collection and sections else []
    if not lines:
        return cases[0].title if cases and not collection else None
    # a 关于…的通知 line, or one broken after 关于… (…太原武宿国际机场口岸 / 通关效率若干措施的通知)
    for k, x in enumerate(lines):
        if "关于" in x and NOTICE_TITLE.search(x):
            return x
        if "关于" in x and k + 1 < len(lines) and NOTICE_TITLE.search(lines[k + 1]) and len(x + lines[k + 1]) <= 90 \
                and not re.search(r"[，。；：:]", x + lines[k + 1]):
            return x + lines[k + 1]
    for k, x in enumerate(lines):
        if is_title_line(x) and not _NOT_NAME_LINE.search(x):
            # …案例汇编 / （2026年第一批）: a bracketed line under the name continues it
            if k + 1 < len(lines) and re.fullmatch(r"[（(][^）)\n]{2,20}[)）]", lines[k + 1]):
                return x + lines[k + 1]
            return x
    return None


def _title_lines(norm: str, title: str) -> list[str]:
    """The lines a joined title came from (the first whose start it is, then the rest)."""
    for line in (x.strip() for x in norm.split("\n")):
        if line and title.startswith(line) and title != line and title[len(line):] in norm:
            return [line, title[len(line):]]
    return [title]


_BACKGROUND_ITEM = re.compile(r"\s*(?:基本情况|总体情况|发展现状|现状|工作基础|发展基础|背景情况|背景)\s*$")


def _targets(case: DraftCase) -> None:
    """A notice states what is to be done: every figure is a target, unless it says what has been done."""
    for o in case.outcomes:
        said = NOW_AS_BASELINE.sub("", o.quote)  # 由目前的2至3天: the baseline
        if not re.search(r"已|已经|累计|目前", said) and not getattr(o, "_background", False):  # 一、基本情况
            o.projected = True


# 建立口岸通关联席会议机制, 推行“7×24小时”预约通关服务: a notice's item heading that sets up a platform, mechanism or
# service names that instrument (降低港口收费, 提升…效率 name aims and are left alone)
_HEADING_MEASURE = re.compile(r"(?:推行|建设|建立|实施|推广|开通|设立|打造|搭建|上线|开展|健全|完善|建成)"
                              rf"([^，。；、]{{3,30}}?(?:服务|平台|机制|系统|模式|中心|窗口|专区|通道|制度|资金|基金|{HEAD_RE}))$")


def _heading_measure(case: DraftCase, norm: str, s: int, e: int) -> None:
    m = _HEADING_MEASURE.match(norm[s:e].strip())
    if not m:
        return
    lead = len(norm[s:e]) - len(norm[s:e].lstrip())
    ns, ne = s + lead + m.start(1), s + lead + m.end(1)
    name = norm[ns:ne]
    if any(x.name == name or (x.concept and x.start >= ns and x.end <= ne and len(x.name) >= len(name) - 2)
           for x in case.measures):
        return
    # a quoted word inside it proposed from the title alone (城陵矶港“智慧口岸”综合服务平台) is part of this name
    case.measures[:] = [x for x in case.measures if not (x.concept is None and ns <= x.start and x.end <= ne)]
    case.measures.append(Measure(name, ns, ne, name, None, "new", 0.7, "a notice item's heading names the instrument"))


class Extractor(AgencyRules, MeasureRules, OutcomeRules):
    """Rules plus the project's vocabulary (labels of known measures, agencies, places)."""

    min_candidate_score = 0.6

    def __init__(self, measures: dict[str, list[str]] | None = None, agencies: dict[str, str] | None = None,
                 places: dict[str, str] | None = None, agency_types: dict[str, str] | None = None):
        self.agencies = agencies or {}      # zh name → id
        self.agency_types = agency_types or {}
        self.places = places or {}          # zh name → id
        labels = []
        for concept, names in (measures or {}).items():
            for rank, n in enumerate(names):  # the first wording is the prefLabel
                c = core(simplified(n))
                if len(c) >= 2:
                    labels.append((c, concept, n, min(rank, 1)))
                parts = c.split("、")
                if len(parts) >= 3 and all(len(x) >= 3 for x in parts):
                    # 一次申报、一次查验 names 一次申报、一次查验、一次放行 by its first two steps
                    labels.append(("、".join(parts[:2]), concept, n, 2))
        # longest first: 国际贸易单一窗口 before 单一窗口
        self.measure_labels = sorted({t[:3] for t in labels}, key=lambda t: (-len(t[0]), t[0], t[1]))
        self.label_concept: dict[str, str] = {}
        # a wording two concepts share goes to the one whose prefLabel it is (先期机检), then by id: never by
        # the order of a set
        for c, concept, _, _ in sorted(labels, key=lambda t: (t[0], t[3], t[1])):
            self.label_concept.setdefault(c, concept)
        # longest first in the alternation too, or 跨区 would shadow 跨区通办
        by_length = sorted(self.label_concept, key=lambda c: (-len(c), c))
        self.label_re = re.compile("|".join(map(re.escape, by_length))) if by_length else None
        self.measure_words = tuple(sorted(self.label_concept))
        # wordings the thesaurus only ever writes in quotes (“电子化”): a name only where the text quotes it too;
        # unquoted they are ordinary words (船舶进出港报告电子化 is a procedure made electronic, not 无纸化)
        quoted: dict[str, bool] = {}
        for concept, names in (measures or {}).items():
            for n in names:
                s = simplified(n).strip()
                c = core(s)
                q = s.startswith("“") and s.endswith("”") and s.count("“") == 1
                quoted[c] = quoted.get(c, True) and q
        self.quoted_only = {c for c, q in quoted.items() if q and len(c) <= 4}
        names = sorted(self.agencies, key=len, reverse=True)
        self.registry_re = re.compile("|".join(map(re.escape, names))) if names else None
        self.place_names = sorted(self.places, key=len, reverse=True)
        self.place_re = re.compile("|".join(map(re.escape, self.place_names))) if self.place_names else None

    @classmethod
    def for_project(cls, project) -> "Extractor":
        from rdflib import RDF, Graph
        from rdflib.namespace import SKOS

        from ..authoring import read_registry
        from ..build import PK

        g = Graph()
        for p in project.ontology:
            if p.name == "measures.ttl":
                g.parse(p, format="turtle")
        measures: dict[str, list[str]] = {}
        for m in g.subjects(RDF.type, PK.Measure):
            ident = str(m).rsplit("/", 1)[-1]
            measures[ident] = [str(x) for p in (SKOS.prefLabel, SKOS.altLabel) for x in g.objects(m, p)
                               if getattr(x, "language", None) in ("zh", None)]
        ag = read_registry(project.agencies, "agencies", {"zh", "en", "type", "located_in", "parent"}, {"zh", "en", "type"})
        pl = read_registry(project.places, "places", {"zh", "en", "type", "located_in", "lat", "long", "note"},
                           {"zh", "en", "type"})
        return cls(measures, {a["zh"]: i for i, a in ag.items()}, {p["zh"]: i for i, p in pl.items()},
                   {a["zh"]: a["type"] for a in ag.values()})

    # -- cases
    def extract(self, text: str, progress=None) -> list[DraftCase]:
        """Draft cases from `text`; every offset and quote is on `text` as given (any script)."""
        norm = _unit_labels(simplified(text))
        collection = find_case_sections(norm)
        sections = collection or _single_article(norm)
        text_names = {n for n in re.findall(r"([\u4e00-\u9fa5]{2,3})(?:市|县)", norm) if not _connective_led(n)}
        self.anchor_re = build_anchor_re(self.places, text_names)
        # the places a document is issued by (山西省人民政府办公厅关于…的通知, 岳阳市人民政府办公室 above its title) or names
        # in its head (a collection's name): 省商务厅 in it is that province's 商务厅, 市财政局 that city's 财政局
        first = sections[0].span.start if sections else 0
        self.doc_places = document_places(norm, first,
                                          lambda line: NOTICE_TITLE.search(line) is not None)
        cases = []
        # a policy notice (关于印发…的通知 above numbered items): every item states what is to be done
        notice = len(sections) > 1 and first > 0 and any(NOTICE_TITLE.search(x.strip()) for x in norm[:first].split("\n"))
        for sec in sections:
            hs, he = sec.heading_span.start, sec.heading_span.end
            # 一、推行…服务。对…实行…，力争…: a numbered heading line that goes on after its first sentence is a
            # heading (the title) and body text read like any other
            rest = None
            if _SECTION_START.match(norm, hs):
                dot = norm.find("。", hs, he)
                if dot >= 0 and norm[dot + 1:he].strip():
                    rest, he = (dot + 1, sec.heading_span.end), dot
            site = _SITE_SUFFIX.search(norm, hs, he) if len(sections) == 1 else None
            if site:  # 天津港…服务_天津日报: the headline without its site's name (§8.6)
                he = site.start()
            label = _SECTION_LABEL.match(norm, hs, he) if len(sections) == 1 else None
            if label and he - label.end() >= 8:  # 聚焦口岸｜…, 【口岸动态】…: the section, not the headline
                hs = label.end()
            title = text[hs:he].strip() or None
            if title and len(sections) > 1:  # 案例一：…, 二、…: the case's number is not part of its title
                title = re.sub(r"^(?:案例\s*[一二三四五六七八九十\d]+\s*[：:、.．]?|[一二三四五六七八九十]+、|\d+[.、．])\s*", "",
                               title) or title
            units = (sec.units_span.start, _units_end(norm, sec.units_span.start, sec.units_span.end)) \
                if sec.units_span.end > sec.units_span.start else None
            # a single article starts at the top: a notice's issuer line above its title names its agencies
            lo = 0 if len(sections) == 1 and not units else sec.span.start
            case = DraftCase(sec.number, title, lo, sec.span.end)
            self._fill(case, norm, lo, sec.span.end, units, he, rest)
            if notice and _BACKGROUND_ITEM.match(title or ""):
                # 一、基本情况: the item states what the place has reached, not what is to be done (as a preamble)
                for o in case.outcomes:
                    o.role = "context" if o.role != "status" else o.role
            elif notice or len(sections) == 1 and NOTICE_TITLE.search(title or ""):
                _targets(case)
            if notice and rest:
                _heading_measure(case, norm, _SECTION_START.match(norm, hs).end(), he)
            cases.append(case)
            if progress is not None:
                progress.advance(sec.span.end - sec.span.start)
        # a collection's front matter (黑龙江省商务厅（省口岸办）编) names its editor: an agency of the text, kept with
        # the first case; contents lines (| 1. title | 1 |, 一、… 1) are not read
        if collection and cases and sections[0].span.start > 0:  # (one case or many)
            front = "\n".join(" " * len(line) if _CONTENTS_LINE.search(line) else line
                              for line in norm[:sections[0].span.start].split("\n"))
            self.mentioned_agencies(cases[0], front, 0, len(front))
            cases[0].agencies.sort(key=lambda x: (x.role != "implementer", x.start))
            if notice:
                # a notice's preamble (2025年，…完成…；…已压缩至31.5小时) states what was achieved before its measures:
                # its prose lines are read too, as background, with the first item
                self._preamble(cases[0], norm, front)
        title = document_title(norm, sections, cases, bool(collection))
        # the title as written (the same offsets on the original text)
        if title and collection:  # the title as written (same offsets on the original text; a broken line joined)
            parts = [(norm.index(x), len(x)) for x in title.split("\n")] if title in norm else \
                [(norm.index(x), len(x)) for x in _title_lines(norm, title)]
            title = "".join(text[i:i + n] for i, n in parts)
        self.document_title = title
        # quotes and names are cut from the original text at the same offsets
        for case in cases:
            for item in case.items():
                while item.end < len(text) and text[item.end].isascii() and text[item.end].isalpha() \
                        and text[item.end - 1].isascii() and text[item.end - 1].isalpha():
                    item.end += 1  # a unit read under another name (TEU as 标箱) is quoted whole
                item.quote = text[item.start:item.end].strip()
                if hasattr(item, "name") and norm[item.start:item.end] == item.name:
                    item.name = text[item.start:item.end]
        return cases

    def _preamble(self, case: DraftCase, norm: str, front: str) -> None:
        pos = 0
        measures_before = len(case.measures)
        spans = []
        for line in front.split("\n"):
            s, e = pos, pos + len(line)
            pos = e + 1
            if "。" in line and "〔" not in line and not line.strip().startswith("各"):
                spans.append((s, e))
        for s, e in spans:
            self.measures(case, norm, s, e, headline_end=0)
        seen = {m.name for m in case.measures[:measures_before]}
        case.measures[measures_before:] = [m for m in case.measures[measures_before:]
                                           if m.name not in seen and not seen.add(m.name)]
        # the document the notice issues (《…若干措施》) is not a measure (docs/curation.md 8.5): the instruments
        # its items set up are
        names = Spans((m.start, m.end) for m in case.measures if m.concept)
        for s, e in spans:
            self.outcomes(case, norm, s, e, "background", names)
        case.outcomes.sort(key=lambda o: (o.start, o.end))

    def _fill(self, case: DraftCase, norm: str, lo: int, hi: int, units, heading_end: int = 0, rest=None) -> None:
        body_lo = lo
        if units:
            self.implementers(case, norm, *units)
            body_lo = units[1]
        if rest:  # the body sentences on the heading's own line
            self.mentioned_agencies(case, norm, *rest)
            self.measures(case, norm, *rest, headline_end=0)
        # a headline restates the body's figures (docs/curation.md 6.13): outcomes come from the body
        figures_lo = max(body_lo, min(heading_end, hi))
        self.mentioned_agencies(case, norm, body_lo, hi)
        self._places(case, norm, lo, hi)
        self.measures(case, norm, body_lo, hi, headline_end=0 if units else min(heading_end, hi))
        if units and lo < heading_end <= units[0]:
            case.measures.extend(title_candidates(case.measures, norm, lo, heading_end, hi, self.label_concept))
        names = Spans((m.start, m.end) for m in case.measures if m.concept)
        for a, b, section in ([(*rest, "body")] if rest else []) + role_spans(norm, figures_lo, hi):
            self.outcomes(case, norm, a, b, section, names)
        case.outcomes.sort(key=lambda o: (o.start, o.end))
        case.claims.extend(claims(norm, lo, hi))

    def _places(self, case: DraftCase, norm: str, a: int, b: int) -> None:
        seen: set[str] = set()
        if self.place_re is not None:
            for m in self.place_re.finditer(norm, a, b):
                name = m.group(0)
                if name not in seen and not any(name in s for s in seen):
                    seen.add(name)
                    case.places.append(Place(name, m.start(), m.end(), name, self.places[name]))
        agency_names = [x.name for x in case.agencies]
        for m in PLACE_FORMS.finditer(norm, a, b):
            am = self.anchor_re.search(m.group(0))
            if not am:
                continue  # a new place must start with a known place name (烟台港, 济宁内陆港 …)
            s = m.start() + am.start()
            name = norm[s:m.end()]
            if re.search(r"(进出|进|出|供|为|至|到)(口岸|港)$", name) or any(name in n for n in agency_names):
                continue
            if name and name not in seen and not any(name in x for x in seen) and len(name) >= 3:
                seen.add(name)
                case.places.append(Place(name, s, m.end(), name, self.places.get(name)))
