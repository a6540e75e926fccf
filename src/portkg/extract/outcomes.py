"""Outcomes: quantities with what they measure, normalised as in the curated data.

- before/after: 由X…至Y, 从X压缩到Y, across units (由4天压缩至10小时, 由半个月减至一两天) and across
  a clause (需3小时，现仅需20分钟; 税率3.1%，降为2.8%), with ranges on either side (由原来的2至3天
  压缩至最短3小时: baseline 2–3) and order-of-magnitude results (从1分钟缩短至秒级)
- changes (缩短/提升… X%), amounts, growth (同比增长), ranks (第二, 首位), number words, ranges as
  one outcome (2至3天, 30%至50%), qualifiers (约, 余, 超, 以上, 近, 最短, 以内)
  and 下调到/缩减到, an after side written as a range with its unit twice (从200元降至80元至100元), a
  present-state clause after a time needed (耗时3个工作日，如今网上提交，1个工作日内办结), 两个半小时 (2.5),
  a multiple of an earlier figure (是改造前的3倍多)
- numbers inside names are not outcomes: quoted names, known measure wordings (7×24小时通关),
  24小时通关/服务/值守, a class (十万吨级), an anniversary (5周年)
- projection per clause: 预计/力争/计划/目标/有望/争取 in the figure's own clause, or governing it from
  the start of an earlier clause of the same sentence (力争到2025年，A缩短至…，B降低…) unless the
  clause says it is done (已, 已经, 累计, 实现了); 已将…缩短至 is achieved
- each outcome gets a role: effect (what the case achieved), context (background statistics:
  the 背景情况 section, trade totals of a place, counts of measures or policies), status (a
  rank) or input (staff, sites, equipment put in)
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..units import CUR, WRITTEN_UNITS, normalise
from .model import DraftCase, Outcome
from .places_cn import PROVINCES
from .numbers import (APPROX_MAGNITUDE, FRACTION, NUM, QUANTITY, UNIT_RE, cn_number, fraction_value, pair_max,
                      same_dimension, value, written_unit)
from .roles import outcome_role
from .text import Spans, clause, paren_spans, rx, sentence_start

DECREASE = ("缩短", "压缩", "压减", "精简", "缩减", "削减", "下调", "调减", "调降", "减少", "降低", "下降", "降至", "降为", "节约", "节省", "减轻", "减免", "降", "减")
INCREASE = ("提升", "提高", "上调", "增长", "增加", "上升", "增至", "扩大", "延长", "突破", "增")
VERB = r"缩短|压缩|压减|精简|缩减|削减|减少|降低|下调|调减|调降|降|下降|提升|提高|上调|上升|增加|增长|增|扩大|延长|减"
PROJECT = ("预计", "力争", "目标", "计划", "有望", "预期", "争取", "拟", "将力争", "预估", "估计", "预测")
DONE = ("已", "已经", "累计", "实现了", "现已", "目前", "截至", "如今")
# 由目前的1天…压缩至4小时, 在目前约26小时的基础上: 目前 names the baseline there, it does not say the change is done
NOW_AS_BASELINE = re.compile(r"(?:由|从|较)(?:目前|现在|当前)的?|在(?:目前|现在|当前)[^，。；]{0,14}?(?:基础上|水平上)")
SKIP_UNITS_ALONE = {"个", "次", "种", "条", "家", "项", "名", "件", "批", "台", "起", "幅", "国"}  # 中俄两国: a word
# 二十多天, 两个多小时, 一天半 (NUM's own braces escaped: SIDE is a format string)
_NUM = NUM.replace("{", "{{").replace("}", "}}")
SIDE = (rf"(?P<{{n}}>{_NUM})\s*(?:[-—~～至到]\s*(?P<{{n}}2>{_NUM})\s*)?(?P<{{n}}wan>万|亿)?\s*(?:个(?=[多余]小时))?(?:余|多)?\s*"
        rf"(?P<{{n}}gh>个半(?=小时))?(?P<{{n}}unit>{UNIT_RE})(?P<{{n}}half>(?<=天)半)?")
BEFORE_AFTER = re.compile(
    rf"(?:由|从|将)?(?:原来的|原先的|过去的|过去|原来|传统模式的|上半年|之前的|以前的|此前的|改革前的)?\s*"
    + SIDE.format(n="b")
    + rf"(?P<gap>[^。；，]{{0,12}}?|[^。；，]{{0,12}}?，\s*(?:现|现在|目前|如今|改革后|实施后|之后|而后|后)?[^。；，]{{0,4}}?)"
    + rf"(?P<verb>{VERB})(?:至|到|为)(?P<rest>[^。；，]{{0,10}}?)"
    + rf"(?:{SIDE.format(n='a')}(?:\s*[至到~～\-—]\s*(?P<a3>{NUM})\s*(?P=aunit))?|(?P<order>秒|分钟|小时)级)")
# 需3小时 … 仅需20分钟: a time before, a time after, no verb of change
# 需3小时…仅需20分钟; 要二十多天，现在…，快的话12天; 要等候半小时以上；改用新模式后，…最快只需30秒 (up to three
# clause breaks between the two times; the second is marked as the present state)
NEED = re.compile(rf"(?:需要|需时|需|须|要|耗时|用时|花费|历时)(?:等候|等待|排队|候检|候船|候泊|提前)?\s*(?:约|大约)?\s*{SIDE.format(n='b')}"
                  rf"(?P<gap>(?:[^。；，\n]{{0,24}}?[，；]){{0,3}}?[^。；，\n]{{0,12}}?)"
                  rf"(?:(?:仅需|只需|仅用|只用|只要|仅要|缩至|最快|最短|快的话|现在|如今|现仅|现只|"
                  rf"(?:已经?|现已)?(?:缩短|压缩|减少|降低|降|减)(?:至|到|为))\s*|"
                  rf"(?:现在|如今|目前|改革后|实施后|启用后|上线后)[^。；\n\d]{{0,10}}?|"  # 如今网上提交，1个工作日内办结
                  rf"(?:只需|仅需)[^。；，\n\d]{{0,10}}?)"  # 只需在船舶开装前2小时
                  rf"{SIDE.format(n='a')}")
# 从5天到2天, 从每小时26箱提速至33箱, 由2天变为4小时: a pair with any verb (or none) between 由/从 and 至/到/为/成; its
# direction is read from the two figures
FROM_TO = re.compile(
    rf"(?:由|从)(?:原来的|原先的|过去的|过去|原来|原先|以往的|以往|之前的|以前的|此前的|改革前的|去年的|上年的)?"
    rf"(?:每[\u4e00-\u9fa5]{{1,3}}?)?(?:平均|约|大约|近)?\s*[“「]?\s*" + SIDE.format(n="b")
    + rf"[”」]?(?P<gap>[^。；，、\d“「]{{0,8}}?)(?<![不等])(?:至|到|为|成|变)了?(?P<rest>(?:每[\u4e00-\u9fa5]{{1,3}}?)?"
    rf"[^。；，、\d“「]{{0,3}}?)[“「]?\s*"
    + SIDE.format(n="a") + r"(?!\s*(?:不等|之间|级|以下的|以上的))")
RANK = re.compile(rf"(?:位列|位居|居|排名|列)(?P<scope>全国|全省|全球|[\u4e00-\u9fa5]{{0,6}}?)(?:海关)?第(?P<n>{NUM})(?:位)?|"
                  rf"(?P<scope2>全国|全省|省内|关区|[\u4e00-\u9fa5]{{2,6}})首位")
# 是我省对俄货运量最大的公路口岸, 稳居全球最大铝土矿进口港, 已成为山东进口丙烯最大港口: a superlative with its scope,
# predicated of a port, hub or place, is rank 1 (curation 1.2 status; sd-2024-07); 最大限度, 最多跑一次 are not ranks
RANK_WORD = re.compile(r"(?:是|成为|稳居|位居|跃居|跃升为|为|作为)(?P<scope>全国|全省|我省|本省|全市|全球|世界|国内|省内|我国|"
                       r"[\u4e00-\u9fa5]{0,3}?)[^，。；“”「」\d]{0,10}?(?:最大|最多|最繁忙|第一大)(?!限度|程度|化|值|优势|努力|的努力)的?"
                       r"(?P<head>[^，。；“”「」\d]{0,8}?(?:港口|港|口岸|机场|枢纽|通道|基地|集散地|集散中心|口岸城市|城市|市场|"
                       r"站))(?![\u4e00-\u9fa5]{0,2}(?:之一|建设))")
# 新增的6条智能查验通道将于年底前投入使用: the clause's verb, after the figure, says it is still to come
WILL_AFTER = re.compile(r"[^，。；\n]{0,16}?(?:将于|将在|将会|预计将|计划于|拟于|有望在)")
_ONE = rf"(?P<{{v}}>{_NUM})\s*(?P<{{u}}>{UNIT_RE})"
RESPECTIVE = re.compile(rf"分别(?:由|从)(?:原来的|过去的)?\s*{_ONE.format(v='b1', u='bu1')}\s*[、和与]\s*{_ONE.format(v='b2', u='bu2')}"
                        rf"\s*(?P<verb>{VERB})(?:至|到|为)\s*{_ONE.format(v='a1', u='au1')}\s*[、和与]\s*"
                        rf"{_ONE.format(v='a2', u='au2')}")
DOUBLED = re.compile(r"翻了?(?P<n>一|两|二|三|\d)番")
# 可节约1亿元 is no 约; 不超过 is 以内, not 超
QUALIFIER_BEFORE = [(re.compile(r"((?<!节|制|预|契|签|合)约|大约)\s*$"), "约"), (re.compile(r"(不到|不足|不超过|低于)\s*$"), "以内"),
                    (re.compile(r"(超过|超|突破|逾)\s*$"), "超"), (re.compile(r"近\s*$"), "近"),
                    (re.compile(r"最短\s*(?:仅需|只需)?\s*$"), "最短"), (re.compile(r"至少\s*$"), "至少"),
                    (re.compile(r"可达\s*$"), "可达")]
QUALIFIER_AFTER = [("左右", "约"), ("以上", "以上"), ("以内", "以内"), ("之内", "以内"), ("内", "以内")]
NAMED_HOURS = re.compile(r"\s*(?:服务|热线|应急|通道|值守|在线|不间断|全天候|过境|免签|全时段|通关|预约|响应|不打烊|运转|"
                         r"开放|候检|保障|无休|畅通|轮班|专人)")


def _f(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


class OutcomeRules:
    """Mixed into the Extractor."""

    def outcomes(self, case: DraftCase, norm: str, a: int, b: int, section: str, names: Spans) -> None:
        """The outcomes of norm[a:b], a section of kind "background", "results" or "body" (text.role_spans)."""
        used = Spans()
        # short quoted names (“7×24小时”, “24小时通关”), not quoted speech with its own figures
        quotes = Spans([(a + m.start(), a + m.end()) for m in rx(r"[“「][^”」\n，。；]{1,14}[”」]").finditer(norm[a:b])
                        if not _FIGURE_ONLY.fullmatch(m.group(0)[1:-1])]  # “3天”到“3小时”: figures quoted, not names
                       # a document's name (《温州港口岸降费提效十条》) and a list of links to other stories (· 宁夏出台…十条措施)
                       + ([(a + m.start(), a + m.end()) for m in rx(r"(?m)《[^》\n]{1,60}》|^[·•][^\n。]*$").finditer(norm[a:b])]
                          if any(norm.find(c, a, b) >= 0 for c in "《·•") else []))
        found: list[Outcome] = []
        for m in RESPECTIVE.finditer(norm, a, b):
            if quotes.inside(m.start()) or names.inside(m.start()):
                continue
            pairs = []
            for k in (1, 2):
                bv, av = value(m.group(f"b{k}")), value(m.group(f"a{k}"))
                bu, au = m.group(f"bu{k}"), m.group(f"au{k}")
                if bv is None or av is None or not same_dimension(bu, au):
                    pairs = []
                    break
                pairs.append((bv, bu, av, au, m.start(f"a{k}")))
            if not pairs:
                continue
            s, e = clause(norm, m.start(), m.end(), a, b)
            s = min(s, sentence_start(norm, m.start(), a)) if norm[s:m.start()].strip() == "" else s
            verb = m.group("verb")
            for bv, bu, av, au, ai in pairs:  # 分别由40小时、2小时缩短至30小时、1小时: two pairs, in order
                o = Outcome(norm[s:m.end()], s, m.end(), float(av), au, baseline=float(bv),
                            baseline_unit=bu if bu != au else None, kind="before-after",
                            direction="decrease" if verb.startswith(DECREASE) or verb in ("降", "减") else "increase")
                self._finish(o, norm, ai, m.end(), a, b, quote_start=m.start())
                found.append(o)
            used.add(m.start(), m.end())
        for pattern in (BEFORE_AFTER, NEED, FROM_TO):
            pos = a
            while True:
                m = pattern.search(norm, pos, b)
                if m is None:
                    break
                pos = m.start("b") + 1
                if quotes.inside(m.start("b")) or names.inside(m.start("b")) or used.inside(m.start("b")):
                    continue
                o = self._before_after(norm, m, a, b, "need" if pattern is NEED else "from" if pattern is FROM_TO else "verb")
                if o is None:
                    continue
                pos = m.end()
                used.add(m.start("b"), max(m.end(), o.end))
                found.append(o)
        for m in QUANTITY.finditer(norm, a, b):
            if used.inside(m.start()) or quotes.inside(m.start()) or names.inside(m.start()):
                continue
            o = self._quantity(norm, m, a, b)
            if o is not None:
                found.append(o)
                used.add(m.start(), m.end())
        for m in FRACTION.finditer(norm, a, b):
            if used.inside(m.start()) or quotes.inside(m.start()):
                continue
            v = fraction_value(m)
            pre = norm[max(a, m.start() - 16):m.start()]
            verb = re.search(rf"({VERB}|节约|节省)[^，。；]{{0,12}}$", pre)
            share = rx(r"占[^，。；]{0,24}$").search(norm[max(a, m.start() - 30):m.start()])
            if v is None or not (verb or share or rx(r"(达到|超过|近)\s*$").search(pre)
                                 or rx(r"(?:为|是|相当于)[^，。；\d]{0,8}的\s*$").search(pre)):  # 仅为过去的1/5
                continue
            s, e = clause(norm, m.start(), m.end(), a, b)
            o = Outcome(norm[s:e], s, e, float(v), "%", kind="change" if verb else "level",
                        direction=("decrease" if verb and verb.group(1).startswith(DECREASE) else
                                   "increase" if verb else "none"))
            self._finish(o, norm, m.start(), m.end(), a, b)
            found.append(o)
            used.add(m.start(), m.end())
        for m in APPROX_MAGNITUDE.finditer(norm, a, b):
            if used.inside(m.start()) or m.group("q") == "数":
                continue
            s, e = clause(norm, m.start(), m.end(), a, b)
            unit = m.group("unit")
            mag = {"百": 100, "千": 1000, "万": 10000}[m.group("mag") or m.group("mag2")]
            if mag == 10000 and "万" + unit in WRITTEN_UNITS:
                mag, unit = 1, "万" + unit  # 万余人次 → 1 万人次, as written (never pre-multiplied)
            o = Outcome(norm[s:e], s, e, float(mag), unit)
            self._finish(o, norm, m.start(), m.end(), a, b)
            o.qualifier = {"近": "近", "超": "超", "逾": "超", "上": "超", "余": "余", "多": "余"}[m.group("q") or m.group("q2")]
            found.append(o)
            used.add(m.start(), m.end())
        for m in DOUBLED.finditer(norm, a, b):
            if used.inside(m.start()):
                continue
            n = value(m.group("n"))
            if n is None or n > 4:
                continue
            s, e = clause(norm, m.start(), m.end(), a, b)
            o = Outcome(norm[s:e], s, e, float(2 ** int(n) - 1), "倍", kind="change", direction="increase")
            self._finish(o, norm, m.start(), m.end(), a, b)  # 翻了一番: up by one times itself (×2)
            found.append(o)
            used.add(m.start(), m.end())
        for m in RANK.finditer(norm, a, b):
            if used.inside(m.start()):
                continue
            n = value(m.group("n")) if m.group("n") else Decimal(1)
            if n is None:
                continue
            s, e = clause(norm, m.start(), m.end(), a, b)
            found.append(Outcome(norm[s:e], s, e, float(n), "位", kind="rank", role="status",
                                 metric="provincial-rank" if "省" in m.group(0) else "national-rank",
                                 period=_period(norm, s, m.start(), a)))
        superlative = any(norm.find(w, a, b) >= 0 for w in ("最大", "最多", "最繁忙", "第一大"))  # a cheap test first
        for m in (RANK_WORD.finditer(norm, a, b) if superlative else ()):
            if used.inside(m.start()) or quotes.inside(m.start()) or any(o.kind == "rank" and o.start <= m.start() < o.end
                                                                      for o in found):
                continue
            s, e = clause(norm, m.start(), m.end(), a, b)
            scope = m.group(0)
            metric = "global-rank" if rx(r"全球|世界").search(scope) else "provincial-rank" if rx(r"省").search(scope) or \
                any(p in rx(r"最大|最多|最繁忙|第一大").split(scope)[0] for p in PROVINCES) else "national-rank"  # 广西最大: a province's first
            o = Outcome(norm[s:m.end()], s, m.end(), 1.0, "位", kind="rank", role="status", metric=metric,
                        period=_period(norm, s, m.start(), a))
            o._fig = m.start()
            found.append(o)
        found += _commitments(norm, a, b, found)
        found = _pair_levels(norm, found, a)
        _parenthesised_baselines(norm, found, b)
        found = _one_per_thing(norm, found)
        for o in found:
            o.role = outcome_role(norm, o, section, a)
        # the background levels since the last results section (kept on the case: linear in the text, not
        # a scan of every earlier outcome per section)
        if section == "background":
            case.__dict__.setdefault("_background", []).extend(found)
            for o in found:
                o._background = True  # what was reached before (a notice's 一、基本情况 too): never a target
        elif section == "results":
            _background_baselines(norm, found, case.__dict__.pop("_background", []), a)
        case.outcomes.extend(found)

    # -- one before/after pair
    def _before_after(self, norm: str, m: re.Match, a: int, b: int, mode: str) -> Outcome | None:
        need = mode != "verb"  # NEED and FROM_TO: the direction is read from the figures
        bunit = m.group("bunit")
        base = value(m.group("b"))
        if base is None:
            return None
        if m.group("bhalf") or m.group("bgh"):
            base += Decimal("0.5")  # 一天半
        bmax = value(m.group("b2")) if m.group("b2") else pair_max(m.group("b"))
        bwan = m.group("bwan")
        bunit_w = written_unit(bwan, bunit)
        if m.groupdict().get("order"):
            aunit, val, amax, awan = m.group("order"), Decimal(1), None, None
            if aunit == "分钟":
                aunit = "分钟"
        else:
            aunit = m.group("aunit")
            val = value(m.group("a"))
            if val is not None and (m.group("ahalf") or m.group("agh")):
                val += Decimal("0.5")
            amax = value(m.group("a2") or m.group("a3")) if m.group("a2") or m.groupdict().get("a3") else \
                pair_max(m.group("a") or "")  # 降至80元至100元: the after side a range with its unit twice
            awan = m.group("awan")
        aunit_w = written_unit(awan, aunit)
        if bunit in ("个月", "天", "周", "年", "个星期") and rx(r"(?:(?<!提)前|近|首|头|这|最近)\s*$").search(
                norm[max(a, m.start("b") - 2):m.start("b")]):
            return None  # 今年前10个月降至2.8天: a period, not the old level
        if m.start("b") > a and (norm[m.start("b") - 1].isdigit() or norm[m.start("b") - 1] in ".．,"):
            return None  # the tail of a longer number (…10个月 searched again from its 0)
        if val is None or bunit_w is None or aunit_w is None or not same_dimension(bunit_w, aunit_w):
            return None
        if need:
            after_n, before_n = normalise(val, aunit_w)[0], normalise(base, bunit_w)[0]
            if mode == "from" and after_n == before_n:
                return None
            direction = "decrease" if after_n < before_n else "increase"
        else:
            verb = m.group("verb")
            direction = "decrease" if verb.startswith(DECREASE) or verb in ("降", "减") else "increase"
        s, e = clause(norm, m.start(), m.end(), a, b)
        s = min(s, sentence_start(norm, m.start("b"), a)) if "，" in (m.group("gap") or "") else s
        if mode == "need":
            s = clause(norm, m.start(), m.start() + 1, a, b)[0]
        e = max(e, m.end())
        while e < b and norm[e] in "以上内之左右":
            e += 1
        if m.groupdict().get("order"):
            # 从1分钟缩短至秒级，平均约6秒: the figure the next clause gives is the result
            nx = rx(r"[，,]\s*(?:平均|约|大约|最快|仅|只需|仅需)*\s*(\d+(?:\.\d+)?)\s*(秒|分钟)").match(norm, m.end(), b)
            if nx and same_dimension(nx.group(2), bunit_w):
                val, aunit_w, e = Decimal(nx.group(1)), nx.group(2), max(e, nx.end())
        o = Outcome(norm[s:e], s, e, float(val), aunit_w, baseline=float(base),
                    baseline_unit=bunit_w if bunit_w != aunit_w else None, baseline_max=_f(bmax), value_max=_f(amax),
                    kind="before-after", direction=direction)
        a_start = m.start("a") if m.groupdict().get("a") and m.start("a") >= 0 else m.start("order")
        self._finish(o, norm, a_start, m.end(), a, b, quote_start=m.start("b"))
        if m.groupdict().get("order") and o.value == 1:
            o.qualifier = "约"
        return o

    def _finish(self, o: Outcome, norm: str, ns: int, ne: int, a: int, b: int, quote_start: int | None = None) -> None:
        o._fig = ns  # where the figure starts (not an output field)
        o.qualifier = o.qualifier or _qualifier(norm, ns, ne, o.start, o.end)
        o.projected = _projected(norm, o.start, quote_start if quote_start is not None else ns, a)
        o.metric = _metric(norm, o.start, o.end, o.unit)
        o.period = _period(norm, o.start, ns, a)

    # -- one quantity
    def _quantity(self, text: str, m: re.Match, a: int, b: int) -> Outcome | None:
        unit = m.group("unit")
        num = m.group("num")
        if unit == "个" and re.match(rf"、\s*{NUM}\s*个百分点", text[m.end():m.end() + 16]):
            unit = "个百分点"  # 高于全省、烟台市64.6个、49个百分点: one unit for the list
        wan = (m.group("wan1") or "") + (m.group("wan") or "") or None  # 万, 亿, or 万亿 (3.2万亿元)
        if m.group("num2") and m.group("wan1") and m.group("wan1") == m.group("wan"):
            wan = m.group("wan")  # 15万至25万元: 万 on both ends of a range
        before = text[max(a, m.start() - 1):m.start()]
        after = text[m.end():m.end() + 1]
        clause_lo, _ = clause(text, m.start(), m.end(), a, b)
        lead = text[clause_lo:m.start()]
        if after == "级" or (after == "以" and text[m.end():m.end() + 3] in ("以下的", "以上的")):
            return None  # a class or rating: 十万吨级船舶, 1000吨以下的船舶
        if rx(r"(?:满载|载有|装载|载着)\s*$").search(lead) or rx(r"(?:^|[^\d单])一(?:船|艘船|列|车|辆车|架飞机)\s*$").search(lead):
            return None  # 一列满载48个集装箱的班列, 一船10万吨铁矿石: a scene, one vehicle's load
        if num in ("一", "1") and unit in ("天", "小时", "个小时", "周", "个月") and rx(
                r"(?!内|之内|以内)(?:最多|最少|至少|只能|可以|可|能够|能)?[^，。；\d就即]{0,4}?[一二两三四五六七八九十百千\d][一二两三四五六七八九十百千\d,.]*\s*(?:万|余|多)?"
                r"(?:趟|次|批|车|辆|箱|柜|票|单|班|列|艘|架次|人次|个)").match(text, m.end()):
            return None  # 一天最多来回两趟, 如今一天可以跑四趟: per day, a rate of what follows, not a time taken
        if num == "半" and text[max(a, m.start() - 1):m.start()] in ("大", "小", "多"):
            return None  # 大半天, 小半年: "most of a day", no figure
        if rx(r"[数几]\s*$").search(text[max(a, m.start() - 1):m.start()]) or rx(r"(每|×|x|X|\*)\s*$").search(lead):
            return None  # vague amounts, ratios, rotas (7×24小时)
        if rx(r"每(年|月|周|季度?)\s*$").search(lead) and unit == "次":
            return None
        if _defines_measure(lead, unit):
            return None  # 按每标箱100元, 补贴最高不超过200万元, 每季度至少召开1次: the measure's terms (curation 1.1)
        if unit in ("小时", "个小时") and NAMED_HOURS.match(text[m.end():m.end() + 4]) and \
                not rx(r"(缩短|压缩|减少|降|为|需|用时|耗时|仅)\s*$").search(lead):
            return None  # hours that name a service or a regime: 24小时通关, 240小时过境免签
        if rx(r"(包括|分为|下设|搭载|围绕|集成|设计|建议(?:小于|大于|不超过|控制在)|即)").search(lead) and unit in \
                ("个", "项", "类", "条", "大", "部分", "吨", "万吨", "公里", "万公里", "节"):
            return None
        if paren_spans(text, clause_lo, m.end()).inside(m.start()):
            return None
        if rx(r"[^，。；]{0,14}?的(?:比例|比重|占比)").match(text, m.end()):
            return None  # 货物在12小时内完成通关的比例为88%: the figure defines the share's metric
        if rx(r"按[^，。；]{0,10}$").search(lead) and rx(r"[^，。；]{0,4}?(?:计|计算|测算|估算)").match(text, m.end()):
            return None  # 按年吞吐量50万标箱计: an assumption of a calculation
        if rx(r"(方阵|梯队)").match(text[m.end():m.end() + 2]):
            return None
        if before and (before.isdigit() or before in ".．第"):
            return None
        if unit in ("年", "月", "日") or (unit == "个" and after in "月工") or (unit == "周" and after == "年"):
            return None
        if rx(r"[年月日号]").match(after) and unit in SKIP_UNITS_ALONE:
            return None
        if unit == "个月" and not (num == "半" or rx(r"(缩短|压缩|减少|需|用时|耗时|仅|提前|节省|节约)\s*$").search(lead)):
            return None  # 前三个月, 1-6个月: a period, not a figure
        if not num[0].isdigit():
            time_unit = unit in ("秒", "分钟", "小时", "个小时", "天", "周", "个星期", "星期", "个月", "个工作日", "工作日")
            if num == "半" and not time_unit:
                return None
            if (unit in SKIP_UNITS_ALONE or unit in ("类", "项", "个", "条", "部分")) and num not in ("一两", "两三") \
                    and not ((len(num) >= 2 or m.group("more") or num == "十") and (cn_number(num) or 0) >= 10) \
                    and not _steps(text, m, lead, unit, num) and not _equipment_in_words(lead, unit, num):
                # 十余家 is a count like 三十余家; 启用两台…检查机 counts equipment put in
                return None  # 两家, 三项 are words; 三十余家, 二十多项 are counts; 两次分拨 counts steps
            if num == "一" and not time_unit and not _equipment_in_words(lead, unit, num) and \
                    not (unit in ("倍", "成") and re.search(
                    r"(?:增长|提升|提高|增加|扩大)了?(?:近|约|超过|超)?\s*$", text[max(a, m.start() - 6):m.start()])):
                return None
            if unit == "成" and num not in ("一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十"):
                return None
        if num in ("一", "1", "两", "2", "三", "3") and unit in ("天", "个工作日", "工作日") and \
                rx(r"(?:到达|抵达|抵港|到港|开航|离港|出发|截止|之)前\s*$").search(lead):
            return None  # 企业可在班列到达前一天预约: a point in time, not a time taken
        if unit in ("趟", "次") and rx(r"(?:一|每)(?:天|日|周|月|年|小时|班)[^，。；\d]{0,6}$").search(lead):
            return None  # 一天最多来回两趟: trips per day, a rate (dev: trad-huanggang-trucks)
        if unit.endswith("单") and rx(r"[证位据独元项一次号品]").match(text, m.end()):
            return None  # 3单位, 2单证: 单 is not the counter there
        if unit.endswith("处") and rx(r"[理置罚于在长室级]").match(text, m.end()):
            return None  # 日均3处理…, 1处长: 处 is not the counter there
        if unit == "部" and not _equipment(text, m, lead):
            return None  # 3部门, 两部委: 部 counts only equipment put in (配备6部…系统)
        if unit == "位" and not rx(r"第\s*$").search(text[max(a, m.start() - 2):m.start()]):
            return None
        if unit == "成" and after and after in "立功果员本品为":
            return None
        if unit == "倍" and not rx(r"(增长|提升|提高|增加|达到|扩大|是|为)了?(?:近|约|超过|超)?\s*$").search(
                text[max(a, m.start() - 6):m.start()]) and not rx(r"(?:是|为|达到|相当于)[^，。；]{1,10}的(?:近|约|超过|超)?\s*$").search(
                text[max(a, m.start() - 14):m.start()]):  # 是改造前的3倍多: a multiple of an earlier figure
            return None
        v = value(num)
        if v is None:
            return None
        if m.group("half") or m.group("gh"):
            v += Decimal("0.5")  # 一天半, 两个半小时, 一成半
        wu = written_unit(wan, unit)
        if wu is None:
            return None  # 万/亿 with a unit the project lacks: never a pre-multiplied figure
        if wu not in WRITTEN_UNITS and wu not in ("成", "倍", "位"):
            return None
        s, e = clause(text, m.start(), m.end(), a, b)
        e = max(e, m.end())
        o = Outcome(text[s:e], s, e, float(v), wu)
        o._fig = m.start()
        vmax = None
        if m.group("num2"):
            vmax = value(m.group("num2"))
        elif m.group("num3"):
            vmax = value(m.group("num3"))
        elif num in ("一两", "两三") or pair_max(num) is not None:
            vmax = pair_max(num)
        o.value_max = _f(vmax)
        pre = text[max(s, m.start() - 12):m.start()]
        if rx(r"同比(?:增长|增加|提升|上升)?\s*(?:超|超过|近|约)?\s*$").search(pre) or \
                rx(r"同比(?:增长|增加|提升|上升)").search(pre[-8:]):
            o.kind, o.direction = "growth", "increase"
        elif rx(r"同比(?:下降|减少)\s*$").search(pre):
            o.kind, o.direction = "growth", "decrease"
        elif rx(r"(降幅|减幅|下降幅度)[^，。；]{0,3}$").search(pre):
            o.kind, o.direction = "change", "decrease"
        elif rx(r"(增幅|涨幅|提升幅度)[^，。；]{0,3}$").search(pre):
            o.kind, o.direction = "change", "increase"
        else:
            verb = rx(r"(缩短|压缩|压减|减少|降低|下降|节约|节省|减轻|减免|提升|提高|增长|增加|上升|扩大)[^，。；]{0,8}$").search(pre)
            if verb:
                o.kind = "change"
                o.direction = "decrease" if verb.group(1) in DECREASE else "increase"
        o.qualifier = _qualifier(text, m.start(), m.end(), s, e, more=m.group("more") or m.group("more2") or (
            text[m.end():m.end() + 1] if unit == "倍" and text[m.end():m.end() + 1] in ("多", "余") else None))
        o.projected = _projected(text, s, m.start(), a) or bool(WILL_AFTER.match(text, m.end()))
        o.metric = _metric(text, s, e, wu)
        o.period = _period(text, s, m.start(), a)
        return o


# the steps or trips a procedure takes, counted in number words: 跑两趟, 往返三次, 经…两次分拨, 三次开箱
STEP_VERB_BEFORE = re.compile(r"(?:跑|往返|来回|折返|跑办|跑腿|经过|经|需|需要|要|得|分|进行|办|提交)\s*$")
STEP_VERB_AFTER = re.compile(r"(?:分拨|往返|跑|开箱|查验|申报|报关|装卸|转运|倒运|倒箱|换装|提交|录入|办理|中转|转关|排队|登轮|"
                             r"检查|检验|审核|搬倒|掏箱|吊装|过磅|停车|盖章|签字)")
EQUIPMENT_VERB = re.compile(r"配备|配置|新增|购置|采购|添置|引进|投入|部署|投放|装备|安装|更新")
EQUIPMENT_NOUN = re.compile(r"设备|系统|车|仪|机|器|终端|装置|电话|手机|检测|探测")


def _steps(text: str, m: re.Match, lead: str, unit: str, num: str) -> bool:
    """两次分拨, 跑两趟: a number word counting the trips or steps a procedure takes is a figure (curation 1.1;
    heldout6/7 gold), not a word like 两家 or 三项; 一次 (一次申报, a slogan's word) never is."""
    if unit not in ("次", "趟") or num in ("一", "二", "半") or (cn_number(num) or 0) < 2:  # 不再二次开箱: "again"
        return False
    return unit == "趟" or bool(STEP_VERB_BEFORE.search(lead) or STEP_VERB_AFTER.match(text, m.end()))


def _equipment_in_words(lead: str, unit: str, num: str) -> bool:
    """启用两台大型货物X光检查机, 新增三条查验通道: a number word counting equipment or facilities right after the verb
    that puts them in is a figure (an input), unlike 两家 or 三项 in prose."""
    # 配置了一套…设备: 一 counts one piece of equipment here (elsewhere 一 alone is no count: 一次申报)
    return unit in ("台", "套", "部", "辆", "座", "条") and (num == "一" or num not in ("二", "半") and (cn_number(num) or 0) >= 2) \
        and bool(rx(r"(?:配备|配置|新增|增设|购置|采购|添置|引进|投入|部署|投放|安装|启用|投用|建成|新建|加装)了?\s*$").search(lead))


def _equipment(text: str, m: re.Match, lead: str) -> bool:
    """配备6部流动X光车辆检查系统: 部 counts equipment only after a verb that puts it in and before a device noun."""
    return bool(EQUIPMENT_VERB.search(lead)) and bool(EQUIPMENT_NOUN.search(text[m.end():m.end() + 14].split("，")[0]))


COMMITMENT = re.compile(r"(?:保障|确保|承诺|力争)[^，。；“]{0,12}?[“「](?P<n>\d+(?:\.\d+)?)\s*(?P<unit>小时|分钟|个工作日|天)"
                        r"(?:内|以内|之内)?(?:通关|放行|办结|验放|到达|提离)[”」]")  # “2小时内放行”
LISTED = re.compile(r"(?P<items>[\u4e00-\u9fa5]{2,6}(?:、[\u4e00-\u9fa5]{2,6}){1,3})(?:均|分别)?"
                    r"(?:减少|降低|缩短|压缩|压减|提升|提高|增长|增加)")


def _commitments(norm: str, a: int, b: int, found: list[Outcome]) -> list[Outcome]:
    """保障RCEP货物“6小时通关”: a service commitment is a level, 以内, projected (docs/curation.md 1.6, 6.12),
    though its figure sits inside a quoted name."""
    out = []
    for m in COMMITMENT.finditer(norm, a, b):
        if any(o.start <= m.start("n") < o.end for o in found):
            continue
        s, e = clause(norm, m.start("n"), m.end("unit"), a, b)
        o = Outcome(norm[s:m.end()], s, m.end(), float(m.group("n")), m.group("unit"), qualifier="以内", projected=True)
        o.metric = _metric(norm, s, m.end(), o.unit)
        o.period = _period(norm, s, m.start("n"), a)
        out.append(o)
    return out


# the old state's words (before its figure) and the new state's (between the two figures)
OLD_STATE = re.compile(r"过去|以前|以往|原来|原先|此前|之前|改革前|改造前|实施前|启用前|上线前|改造之前|改革之前|去年|上年|往年|"
                       r"传统模式|传统方式")
# a clause that opens with 到/至 the new figure (从过去的半天，到现在的40分钟左右)
TO_CLAUSE = re.compile(r"\s*(?:再)?(?:到|至)[^，。；\d]{0,6}$")
NEW_STATE = re.compile(r"现在|如今|目前|今年|改革后|改造后|实施后|启用后|上线后|投用后|此后|之后|现已|现|已经|已|"
                       r"自[^，。；\d]{1,20}?(?:后|以来)")  # 自去年推行“船边直提”后
# the new figure's own clause says it is a level reached or a time now needed (not a difference: 缩短9.6小时)
TO_LEVEL = re.compile(rf"(?:(?:{VERB}|压|变成|变为|变|提速|加快)了?(?:至|到|为|成)了?|只需|仅需|只要|仅要|只用|仅用|需要|需|要|"
                      rf"用时|耗时|最快|最短|仅仅|仅|只)[^，。；\d]{{0,6}}$")
# 为, 是, 达到: a level stated, a pair only when the old one is of the same period a year before (去年同期为…) or the
# new one points back (这一时间为…); 去年全年…613万标箱，今年前三季度为487万标箱 is two totals, not a pair
STATED = re.compile(r"(?:为|是|达到|达)[^，。；\d]{0,6}$")
SAME_PERIOD = re.compile(r"去年同期|上年同期|同期")
# 在目前约26小时的基础上: the figure is the base the change starts from
BASE_AFTER = re.compile(r"(?:左右|以上|以内)?的?(?:基础上|水平上)")
ANAPHOR = re.compile(r"(?:这一|这个|该|此|上述)(?:数字|时间|时长|用时|耗时|费用|成本|比例|比重|指标|数据|环节|流程)")
# the baseline stated after the new figure, in the next clause: …为1.6天，去年同期为3.8天; 达到160万辆次，比去年同期的132万辆次
LATER_BASELINE = re.compile(r"^(?:而|但|比|较|相比|与)?\s*(?:去年同期|上年同期|去年|上年|改革前|改造前|实施前|以前|过去|此前|原来|"
                            r"(?:推行|实施|试点|改革|运行|上线|启动|开通)(?:初期|之初|前))"  # 较推行初期的90家
                            r"(?:的|为|仅为|只有|仅|是|约为|则为|还|只|约|达|平均|需要|需|要|用时|耗时)*\s*"
                            # 上年这一比例为57%: the period, then the measure pointed back to
                            r"(?:(?:这一|这个|该|此)(?:比例|比重|占比|数字|时间|时长|用时|耗时|费用|成本|指标|数据)"
                            r"(?:的|为|仅为|只有|仅|是|约为|则为|还|只|约|达|平均)*\s*)?$")


PAREN_BASELINE = re.compile(rf"\s*[（(]\s*(?:改革前|改造前|实施前|此前|过去|原来|以前|去年同期|上年同期|去年)(?:为|是|需|需要|约|平均)*\s*"
                            rf"(?P<v>{_NUM})\s*(?P<unit>{UNIT_RE})\s*[)）]")


def _parenthesised_baselines(norm: str, found: list[Outcome], b: int) -> None:
    """缩短至1.8天（改革前为3.5天）: the old figure in brackets after the new one is its baseline."""
    for o in found:
        if o.baseline is not None or o.kind not in ("level", "change"):
            continue
        m = PAREN_BASELINE.match(norm, o.end, b)
        if not m or not same_dimension(m.group("unit"), o.unit):
            continue
        if o.kind == "change" and not _reached(norm, o):
            continue  # 缩短了2天（改革前为5天）: a difference keeps no baseline
        v = value(m.group("v"))
        if v is None:
            continue
        o.baseline, o.baseline_unit = float(v), (m.group("unit") if m.group("unit") != o.unit else None)
        nv, ov = normalise(o.value, o.unit)[0], normalise(v, m.group("unit"))[0]
        o.kind, o.direction = "before-after", "decrease" if nv < ov else "increase"
        o.end = m.end()
        o.quote = norm[o.start:o.end]


# a level reached, in a results section: 增至710列, 达到2.4万吨, 提升至95%
REACHED_LEVEL = re.compile(r"(?:增至|增加到|增加至|增长到|增长至|提升至|提升到|提高到|提高至|上升至|上升到|达到|达|突破|升至|降至|降到|"
                           r"减至|下降到|下降至|缩短至|压缩至)[^，。；\d]{0,4}$")
# words every statistic shares: not evidence that two figures measure the same thing
_GENERIC_BIGRAMS = {"企业", "进口", "出口", "货物", "全省", "全市", "口岸", "海关", "累计", "同比", "达到", "实现", "完成",
                    "开行", "年度", "全年", "今年", "上年", "去年", "以来", "实施", "改革", "其中", "共计", "总量", "数量"}


def _bigrams(s: str) -> set[str]:
    s = rx(r"(?:20\d\d|二〇[〇一二三四五六七八九]{2})\s*年").sub("|", s)
    return {s[i:i + 2] for i in range(len(s) - 1)
            if all("\u4e00" <= c <= "\u9fa5" for c in s[i:i + 2])} - _GENERIC_BIGRAMS


def _same_quantity(u1: str, u2: str) -> bool:
    """9800万吨 and 1亿吨, 20小时 and 8小时以内, 2天 and 6小时: one quantity; 万人次 and 万辆次 are two counts."""
    base1, base2 = (u[1:] if len(u) > 1 and u[0] in "万亿" else u for u in (u1, u2))
    return base1 == base2 or same_dimension(u1, u2) and normalise(1, u1)[1] != normalise(1, "个")[1]


def _background_baselines(norm: str, found: list[Outcome], earlier: list[Outcome], a: int) -> None:
    """2024年国际货邮吞吐量仅1.1万吨 (背景情况) … 2025年国际货邮吞吐量达到2.4万吨 (实践成效): a level the results
    section says was reached, on the same thing (at least two shared words of its clause) and in the same written
    unit as exactly one background level of an earlier (or unstated) year, takes that level as its baseline. The
    background figure stays a context outcome of its own."""
    back = [o for o in earlier if o.kind == "level" and o.baseline is None and not o.projected]
    if not back:
        return
    taken: set[int] = set()
    for o in found:
        if not (o.kind == "level" or o.kind == "change" and _reached(norm, o)) or o.baseline is not None \
                or o.projected or o.role != "effect":
            continue  # a level, or a change written as the level it reached (提升至1890万吨)
        lead = norm[o.start:_fig(o)]
        if not REACHED_LEVEL.search(lead):
            continue
        words = _bigrams(lead)
        y2 = _year(norm[sentence_start(norm, o.start, a):_fig(o)])
        cands = [k for k, b in enumerate(back) if k not in taken and _same_quantity(b.unit, o.unit) and len(words & _bigrams(
            norm[b.start:_fig(b)])) >= 2 and not (y2 is not None and (_year(norm[max(0, b.start - 40):_fig(b)]) or 0) >= y2)]
        if len(cands) != 1:
            continue
        b = back[cands[0]]
        taken.add(cands[0])
        nv, ov = normalise(o.value, o.unit)[0], normalise(b.value, b.unit)[0]
        if nv == ov:
            continue
        o.baseline, o.baseline_max, o.kind = b.value, b.value_max, "before-after"
        o.baseline_unit = b.unit if b.unit != o.unit else None  # 9800万吨 → 1亿吨
        o.direction = "decrease" if nv < ov else "increase"


def _defines_measure(lead: str, unit: str) -> bool:
    """Figures that define a measure rather than report what it did (docs/curation.md 1.1 counter-example): a rate it
    is paid at (按每标箱100元), a subsidy's cap or a one-off award (补贴最高不超过200万元, 给予一次性奖励2万元), a
    meeting rule (每季度至少召开1次会议). Money paid out (累计发放补贴1200万元) is still a figure."""
    if rx(r"(?:按|按照)每[\u4e00-\u9fa5]{1,4}\s*$").search(lead):
        return True
    if unit.endswith("元") and rx(r"(?:给予|补助|补贴|奖励|奖补)[^，。；\d]{0,3}每[\u4e00-\u9fa5]{1,4}\s*$").search(lead):
        return True  # 给予每班次2万元补助: the subsidy's rate
    # a fee cut by so much per unit (作业费每标箱下调50元): the measure's rate, not a result (a cost that falls,
    # 成本每标箱降低100元, still is)
    if unit.endswith("元") and rx(r"费[^，。；\d]{0,6}?每[\u4e00-\u9fa5]{1,4}?(?:下调|减免|减收|下浮)\s*$").search(lead):
        return True
    if unit.endswith("元") and rx(r"(?:补贴|奖励|资助|补助|奖补|扶持资金|支持资金)[^，。；\d]{0,8}$").search(lead) \
            and rx(r"最高|不超过|不高于|上限|最多|一次性|给予|每家|每个|单个|单家").search(lead) \
            and not rx(r"累计|共计|共发放|已|发放|兑现|拨付|落实|减免|节省|节约").search(lead):
        return True
    if unit in ("次", "场") and rx(r"每(?:年|半年|季度|季|月|周|旬)[^，。；\d]{0,8}$").search(lead) \
            and rx(r"至少|不少于|召开|举办|举行|组织|会商|调度|通报").search(lead) \
            and not rx(r"提升|提高|增加|增至|增长|减少|由|从|已|现在|目前").search(lead):
        return True
    return False


def _contrast(norm: str, o1: Outcome, o2: Outcome, a: int) -> bool:
    """以往…全程需时两三个小时；现时只须查验一次，全程约40分钟: two levels, the old one's sentence opened by the old
    state and the new one's (after 。 or ；) by the new state, are the old and the new level of one thing."""
    between = norm[o1.end:_fig(o2)]
    cut = max(between.rfind("。"), between.rfind("；"), between.rfind(";"))
    if o2.kind != "level" or cut < 0:
        return False
    before1 = norm[sentence_start(norm, o1.start, a):_fig(o1)]
    return _clause_led(OLD_STATE, before1) and _clause_led(NEW_STATE, between[cut + 1:]) and \
        not rx(r"[。；;]").search(between[:cut])


def _clause_led(words: re.Pattern, s: str) -> bool:
    """Does a clause of s start with one of words (据介绍，改造前，…), or with a short subject and then the old
    state (进口矿石过去要先卸到堆场, 货物过去须提前一天)?"""
    parts = [part.lstrip("“「 ") for part in rx(r"[，,：:]").split(s)]
    if any(words.match(p) for p in parts):
        return True
    return words is OLD_STATE and any(
        rx(r"^[\u4e00-\u9fa5]{1,8}?(?:过去|以前|以往|原来|原先)(?![一两二三四五六七八九十\d]+(?:年|个月|周|天))").match(p) for p in parts)


_FIGURE_ONLY = re.compile(rf"\s*(?:约|近|最快|仅)?\s*{_NUM}\s*(?:万|亿)?\s*(?:{UNIT_RE})\s*(?:以内|左右|之内)?\s*")
YEAR = re.compile(r"(20\d\d|二〇[〇一二三四五六七八九]{2}|二零[零一二三四五六七八九]{2})\s*年|(今年|本年)")


def _year(s: str) -> int | None:
    """The last year s names (2022年, 二〇二三年; 今年 as 9999: later than any year written out)."""
    last = None
    for m in YEAR.finditer(s):
        last = m
    if last is None:
        return None
    if last.group(2):
        return 9999
    digits = last.group(1).translate(str.maketrans("〇零一二三四五六七八九", "00123456789"))
    return int(digits)


def _fig(o: Outcome) -> int:
    return getattr(o, "_fig", o.end)


def _reached(norm: str, o: Outcome) -> bool:
    """A change written as the level it reached (压缩至4小时), not as a difference (缩短了2天)."""
    return rx(r"(?:至|到|为)了?[^，。；\d]{0,4}$").search(norm[o.start:_fig(o)]) is not None


def _pair_levels(norm: str, found: list[Outcome], a: int) -> list[Outcome]:
    """Two levels of the same thing, the old and the new, read as one before/after outcome:

    - in order, across clauses or into the next sentence: 过去…平均耗时5小时左右，现在…平均只要1.5小时;
      船舶平均待泊时间去年为31小时，今年…降到了19小时; 平均要花3天。今年，这个数字变成了不到10个小时
      (the second sentence points back: 这个数字, 这一费用; or the first starts with 改革前 and the second with 改革后);
    - the baseline after the new figure, in the next clause: 为1.6天，去年同期为3.8天; 占比达到83.5%，而去年同期仅为62.3%.

    The old state's figure must be a level, the new one a level reached (降到, 只需, 为) and not a difference
    (比去年同期缩短9.6小时), the two of one dimension, with no other figure between them."""
    import dataclasses

    found = sorted(found, key=_fig)
    out: list[Outcome | None] = list(found)
    paired: set[int] = set()
    for i in range(len(found) - 1):
        o1 = found[i]
        # a level, or a level reached (压缩至4小时: 比改革前的2天 may follow)
        reached = o1.kind == "change" and _reached(norm, o1)
        if i in paired or o1.baseline is not None or not (o1.kind == "level" or reached):
            continue
        # the next figure of the same dimension (a change of another one may stand between: 在目前约26小时的基础上
        # 再压缩25%，到2025年底降至20小时以内)
        j = next((k for k in range(i + 1, min(len(found), i + 4)) if same_dimension(found[k].unit, o1.unit)), None)
        if j is None or j in paired or any(found[k].kind == "level" for k in range(i + 1, j)):
            continue
        o2 = found[j]
        if o2.baseline is not None or o1.projected != o2.projected and not BASE_AFTER.match(norm, o1.end):
            continue  # a level reached and a target for later are two outcomes (已占15%；力争…把这一比例提升至三成)
        between = norm[o1.end:_fig(o2)]
        if len(between) > 60 or "\n" in between or between.count("。") + between.count("；") > 1:
            continue
        lead2 = norm[o2.start:_fig(o2)]
        new = old = None
        parallel = _clause_led(OLD_STATE, norm[o1.start:_fig(o1)]) and NEW_STATE.match(lead2.lstrip("“「 "))
        if reached and not (o2.kind == "level" and j == i + 1 and LATER_BASELINE.match(lead2)):
            continue  # a level reached takes only a baseline stated after it
        gap = norm[o1.end:o2.start]
        if o2.kind == "level" and j == i + 1 and LATER_BASELINE.match(lead2) and (
                rx(r"^[\s，,]*$").match(gap) or rx(r"^\s*[。；;]\s*$").match(gap) and ANAPHOR.search(lead2)):
            new, old = o1, o2  # the baseline follows (in the next sentence when it points back: 。上年这一比例为57%)
        elif o1.kind == "level" and o2.kind == "level" and j == i + 1 and between.count("，") + between.count("；") == 1 \
                and "。" not in between and NEW_STATE.match(norm[o1.start:_fig(o1)].lstrip("“「 ")) \
                and OLD_STATE.match(lead2.lstrip("“「 ")):
            new, old = o1, o2  # the new state first: 目前一天可以处理3000票，改革前只能处理1200票
        elif o2.kind in ("level", "change") and (TO_LEVEL.search(lead2) or STATED.search(lead2) or TO_CLAUSE.match(lead2)
                                                 or _contrast(norm, o1, o2, a)) and \
                (o2.kind == "level" or rx(r"(?:至|到|为|成)了?[^，。；\d]{0,6}$").search(lead2)):
            s1 = sentence_start(norm, o1.start, a)
            before1 = norm[s1:_fig(o1)]
            y1, y2 = _year(before1), _year(between)
            years = y1 is not None and y2 is not None and y2 > y1  # 2022年…为26小时，2024年为9.5小时
            if not (TO_LEVEL.search(lead2) or TO_CLAUSE.match(lead2)) and \
                    not (SAME_PERIOD.search(before1) or ANAPHOR.search(between) or years or parallel
                         or _contrast(norm, o1, o2, a)):
                continue
            if "。" in between or "；" in between:  # into the next sentence
                second = between[max(between.rfind("。"), between.rfind("；")) + 1:]
                if not (ANAPHOR.search(second) or _clause_led(OLD_STATE, before1) and _clause_led(NEW_STATE, second)):
                    continue
            elif not (BASE_AFTER.match(norm, o1.end) or years or parallel or OLD_STATE.search(before1) and (NEW_STATE.search(between) or rx(
                    r"(?:由|从)[^，。；\d]{0,8}$").search(norm[o1.start:_fig(o1)]) and rx(r"(?:为|至|到|成)").search(between))):
                continue  # 由过去的平均4小时，调整为即报即办，最快15分钟: 由 … 为 across the clauses
            new, old = o2, o1
        elif o2.kind == "level" and j == i + 1 and (between.count("，") == 1 and parallel or (
                1 <= between.count("，") <= 2 and not rx(r"[。；;]").search(between)
                and (_clause_led(OLD_STATE, norm[sentence_start(norm, o1.start, a):_fig(o1)])
                     or rx(r"(?<![比较])(?:在|于)?(?:改革前|改造前|实施前|以前|此前|过去|原来)").search(norm[o1.start:_fig(o1)]))
                and (NEW_STATE.match(lead2.lstrip("“「 ")) or _clause_led(NEW_STATE, between.split("，", 1)[-1])))):
            # …现在两家联合作业，平均4个半小时: the new state may open the clause before the new figure's
            # parallel clauses: 原来一天能处理200票，现在能处理500票; the old state may open the sentence a clause
            # before (以前…要转好几道手，报关、转关加起来得一两天，现在不到6小时), in another unit of the same dimension
            new, old = o2, o1
        if new is None:
            continue
        try:
            nv, ov = normalise(new.value, new.unit)[0], normalise(old.value, old.unit)[0]
        except KeyError:
            continue
        if nv == ov:
            continue
        s, e = min(o1.start, o2.start), max(o1.end, o2.end)
        merged = dataclasses.replace(new, quote=norm[s:e], start=s, end=e, baseline=old.value, baseline_max=old.value_max,
                                     baseline_unit=old.unit if old.unit != new.unit else None, kind="before-after",
                                     direction="decrease" if nv < ov else "increase")
        merged._fig = _fig(new)
        out[i], out[j] = (merged, None) if new is o1 else (None, merged)
        paired |= {i, j}
    return [o for o in out if o is not None]


def _one_per_thing(norm: str, found: list[Outcome]) -> list[Outcome]:
    """办事环节、申请材料、办事时间减少50%以上: one figure stated for several things is one outcome per thing
    (docs/curation.md 6.13), with the same quote."""
    import dataclasses

    out = []
    for o in found:
        out.append(o)
        m = LISTED.match(norm, o.start, o.end)
        if m and o.kind == "change":
            out += [dataclasses.replace(o) for _ in m.group("items").split("、")[1:]]
    return out


def _qualifier(text: str, s: int, e: int, a: int, b: int, more: str | None = None) -> str | None:
    if more:
        return "余"
    pre, post = text[max(a, s - 6):s], text[e:min(len(text), e + 3)]
    for pattern, q in QUALIFIER_BEFORE:
        if pattern.search(pre):
            return q
    return next((q for word, q in QUALIFIER_AFTER if post.startswith(word)), None)


def _projected(text: str, s: int, i: int, a: int) -> bool:
    """Is the figure at i (clause starting at s) a target or forecast, not a result?"""
    own = NOW_AS_BASELINE.sub("", text[s:i])
    if any(w in own for w in DONE):
        return False
    if rx(r"\s*到20\d\d年").match(own):
        return True
    if any(w in own for w in PROJECT) or rx(r"(?:下一步|未来|今后|明年|届时)[^，。；]{0,6}将").search(own) or FUTURE.search(own) \
            or PROJECT_VERB.search(own):
        return True
    # a governing word at the start of an earlier clause of the same sentence (力争到2025年，…), until a
    # clause that says something is done (计划新增…，已获批…，占比达60%: the last is achieved)
    sent = sentence_start(text, s, a)
    governed = False
    for part in rx(r"[，,]").split(text[sent:s]):
        p = part.strip()
        if any(w in p for w in DONE):
            governed = False
        elif p.startswith(PROJECT) or PROJECT_VERB.search(p) or FUTURE.search(p) or \
                rx(r"(?:下一步|未来|今后|到20\d\d年|按照规划|根据规划)").match(p):
            governed = True
    return governed


# a projection verb after the clause's subject (港务区力争到2028年…): 计划 and 目标 only as verbs (融合引航计划 is a noun)
PROJECT_VERB = re.compile(r"力争|预计|有望|争取|预期|预估|估计|预测|(?:计划|规划)(?=到|于|在|今年|明年|年内|年底|\d|新增|建设|新建|建成|开通|投资|"
                          r"实现|引进)")
# 将 before a verb is the future (今年将投资1.2亿元, 将新增查验通道8条); 将 before a noun is the object marker
# (将通关时间缩短至…, 已将…: achieved), and so is 将该做法推广
FUTURE = re.compile(r"将把|将(?:会|要|于|在[^，。；\d]{0,8}?|进一步|继续|全面|逐步|陆续|重点|着力|加快|大力|再)?(?:投资|投入|新增|建成|新建|开通|开行|达到|突破|"
                    r"超过|实现|增至|增加|形成|覆盖|带动|引入|推出|上线|完成|改造|扩大|打造|启动|部署|增设|配备|购置|引进|新开|"
                    r"迎来|吸引|惠及|节省|节约|减少|缩短|提升|提高|降低|增设|开设|设立)|"
                    r"(?:今年|年内|年底前|明年|下半年|近期|后续|年底|届时)[^，。；\d]{0,4}将|"
                    r"将(?:于|在)(?:明年|今年|年内|年底|下半年|近期|20\d\d|二〇)")  # 该局将于明年增设…


def _period(text: str, s: int, i: int, a: int) -> int | None:
    m = rx(r"(20\d\d)\s*年").findall(text[max(a, s - 40):i])
    return int(m[-1]) if m else None


METRIC_WORDS = [
    ("logistics-cost", "物流费用"), ("logistics-cost", "物流成本"), ("cost-saving", "费用"), ("cost-saving", "成本"),
    ("berth-waiting-time", "待泊"), ("person-clearance-time", "旅客"), ("person-clearance-time", "机组"),
    ("person-clearance-time", "入出境手续"), ("clearance-time", "通关时间"), ("clearance-time", "通关"), ("inspection-time", "查验"),
    ("inspection-time", "检疫"), ("port-stay-time", "在港"), ("port-stay-time", "滞港"), ("processing-time", "办理"),
    ("processing-time", "审批"), ("processing-time", "申报"), ("transport-time", "运输"), ("transport-time", "转运"),
    ("transport-time", "中转"), ("operation-time", "作业"), ("financing-time", "融资"), ("clearance-cost", "通关成本"),
    ("tax-relief", "税"), ("trade-value", "进出口"), ("trade-value", "货值"), ("export-value", "出口额"),
    ("cargo-throughput", "吞吐量"), ("container-throughput", "标箱"), ("container-throughput", "集装箱"),
    ("passenger-volume", "旅客"), ("vessel-calls", "船舶"), ("enterprises-served", "企业"), ("efficiency", "效率"),
    ("accuracy-rate", "准确率"), ("share", "占"), ("co2-reduction", "二氧化碳"), ("coal-saving", "标煤"),
    ("power-generation", "发电"),
]


def _metric(text: str, s: int, e: int, unit: str) -> str:
    """A metric guessed from the clause's words (from the sentence when the clause has none)."""
    try:
        iri = normalise(1, unit)[1]
    except KeyError:
        iri = ""
    timeish = iri.endswith(("/HR", "/WorkingDay", "/SEC", "/MO"))
    percent = iri.endswith("/PERCENT")
    money = iri.startswith(CUR)  # any currency: 元, 美元, 港元 …
    clauses = [text[s:e]]
    if percent and rx(r"\s*(?:降幅|减幅|增幅|涨幅|缩短|压缩|降低|下降|减少|提升|提高)").match(text[s:e]):
        clauses.append(text[sentence_start(text, s, 0):e])  # 降幅达75%: what fell is in the clause before
    for cl in clauses:
        if money and rx(r"节约|节省|降低|减少|减轻").search(cl):
            return "cost-saving"
        for metric, word in METRIC_WORDS:
            if word not in cl:
                continue
            if metric.endswith("-time") and not (timeish or percent) or timeish and not metric.endswith("-time"):
                continue
            if (metric.endswith("-cost") or metric == "cost-saving") and not (money or percent):
                continue
            return metric
    if timeish:
        return "processing-time"
    if money:
        return "trade-value"
    if iri.endswith("/TONNE"):
        return "cargo-throughput"
    if percent:
        # a fall of an unnamed figure: the metric group (no betterWhen), not efficiency (better when higher)
        return "rate" if rx(r"降|减|缩短|压缩").search(text[s:e]) else "efficiency"
    return "count"
