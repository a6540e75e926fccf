"""Measures: known concepts by their thesaurus wordings, and ranked candidates for new ones.

Known concepts match a label (quotes and spaces ignored) that starts and ends on word
boundaries, checked with jieba (its bundled dictionary, with every thesaurus wording added as a
user word) in a small window around the match: 电子化 inside 电子化程度 … still matches, but a
label cut out of a longer word does not.

A candidate new measure is a noun phrase that names an instrument: a quoted name followed by a
head word (“两段准入”监管模式) or right after a verb of adoption (推行“船边速放”); or a phrase
ending in a head word (…模式, …机制, …平台, …系统, …专窗, …通道, …改革) whose modifier is a
name, not a fragment (在该模式, 6个改革, 的系统 are rejected). Quoted slogans (“试验田”,
“含金量”, “一盘棋”), ship names (“…”轮/号) and menu items (“…”、“…”等栏目) are rejected.
Unquoted names are proposed too when they end in a head word that names a thing (…设备, …终端,
…关锁, …放行单, …机器人, …查验区, …清单, …中心, X电子化 — a procedure made electronic) and are adopted
(启用电子关锁), listed after an adopted one in the same clause (启用电子关锁和北斗定位终端) or put into
service (…系统已投入使用); a generic modifier (查验设备, 信息平台), an ordinal (第4代), an agency's own name
(口岸服务中心) and a statistic (系统覆盖率, 电子化程度) are not names. A quoted state the measure did away
with (不再“停车等检”) is not one. A short wording the thesaurus only writes quoted (“电子化”) is that
concept only where the text quotes it as well.
Each candidate has a score and the reason it was proposed; drafts list them best first.

The extent of a name (issue 11): a quoted name keeps the noun phrase before it (特色产品出口“白名单”制度) back to
the last word that cannot be inside a name (a verb, a preposition, 的, a count, an agency's name, punctuation),
unless the quote is a whole name itself (九江港“口岸数字服务平台”), and the head after it (“一站式”申报模块); a quoted
word right before a known wording qualifies it (“码上办”联合查验); a known wording keeps the case's own longer name
after its verb (建立果园港口岸工作专班). Unquoted names also end in facility, route, fund and device heads (…停车场,
…作业区, …专项资金, …班列, …检测仪), and their verb may stand across a relative clause (上线了集…于一体的…平台) or
come after them (…系统于3月正式上线). Plans (明年, 将于, 计划…) are drafted planned, candidates included.

A known wording is not an application where docs/curation.md says so (`not_applied`): an existing
system or channel used (依托海关大数据平台, 通过“单一窗口”预约: 6.8), a result after 实现/确保 or in a
heading (确保通关“零等待”: 6.5, 6.1), a goal, idea or designation (在“双碳”目标驱动下, 成为全国首个“零碳港口”,
“信用+智慧”理念: 6.6, 6.9), aims listed to be advanced (一体推进智慧海关、智慧口岸建设), a kind of goods
(转关进口货物), the modifier of another thing (跨境电商优选仓), a procedure named with its route (转关至目的港),
an existing platform the case connects to (打通…与“单一窗口”数据壁垒, 接入单一窗口数据: 6.18), the topic of feedback
(“单一窗口”相关意见), a kind of enterprise (识别AEO高级认证企业), a certificate received (通过…认证: 6.20), a target
state (打造“零碳港口”: 6.9, 6.17), what the case only draws on (结合…系统, 发挥…作用, 叠加运用…等政策, 享受/凭借 a
benefit, 以…方式, 参考 another port's model: 6.20), topics listed (聚焦…等惠企政策), a designation (…首选试验田),
an event or a publication (座谈会上的讲话, 工作专班简报), an authority (未经VTS中心允许), the
areas of work (在定制化查验模式…方面) and a tradition (传承“枫桥经验”). A measure named as a plan (计划今年建设,
后期将…升级) or under construction (加快…的建设, 正在建设: 6.20) is drafted `status: planned`.
"""
from __future__ import annotations

import bisect
import re

from .model import DraftCase, Measure
from .text import CLAUSE_STOP, Spans, _last_stop, core, core_with_offsets, rx, sentence_end, sentence_start

HEADS = ("模式", "机制", "平台", "系统", "专窗", "通道", "改革", "服务中心", "工作站", "窗口", "专区", "体系", "清单",
         "制度", "服务", "监管", "举措", "措施", "做法", "试点", "业务", "工程", "计划", "安排")
HEADS_END = re.compile("(?:" + "|".join(HEADS) + ")$")
# unquoted names end in these: instruments, platforms, mechanisms, service models, devices and documents
HEAD_RE = ("模式|机制|平台|系统|专窗|通道|改革|服务中心|工作站|专区|体系|清单|名单|专线|设备|终端|关锁|电子锁|智能锁|电子封条|机器人|放行单|查验区|闸口|闸机|"
           "监管区|电子化|服务窗口|小组|中心仓|中心|卡口|制度|办法|指引|小程序|车道|实验室|(?:分拣|分拨|查验|换装|作业|装卸)线|安检机|检查机|"
           # facilities, functions and services set up or opened (建成…停车场, 新增…功能, 开行…班列, 设立…专项资金)
           "设施|停车场|(?:作业|监管)场所|查验场|作业场|作业区|场地|堆场|功能|模块|专项资金|班列|专列|航线|线路|专席|处理区|结算中心|"
           "服务站|驿站|热线|服务队|专班|数据库|联盟|候检区|缓冲区|停车区|(?:扶持|发展|引导|奖励|补助)资金|基金|"
           "码头|岸桥|场桥|(?:检测|阅读|识别|扫描|探测|读卡|查验)(?:仪|器)|换装库|仓库|冷库|(?:监管|前置|保税|冷链|分拨)仓|服务台|补贴|补助|奖补")
# heads that name a thing by themselves (a device, a document): a two-character modifier is enough (电子关锁)
DEVICE_HEADS = ("设备", "终端", "岸桥", "场桥", "安检机", "检查机", "关锁", "电子锁", "智能锁", "电子封条", "机器人", "放行单", "电子化", "闸口", "闸机", "卡口")
# facilities that 智能/智慧 alone names (智能闸口, 智慧卡口), unlike 智能平台 or 智能设备
SMART_FACILITIES = ("闸口", "闸机", "卡口", "岸桥", "场桥")
# heads that are a whole name by themselves
SELF_NAMED = ("电子锁", "智能锁", "电子封条")
# a modifier that says nothing about what the thing is (查验设备, 相关系统, 信息平台): not a name
GENERIC = re.compile(r"^(?:查验|监管|服务|管理|作业|工作|业务|信息|网上|线上|数据|综合|专用|智能|智慧|现场|各类|全部|所有|"
                     r"多个|各个|整个|本|该|新|常态化|常规|定期|固定|临时|专门)$")
ADOPT = ("推行", "推出", "实施", "实行", "开展", "创新", "打造", "建立", "构建", "试点", "推广", "启用", "上线", "开通",
         "探索", "搭建", "设立", "建设", "创设", "首创", "升级", "优化", "深化", "用好", "依托", "通过", "采用", "应用",
         "落地", "复制", "引入", "运用", "借助", "利用", "推进", "开设", "推动", "制定", "配备", "增设", "设置", "部署",
         "安装", "研发", "开发", "建成", "投用", "引进", "使用", "牵头建立", "联合推出", "上马", "配置", "布设",
         "开辟", "加装", "出台", "印发", "编制", "扩大", "配发", "加施", "施加", "加挂", "公布", "公开", "编印", "编写", "印制",
         "汇编", "开行", "新建", "新增", "新开通", "新开", "试行", "划设", "成立", "组建", "完善", "健全", "添置", "购置", "增配", "扩建", "改扩建", "增开")
# longest first, so that a regex of them takes 新开通 whole rather than 新开 + 通
ADOPT = tuple(sorted(ADOPT, key=len, reverse=True))
ADOPT_END = re.compile("(?:" + "|".join(ADOPT) + r")了?\s*$")
ADOPT_ANY = re.compile("(?:" + "|".join(ADOPT) + ")")
# a name listed after an adopted one in the same clause: 启用电子关锁和北斗定位终端
# (与 is left out: 推动“单一窗口”与跨境电商平台对接 joins the two ends of a connection, not two things adopted)
ADOPT_LISTED = re.compile("(?:" + "|".join(ADOPT) + r")了?[^，。；：\n]{0,24}[和及、]\s*(?:一批|一套|一台|多台|多套|若干|"
                         r"[\d一二两三四五六七八九十]+\s*[套台个批部条])?\s*$")
# a name that is the subject of its putting into service: 自助通关系统已投入使用
COMMISSIONED_AFTER = re.compile(r"\s*(?:(?:已于|于|在)?\s*(?:\d{4}年)?\s*(?:\d{1,2}月(?:\d{1,2}日)?|今年|去年|年初|年底|年中|上半年|下半年|近日|日前)"
                                r"(?:起)?)?\s*(?:已经|已|正式|全面|同步|陆续)?\s*(?:投入使用|投入运行|上线运行|上线|启用|投用|投运|建成|运行)")
# a quoted state that the measure did away with (不再“停车等检”): not an instrument
# a document the case drew up: 编制《口岸通关服务指南》
BOOK_TITLE = re.compile(r"《([^》\n]{2,30}?(指南|指引|手册|办法|细则|清单|规范|规程|标准|制度|机制|公约|承诺书|目录))》")
SUBSIDY = re.compile(r"给予(?:[^，。；\d]{0,4}?的)?(?P<n>(?:一次性)?[\u4e00-\u9fa5]{0,4}?(?:补贴|奖励|补助|资助|奖补))(?![\u4e00-\u9fa5]{0,2}(?:资金|政策))")
ABOLISHED = re.compile(r"(?:不再|无需|无须|不必|告别|免去|避免|免除)\s*$")
QUOTED = re.compile(r"“([^”\n]{2,24})”")
# metaphors and slogans that are quoted in this genre but name no instrument
SLOGANS = {"试验田", "含金量", "一盘棋", "加速度", "新引擎", "桥头堡", "领头雁", "金钥匙", "快车道", "主引擎", "硬核",
           "获得感", "满意度", "幸福感", "最后一公里", "放管服", "双循环", "一带一路", "十四五", "十五五", "组合拳",
           "先手棋", "压舱石", "稳定器", "助推器", "新高地", "排头兵", "主力军", "生命线", "大动脉", "黄金通道",
           "朋友圈", "加油站", "店小二", "一张网", "高速路", "新名片", "好帮手", "及时雨", "定心丸", "强心剂", "零距离",
           "面对面", "点对点", "门对门", "不见面", "马上办", "网上办", "掌上办", "就近办", "秒批", "双碳", "走出去",
           "引进来", "卡脖子", "痛点", "堵点", "难点", "热点", "亮点", "新常态", "新业态", "新模式", "新机制", "新动能"}
HEAD_WORD = re.compile(HEAD_RE)
BOUNDARY_WORD = re.compile(r"了|的|在|将|把|和|与|及|(?:\d+|[一二两三四五六七八九十几多数]+)[个条项套台座处部]|" + "|".join(ADOPT))
LEADING = re.compile(r"^(?:第[\d一二三四五六七八九十]+[代届批期轮次个]|主要|该|此|这一|这种|这个|这套|新|一种|一套|一个|一批|各类|各项|相关|有关|上述|以上|其|我们|我|"
                     r"在|了|的|等|和|与|及|并|也|还|又|将|把|对|为|从|以|于|按|通过|依托|利用|借助|基于|围绕|"
                     + "|".join(ADOPT) + r")+")
FRAGMENT = re.compile(r"^(?:\d+|[一二两三四五六七八九十百千几多数]+)(?:个|项|类|种|套|条|大|批|家)|的|^[，、]")


CHANNEL_END = re.compile(r"(?:平台|系统|咨询点|中心|网|窗口|数据库|手段|备忘录|协议)$")
STATISTIC_AFTER = re.compile(r"\s*[”」]?\s*(?:的\s*)?(?:使用|应用|覆盖|利用|通过|办理)?(?:程度|水平|率|比例|比重|覆盖率|力度|时间|时长|频次|"
                             r"业务量|数量|货值|货运量|吞吐量|运量|开行量|进出口额|进出口值|进出口总值|出口额|进口额|贸易额|出口值|进口值)")
LONGER_NAME = re.compile(r"[\u4e00-\u9fa5]{1,6}?(?:公共服务平台|服务平台|平台|系统|分拨中心|分拣线)|(?:平台|系统|分拨中心|分拣线)")
HEAD_END = re.compile(rf"(?:{HEAD_RE})$")
RESULT_FORM = re.compile(r"零等待|零延时|零障碍|零跑腿|一次办妥|一站化")
PLAN_START = re.compile(r"(?:计划|拟|后期|下一步|未来|今后|力争|预计|争取|到20\d\d年)")
PLAN_OWN = re.compile(r"计划(?=今年|明年|年内|于|在|到|\d|下半年|上半年|逐步|新增|推出|建设|开通|实施)|拟|预计|力争|争取|下一步|"
                      # 将 before a time or a place and a verb (明年将在…试点, 该局将于明年增设): the future, not 将…纳入
                      r"明年|将(?:于|在|适时|逐步|陆续|继续)")


# heads of a transport service (开行…班列, 开通…航线)
ROUTE_HEADS = ("班列", "专列", "航线", "线路", "专线")
# heads that name a kind of thing rather than one thing (口岸智能监管设施)
CATEGORY_HEADS = ("设施",)
# a thing named after the participle that put it into service (今年4月投用的…, 去年底投入使用的…)
PUT_INTO_SERVICE_OF = re.compile(r"(?:投用|投入使用|投入运行|建成|启用|上线|投运|开通|新建)的\s*$")
# a verb, then the route a service runs on, then 的: 开行西宁至东部沿海港口的…, 开通陆港区至阿拉木图的…
VERB_ROUTE_OF = re.compile("(?:" + "|".join(ADOPT) + r")了?(?:[^，。；、“”]{1,10}?(?:至|到|—|-)[^，。；、“”]{1,10}|"
                           # or a relative clause: 上线了集预约、查验、放行于一体的…平台, 建成可同时停放300辆集卡的…
                           r"[^，。；“”]{1,20}?)的\s*$")
# verbs of what a notice supports firms in doing (支持船公司开通…航线)
SUPPORTED_DOING = re.compile(r"开通|开行|新开|开辟|加密|新建|建设")
# 实行随到随检 (an A-x-A-y idiom), 实行全天候预约查验 (a service at any hour)
SERVICE_UNQUOTED = re.compile("(?P<v>" + "|".join(ADOPT) + r")了?(?P<n>([\u4e00-\u9fa5])[\u4e00-\u9fa5]\3[\u4e00-\u9fa5]|"
                              r"(?:全天候|全时段|7×24小时)[\u4e00-\u9fa5]{0,4}?(?:查验|通关|验放|申报|放行|办理|服务))"
                              r"(?![\u4e00-\u9fa5])")
# a facility named with its phase (宽准轨换装库二期, 铁路集装箱换装场三期) after the participle that put it into service
PHASE = re.compile(r"(?:投用|投入使用|投入运行|建成|启用|投运|开通)的\s*(?P<n>[\u4e00-\u9fa5A-Za-z]{3,14}?[一二三四五六七八九十]期)"
                   r"(?:工程|项目)?")
# what may follow a quoted name as its head (“白名单”制度, “一站式”申报模块, “铁路快通”监管方式, “点对点”快速班列,
# “铁路运单+舱单”数据自动比对); the modifier before the head is at most 8 characters
QUOTED_HEAD = re.compile(rf"(?P<mod>[\u4e00-\u9fa5]{{0,8}})(?:{HEAD_RE}|监管|服务|举措|措施|做法|业务|管理|制度|应用程序|APP|App|客户端|"
                         rf"辅导|帮扶|方式|安排|快线|比对|核验|互认|场景|行动|活动)|"
                         rf"(?:通关|查验|申报|放行|验放)(?![\u4e00-\u9fa5]{{0,2}}(?:时间|效率|成本))")
# a figure and its unit inside quotes (“7×24小时”, “5公里10分钟”)
NUMBER_AND_UNIT = r"[\d.×xX*+＋/]+\s*(?:个)?(?:小时|分钟|秒|天|日|周|公里|米|吨|元|项|个|次|件|票|%|倍)?"
# the menu of a platform: 等栏目, 两个栏目, 等功能
MENU = r"(?:等\s*)?(?:(?:\d+|[一二两三四五六七八九十]+)\s*[个项类大]\s*)?(?:栏目|模块|菜单|板块|专栏|服务项)|\s*等\s*功能"
# words that cannot be inside the modifier of a name (they end the noun phrase before it)
MOD_STOP = re.compile("|".join(ADOPT) + r"|了|的|地|在|将|把|和|与|及|或|对|为|向|从|由|于|经|按|让|使|可|即|已|并|还|又|再|也|均|都|就|是|等|"
                      r"(?:\d+|[一二两三四五六七八九十几多数]+)[个条项套台座处部家批]|专门|统一|全面|持续|进一步|率先|首次|正式|同步|"
                      r"联合|共同|积极|大力|今年|去年|明年|以来|[年月日]|"
                      # other verbs that end a phrase before a name (平台实现“…”, 标志着…“…”, 为企业提供“…”)
                      r"实现|提供|标志|着|形成|完成|办理|采取|落实|执行|享受|组织|召开|举办|举行|发布|签署|签订|介绍|表示|"
                      r"指出|要求|支持|鼓励|引导|帮助|协调|确保|纳入|列入|覆盖|满足|达到|获得|取得|迎来|进入|加入|参与|"
                      r"配合|会同|依靠|凭借|透过|经由|推|请|给")


# a numbered heading at a line start: 一、 （二） 3. 4、
_NUMBERED = r"\s*[（(]?[一二三四五六七八九十\d]+[)）.、]"

def _known_modifier_start(norm: str, s: int, a: int) -> int:
    """Where the case's own name of a known instrument begins: the noun phrase between a verb of adoption and the
    known wording (建立果园港口岸工作专班 → 果园港口岸), 2–10 characters; s itself otherwise."""
    run = rx(r"[\u4e00-\u9fa5]*$").search(norm, max(a, s - 14), s).group(0)
    verb = None
    for x in BOUNDARY_WORD.finditer(run):
        verb = x
    if verb is None or not ADOPT_END.search(run[:verb.end()]):
        return s
    mod = run[verb.end():]
    if 2 <= len(mod) <= 10 and not FRAGMENT.search(mod) and not GENERIC.match(mod) and not LEADING.match(mod):
        return s - len(mod)
    return s


def _modifier_start(norm: str, s: int, a: int, agency_ends: list[tuple[int, int]]) -> int:
    """Where the noun phrase before a quoted name begins (上线货车“预约通关”系统 → 货车): after the last word that
    cannot be in it, within 10 characters; s itself when there is none or no such word is found (too far to tell)."""
    run = rx(r"[\u4e00-\u9fa5A-Za-z]*$").search(norm, max(a, s - 12), s).group(0)
    if not run:
        return s
    lo = s - len(run)
    # an agency's name ends the phrase (吉隆海关“边民通”…: the agency is the subject); agency_ends: sorted (end, start)
    k = bisect.bisect_right(agency_ends, (s, s))
    while k > 0 and agency_ends[k - 1][0] >= lo:
        end, start = agency_ends[k - 1]
        if start < s:
            run = norm[max(lo, end):s]
            lo = s - len(run)
            break
        k -= 1
    cut = max((x.end() for x in MOD_STOP.finditer(run)), default=None)
    if cut is None:
        if lo > max(a, s - 12) or lo == a:
            cut = 0  # the phrase starts at punctuation or a line start (（二）出入境车辆“…”)
        else:
            return s  # no boundary within reach: leave the quote alone
    mod = run[cut:]
    lead = LEADING.match(mod)
    if lead:
        mod = mod[lead.end():]
    if len(mod) < 2 or len(mod) > 10 or FRAGMENT.search(mod) or GENERIC.match(mod):
        return s
    return s - len(mod)


_TO_STOP = re.compile(rf"[^{re.escape(CLAUSE_STOP)}]*")


def _clause_before(norm: str, s: int, a: int) -> str:
    floor = max(a, s - 60)
    return norm[max(floor, _last_stop(norm, CLAUSE_STOP, floor, s)):s]


def _clause_after(norm: str, e: int, b: int) -> str:
    return _TO_STOP.match(norm, e, min(b, e + 60)).group(0)


def not_applied(norm: str, s: int, e: int, a: int, b: int) -> str | None:
    """Why the wording at norm[s:e] is not an application of its concept (None when it is)."""
    word = core(norm[s:e])
    before, after = _clause_before(norm, s, a), _clause_after(norm, e, b)
    line_start = norm.rfind("\n", a, s) + 1
    heading = rx(_NUMBERED).match(norm[line_start:s]) and "。" not in norm[line_start:s]
    if CHANNEL_END.search(word) and (rx(r"(?:依托|借助|基于|运用)\s*[“「]?$").search(before)
                                     or rx(r"通过\s*$").search(before) and rx(r"\s*[”」]?\s*向").match(after)):
        return "an existing system used as a channel (6.8)"
    if CHANNEL_END.search(word) and rx(r"通过\s*[“「]?$").search(before) and \
            rx(r"^\s*[”」]?(?:[和与及、][^，。；]{0,12}?)?(?:进行|开展|办理|预约|申报|查询|提交|获取|报送|缴纳)").search(after):
        return "an existing system used as a channel (通过…系统进行: 6.8)"
    if rx(r"^\s*(?:(?:为|向)[^，。；]{0,16})?提供[^，。；]{0,20}$").search(before) and rx(
            r"(?:开发|建设|搭建|上线|打造|建立|推出|研发|建成|增设|设立|设置|开设)[^，。；]{0,24}?"
            r"(?:系统|平台|小程序|APP|应用|服务台)[”」]?\s*[，,][^。；]*$").search(
            norm[sentence_start(norm, s, a):s - len(before)]):
        return "the service of the platform the sentence builds, not a further application (6.19)"
    if rx(r"(?:优化|完善|升级|拓展|丰富|扩展)[^，。；]{0,6}$").search(before) and rx(r"^\s*[”」]?\s*(?:的)?(?:功能|应用场景)").match(after):
        return "a platform whose functions are extended: the function added is the application (6.18, 6.23)"
    if rx(r"^\s*[”」]?[^，。；]{0,8}(?:首选试验田|试验田|示范区|样板|标杆|排头兵|先行区)").search(after):
        return "a designation (6.6)"
    if rx(r"结合\s*[“「]?$").search(before) and CHANNEL_END.search(word):
        return "an existing system drawn on (6.20)"
    if rx(r"发挥[^，。；]{0,12}$").search(before) and rx(r"^[^，。；]{0,4}作用").search(after):
        return "an existing body's role drawn on (6.20)"
    if rx(r"(?:参考|借鉴|学习|对标)[^，。；]{0,12}$").search(before):
        return "another place's model referred to"
    if rx(r"(?:享受|享有|凭借|获得)[^，。；]{0,6}$").search(before):
        return "a benefit or status the firms have, not an instrument of the case (6.20)"
    if rx(r"(?:叠加运用|叠加|运用|用足用好|用足|用好)[^，。；]{0,30}$").search(before) and \
            rx(r"^[^，。；]{0,30}?等?[^，。；]{0,4}政策").search(after) and not rx(r"^\s*[”」]?\s*政策").search(after):
        return "national policies drawn on (6.20)"
    if rx(r"(?:聚焦|围绕|针对|涵盖|包括|梳理)[^，。；]{0,30}$").search(before) and \
            rx(r"^[^，。；]{0,30}?等[^，。；]{0,8}(?:政策|问题|事项|难题|诉求|需求)").search(after):
        return "topics listed, not instruments"
    if rx(r"以\s*$").search(before) and (word.endswith("方式") or rx(r"^\s*[”」]?\s*方式").search(after)):
        return "an existing procedure used (6.20)"
    if rx(r"以[^，。；]{0,6}$").search(before) and rx(r"\s*[”」]?\s*为[^，。；]{0,4}(?:底座|基础|依托|支撑|载体|抓手)").match(after):
        return "an existing system used as a base (6.8)"
    if rx(r"《关于[^》]{0,30}$").search(before) and rx(r"^[^《]{0,30}》").search(after):
        return "inside the title of a policy document (关于…的指导意见)"
    if "《" not in word and norm[e:e + 1] != "》" and rx(r"《[^》《，。；]{0,30}$").search(norm[max(a, s - 30):s]) and rx(r"[^《》。；]{0,30}》").match(norm, e):
        return "a word in a document's title (《跨境电商通关指南》): the document is the instrument"
    if rx(r"在\s*《$").search(before) and rx(r"\s*》\s*上").match(after):
        return "a publication used as a channel (6.8)"
    if RESULT_FORM.search(word) and not rx(r"\s*[”」]?\s*等\s*(?:举措|措施)").match(after) and (
            rx(r"实现|确保|保障|达到|做到|打造|力争|迈向").search(before) or rx(r"到[^，。；]{0,3}[“「]?$").search(before) or heading):
        return "a result, not an instrument (6.5)"
    if norm[s:s + 1] in "“「" and rx(r"实现\s*$").search(before):
        return "a result stated after 实现 (6.5)"
    if rx(r"(?:接入|融入|对接|连通|联通|打通)[^，。；]{0,3}$").search(before) or (
            rx(r"与\s*[“「]?$").search(before) and rx(r"^[^，。；]{0,8}?(?:对接|互联|联通|贯通|融合|壁垒|衔接|互通)").search(after)):
        return "an existing platform the case connects to (6.18)"
    if rx(r"^\s*[”」]?\s*(?:相关|有关)?(?:意见|建议|问题|诉求|咨询)").search(after):
        return "the topic of feedback or questions"
    if rx(r"^\s*[”」]?\s*(?:业务|业态)的(?:企业|主体|商户)").search(after):
        return "firms that do this business (开展…业务的企业): a kind of enterprise"
    if rx(r"^\s*[”」]?\s*(?:企业|主体)").search(after) and before.strip() and not ADOPT_END.search(before):
        return "a kind of enterprise"
    if word.endswith(("认证", "证书")) and rx(r"(?:通过|获得|取得|荣获|获颁)[^，。；]{0,30}$").search(before):
        return "a certificate received is a status (6.20)"
    if rx(r"(?:打造|建成|建设|成为)[^，。；]{0,4}[“「]?$").search(before) and rx(r"(?:港口|口岸|港|枢纽|高地|标杆)$").search(word) \
            and norm[s:s + 1] in "“「":
        return "a target state, an aim (6.9, 6.17)"
    if rx(r"成为[^，。；]{0,10}[“「]?$").search(before) and norm[s:s + 1] in "“「" or rx(r"入选|获评|荣获|评为|获批(?!实行|实施|开展|开通|设立|建设|试点实施)").search(before) \
            or word.endswith(("目标", "理念")) or rx(r"\s*[”」]?\s*(?:为|作为)?(?:目标|理念|精神|成果|方向|愿景)").match(after):
        return "a designation, goal or idea (6.6, 6.9)"
    verb = rx(r"推进|推动|加快|促进|助力").search(before)
    end = rx(r"^[^，。；]{0,14}?(?:建设|融合发展|发展|衔接)").search(after)
    if verb and end and (rx(r"[、与和]").search(before[verb.end():]) or rx(r"[、与和]").search(end.group(0))):
        return "aims listed to be advanced (6.9)"
    if rx(r"(?:促进|推动|助推|助力)[^，。；]{0,8}$").search(before) and \
            rx(r"[^，。；]{0,6}(?:发展|优化|提升|升级|落地见效|提质|增效)").match(after):
        return "an aim to be advanced (6.9)"
    if rx(r"\s*[”」]?\s*(?:航线)?(?:的)?(?:进口|出口|进出口)?货物|[^，。；]{0,8}的(?:进口|出口|进出口)?货物").match(after) \
            or rx(r"\s*[”」]?\s*(?:业态|产业(?!园))").match(after):
        return "a kind of goods or business"
    if rx(r"\s*[”」]?\s*[\u4e00-\u9fa5]{0,4}?(?:优选仓|仓库|园区|卖家|商品|包裹|订单|案件)").match(after):
        return "the modifier of another thing (跨境电商优选仓)"
    if rx(r"\s*[”」]?\s*(?:至|到)[^，。；]{0,6}(?:港|地|站|场)").match(after):
        return "a procedure the goods go through, named with its route (2.2)"
    if rx(r"\s*[”」]?\s*(?:属于|是指|指的是)").match(after):
        return "a definition (6.8)"
    if before.endswith(("（", "(")) and rx(r"\s*[)）]").match(after):
        return "an abbreviation glossed in brackets"
    if rx(r"\s*[”」]?\s*(?:上的|上讲话|简报|通讯|报道)").match(after) or rx(r"未经\s*$").search(before):
        return "an event, a publication or an authority"
    if rx(r"(?:不再|无需|无须|不必|免于|不用)[^，。；]{0,6}$").search(before):
        return "said to be no longer done"
    if "在" in before and rx(r"方面").search(after[:30]) or "从" in before and rx(r"维度|角度|层面").search(after[:30]):
        return "the areas of work"
    if rx(r"(?:以前|以往|此前|原来|原先|过去(?![一两二三四五六七八九十\d]+(?:年|个月|周|天)))[^，。；]{0,20}$").search(before) \
            and (rx(r"须|需|要|必须|只能").search(before) or rx(
                r"^\s*[”」]?\s*(?:手续|环节|流程)?\s*(?:在|需要|需|要|耗时|用时)?\s*(?:约|大约)?\s*[\d一二两三四五六七八九十半]+\s*(?:个)?"
                r"(?:小时|分钟|天|工作日|周)").search(after)):  # 原先每票货物的转关手续在2小时以上: the old state, timed
        return "the old procedure the case replaced (过去…须办理转关)"
    if rx(r"(?:传承|弘扬|学习|贯彻)\s*[“「]?$").search(before):
        return "a tradition followed"
    if rx(r"\s*\d+\s*(?:余|多)?\s*(?:条|个|家|列|票|单|宗|件|次)").match(after) and (
            not ADOPT_END.search(before) or rx(r"^\s*(?:20\d\d年|去年|上年|全年)").match(
                norm[sentence_start(norm, s, a):s]) and not rx(r"新开通|新开|新增|增开|开辟").search(before)):
        return "a count of existing ones or of what was handled (开通外贸集装箱航线73条, 办理转关手续2600余票): a statistic"
    if heading and rx(r"[)）.、]\s*(?:强化|加强|提升|深化)\s*$").search(before) and rx(r"\s*[”」]?\s*[。]|\s*$").match(after):
        return "a heading naming an aim (三、强化信息共享): the instruments under it are the applications (6.1)"
    if rx(r"\s*[”」]?\s*(?:监管|管理|通关|服务|便利化|便利)?\s*新?(?:措施|举措|政策|工作)").match(after) and \
            (not ADOPT_END.search(before) or rx(r"(?:公布|公开|发布|介绍|通报)\s*$").search(before)):
        return "the topic of measures (公布跨境电商监管新措施), not an instrument"
    if rx(r"(?:问及|问到|提问|询问|问起)").search(before):
        return "the topic of a question"
    if rx(r"在\s*[“「]?$").search(before) and rx(r"^\s*[”」]?[^，。；]{0,6}?(?:增设|新增|增加|上线|开设|设置)").search(after):
        return "the platform where items are added: what is added is the application (6.18, 6.23)"
    sent_after = norm[e:sentence_end(norm, e, min(b, e + 80))]
    if rx(r"(?:优化|完善|升级|改造)[^，。；]{0,6}$").search(before) and \
            rx(r"^[^。；]{0,30}[，,]\s*(?:新增|增加|增设|上线)[^，。；]{2,24}(?:功能|模块|应用场景|场景)").search(sent_after):
        return "a platform extended with a function: the function added is the application (6.18, 6.23)"
    if rx(r"每[年季月周旬天日][^，。；]{0,6}(?:召开|举行|组织|开展)[^，。；]{0,8}$").search(before):
        return "a meeting held at a stated frequency: the terms of the mechanism it serves (6.19)"
    if rx(r"(?:拓展|畅通|拓宽)[^，。；“「]{0,4}$").search(before) and rx(r"(?:物流通道|运输通道|国际通道|走廊|网络)$").search(word):
        return "a network to widen, an aim (6.9)"
    return None


def named_as_plan(norm: str, s: int, a: int, e: int | None = None) -> bool:
    """计划今年建设…, 后期，将…，逐步升级…, 加快…的建设, 正在建设: a measure planned, not applied (2.3, 6.20)."""
    own = _clause_before(norm, s, a)
    if e is not None and rx(r"(?:加快|正在|启动|推进|着力)[^，。；]{0,20}$").search(own) and \
            rx(r"^\s*[”」]?\s*(?:的)?(?:建设|筹建)").search(norm[e:e + 6]) or rx(r"(?:正在建设|启动建设|在建)[^，。；]{0,4}$").search(own):
        return True
    if rx(r"已|已经|累计").search(own):
        return False
    if PLAN_OWN.search(own):
        return True
    planned = False
    for part in rx(r"[，,]").split(norm[sentence_start(norm, s, a):s - len(own)]):
        p = part.strip()
        if PLAN_START.match(p) or rx(r"下一步|将(?:积极|继续|进一步|加快|全力|持续|大力|着力|重点)").search(p):
            planned = True  # 谈到下一步工作，…，满洲里将积极打造…，推动“X”落地: the clauses after it are plans
        elif rx(r"已|已经|累计").search(p):
            planned = False
    return planned


class MeasureRules:
    """Mixed into the Extractor: needs self.measure_labels [(core, concept, wording)], self.label_re."""

    def _narrower(self, label: str) -> list[tuple[str, str]]:
        """(modifier, concept) for every other concept's wording that is modifier + label (航标布设 + 绿色通道)."""
        cache = self.__dict__.setdefault("_narrower_cache", {})
        if label not in cache:
            own = self.label_concept.get(label)
            cache[label] = sorted({(w[:-len(label)], c) for w, c, _ in self.measure_labels
                                   if c != own and w.endswith(label) and len(w) - len(label) >= 2
                                   and rx(r"[\u4e00-\u9fa5]+").fullmatch(w[:-len(label)])}, key=lambda t: (-len(t[0]), t))
        return cache[label]

    def _timed_labels(self):
        """One regex over the wordings with a time figure (240小时过境免签政策 → any number of hours), or None."""
        if "_timed_re" not in self.__dict__:
            parts, concepts, labels = [], {}, {}
            for label, concept in sorted(self.label_concept.items(), key=lambda t: (-len(t[0]), t[0])):
                m = rx(r"^([^\d]*)\d+(小时|天|日)([\u4e00-\u9fa5]{4,})$").match(label)
                if m and "×" not in label:
                    g = f"t{len(parts)}"
                    parts.append(f"(?P<{g}>{re.escape(m.group(1))}\\d+{m.group(2)}{re.escape(m.group(3))})")
                    concepts[g], labels[g] = concept, label
            self.__dict__["_timed_re"] = re.compile("|".join(parts)) if parts else None
            self.__dict__["_timed_concepts"], self.__dict__["_timed_labels_by_group"] = concepts, labels
        return self.__dict__["_timed_re"]

    def _after_place_name(self, norm: str, s: int, a: int) -> bool:
        """Does a place name stand right before norm[s] (乌鲁木齐|国际陆港), with no verb of setting up before it
        (建设菏泽国际陆港 sets the port up)?"""
        run = rx(r"[\u4e00-\u9fa5]{2,6}$").search(norm, max(a, s - 6), s)
        if not run:
            return False
        names = self.__dict__.get("_place_name_set")
        if names is None:
            from .places_cn import CITIES, PROVINCES
            names = self.__dict__["_place_name_set"] = frozenset(CITIES) | frozenset(PROVINCES)
        t = run.group(0)
        for k in range(2, len(t) + 1):
            if t[-k:] in names or k <= 3 and t[-1] in "州市县旗盟":
                return not ADOPT_END.search(norm[max(a, s - k - 6):s - k])
        return False

    def _on_boundaries(self, norm: str, s: int, e: int) -> bool:
        """Does norm[s:e] start and end on word boundaries? (jieba, in a window of 8 characters each side)"""
        if e - s >= 5:
            return True  # long wordings are names in themselves
        if (s == 0 or not _cjk(norm[s - 1])) and (e >= len(norm) or not _cjk(norm[e])):
            return True  # punctuation or a quote on both sides: always a cut
        lo, hi = max(0, s - 8), min(len(norm), e + 8)
        return _cuts_at(self, norm[lo:hi], s - lo, e - lo)

    def measures(self, case: DraftCase, norm: str, a: int, b: int, headline_end: int = 0) -> None:
        text_core, offsets = core_with_offsets(norm, a, b)
        taken = Spans()
        found: dict[tuple[str, str], Measure] = {}
        known_at: list[tuple[int, int, str]] = []
        if self.label_re is not None:
            for m in self.label_re.finditer(text_core):
                label = m.group(0)
                i, j = m.span()
                s, e = offsets[i], offsets[j - 1] + 1
                if not self._on_boundaries(norm, s, e):
                    continue
                if STATISTIC_AFTER.match(norm, e) and not (norm[e:e + 1] == "”" and s > a and norm[s - 1] == "“"):
                    continue  # the name of a statistic (电子化程度), not the measure applied; a quoted name's
                    # statistic (“提前申报”比例超过五成) says the measure is in use
                if norm[s:e].count("“") > norm[s:e].count("”") and norm[e:e + 1] == "”":
                    e += 1
                if s > a and norm[s - 1] == "“" and norm[e:e + 1] == "”":
                    s, e = s - 1, e + 1
                concept = self.label_concept[label]
                if label in self.quoted_only and norm[s:s + 1] != "“":
                    continue  # a short wording the thesaurus only knows quoted, written here as an ordinary word
                q = norm.rfind("“", max(a, s - 16), s)
                if q >= 0 and "”" not in norm[q:s] and s - q > 2 and rx(r"[\u4e00-\u9fa5A-Za-z]+").fullmatch(norm[q + 1:s]):
                    continue  # inside a longer quoted name (“澳门单一窗口”平台): that name is the candidate
                if norm[s - 1:s] == "“" and rx(r"[\u4e00-\u9fa5A-Za-z、]{3,16}”").match(norm, e) and \
                        rx(r"\s*(?:以来|运行|实施|推行|上线|后)|\s*[，。]").match(norm, norm.find("”", e) + 1):
                    continue  # the first words of a longer quoted name (推行「跨境電商包裹快速通關」以来): that name is the candidate
                if norm[e - 1] != "”" and LONGER_NAME.match(norm, e, e + 12) and not HEAD_END.search(label):
                    continue  # the modifier of a longer name (智慧口岸公共服务平台, 跨境电商平台): not this concept
                if norm[s:s + 1] not in "“「" and HEAD_END.search(label):
                    s = _known_modifier_start(norm, s, a)  # 建立果园港口岸工作专班: the case's own name of the instrument
                if norm[e:e + 1] == "》":
                    bt = rx(r"《[^《》，。；\n]{0,30}$").search(norm, max(a, s - 31), s)
                    if bt:  # 《跨境电商退货操作指南》: the known type word heads the document's title, which names it
                        s, e = bt.start(), e + 1
                taken.add(s, e)
                known_at.append((s, e, concept))
                key = (concept, label)
                if key in found and not found[key].planned:
                    continue  # named again: the first application stands
                if not_applied(norm, s, e, a, b):
                    continue
                if (any(p.start <= s and e <= p.end and p.end - p.start > e - s for p in case.places) or
                        rx(r"(?:陆港|港口|港区|口岸|机场|园区|新区|保税区)$").search(label) and self._after_place_name(norm, s, a)) and not rx(r"^\s*(?:建设|筹建|的建设)").match(norm[e:e + 4]):
                    continue  # 兰州国际陆港, 乌鲁木齐国际陆港区: part of a place's name, not an application (2.2)
                planned = named_as_plan(norm, s, a, e)
                if key not in found or (found[key].planned and not planned):
                    found[key] = Measure(norm[s:e], s, e, norm[s:e], concept, "known", 1.0,
                                         f"thesaurus wording {label} of {concept}", planned)
        # 开通绿色通道，第一时间进行航标布设: a generic wording with the modifier of a narrower concept's wording
        # (航标布设绿色通道) in its sentence is that narrower concept
        for key, fm in list(found.items()):
            sent = norm[sentence_start(norm, fm.start, a):sentence_end(norm, fm.end, b)]
            for modifier, narrower in self._narrower(key[1]):
                if modifier in core(sent.replace(norm[fm.start:fm.end], "", 1)):
                    found[key] = Measure(fm.quote, fm.start, fm.end, fm.name, narrower, "known", 1.0,
                                         f"thesaurus wording {key[1]} with {modifier} in its sentence: {narrower}", fm.planned)
                    break
        # a wording whose figure is a time parameter (240小时过境免签政策) names the same instrument with another
        # figure (144小时过境免签政策)
        timed = self._timed_labels()
        if timed is not None:
            for m in timed.finditer(norm, a, b):
                s, e = m.span()
                if taken.overlaps(s, e) or not_applied(norm, s, e, a, b):
                    continue
                concept = self._timed_concepts[m.lastgroup]
                key = (concept, core(m.group(0)))
                if not any(k[0] == concept for k in found):
                    taken.add(s, e)
                    found[key] = Measure(norm[s:e], s, e, norm[s:e], concept, "known", 0.9,
                                         f"thesaurus wording {self._timed_labels_by_group[m.lastgroup]} of {concept}, "
                                         "with another time figure", named_as_plan(norm, s, a, e))
        new: dict[str, Measure] = {}

        def propose(s: int, e: int, name: str, score: float, reason: str, head_at: int | None = None) -> None:
            c = core(name)
            # a known wording may stand inside the modifier of a longer adopted name (启用跨境电商包裹智能分拣线)
            if (taken.overlaps(s, e) and (head_at is None or taken.overlaps(head_at, e))) \
                    or len(c) < 3 or c in SLOGANS:
                return
            if norm[norm.rfind("\n", a, s) + 1:s].lstrip()[:1] in ("·", "•", "▪", "►"):
                return  # a line of related links under a web article (· 银川河东机场新开国际货运航线): not its text
            if c not in new or new[c].score < score:
                new[c] = Measure(norm[s:e], s, e, name, None, "new", score, reason, named_as_plan(norm, s, a, e))

        known_from = {ks: (ke, kc) for ks, ke, kc in known_at}
        agency_ends = sorted((ag.start + len(ag.quote), ag.start) for ag in case.agencies)
        for m in QUOTED.finditer(norm, a, b):
            s, e = m.span()
            inner = m.group(1)
            after = norm[e:e + 14]
            head = QUOTED_HEAD.match(after)
            if head and BOUNDARY_WORD.search(head.group("mod") or ""):
                head = None  # “X”在全省推广的…平台: the head word belongs to another phrase
            if rx(r"[。！？!?]|[，,][^”]*\d|\d[^”]*[，,]").search(inner):
                continue  # a sentence in quotes (“原来一天能处理200票，现在能处理500票。”): speech, not a name
            if inner in SLOGANS and not head:
                continue  # a slogan, unless it qualifies an instrument named after it (“点对点”快速班列)
            if rx(r"\d").search(inner) and not rx(r"[A-Za-z]").search(inner) and not head and \
                    len(rx(NUMBER_AND_UNIT).sub("", inner)) < 2:
                continue  # a figure in quotes (“3天”, “7×24小时”), not a name; 「24小时通关」 names a service
            if e in known_from and core(inner) not in self.label_concept:
                # “码上办”联合查验, “一站式”联合查验: the quoted word qualifies the known instrument named right after it
                ke, kc = known_from[e]
                for key, fm in found.items():
                    if fm.start == e and fm.end == ke:
                        found[key] = Measure(norm[s:ke], s, ke, norm[s:ke], fm.concept, "known", 1.0,
                                             fm.reason + f", qualified by the quoted {norm[s:e]}", fm.planned)
                continue
            if rx(r"[\u4e00-\u9fa5]{2,5}\s*[—–\-－~～至]+\s*[\u4e00-\u9fa5]{2,5}").fullmatch(inner):
                continue  # a route (“赣州—厦门”), not an instrument
            before = norm[max(a, s - 4):s]
            if ABOLISHED.search(before):
                continue  # 不再“停车等检”: what the measure ended
            if rx(r"\s*(?:轮|号|牌|杯|奖|班列号|[\u4e00-\u9fa5]{0,4}品牌)").match(after) or rx(r"(?:号|轮)\s*$").search(before):
                continue  # a ship, a prize, a brand (“晋通四海”口岸品牌)
            if rx(r"\s*[、，]?\s*“").match(after) and rx(r"”\s*" + MENU).search(norm[e:e + 80]) or rx(r"\s*" + MENU).match(after):
                continue  # one item of a platform's menu (设置“船期查询”“预约提箱”“费用结算”等栏目, “X”“Y”两个栏目)
            if rx(r"(?:建设|打造|建成|成为|争创)[^，。；“]{0,6}$").search(norm[max(a, s - 10):s]) and \
                    rx(r"(?:出海口|枢纽|高地|门户|桥头堡|节点|中心|示范区|样板|强港|大港|港口|口岸)$").search(inner):
                continue  # a state to reach (建设川南“出海口”): an aim (6.9)
            if headline_end and s < headline_end and "“" + inner + "”" not in norm[headline_end:b]:
                continue  # a single article's headline catchphrase (郑州空港的“秒级”通关): the body names the measures
            if not head and not HEAD_END.search(inner) and not HEADS_END.search(inner) and \
                    rx(r"(?:打造|争创|擦亮|叫响|建成|成为)[^，。；“”]{0,6}$").search(norm[max(a, s - 10):s]):
                continue  # 打造“晋通四海”: a state or brand to reach, an aim (6.9)
            if CHANNEL_END.search(inner) and rx(r"(?:通过|透过|经由|依托|借助|利用)\s*$").search(before):
                continue  # 透过“澳门海关网上服务平台”预约: an existing system used as a channel (6.8)
            # a noun phrase before the quote that says what the instrument applies to (特色产品出口“白名单”制度,
            # 鲜活产品“绿色通道”): part of the name, unless the quote is a whole name in itself (九江港“口岸数字服务平台”)
            ms = s if HEAD_END.search(inner) else _modifier_start(norm, s, a, agency_ends)
            def qpropose(end: int, score: float, reason: str, head_at: int | None = None, ms: int = ms, s: int = s) -> None:
                if ms < s:
                    reason += f", with the modifier {norm[ms:s]} before it"
                why = not_applied(norm, ms, end, a, b)
                # a quoted name with its head (“江海直达”快班航线4条) is a named service, whatever follows it
                if why and not ((why.startswith("a result stated after 实现") or why.startswith("a count of")) and end > e):
                    return  # the reasons a known wording is not an application hold for a new name too (6.8, 6.18)
                propose(ms, end, norm[ms:end], score, reason, head_at=head_at)

            before = norm[max(a, ms - 4):ms]
            of = rx(r"的([\u4e00-\u9fa5]{0,6}?(?:模式|机制))(?![\u4e00-\u9fa5])").match(after)
            if not head and not of and rx(r"\s*的\s*(?:推行|实施|推广|应用|上线|落地|运行|启用|开通)").match(after):
                qpropose(e, 0.7, "quoted name whose adoption follows it (“…”的推行)")
            elif of and not head:
                # “一次排队、一次采集”的合作查验模式: the quoted name describes the model it names
                qpropose(e + of.end(), 0.8, f"quoted name of a {of.group(1)}")
            elif head and (head.group("mod") or "").startswith("等"):
                # “分送集报”“先入区、后报关”等模式: a list closed by 等…; each quoted name is one measure
                qpropose(e, 0.8, f"quoted name in a list closed by {head.group(0)}")
            elif head and (head.group("mod") or "").startswith("新"):
                # “X”新通关模式: the quoted name, without the place before it (芜湖港“江海联运”新模式)
                propose(s, e, norm[s:e], 0.8, f"quoted name of a new {head.group(0)[1:]}")
            elif head:
                # a known wording that is only a part of the quoted name (「中欧班列+跨境电商」集拼业务) leaves the name free
                part = any(c in inner for c in "+＋、") and taken.overlaps(s, e) and core(inner) not in self.label_concept
                qpropose(e + head.end(), 0.8, f"quoted name followed by {head.group(0)}",
                        head_at=e if part else None)
            elif ADOPT_END.search(before) or rx(r"对[^，。；“”]{2,16}$").search(_clause_before(norm, s, a)) and \
                    not rx(r"\s*[”」]?\s*(?:等|的|进行|开展|提出)").match(norm, e):
                if not ADOPT_END.search(before):
                    qpropose(e, 0.6, "quoted treatment applied to what 对 names")
                    continue
                verb = ADOPT_END.search(before).group(0)
                qpropose(e, 0.7, f"quoted name after {verb.strip()}")
            elif HEADS_END.search(inner):
                qpropose(e, 0.7, "quoted name ending in a head word")
            else:
                lead = norm[max(a, s - 24):s]
                lead = rx(r"[，。；：\n\u3000 ]").split(lead)[-1]
                verb = ADOPT_ANY.search(lead)
                if verb and rx(r"推进|推动|促进|助推|助力").fullmatch(verb.group(0)):
                    continue  # 推进陆港、空港“双港联动”: an aim to advance (6.9), not an instrument named
                if verb and not rx(r"[“”]\s*$").search(before):
                    qpropose(e, 0.6, f"quoted name in a clause of {verb.group(0)}")
                elif verb:
                    qpropose(e, 0.6, f"quoted name listed after {verb.group(0)}")
        for dm in BOOK_TITLE.finditer(norm, a, b):
            if (ADOPT_END.search(norm[max(a, dm.start() - 6):dm.start()]) or rx(r"发布\s*$").search(norm[max(a, dm.start() - 3):dm.start()])) \
                    and not rx(r"关于|通知").search(dm.group(1)):
                # a known wording in its title (《跨境电商通关指南》) leaves the document free
                propose(dm.start(), dm.end(), dm.group(0), 0.7, f"a document drawn up ({dm.group(2)})", head_at=dm.start(2))
        # a subsidy or an award granted on stated terms (按每标箱100元给予物流补贴, 给予一次性奖励2万元): an instrument,
        # whose figures are its terms, not outcomes; without its terms (给予查验费用补贴) it is left to the reviewer
        for sm in SUBSIDY.finditer(norm, a, b):
            ss = sentence_start(norm, sm.start(), a)
            sentence = norm[ss:sentence_end(norm, sm.end(), b)]
            if len(sm.group("n")) >= 4 and not GENERIC.match(sm.group("n")) and rx(r"\d\s*(?:万|亿)?元").search(sentence):
                propose(sm.start("n"), sm.end("n"), sm.group("n"), 0.6, "a subsidy or award granted (给予…)")
        for hm in HEAD_WORD.finditer(norm, a, b):
            h, e = hm.span()
            head = hm.group(0)
            left = norm[max(a, h - 14):h]
            name_chars = rx(r"[\u4e00-\u9fa5A-Za-z0-9+＋]*$").search(left).group(0)
            if re.search(rf"(?:{HEAD_RE})$", name_chars):
                continue  # 机制改革: the first head word already made the name
            # the name starts after the last word that cannot be inside it (联合建立了口岸通关时效周报机制)
            cut = max((x.end() for x in BOUNDARY_WORD.finditer(name_chars)), default=0)
            modifier = name_chars[cut:][-12:]
            lead = LEADING.match(modifier)
            if lead:
                modifier = modifier[lead.end():]
            dest = rx(r"至([\u4e00-\u9fa5]{2,4})(?:、[\u4e00-\u9fa5]{2,4})*、$").search(left[:len(left) - len(name_chars)])
            if dest and cut == 0 and len(modifier) > len(dest.group(1)) + 2:
                modifier = modifier[len(dest.group(1)):]  # 新开兰州至中亚、西亚全货机航线: 西亚 is the last destination
            s = h - len(modifier)
            name = modifier + head
            if head in ("补贴", "补助", "奖补") and not ADOPT_END.search(norm[max(a, s - 5):s]):
                continue  # a subsidy is a name only right after its verb (推出口岸费用补贴); 给予… is read on its terms
            if head == "码头" and not rx(r"自动化|智能|智慧").search(modifier):
                continue  # 氹仔客运码头, 集装箱码头: a terminal is a place; an automated one is an instrument
            if head in SELF_NAMED and not modifier:
                pass  # 加装电子锁: the device's own name
            elif head in ("通道", "窗口", "车道", "专区") and modifier in ("专用", "专属", "专门") and \
                    ADOPT_END.search(norm[max(a, s - 6):s]):
                pass  # 为边民开通了专用通道: a channel set up for one group is an instrument, however plainly named
            elif len(modifier) < 2 or FRAGMENT.search(modifier) or GENERIC.match(modifier) and not (
                    head in SMART_FACILITIES and modifier in ("智能", "智慧")):
                continue
            if len(name) < (4 if head in ("专列", "专线", "快线") or modifier in ("专用", "专属", "专门") else 5) \
                    and head not in DEVICE_HEADS:
                continue  # 信息平台, 管理机制: a head word and one other word name nothing in particular
            if STATISTIC_AFTER.match(norm, e) or (head == "电子化" and rx(r"\s*(?:水平|程度|率)").match(norm, e)):
                continue  # the name of a statistic (系统覆盖率, 单证电子化程度)
            if any(ag.start <= s and e <= ag.start + len(ag.quote) + 2 for ag in case.agencies):
                continue  # an agency's own name (口岸服务中心, 电子口岸数据中心)
            before = norm[max(a, s - 5):s]
            # counted (新增的6条智能查验通道): a concrete instrument, when its name says more than the head word and
            # one other word (4条查验通道 is a count of lanes)
            adopted = ADOPT_END.search(before) or (len(name) >= 5 and rx(r"(?:\d+|[一二两三四五六七八九十几多数]+)\s*[个条项套台座处部]$").search(
                before + name_chars[:cut])) or PUT_INTO_SERVICE_OF.search(norm[max(a, s - 7):s]) or \
                VERB_ROUTE_OF.search(norm[max(a, s - 24):s])
            clause_lead = _clause_before(norm, s, a)
            if norm[e:e + 1] == "的" and adopted and not rx(r"的\s*(?:建设|运行|运营|使用|应用|上线|落地)").match(norm, e):
                continue  # 建成了覆盖全部车道的智能卡口系统: the phrase describes the name after 的, it is not one
            if rx(r"\s*的[\u4e00-\u9fa5]{0,4}(?:企业|公司|主体|单位|商户|船舶|车辆)").match(norm, e):
                continue  # 对新开通国际全货机航线的航空公司给予奖励: it says which firms qualify, not what is set up
            if head in ROUTE_HEADS and rx(r"\s*(?:\d+|[一二两三四五六七八九十百千]+)\s*(?:列|趟|班|架次|标箱|万|吨)").match(norm, e):
                continue  # 开行铁海联运班列520列: the volume of a service run, not its opening
            if adopted and rx(r"(?:已|已经|累计|共)\s*$").search(norm[max(a, s - len(adopted.group(0)) - 3):s - len(adopted.group(0))]) \
                    and rx(r"\s*(?:\d+|[一二两三四五六七八九十百]+)\s*[条个座家处]").match(norm, e):
                continue  # 机场已开通全货机航线41条: a stock counted, not an instrument the text sets up
            if head in CATEGORY_HEADS and rx(_NUMBERED).match(norm, norm.rfind("\n", a, s) + 1):
                continue  # （二）配备智能查验设施。: a heading naming a kind of thing; the devices under it are the applications (6.1)
            if adopted and (head == "改革" or norm[e:e + 2] == "改革") and rx(r"深化|推进|推动|全面").search(adopted.group(0)):
                continue  # 持续深化通关便利化改革: a reform programme to carry on, an aim (6.9, 6.24), not an instrument
            if adopted and rx(r"(?:支持|鼓励|引导|帮助)[^，。；]{0,16}$").search(norm[max(a, s - 24):max(a, s - len(adopted.group(0)))]) \
                    and SUPPORTED_DOING.search(adopted.group(0)):
                continue  # 支持(企业)开通全货机航线: what the notice pays firms to do, not an instrument it sets up
            listed = not adopted and ADOPT_LISTED.search(clause_lead)
            serving = not adopted and not listed and COMMISSIONED_AFTER.match(norm, e)
            score = 0.6 if adopted or listed or serving else 0.4
            reason = f"noun phrase ending in {head}" + (
                f" after {adopted.group(0).strip()}" if adopted else
                f" listed after {ADOPT_ANY.search(listed.group(0)).group(0)}" if listed else
                f" put into service ({serving.group(0).strip()})" if serving else "")
            if score < self.min_candidate_score:
                continue
            propose(s, e, name, score, reason, head_at=h if score >= 0.6 and len(modifier) >= 6 else None)
        # a service model written as a four-character idiom (实行随到随检, 推行即到即验) or an any-hour service
        # (实行全天候预约查验) after a verb of adoption: unquoted, but a name
        for sm in SERVICE_UNQUOTED.finditer(norm, a, b):
            ns, ne = sm.span("n")
            known = [(k, fm) for k, fm in found.items() if ns < fm.start and fm.end == ne]
            for k, fm in known:  # 推行全时段预约通关: the known service, at any hour
                found[k] = Measure(norm[ns:ne], ns, ne, norm[ns:ne], fm.concept, "known", fm.score,
                                   fm.reason + f", at any hour ({norm[ns:fm.start]})", fm.planned)
            if not known:
                propose(ns, ne, sm.group("n"), 0.6, f"a service model after {sm.group('v')}")
        # a facility named with its phase after the participle that put it into service (今年4月投用的宽准轨换装库二期)
        for pm in PHASE.finditer(norm, a, b):
            n = pm.group("n")
            cut = max((x.end() for x in MOD_STOP.finditer(n[:-2])), default=0)
            if len(n) - cut >= 5:
                propose(pm.start("n") + cut, pm.end("n"), n[cut:], 0.6, f"a facility's phase put into service ({pm.group(0)[:pm.start('n') - pm.start()].strip()})")
        # a system named after a known quoted measure (开发了“船边直提”作业调度系统): the measure, and the system too
        for ks, ke, kc in known_at:
            if ke < b and norm[ke - 1:ke] == "”":
                sys_m = rx(r"[\u4e00-\u9fa5]{2,8}?(?:系统|平台|小程序|窗口|专窗|专区|服务中心)").match(norm, ke, min(b, ke + 12))
                mid = norm[ke:sys_m.end() - 2] if sys_m else ""
                # 设立专门的“船边直提”服务窗口: a window named after the measure it serves is an instrument of its own
                if sys_m and sys_m.end() - ke >= 4 and rx("(?:" + "|".join(ADOPT) + r")了?(?:[^，。；“”]{0,4}的)?\s*$").search(
                        norm[max(a, ks - 10):ks]) \
                        and not BOUNDARY_WORD.search(mid) and not rx(r"^(?:省级|市级|国家级|地方|标准版|本地)").match(mid) \
                        and not not_applied(norm, ks, sys_m.end(), a, b):
                    name = norm[ks:sys_m.end()]
                    new.setdefault(core(name), Measure(name, ks, sys_m.end(), name, None, "new", 0.8,
                                                       f"a system named after {kc}"))
        # a candidate inside a longer one (口岸收费目录清单 in 口岸收费目录清单公示制度) is that one's part
        spans = [(m.start, m.end) for m in new.values()]
        new = {k: m for k, m in new.items() if not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end)
                                                       for s, e in spans)}
        # the same name said shorter elsewhere (a headline's “智慧审单” beside the body's “智慧审单”系统; 「合作查验」通关
        # beside 「合作查验、一次放行」): one measure, under its fuller name
        quoted = {k: _quoted_core(m.name) for k, m in new.items()}
        new = {k: m for k, m in new.items()
               if not (quoted[k] and any(k2 != k and quoted[k] != q2 and (q2.startswith(quoted[k]) or q2.endswith(quoted[k])) or
                                         k2 != k and quoted[k] == q2 and len(k2) > len(k) for k2, q2 in quoted.items() if q2))}
        # the same unquoted name said shorter (an item's heading 上线跨境货车预约通关系统, its body 上线预约通关系统): one measure
        new = {k: m for k, m in new.items() if quoted[k] or len(k) < 4 or
               not any(k2 != k and k2.endswith(k) and not quoted.get(k2) for k2 in new)}
        case.measures.extend(sorted(found.values(), key=lambda m: m.start))
        case.measures.extend(sorted(new.values(), key=lambda m: (-m.score, m.start)))


def title_candidates(self_measures: list[Measure], norm: str, hs: int, he: int, body_end: int | None = None,
                     label_concept: dict[str, str] | None = None) -> list[Measure]:
    """A quoted name in the title of a collection's case names the case's instrument (厦门港“海铁联运”班列提速):
    a candidate, unless the body already gave it (as a known concept or a candidate), or it only sums up
    instruments the body names (“预约通关+联合查验”, each part found in the body: 6.1). A body candidate that is
    the title's name said shorter (“一单制” under the title's “铁海联运一单制”) is the same measure: the title's
    fuller name stands for it (6.19)."""
    # what the body names: a candidate's name, a known measure's thesaurus wording (not the longer local name it may
    # carry: 海铁联运信息共享平台 names an information-sharing platform, not the title's “海铁联运”)
    have = {core(m.name) for m in self_measures if m.concept is None} | \
           {core(w.group(1)) if (w := rx(r"^thesaurus wording (\S+) of").match(m.reason)) else core(m.name)
            for m in self_measures if m.concept}
    out = []
    for m in QUOTED.finditer(norm, hs, he):
        inner = core(m.group(1))
        if inner in SLOGANS or len(inner) < 3 or rx(r"\d").search(inner) or any(inner in h for h in have):
            continue
        if body_end is not None and not ADOPT_ANY.search(norm[hs:m.start()]) and _plain_word_only(norm, inner, he, body_end):
            continue  # the body writes it only as an ordinary word (边民互市贸易量大): a topic, not an instrument
        if label_concept and label_concept.get(inner) in {x.concept for x in self_measures if x.concept}:
            continue  # 跨境货车“预约通关” over a body that sets up its appointment platform: one application (6.19)
        parts = [p for p in rx(r"[+＋、]").split(inner) if p]
        if len(parts) > 1 and all(any(p in h for h in have) for p in parts):
            continue  # the title sums up the body's instruments
        shorter = [x for x in self_measures if x.concept is None and _quoted_core(x.name)
                   and _quoted_core(x.name) != inner and inner.endswith(_quoted_core(x.name))
                   and core(x.name) == _quoted_core(x.name)]
        for x in shorter:
            self_measures.remove(x)
        out.append(Measure(norm[m.start():m.end()], m.start(), m.end(), norm[m.start():m.end()], None, "new", 0.7,
                           "quoted name in the case's title" + (f" (the body says it shorter: {shorter[0].name})" if shorter else "")))
    return out


def _plain_word_only(norm: str, inner: str, lo: int, hi: int) -> bool:
    """Does the body use `inner` only unquoted and never right after a verb of adoption?"""
    hits = [m.start() for m in re.finditer(re.escape(inner), norm[lo:hi])]
    if not hits:
        return False
    for i in hits:
        at = lo + i
        if norm[at - 1:at] in "“「" or ADOPT_END.search(norm[max(lo, at - 6):at]):
            return False
    return True


def _quoted_core(name: str) -> str:
    m = rx(r"[“「]([^”」]{2,30})[”」]").search(name)
    return core(m.group(1)) if m else ""


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fa5"


_CUTS: dict[tuple[str, int, int], bool] = {}


def _cuts_at(rules, window: str, s: int, e: int) -> bool:
    """Does jieba cut `window` at both s and e? (memoised: phrases recur across a document)"""
    key = (window, s, e)
    hit = _CUTS.get(key)
    if hit is None:
        if len(_CUTS) > 200_000:
            _CUTS.clear()
        cuts, pos = {0}, 0
        for tok in _segmenter(rules.measure_words).cut(window, HMM=False):
            pos += len(tok)
            cuts.add(pos)
        hit = _CUTS[key] = s in cuts and e in cuts
    return hit


_SEG = {}


def _segmenter(words: tuple[str, ...]):
    key = len(words)
    if key not in _SEG:
        import logging

        import jieba  # bundled dictionary, no network

        jieba.setLogLevel(logging.ERROR)
        tk = jieba.Tokenizer()
        tk.initialize()
        for w in words:
            tk.add_word(w, 200000)
        _SEG.clear()
        _SEG[key] = tk
    return _SEG[key]
