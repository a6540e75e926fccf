"""`portkg extract` outcomes on prose it was not tuned on: counters, number words, ranks, roles, projection and
baselines (issue 11). Every sentence here is written for these tests."""
from __future__ import annotations

import re

import pytest

from portkg.extract import Extractor


@pytest.fixture(scope="module")
def extractor(project):
    return Extractor.for_project(project)


def quotes(cases):
    return {re.sub(r"\s", "", o.quote): o for c in cases for o in c.outcomes}


def find(cases, fragment):
    hits = [o for q, o in quotes(cases).items() if fragment in q]
    assert hits, f"no outcome with {fragment!r}: {list(quotes(cases))}"
    return hits[0]


def none_with(cases, fragment):
    assert not [q for q in quotes(cases) if fragment in q], list(quotes(cases))


def test_parcels_in_dan_and_applications_in_zong_are_counts(extractor):
    cases = extractor.extract("钦州港跨境电商监管中心去年共分拣出口包裹48万单。\n口岸服务中心全年受理企业备案申请2.3万宗，同比增长12%。\n")
    o = find(cases, "48万单")
    assert (o.value, o.unit) == (48, "万单")
    o = find(cases, "2.3万宗")
    assert (o.value, o.unit) == (2.3, "万宗")
    none_with(cases, "3单位")


def test_bu_counts_equipment_put_in_but_not_ministries(extractor):
    cases = extractor.extract("北海边检站今年新购置3部便携式证件核查终端。\n5部门联合印发实施方案，明确了工作分工。\n")
    o = find(cases, "3部")
    assert (o.value, o.unit, o.role) == (3, "部", "input")
    none_with(cases, "5部")


def test_trips_and_steps_in_number_words_are_counts_but_not_a_daily_rate_or_again(extractor):
    cases = extractor.extract(
        "过去，企业在日照办一份检验证书要往返三次窗口。\n"
        "进境木材需经码头、堆场两次倒箱，费时费力。\n"
        "改革后货物不再二次开箱，车队一天最多来回两趟。\n")
    o = find(cases, "往返三次")
    assert (o.value, o.unit, o.role) == (3, "次", "context")  # the old state, not a result
    o = find(cases, "堆场两次")
    assert (o.value, o.unit) == (2, "次")
    none_with(cases, "二次")
    none_with(cases, "两趟")


def test_nearly_three_times_last_year_is_a_multiple(extractor):
    cases = extractor.extract("今年前十个月，口岸验放冷链货物达到8.6万吨，是去年同期的近三倍。\n")
    o = find(cases, "近三倍")
    assert (o.value, o.unit, o.qualifier) == (3, "倍", "近")


def test_the_largest_port_of_a_region_is_rank_one_but_largest_extent_is_not(extractor):
    cases = extractor.extract("防城港是广西最大的铁矿石进口港，2024年进口铁矿石3100万吨。\n"
                              "口岸部门将最大限度发挥港口作用。\n")
    o = find(cases, "最大的铁矿石进口港")
    assert (o.value, o.unit, o.kind, o.role, o.metric) == (1, "位", "rank", "status", "provincial-rank")
    none_with(cases, "最大限度")


def test_the_share_of_travellers_using_the_new_channel_is_an_effect(extractor):
    cases = extractor.extract("今年以来，经“智慧通关”通道出入境的旅客达96万人次，占口岸出入境旅客总数的七成以上。\n"
                              "全省外贸企业中，民营企业占比达85%。\n")
    assert find(cases, "七成以上").role == "effect"
    assert find(cases, "占比达85%").role == "context"


def test_a_notice_target_for_throughput_is_a_projected_effect(extractor):
    cases = extractor.extract("到2028年，南宁吴圩国际机场国际货邮吞吐量达到4万吨，国际货运航线达到10条。\n")
    o = find(cases, "4万吨")
    assert (o.role, o.projected) == ("effect", True)


def test_firms_drawn_in_by_the_reform_are_an_effect_not_an_input(extractor):
    cases = extractor.extract("预计全年开行班列超过200列，带动保税区新增入驻企业25家以上。\n")
    o = find(cases, "25家")
    assert (o.role, o.projected) == ("effect", True)


def test_will_before_a_verb_projects_its_clause_and_the_next_but_will_as_object_marker_does_not(extractor):
    cases = extractor.extract("防城港口岸办负责人说，明年将投入8000万元升级查验场地，增设智能卡口6条。\n"
                              "去年，海关将通关时间压缩至2小时。\n")
    assert find(cases, "8000万元").projected and find(cases, "6条").projected
    assert not find(cases, "2小时").projected


def test_an_old_range_in_number_words_two_clauses_after_the_old_state_is_the_baseline(extractor):
    cases = extractor.extract("“以前货物进出园区要跑好几个部门，手续办下来得两三天，现在8个小时就能办完。”一位报关员说。\n")
    o = find(cases, "8个小时")
    assert (o.value, o.baseline, o.baseline_max, o.baseline_unit, o.kind) == (8, 2, 3, "天", "before-after")
    assert sum(1 for q in quotes(cases) if "两三天" in q) == 1  # not a second outcome of its own


COLLECTION = """广西口岸优秀案例（测试）

案例一　凭祥友谊关口岸“智慧通关”改革

实施单位：南宁海关、广西壮族自治区商务厅

一、背景情况
友谊关口岸是中越陆路通道的重要节点，2023年口岸进出口货运量为520万吨，货车通关排队时间较长。

二、主要做法
南宁海关推行“智慧通关”，货车在卡口自动核放。

三、实践成效
2024年口岸进出口货运量增至680万吨，同比增长30.8%，货车平均通关时间由3小时缩短至40分钟。
"""


def test_a_results_level_takes_the_background_level_of_the_same_thing_as_its_baseline(extractor):
    cases = extractor.extract(COLLECTION)
    o = find(cases, "增至680万吨")
    assert (o.value, o.baseline, o.kind, o.direction) == (680, 520, "before-after", "increase")
    b = find(cases, "520万吨")
    assert (b.role, b.baseline) == ("context", None)  # the background figure stays, as context


def test_a_count_written_with_ge_and_its_noun_scores_as_the_same_figure(tmp_path):
    from portkg.evaluate import _same_figure

    assert _same_figure(20, "个", 20, "个省份")
    assert not _same_figure(20, "个", 21, "个省份")


def test_a_share_whose_subject_in_its_own_clause_used_the_channel_is_an_effect(extractor):
    cases = extractor.extract("今年，使用“掌上申报”的报关企业占全市报关企业的65%。\n全市进出口企业中，外资企业占比约两成。\n")
    assert find(cases, "65%").role == "effect"
    assert find(cases, "两成").role == "context"


def test_will_then_a_date_projects_the_clause(extractor):
    cases = extractor.extract("钦州港边检站将于明年增设自助查验通道20条。\n")
    o = find(cases, "20条")
    assert (o.projected, o.role) == (True, "input")


def test_a_results_change_to_a_level_takes_the_background_level(extractor):
    text = COLLECTION.replace("2024年口岸进出口货运量增至680万吨", "2024年口岸进出口货运量提升至680万吨")
    o = find(extractor.extract(text), "提升至680万吨")
    assert (o.baseline, o.kind, o.direction) == (520, "before-after", "increase")


def test_two_hours_and_more_then_a_semicolon_and_the_new_state_is_a_pair(extractor):
    cases = extractor.extract("測試\n\n過去旅客要在兩地分別排隊，過關需時兩個多小時；如今實行「合作查驗」，全程不超過25分鐘。\n")
    o = find(cases, "25分")
    assert (o.value, o.baseline, o.baseline_unit, o.qualifier) == (25, 2, "小时", "以内")


def test_ten_odd_firms_and_a_fifth_of_the_old_time_are_figures(extractor):
    cases = extractor.extract("测试\n\n十余家企业完成了备案。改革后，船舶在港时间仅为过去的1/4。\n")
    o = find(cases, "十余家")
    assert (o.value, o.qualifier) == (10, "余")
    assert find(cases, "1/4").value == 25


def test_the_new_level_first_then_the_old_one_is_a_pair(extractor):
    cases = extractor.extract("口岸查验见闻\n\n一位关员说：“现在一个班组一天能验放450柜，改革前只能验放200柜。”\n")
    o = find(cases, "450柜")
    assert (o.value, o.baseline, o.direction) == (450, 200, "increase")


def test_a_share_of_declarations_filed_under_the_quoted_instrument_is_an_effect(extractor):
    cases = extractor.extract("测试\n\n今年以来，该关共为企业办理“两步申报”报关单1.9万票，占同期进口报关单的四成。\n")
    assert find(cases, "四成").role == "effect"


def test_vehicle_trips_are_a_counter(extractor):
    cases = extractor.extract("测试\n\n「跨境一鎖」今年累計使用超過2.4萬車次。\n")
    o = find(cases, "車次")
    assert (o.value, o.unit, o.qualifier) == (2.4, "万车次", "超")


def test_readers_put_in_are_equipment_and_a_day_before_a_count_is_a_rate_not_a_time(extractor):
    cases = extractor.extract("口岸见闻\n\n处方添置6部自助证件阅读器。一名主任说：“现在一个柜位一天能处理1,500人次，以前只能处理600人次。”\n")
    assert (find(cases, "6部").unit, find(cases, "6部").role) == ("部", "input")
    assert [o.baseline for o in quotes(cases).values() if o.unit == "人次"] == [600]
    assert not [o for o in quotes(cases).values() if o.unit == "天"]


def test_the_places_a_practice_spread_to_are_an_effect(extractor):
    cases = extractor.extract("口岸见闻\n\n据介绍，吉林省商务厅已将这一做法在全省8个边境口岸推广。\n")
    assert find(cases, "8个").role == "effect"


def test_equipment_counted_in_number_words_after_its_verb_is_an_input_but_the_day_before_is_no_time(extractor):
    cases = extractor.extract("口岸见闻\n\n海关在货站启用两台大型集装箱检查设备。企业可在货物抵港前一天申报。\n")
    o = find(cases, "两台")
    assert (o.value, o.unit, o.role) == (2, "台", "input")
    assert not [o for o in quotes(cases).values() if o.unit == "天"]


def test_a_period_before_the_new_level_is_not_its_baseline(extractor):
    cases = extractor.extract("口岸见闻\n\n船舶在港停留时间，去年平均为4.6天，今年前9个月降至2.1天。\n")
    o = find(cases, "2.1天")
    assert (o.baseline, o.baseline_unit) == (4.6, None)


def test_the_old_state_inside_the_clause_and_weeks_in_number_words(extractor):
    cases = extractor.extract("口岸见闻\n\n这一比例在改革前不足15%，目前已超过70%。以前要两三个星期，现在一周内就能办完。\n")
    assert find(cases, "70%").baseline == 15
    o = find(cases, "一周")
    assert (o.baseline, o.baseline_max, o.baseline_unit) == (2, 3, "个星期")


def test_one_set_of_equipment_put_in_is_a_count(extractor):
    cases = extractor.extract("口岸见闻\n\n邮局今年配置了一套智能分拣设备。\n")
    o = find(cases, "一套")
    assert (o.value, o.unit, o.role) == (1, "套", "input")


def test_two_countries_is_a_word_and_since_the_reform_opens_the_new_state(extractor):
    cases = extractor.extract("口岸见闻\n\n中蒙两国铁路轨距不同。进口煤炭过去要在口岸换装，平均需要两三天。自今年推行“换装直通”后，"
                              "最快8小时就能运离口岸。\n")
    assert not [o for o in quotes(cases).values() if o.unit == "国"]
    o = find(cases, "8小时")
    assert (o.baseline, o.baseline_max, o.baseline_unit) == (2, 3, "天")


def test_a_notice_s_basic_situation_is_what_was_reached_not_a_target(extractor):
    text = ("日照市人民政府办公室关于印发日照港口岸提效工作计划的通知\n\n各区县人民政府：\n现将工作计划印发给你们。\n\n"
            "一、基本情况\n2025年，日照港完成货物吞吐量5.1亿吨，开通集装箱航线40条。\n\n"
            "二、重点任务\n（一）推进“船边直提”。力争到2027年，“船边直提”业务占比达到40%。\n")
    cases = extractor.extract(text)
    assert not find(cases, "5.1亿吨").projected and not find(cases, "40条").projected
    assert find(cases, "40%").projected


def test_a_time_that_defines_a_share_and_a_calculation_s_assumption_are_no_outcomes(extractor):
    cases = extractor.extract("口岸见闻\n\n货物在6小时内完成通关的比例为91%。平均每柜节省费用150元，按年进口20万柜计，全年可节约3000万元。\n")
    assert not [o for o in quotes(cases).values() if o.unit in ("小时", "柜", "万柜")]
    o = find(cases, "3000万元")
    assert o.qualifier is None  # 可节约 is no 约


def test_a_planned_build_and_an_estimate_are_projected_and_a_centre_s_size_is_an_input(extractor):
    cases = extractor.extract("口岸见闻\n\n二期工程规划建设4个5万吨级泊位。入境事务处估计，旅客过关时间可由现时约20分钟缩短至8分钟以内。"
                              "该中心面积约1500平方米，设有24个查验台位。\n")
    assert find(cases, "4个").projected and find(cases, "8分钟").projected
    assert find(cases, "1500平方米").role == "input" and find(cases, "24个").role == "input"


def test_a_lead_against_the_national_average_and_shares_without_a_subject_are_effects(extractor):
    cases = extractor.extract("口岸见闻\n\n改革后，平均用时不到3个小时，比全国空港平均水平快约1小时。目前，选择“关港通”服务的企业已有210家，"
                              "约占口岸进出口企业总数的三分之一。全年旅客约八千万人次，其中经自助通道通关的占七成以上。\n")
    assert find(cases, "快约1小时").role == "effect"
    assert find(cases, "三分之一").role == "effect"
    assert find(cases, "七成以上").role == "effect"


def test_the_busiest_port_is_rank_one_and_will_with_ba_projects(extractor):
    cases = extractor.extract("口岸见闻\n\n拱北口岸是全国最繁忙的陆路口岸。广东省商务厅将把这一模式在省内7个口岸复制推广。\n")
    o = find(cases, "最繁忙")
    assert (o.value, o.role, o.metric) == (1, "status", "national-rank")
    assert find(cases, "7个").projected


def test_a_total_the_sentence_credits_to_the_reform_is_an_effect_and_a_quoted_promise_within_hours_is_projected(extractor):
    cases = extractor.extract("口岸见闻\n\n得益于“铁海快线”的推行，今年前三季度北海港集装箱吞吐量达到120万标箱。"
                              "海关确保鲜活货物“3小时内通关”。\n")
    assert find(cases, "120万标箱").role == "effect"
    o = find(cases, "3小时")
    assert (o.value, o.projected, o.qualifier) == (3, True, "以内")


def test_a_level_reached_then_the_early_level_after_jiao_is_a_pair(extractor):
    cases = extractor.extract("口岸见闻\n\n使用“电子预报”的企业已增至180家，较推行初期的40家增加了三倍多。\n")
    o = find(cases, "180家")
    assert (o.baseline, o.kind) == (40, "before-after")


def test_ten_measures_count_but_not_inside_a_document_name_or_a_list_of_links(extractor):
    cases = extractor.extract("口岸见闻\n\n南沙海关推出稳外贸十项举措。现将《钦州港口岸降费十条措施》印发给你们。\n\n相关阅读：\n· 广西出台稳外贸十条措施\n")
    assert [o.value for o in quotes(cases).values()] == [10]
    assert find(cases, "十项").role == "context"


COLLECTION_UNITS = """河北口岸案例（测试）

案例一　黄骅港“散货直装”改革

实施单位：黄骅海关

一、背景情况
2023年，港口外贸货物吞吐量为8600万吨，进境旅客12万人次。

二、主要做法
黄骅海关推行“散货直装”。

三、实践成效
2024年，港口外贸货物吞吐量突破1亿吨，入境车辆达到3万辆次。
"""


def test_a_background_baseline_in_another_written_unit_but_never_another_count(extractor):
    cases = extractor.extract(COLLECTION_UNITS)
    o = find(cases, "1亿吨")
    assert (o.baseline, o.baseline_unit) == (8600, "万吨")
    assert find(cases, "3万辆次").baseline is None


def test_the_new_state_may_open_the_clause_before_the_new_figure(extractor):
    cases = extractor.extract("口岸见闻\n\n“以前班列到站后要分别作业，停留时间一般在8个小时左右，现在三家联合作业，平均3个半小时就能发车。”\n")
    o = find(cases, "3个半小时")
    assert (o.value, o.baseline) == (3.5, 8)


def test_a_subsidy_given_per_flight_is_its_rate_not_an_outcome(extractor):
    cases = extractor.extract("口岸见闻\n\n对新开国际货运航线的航空公司给予每班次3万元补助。\n")
    assert not quotes(cases)


def test_sites_are_counted_in_chu_but_not_chu_li(extractor):
    cases = extractor.extract("口岸见闻\n\n明年口岸将新建冷链查验场地2处。该站日均3处理能力不变。\n")
    o = find(cases, "2处")
    assert (o.unit, o.projected, o.role) == ("处", True, "input")
    assert [q for q in quotes(cases) if "处" in q] == [next(q for q in quotes(cases) if "2处" in q)]
