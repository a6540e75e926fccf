"""Measures in prose from other provinces (issue 11): where a measure's name begins and ends, names
written without quotes, and the phrases that look like measures but are not (docs/curation.md 2.2, 6, 8.5).
Every sentence here was written for these tests; none is taken from a held-out set."""
from __future__ import annotations

import pytest

from portkg.extract import Extractor


@pytest.fixture(scope="module")
def extractor(project):
    return Extractor.for_project(project)


def names(extractor, text):
    return {m.name: m for c in extractor.extract(text) for m in c.measures}


def test_a_modifier_before_a_quoted_name_and_the_head_after_it_are_part_of_the_name(extractor):
    """“Our customs set up 进境水果“检疫直通”制度; the draft proposed “检疫直通”制度 and lost what it is for.”"""
    found = names(extractor, "丁州海关建立进境水果“检疫直通”制度，企业凭电子证书即可提货。\n"
                             "丁州边检站推行出境邮轮旅客“预检快放”模式，旅客在码头完成预检。\n")
    assert "进境水果“检疫直通”制度" in found
    assert "出境邮轮旅客“预检快放”模式" in found
    assert "“检疫直通”制度" not in found


def test_a_quote_that_is_a_whole_name_keeps_its_place_out(extractor):
    """“甲港“智慧码头调度平台” is the platform's own name: the port before it is where it runs.”"""
    found = names(extractor, "丁州港务集团在甲港上线“智慧码头调度平台”，集卡排队时间明显缩短。\n")
    assert "“智慧码头调度平台”" in found
    assert not any(n.startswith("甲港“") for n in found)


def test_a_slogan_that_qualifies_a_train_names_the_train_service(extractor):
    """“点对点 is a slogan on its own, but “点对点”冷链专列 is the train service we opened.”"""
    found = names(extractor, "乙州铁路公司开行“点对点”冷链专列，果蔬从产地直达口岸。\n")
    assert "“点对点”冷链专列" in found


def test_a_quoted_word_before_a_known_instrument_qualifies_it(extractor):
    """“码上验”联合查验 is one joint inspection, not a joint inspection plus a new measure “码上验”.”"""
    ms = [m for c in extractor.extract("丁州海关推行“码上验”联合查验，海关、边检一次完成查验。\n") for m in c.measures]
    assert [m.concept for m in ms if "码上验" in m.name] == ["joint-inspection"]
    assert not any(m.name == "“码上验”" for m in ms)


def test_unquoted_facilities_routes_and_funds_set_up_are_measures(extractor):
    """“Our notice sets up 丁州港冷链物流发展专项资金, the city builds 危险货物集装箱专用堆场 and opens a 冷链专线:
    none of them is quoted, and the draft found none.”"""
    found = names(extractor, "丁州市人民政府在港区建成危险货物集装箱专用堆场，并开通丁州至丙江的冷链专线。"
                             "市财政设立丁州港冷链物流发展专项资金，支持企业开拓东盟市场。\n")
    assert {"危险货物集装箱专用堆场", "冷链专线", "丁州港冷链物流发展专项资金"} <= set(found)


def test_a_facility_named_with_its_phase_after_it_was_put_into_service(extractor):
    found = names(extractor, "上月建成的铁路集装箱中心站二期，使日均装卸能力提升到2000标箱。\n")
    assert "铁路集装箱中心站二期" in found


def test_traditional_script_names_with_a_modifier_and_a_function_added(extractor):
    """A Macao-style release: 出口貨物「快速驗放」 and a function added to an existing window (the window itself
    is not a measure, curation 6.18/6.23)."""
    found = names(extractor, "海關推出出口貨物「快速驗放」，又優化「貿易單一窗口」系統，新增報關單網上更正功能。\n")
    assert "出口貨物「快速驗放」" in found
    assert "報關單網上更正功能" in found
    assert not any("單一窗口" in n for n in found)


def test_what_looks_like_a_measure_but_is_not(extractor):
    """A brand to polish, menu items counted, a reform to deepen, firms supported to open routes, a place's
    name, a channel used, the topic of a question, and the notice's own document (8.5): none is a measure."""
    text = ("丁州市人民政府办公室关于印发《丁州市口岸提效若干措施》的通知\n\n"
            "各县（市）区人民政府：\n《丁州市口岸提效若干措施》已经市人民政府同意，现印发给你们。\n\n"
            "丁州市口岸提效若干措施\n\n"
            "为擦亮“丁港快通”服务品牌，持续深化口岸通关模式改革，制定以下措施。\n\n"
            "一、优化企业服务。在“单一窗口”首页增设“政策直达”“问题直报”三个栏目，企业可通过“单一窗口”预约查验。\n"
            "责任单位：市商务局\n\n"
            "二、支持航线发展。支持航空公司开通丁州至东盟的全货机航线，丁州国际陆港集装箱吞吐量稳步增长。"
            "有记者问及“智慧口岸”建设进度。\n"
            "责任单位：市交通运输局\n")
    found = names(extractor, text)
    bad = [n for n in found if any(w in n for w in ("丁港快通", "政策直达", "问题直报", "通关模式", "单一窗口",
                                                       "全货机航线", "国际陆港", "智慧口岸", "若干措施"))]
    assert bad == []


def test_a_meeting_held_monthly_under_a_mechanism_is_its_terms(extractor):
    ms = [m for c in extractor.extract("丁州海关建立重点企业“直通车”联系机制，每月召开1次企业座谈会，协调解决通关难题。\n")
          for m in c.measures]
    assert "enterprise-consultation" not in {m.concept for m in ms}
    assert any("“直通车”联系机制" in m.name for m in ms)


def test_every_candidate_says_why_it_was_proposed_and_plans_are_marked(extractor):
    ms = [m for c in extractor.extract("丁州海关上线跨境货车“预约过闸”系统。下一步，丁州海关计划在港区建设冷链查验中心。\n")
          for m in c.measures if m.concept is None]
    assert ms and all(m.reason and 0 < m.score <= 1 for m in ms)
    by = {m.name: m for m in ms}
    assert not by["跨境货车“预约过闸”系统"].planned
    assert by["冷链查验中心"].planned


def test_unquoted_service_models_written_as_idioms_or_any_hour(extractor):
    """“对活鱼实行随到随验 and 推行全时段预约通关 are our service models, written without quotes.”"""
    found = names(extractor, "丁州海关对进境活鱼实行随到随验，并在空港推行全时段预约通关。\n")
    assert {"随到随验", "全时段预约通关"} <= set(found)
    assert found["全时段预约通关"].concept == "appointment-clearance"      # the known service, at any hour


def test_a_policy_named_with_another_time_figure_is_the_same_instrument(extractor):
    """The thesaurus writes 240小时过境免签政策; a port that applies the 72-hour version applies the same policy."""
    ms = [m for c in extractor.extract("丁州口岸今年起实施外国人72小时过境免签政策，入境旅客明显增加。\n") for m in c.measures]
    assert "visa-free-transit" in {m.concept for m in ms}


def test_more_head_words_for_facilities(extractor):
    found = names(extractor, "丁州市商务局在港区设立外贸企业综合服务站，并成立口岸物流企业联盟。"
                             "丁州海关新增冷链包裹分拨线3条。\n")
    assert {"外贸企业综合服务站", "口岸物流企业联盟", "冷链包裹分拨线"} <= set(found)


def test_a_name_after_a_relative_clause_or_put_into_service_later_in_the_sentence(extractor):
    """“上线了集申报、查验于一体的冷链通关服务平台 and 建成可停放200辆货车的货车智能候检区: the verb is far from the
    name, and the draft found neither. Nor 口岸物流数据交换系统于5月正式上线.”"""
    found = names(extractor, "丁州海关上线了集申报、查验于一体的冷链通关服务平台，并建成可停放200辆货车的货车智能候检区。"
                             "口岸物流数据交换系统于5月正式上线。\n")
    assert {"冷链通关服务平台", "货车智能候检区", "口岸物流数据交换系统"} <= set(found)


def test_a_goal_and_a_phrase_describing_the_name_after_it_are_not_measures(extractor):
    """“以“一港多区”为目标 is our goal; 覆盖全部泊位 describes the system built, it is not a second measure.”"""
    found = names(extractor, "丁州港以“一港多区”为目标推进港区整合。丁州海关建成了覆盖全部泊位的船舶智能监管系统。\n")
    assert "船舶智能监管系统" in found
    assert not any("一港多区" in n or n.startswith("覆盖") for n in found)


def test_a_campaign_and_a_guide_published_are_measures_a_word_in_the_guides_title_is_not(extractor):
    """“开展“清关”专项行动 is our campaign; 发布《跨境电商退货操作指南》 is a guide we drew up — not an application of
    cross-border e-commerce.”"""
    ms = [m for c in extractor.extract("丁州海关开展“清关”专项行动，并发布《跨境电商退货操作指南》。\n") for m in c.measures]
    found = {m.name for m in ms}
    assert {"“清关”专项行动", "《跨境电商退货操作指南》"} <= found
    assert not {"cross-border-ecommerce", "cross-border-ecommerce-returns"} & {m.concept for m in ms}


def test_counts_topics_and_aims_that_name_a_known_instrument_are_not_applications(extractor):
    """A year's count of routes, a count of procedures handled, the topic of a release and a heading's aim name
    known instruments without applying them; a channel installed with its count still is one."""
    text = ("丁州港口岸便利化情况\n\n2025年，丁州港开通外贸集装箱航线52条。丁州海关今年已办理转关手续1800余票。"
            "丁州海关公布跨境电商监管新措施。丁州边检站配备人工智能通道6条。\n")
    ms = [m for c in extractor.extract(text) for m in c.measures]
    concepts = {m.concept for m in ms}
    assert not {"shipping-route-network", "transit-under-customs-control", "cross-border-ecommerce"} & concepts
    assert "ai-inspection-channel" in concepts


def test_more_verbs_devices_and_future_markers(extractor):
    """完善…制度 and 添置…检测仪 set instruments up; 该局将于明年增设… is a plan."""
    ms = {m.name: m for c in extractor.extract(
        "丁州市商务局完善口岸通关协调制度。丁州海关添置3部手持式放射性检测仪。丁州边检站将于明年增设自助查验通道10条。\n")
        for m in c.measures}
    assert {"口岸通关协调制度", "手持式放射性检测仪"} <= set(ms)
    assert ms["自助查验通道"].planned


def test_a_known_instrument_keeps_the_cases_own_longer_name(extractor):
    """“市商务委建立丁州港口岸工作专班: the draft should say 丁州港口岸工作专班 (the task force), not just 工作专班.”"""
    ms = [m for c in extractor.extract("丁州市商务委牵头建立丁州港口岸工作专班，重大事项报请市政府研究。\n") for m in c.measures]
    assert [(m.name, m.concept) for m in ms if m.concept == "task-force"] == [("丁州港口岸工作专班", "task-force")]


def test_a_facility_extended(extractor):
    assert "铁路集装箱换装库" in names(extractor, "丁州市人民政府扩建铁路集装箱换装库，换装能力翻番。\n")


def test_a_notice_heading_with_any_head_word_and_the_services_of_a_desk(extractor):
    """“二、建设丁州空港国际货站智能监管仓。 names the instrument like 建设…平台 does; the services listed for the desk set up
    in the same sentence (提供外币兑换等服务) are the desk's, not instruments of their own.”"""
    text = ("丁州市人民政府办公室关于印发丁州市空港提效若干措施的通知\n\n各区人民政府：\n经市人民政府同意，现将《丁州市空港提效若干措施》"
            "印发给你们。\n\n丁州市空港提效若干措施\n\n一、推行“运抵直提”。引导企业提前申报。\n责任单位：丁州海关\n\n"
            "二、建设丁州空港国际货站智能监管仓。配置自动分拣线2条。\n责任单位：丁州海关\n\n"
            "三、优化旅客服务。在出入境大厅增设外籍旅客“一站式”服务台，提供入境卡填写、外币兑换等服务。\n责任单位：丁州边检站\n")
    ms = [m for c in extractor.extract(text) for m in c.measures]
    assert "丁州空港国际货站智能监管仓" in {m.name for m in ms}
    assert "currency-exchange" not in {m.concept for m in ms}


def test_names_put_into_service_or_adopted_after_they_are_named(extractor):
    """“丁州口岸智能通关系统10月起全面运行 and 得益于“区港一单通”的推行: the name comes first, its adoption after.”"""
    found = names(extractor, "丁州口岸智能通关系统10月起全面运行，货车刷卡即可放行。得益于“区港一单通”的推行，企业少跑两趟。\n")
    assert {"丁州口岸智能通关系统", "“区港一单通”"} <= set(found)


def test_a_subsidy_launched_and_a_supervised_site_built(extractor):
    """“丁州市商务局推出口岸物流费用补贴 and 建成跨境电商监管作业场所 are ours; 对使用…的企业给予…补贴 without its terms is
    left to the reviewer.”"""
    found = names(extractor, "丁州市商务局推出口岸物流费用补贴。丁州海关建成跨境电商监管作业场所。"
                             "对使用集中查验场地的企业给予查验费用补贴。\n")
    assert {"口岸物流费用补贴", "跨境电商监管作业场所"} <= set(found)
    assert not any(n.endswith("查验费用补贴") for n in found)


def test_a_quoted_list_that_starts_with_a_known_wording_is_its_own_name(extractor):
    """“推行班列“集中查验、一次放行”: the two steps together are the model, not an application of 集中查验 alone.”"""
    ms = [m for c in extractor.extract("丁州海关在铁路口岸推行班列“集中查验、快速验放”，并增开换装作业线。\n") for m in c.measures]
    assert "centralised-inspection" not in {m.concept for m in ms}
    assert {"班列“集中查验、快速验放”", "换装作业线"} <= {m.name for m in ms}
