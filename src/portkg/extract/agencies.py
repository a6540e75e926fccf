"""Agencies: the 实施单位 units, and agency names in the text by their forms.

A name is a place (or a registry name) followed by an agency form (…海关, …出入境边防检查站,
…海事局, …商务厅/委/局, …边防检查总站 …), or one of the national bodies (海关总署, 商务部,
国家移民管理局 …). Whatever precedes the place is cut off (邀请青岛海关 → 青岛海关); a type word
with no place before it is not a name (简化海关手续, 经济带海关), except right after a named
agency in a list (张家港海事局、海关、边检站), where it is expanded with that agency's place
(张家港海关) and marked for review. One entry per agency.
"""
from __future__ import annotations

import re

from .model import Agency, DraftCase
from .text import rx
from .places_cn import CITIES, CITY_ALTERNATION, PROVINCES

# the departments of a provincial or city government, written 厅 (province) or 局/委 (city): 省自然资源厅, 市应急管理局
GOV_STEMS = ("自然资源和规划|自然资源|生态环境|应急管理|文化和旅游|卫生健康|科学技术|住房和城乡建设|水利|人力资源和社会保障|司法|民政|"
             "审计|林业和草原|地方金融监督管理|国有资产监督管理|经济和信息化|邮政管理|通信管理|气象|粮食和物资储备|药品监督管理|"
             "知识产权|医疗保障|能源|教育|科技")
# (regex for the name's end, agency type), most specific first
AGENCY_FORMS = [
    (r"出入境边防检查总站|边防检查总站|边检总站|出入境边防检查站|边防检查站|边检站", "border-inspection"),
    (r"海事局|海事处", "maritime-safety"),
    (r"外汇管理局[\u4e00-\u9fa5]{0,6}?分局|外汇管理局|外汇局[\u4e00-\u9fa5]{0,6}?分局", "foreign-exchange"),
    (r"税务局(?:第[一二三四五六七八九十]+税务分局)?|税务分局", "tax"),
    (r"(?:人民)?政府口岸[\u4e00-\u9fa5]{0,4}?办公室|人民政府口岸和物流办公室|人民政府口岸办公室|政府口岸办公室|政府口岸办|口岸和物流办公室|口岸物流办公室|口岸物流办|口岸管理委员会|口岸管理办公室|口岸管理局|口岸事务中心|口岸办公室|口岸服务中心|口岸服务办公室|口岸服务办|"
     r"口岸办|口岸委|口岸局", "port-office"),
    (r"商务厅|商务委员会|商务委|商务局", "commerce"),
    (r"电子口岸数据中心[\u4e00-\u9fa5]{0,4}?分中心|电子口岸数据中心", "data-centre"),
    (r"电子口岸(?:有限)?公司|电子口岸公司", "e-port-operator"),
    (r"港务[（(]集团[)）](?:股份)?有限公司|(?<=港)[（(]集团[)）](?:股份)?有限公司|港务集团(?:股份)?有限公司|港务股份有限公司|港务有限(?:责任)?公司|港口集团(?:股份)?有限公司|港口集团有限责任公司|港务集团有限责任公司|"
     r"港务集团(?:有限公司)?|港口集团(?:有限公司)?|(?<=港)集团(?:有限公司)?|码头(?:股份)?有限(?:责任)?公司|码头集团|港务局|港口管理局|"
     r"港航管理局|港航事业发展中心|引航站|引航中心|(?<=港)(?:股份)?有限公司|"
     # a port, inland-port, transport or logistics group that acts (重庆港务物流集团有限公司, 青海省交通控股集团有限公司,
     # 甘肃国际物流集团有限公司); a trader or forwarder (…物流有限公司, …汽配有限公司) quoted as a user is no agency
     r"(?:港务|港口|码头|陆港|交通控股|交通投资|交通运输|物流)[\u4e00-\u9fa5]{0,4}?集团(?:股份)?有限(?:责任)?公司|"
     r"(?:港务|港口|陆港|交通控股|交通投资|物流)[\u4e00-\u9fa5]{0,4}?集团", "port-operator"),
    (r"机场[\u4e00-\u9fa5]{0,4}?集团(?:有限公司|有限责任公司)?|机场专营股份有限公司|机场(?:股份)?有限(?:责任)?公司", "airport"),
    (r"(?:经济技术开发区|经济开发区|开发区|经开区|高新区|新区|综保区|自贸区|经济区|园区|保税区|片区|合作区|港务区|港区|示范区|试验区|实验区|功能区)"
     r"(?:管理委员会|管委会)", "government"),
    (r"治安警察局|警察局|公安(?:分)?局", "government"),
    (r"行政公署|执行委员会|执委会", "government"),  # 阿里地区行政公署, 阿拉善盟行政公署: a prefecture's government
    (r"人民政府新闻办公室|政府新闻办公室|新闻办公室|政府新闻局|政府新闻办|政府新闻处|新闻办", "government"),
    (r"(?:(?<=民航)|(?<=民用航空))[\u4e00-\u9fa5]{2,6}?地区管理局|(?:(?<=民航)|(?<=民用航空))[\u4e00-\u9fa5]{2,4}?监管局",
     "government"),
    (r"铁路局集团(?:有限公司)?|铁路局|铁路集团(?:有限公司)?|(?<=[\u4e00-\u9fa5]{2})局集团有限公司", "government"),
    (r"(?:交通运输|发展和改革|发展改革|发改|财政|市场监督管理|市场监管|工业和信息化|农业农村|公安|外事|人民政府)"
     r"(?:厅|委员会|委|局|办公厅|办公室)|(?:" + GOV_STEMS + r")(?:厅|委员会|委|局)|人民政府|(?<=[省市县州区旗盟])政府(?:办公厅|办公室|(?!各|部门|采购|工作|网站|职能|服务|投资|补贴|引导|主导|性|新闻|公报|令|文件|信息))",
     "government"),
    # other city and provincial bureaus a port text names (合肥市数据资源局, 广州市大数据管理局, 某某市文化和旅游局)
    (r"(?:数据资源管理局|数据资源局|大数据管理局|大数据局|数据局|政务服务和数据管理局|政务服务数据管理局|政务服务管理局|"
     r"行政审批局|投资促进局|经济和信息化局|经济和信息化委员会|经信局|经信委|工信局|科学技术局|科技局|文化和旅游局|文化广电和旅游局|"
     r"文旅局|卫生健康委员会|卫生健康委|卫健委|生态环境局|自然资源和规划局|自然资源局|应急管理局|统计局|邮政管理局|"
     r"地方金融监督管理局|金融监管局|金融工作局|国有资产监督管理委员会|国资委|住房和城乡建设局|水务局|交通局)", "government"),
    (r"机场管理局", "airport"),
    (r"海关驻[\u4e00-\u9fa5]{2,14}?办事处|海关(?:综合)?技术中心|海关缉私(?:分)?局|海关", "customs"),  # 九江海关驻城西港区办事处: a customs office is one unit
    (r"管理局", "government"),  # any other 管理局 after a place (澳门民航局 is national-like, see NATIONAL)
    (r"管委会|管理委员会|贸易发展局", "government"),  # …, 香港贸易发展局  # 长白山管委会 (a committee named by its place alone), 香港特别行政区政府新闻处
]
FORM_RE = re.compile("|".join(f"(?:{f})" for f, _ in AGENCY_FORMS))
FORM_END = re.compile(f"(?:{FORM_RE.pattern})$")
FORM_TYPE = [(re.compile(f"(?:{f})$"), t) for f, t in AGENCY_FORMS]
# the bare type words that may follow a named agency in a list
BARE = re.compile(r"[、和及与]\s*(?:(海关)(?=[、，。；和及与等\s]|建立|联合|共同|成立|开展|签署)|"
                  r"(边检站|边防检查站|出入境边防检查站|海事局|海事处|税务局|商务局|口岸办|外汇局|"
                  r"(?:交通运输局|市场监管局|市场监督管理局|发展改革委|发改委|财政局|公安局|农业农村局|口岸局|口岸办公室|"
                  r"(?:交通运输|财政|公安|农业农村|商务|市场监督管理|工业和信息化|" + GOV_STEMS + r")(?:厅|局|委员会))"
                  r"(?=[、，。；和及与等\s）)]|联合|共同|配合|参与|协同|合作|推动|开展|建立|签署|成立)))")

# national bodies: name → type
NATIONAL = {
    "海关总署": "customs", "国务院办公厅": "government", "国务院新闻办公室": "government", "国新办": "government",
    "国务院": "government",
    "国家口岸管理办公室": "port-office", "国家口岸办": "port-office", "商务部": "commerce",
    "交通运输部": "government", "国家移民管理局": "border-inspection", "国家税务总局": "tax",
    "国家外汇管理局": "foreign-exchange", "中国人民银行": "government", "财政部": "government",
    "国家发展改革委": "government", "国家发展和改革委员会": "government", "公安部": "government",
    "市场监管总局": "government", "国家市场监督管理总局": "government", "国家市场监管总局": "government", "工业和信息化部": "government",
    "农业农村部": "government", "中国民用航空局": "government", "中国民航局": "government", "民航局": "government",
    "国家铁路局": "government", "中国国家铁路集团": "government", "中国国家铁路集团有限公司": "government",
    "国铁集团": "government", "中华人民共和国海事局": "maritime-safety",
    "交通运输部海事局": "maritime-safety", "中国电子口岸数据中心": "data-centre", "外交部": "government",
    # bodies of Hong Kong and Macao whose names carry no place (澳门海关与治安警察局)
    "治安警察局": "border-inspection", "入境事务处": "border-inspection", "海事及水务局": "maritime-safety",
    "民航处": "government", "机场管理局": "airport", "运输及物流局": "government",  # 民航局: above
    "保安局": "government", "交通事务局": "government", "运输署": "government", "路政署": "government", "卫生署": "government",
    "工业贸易署": "government", "渔农自然护理署": "government", "食物环境卫生署": "government", "机电工程署": "government",
}
FTZ_COMMITTEE = re.compile(r"中国[（(][\u4e00-\u9fa5]{2,4}[)）]自由贸易试验区[\u4e00-\u9fa5]{2,6}?片区(?:管理委员会|管委会)")
COMMITTEE_BUREAU = re.compile(r"(?![的和与及在对将为向同等、])[\u4e00-\u9fa5]{2,6}?局(?!长)")
# a department right after a national body's name (海关总署口岸监管司, 海关总署广东分署, 交通运输部水运局): no connective in it
DEPARTMENT = re.compile(r"(?![的和与及在对将为向同等、])(?:[\u4e00-\u9fa5]{2,8}?(?<!公)司(?!机|长|法)|[\u4e00-\u9fa5]{2,3}分署|"
                        r"(?<=部)[\u4e00-\u9fa5]{2,6}?局(?!长))")
SAR_BODIES = ("交通事务局", "治安警察局", "入境事务处", "海事及水务局", "民航处", "民航局", "机场管理局", "运输及物流局", "保安局",
              "运输署", "路政署", "卫生署", "工业贸易署", "渔农自然护理署", "食物环境卫生署", "机电工程署")
# a Hong Kong or Macao bureau written …及…局 (运输及物流局, 商务及经济发展局, 经济及科技发展局), right after a boundary
JI_BUREAU = re.compile(r"(?:(?<=[】」』》，。；：、（(“”\"'\s\u3000和与同由])|^)"
                       r"(?=((?:香港|澳门)?[\u4e00-\u9fa5]{2,4}及[\u4e00-\u9fa5]{2,5}?局)(?!长))", re.M)
NATIONAL_RE = re.compile("|".join(sorted(map(re.escape, NATIONAL), key=len, reverse=True)))
# words that are never (the end of) an agency name even though they end in a form
NOT_NAMES = ("智慧海关", "海关总署", "关区", "数字海关", "法治海关", "模范海关", "国门海关", "服务海关")
# what may stand between a place and the form (inside a name): 青岛大港海关, 济南机场海关, 上海浦东国际机场海关
INNER = r"[\u4e00-\u9fa5]{0,6}?"
INNER_LONG = r"[\u4e00-\u9fa5]{0,9}?"
ZONE_COMMITTEE = re.compile(r"[\u4e00-\u9fa5]{1,6}?区(?:管委会|管理委员会)")
# a 2–4 character name right after a boundary is accepted without a known place (金陵海关, 黄埔海关) unless
# it is a common word
COMMON = ("两地", "双方", "各地", "两国", "多地", "三地", "邀请", "时期", "简化", "经济带", "全国", "各地", "地方", "口岸", "属地", "驻场", "现场", "隶属", "直属", "推动",
          "联合", "组织", "协调", "配合", "积极", "主动", "相关", "有关", "所在", "当地", "本地", "各级", "全省", "全市",
          "该", "此", "我", "其", "各", "驻", "与", "和", "及", "由", "在", "向", "经", "对", "为", "的", "是", "将", "了",
          "通过", "依托", "加强", "强化", "申报", "办理", "手续", "监管", "智慧", "智能", "数字", "推进", "建设", "支持",
          "指导", "服务", "帮助", "会同", "牵头", "统筹", "进出", "出入", "经过", "获悉", "来自", "据", "从", "记者",
          "企业", "整合", "集成", "对接", "打通", "连通", "涉及", "包括", "部门", "凭", "按", "依", "经济", "即", "分别",
          "要", "需", "到", "去", "走访", "拜访", "前往", "调研", "会见", "会商", "协商")
# characters that are words of their own before a place (据厦门, 在南京, 赴青岛, 经香港): never the first character
# of a place's name (梅河口, 长白山 are names)
FUNCTION_CHARS = ("和与及在由从对向为将把被让给请派于以按凭沿自离距近比较如是的了入出进去来赶抵达返回留住驻有无省市县区"
                  "各全本该每个其这那此所已再又也都均还并而但或即就才只仅据经至到赴往等")
BOUNDARY_BEFORE = "，。；：、（(“”\"' \n\t\u3000"
CONNECTIVES = ("以下简称", "简称", "下称", "所辖", "管辖", "联合", "会同", "协调", "联系", "依托", "推动", "指导", "组织", "支持", "配合", "获悉", "位列", "位居", "来自",
               "记者", "近日", "邀请", "携手", "牵头", "协同", "从", "由", "向", "与", "和", "及", "对", "在", "将",
               "为", "的", "据", "同", "跟", "让", "请", "派", "是", "称", "了", "等", "所属", "下属", "隶属")
# an airport named next in a list of bodies (…商务局、银川河东国际机场): not a form of its own (…机场海关 is the customs)
LISTED_AIRPORT = re.compile(r"[、和与及]\s*([\u4e00-\u9fa5]{2,10}?(?:国际机场|机场))"
                            r"(?!海关|边|集团|公司|管理|口岸|货站|航站|片区|综合|分|办事处|[\u4e00-\u9fa5]{0,4}(?:海关|站))")
LISTED_COMPANY = re.compile(r"[、和与及]\s*([\u4e00-\u9fa5]{2,12}?(?:集团(?:股份)?有限(?:责任)?公司|(?:股份)?有限(?:责任)?公司))")
# verbs that end a clause's subject or start its object: a name never runs back across them (重大情况及时报告省人民政府,
# 会同市交通运输局, 由省商务厅牵头)
CLAUSE_VERBS = ("报告", "报送", "上报", "报请", "提请", "请示", "提交", "抄送", "抄报", "通报", "会同", "牵头", "配合", "指导",
                "联合", "协助", "督促", "负责", "商请", "征求", "听取")
UNIT_LINE_TYPES = [(re.compile(r"(?:综合保税区|保税区|保税港区)$"), "special-customs-zone"),
                   (re.compile(r"机场$"), "airport"), (re.compile(r"(?:人民政府办公室|人民政府)"), "port-office"),
                   (re.compile(r"^山东港口|港口|港$"), "port-operator")]


def agency_type(name: str, registry_types: dict[str, str]) -> str:
    if name in registry_types:
        return registry_types[name]
    if name in NATIONAL:
        return NATIONAL[name]
    for pattern, kind in FORM_TYPE:
        if pattern.search(name):
            return kind
    for pattern, kind in UNIT_LINE_TYPES:
        if pattern.search(name):
            return kind
    if "口岸" in name:
        return "port-office"
    return "government"


ROLE_NOTE = re.compile(r"[（(](?:牵头|配合|协办|主办|负责|参与|牵头单位|配合单位|按职责分工负责|按职责负责)[)）]$")
# a 责任单位 entry that names a group, not one body (各成员单位, 有关部门, 相关县区人民政府)
GROUP = re.compile(r"^(?:各|有关|相关|其他|其它|全省|全市|全区|其余)|(?:成员单位|有关单位|相关单位|有关部门|相关部门|各部门|各单位)$")
# a body written together with the one above it: 拉萨海关所属吉隆海关, 西藏出入境边防检查总站吉隆出入境边防检查站
SUBORDINATE_WORDS = ("所属", "下属", "隶属", "直属", "所辖")
_SUBORDINATE = re.compile("|".join(SUBORDINATE_WORDS))
_GENERAL_STATION = re.compile(r"出入境边防检查总站|边防检查总站|边检总站")


def _split_bodies(name: str, registry: dict) -> list[tuple[int, str]]:
    """The bodies one 实施单位 token names, with their offsets: A所属B is A and B; a 总站 directly followed by a
    station is the general station and the station (docs/curation.md §8.3). A registry name is kept whole."""
    if name in registry:
        return [(0, name)]
    m = _SUBORDINATE.search(name)
    if m and FORM_RE.search(name[:m.start()]) and FORM_RE.search(name[m.end():]):
        return [(0, name[:m.start()])] + [(m.end() + o, x) for o, x in _split_bodies(name[m.end():], registry)]
    g = _GENERAL_STATION.search(name)
    if g and len(name) - g.end() >= 4 and FORM_RE.search(name, g.end()) and FORM_RE.search(name, g.end()).end() == len(name):
        return [(0, name[:g.end()]), (g.end(), name[g.end():])]
    return [(0, name)]


class AgencyRules:
    """Mixed into the Extractor: needs self.agencies (zh → id), self.agency_types, self.anchor_re."""

    def implementers(self, case: DraftCase, norm: str, a: int, b: int) -> None:
        m = rx(r"实施单位\s*[:：]").match(norm[a:b])
        pos = a + (m.end() if m else 0)
        for tok in rx(r"[^\s、，,；;]+").finditer(norm[pos:b]):
            if GROUP.search(tok.group(0)) and tok.group(0) not in self.agencies:
                continue  # 各成员单位, 有关部门: a group, no single body (§8.4)
            if _DATE_LINE.match(tok.group(0)) or not re.search(r"[\u4e00-\u9fa5]{2}", tok.group(0)):
                continue  # the notice's date under its signature, a stray number
            for off, name in _split_bodies(tok.group(0), self.agencies):
                self._implementer(case, norm, pos + tok.start() + off, name, b)

    def _implementer(self, case: DraftCase, norm: str, s: int, name: str, b: int) -> None:
        # 省商务厅（牵头）, 省公安厅（配合）: the unit's role in brackets is not part of its name
        role = ROLE_NOTE.search(name)
        if role and name not in self.agencies:
            name = name[:role.start()]
        # 市商务局（市口岸办）: the body in brackets is the same body under its other name
        alias = re.fullmatch(r"(.{2,}?)[（(]([^）)]{2,12})[）)]", name)
        if alias and FORM_RE.search(alias.group(2)) and FORM_RE.search(alias.group(1)) and name not in self.agencies:
            name = alias.group(1)
        # 湖南省商务厅给予业务指导: the name ends at its type word
        last = None
        for fm in FORM_RE.finditer(name):
            last = fm
        if last is not None and last.end() < len(name) and TASK_AFTER.match(name, last.end()) \
                and name not in self.agencies:
            name = name[:last.end()]
        full, review = name, None
        # 省商务厅 in a Shanxi notice, 市财政局 in a Yueyang one: the issuer's bureau (山西省商务厅, 岳阳市财政局), for review
        # (a name the registry has, 省电子口岸公司, is already how the project files it)
        got = None if name in self.agencies else \
            expand_level(name, s, case.agencies, getattr(self, "doc_places", None), _place_hint(norm, case.start, b))
        if got:
            full, review = got
        case.agencies.append(Agency(name, s, s + len(name), full, agency_type(full, self.agency_types),
                                    "implementer", self.agencies.get(full), review))

    def _name_start(self, norm: str, lo: int, form_start: int) -> int | None:
        """Where the name ending in the form at form_start begins, or None when it is not a name."""
        window_lo = max(lo, form_start - 14)
        left = norm[window_lo:form_start]
        # the earliest known place in the window that is followed only by name characters up to the form
        best = None
        # a zone's committee may carry a long name between its place and the form (郑州航空港经济综合实验区管委会)
        inner = INNER_LONG if ZONE_COMMITTEE.match(norm, form_start) or \
            norm.startswith(("执行委员会", "执委会", "管委会", "管理委员会"), form_start) else INNER
        for m in self.anchor_re.finditer(left):
            between = left[m.end():]
            if re.fullmatch(inner, between) and not any(c in between for c in "的在将与和及、，。；"):
                if not any(w in between for w in ("推动", "联合", "会同", "通过", "依托", "协调", "所属", "下属", "隶属", "所辖", "简称")) \
                        and not FORM_RE.search(between):
                    best = window_lo + m.start()
                    break
        if best is not None:
            # 长白山管委会: one more name character between a boundary and the known place (白山) is the name's start
            if best - 1 > lo and norm[best - 2] in BOUNDARY_BEFORE and "\u4e00" <= norm[best - 1] <= "\u9fa5" \
                    and norm[best - 1] not in FUNCTION_CHARS:
                return best - 1
            return best
        # a provincial or city body named by its level alone (省商务厅, 市口岸办) right after a boundary
        # (自治区交通运输厅, 州商务局); a clause verb before it is a boundary (及时报告省人民政府, 报请市政府)
        lv = next((n for n in (3, 2, 1) if form_start - n >= lo and norm[form_start - n:form_start] in
                   {3: ("自治区", "自治州"), 2: ("地区",), 1: tuple("省市县区州盟旗")}[n]), None)
        if lv is not None:
            ls = form_start - lv
            if ls == lo or norm[ls - 1] in BOUNDARY_BEFORE or \
                    norm[max(lo, ls - 2):ls].endswith(CONNECTIVES + CLAUSE_VERBS + ("已经", "报经", "业经", "经")):
                return ls
        # no known place: a short name right after a boundary or a connective (金陵海关, 黄埔海关)
        for n in (6, 5, 4, 3, 2):
            s = form_start - n
            if s < lo:
                continue
            cand = norm[s:form_start]
            if n > 4 and not cand.startswith("中国"):
                continue  # 中国民用航空华北地区管理局: a national name may run to 6 characters
            if not rx(r"[\u4e00-\u9fa5]+").fullmatch(cand):
                continue
            before = norm[s - 1] if s > lo else "\n"
            before2 = norm[max(lo, s - 2):s]
            # a station right after its general station (西藏出入境边防检查总站吉隆出入境边防检查站) starts a new name
            if before in BOUNDARY_BEFORE or before2.endswith(CONNECTIVES) or before in "和与及由在向对将为同" \
                    or _GENERAL_STATION.search(norm, max(lo, s - 9), s) and norm[s - 2:s] == "总站":
                if cand.startswith(COMMON) or cand.endswith(COMMON) or any(w in cand for w in COMMON if len(w) >= 2) \
                        or any(w in cand for w in CLAUSE_VERBS):  # 时报告省人民政府: a clause, not a name
                    return None
                return s
        return None

    def mentioned_agencies(self, case: DraftCase, norm: str, a: int, b: int) -> None:
        seen = {x.name for x in case.agencies}
        found: list[Agency] = []

        def add(name: str, s: int, kind: str, review: str | None = None) -> None:
            if name in seen:
                return
            if LEVEL.match(name) and _addressee_line(norm, s):
                return  # 自治区人民政府各组成部门： on the addressee line; 经自治区人民政府同意 below it still counts
            if _inside_quoted_name(norm, s, s + len(name)):
                return  # 「澳門特區政府一戶通」: a platform's quoted name that starts with a body's
            seen.add(name)
            found.append(Agency(name, s, s + len(name) if review is None else s, name, kind, "mentioned",
                                self.agencies.get(name), review))

        # registry names first (exact, so their boundaries are right)
        for m in self.registry_re.finditer(norm, a, b) if self.registry_re else ():
            add(m.group(0), m.start(), agency_type(m.group(0), self.agency_types))
        for m in NATIONAL_RE.finditer(norm, a, b):
            if m.group(0) in SAR_BODIES and norm[max(a, m.start() - 2):m.start()] in ("澳门", "香港"):
                # 澳门治安警察局, 香港入境事务处: named with its place
                add(norm[m.start() - 2:m.end()], m.start() - 2, NATIONAL[m.group(0)])
                continue
            if m.group(0) == "民航局" and norm[max(a, m.start() - 2):m.start()] == "中国":
                continue  # part of 中国民航局
            add(m.group(0), m.start(), NATIONAL[m.group(0)])
            # 海关总署口岸监管司, 商务部外贸司: a ministry's department is a body of its own, named with its ministry
            dept = DEPARTMENT.match(norm, m.end())
            if dept and dept.end() <= b and m.group(0) not in SAR_BODIES:
                add(m.group(0) + dept.group(0), m.start(), NATIONAL[m.group(0)])
        # 中国（云南）自由贸易试验区红河片区管理委员会: a free trade zone area's committee, its name holding brackets
        for m in FTZ_COMMITTEE.finditer(norm, a, b):
            add(m.group(0), m.start(), "government")
        for m in JI_BUREAU.finditer(norm, a, b):
            name = m.group(1)
            left, right = name.split("及", 1)
            left = left.removeprefix("香港").removeprefix("澳门")
            if len(left) < 2 or FORM_RE.search(left) or any(c in name for c in "的和与、在将") \
                    or left.endswith(("海关", "边检", "海事", "税务", "口岸", "港口", "机场", "公安")) \
                    or FORM_RE.fullmatch(right) or left.startswith(CONNECTIVES) \
                    or left in ("相关", "有关", "各级", "双方", "两地", "部门", "企业", "当地", "本地"):
                continue  # 海关及海事局: two bodies in a list
            add(name, m.start(1), "government")
        for m in FORM_RE.finditer(norm, a, b):
            form = m.group(0)
            if form == "海关" and norm[m.end():m.end() + 2] == "总署":
                continue
            s = self._name_start(norm, a, m.start())
            if rx(r"(?:集团|公司)$").search(form):
                s = _enterprise_start(norm, a, m.start(), s)
            if s is None:
                continue
            if norm[max(a, s - 4):s] == "中国铁路" and form.startswith(("局集团", "铁路")):
                s -= 4  # 中国铁路北京局集团有限公司: the railway group's name starts before its place
            end = m.end()
            branch = rx(r"[\u4e00-\u9fa5]{2,6}?(?:货运中心|分公司|营业部|货运部)|[\u4e00-\u9fa5]{2,4}?站(?!点)|"
                        r"[\u4e00-\u9fa5]{2,10}?码头(?!有限|股份|公司|集团)").match(norm, end) \
                if form.endswith("公司") else \
                rx(r"[\u4e00-\u9fa5]{2,6}?分公司").match(norm, end) if form.endswith("集团") else None
            # …集团有限公司珲春站: a railway company's station; 辽港集团营口港务分公司: a group's branch company
            if branch and not any(w in branch.group(0) for w in ("的", "在", "和", "与", "及", "等", "各", "到", "至")):
                end = branch.end()  # 中国铁路上海局集团有限公司连云港货运中心: the company's branch is the unit named
            name = norm[s:end]
            if name.endswith(NOT_NAMES) or name in NOT_NAMES or len(name) < 3:
                continue
            kind = agency_type(name, self.agency_types)
            add(name, s, kind)
            # 横琴粤澳深度合作区执行委员会经济发展局: a committee's bureau is a body of its own, named with its committee
            bureau = COMMITTEE_BUREAU.match(norm, end) if rx(r"(?:委员会|执委会|管委会)$").search(name) else None
            if bureau and bureau.end() <= b:
                add(name + bureau.group(0), s, "government")
            # bare type words after it in a list: 张家港海事局、海关、边检站
            place = name[: len(name) - len(form)] if end == m.end() else ""
            pos = end
            while True:
                bm = BARE.match(norm, pos)
                if not bm or not place:
                    break
                word = bm.group(1) or bm.group(2)
                ws, we = bm.span(1) if bm.group(1) else bm.span(2)
                # 边检站 is the common short form: the body's name is 出入境边防检查站 (as the registry writes it)
                expanded = place + (SHORT_FORMS["边检站"][0] if word == "边检站" else word)
                if expanded not in seen:
                    seen.add(expanded)
                    found.append(Agency(word, ws, we, expanded, agency_type(expanded, self.agency_types),
                                        "mentioned", self.agencies.get(expanded),
                                        f"expanded from {name}: the text writes only {word} after it in a list"))
                pos = bm.end()
        # 岳阳经开区、城陵矶新港区管委会: two bodies sharing one type word (docs/curation.md §8.4), the first for review
        for ag in list(found):
            st = ag.start
            if ag.review is not None or st - 1 <= a or norm[st - 1] != "、":
                continue
            i = st - 1
            while i > max(a, st - 12) and "\u4e00" <= norm[i - 1] <= "\u9fa5" and norm[i - 2:i] not in SUBORDINATE_WORDS:
                i -= 1
            tok = norm[i:st - 1]
            # 青岛海关所属黄岛、前湾海关: after a connective a 2–4 character name will do
            after_link = norm[max(a, i - 2):i] in SUBORDINATE_WORDS
            if not (i == a or norm[i - 1] in BOUNDARY_BEFORE or after_link) or len(tok) < 2 or FORM_RE.search(tok) \
                    or tok.startswith(COMMON) or tok[0] in FUNCTION_CHARS \
                    or not (tok.endswith("区") or self.anchor_re.fullmatch(tok) or after_link and len(tok) <= 4):
                continue
            head = re.search(r"(?:管理委员会|管委会)$", ag.name) or FORM_END.search(ag.name)
            if head:
                add(tok + head.group(0), i, ag.type, f"the type word it shares with {ag.name}: the text writes "
                                                     f"{tok}、{ag.name}")
        # 银川市商务局、交通运输局、银川河东国际机场按日报送: an airport listed among bodies acts as one (a route or a
        # place, 经香港机场中转, is not in such a list)
        ends = sorted({bm_end for bm_end in (x.end if x.review else x.start + len(x.name) for x in case.agencies + found)})
        for e in ends:
            am = LISTED_AIRPORT.match(norm, e)
            if am and am.end(1) <= b and self.anchor_re.match(am.group(1)):
                add(am.group(1), am.start(1), "airport")
            # …边防检查站、厦门翔业集团有限公司推出: a company listed among the bodies that act is one of them
            cm = LISTED_COMPANY.match(norm, e)
            if cm and cm.end(1) <= b and self.anchor_re.match(cm.group(1)) and _one_company(cm.group(1)):
                add(cm.group(1), cm.start(1), agency_type(cm.group(1), self.agency_types))
        for ag in found:
            if ag.review is None:
                ag.end = ag.start + len(ag.name)
        # 澳门特别行政区政府海关, 山东港口青岛港集团有限公司: a name that another body's name continues is not named by
        # itself (a national body and its department are two: 海关总署, 海关总署口岸监管司)
        longer = {(x.start, x.name) for x in found if x.review is None}
        found = [x for x in found if not (x.review is None and x.name not in NATIONAL
                                          and not x.name.endswith(("委员会", "管委会", "执委会")) and any(
            st == x.start and n != x.name and n.startswith(x.name) for st, n in longer))]
        # 国家税务总局厦门市税务局, 国家外汇管理局青岛市分局: a national body's local branch is one name
        by_start = {ag.start: ag for ag in found}
        for ag in list(found):
            if ag.name in ("国家税务总局", "国家外汇管理局", "中国人民银行", "国家金融监督管理总局") and ag.end in by_start:
                local = by_start[ag.end]
                merged = Agency(ag.name + local.name, ag.start, local.end, ag.name + local.name, local.type, "mentioned",
                                self.agencies.get(ag.name + local.name))
                found = [x for x in found if x is not ag and x is not local] + [merged]
        # 黑龙江省商务厅（省口岸办）: a body in brackets right after another names the same body again
        # (以下简称市口岸物流办): so is a short form it introduces (docs/curation.md §8.2)
        ends = {x.start + len(x.name) for x in case.agencies + found if x.review is None}

        def alias(x: Agency) -> bool:
            if x.start <= a:
                return False
            q = x.start + len(x.quote if x.quote else x.name)
            closes = any(norm[e:e + 2].lstrip("”\"")[:1] in ("）", ")") for e in (x.start + len(x.name), q))
            lead = ALIAS_LEAD.search(norm, max(a, x.start - 6), x.start)
            opens = x.start - 1 if norm[x.start - 1] in "（(" else (lead.start() if lead and lead.end() == x.start else -1)
            return closes and opens >= 0 and norm[opens] in "（(" and opens in ends
        found = [x for x in found if not alias(x)]
        # 各县（市）、区人民政府，市政府各部门：the addressees of a notice, named by their level alone, are no agency
        found = [x for x in found if not (LEVEL.match(x.name) and _addressee_line(norm, x.start))]
        found = _expand_levels(case.agencies + found, found, _place_hint(norm, a, b), getattr(self, "doc_places", None))
        for ag in found:
            if ag.review and ag.id is None:
                ag.id = self.agencies.get(ag.name)
        # 经省政府同意 … 报告省人民政府: two short forms of one body are one entry
        named = {x.name for x in case.agencies}
        found = [x for x in found if x.name not in named and not named.add(x.name)]
        # an abbreviation beside its full name is one agency (国新办 … 国务院新闻办公室; 宁波市口岸办 … 宁波市人民政府口岸办公室)
        names = {x.name for x in case.agencies + found}
        found = [x for x in found if ABBREVIATIONS.get(x.name) not in names and not _short_of(x.name, names)]
        case.agencies.extend(sorted(found, key=lambda x: x.start))


def _inside_quoted_name(norm: str, s: int, e: int) -> bool:
    """Does [s, e) sit inside a quoted name that goes on after it (「澳门特区政府一户通」)?"""
    opening = max(norm.rfind(q, max(0, s - 20), s + 1) for q in "「“")
    if opening < 0 or any(c in norm[opening + 1:s] for c in "」”\n"):
        return False
    return e < len(norm) and norm[e] not in "」”" and any(c in norm[e:e + 20] for c in "」”")


def _one_company(name: str) -> bool:
    """Is name one company's name (厦门翔业集团有限公司), not a list or a clause that ends in one (武汉海关和湖北省…公司)?"""
    if re.search("[和与及的在、]", name) or any(w in name for w in COMMON if len(w) >= 2):
        return False
    fm = FORM_RE.search(name)
    return fm is None or fm.end() == len(name)


def _addressee_line(norm: str, pos: int) -> bool:
    """Is pos on a notice's addressee line (各…：)?"""
    line_start = norm.rfind("\n", 0, pos) + 1
    line_end = norm.find("\n", pos)
    line = norm[line_start:line_end if line_end >= 0 else len(norm)].strip()
    return line.startswith("各") and line.endswith(("：", ":")) and len(line) <= 80


def _enterprise_start(norm: str, lo: int, form_start: int, s: int | None) -> int | None:
    """A company's name runs back to the connective or boundary before it (会同北部湾国际港务集团, 联合北部湾港防城港码头
    有限公司), which may be earlier than the first place name in it; up to 12 characters, never a common word."""
    i = form_start
    while i > max(lo, form_start - 12) and "\u4e00" <= norm[i - 1] <= "\u9fa5" and \
            not norm[max(lo, i - 3):i].endswith(CONNECTIVES):
        i -= 1
    if i == max(lo, form_start - 12) and i > lo and "\u4e00" <= norm[i - 1] <= "\u9fa5" \
            and not norm[max(lo, i - 3):i].endswith(CONNECTIVES):
        return s  # no boundary within reach: keep what the place names gave
    cand = norm[i:form_start]
    if len(cand) < 2 or cand.startswith(COMMON) or any(w in cand for w in COMMON if len(w) >= 2) \
            or any(c in cand for c in "的在将与和及"):
        return s
    return i if s is None or i < s else s


# how a bracket introduces a body's short name: （以下简称综保区管委会）, （下称…）, （简称…）
ALIAS_LEAD = re.compile(r"[（(](?:以下简称|以下称|下称|简称)[“\"]?")
# short forms of a body's type word and their full forms (the place before them is the same)
SHORT_FORMS = {"管委会": ("管理委员会",), "口岸物流办": ("人民政府口岸和物流办公室", "口岸和物流办公室", "口岸物流办公室"),
               "政府口岸办": ("人民政府口岸办公室", "政府口岸办公室"), "口岸办": ("人民政府口岸办公室", "口岸办公室", "政府口岸办公室"), "口岸委": ("口岸管理委员会",),
               "商务委": ("商务委员会",), "发改委": ("发展和改革委员会", "发展改革委员会"), "发展改革委": ("发展和改革委员会",),
               "边检站": ("出入境边防检查站", "边防检查站"), "外汇局": ("外汇管理局",),
               "政府新闻办": ("人民政府新闻办公室", "政府新闻办公室"), "新闻办": ("新闻办公室", "人民政府新闻办公室")}


def _short_of(name: str, names: set[str]) -> bool:
    """Is name a short form of another agency the text names in full (宁波市口岸办 beside 宁波市人民政府口岸办公室)?"""
    if len(name) >= 4 and any(n != name and n.endswith(name) and (len(n) - len(name) <= 4 or len(name) >= 6)
                              for n in names):
        return True  # 南沙海关 after 广州南沙海关, 合作中心管委会 after 中哈霍尔果斯国际边境合作中心管委会: named again, shorter
    if any(n.startswith(name) and re.fullmatch(r"(?:股份)?有限(?:责任)?公司", n[len(name):]) for n in names):
        return True  # (省)港口集团 beside 福建省港口集团有限责任公司: the company without its legal form
    for short, longs in SHORT_FORMS.items():
        if name.endswith(short) and len(name) > len(short):
            place = name[:-len(short)]
            if any(place + long in names for long in longs):
                return True
    return False


# what follows a unit's name on a 责任单位 line when it states the unit's task (湖南省商务厅给予业务指导)
TASK_AFTER = re.compile(r"给予|负责|配合|协助|参与|牵头|提供|做好|指导|协调|会同")

ABBREVIATIONS = {"国新办": "国务院新闻办公室", "国家市场监管总局": "国家市场监督管理总局", "国铁集团": "中国国家铁路集团有限公司", "国家口岸办": "国家口岸管理办公室", "国家移民局": "国家移民管理局"}
# a body named by its level alone: 省商务厅, 自治区交通运输厅, 市财政局, 州商务局, 县人民政府
LEVEL = re.compile(r"^(自治区|自治州|地区|省|市|州|盟|旗|县|区)")
REGIONS = ("内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区")
_PROVINCE_RE = re.compile("(?:" + "|".join(sorted(map(re.escape, PROVINCES), key=len, reverse=True)) + ")省")
_REGION_RE = re.compile("|".join(REGIONS))
# the place of each level at the start of a full name (山西省商务厅 → 山西省, 宁夏回族自治区商务厅 → 宁夏回族自治区)
LEVEL_PLACE = {"省": _PROVINCE_RE, "自治区": _REGION_RE, "州": re.compile(r"[\u4e00-\u9fa5]{2,10}?自治州"),
               "地区": re.compile(r"(?!各|全|本|该)[\u4e00-\u9fa5]{2,4}?地区"), "盟": re.compile(r"(?!各|全|本|该)[\u4e00-\u9fa5]{2,4}?盟"),
               "旗": re.compile(r"(?!各|全|本|该)[\u4e00-\u9fa5]{2,6}?旗"),
               "市": re.compile(r"(?!各|全|本|该|省|市)[\u4e00-\u9fa5]{2,6}?市"), "县": re.compile(r"(?!各|全|本|该)[\u4e00-\u9fa5]{1,8}?县"),
               "区": re.compile(r"(?!各|全|本|该|自治)[\u4e00-\u9fa5]{2,6}?(?<!自治)区")}
LEVEL_WORDS = {"省": "province", "自治区": "region", "州": "prefecture", "地区": "prefecture", "盟": "league", "旗": "banner", "市": "city", "县": "county", "区": "district"}
# the official form of a short type word, used when a level short form is written out in full (docs/curation.md
# §8.2: 省发展改革委 → 山西省发展和改革委员会, 省市场监管局 → 山西省市场监督管理局, 省政府 → 山西省人民政府)
FULL_TYPE = {"发展改革委": "发展和改革委员会", "发改委": "发展和改革委员会", "市场监管局": "市场监督管理局", "政府": "人民政府",
             "商务委": "商务委员会", "卫健委": "卫生健康委员会", "经信委": "经济和信息化委员会", "工信厅": "工业和信息化厅",
             "工信局": "工业和信息化局", "政府办公室": "人民政府办公室", "政府办公厅": "人民政府办公厅"}
# a date line under a notice's signature (山西省人民政府办公厅 / 2026年9月28日)
_DATE_LINE = re.compile(r"^\s*(?:20|19)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


def _level_key(level: str) -> str:
    return "州" if level == "自治州" else level


def place_of_level(name: str, level: str) -> str | None:
    """The place of `level` a full name starts with (山西省商务厅, 省 → 山西省), or None."""
    m = LEVEL_PLACE[_level_key(level)].match(name)
    return m.group(0) if m and not LEVEL.match(name) else None


def document_places(norm: str, head_end: int, is_notice_title) -> dict[str, tuple[str, str]]:
    """The places a document is issued by or names in its head, by level: {"省": ("山西省", "issuer"), …}.

    The issuer is the body that opens a notice's title line (山西省人民政府办公厅关于…的通知), an issuer line right
    above a notice title, or the signature above the date at the end; its place is the place of every level short form
    of that level in the text (§8.2). The head (a collection's name and front matter) adds the provinces and regions it
    names (甘肃省口岸营商环境优秀案例选编)."""
    out: dict[str, tuple[str, str]] = {}

    def take(name: str, how: str) -> None:
        for level in LEVEL_PLACE:
            place = place_of_level(name, level)
            if place and level not in out:
                out[level] = (place, how)

    lines = [x.strip() for x in norm[:800].split("\n") if x.strip()]
    for k, line in enumerate(lines[:3]):
        if is_notice_title(line) and "关于" in line and FORM_RE.search(line[:line.index("关于")]):
            take(line[:line.index("关于")], "issuer")
            break
        if len(line) <= 40 and (FORM_RE.search(line) or NATIONAL_RE.search(line)) and k + 1 < len(lines) \
                and is_notice_title(lines[k + 1]):
            take(line, "issuer")
            break
    tail = [x.strip() for x in norm[-600:].split("\n") if x.strip()]
    for k in range(len(tail) - 1):
        m = FORM_RE.search(tail[k])
        if len(tail[k]) <= 30 and m and m.end() == len(tail[k]) and _DATE_LINE.match(tail[k + 1]):
            take(tail[k], "issuer")
    head = norm[:head_end]
    for rx_ in (_REGION_RE, _PROVINCE_RE):
        m = rx_.search(head)
        if m:
            take(m.group(0), "head")
    return out


def expand_level(name: str, start: int, known: list[Agency], doc_places: dict | None = None,
                 hint: list | None = None) -> tuple[str, str] | None:
    """省商务厅 in a Shanxi notice → (山西省商务厅, why): a body named by its level alone, written out with the place of
    the document's issuer of that level, else of a body of that level the text has already named in full (自治区交通运输厅
    after 广西壮族自治区商务厅), else of the place of that level the document's head or the case names before it.
    None when the name has its place already or no place of its level is known. One rule for every level (省, 自治区, 州,
    市, 县, 区); the type word is written in its official form (发展改革委 → 发展和改革委员会)."""
    m = LEVEL.match(name)
    if not m or not FORM_RE.fullmatch(name, m.end()):
        return None
    level, rest = m.group(1), name[m.end():]
    full_rest = FULL_TYPE.get(rest, rest)
    doc_places = doc_places or {}
    key = _level_key(level)
    if key in doc_places and doc_places[key][1] == "issuer":
        place = doc_places[key][0]
        return place + full_rest, f"expanded with {place}, the {LEVEL_WORDS[key]} the document is issued by: " \
                                  f"the text writes only {name}"
    for k in known:
        if k.start < start and k.name != name:
            place = place_of_level(k.name, level)
            if place and len(place) > len(level):
                return place + full_rest, f"expanded from {k.name}: the text writes only {name}"
    if key in doc_places:
        place = doc_places[key][0]
        return place + full_rest, f"expanded with {place}, the {LEVEL_WORDS[key]} the document names in its head: " \
                                  f"the text writes only {name}"
    before = [h for h in hint or () if h[1] == key and h[0] < start]
    if key == "市" and before and before[-1][2] and all(h[2] == before[-1][2] for h in before):
        place = before[-1][2]  # the one city the text has named so far
        return place + full_rest, f"expanded with {place}, the one city the text names before it: it writes only {name}"
    if key != "市" and before:
        place = before[0][2]
        return place + full_rest, f"expanded with {place}, the {LEVEL_WORDS[key]} the text names before it: " \
                                  f"it writes only {name}"
    return None


_CITY_RE = re.compile(CITY_ALTERNATION + "市")


def _place_hint(norm: str, a: int, b: int) -> list[tuple[int, str, str]]:
    """The provinces, regions and cities the text names, by position (陕西省促进…方案): [(start, "省", "陕西省"), …].
    A city is a hint only while it is the one city the text has named (厦门市 … 市商务局; two cities: no hint)."""
    found = [(m.start(), "省", m.group(0)) for m in _PROVINCE_RE.finditer(norm, a, min(b, a + 4000))]
    found += [(m.start(), "自治区", m.group(0)) for m in _REGION_RE.finditer(norm, a, min(b, a + 4000))]
    cities = [(m.start(), "市", m.group(0)) for m in _CITY_RE.finditer(norm, a, min(b, a + 4000))
              if not (m.start() > 0 and "\u4e00" <= norm[m.start() - 1] <= "\u9fa5" and norm[m.start() - 1] not in FUNCTION_CHARS
                      and norm[m.start() - 1] not in "省区")]
    names = []
    for c in cities:
        if c[2] not in names:
            names.append(c[2])
        if len(names) > 1:
            found.append((c[0], "市", ""))  # a second city: from here on no city hint
            break
        found.append(c)
    return sorted(found)


def _expand_levels(known: list[Agency], found: list[Agency], hint: list | None = None,
                   doc_places: dict | None = None) -> list[Agency]:
    """Each body named by its level alone, written out by expand_level (and marked for review)."""
    out = []
    for ag in found:
        # a registry name (省电子口岸公司) stays as the registry writes it; a bare word after a level short form
        # (省商务厅、财政厅 → 省财政厅) is expanded like it
        if (ag.review is None or LEVEL.match(ag.name)) and ag.id is None:
            got = expand_level(ag.name, ag.start, known, doc_places, hint)
            if got:
                ag = Agency(ag.quote, ag.start, ag.end, got[0], ag.type, ag.role, ag.id, got[1])
        out.append(ag)
    return out


def build_anchor_re(places: dict[str, str], text_names: set[str]):
    names = {n.rstrip("市县区省") for n in places if len(n.rstrip("市县区省")) >= 2} | set(PROVINCES) | set(CITIES) | text_names
    # 澳门特别行政区政府海关, 香港特别行政区政府新闻处: the region's full name is the place
    names |= {f"{r}特别行政区{g}" for r in ("香港", "澳门") for g in ("政府", "")}
    names = sorted((n for n in names if len(n) >= 2), key=len, reverse=True)
    # a place may carry its administrative suffix (宁波市, 浙江省)
    return re.compile("(?:" + "|".join(map(re.escape, names)) + ")(?:省|市|县|区)?")
