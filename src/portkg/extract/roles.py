"""The role of an outcome (docs/curation.md 1.2, 6.2–6.4, 6.10): effect, context, input or status.

Decided by what the text does with the figure, read from its clause (the text from the previous
，；。 up to the figure), the words right after it, and the earlier clauses of its sentence:

- status: a rank (第二, 首位; set where ranks are read), "one of N" (是省内3个试点之一), and a share of
  a national or provincial total stated beside a rank (占全国申报总量的22.4%, 位列全国第二).
- input (6.4, 1.2): counts of the case's own activities (开展宣讲会12场, 走访企业43家, 梳理…59个事项,
  制作视频3个), the audience of such an activity (…12场，惠及企业400余家次), and the facilities, equipment,
  staff, space and funding put in (配备…通道18条, 建设46座, 提供10名协勤人员, 占地面积4300平方米, 投入2000余万元).
  What a service in operation handled (服务注册企业300余家) and what was resolved (解决问题68项) stay effects;
  investment attracted (吸引总投资42.2亿元) is an effect.
- context (6.3, 1.4): population counts (民营企业总数超过2万家, “四上”民营企业1060余家), shares of a total
  (占比达97%, 占…超八成), habitual background volumes (每年向印尼出口大蒜超过30万吨), gaps between
  growth rates (个百分点 after 高于/低于), counts of policies issued (出台…措施20条), the 背景情况 section,
  and — outside a results section — totals of a place, port or industry (全市外贸进出口总值, 港口吞吐量).
- context too: a count in a clause that states the old state (以前一宗备案要跑3个部门) without a pair.
- effect: everything else: in a results section (实践成效) the text itself presents a growth or a
  volume as the case's result, so the totals rule does not apply there.
"""
from __future__ import annotations

import re

from ..units import CURRENCY_WORDS
from .text import rx, sentence_start

COUNT_UNITS = ("次", "场", "期", "个", "项", "条", "类", "家", "台", "座", "套", "名", "人", "条次", "家次", "幅",
               "批", "种", "处", "支", "辆", "艘", "平方米", "万平方米", "亩", "公里", "份", "篇", "部")
# verbs whose object, counted, is what the case put in or did (an activity, a facility, staff)
ACTIVITY = re.compile(
    r"开展|组织|召开|举办|举行|走访|调研|宣讲|培训|发布|推送|制作|梳理|定制|绘制|编制|修订|整合|上线|丰富|"
    r"公开|网办|配备|配置|添置|加装|增配|投放|启用|购置|采购|建设|建成|新建|投用|投运|设立|增设|派驻|选派|抽调|组建|布设|布放|安装|部署|搭建|"
    r"开发|储备|设置|内设|设有|面积|探索建立|建立|对接|签订|签署|提供|突破(?!\s*\d)|攻克|排查|招募|占地")
MONEY_IN = re.compile(r"(?:投入|投资|安排|拨付|落实)(?:资金|经费)?[^，。；]{0,6}$")
# in the clause before the figure: the figure counts what was handled or achieved, not what was done
EFFECT_VERB = re.compile(
    r"解决|办结|化解|受理|办理|验放|服务|帮助|助力|助企|为企业|节约|节省|减少|降低|缩短|压缩|提升|提高|增长|增加|"
    r"新增|吸引|引进|招引|带动|实现|完成|达到|查获|拦截|享受|享惠|减免|累计为")
SERVED = re.compile(r"服务|帮助|惠及|为企业|新增|吸引|引进|招引|培育|备案|注册|带动|增加|增长")
# a facility or equipment counted, then put into service: 4台…风机并网成功, 3个项目已建成投产
COMMISSIONED = re.compile(r"^[^，。；]{0,12}?(?:并网|投用|投运|投入使用|建成|启用|落地|交付)")
CAPACITY_UNITS = ("兆瓦", "千瓦", "万千瓦", "千克", "立方米", "万立方米", "平方米", "万平方米")
AUDIENCE = re.compile(r"^(?:惠及|覆盖|涉及|参与|参加|培训|服务)?[^，。；]{0,8}$")
POPULATION = re.compile(r"(?:企业|主体|民营企业|会员|人口|居民|商户)(?:总数|总量|数量)?(?:超过|超|达|约|近|共|有)?\s*$")
POPULATION_STATE = re.compile(r"有进出口实绩|拥有|共有|现有|总数|总量|聚集|集聚|入驻")
SHARE = re.compile(r"占比|占[^，。；]{0,24}?(?:的|比重|比例)?\s*(?:超过|超|达到|达|近|约|为)?\s*$|比重|份额")
RANK_NEAR = re.compile(r"位列|位居|居全|排名|第[一二三四五六七八九十\d]")
PLACE_TOTAL = re.compile(r"进出口总值|外贸进出口|进出口总额|贸易总额|贸易额|GDP|生产总值|全市|全省|全国|全区|辖区|港口吞吐量|"
                         r"货物吞吐量|集装箱吞吐量|吞吐量|总量|规模以上|常住人口|实绩")
TOTAL_EFFECT = re.compile(r"推广|复制|推开|签发|受理|审核|查验|通过|实现|带动|带来|惠及|累计为|为企业|节约|节省|减少|缩短|压缩|提升|提高|降低|办理|受益|享受|完成|"
                          r"试点|改革|模式|举措|监管|验放|通关|帮助")
POLICY_COUNT = re.compile(r"(?:出台|发布|推出|制定|印发|形成|提出)[^，。；]{0,8}$")
POLICY_WORDS = re.compile(r"措施|举措|政策|条款|文件|制度|意见|方案|办法|改革")
HABITUAL = re.compile(r"(?:每年|年均|常年|历年|一般|通常)")
HABIT_EFFECT = re.compile(r"可|能够|支撑|节约|节省|减少|缩短|压缩|提升|提高|降低|带来|为企业|惠及|实现|帮助|减免|增加|增长")


def outcome_role(text: str, o, section: str, a: int) -> str:
    """The role of outcome `o` (its quote runs from its clause start to the figure's end) found in a
    section of kind `section` ("background", "results" or "body") that starts at `a`."""
    if o.kind == "rank":
        return "status"
    lead = text[o.start:o.end]
    after = text[o.end:o.end + 24]
    sent = text[sentence_start(text, o.start, a):o.end + 40]
    unit = o.unit
    base = unit[1:] if unit[:1] in "万亿" and len(unit) > 1 else unit
    level = o.kind == "level"
    # status
    if level and rx(r"[^，。；]{0,14}之一").match(after):
        return "status"
    share = unit in ("%", "成") and level and SHARE.search(lead) and not o.projected
    if share:
        if RANK_NEAR.search(sent) and rx(r"占全国|占全省").search(lead):
            return "status"
        # “船边直提”业务已占…的15%, 经“卡车航班”集疏的货物已占…38%: the share the case's own measure has won
        from .measures import SLOGANS

        # 经「e-道」办理手续的旅客达8600万人次，占总出入境人次的87%: a share clause with no subject of its own takes
        # the previous clause's; when that counts what went through a channel or service (经/通过/使用…的), the
        # share is the part of the traffic the case's instrument carries: an effect
        subject = lead.split("占")[0] if "占" in lead else ""
        if not rx(r"^[\s约大近超过已共均分别还]*$").sub("", subject):  # 约占…的三分之二: still no subject of its own
            subject = _previous_clause(text, o.start, a)
        if CHANNEL_USERS.search(subject):
            return "effect"  # 通过智能卡口验放的货车占…的八成: the subject in the same clause
        # the subject names the case's quoted instrument as done or used: 办理“提前申报”报关单6.8万票，占…的91%
        q = rx(r"[“「]([^”」]{2,16})[”」]").search(subject + lead)
        if q and q.group(1) not in SLOGANS and rx(r"已|业务|经|办理|使用|通过|采用|适用").search(subject + lead):
            return "effect"
        return "context"
    if unit in ("个百分点", "百分点") and rx(r"(?:高于|低于|快于|慢于)[^，。；]{0,24}$").search(lead):
        return "context"
    # input
    rest = rx(r"[^，。；]*").match(after).group(0).replace("\n", "")  # a PDF line break inside 开\n展
    before = _before_figure(lead)
    if level and (base in COUNT_UNITS or base in CAPACITY_UNITS):
        if ACTIVITY.search(lead) and not EFFECT_VERB.search(_after_last(lead, ACTIVITY)) \
                and not rx(r"吸引|引进|招引|带动|新增入驻|吸纳").search(lead):  # 带动新增入驻企业30家: firms drawn in
            return "input"
        if AUDIENCE.match(lead) and _previous_clause_is_input(text, o.start, a):
            return "input"
        if rx(r"(?:对|在|向)[^，。；]{0,6}$").search(before) and ACTIVITY.search(rest):
            return "input"  # 对76家企业开展调研, 在港口6个场所建立监控
        if COMMISSIONED.search(after) and not rx(r"吸引|引进|新增|预计|将").search(lead) \
                and not rx(r"\s*(?:个|家)?(?:项目|企业)").match(after):
            return "input"
        if rx(r"涵盖|包括|包含").search(lead) and ACTIVITY.search(text[sentence_start(text, o.start, a):o.start]) \
                and not rx(r"全市|全省|全区|辖区|产业|工业").search(lead):
            return "input"  # 梳理形成《清单》，涵盖…12类共性问题
        if rx(r"^\s*(?:把|将)\s*$").search(before) and ACTIVITY.search(text[sentence_start(text, o.start, a):o.start]):
            return "input"  # 编制了《指南》，把12类常见业务…讲清: the scope of what the case drew up
        if lead.startswith("其中") and _previous_clause_is_input(text, o.start, a, unit):
            return "input"  # 占地面积4300平方米，其中库房480平方米
    if level and base in CURRENCY_WORDS and not rx(r"吸引|引进|招引|带动").search(lead) and (
            MONEY_IN.search(before) or (rx(r"[^，。；]{0,4}(?:经费|资金)").match(after)
                                        and rx(r"提供|安排|投入|拨付|落实|筹措").search(lead))):
        return "input"
    if level and base in ("名", "人") and rx(r"提供|选派|派驻|抽调|配备|安排|组建").search(lead):
        return "input"
    if level and rx(r"每(?:周|月|日|天|季度|旬)各?[^，。；]{0,6}$").search(before) \
            and not rx(r"可|能|增|提高|提升|达到|由|从|扩大|加密").search(lead):
        return "input"  # a schedule the case set: 每周各开行3列, 每季度至少召开1次会议
    # context
    if base in ("项", "条", "个", "类", "份", "批") and POLICY_WORDS.search(text[o.start:o.end + 6]) \
            and POLICY_COUNT.search(lead[:-len(unit)] if lead.endswith(unit) else lead):
        return "context"
    if o.projected:
        pass  # a target is the case's aim, never a background figure
    elif level and base in ("家", "户", "个") and POPULATION.search(before) and not SERVED.search(before):
        return "context"
    elif level and base in ("家", "户") and POPULATION_STATE.search(lead) and not SERVED.search(lead) \
            and not USED_AFTER.match(rest):
        return "context"  # 共有35家企业享受到“两段准入”便利: the users of the case's instrument are an effect
    elif level and rx(r"(?:全市|全省|全区|辖区|工业|产业)[^，。；]{0,8}(?:涵盖|包括|拥有|有)").search(lead):
        return "context"  # 全市工业体系涵盖30个大类
    elif level and HABITUAL.search(lead) and not HABIT_EFFECT.search(lead):
        return "context"
    if section == "background":
        return "context"
    if o.kind == "level" and o.baseline is None and rx(r"^[“「\s]*(?:以前|以往|此前|原来|原先|改革前|过去(?![一两二三四五六七八九十\d]+(?:年|个月|周|天)))"
                                                      ).search(lead):
        return "context"  # 以前一宗备案要跑3个部门: the old state the case changed, not its result
    if o.kind == "level" and o.baseline is None and _old_state_sentence(text, o.start, getattr(o, "_fig", o.end), a):
        return "context"  # 过去，在唐山办一张证书，企业要跑两趟窗口: the sentence opened on the old state
    # 比全国空港平均水平快约1.5小时: the place named after 比 is the benchmark, the figure the case's own advantage
    if section != "results" and o.kind in ("level", "growth") and PLACE_TOTAL.search(
            rx(r"(?:比|较|高于|低于|快于|慢于|优于)[^，。；\d]{0,14}").sub("", lead)) \
            and not TOTAL_EFFECT.search(lead) and not rx(r"推广|复制|推开").search(rest) and "占" not in lead \
            and not o.projected and not LINKED.search(text[sentence_start(text, o.start, a):o.start]):
        # 在全省6个边境口岸推广: the places the case's practice spread to; 得益于…的推行，…吞吐量达到…: a total the
        # sentence ties to the reform
        # a target (到2027年国际货邮吞吐量达到3万吨, 力争…突破5万吨) is what the case sets out to reach: an effect
        # (curation 1.2, 1.6); a total already reached, outside a results section, is background
        return "context"
    return "effect"


# what went through the case's channel, service or instrument: 经自助通道出入境的旅客, 通过“单一窗口”申报的货物
CHANNEL_USERS = re.compile(r"(?:经|经由|通过|使用|采用|选择|适用|享受|办理)[^，。；]{1,16}?的(?:[^，。；的]{0,4}?(?:旅客|货物|车辆|船舶|企业|"
                           r"包裹|申报|业务|人员|航班|集装箱|货车|报关单|票)|\s*$)")  # …通关的占八成: the headless "those who"


OLD_LEAD = re.compile(r"[“「\s]*(?:以前|以往|此前|原来|原先|改革前|改造前|过去(?![一两二三四五六七八九十\d]+(?:年|个月|周|天)))")
NEW_LEAD = re.compile(r"[“「\s]*(?:现在|如今|目前|现时|改革后|改造后|实施后|此后|之后|今年|现)")


def _old_state_sentence(text: str, s: int, fig: int, a: int) -> bool:
    """Does an earlier clause of the sentence open on the old state (过去，…；以前…，), with no clause since then
    opening on the new one (现在…)?"""
    state = None
    for part in rx(r"[，,：:]").split(text[sentence_start(text, s, a):fig]):
        if OLD_LEAD.match(part):
            state = "old"
        elif NEW_LEAD.match(part):
            state = "new"
    return state == "old"


def _previous_clause(text: str, s: int, a: int) -> str:
    """The clause before the one starting at s, within its sentence ('' when s opens the sentence)."""
    if s <= a or text[s - 1] not in "，,":
        return ""
    lo = s - 1
    while lo > max(a, s - 80) and text[lo - 1] not in "，。；\n：":
        lo -= 1
    return text[lo:s - 1]


USED_AFTER = re.compile(r"[^，。；]{0,12}?(?:享受|享惠|使用|受益|适用|选择|获得|办理|参与|通过)")


LINKED = re.compile(r"得益于|受益于|随着[^，。；]{0,24}?(?:推行|实施|落地|运行|上线|推广|开通)|在[^，。；]{0,24}?(?:带动|推动)下")


def _before_figure(lead: str) -> str:
    m = rx(r"[\d.一二三四五六七八九十两百千万近超约余]+\s*[^\d]*$").search(lead)
    return lead[:m.start()] if m else lead


def _after_last(s: str, pattern: re.Pattern) -> str:
    last = None
    for last in pattern.finditer(s):
        pass
    return s[last.end():] if last else s


def _previous_clause_is_input(text: str, s: int, a: int, unit: str | None = None) -> bool:
    """…开展政策宣讲会12场，惠及企业400余家次: the clause before counts an activity (with `unit`: ends
    in a figure of that unit after an activity word: 占地面积4300平方米，其中库房480平方米)."""
    if s <= a or text[s - 1] not in "，,":
        return False
    lo = s - 1
    while lo > max(a, s - 60) and text[lo - 1] not in "，。；\n：":
        lo -= 1
    prev = text[lo:s - 1]
    if unit is not None:
        return prev.endswith(unit) and bool(ACTIVITY.search(prev))
    m = rx(r"(\d+(?:\.\d+)?)\s*(?:余|多)?\s*(场|次|期|批)$").search(prev)
    return bool(m and ACTIVITY.search(prev))
