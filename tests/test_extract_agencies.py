"""`portkg extract` on agencies and titles in other provinces' prose (issue 11; docs/curation.md §8).

Every text here was written for these tests, in our own words; the places are real, the bodies' wording invented."""
from __future__ import annotations

import pytest

from portkg.extract import Extractor


@pytest.fixture(scope="module")
def extractor(project):
    return Extractor.for_project(project)


def agencies(extractor, text):
    cases = extractor.extract(text)
    by: dict = {}
    for a in (a for c in cases for a in c.agencies):
        by.setdefault(a.name, a)  # the first time the text names it
    return cases, by


YUNNAN = ("云南省人民政府办公厅关于印发提升磨憨口岸通关效率若干措施的通知\n\n"
          "各州、市人民政府，省直各委、办、厅、局：\n"
          "经省政府同意，现将《提升磨憨口岸通关效率若干措施》印发给你们，请认真贯彻执行。\n\n"
          "提升磨憨口岸通关效率若干措施\n\n"
          "一、推行进口水果“抵港即检”。在口岸前置检疫场地，水果到港后2小时内完成检疫。\n"
          "责任单位：昆明海关、省商务厅\n\n"
          "二、建立收费目录公示制度。每年公布收费目录，执行中的重大问题及时报告省人民政府。\n"
          "责任单位：省发展改革委、省市场监管局、各成员单位、有关部门\n\n"
          "云南省人民政府办公厅\n2026年3月2日\n")


def test_a_yunnan_notices_short_forms_are_the_provinces_bodies_in_full(extractor):
    """“A Yunnan provincial notice writes 省商务厅, 省发展改革委 and 省市场监管局 on its 责任单位 lines: they are
    云南省商务厅, 云南省发展和改革委员会 and 云南省市场监督管理局, and the draft should say so (for review), quoting
    what the text writes.”"""
    _, by = agencies(extractor, YUNNAN)
    for full, short in (("云南省商务厅", "省商务厅"), ("云南省发展和改革委员会", "省发展改革委"),
                        ("云南省市场监督管理局", "省市场监管局"), ("云南省人民政府", "省政府")):  # 经省政府同意
        assert full in by, sorted(by)
        assert by[full].review and by[full].quote == short                  # the text's words are quoted
        assert YUNNAN[by[full].start:by[full].start + len(short)] == short        # offsets on the text
    assert not any(n.startswith("省") for n in by)


def test_addressees_groups_and_clauses_are_not_agencies(extractor):
    """“各成员单位 and 有关部门 on a 责任单位 line, and the addressees 各州、市人民政府, are no single body; and
    及时报告省人民政府 is the province's government, not a body called 时报告省人民政府.”"""
    _, by = agencies(extractor, YUNNAN)
    assert not any(n.startswith(("各", "有关")) or "成员单位" in n or "报告" in n or "时报" in n for n in by), sorted(by)
    assert "云南省人民政府" in by and "云南省人民政府办公厅" in by


def test_an_autonomous_regions_notice_expands_its_short_forms_with_the_region(extractor):
    """“In a Guangxi notice 自治区交通运输厅 is 广西壮族自治区交通运输厅, even when the text never writes a regional
    body in full before it.”"""
    text = ("广西壮族自治区人民政府办公厅关于加快友谊关口岸智慧化改造的通知\n\n"
            "一、建设货车智能卡口。推动货车通关时间压缩至30分钟以内。\n"
            "责任单位：南宁海关、自治区交通运输厅、自治区商务厅\n")
    _, by = agencies(extractor, text)
    assert {"广西壮族自治区交通运输厅", "广西壮族自治区商务厅", "南宁海关"} <= set(by), sorted(by)
    assert not any(n.startswith("自治区") for n in by)


def test_a_prefectures_and_a_signed_notices_short_forms(extractor):
    """“An autonomous prefecture's notice writes 州商务局; a notice whose title has no issuer is signed at the end
    (湖北省商务厅 above the date): its 省交通运输厅 is Hubei's.”"""
    text = ("恩施土家族苗族自治州人民政府办公室关于促进跨境电商发展的通知\n\n"
            "一、建设跨境电商监管中心。力争年内建成。\n责任单位：州商务局、恩施海关\n")
    _, by = agencies(extractor, text)
    assert "恩施土家族苗族自治州商务局" in by, sorted(by)
    signed = ("关于做好武汉港口岸收费公示工作的通知\n\n各有关单位：\n"
              "请省交通运输厅会同武汉海关做好收费目录公示，重大问题及时报送。\n\n湖北省商务厅\n2026年6月1日\n")
    _, by = agencies(extractor, signed)
    assert "湖北省交通运输厅" in by and "湖北省商务厅" in by, sorted(by)


def test_a_collections_heading_names_the_province_of_its_short_forms(extractor):
    """“A Guizhou collection names its province once, in its heading; 省商务厅 in a case is 贵州省商务厅.”"""
    text = ("贵州省口岸提效案例选编\n\n案例一　贵阳龙洞堡机场“一站式”通关\n\n实施单位：贵阳海关、省商务厅\n\n"
            "一、主要做法\n贵阳海关在机场设立集中查验区。\n")
    _, by = agencies(extractor, text)
    assert "贵州省商务厅" in by and "贵阳海关" in by, sorted(by)


def test_a_registry_name_stays_as_the_registry_writes_it(extractor):
    """“Our registry files 省电子口岸公司 under that name: an extractor that renames it breaks the link.”"""
    text = "山东省口岸案例\n\n案例一　某港预约通关\n\n实施单位：省电子口岸公司\n\n一、主要做法\n推行预约查验。\n"
    _, by = agencies(extractor, text)
    assert "省电子口岸公司" in by and by["省电子口岸公司"].id


def test_two_bodies_written_together_are_two_entries(extractor):
    """“实施单位：昆明海关所属磨憨海关 and a general station written straight before its station are two bodies each;
    so is 新疆出入境边防检查总站霍尔果斯出入境边防检查站 in a sentence, and the traditional-script pair.”"""
    text = ("磨憨口岸案例\n\n案例一　磨憨口岸“预检快放”\n\n"
            "实施单位：昆明海关所属磨憨海关、云南出入境边防检查总站磨憨出入境边防检查站\n\n"
            "一、主要做法\n另由新疆出入境边防检查总站霍尔果斯出入境边防检查站介绍了经验。\n")
    _, by = agencies(extractor, text)
    assert {"昆明海关", "磨憨海关", "云南出入境边防检查总站", "磨憨出入境边防检查站", "新疆出入境边防检查总站",
            "霍尔果斯出入境边防检查站"} <= set(by), sorted(by)
    assert not any("所属" in n or ("总站" in n and n.endswith("检查站")) for n in by)
    trad = "口岸快訊\n\n廣東出入境邊防檢查總站拱北出入境邊防檢查站推出新措施，旅客通關更快。\n"
    _, by = agencies(extractor, trad)
    assert {"廣東出入境邊防檢查總站", "拱北出入境邊防檢查站"} <= {a.quote for a in by.values()}, sorted(by)


def test_an_airport_listed_among_bodies_is_an_agency_but_a_route_is_not(extractor):
    """“乌鲁木齐市商务局、乌鲁木齐地窝堡国际机场每周通报航班数据: the airport acts. 经香港机场中转 is a route.”"""
    text = ("乌鲁木齐航空口岸动态\n\n乌鲁木齐市商务局、乌鲁木齐地窝堡国际机场每周通报航班数据。部分货物经香港机场中转。\n")
    _, by = agencies(extractor, text)
    assert "乌鲁木齐地窝堡国际机场" in by and by["乌鲁木齐地窝堡国际机场"].type == "airport"
    assert "香港机场" not in by


def test_a_documents_title_is_its_notice_line_or_its_collections_name(extractor):
    """“The draft's title for a notice is its 关于…的通知 line, not its first item; for a collection it is the
    collection's name, not its first case; a feature's headline that starts with 图 is still a headline.”"""
    extractor.extract(YUNNAN)
    assert extractor.document_title == "云南省人民政府办公厅关于印发提升磨憨口岸通关效率若干措施的通知"
    collection = ("贵州省口岸提效案例选编（第一辑）\n\n贵州省商务厅编\n\n目录\n一、贵阳机场“一站式”通关 1\n\n"
                  "案例一　贵阳机场“一站式”通关\n\n实施单位：贵阳海关\n\n一、主要做法\n贵阳海关设立查验区。\n\n"
                  "案例二　遵义陆港直通\n\n实施单位：贵阳海关\n\n一、主要做法\n开行班列。\n")
    cases = extractor.extract(collection)
    assert extractor.document_title == "贵州省口岸提效案例选编（第一辑）"
    assert cases[0].title == "贵阳机场“一站式”通关"                           # the case keeps its own title
    feature = "图强之路——满洲里口岸十年提速记\n\n清晨，满洲里公路口岸的货车排起长队。满洲里海关推行预约查验。\n"
    cases = extractor.extract(feature)
    assert cases[0].title == "图强之路——满洲里口岸十年提速记" == extractor.document_title


def test_two_zones_sharing_one_committee_word_are_two_committees(extractor):
    """“各县区人民政府，株洲高新区、醴陵经开区管委会：names two committees, 株洲高新区管委会 and 醴陵经开区管委会 (the
    first for review); the 各… group is none.”"""
    text = ("株洲市人民政府办公室关于做好铁路口岸通关保障的通知\n\n各县区人民政府，株洲高新区、醴陵经开区管委会：\n"
            "现就有关事项通知如下。\n")
    _, by = agencies(extractor, text)
    assert {"株洲高新区管委会", "醴陵经开区管委会"} <= set(by), sorted(by)
    assert by["株洲高新区管委会"].review and not any(n.startswith("各") for n in by)


def test_a_ministrys_department_is_named_with_its_ministry(extractor):
    """“海关总署综合业务司 and 交通运输部水运局 are departments: each is a body of its own, written with its ministry,
    and the ministry is named too. 海关总署和商务部 is two ministries, not a department.”"""
    text = "口岸座谈会\n\n海关总署综合业务司、交通运输部水运局有关负责人出席。海关总署和商务部给予指导。\n"
    _, by = agencies(extractor, text)
    assert {"海关总署", "海关总署综合业务司", "交通运输部", "交通运输部水运局", "商务部"} <= set(by), sorted(by)
    assert not any(n.startswith("海关总署") and ("和" in n or "商务" in n) for n in by)


def test_bare_department_words_after_a_provincial_body_are_that_provinces(extractor):
    """“由省商务厅、财政厅、自然资源厅共同推动 in a Shaanxi notice names three Shaanxi departments; 自治区政府口岸办 in a
    Guangxi notice signed by its 商务厅 is Guangxi's.”"""
    text = ("陕西省人民政府办公厅关于推进西安港发展的通知\n\n"
            "一、由省商务厅、财政厅、自然资源厅共同推动建设陆港数据平台，省应急管理厅配合。\n")
    _, by = agencies(extractor, text)
    assert {"陕西省商务厅", "陕西省财政厅", "陕西省自然资源厅", "陕西省应急管理厅"} <= set(by), sorted(by)
    assert by["陕西省财政厅"].quote == "财政厅" and by["陕西省财政厅"].review
    signed = ("关于加强北部湾港口岸协作的通知\n\n由自治区政府口岸办牵头，报请自治区政府批准后实施。\n\n"
              "广西壮族自治区商务厅\n2026年2月1日\n")
    _, by = agencies(extractor, signed)
    assert "广西壮族自治区政府口岸办" in by and "广西壮族自治区人民政府" in by, sorted(by)
    assert not any(n.startswith("自治区") for n in by)


def test_a_notices_signature_is_not_a_unit_and_its_approval_names_the_government(extractor):
    """“My regional notice ends with its last 责任单位 line, then the signature and the date: the date became an
    agency. And 经自治区人民政府同意 under an addressee line 自治区人民政府各组成部门 was lost.”"""
    text = ("广西壮族自治区人民政府办公厅关于印发钦州港提效方案的通知\n\n各市人民政府，自治区人民政府各组成部门：\n"
            "经自治区人民政府同意，现将《钦州港提效方案》印发给你们。\n\n钦州港提效方案\n\n"
            "一、推进预约通关。\n责任单位：钦州海关、自治区商务厅\n\n"
            "二、增设自助通道。\n责任单位：钦州出入境边防检查站\n\n广西壮族自治区人民政府办公厅\n2026年8月3日\n")
    cases, by = agencies(extractor, text)
    units = [a.name for a in cases[-1].agencies if a.role == "implementer"]
    assert units == ["钦州出入境边防检查站"], units
    assert not any("年" in n for n in by)
    assert "广西壮族自治区人民政府" in by and by["广西壮族自治区人民政府"].quote == "自治区人民政府"


def test_joint_issuers_and_a_broken_notice_title(extractor):
    """“A joint notice puts 山西省商务厅 and 山西省财政厅 on two lines above 关于…的通知: the title is the 关于 line. A
    notice title broken after 口岸 is one title. 国铁集团 is 中国国家铁路集团有限公司, one body.”"""
    joint = ("山西省商务厅\n山西省财政厅\n关于开展口岸收费专项检查的通知\n\n各市商务局：\n"
             "请省交通运输厅配合，国铁集团和中国国家铁路集团有限公司太原局支持。\n")
    cases, by = agencies(extractor, joint)
    assert cases[0].title == "关于开展口岸收费专项检查的通知" == extractor.document_title
    assert {"山西省商务厅", "山西省财政厅", "山西省交通运输厅", "中国国家铁路集团有限公司"} <= set(by), sorted(by)
    assert "国铁集团" not in by
    broken = ("山西省人民政府办公厅关于印发提升太原武宿国际机场口岸\n通关效率若干措施的通知\n\n各市人民政府：\n\n"
              "一、推广提前申报。\n责任单位：太原海关、省商务厅\n\n二、建设平台。\n责任单位：省财政厅\n")
    extractor.extract(broken)
    assert extractor.document_title == "山西省人民政府办公厅关于印发提升太原武宿国际机场口岸通关效率若干措施的通知"


def test_a_collections_draft_source_record_carries_the_collections_name(portkg, tmp_path):
    """“I drafted a collection with --out: its source record said `title: zj-name`; it should be the collection's
    name, for me to review, not its id or its first case.”"""
    from pathlib import Path

    import yaml

    fix = Path(__file__).parent / "fixtures" / "extract" / "zhejiang-collection.txt"
    res = portkg("extract", str(fix), "--out", str(tmp_path), "--source-id", "zj-name")
    assert res.returncode == 0, res.stderr
    record = yaml.safe_load((tmp_path / "source" / "zj-name.yaml").read_text(encoding="utf-8"))
    assert record["title"] == "浙江省口岸提效降费典型做法汇编（测试样例）"


def test_a_prefecture_named_地区_and_its_bureaus(extractor):
    """“喀什地区行政公署 is the prefecture's government; 地区商务局 after it is 喀什地区商务局; 乌鲁木齐海关所辖喀什海关
    is two customs bodies.”"""
    text = ("喀什口岸简讯\n\n喀什地区行政公署会同乌鲁木齐海关推进改革，地区商务局负责协调。乌鲁木齐海关所辖喀什海关开通专窗。\n")
    _, by = agencies(extractor, text)
    assert {"喀什地区行政公署", "喀什地区商务局", "乌鲁木齐海关", "喀什海关"} <= set(by), sorted(by)
    assert by["喀什地区商务局"].quote == "地区商务局" and not any("所辖" in n for n in by)


def test_a_short_name_in_brackets_is_the_same_body_and_a_name_can_start_before_a_known_place(extractor):
    """“九江市人民政府口岸和物流办公室（以下简称市口岸物流办） is one body, not two; 长白山管委会 and 梅河口市商务局 are
    not 白山管委会 or 河口市商务局.”"""
    text = ("口岸简讯\n\n九江市人民政府口岸和物流办公室（以下简称市口岸物流办）牵头。市口岸物流办还协调了货站。\n"
            "通知抄送：长白山管委会，梅河口市商务局。\n")
    _, by = agencies(extractor, text)
    assert "九江市人民政府口岸和物流办公室" in by and not any("简称" in n or n.endswith("口岸物流办") for n in by), sorted(by)
    assert {"长白山管委会", "梅河口市商务局"} <= set(by) and not {"白山管委会", "河口市商务局"} & set(by), sorted(by)


def test_a_hong_kong_press_releases_issuer_line_is_not_its_title(extractor):
    """“香港特別行政區政府新聞處 stands above the headline of a Hong Kong release: the headline is the title, the
    新聞處 is an agency, and 運輸署 is a department.”"""
    text = ("香港特別行政區政府新聞處\n\n運輸署公布紅磡海底隧道收費新安排\n\n運輸署今日表示，新安排下月實施。\n")
    cases, by = agencies(extractor, text)
    assert cases[0].title == "運輸署公布紅磡海底隧道收費新安排"
    assert {"香港特別行政區政府新聞處", "運輸署"} <= set(by), sorted(by)          # named as the text writes them


def test_a_municipalitys_notice_and_a_web_pages_site_name(extractor):
    """“Chongqing's notice writes 市商务委 and 市口岸物流办: they are 重庆市商务委员会 and 重庆市口岸物流办; 重大事项报请市政府
    is the city's government, not a body called 项报请市政府. A web page's headline 天津港…服务_天津日报 is the
    headline without the site's name; 天津港引航站 acts, and 天津市人民政府口岸服务办公室 is one office.”"""
    text = ("重庆市人民政府办公厅关于印发果园港措施的通知\n\n各区县（自治县）人民政府：\n\n一、强化保障。市商务委牵头，重大事项报请市政府研究。\n"
            "责任单位：市商务委、市口岸物流办\n\n二、优化服务。\n责任单位：两江新区管委会\n")
    _, by = agencies(extractor, text)
    assert {"重庆市商务委员会", "重庆市口岸物流办", "重庆市人民政府", "两江新区管委会"} <= set(by), sorted(by)
    assert not any("报请" in n for n in by)
    web = ("天津港引航站推出夜间引航服务_天津日报\n首页 > 滨海新闻 > 正文\n\n"
           "本报讯 记者从天津市人民政府口岸服务办公室获悉，天津港引航站和天津海事局推出夜间引航服务。\n")
    cases, by = agencies(extractor, web)
    assert cases[0].title == "天津港引航站推出夜间引航服务"
    assert {"天津市人民政府口岸服务办公室", "天津港引航站", "天津海事局"} <= set(by) and "天津市人民政府" not in by, sorted(by)


def test_a_collection_named_选编_and_a_committee_named_again_shorter(extractor):
    """“A collection called …案例选编 is titled so (an editor line ends in 编, its name may too); a committee named in
    full and then as 合作中心管委会 is one body; 交通运输部长江航务管理局 is one body of the ministry.”"""
    text = ("新疆口岸案例选编\n\n新疆维吾尔自治区商务厅（自治区口岸办）编\n\n案例一：霍尔果斯预约通关\n\n"
            "实施单位：中哈霍尔果斯国际边境合作中心管委会、霍尔果斯海关\n\n一、主要做法\n合作中心管委会上线预约平台。"
            "交通运输部长江航务管理局给予支持。\n")
    cases, by = agencies(extractor, text)
    assert extractor.document_title == "新疆口岸案例选编"
    assert "合作中心管委会" not in by and "中哈霍尔果斯国际边境合作中心管委会" in by, sorted(by)
    assert {"交通运输部长江航务管理局", "交通运输部", "新疆维吾尔自治区商务厅"} <= set(by), sorted(by)


def test_a_citys_short_forms_in_news_that_names_one_city(extractor):
    """“A Xiamen news item names 厦门市 once and then 市商务局: that is 厦门市商务局. If it names two cities, the
    draft cannot know which, and leaves 市商务局 as written.”"""
    _, by = agencies(extractor, "口岸新闻\n\n厦门市今年外贸增长。市商务局表示将继续推进。\n")
    assert "厦门市商务局" in by and by["厦门市商务局"].review
    _, by = agencies(extractor, "口岸新闻\n\n厦门市和福州市今年外贸增长。市商务局表示将继续推进。\n")
    assert "市商务局" in by and "厦门市商务局" not in by and "福州市商务局" not in by


def test_a_headlines_section_label_and_site_name_are_not_its_title(extractor):
    """“聚焦口岸｜…, 【口岸动态】… and …_吉林日报, … - 中国新闻网 around a headline are the site's, not the title.”"""
    for line in ("聚焦口岸｜珲春口岸货车通关提速三成", "【口岸动态】珲春口岸货车通关提速三成",
                 "珲春口岸货车通关提速三成_吉林日报", "珲春口岸货车通关提速三成 - 中国新闻网"):
        cases = extractor.extract(line + "\n\n珲春海关推行预约查验。\n")
        assert cases[0].title == "珲春口岸货车通关提速三成", line


def test_leagues_banners_districts_and_their_short_forms(extractor):
    """“阿拉善盟行政公署 … 盟商务局, 额济纳旗人民政府 … 旗商务局; a district notice's 经区政府同意 and 区公安分局 are the
    district's (宁波市北仑区…).”"""
    text = "策克口岸简讯\n\n阿拉善盟行政公署和额济纳旗人民政府推进改革，旗商务局、盟商务局参与。\n"
    _, by = agencies(extractor, text)
    assert {"阿拉善盟行政公署", "额济纳旗人民政府", "额济纳旗商务局", "阿拉善盟商务局"} <= set(by), sorted(by)
    notice = ("宁波市北仑区人民政府办公室关于提升集卡通行效率的通知\n\n各街道办事处，区政府各部门：\n经区政府同意，现通知如下。"
              "由区交通运输局牵头，区公安分局配合，宁波舟山港股份有限公司北仑第三集装箱码头延长闸口开放时间。\n")
    _, by = agencies(extractor, notice)
    assert {"宁波市北仑区人民政府", "宁波市北仑区交通运输局", "宁波市北仑区公安分局",
            "宁波舟山港股份有限公司北仑第三集装箱码头"} <= set(by), sorted(by)


def test_a_cooperation_zones_committee_and_its_bureau_and_a_regions_full_name(extractor):
    """“横琴粤澳深度合作区执行委员会经济发展局 is the committee's bureau, and the committee is named too;
    澳門特別行政區政府海關 is one body (the Macao customs), not the government plus a customs.”"""
    text = "口岸\n\n合作區還與澳門特別行政區政府海關建立機制。橫琴粵澳深度合作區執行委員會經濟發展局負責人介紹。\n"
    _, by = agencies(extractor, text)
    assert {"澳門特別行政區政府海關", "橫琴粵澳深度合作區執行委員會", "橫琴粵澳深度合作區執行委員會經濟發展局"} <= set(by), sorted(by)
    assert "澳門特別行政區政府" not in by


def test_roles_in_brackets_shared_type_words_after_所属_and_listed_companies(extractor):
    """“责任单位：省商务厅（牵头）、省公安厅（配合） names two Sichuan departments, not 省商务厅（牵头）; 青岛海关所属黄岛、
    前湾海关 names two offices; a company listed among the bodies (…边防检查站、厦门翔业集团有限公司推出) acts; 交通事務局
    is a Macao bureau.”"""
    notice = ("四川省人民政府办公厅关于加快航空口岸建设的通知\n\n各市（州）人民政府：\n\n一、扩大开放。\n"
              "责任单位：省商务厅（牵头）、省公安厅（配合）\n\n二、完善机制。\n责任单位：成都市人民政府，各市（州）人民政府按职责分工负责\n")
    _, by = agencies(extractor, notice)
    assert {"四川省商务厅", "四川省公安厅", "成都市人民政府"} <= set(by), sorted(by)
    assert not any("（" in n or n.startswith("各") for n in by)
    news = ("口岸简讯\n\n青岛海关所属黄岛、前湾海关联合推出措施。厦门海关联合厦门出入境边防检查站、厦门翔业集团有限公司推出服务，"
            "长江海事局、武汉海关和湖北省港口集团有限公司参加。交通事務局亦有出席。\n")
    _, by = agencies(extractor, news)
    assert {"黄岛海关", "前湾海关", "厦门翔业集团有限公司", "武汉海关", "湖北省港口集团有限公司", "交通事務局"} <= set(by), sorted(by)
    assert not any("和" in n or "所属" in n for n in by)


def test_a_free_trade_zone_committee_a_quoted_short_name_and_a_two_line_collection_name(extractor):
    """“中国（云南）自由贸易试验区红河片区管理委员会（以下简称“红河片区管委会”） is one body under two names; 县商务局 after
    河口瑶族自治县人民政府 is that county's; a collection named on two lines (…汇编 / （2026年第一批）) is one title;
    辽港集团营口港务分公司 is the branch, not the group.”"""
    news = ("口岸简讯\n\n中国（云南）自由贸易试验区红河片区管理委员会（以下简称“红河片区管委会”）发布消息。红河片区管委会联合"
            "河口瑶族自治县人民政府建成场所。县商务局负责招商。\n")
    _, by = agencies(extractor, news)
    assert {"中国（云南）自由贸易试验区红河片区管理委员会", "河口瑶族自治县人民政府", "河口瑶族自治县商务局"} <= set(by), sorted(by)
    assert "红河片区管委会" not in by
    collection = ("辽宁省口岸创新案例汇编\n（2026年第一批）\n\n辽宁省人民政府口岸办公室 编\n\n案例一　营口港“一单制”\n\n"
                  "实施单位：营口海关、辽港集团营口港务分公司\n\n一、主要做法\n辽港集团营口港务分公司开行班列。\n")
    _, by = agencies(extractor, collection)
    assert extractor.document_title == "辽宁省口岸创新案例汇编（2026年第一批）"
    assert "辽港集团营口港务分公司" in by and "辽港集团" not in by and "辽宁省人民政府口岸办公室" in by, sorted(by)


def test_national_names_written_long_or_short(extractor):
    """“中国民用航空华北地区管理局 is one regional authority (as is 中国民航华东地区管理局); 国家市场监管总局 is the
    national market regulator, named once.”"""
    text = "口岸\n\n中国民用航空华北地区管理局和国家市场监管总局给予支持，中国民航华东地区管理局参加。\n"
    _, by = agencies(extractor, text)
    assert {"中国民用航空华北地区管理局", "国家市场监管总局", "中国民航华东地区管理局"} <= set(by), sorted(by)
    assert "市场监管总局" not in by


def test_a_company_named_again_without_its_legal_form_is_one_body(extractor):
    """“实施单位 lists 福建省港口集团有限责任公司; the body writes 省港口集团: one company, not two.”"""
    text = ("福建省口岸案例\n\n案例一　福州港“智慧闸口”\n\n实施单位：福州海关　福建省港口集团有限责任公司\n\n"
            "一、主要做法\n省港口集团同步改造码头闸口。\n")
    _, by = agencies(extractor, text)
    assert "福建省港口集团有限责任公司" in by and "福建省港口集团" not in by, sorted(by)


def test_a_platform_quoted_under_a_bodys_name_is_not_the_body(extractor):
    """“旅行社可透過「澳門特區政府一戶通」提交資料: that is an account platform, not the government.”"""
    _, by = agencies(extractor, "口岸\n\n旅行社可透過「澳門特區政府一戶通」提交團員資料，治安警察局負責審核。\n")
    assert not any("政府" in n for n in by) and "治安警察局" in by, sorted(by)
