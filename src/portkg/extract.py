"""`portkg extract`: draft case data from a new text, by rules for the genre (no model).

It reads a collection of cases (title, 实施单位, 一、背景情况 / 二、主要做法 / 三、实践成效) or plain
news prose (one case), and finds, each with its verbatim quote and offsets:

- case boundaries and titles (the line before 实施单位, numbered by the table of contents)
- agencies: the 实施单位 units, and agency names in the text by their forms (…海关, …边检站,
  …海事局, …口岸办, …税务局, …外汇管理局…分局, …商务局, port groups, e-port companies)
- places: the project's gazetteer plus name forms (…港, …机场, …综合保税区, …口岸, …园区)
- measures: every known concept by its labels, and candidates for new ones (“quoted names”,
  names ending in 模式, 机制, 平台, 系统, 专窗, 通道, 改革)
- outcomes: quantities with what they measure, normalised as in the curated data: before/after
  (由X…至Y), changes (缩短/提升… X%), amounts (万元, 亿元, 万吨, 标箱, 艘次, 人次 …), year-on-year
  growth, ranks (第二, 首位), Chinese numerals (两, 三成, 八成, 2.2倍), ranges (1-2天, 60万-80万吨),
  qualifiers (约, 余, 超, 以上, 近, 最短, 以内) and projections (预计, 力争, 目标, 将)
- innovation claims (全国首例, 全省率先 …) with their scope.

Everything it writes is a draft for an analyst: `# REVIEW` marks what needs a decision.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from .errors import InputError
from .source import find_case_sections
from .units import WRITTEN_UNITS, normalise

MAX_BYTES = 20 * 1024 * 1024

# ---------------------------------------------------------------- numbers

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_number(s: str) -> Decimal | None:
    """一, 十二, 三十五, 两百 → Decimal; None if not a Chinese numeral."""
    if not s or any(c not in CN_DIGITS and c not in CN_UNITS for c in s):
        return None
    if any(a in CN_DIGITS and b in CN_DIGITS for a, b in zip(s, s[1:])):
        return None  # 一一, 三五: not a numeral (唯一一个, 三五成群)
    total, cur = 0, 0
    for c in s:
        if c in CN_DIGITS:
            cur = CN_DIGITS[c]
        else:
            total += (cur or 1) * CN_UNITS[c]
            cur = 0
    return Decimal(total + cur)


NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
# units longest first, so 万标箱 wins over 万 and 标箱
UNITS = sorted([u for u in WRITTEN_UNITS if u not in ("年", "个月", "度", "位", "节", "成", "倍")]
               + ["成", "倍", "位"], key=len, reverse=True)
UNIT_RE = "|".join(re.escape(u) for u in UNITS)
QUANTITY = re.compile(
    rf"(?P<num>{NUM})\s*(?P<wan1>万|亿)?\s*(?P<more>余|多)?\s*(?:(?P<dash>[-—~～至到])\s*(?P<num2>{NUM})\s*)?"
    rf"(?P<wan>万|亿)?\s*(?P<more2>余|多)?\s*(?P<unit>{UNIT_RE})")
BEFORE_AFTER = re.compile(
    rf"(?:由|从|将)?(?:原来的|原先的|传统模式的|上半年|之前的|以前的)?\s*(?P<b>{NUM})\s*(?P<bwan>万|亿)?\s*(?P<bunit>{UNIT_RE})"
    rf"[^。；，]{{0,12}}?(?P<verb>缩短|压缩|压减|减少|降低|降|下降|提升|提高|上升|增加|增长|增|扩大|减)(?:至|到|为)"
    rf"(?P<rest>[^。；]{{0,10}}?)(?P<a>{NUM})\s*(?P<awan>万|亿)?\s*(?P<aunit>{UNIT_RE})")
RANK = re.compile(rf"(?:位列|位居|居|排名|列)(?P<scope>全国|全省|全球|山东省|关区|[\u4e00-\u9fa5]{{0,6}}?)(?:海关)?第(?P<n>{NUM})(?:位)?|"
                  rf"(?P<scope2>全国|全省|山东省|省内|关区|[\u4e00-\u9fa5]{{2,6}})首位")
DECREASE = ("缩短", "压缩", "压减", "减少", "降低", "下降", "降至", "节约", "节省", "减轻", "减免", "降", "减")
INCREASE = ("提升", "提高", "增长", "增加", "上升", "增至", "扩大", "突破", "增")
PROJECT = ("预计", "力争", "目标", "将", "计划", "有望", "预期")
SKIP_UNITS_ALONE = {"个", "次", "种", "条", "家", "项", "名", "件", "批", "台", "起", "幅"}


@dataclass
class Found:
    quote: str
    start: int
    end: int


@dataclass
class Outcome(Found):
    value: float
    unit: str
    baseline: float | None = None
    baseline_unit: str | None = None
    value_max: float | None = None
    qualifier: str | None = None
    kind: str = "level"
    direction: str = "none"
    projected: bool = False
    metric: str = "count"
    period: int | None = None


@dataclass
class Agency(Found):
    name: str
    type: str
    role: str  # implementer | mentioned
    id: str | None = None


@dataclass
class Place(Found):
    name: str
    id: str | None = None


@dataclass
class Measure(Found):
    name: str
    concept: str | None  # a known concept id, or None for a candidate new measure
    status: str = "known"


@dataclass
class Claim(Found):
    scope: str


@dataclass
class DraftCase:
    number: str
    title: str | None
    start: int
    end: int
    agencies: list[Agency] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "number": self.number, "title": self.title, "start": self.start, "end": self.end,
            "agencies": [{"name": a.name, "type": a.type, "role": a.role, "id": a.id, "quote": a.quote,
                          "start": a.start, "end": a.end} for a in self.agencies],
            "places": [{"name": p.name, "id": p.id, "quote": p.quote, "start": p.start, "end": p.end} for p in self.places],
            "measures": [{"name": m.name, "concept": m.concept, "status": m.status, "quote": m.quote,
                          "start": m.start, "end": m.end} for m in self.measures],
            "outcomes": [{k: v for k, v in asdict(o).items()} for o in self.outcomes],
            "claims": [{"scope": c.scope, "quote": c.quote, "start": c.start, "end": c.end} for c in self.claims],
        }


# ---------------------------------------------------------------- vocabulary the rules use

AGENCY_FORMS = [  # (regex for the name's end, agency type)
    (r"出入境边防检查站|边防检查站|边检站|边检总站", "border-inspection"),
    (r"海事局|海事处", "maritime-safety"),
    (r"外汇管理局[\u4e00-\u9fa5]{0,6}?分局|外汇管理局|外汇局[\u4e00-\u9fa5]{0,6}?分局", "foreign-exchange"),
    (r"税务局(?:第[一二三四五六七八九十]+税务分局)?|税务分局", "tax"),
    (r"口岸和物流办公室|口岸事务中心|口岸办公室|口岸办|口岸管理办公室|口岸服务中心", "port-office"),
    (r"商务局|商务厅|商务委员会", "commerce"),
    (r"电子口岸数据中心[\u4e00-\u9fa5]{0,4}?分中心|电子口岸数据中心", "data-centre"),
    (r"电子口岸(?:有限)?公司|电子口岸公司", "e-port-operator"),
    (r"港务集团(?:有限公司)?|港口集团(?:有限公司)?|港务局", "port-operator"),
    (r"海关", "customs"),
]
AGENCY_STOP = ("智慧海关", "关区", "海关总署", "总署", "所属", "联合", "积极", "推动", "指导", "组织", "协调", "支持", "会同",
               "联系", "依托", "通过", "在", "由", "经", "向", "与", "和", "及", "对", "将", "为", "的")
UNIT_LINE_TYPES = [(re.compile(r"(?:综合保税区|保税区|保税港区)$"), "special-customs-zone"),
                   (re.compile(r"机场$"), "airport"), (re.compile(r"(?:人民政府办公室|人民政府)"), "port-office"),
                   (re.compile(r"^山东港口|港口|港$"), "port-operator")]
PROVINCES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建",
             "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西",
             "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾")
PLACE_FORMS = re.compile(r"[\u4e00-\u9fa5]{2,8}?(?:综合保税区|保税港区|自贸试验区|自由贸易试验区|国际机场|机场|港区|港|口岸|产业园|园区|片区|开发区)")
MEASURE_SUFFIX = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9+＋]{2,14}?(?:模式|机制|平台|系统|专窗|通道|改革|服务中心|工作站)")
QUOTED = re.compile(r"“([^”\n]{2,24})”")
CLAIM = re.compile(r"(全国首例|全国首个|全国首创|全国首批|全国首条|全国首票|全国首家|全国唯一|全国率先|国内首[个创例家]|"
                   r"全球首[个创例]|山东省首[创个票条家例]|全省首[创个票条家例]|省内首[个创家条]|全省率先|省内率先|全省唯一|"
                   r"[\u4e00-\u9fa5]{0,4}关区(?:率先|唯一|首[个创例家])|全国[\u4e00-\u9fa5]{2,8}首例|首创|率先)")


def claim_scope(word: str) -> str:
    if word.startswith(("全国", "国内", "全球")):
        return "sector" if ("机关" in word or "港航" in word) and "首例" in word else "national"
    if word.startswith(("山东省", "全省", "省内")):
        return "provincial"
    if "关区" in word:
        return "customs-district"
    return "sector"


# ---------------------------------------------------------------- the extractor

class Extractor:
    """Rules plus the project's vocabulary (labels of known measures, agencies, places)."""

    def __init__(self, measures: dict[str, list[str]] | None = None, agencies: dict[str, str] | None = None,
                 places: dict[str, str] | None = None, agency_types: dict[str, str] | None = None):
        self.agencies = agencies or {}      # zh name → id
        self.agency_types = agency_types or {}
        self.places = places or {}          # zh name → id
        labels = []
        for concept, names in (measures or {}).items():
            for n in names:
                core = _core(n)
                if len(core) >= 2:
                    labels.append((core, concept, n))
        # longest first: 国际贸易单一窗口 before 单一窗口
        self.measure_labels = sorted(set(labels), key=lambda t: (-len(t[0]), t[0]))

    @classmethod
    def for_project(cls, project) -> "Extractor":
        from rdflib import RDF, Graph
        from rdflib.namespace import SKOS

        from .authoring import read_registry
        from .build import PK

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
    def extract(self, text: str) -> list[DraftCase]:
        sections = find_case_sections(text)
        if not sections:
            first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
            title = first if 0 < len(first) <= 60 else None
            case = DraftCase("01", title, 0, len(text))
            self._fill(case, text, 0, len(text), None)
            return [case]
        cases = []
        for sec in sections:
            case = DraftCase(sec.number, sec.heading.strip(), sec.span.start, sec.span.end)
            self._fill(case, text, sec.span.start, sec.span.end, (sec.units_span.start, sec.units_span.end))
            cases.append(case)
        return cases

    def _fill(self, case: DraftCase, text: str, lo: int, hi: int, units) -> None:
        self.anchors = sorted({n.rstrip("市县区省") for n in self.places if len(n.rstrip("市县区省")) >= 2}
                              | set(PROVINCES) | set(re.findall(r"([\u4e00-\u9fa5]{2,3})市", text)), key=len, reverse=True)
        body_lo = lo
        if units:
            self._implementers(case, text, *units)
            body_lo = units[1]
        # figures in the background section are context, not effects of the case
        effect_spans = _effect_spans(text, body_lo, hi)
        self._mentioned_agencies(case, text, body_lo, hi)
        self._places(case, text, lo, hi)
        self._measures(case, text, body_lo, hi)
        for a, b in effect_spans:
            self._outcomes(case, text, a, b)
        self._claims(case, text, lo, hi)

    def _implementers(self, case: DraftCase, text: str, a: int, b: int) -> None:
        block = text[a:b]
        m = re.match(r"实施单位\s*[:：]", block)
        pos = a + (m.end() if m else 0)
        for tok in re.finditer(r"[^\s、，,；;]+", text[pos:b]):
            name = tok.group(0)
            s = pos + tok.start()
            case.agencies.append(Agency(name, s, s + len(name), name, self._agency_type(name), "implementer",
                                        self.agencies.get(name)))

    def _agency_type(self, name: str) -> str:
        if name in self.agency_types:
            return self.agency_types[name]
        for form, kind in AGENCY_FORMS:
            if re.search(rf"(?:{form})$", name):
                return kind
        for rx, kind in UNIT_LINE_TYPES:
            if rx.search(name):
                return kind
        if "口岸" in name:
            return "port-office"
        return "government"

    def _mentioned_agencies(self, case: DraftCase, text: str, a: int, b: int) -> None:
        seen = {x.name for x in case.agencies}
        known = sorted(self.agencies, key=len, reverse=True)
        body = text[a:b]
        for name in known:
            i = body.find(name)
            if i >= 0 and name not in seen:
                seen.add(name)
                case.agencies.append(Agency(name, a + i, a + i + len(name), name, self._agency_type(name), "mentioned",
                                            self.agencies[name]))
        for form, kind in AGENCY_FORMS:
            for m in re.finditer(rf"([\u4e00-\u9fa5]{{2,8}}?)(?:{form})", body):
                name = _trim_prefix(m.group(0), self.anchors)
                if not name or name in seen or name.endswith(AGENCY_STOP) or name in AGENCY_STOP:
                    continue
                if any(name.startswith(s) for s in ("智慧", "智能", "推进", "建设")):
                    continue
                seen.add(name)
                s = a + m.end() - len(name)
                case.agencies.append(Agency(name, s, s + len(name), name, kind, "mentioned", self.agencies.get(name)))

    def _places(self, case: DraftCase, text: str, a: int, b: int) -> None:
        body, seen = text[a:b], set()
        for name in sorted(self.places, key=len, reverse=True):
            i = body.find(name)
            if i >= 0 and not any(name in s for s in seen):
                seen.add(name)
                case.places.append(Place(name, a + i, a + i + len(name), name, self.places[name]))
        agency_names = [x.name for x in case.agencies]
        anchors = self.anchors
        for m in PLACE_FORMS.finditer(body):
            name = m.group(0)
            start = next((name.find(x) for x in anchors if x in name), -1)
            if start < 0:
                continue  # a new place must start with a known place name (烟台港, 济宁内陆港 …)
            name = name[start:]
            if re.search(r"(进出|进|出|供|为|至|到)(口岸|港)$", name) or any(name in n for n in agency_names):
                continue
            if name and name not in seen and not any(name in s for s in seen) and len(name) >= 3:
                seen.add(name)
                s = a + m.end() - len(name)
                case.places.append(Place(name, s, s + len(name), name, self.places.get(name)))

    def _measures(self, case: DraftCase, text: str, a: int, b: int) -> None:
        core, offsets = _core_with_offsets(text, a, b)
        taken: list[tuple[int, int]] = []
        found: dict[tuple[str, str], Measure] = {}
        for label, concept, original in self.measure_labels:
            i = core.find(label)
            while i >= 0:
                j = i + len(label)
                if not any(i < y and x < j for x, y in taken):
                    taken.append((i, j))
                    s, e = offsets[i], offsets[j - 1] + 1
                    if text[s:e].count("“") > text[s:e].count("”") and text[e:e + 1] == "”":
                        e += 1
                    key = (concept, label)
                    if key not in found:
                        found[key] = Measure(text[s:e], s, e, text[s:e], concept)
                i = core.find(label, j)
        known_spans = [(m.start, m.end) for m in found.values()]
        new: dict[str, Measure] = {}
        for rx in (QUOTED, MEASURE_SUFFIX):
            for m in rx.finditer(text, a, b):
                s, e = m.span()
                name = m.group(0)
                if any(s < y and x < e for x, y in known_spans) or _core(name) in new:
                    continue
                if rx is QUOTED and (re.search(r"\d", name) or len(name) > 26):
                    continue
                name = re.sub(r"^(?:创新|推行|推出|建立|构建|打造|实施|开展|推进|探索|建设|开通|设立|优化|完善|搭建|深化|用好)+", "", name)
                if len(_core(name)) < 3:
                    continue
                new[_core(name)] = Measure(text[s:e], s, e, name, None, "new")
        case.measures.extend(sorted(found.values(), key=lambda m: m.start))
        case.measures.extend(sorted(new.values(), key=lambda m: m.start))

    def _claims(self, case: DraftCase, text: str, a: int, b: int) -> None:
        for m in CLAIM.finditer(text, a, b):
            s, e = _clause(text, m.start(), m.end(), a, b)
            while e < b and text[e] not in "，。；！？\n":
                e += 1
            word = m.group(0)
            if word == "率先" and text[max(a, m.start() - 2):m.start()] in ("全省", "省内", "全国"):
                continue
            case.claims.append(Claim(text[s:e].strip(), s, e, claim_scope(word)))

    # -- outcomes
    def _outcomes(self, case: DraftCase, text: str, a: int, b: int) -> None:
        used: list[tuple[int, int]] = []
        quotes = _quoted_spans(text, a, b)
        pos = a
        while True:
            m = BEFORE_AFTER.search(text, pos, b)
            if m is None:
                break
            pos = m.start("b") + 1  # on a false start (十万吨级…由12%提升至40%), look again just after it
            if _inside(m.start(), quotes):
                continue
            base = _value(m.group("b"), m.group("bwan"))
            val = _value(m.group("a"), m.group("awan"))
            if base is None or val is None:
                continue
            bunit, aunit = m.group("bunit"), m.group("aunit")
            if not _same_dimension(bunit, aunit) or any(x <= m.start("b") < y for x, y in used):
                continue
            pos = m.end()
            verb = m.group("verb")
            s, e = _clause(text, m.start(), m.end(), a, b)
            o = Outcome(text[s:e], s, e, float(val), aunit, baseline=float(base),
                        baseline_unit=bunit if bunit != aunit else None, kind="before-after",
                        direction="decrease" if verb.startswith(DECREASE) or verb in ("降", "减") else "increase")
            o.qualifier = _qualifier(text, m.start("a"), m.end("aunit"), a, b)
            o.projected = _projected(text, s, m.start())
            o.metric = _metric(text, s, e, aunit)
            o.period = _period(text, s, m.start(), a)
            case.outcomes.append(o)
            used.append((m.start(), m.end()))
        for m in QUANTITY.finditer(text, a, b):
            if any(x <= m.start() < y for x, y in used) or _inside(m.start(), quotes):
                continue
            o = self._quantity(text, m, a, b)
            if o is not None:
                case.outcomes.append(o)
        for m in RANK.finditer(text, a, b):
            if any(x <= m.start() < y for x, y in used):
                continue
            n = _value(m.group("n"), None) if m.group("n") else Decimal(1)
            if n is None:
                continue
            s, e = _clause(text, m.start(), m.end(), a, b)
            case.outcomes.append(Outcome(text[s:e], s, e, float(n), "位", kind="rank",
                                         metric="provincial-rank" if "省" in m.group(0) else "national-rank",
                                         period=_period(text, s, m.start(), a)))
        case.outcomes.sort(key=lambda o: (o.start, o.end))

    def _quantity(self, text: str, m: re.Match, a: int, b: int) -> Outcome | None:
        unit = m.group("unit")
        num = m.group("num")
        wan = m.group("wan") or m.group("wan1")
        before = text[max(a, m.start() - 1):m.start()]
        after = text[m.end():m.end() + 1]
        clause_lo, _ = _clause(text, m.start(), m.end(), a, b)
        lead = text[clause_lo:m.start()]
        # a class or rating, not an amount: 十万吨级船舶, 50亿级
        if after == "级":
            return None
        # vague amounts (数百万元, 几十家), ratios (每2000吨), rotas (7×24小时), frequencies (每年三次)
        if re.search(r"[数几]\s*$", text[max(a, m.start() - 1):m.start()]) or re.search(r"(每|×|x|X)\s*$", lead):
            return None
        if re.search(r"每(年|月|周|季度?)\s*$", lead) and unit == "次":
            return None
        # hours that name a service or a regime, not a measured time: 24小时服务热线, 240小时过境免签
        if unit in ("小时", "个小时") and re.match(r"\s*(服务|热线|应急|通道|值守|在线|不间断|全天候|过境|免签|全时段)",
                                                text[m.end():m.end() + 4]):
            return None
        # figures that describe what something consists of or is designed for, not what it achieved
        if re.match(r"\s*(以下|以上)的", text[m.end():m.end() + 4]):
            return None  # 1000吨以下的船舶: a class of things
        if re.search(r"(包括|分为|下设|搭载|围绕|集成|设计|建议(?:小于|大于|不超过|控制在)|即)", lead) and unit in \
                ("个", "项", "类", "条", "大", "部分", "吨", "万吨", "公里", "万公里", "节"):
            return None
        if _inside(m.start(), _paren_spans(text, clause_lo, m.end())):
            return None
        if re.match(r"(方阵|梯队)", text[m.end():m.end() + 2]):
            return None
        # not a quantity: part of a longer number, a list marker, a date, an ordinal, a name
        if before and (before.isdigit() or before in ".．第"):
            return None
        if unit in ("年", "月", "日") or (unit == "个" and after in "月工"):
            return None
        if re.match(r"[年月日号]", after) and unit in SKIP_UNITS_ALONE:
            return None
        if not num[0].isdigit():
            # Chinese numerals count things in running prose (两个部分, 三个首次, 八项举措): only figures with
            # a measuring unit (三成, 2倍, 两小时, 十万元) are taken
            if unit in SKIP_UNITS_ALONE or unit in ("类", "项", "个", "条", "部分") or len(num) == 1 and num == "一":
                return None
            if unit == "成" and num not in ("一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十"):
                return None
        if unit == "位" and not re.search(r"第\s*$", text[max(a, m.start() - 2):m.start()]):
            return None
        if unit in ("成",) and after and after in "立功果员本品为":
            return None
        if unit == "倍" and not re.search(r"(增长|提升|提高|增加|达到|扩大)\s*$", text[max(a, m.start() - 4):m.start()]):
            return None
        value = _value(num, wan)
        if value is None:
            return None
        # 1700万元 stays 1700 with the written unit 万元; where no such unit exists (万家次), 万 is multiplied in
        if wan and (wan + unit) in WRITTEN_UNITS:
            written_unit, value = wan + unit, _value(num, None)
        else:
            written_unit = unit
        if written_unit not in WRITTEN_UNITS and written_unit not in ("成", "倍", "位"):
            return None
        s, e = _clause(text, m.start(), m.end(), a, b)
        o = Outcome(text[s:e], s, e, float(value), written_unit)
        if m.group("num2"):
            v2 = _value(m.group("num2"), None)
            if v2 is not None:
                o.value_max = float(v2)
        pre = text[max(s, m.start() - 12):m.start()]
        if re.search(r"同比(?:增长|增加|提升|上升)?\s*(?:超|超过|近|约)?\s*$", pre) or \
                re.search(r"同比(?:增长|增加|提升|上升)", pre[-8:]):
            o.kind, o.direction = "growth", "increase"
        elif re.search(r"同比(?:下降|减少)\s*$", pre):
            o.kind, o.direction = "growth", "decrease"
        elif re.search(r"(降幅|减幅|下降幅度)[^，。；]{0,3}$", pre):
            o.kind, o.direction = "change", "decrease"
        elif re.search(r"(增幅|涨幅|提升幅度)[^，。；]{0,3}$", pre):
            o.kind, o.direction = "change", "increase"
        else:
            verb = re.search(r"(缩短|压缩|压减|减少|降低|下降|节约|节省|减轻|减免|提升|提高|增长|增加|上升|扩大)[^，。；]{0,8}$", pre)
            if verb:
                o.kind = "change"
                o.direction = "decrease" if verb.group(1) in DECREASE else "increase"
        o.qualifier = _qualifier(text, m.start(), m.end(), s, e, more=m.group("more") or m.group("more2"))
        o.projected = _projected(text, s, m.start())
        o.metric = _metric(text, s, e, written_unit)
        o.period = _period(text, s, m.start(), a)
        return o


# ---------------------------------------------------------------- small helpers

_STRIP = set(" \t\r\n\u3000“”\"'「」『』《》")


def _core(s: str) -> str:
    return "".join(c for c in s if c not in _STRIP)


def _core_with_offsets(text: str, a: int, b: int) -> tuple[str, list[int]]:
    chars, offs = [], []
    for i in range(a, b):
        if text[i] not in _STRIP:
            chars.append(text[i])
            offs.append(i)
    return "".join(chars), offs


_CUT = re.compile(r"^.*(?:联合|会同|协调|联系|依托|推动|指导|组织|支持|配合|获悉|位列|位居|来自|记者|近日|从|由|经|向|与|和|及|对|在|将|为|的|、|，|据)")


def _trim_prefix(name: str, places) -> str:
    """Cut verbs and connectives off the front of a matched name (积极联系东营海事局 → 东营海事局)."""
    for p in sorted(places, key=len, reverse=True):
        i = name.find(p)
        if i > 0:
            name = name[i:]
            break
    trimmed = _CUT.sub("", name)
    if len(trimmed) < 3 or trimmed.startswith(("全国", "全省", "各", "本", "该", "所属", "我国", "相关")):
        return ""
    return trimmed


def _effect_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The parts of a case that report what it did: everything but 一、背景情况."""
    m = re.search(r"^一、[^\n]*(背景|基本情况)[^\n]*$", text[lo:hi], re.M)
    if not m:
        return [(lo, hi)]
    nxt = re.search(r"^二、", text[lo + m.end():hi], re.M)
    if not nxt:
        return [(lo, lo + m.start())]
    return [(lo, lo + m.start()), (lo + m.end() + nxt.start(), hi)]


def _paren_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Parenthesised asides in text[a:b] (definitions, examples), closed or still open at b."""
    return [(a + m.start(), a + m.end()) for m in re.finditer(r"[（(][^（()）]{0,60}(?:[)）]|$)", text[a:b])]


def _quoted_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED.finditer(text, a, b)]


def _inside(i: int, spans) -> bool:
    return any(x <= i < y for x, y in spans)


def _value(num: str, wan: str | None) -> Decimal | None:
    if num is None:
        return None
    v = Decimal(num) if num[0].isdigit() else cn_number(num)
    if v is None:
        return None
    if wan == "万":
        v *= 10000
    elif wan == "亿":
        v *= 100000000
    return v


def _same_dimension(u1: str, u2: str) -> bool:
    try:
        return normalise(1, u1)[1] == normalise(1, u2)[1]
    except KeyError:
        return False


def _clause(text: str, s: int, e: int, a: int, b: int) -> tuple[int, int]:
    """The clause around a figure: back to the previous ，；。 and forward to the unit's end."""
    left = s
    while left > a and text[left - 1] not in "，。；！？\n：:" :
        left -= 1
    right = e
    while right < b and text[right] in "以上内之左右":
        right += 1
    while left < right and text[left].isspace():
        left += 1
    return left, right


QUALIFIER_BEFORE = [(re.compile(r"(约|大约)\s*$"), "约"), (re.compile(r"(超过|超|突破)\s*$"), "超"),
                    (re.compile(r"近\s*$"), "近"), (re.compile(r"(不到|不足|不超过|低于)\s*$"), "以内"),
                    (re.compile(r"最短\s*$"), "最短"), (re.compile(r"至少\s*$"), "至少"), (re.compile(r"可达\s*$"), "可达")]
QUALIFIER_AFTER = [("左右", "约"), ("以上", "以上"), ("以内", "以内"), ("之内", "以内"), ("内", "以内")]


def _qualifier(text: str, s: int, e: int, a: int, b: int, more: str | None = None) -> str | None:
    """The word that says how exact a figure is: 约 before it, 余/多 inside it, 以上 after it …"""
    if more:
        return "余"
    pre, post = text[max(a, s - 4):s], text[e:min(b, e + 3)]
    for rx, q in QUALIFIER_BEFORE:
        if rx.search(pre):
            return q
    return next((q for word, q in QUALIFIER_AFTER if post.startswith(word)), None)


def _projected(text: str, s: int, i: int) -> bool:
    window = text[s:i]
    return any(w in window for w in PROJECT) and "将其" not in window


def _period(text: str, s: int, i: int, a: int) -> int | None:
    m = re.findall(r"(20\d\d)\s*年", text[max(a, s - 40):i])
    return int(m[-1]) if m else None


METRIC_WORDS = [
    ("logistics-cost", "物流费用"), ("logistics-cost", "物流成本"), ("cost-saving", "费用"), ("cost-saving", "成本"),
    ("berth-waiting-time", "待泊"), ("clearance-time", "通关时间"), ("clearance-time", "通关"), ("inspection-time", "查验"),
    ("inspection-time", "检疫"), ("port-stay-time", "在港"), ("port-stay-time", "滞港"), ("processing-time", "办理"),
    ("processing-time", "审批"), ("processing-time", "申报"), ("transport-time", "运输"), ("transport-time", "转运"),
    ("operation-time", "作业"), ("financing-time", "融资"), ("logistics-cost", "物流成本"), ("clearance-cost", "通关成本"),
    ("tax-relief", "税"), ("trade-value", "进出口"), ("trade-value", "货值"), ("export-value", "出口额"),
    ("cargo-throughput", "吞吐量"), ("container-throughput", "标箱"), ("passenger-volume", "旅客"),
    ("vessel-calls", "船舶"), ("enterprises-served", "企业"), ("efficiency", "效率"), ("accuracy-rate", "准确率"),
    ("share", "占"), ("co2-reduction", "二氧化碳"), ("coal-saving", "标煤"), ("power-generation", "发电"),
]


def _metric(text: str, s: int, e: int, unit: str) -> str:
    clause = text[s:e]
    try:
        iri = normalise(1, unit)[1]
    except KeyError:
        iri = ""
    if iri.endswith("/CNY") or iri.endswith("/USD"):
        if re.search(r"节约|节省|降低|减少|减轻", clause):
            return "cost-saving"
    for metric, word in METRIC_WORDS:
        if word in clause:
            if iri.endswith(("/HR", "/WorkingDay")) != metric.endswith("-time"):
                continue
            if metric.endswith("-cost") or metric == "cost-saving":
                if not (iri.endswith("/CNY") or iri.endswith("/USD") or iri.endswith("/PERCENT")):
                    continue
            return metric
    if iri.endswith(("/HR", "/WorkingDay")):
        return "processing-time"
    if iri.endswith("/CNY") or iri.endswith("/USD"):
        return "trade-value"
    if iri.endswith("/TONNE"):
        return "cargo-throughput"
    if iri.endswith("/PERCENT"):
        # a fall of an unnamed figure: the metric group (no betterWhen), not efficiency (better when higher)
        return "rate" if re.search(r"降|减|缩短|压缩", clause) else "efficiency"
    return "count"


# ---------------------------------------------------------------- reading input safely

def read_input(path: str | Path | None, data: bytes | None = None) -> tuple[str, str]:
    """(text, name) from a file or from bytes (stdin); clear errors for binary, non-UTF-8 or huge input."""
    name = str(path) if path else "<stdin>"
    if data is None:
        p = Path(path)
        if not p.exists():
            raise InputError(p, None, None, "file not found", "check the path")
        if p.stat().st_size > MAX_BYTES:
            raise InputError(p, None, None, f"file too large ({p.stat().st_size / 1e6:.0f} MB; the limit is "
                                            f"{MAX_BYTES / 1e6:.0f} MB)", "split it into one file per collection")
        data = p.read_bytes()
    elif len(data) > MAX_BYTES:
        raise InputError(name, None, None, f"input too large ({len(data) / 1e6:.0f} MB)", "split it")
    if b"\x00" in data[:65536]:
        raise InputError(name, None, None, "this looks like a binary file, not text", "give a UTF-8 text file "
                         "(convert PDF or Word files to text first)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(name, line, None, "not valid UTF-8", "convert it: iconv -f GB18030 -t UTF-8") from None
    return text, name


# ---------------------------------------------------------------- drafts in the authoring format

def _yaml_str(v: str) -> str:
    """A YAML double-quoted scalar (JSON syntax): keeps newlines and quotes exactly."""
    import json

    return json.dumps(str(v), ensure_ascii=False)


def _quote_fields(text: str, section, start: int, end: int) -> list[str]:
    """quote (and prefix when the passage recurs in the section) that locate_quote will find again."""
    from .source import QuoteNotFound, Span, locate_quote

    quote = text[start:end].strip()
    lines = [f"quote: {_yaml_str(quote)}"]
    try:
        locate_quote(text, Span(*section), quote)
    except QuoteNotFound:
        for n in (4, 8, 16, 32):
            prefix = text[max(section[0], start - n):start]
            try:
                locate_quote(text, Span(*section), quote, prefix)
                lines.append(f"prefix: {_yaml_str(prefix)}")
                break
            except QuoteNotFound:
                continue
    return lines


def draft_yaml(case: DraftCase, text: str, source_id: str, origin: str) -> str:
    sec = (case.start, case.end)
    out = [f"# DRAFT from {origin} by `portkg extract`: review every entry marked REVIEW, then",
           "# `portkg validate`. Figures, units and qualifiers were read by rules; check each against its quote.",
           f'case: "{case.number}"', f"source: {source_id}", f"title: {_yaml_str(case.title or '')}"
           + ("" if case.title else "  # REVIEW: no heading found; write the case's title"), ""]

    def entry(first: str, fields: list[str], review: str | None = None) -> None:
        out.append(f"  - {first}" + (f"  # REVIEW: {review}" if review else ""))
        out.extend(f"    {f}" for f in fields)

    implementers = [a for a in case.agencies if a.role == "implementer"]
    out.append("implementers:" + ("" if implementers else " []  # REVIEW: no 实施单位 line; add the units"))
    for ag in implementers:
        entry(f"agency: {ag.id or 'NEW'}", _quote_fields(text, sec, ag.start, ag.end),
              None if ag.id else f"not in data/agencies.yaml: add {ag.name} (type {ag.type}) there, then its id here")
    mentioned = [a for a in case.agencies if a.role == "mentioned"]
    if mentioned:
        out.append("# agencies named in the text (not implementing units): "
                   + "、".join(f"{a.name} ({a.type})" for a in mentioned))
    out.append("")
    out.append("places:" + ("" if case.places else " []  # REVIEW: no known place found"))
    for pl in case.places:
        entry(f"place: {pl.id or 'NEW'}", _quote_fields(text, sec, pl.start, pl.end),
              None if pl.id else f"not in data/places.yaml: add {pl.name} there, or delete this entry")
    out.append("")
    out.append("measures:" + ("" if case.measures else " []"))
    for ms in case.measures:
        entry(f"concept: {ms.concept or 'NEW'}", [f"local: {_yaml_str(ms.name)}",
                                                  "status: applied  # REVIEW: or planned (docs/curation.md 2.3)",
                                                  *_quote_fields(text, sec, ms.start, ms.end)],
              None if ms.concept else "candidate new measure: map it to a concept in ontology/measures.ttl, "
                                      "add a concept, or delete this entry")
    out.append("")
    out.append("outcomes:" + ("" if case.outcomes else " []"))
    for o in case.outcomes:
        fields = ["role: effect  # REVIEW: or context, input, status (docs/curation.md 1.2)",
                  *_quote_fields(text, sec, o.start, o.end)]
        fields += [f"value: {_num(o.value)}", f"unit: {_yaml_str(o.unit)}"]
        if o.value_max is not None:
            fields.append(f"value_max: {_num(o.value_max)}")
        if o.baseline is not None:
            fields.append(f"baseline: {_num(o.baseline)}")
            if o.baseline_unit:
                fields.append(f"baseline_unit: {_yaml_str(o.baseline_unit)}")
        fields += [f"direction: {o.direction}", f"kind: {o.kind}"]
        if o.qualifier:
            fields.append(f"qualifier: {o.qualifier}")
        if o.projected:
            fields.append("projected: true")
        if o.period:
            fields.append(f"period: {o.period}")
        entry(f"metric: {o.metric}", fields, "metric guessed from the clause; check value, unit and kind")
    out.append("")
    out.append("claims:" + ("" if case.claims else " []"))
    for c in case.claims:
        entry(f"scope: {c.scope}", _quote_fields(text, sec, c.start, c.end), "check the scope")
    return "\n".join(out) + "\n"


def _num(v: float) -> str:
    d = Decimal(str(v)).normalize()
    return format(d, "f")


def source_record(text: str, source_id: str, file_name: str, title: str | None) -> str:
    import hashlib

    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return "\n".join([
        "# DRAFT source record written by `portkg extract`: fill in title, year and province.",
        f"id: {source_id}", f"file: {file_name}", f"title: {_yaml_str(title or source_id)}  # REVIEW",
        "year: 2024  # REVIEW", "province: shandong  # REVIEW: a place id from data/places.yaml", "language: zh",
        f"sha256: {sha}", ""])
