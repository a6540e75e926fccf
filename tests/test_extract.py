"""`portkg extract`: drafts from texts it has never seen (written for these tests, not the seed),
from plain prose, from bad input, from random text; and its score on our own source."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portkg.extract import Extractor, cn_number

FIX = Path(__file__).parent / "fixtures" / "extract"


@pytest.fixture(scope="module")
def extractor(project):
    return Extractor.for_project(project)


def outcomes(case):
    return {re.sub(r"\s", "", o.quote): o for o in case.outcomes}


def find(case, fragment):
    hits = [o for q, o in outcomes(case).items() if fragment in q]
    assert hits, f"no outcome with {fragment!r}: {list(outcomes(case))}"
    return hits[0]


def test_chinese_numerals():
    assert [cn_number(s) for s in ("两", "八", "十", "十二", "三十五", "两百")] == [2, 8, 10, 12, 35, 200]
    assert cn_number("一一") is None and cn_number("数百") is None


def test_a_collection_from_another_province(extractor):
    text = (FIX / "zhejiang-collection.txt").read_text(encoding="utf-8")
    cases = extractor.extract(text)
    assert [c.number for c in cases] == ["01", "02"]
    assert cases[0].title == "推行“船边速放”组合模式 压降集装箱进口时间"
    one, two = cases
    assert [(a.name, a.type) for a in one.agencies if a.role == "implementer"] == [
        ("宁波海关", "customs"), ("宁波市口岸办", "port-office"), ("舟山海事局", "maritime-safety")]
    assert ("宁波出入境边防检查站", "border-inspection") in [(a.name, a.type) for a in one.agencies]
    assert [(a.name, a.type) for a in two.agencies if a.role == "implementer"] == [("浙江省商务厅", "commerce")]
    # before/after written with 从…压缩到…, not the seed's 由…缩短至…
    o = find(one, "从原先的36小时压缩到9小时")
    assert (o.baseline, o.value, o.unit, o.direction, o.kind) == (36, 9, "小时", "decrease", "before-after")
    o = find(one, "登轮次数由3次减为1次")
    assert (o.baseline, o.value) == (3, 1)
    assert (find(one, "下降三成").value, find(one, "下降三成").unit) == (3, "成")
    o = find(one, "约850万元")
    assert (o.value, o.unit, o.qualifier, o.direction) == (850, "万元", "约", "decrease")
    assert find(one, "最短仅需1.5小时").value == 1.5
    assert find(one, "48小时以内").qualifier == "以内"
    o = find(one, "同比增长2.5倍")
    assert (o.kind, o.unit, o.value) == ("growth", "倍", 2.5)
    o = find(one, "位列全国海关第三")
    assert (o.kind, o.value) == ("rank", 3)
    o = find(one, "30万至45万元")
    assert (o.value, o.value_max, o.unit, o.projected) == (30, 45, "万元", True)
    background = [o for q, o in outcomes(one).items() if "3500" in q]
    assert background and all(o.role == "context" for o in background), "a figure from 一、背景情况 is context"
    assert all(o.role == "effect" for o in one.outcomes if "压缩到9小时" in o.quote)
    o = find(two, "1-2个工作日")
    assert (o.value, o.value_max, o.unit) == (1, 2, "个工作日")
    assert find(two, "12.5个百分点").unit == "个百分点"
    assert find(two, "1260余家").qualifier == "余"
    assert ("national", "该模式为全国首创") in [(c.scope, c.quote) for c in one.claims]
    assert any(c.scope == "provincial" and c.quote.startswith("全省率先") for c in two.claims)
    known = {m.concept for m in one.measures if m.concept}
    assert {"advance-declaration", "two-step-declaration", "single-window", "release-before-inspection"} <= known
    new = {m.name.strip("“”"): m for m in one.measures if m.concept is None}
    assert "冷链专窗" in new and any(n.startswith("船边速放") for n in new)
    assert all(m.reason and 0 < m.score <= 1 for m in new.values())


def test_plain_news_prose_is_one_case(extractor):
    cases = extractor.extract((FIX / "news.txt").read_text(encoding="utf-8"))
    assert len(cases) == 1
    case = cases[0]
    assert case.title == "厦门海关推出通关新举措 企业获得感持续增强"
    assert not [a for a in case.agencies if a.role == "implementer"]
    assert {"厦门海关", "厦门出入境边防检查站"} <= {a.name for a in case.agencies}
    assert find(case, "压缩至18.6小时").direction == "decrease"
    o = find(case, "缩短超过八成")
    assert (o.value, o.unit, o.qualifier) == (8, "成", "超")
    assert find(case, "不到1小时").qualifier == "以内"
    assert find(case, "4.2亿元").unit == "亿元"
    assert find(case, "3200多家").qualifier == "余"
    assert {"appointment-clearance", "joint-inspection"} <= {m.concept for m in case.measures}


def test_json_output_shape(portkg, project):
    res = portkg("extract", str(FIX / "zhejiang-collection.txt"), "--format", "json", "--project", str(project.root))
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    case = doc["cases"][0]
    assert {"title", "agencies", "places", "measures", "outcomes", "claims"} <= set(case)
    assert {"name", "type", "quote"} <= set(case["agencies"][0])
    assert {"quote", "value", "unit", "baseline", "qualifier", "kind", "projected"} <= set(case["outcomes"][0])
    assert {"name", "concept", "quote"} <= set(case["measures"][0])


def test_standard_input(portkg, project):
    res = portkg("extract", "-", "--format", "json", "--project", str(project.root),
                 input=(FIX / "news.txt").read_text(encoding="utf-8"))
    assert res.returncode == 0 and json.loads(res.stdout)["cases"][0]["outcomes"]


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("口岸通关时间缩短50%".encode("gb18030"), "not valid UTF-8"),
])
def test_bad_files_get_a_clear_error(portkg, project, tmp_path, content, message):
    f = tmp_path / "input.txt"
    f.write_bytes(content)
    res = portkg("extract", str(f), "--format", "json", "--project", str(project.root))
    assert res.returncode == 2 and message in res.stderr and "Traceback" not in res.stderr


def test_empty_file_is_an_error(portkg, project, tmp_path):
    # issue 12: an empty input is bad input (exit 2 with a message), not a silent success
    f = tmp_path / "empty.txt"
    f.write_text("", encoding="utf-8")
    res = portkg("extract", str(f), "--format", "json", "--project", str(project.root))
    assert res.returncode == 2 and res.stdout == "" and "the input is empty" in res.stderr


def test_a_50_mb_file_is_refused_clearly(portkg, project, tmp_path):
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    res = portkg("extract", str(f), "--format", "json", "--project", str(project.root))
    assert res.returncode == 2 and "too large" in res.stderr


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_arbitrary_text_never_crashes(extractor, text):
    for case in extractor.extract(text):
        for o in case.outcomes:
            assert text[o.start:o.end] == o.quote


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_case_texts_never_crash(extractor, built, data):
    text = built.sources["sd-2024"].text
    sec = built.sources["sd-2024"].cases[data.draw(st.sampled_from(sorted(built.sources["sd-2024"].cases)))]
    piece = text[sec.span.start:sec.span.end]
    for _ in range(data.draw(st.integers(0, 8))):
        i = data.draw(st.integers(0, len(piece)))
        op = data.draw(st.sampled_from(["cut", "insert", "dup"]))
        if op == "cut":
            piece = piece[:i] + piece[i + data.draw(st.integers(1, 40)):]
        elif op == "insert":
            piece = piece[:i] + data.draw(st.sampled_from(["由", "至", "万", "%", "“", "实施单位：", "\n一、背景情况\n",
                                                           "１２", "约", "以上", "两", "倍", "第"])) + piece[i:]
        else:
            piece = piece[:i] + piece[i:i + 30] + piece[i:]
    for case in extractor.extract(piece):
        for item in [*case.outcomes, *case.measures, *case.agencies, *case.claims]:
            assert piece[item.start:item.end] == item.quote or item.quote == piece[item.start:item.end].strip()


def test_our_own_source_scores(portkg, project):
    res = portkg("extract", "--evaluate", "--project", str(project.root))
    assert res.returncode == 0, res.stderr
    row = next(line.split() for line in res.stdout.splitlines() if line.startswith("all"))
    agencies_p, agencies_r, measures_p, measures_r, outcomes_p, outcomes_r = map(float, row[1:7])
    assert agencies_r == 1.0
    # effect outcomes: the target (≥ 0.97) with the role rules of docs/curation.md 1.2 and 6.2-6.4
    # (extract/roles.py); it was 0.79 when the precision pass re-labelled the curated figures
    assert outcomes_p >= 0.97 and outcomes_r >= 0.97
    # measures: 0.97 / 0.98 (319 true, 9 false, 7 missed) on main's data of session 4, with the not-an-application
    # rules (measures.not_applied: 通过…系统进行, a platform's functions extended, the service of a platform built in
    # the same sentence) and narrower concepts by their modifier; precision moves with the curated data (the audits
    # keep removing applications), so the bound here is a little below the target
    assert measures_p >= 0.96 and measures_r >= 0.95
    all_p, all_r = map(float, row[7:9])
    assert all_p >= 0.95 and all_r >= 0.95
    assert "found by the extractor, not in the curated data" in res.stdout


def test_drafts_pass_validate_after_review(portkg, scratch, tmp_path):
    """The round trip: extract → review the flagged fields → the project builds and validates."""
    drafts = tmp_path / "drafts"
    res = portkg("extract", str(FIX / "zhejiang-collection.txt"), "--out", str(drafts), "--source-id", "zj-test",
                 "--project", str(scratch))
    assert res.returncode == 0, res.stderr
    shutil.copy(drafts / "source" / "zj-test.txt", scratch / "data" / "source")
    shutil.copy(drafts / "source" / "zj-test.yaml", scratch / "data" / "source")
    # the analyst's review: register the agencies and places the drafts name (as the REVIEW notes ask),
    # and delete the candidate new measures
    agencies, places = [], []
    for draft in sorted((drafts / "cases").glob("*.yaml")):
        text = draft.read_text(encoding="utf-8")
        assert "REVIEW" in text

        def register_agency(m):
            agencies.append((m.group(1), m.group(2)))
            return f"agency: zj-agency-{len(agencies)}\n"

        def register_place(m):
            places.append(m.group(1))
            return f"place: zj-place-{len(places)}\n"

        text = re.sub(r"agency: NEW  # REVIEW: not in data/agencies.yaml: add (\S+) \(type ([a-z-]+)\).*\n",
                      register_agency, text)
        text = re.sub(r"place: NEW  # REVIEW: not in data/places.yaml: add (\S+) there.*\n", register_place, text)
        out, skip = [], False
        for line in text.splitlines():
            if not line.startswith("    "):
                skip = line.startswith("  - ") and ": NEW" in line
            if not skip:
                out.append(line)
        (scratch / "data" / "cases" / draft.name).write_text("\n".join(out) + "\n", encoding="utf-8")
    registry = scratch / "data" / "agencies.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "".join(
        f"  zj-agency-{i}:\n    zh: {zh}\n    en: Test agency {i}\n    type: {kind}\n"
        for i, (zh, kind) in enumerate(agencies, 1)), encoding="utf-8")
    gazetteer = scratch / "data" / "places.yaml"
    gazetteer.write_text(gazetteer.read_text(encoding="utf-8") + "".join(
        f"  zj-place-{i}: {{zh: {zh}, en: Test place {i}, type: port, lat: 29.9, long: 121.6}}\n"
        for i, zh in enumerate(places, 1)), encoding="utf-8")
    assert agencies and places
    res = portkg("build", "--project", str(scratch), "--out", str(tmp_path / "build"), "--no-site")
    assert res.returncode == 0, res.stderr
    res = portkg("validate", "--project", str(scratch))
    assert res.returncode == 0, res.stdout + res.stderr


# ---------------------------------------------------------------- issue 11: other provinces, other genres

DEV = FIX / "dev"


def test_traditional_script_is_read_and_offsets_stay_on_the_original(extractor):
    text = (DEV / "trad-wuhan.txt").read_text(encoding="utf-8")
    case = extractor.extract(text)[0]
    assert case.title == "武漢海關推出通關便利新措施"
    names = {a.name for a in case.agencies}
    assert {"武漢海關", "湖北省商務廳", "武漢邊檢站"} <= names          # names as written, traditional
    for item in case.items():
        assert text[item.start:item.end].strip() == item.quote        # quotes cut from the original text
        assert any("\u4e00" <= ch <= "\u9fff" for ch in item.quote)
    o = next(o for o in case.outcomes if "縮短至1個小時" in o.quote)
    assert (o.baseline, o.baseline_unit, o.value, o.unit) == (2, "天", 1, "个小时")
    assert text[o.start:o.end] == o.quote and "縮短" in o.quote
    assert {m.concept for m in case.measures} >= {"advance-declaration", "two-step-declaration"}
    targets = [o for o in case.outcomes if o.projected]
    assert {o.value for o in targets} == {10, 15}                     # 力爭 governs both clauses


def test_script_normalisation_keeps_length_and_alignment():
    from portkg.extract import simplified

    for s in ("武漢海關", "壓縮至１２個小時，力爭", "乾隆皇帝的頭髮", "English 123 ％", ""):
        out = simplified(s)
        assert len(out) == len(s)
    assert simplified("邊檢站縮短") == "边检站缩短"
    assert simplified("１２％") == "12%"


def test_agency_boundaries_national_bodies_and_lists(extractor):
    text = ("国务院办公厅印发通知后，海关总署会同国家口岸办、商务部、交通运输部和国家移民管理局部署专项行动。"
            "省商务厅、江苏省交通运输厅和南京市发展改革委配合。张家港海事局、海关、边检站联合邀请海关专家授课，"
            "简化海关手续；长江经济带海关在特殊时期海关监管上加强协作；深圳出入境边防检查总站参加。")
    case = extractor.extract(text)[0]
    by_name = {a.name: a for a in case.agencies}
    assert {"国务院办公厅", "海关总署", "国家口岸办", "商务部", "交通运输部", "国家移民管理局", "省商务厅", "江苏省交通运输厅",
            "南京市发展改革委", "张家港海事局", "张家港海关", "张家港出入境边防检查站", "深圳出入境边防检查总站"} <= set(by_name)
    assert not {"邀请海关", "简化海关", "济带海关", "时期海关", "经济带海关"} & set(by_name)
    expanded = by_name["张家港海关"]
    assert expanded.review and "张家港海事局" in expanded.review and text[expanded.start:expanded.end] == "海关"
    assert by_name["国家移民管理局"].type == "border-inspection" and by_name["商务部"].type == "commerce"
    assert len(case.agencies) == len(by_name)                         # one entry per agency


def test_measure_candidates_are_names_not_slogans_ships_menus_or_fragments(extractor):
    text = ("打造改革“试验田”，提升服务“含金量”，全省“一盘棋”。货轮“远洋之光”轮靠泊。平台设有“通关申报”“物流查询”"
            "“费用结算”等栏目。推行“两段准入”监管模式，在该模式下共推出6个改革，升级了的系统，搭建跨境物流公共服务平台。"
            "单证电子化程度提高到95%。")
    case = extractor.extract(text)[0]
    names = {m.name.strip("“”") for m in case.measures}
    for bad in ("试验田", "含金量", "一盘棋", "远洋之光", "通关申报", "物流查询", "费用结算", "在该模式", "该模式", "6个改革",
                "的系统"):
        assert not any(n == bad or n.startswith(bad) for n in names), (bad, names)
    assert "paperless" not in {m.concept for m in case.measures}   # 电子化程度 is a statistic here
    cands = [m for m in case.measures if m.concept is None]
    assert any(m.name.startswith("“两段准入”监管模式") for m in cands)
    assert any(m.name == "跨境物流公共服务平台" for m in cands)
    assert [m.score for m in cands] == sorted((m.score for m in cands), reverse=True)
    assert all(m.reason for m in cands)


def test_units_number_words_and_no_premultiplied_figures(extractor):
    text = ("全年进出口总值达5.2万亿元，港口吞吐量52亿吨；共办理2.6万柜、3000箱、1200标箱，签发证书1.5万份，覆盖38国，"
            "验放车辆8万辆次。办理时间缩短一天，查验仅用一分钟，等待时间减少一半，费用降低三分之一，企业近千家受益，成本下降两成，"
            "审批周期由过去半个月减至一两天。")
    case = extractor.extract(text)[0]
    got = {(o.value, o.unit) for o in case.outcomes}
    for want in ((5.2, "万亿元"), (52, "亿吨"), (2.6, "万柜"), (3000, "箱"), (1200, "标箱"), (1.5, "万份"), (38, "国"),
                 (8, "万辆次"), (1, "天"), (1, "分钟"), (50, "%"), (33.33, "%"), (1000, "家"), (2, "成")):
        assert want in got, (want, got)
    from portkg.units import normalise

    assert normalise(5.2, "万亿元")[0] == 5_200_000_000_000
    o = next(o for o in case.outcomes if o.baseline is not None)
    assert (o.baseline, o.baseline_unit, o.value, o.value_max, o.unit) == (0.5, "个月", 1, 2, "天")   # not "12天"


def test_hong_kong_and_macao_money_stays_in_its_currency(extractor):
    """港元/港幣 and 澳門元 are currencies of their own (not 元 with a stray 港), kept unconverted."""
    text = "口岸辦介紹，跨境包裹全年貨值達3.2億澳門元；每月報關費用由12萬港元降至7萬港元，倉儲費節省約2000港幣。"
    case = extractor.extract(text)[0]
    got = {(o.value, o.unit, o.baseline) for o in case.outcomes}
    assert {(3.2, "亿澳门元", None), (7, "万港元", 12), (2000, "港币", None)} <= got, got
    from portkg.units import normalise

    assert normalise(7, "万港元") == (70000, "http://qudt.org/vocab/currency/HKD")
    saving = next(o for o in case.outcomes if o.unit == "港币")
    assert saving.metric == "cost-saving"


def test_sets_of_equipment_put_in_are_inputs(extractor):
    """“配备2套设备” counts sets (套): an input of the case, not a lost figure."""
    case = extractor.extract("海关在口岸配备2套集装箱检查设备，今年又新增6套移动查验终端。")[0]
    got = {(o.value, o.unit): o.role for o in case.outcomes}
    assert got.get((2, "套")) == "input" and (6, "套") in got, got   # 新增 alone does not say who put it in


def test_before_after_across_units_and_clauses_and_ranges(extractor):
    text = ("过去报关需3小时，现在仅需20分钟。关税税率3.1%，降为2.8%。通关时间由原来的2至3天压缩至最短3小时。"
            "单人次验证从1分钟缩短至秒级。成本降低30%至50%，办理时限为2至3天。")
    case = extractor.extract(text)[0]
    pairs = {(o.baseline, o.baseline_unit, o.baseline_max, o.value, o.unit) for o in case.outcomes if o.baseline is not None}
    assert (3, "小时", None, 20, "分钟") in pairs
    assert (3.1, None, None, 2.8, "%") in pairs
    assert (2, "天", 3, 3, "小时") in pairs
    assert (1, "分钟", None, 1, "秒") in pairs
    ranges = {(o.value, o.value_max, o.unit) for o in case.outcomes if o.baseline is None}
    assert (30, 50, "%") in ranges and (2, 3, "天") in ranges
    assert not any(o.value == 50 and o.value_max is None for o in case.outcomes)   # a range is one outcome


def test_documents_streamlined_from_nine_items_to_four_keep_their_baseline(extractor):
    """精简为 is a verb of reduction: one outcome 4 项 with baseline 9 项, not a stray "9 项"."""
    case = extractor.extract("企业备案需提交的材料由原来的9项精简为4项，办理时限由5个工作日精简至2个工作日。")[0]
    pairs = {(o.baseline, o.value, o.unit) for o in case.outcomes if o.baseline is not None}
    assert (9, 4, "项") in pairs
    assert not any(o.value == 9 and o.baseline is None for o in case.outcomes)


def test_numbers_inside_names_projection_and_roles(extractor):
    text = ("推行“7×24小时”预约通关和24小时通关服务，落实“6小时通关”。"
            "今年计划推广至全省，目前已将通关时间缩短至2小时。"
            "力争到2026年，进口通关时间压缩至10小时，物流成本降低15%。"
            "全市外贸进出口总值1200亿元，共出台12项措施，配备查验人员30名，位列全国第三。")
    case = extractor.extract(text)[0]
    assert not any(o.unit in ("小时",) and o.value in (24, 6) for o in case.outcomes)
    by = {o.value: o for o in case.outcomes}
    assert by[2].projected is False and by[2].role == "effect"           # 已将…缩短至: achieved
    assert by[10].projected and by[15].projected                          # 力争 governs both clauses
    assert by[1200].role == "context" and by[12].role == "context"
    assert by[30].role == "input" and by[3].role == "status"


def test_roles_follow_the_curation_policy(extractor):
    """docs/curation.md 1.2 and 6.2-6.4 on sentences written for this test (not from the source)."""
    text = ("示范案例\n\n实施单位：某市海关\n\n一、背景情况\n\n全市有进出口实绩的企业860家，港口年吞吐量1.5亿吨。\n\n"
            "二、主要做法\n\n海关组织企业座谈会9次，举办政策宣讲会15场，惠及企业320余家次。"
            "在码头配备快检设备6台，建设充电桩24座，是全省5个试点之一。"
            "对35家重点企业开展上门指导，梳理需求清单，涵盖通关、物流等8类问题。\n\n"
            "三、实践成效\n\n通关时间由20小时缩短至5小时，解决企业问题41项，服务注册企业270余家，"
            "民营企业占比达76%，港口集装箱吞吐量同比增长12.5%，吸引投资8.6亿元，"
            "增速高于全省7.2个百分点，计划新增两条航线，已开通3条航线，航线业务量增长18%。")
    case = extractor.extract(text)[0]
    by = {o.value: o.role for o in case.outcomes}
    assert by[860] == "context" and by[1.5] == "context"          # background, population count
    assert by[9] == by[15] == by[320] == "input"                   # own activities and their audience (6.4)
    assert by[6] == by[24] == "input"                              # equipment and facilities
    assert by[5.0] == "effect" and by[41] == "effect" and by[270] == "effect"  # results, cases handled
    assert by[35] == "input" and by[8] == "input"                  # 对35家…开展; the list it drew up
    assert by[76] == "context" and by[7.2] == "context"            # a share; a gap between growth rates
    assert by[12.5] == "effect" and by[8.6] == "effect"            # a results section's growth; investment won
    assert by[18] == "effect" and not next(o for o in case.outcomes if o.value == 18).projected  # 已… ends 计划
    assert "status" in {o.role for o in case.outcomes if o.value == 5 and o.unit == "个"}  # one of five


def test_wordings_that_are_not_applications(extractor):
    """docs/curation.md 6.5, 6.8, 6.9 and 2.3 on sentences written for this test: the same known wordings
    are applications in one sentence and not in another."""
    applied = extractor.extract("海关推行“两步申报”，叠加“查验零等待”等举措，搭建海关大数据平台。")[0]
    assert {"two-step-declaration", "zero-wait-inspection", "customs-big-data-platform"} <= \
        {m.concept for m in applied.measures if not m.planned}
    other = extractor.extract("海关依托海关大数据平台开展分析，确保货物通关“零等待”。在“双碳”目标驱动下，"
                              "一体推进智慧海关、智慧口岸建设。下一步，将在全市推广“两步申报”。")[0]
    concepts = {m.concept: m for m in other.measures if m.concept}
    assert not {"customs-big-data-platform", "zero-wait-inspection", "dual-carbon-goals", "smart-customs",
                "smart-port"} & set(concepts)
    assert concepts["two-step-declaration"].planned


def test_held_out_constructions(extractor):
    """Constructions the held-out set showed missing (sentences written for this test, not its texts)."""
    text = ("某港口岸查验提速三成\n\n"
            "过去办完手续要耗时一天半，现在4小时即可；以往跑一趟要二十多天，改革后，快的话9天。"
            "审核时间由2天延长至5天。自助通道增加了近一倍，旅客达2,360万人次，占全省总量的三分之一左右，"
            "每车节省一两千元。")
    case = extractor.extract(text)[0]
    by = {(o.value, o.unit): o for o in case.outcomes}
    assert by[(4, "小时")].baseline == 1.5 and by[(4, "小时")].baseline_unit == "天"      # 一天半
    assert by[(9, "天")].baseline == 20                                                # 二十多天 … 快的话9天
    assert by[(5, "天")].baseline == 2 and by[(5, "天")].direction == "increase"        # 延长
    assert (1, "倍") in by and (2360, "万人次") in by and (33.33, "%") in by
    assert by[(1000, "元")].value_max == 2000                                          # 一两千: a range
    assert not any(o.start < len("某港口岸查验提速三成") for o in case.outcomes)         # the headline restates
    notice = extractor.extract("某省商务厅 某市海关\n关于印发《口岸提效若干措施》的通知\n\n某政发〔2024〕3号\n\n"
                               "一、推行预约查验，查验时间由1天压缩至6小时。已将申报时间缩短至2小时。")[0]
    assert notice.title == "关于印发《口岸提效若干措施》的通知"
    proj = {o.value: o.projected for o in notice.outcomes}
    assert proj[6] is True and proj[2] is False                                       # a notice's target; 已 done


def test_port_offices_committees_and_levels(extractor):
    """Agency forms the held-out set showed missing (sentences written for this test)."""
    text = ("国新办举行发布会。国务院新闻办公室介绍，某某海关所属东岭海关联合岳阳市口岸局、钦州市口岸管理委员会、"
            "临港经济开发区管委会、湖南省商务厅和省交通运输厅推行预约查验，企业凭海关放行信息提货，整合海关、海事数据。")
    names = {a.name: a for a in extractor.extract(text)[0].agencies}
    assert {"东岭海关", "岳阳市口岸局", "钦州市口岸管理委员会", "临港经济开发区管委会", "湖南省商务厅",
            "国务院新闻办公室"} <= set(names)
    assert names["湖南省交通运输厅"].review and "省交通运输厅" not in names    # expanded from 湖南省商务厅
    assert "国新办" not in names and not any(n.startswith(("企业凭", "整合")) for n in names)


def test_measure_names_the_held_out_set_showed(extractor):
    """Candidate names (sentences written for this test): corner brackets, a collection case's title, a name
    cut after 了, a known wording inside a longer platform name, routes, and a 不再 procedure."""
    text = ("某港“江铁联运”提速\n\n实施单位：某某海关\n\n一、主要做法\n\n海关联合港口建立了集装箱放行日报机制，"
            "建设临港智慧口岸综合服务平台，推行「一次申報、分段驗放」新通關模式，开通“岳阳—长沙”班列，"
            "不再重复办理转关手续。")
    case = extractor.extract(text)[0]
    names = {m.name: m for m in case.measures}
    assert "“江铁联运”" in names and names["“江铁联运”"].reason == "quoted name in the case's title"
    assert "集装箱放行日报机制" in names and "临港智慧口岸综合服务平台" in names
    assert "「一次申報、分段驗放」" in names                        # corner brackets; quoted on the original text
    concepts = {m.concept for m in case.measures}
    assert "smart-port" not in concepts and "transit-under-customs-control" not in concepts
    assert not any("岳阳" in n for n in names)
    more = {m.name for m in extractor.extract("海关建立企业守法分级名单，开设果蔬快速通关专线，同步推进“码头作业一码通”，"
                                              "新增的3条智能验放通道投入使用，增设2条查验通道。")[0].measures}
    assert {"企业守法分级名单", "果蔬快速通关专线", "“码头作业一码通”", "智能验放通道"} <= more and "查验通道" not in more


def test_commitments_and_one_figure_for_several_things(extractor):
    """docs/curation.md 6.12 and 6.13 on sentences written for this test."""
    case = extractor.extract("海关承诺对生鲜货物“4小时通关”。改革后，申报环节、所需材料、办理时间均减少40%以上。"
                             "班轮频次增至每周5班次，每周各开行2列。")[0]
    four = [o for o in case.outcomes if o.value == 4 and o.unit == "小时"]
    assert len(four) == 1 and four[0].projected and four[0].qualifier == "以内"       # a service commitment
    assert [o.value for o in case.outcomes].count(40) == 3                            # one outcome per thing
    roles = {o.value: o.role for o in case.outcomes}
    assert roles[5] == "effect" and roles[2] == "input"                               # an increase; a schedule


def test_single_article_titles_skip_caption_and_byline_noise(extractor):
    text = (DEV / "news-tianjin.txt").read_text(encoding="utf-8")
    case = extractor.extract(text)[0]
    assert "".join(case.title.split()) == "天津港“船边直提”扩面提速进口货物最快当天提离"
    assert extractor.extract("记者 王某\n（资料图片）\n\n本报讯 今年以来，通关时间缩短至2小时。")[0].title is None


def test_source_draft_quotes_ids():
    from portkg.extract import source_record

    rec = source_record("正文", "07", "07.txt", None)
    assert 'id: "07"' in rec and 'file: "07.txt"' in rec


def test_development_set_scores(portkg, project):
    """The development set (tests/fixtures/extract/dev/, our own texts) against the issue's targets."""
    res = portkg("extract", "--evaluate", str(DEV), "--project", str(project.root))
    assert res.returncode == 0, res.stderr
    rows = {line.split()[0] + (" " + line.split()[1] if line.split()[1] == "outcomes" else ""): line.split()
            for line in res.stdout.split("per construction")[0].splitlines()[2:] if line.strip()}
    score = {k: (float(v[-2]), float(v[-1])) for k, v in rows.items()}
    assert score["agencies"][0] >= 0.9 and score["agencies"][1] >= 0.85
    assert score["measures"][0] >= 0.7 and score["measures"][1] >= 0.75
    assert score["effect outcomes"][1] >= 0.9
    assert score["figures"][0] >= 0.95
    assert score["baselines"][1] >= 0.85
    assert "traditional-script" in res.stdout and "before-after-units" in res.stdout


def test_evaluate_dir_needs_pairs(portkg, project, tmp_path):
    (tmp_path / "a.txt").write_text("正文", encoding="utf-8")
    res = portkg("extract", "--evaluate", str(tmp_path), "--project", str(project.root))
    assert res.returncode == 2 and "gold" in res.stderr and "Traceback" not in res.stderr


# ---------------------------------------------------------------- session 3: unseen prose, weak constructions
# (sentences written for these tests, in our own words)


def test_does_it_find_unquoted_devices_documents_and_procedures(extractor):
    """“The article says the port started using electronic locks: is 电子关锁 a measure even without quotes?”"""
    case = extractor.extract("海关在码头启用电子关锁和北斗定位终端，推广使用电子放行单，配备自动扦样设备，"
                             "推动船舶进出港报告电子化。第4代查验设备已投入使用，信息平台运行平稳，口岸启用新系统。")[0]
    cands = {m.name: m for m in case.measures if m.concept is None}
    assert {"电子关锁", "北斗定位终端", "电子放行单", "自动扦样设备", "船舶进出港报告电子化"} <= set(cands)
    assert "电子锁" in {m.name for m in extractor.extract("货物只需在出发地加装电子锁。")[0].measures}
    longer = {m.name for m in extractor.extract("海关启用跨境电商包裹智能分拣线。")[0].measures}
    assert "跨境电商包裹智能分拣线" in longer                                # a known wording inside its modifier
    assert "listed after 启用" in cands["北斗定位终端"].reason               # second of two things adopted
    assert not {"查验设备", "代查验设备", "第4代查验设备", "信息平台", "新系统"} & set(cands)   # generic or ordinal
    assert "paperless" not in {m.concept for m in case.measures}           # X电子化 is not 无纸化


def test_a_quoted_electronic_wording_is_still_the_paperless_concept(extractor):
    concepts = {m.concept for m in extractor.extract("海关推行“电子化”申报，单证电子化程度达到98%。")[0].measures}
    assert "paperless" in concepts
    used = {m.concept for m in extractor.extract("全国“提前申报”比例超过五成。")[0].measures}
    assert "advance-declaration" in used                                    # a quoted name's statistic: in use
    names = {m.name for m in extractor.extract("单证电子化程度达到98%，系统覆盖率达到90%。")[0].measures}
    assert not names                                                        # names of statistics


def test_is_a_quoted_state_that_was_abolished_a_measure(extractor):
    """“货车不再‘停车等检’ — that is what went away, not what was introduced.”"""
    names = {m.name for m in extractor.extract("海关启用电子关锁，集装箱在途不再“停车等检”。")[0].measures}
    assert "电子关锁" in names and "“停车等检”" not in names


def test_which_numbers_are_not_outcomes(extractor):
    """Anniversaries, ordinals, ship names, berth numbers, hotlines, dates, list sizes: no figure."""
    case = extractor.extract("港珠澳大桥通车5周年之际，第三届口岸论坛于2024年10月举行，“海丰8号”轮靠泊3号泊位，"
                             "企业可拨打12345热线。现将《措施》（共20条）印发。在友谊关、东兴、龙邦三个口岸同步推行。")[0]
    assert case.outcomes == []


def test_before_and_after_as_reporters_write_them(extractor):
    case = extractor.extract("抽检比例由5%下调到2%，排队时间由过去的30至40分钟缩减到10分钟左右，"
                             "报关费用从200元降至80元至100元，候检时间缩短了一个半小时，全程只要两个半小时。"
                             "以前一宗备案要跑3个部门、耗时3个工作日，如今网上提交，1个工作日内办结。"
                             "自助通道每小时验放旅客人数是改造前的3倍多。")[0]
    got = {(o.baseline, o.baseline_max, o.value, o.value_max, o.unit) for o in case.outcomes}
    assert (5, None, 2, None, "%") in got                                   # 下调到
    assert (30, 40, 10, None, "分钟") in got                                # 缩减到, a range before
    assert (200, None, 80, 100, "元") in got                                # a range after, unit written twice
    assert (None, None, 1.5, None, "小时") in got and (None, None, 2.5, None, "小时") in got   # 一个半, 两个半小时
    assert (3, None, 1, None, "个工作日") in got                            # 耗时…，如今…，1个工作日内
    three = next(o for o in case.outcomes if o.unit == "倍")
    assert (three.value, three.qualifier, three.role) == (3, "余", "effect")   # 是…的3倍多
    old = next(o for o in case.outcomes if o.unit == "个")
    assert old.role == "context"                                            # 以前…要跑3个部门: the old state


def test_press_office_and_railway_bureau_are_agencies(extractor):
    names = {a.name for a in extractor.extract("广西壮族自治区人民政府新闻办公室举行发布会，南宁海关与沈阳铁路局合作。")[0].agencies}
    assert {"广西壮族自治区人民政府新闻办公室", "南宁海关", "沈阳铁路局"} <= names
    assert "广西壮族自治区人民政府" not in names


def test_using_connecting_to_or_aiming_at_a_thing_is_not_applying_it(extractor):
    """docs/curation.md 6.9, 6.18, 6.20 on sentences written for this test: the wording is there, the
    application is not."""
    text = ("海关打通物流企业与“单一窗口”数据壁垒，平台接入单一窗口数据，加强自有平台与港口“云港通”平台的融合贯通。"
            "收集企业提出的“单一窗口”相关意见建议。系统可识别AEO高级认证企业。港口通过《碳中和评价证书》认证。"
            "港口聚全力打造“零碳港口”，推动智慧查验优化。加快煤炭储备分拨中心的建设。吸引跨境电商优选仓落户。"
            "卡车航班频次增至每周6班。企业无法提供转关至目的港的运费发票。")
    case = extractor.extract(text)[0]
    applied = {m.concept for m in case.measures if m.concept and not m.planned}
    assert not {"single-window", "port-community-system", "aeo", "carbon-neutrality-certification", "zero-carbon-port",
                "smart-cargo-inspection", "reserve-distribution-centre", "cross-border-ecommerce", "air-road-intermodal",
                "transit-under-customs-control"} & applied, applied
    assert {m.concept for m in case.measures if m.planned} >= {"reserve-distribution-centre"}   # under construction
    built = extractor.extract("海关联合港口共建“单一窗口”平台，推行“两步申报”，实施转关作业无纸化。")[0]
    assert {"single-window", "two-step-declaration"} <= {m.concept for m in built.measures if not m.planned}


def test_a_collection_that_numbers_its_sections_differently(extractor):
    """“Another province's collection: 实施单位 separated by 、, sections （一）背景情况 … — does it still split?”"""
    text = ("某省口岸案例\n\n目录\n一、甲港“江河直达”提速 1\n二、乙港“智慧危管” 3\n\n"
            "一、甲港“江河直达”提速\n\n实施单位：甲港海关、某省港航事业发展中心\n\n（一）背景情况\n\n"
            "甲港2023年集装箱吞吐量达150万标箱。\n\n（二）主要做法\n\n甲港海关建立“离港确认”协作机制。\n\n"
            "（三）实践成效\n\n运输时间由约8天压缩至5天左右，全年开行航班210航次。\n\n"
            "二、乙港“智慧危管”\n\n实施单位：乙港海关\n\n（一）主要做法\n\n乙港海关建设港口危险货物智能监管平台。\n")
    one, two = extractor.extract(text)
    assert [a.name for a in one.agencies if a.role == "implementer"] == ["甲港海关", "某省港航事业发展中心"]
    assert [a.name for a in two.agencies if a.role == "implementer"] == ["乙港海关"]
    roles = {o.value: o.role for o in one.outcomes}
    assert roles[150] == "context" and roles[5] == "effect" and roles[210] == "effect"
    assert "“离港确认”协作机制" in {m.name for m in one.measures}
    assert "港口危险货物智能监管平台" in {m.name for m in two.measures}


def test_news_page_furniture_scenes_and_railway_groups(extractor):
    text = ("【经济新闻】\n某港海铁联运提速\n\n一列满载48个集装箱的班列驶出。某港海关联合中国铁路北京局集团有限公司推行海铁联运"
            "“一单制”，为船舶开辟优先过闸通道，在驳船上加装电子关锁，对符合条件的货物“先放行、后检测”，"
            "建立了口岸收费目录清单公示制度，货物一次申报、一次查验。")
    case = extractor.extract(text)[0]
    assert case.title == "某港海铁联运提速"                              # a column tag is not the title
    assert "中国铁路北京局集团有限公司" in {a.name for a in case.agencies}
    assert not case.outcomes                                             # one train's load sets the scene
    names = {m.name for m in case.measures}
    # a quoted name keeps the noun phrase before it (extract5, issue 11: 海铁联运“一单制”, as held-out gold writes it)
    assert {"海铁联运“一单制”", "优先过闸通道", "电子关锁", "货物“先放行、后检测”", "口岸收费目录清单公示制度"} <= names
    assert "口岸收费目录清单" not in names                               # a part of the longer name
    assert "one-declaration-one-inspection-one-release" in {m.concept for m in case.measures}  # two of three steps


def test_drawing_on_policies_benefits_and_other_ports_models_is_not_applying_them(extractor):
    """docs/curation.md 6.20 on sentences written for this test."""
    text = ("口岸叠加运用口岸签证、互免签证等政策吸引客流。海关结合海关远程监控系统传输数据，发挥水上“大交管”作用，"
            "参考外地国际陆港运行模式。海关指导企业享受AEO通关查验绿色通道。专班聚焦RCEP享惠、多元化税款担保等惠企政策。"
            "货物以暂时进出境方式申报。该港成为跨境电商改革首选试验田。")
    applied = {m.concept for m in extractor.extract(text)[0].measures if m.concept and not m.planned}
    assert not {"port-visa", "mutual-visa-exemption", "intelligent-monitoring-system", "integrated-water-traffic-management",
                "international-inland-port", "aeo", "rcep-utilisation", "diversified-guarantee", "temporary-admission",
                "cross-border-ecommerce"} & applied, applied
    drawn = {m.concept for m in extractor.extract("海关用足用好“先放后检”“税检合一”等政策红利。获批全国“智慧口岸”建设试点。"
                                                "总署印发《关于智慧口岸建设的指导意见》。")[0].measures}
    assert not {"release-before-inspection", "tax-inspection-integration", "smart-port"} & drawn   # 6.20, 6.6
    kept = {m.concept for m in extractor.extract("海关对进口矿产品推行“先放后检”，口岸获批实行240小时过境免签政策。")[0].measures}
    assert {"release-before-inspection", "visa-free-transit"} <= kept


def test_round_magnitudes_doubling_and_written_percentages(extractor):
    case = extractor.extract("服务企业千余家，累计办理万余人次，三十余家企业受益，两家企业参与。进出口额翻了一番，"
                             "费用降低百分之三十。")[0]
    got = {(o.value, o.unit, o.qualifier) for o in case.outcomes}
    assert {(1000, "家", "余"), (1, "万人次", "余"), (30, "家", "余"), (1, "倍", None), (30, "%", None)} <= got
    assert not any(o.value == 2 and o.unit == "家" for o in case.outcomes)   # 两家 is a word, not a figure


def test_web_quotes_documents_and_longer_quoted_names(extractor):
    """“The web page writes "集装箱智能查验" with straight quotes and ‘先入区、后报关’ with single ones.”"""
    text = ('海关试点"集装箱智能查验"，推行‘先入区、后报关’模式，牵头编制了《口岸通关服务指南》，'
            "车辆可透过「澳門單一窗口」平台申报，口岸设立跨境货车查验专用车道，两地海关共用结果。")
    case = extractor.extract(text)[0]
    names = {m.name for m in case.measures}
    assert {'"集装箱智能查验"', "‘先入区、后报关’模式", "《口岸通关服务指南》", "跨境货车查验专用车道"} <= names
    assert "「澳門單一窗口」平台" not in names  # declared through (透过…申报): a channel used, not set up (6.8; extract5)
    assert "single-window" not in {m.concept for m in case.measures}      # a longer quoted name of its own
    assert all(text[m.start:m.end] == m.quote for m in case.measures)     # quotes stay on the original
    assert "两地海关" not in {a.name for a in case.agencies}


def test_a_notice_under_a_single_issuer_line(extractor):
    text = ("澳門特別行政區政府海關\n關於實施跨境貨車通關安排的公告\n\n一、口岸設立專用車道4條。\n"
            "二、單車通關時間預計由現時的約40分鐘縮短至15分鐘以內。\n")
    case = extractor.extract(text)[0]
    assert case.title == "關於實施跨境貨車通關安排的公告"
    assert all(o.projected for o in case.outcomes) and {o.value for o in case.outcomes} >= {4, 15}


def test_waiting_time_then_the_shorter_one_and_a_future_verb_after_the_figure(extractor):
    case = extractor.extract("高峰时段平均需候检约90分钟；试行以来，平均候检时间已缩短至25分钟以内。"
                             "新增的6条智能查验通道将于年底前投入使用。")[0]
    o = next(o for o in case.outcomes if o.value == 25)
    assert (o.baseline, o.unit) == (90, "分钟") and not o.projected
    assert next(o for o in case.outcomes if o.value == 6).projected


def test_agency_forms_from_other_provinces(extractor):
    """“福州市人民政府口岸办公室 and 国家税务总局厦门市税务局 are single agencies, aren't they?”"""
    text = ("福州市人民政府口岸办公室、国家税务总局厦门市税务局、上海国际港务（集团）股份有限公司、福建省港口集团有限责任公司和"
            "中国民航华东地区管理局联合发文。宁德市商务局、交通运输局、市场监管局配合。")
    names = {a.name: a for a in extractor.extract(text)[0].agencies}
    assert {"福州市人民政府口岸办公室", "国家税务总局厦门市税务局", "上海国际港务（集团）股份有限公司", "福建省港口集团有限责任公司",
            "中国民航华东地区管理局", "宁德市交通运输局", "宁德市市场监管局"} <= set(names)
    assert not {"福州市人民政府", "国家税务总局", "厦门市税务局"} & set(names)
    assert names["宁德市市场监管局"].review                              # expanded from the list: for review


def test_collections_that_label_their_units_differently(extractor):
    text = ("某省案例\n\n案例一：甲港冷链“快检快放”\n\n【实施单位】甲港海关、甲市商务局\n\n一、主要做法\n\n"
            "甲港海关设立冷链食品快检实验室，推行“快检快放”模式。\n\n二、取得成效\n\n冷链货物通关时间由36小时压缩至12小时。\n\n"
            "案例二：乙港“船边验放”\n\n申报单位：乙港海关\n\n一、主要做法\n\n乙港海关推行“船边验放”。\n")
    one, two = extractor.extract(text)
    assert one.title == "甲港冷链“快检快放”" and two.title == "乙港“船边验放”"
    assert [a.name for a in one.agencies if a.role == "implementer"] == ["甲港海关", "甲市商务局"]
    assert [a.name for a in two.agencies if a.role == "implementer"] == ["乙港海关"]
    assert "冷链食品快检实验室" in {m.name for m in one.measures}
    assert all(text[x.start:x.end].strip() == x.quote for c in (one, two) for x in c.items())


def test_a_headline_names_the_body_measure_shorter(extractor):
    """“The headline says 推行“智慧审单” and the body 启用“智慧审单”系统 — one measure, not two.”"""
    case = extractor.extract("厦门口岸推行“智慧审单” 企业报关提速\n\n海关启用“智慧审单”系统，审单更快。"
                             "全省13个设区市建成口岸服务中心。")[0]
    new = [m.name for m in case.measures if m.concept is None]
    assert new == ["“智慧审单”系统"], new
    assert not any("设区" in a.name for a in case.agencies)


def test_two_before_after_pairs_stated_respectively(extractor):
    case = extractor.extract("进口、出口通关时间分别由40小时、2小时缩短至30小时、1小时。")[0]
    assert sorted((o.baseline, o.value) for o in case.outcomes) == [(2, 1), (40, 30)]


def test_regional_unit_words(extractor):
    """Hong Kong and Macau write 工作天; shipping prose writes TEU."""
    text = "審批時間由5個工作天縮短至2個工作天。全年完成集装箱吞吐量120万TEU。"
    case = extractor.extract(text)[0]
    got = {(o.value, o.unit, o.baseline) for o in case.outcomes}
    assert (2, "个工作日", 5) in got and (120, "万标箱", None) in got
    assert all(text[o.start:o.end] == o.quote for o in case.outcomes) and any(o.quote.endswith("TEU") for o in case.outcomes)


def test_a_plan_names_its_province_once(extractor):
    """“The plan is titled 陕西省…工作方案 and later says only 省商务厅牵头 — whose 商务厅?”"""
    text = ("陕西省促进跨境贸易便利化工作方案（2025—2026年）\n\n一、工作目标\n提前申报比例达到70%以上。\n"
            "二、重点任务\n在机场设立跨境电商出口分拨中心。\n三、保障措施\n省商务厅牵头，省交通运输厅配合。\n")
    case = extractor.extract(text)[0]
    names = {a.name: a for a in case.agencies}
    assert {"陕西省商务厅", "陕西省交通运输厅"} <= set(names) and names["陕西省商务厅"].review
    assert all(o.projected for o in case.outcomes)                           # a work plan's figures are targets
    assert "cross-border-ecommerce" not in {m.concept for m in case.measures}   # 跨境电商出口分拨中心 is its own name


def test_held_out_3_constructions(extractor):
    """Constructions the blind third held-out set showed (sentences written for this test, not its texts)."""
    case = extractor.extract("甲省商务厅 甲关 甲省交通运输厅\n关于印发《口岸提效措施》的通知\n\n"
                             "一、中转时间由目前的2至3天压缩至一天以内。二、设置“船期查询”“预约提箱”等栏目。"
                             "三、验证时间从1分钟缩短至秒级，平均约5秒。货物过去须提前一天进港，现只需在开装前2小时抵港。"
                             "过去货物须办理转关。海关加施北斗电子关锁，配备了4台CT型航空货物安检机。"
                             "“船边直提”业务已占进口箱量的15%。甲市提出建设“出海口”。")[0]
    assert {"甲省商务厅", "甲省交通运输厅"} <= {a.name for a in case.agencies}          # the issuer line above the title
    by = {o.value: o for o in case.outcomes}
    assert by[1].projected and by[1].baseline == 2 and by[1].baseline_max == 3        # 由目前的…: a notice's target
    assert (by[5].baseline, by[5].baseline_unit, by[5].unit) == (1, "分钟", "秒")       # 秒级，平均约5秒
    assert (by[2].baseline, by[2].baseline_unit) == (1, "天")                          # 须提前一天 … 只需…2小时
    assert by[15].role == "effect"                                                     # the measure's own share
    names = {m.name for m in case.measures}
    assert {"北斗电子关锁", "CT型航空货物安检机"} <= names
    assert not {"“船期查询”", "“预约提箱”", "“出海口”"} & names
    assert "transit-under-customs-control" not in {m.concept for m in case.measures}  # the old procedure
    system = extractor.extract("港口集团开发了“船边直提”作业调度系统。海关启用“智能卡口”系统，推动“单一窗口”与跨境电商平台对接。")[0]
    assert "direct-loading-pickup" in {m.concept for m in system.measures}
    assert {m.name for m in system.measures if m.concept is None} == {"“船边直提”作业调度系统"}   # not “智能卡口”系统 itself
    article = extractor.extract("货站不眠：郑州空港的“秒级”通关\n文｜本刊记者 某某　图｜受访单位提供\n\n海关推行“卡车航班”模式。")[0]
    assert article.title == "货站不眠：郑州空港的“秒级”通关"
    assert "“秒级”通关" not in {m.name for m in article.measures}                       # a headline catchphrase


def pairs_of(case):
    return {(o.baseline, o.baseline_unit, o.value, o.unit) for o in case.outcomes if o.baseline is not None}


def test_which_old_figure_is_the_baseline_when_it_comes_after_the_new_one(extractor):
    """“平均用时2.4天，去年同期为4.1天”: the baseline is stated after the value, in the next clause (and
    比去年同期的…, 而去年同期仅为…); a difference stated after it (增加了…) stays a change of its own."""
    case = extractor.extract("今年以来，甲港出口集装箱平均用时2.4天，去年同期为4.1天。采用新模式申报的比例达到71.2%，"
                             "而去年同期仅为40.5%。经快速通道验放的车辆达到86万辆次，比去年同期的70万辆次增加了16万辆次。")[0]
    assert {(4.1, None, 2.4, "天"), (40.5, None, 71.2, "%"), (70, None, 86, "万辆次")} <= pairs_of(case)
    assert not any(o.value in (4.1, 40.5, 70) for o in case.outcomes)          # the old figures are not outcomes
    change = next(o for o in case.outcomes if o.value == 16)
    assert change.baseline is None and change.kind == "change"


def test_old_time_then_new_time_in_the_next_clause_or_sentence(extractor):
    """过去…现在…, 去年为…今年降到…, and into the next sentence when it points back (这一时间) or when
    the two sentences start 改造前 / 改造后."""
    case = extractor.extract("过去一批货物审单平均耗时4小时左右，现在依托新系统，平均只要50分钟。"
                             "车辆平均候检时间去年为26小时，今年上半年降到了11小时。"
                             "2020年，一票货物从抵港到提离平均要花4天。今年，这一时间变成了不到18个小时。"
                             "改造前，每辆车过卡平均需时约12分钟；改造后，司机刷卡即走，整个过程压缩至不足1分钟。")[0]
    assert {(4, "小时", 50, "分钟"), (26, None, 11, "小时"), (4, "天", 18, "个小时"), (12, None, 1, "分钟")} <= pairs_of(case)
    assert all(o.direction == "decrease" for o in case.outcomes if o.baseline is not None)


def test_from_one_figure_to_another_with_any_verb(extractor):
    """从X到Y的转变, 从每小时X箱提速至Y箱, 由X变为Y: a pair whatever the verb; its direction from the figures;
    从2天到5天不等 is a range, not a pair."""
    case = extractor.extract("卸货用时实现了从6天到3天的转变。装船效率从每小时20箱提速至28箱。审核时限由3天变为8小时。"
                             "运输时间从2天到5天不等。")[0]
    assert {(6, None, 3, "天"), (20, None, 28, "箱"), (3, "天", 8, "小时")} <= pairs_of(case)
    assert next(o for o in case.outcomes if o.value == 28).direction == "increase"
    spread = next(o for o in case.outcomes if o.value == 2)
    assert spread.baseline is None and spread.value_max == 5


def test_a_difference_or_a_yearly_change_has_no_baseline(extractor):
    """比以往节省40分钟, 较改革前缩短了30%, 同比下降12%, 比去年同期缩短5小时: changes, not pairs; and a figure
    reached now is not the baseline of a target for later (已占20%；力争…把这一比例提升至四成)."""
    case = extractor.extract("查验时间比以往节省了40分钟。通关时间较改革前缩短了30%，同比下降12%。"
                             "平均通关时间为16.5小时，比去年同期缩短5小时。")[0]
    assert not pairs_of(case)
    assert {o.value for o in case.outcomes} >= {40, 30, 12, 16.5, 5}
    target = extractor.extract("目前该模式已占进口量的20%；下一步，力争年底前把这一比例提升至四成。")[0]
    assert not pairs_of(target) and {o.value for o in target.outcomes} == {20, 4}


def test_a_byline_is_not_the_title_and_a_long_deck_joins_it(extractor):
    """本报记者 某某 通讯员 某某 under a headline is a byline; a deck line of up to 26 characters without
    sentence punctuation is the title's second line."""
    news = extractor.extract("甲港进口提货时间大幅压缩\n本报记者 张三 通讯员 李四\n\n记者日前从甲关了解到，今年以来甲关推行“两步申报”。")[0]
    assert news.title == "甲港进口提货时间大幅压缩"
    press = extractor.extract("某自治区举行某口岸跨境贸易便利化新闻发布会\n铁路班列通关最快5小时 换装效率提高四分之一\n\n"
                              "发布会上，甲关有关负责人介绍了情况。")[0]
    assert press.title.replace("\n", " ") == "某自治区举行某口岸跨境贸易便利化新闻发布会 铁路班列通关最快5小时 换装效率提高四分之一"


def test_per_day_counts_and_one_ships_load_are_not_times_or_volumes(extractor):
    """一天最多来回两趟 (per day), 一船8万吨矿石 (one ship's load) are not outcomes; 最快一天就能完成 is a time."""
    case = extractor.extract("过去车队一天最多来回两趟，如今一天可以跑三趟。据测算，一船8万吨矿石从靠泊到提离只需2天。"
                             "现在最快一天就能完成。")[0]
    assert {(o.value, o.unit) for o in case.outcomes} == {(2, "天"), (1, "天")}
    assert next(o for o in case.outcomes if o.value == 1).quote.endswith("最快一天")


def test_a_company_named_after_its_port_group(extractor):
    """会同北部湾国际港务集团, 联合某港某港码头有限公司: the company's name runs back to the connective."""
    case = extractor.extract("钦州海关会同北部湾国际港务集团建成智能闸口。防城港海关联合北部湾港防城港码头有限公司推行“船边直提”。")[0]
    assert {"北部湾国际港务集团", "北部湾港防城港码头有限公司"} <= {a.name for a in case.agencies}


def concepts_of(extractor, text):
    return {m.concept for c in extractor.extract(text) for m in c.measures if m.concept and not m.planned}


def test_is_a_system_used_extended_or_described_an_application(extractor):
    """通过X系统进行… uses a system (6.8); 优化“单一窗口”功能 extends a platform, the function added is the application
    (6.18, 6.23); the service a platform built in the same sentence gives is that platform, not a second measure (6.19)."""
    assert "single-window" not in concepts_of(extractor, "企业通过“单一窗口”和物流平台进行申报。")
    extended = concepts_of(extractor, "二是持续优化“单一窗口”功能。在完善“单一窗口”功能模块时增加“引航申请”应用场景。")
    assert "single-window" not in extended and "online-pilotage-application" in extended
    built = concepts_of(extractor, "开发“制卡云”系统，为关区企业提供“网上申请+免费邮寄”不见面服务。")
    assert "e-port-card-online-service" in built and "contactless-processing" not in built
    assert "single-window" in concepts_of(extractor, "联合边检、海事共建“单一窗口”平台。")


def test_a_generic_wording_beside_a_narrower_concepts_modifier(extractor):
    """开通绿色通道，第一时间进行航标布设 is the narrower 航标布设绿色通道; a green channel for fresh goods stays generic."""
    narrow = concepts_of(extractor, "积极与航标处沟通，开通绿色通道，第一时间进行航标布设。")
    assert "navigation-aids-fast-track" in narrow and "green-channel" not in narrow
    assert "green-channel" in concepts_of(extractor, "海关开通绿色通道，对鲜活产品优先查验。")


def test_two_totals_of_different_periods_are_not_a_pair(extractor):
    """去年全年…613万标箱，今年前三季度为…: two background totals; 去年同期为… is a pair (the same period)."""
    totals = extractor.extract("甲港去年全年完成集装箱吞吐量520万标箱，今年前三季度为410万标箱。")[0]
    assert not pairs_of(totals) and {o.value for o in totals.outcomes} == {520, 410}
    same = extractor.extract("甲港去年同期的平均待泊时间为30小时，今年为18小时。")[0]
    assert (30, None, 18, "小时") in pairs_of(same)


def test_old_state_in_the_sentence_before_with_the_fastest_time(extractor):
    """过去…前后大约两天。现在…最快10分钟: the two sentences start 过去 / 现在; 最快 marks the new time."""
    case = extractor.extract("过去，企业办理一张证书要跑两趟窗口，前后大约两天。现在，企业在网上提交申请，最快15分钟就能打印。")[0]
    assert (2, "天", 15, "分钟") in pairs_of(case)


def test_what_a_statistic_or_a_kind_of_firm_names_is_not_applied(extractor):
    """自助通道的使用率 (a statistic's subject), 开展跨境电商出口业务的企业 (a kind of firm), 原先…的转关手续在2小时以上
    (the old state, timed) are no applications; a Macao body without a place (治安警察局) and a railway company's
    branch (…有限公司连云港货运中心) are agencies."""
    case = extractor.extract("自助通道的使用率从去年的30%增加到今年的60%。开展跨境电商出口业务的企业由8家增加到20家。"
                             "原先每票货物的转关手续在2小时以上。澳门海关与治安警察局推出新模式。"
                             "甲关联合中国铁路上海局集团有限公司连云港货运中心推行新模式。")[0]
    assert not {"self-service-channels", "cross-border-ecommerce", "transit-under-customs-control"} & \
        {m.concept for m in case.measures}
    names = {a.name for a in case.agencies}
    assert {"治安警察局", "中国铁路上海局集团有限公司连云港货运中心"} <= names
    assert "中国铁路上海局集团有限公司" not in names


def test_a_baseline_the_gold_does_not_state_counts_against_baselines(extractor, tmp_path):
    """--evaluate DIR: a pair read where the gold has a level with no baseline is a baseline false positive."""
    from portkg.evaluate import evaluate_dir

    (tmp_path / "t.txt").write_text("甲关通关时间由3天缩短至1天。", encoding="utf-8")
    (tmp_path / "t.gold.yaml").write_text("agencies: []\nmeasures: []\noutcomes:\n  - {at: 缩短至1天, value: 1, unit: 天}\n",
                                          encoding="utf-8")
    ev = evaluate_dir(extractor, tmp_path)
    assert (ev.total("baselines").tp, ev.total("baselines").fp) == (0, 1)
    assert any(kind == "baseline not in gold" for _, kind, _ in ev.notes)


def candidate_names(extractor, text):
    return {m.name for c in extractor.extract(text) for m in c.measures if m.concept is None}


def test_devices_gates_apps_guides_and_guidance_the_fourth_held_out_set_showed(extractor):
    """Sentences written for this test: a device listed after a count (和一批移动执法终端), a smart gate (建成智能闸口), an app
    after a quoted name (“港E通”手机应用程序), a guide printed (编印《…指南》), a list made public (公开…目录清单), guidance
    after a quoted name (“一对一”通关辅导); menu items without 等 and a port to become (“国际强港”) are not measures."""
    names = candidate_names(extractor, "甲关配备3台大型检查设备和一批移动执法终端。港务公司在码头建成智能闸口，并上线“港E通”手机应用程序，"
                                       "司机在“预约进港”“费用结算”栏目即可办理业务。商务局编印《口岸通关服务指南》，公开口岸收费目录清单，"
                                       "为企业提供“一对一”通关辅导，为建设“国际强港”提供支撑。")
    assert {"移动执法终端", "智能闸口", "“港E通”手机应用程序", "《口岸通关服务指南》", "口岸收费目录清单", "“一对一”通关辅导"} <= names
    assert not any("费用结算" in n or "国际强港" in n for n in names)
    assert "智能平台" not in candidate_names(extractor, "海关启用智能平台。")           # 智能 alone names a gate, not a platform


def test_a_quoted_combination_its_plans_and_a_heading_said_shorter(extractor):
    """「班列+跨境电商」集拼业务 is one name (its part 跨境电商 is not applied by itself); after 下一步 or 将积极 the clauses
    that follow are plans; an item heading's 上线跨境货车预约查验系统 and its body's 预约查验系统 are one measure."""
    case = extractor.extract("谈到下一步工作，甲市将积极打造开放门户，推动“班列+跨境电商”集拼业务落地。")[0]
    assert all(m.planned for m in case.measures if m.concept == "cross-border-ecommerce")
    assert "“班列+跨境电商”集拼业务" in {m.name for m in case.measures}
    names = candidate_names(extractor, "（二）上线跨境货车预约查验系统。州口岸办上线预约查验系统，司机可提前选择时段。")
    assert "跨境货车预约查验系统" in names and "预约查验系统" not in names


def test_a_short_form_beside_the_full_name_and_words_before_a_bare_type_word(extractor):
    """市口岸办 after 甲市人民政府口岸办公室 is the same body; 要分别到海关、边检 names no agency."""
    case = extractor.extract("甲市人民政府口岸办公室 甲市商务局\n关于印发《口岸提效方案》的通知\n\n市口岸办牵头建立通关时效监测机制。"
                             "过去司机要分别到海关、边检等4个窗口排队。")[0]
    names = {a.name for a in case.agencies}
    assert "甲市人民政府口岸办公室" in names and "甲市口岸办" not in names
    assert not any("分别" in n for n in names)


def test_years_before_each_side_most_of_a_day_and_a_pair_across_a_new_way_of_working(extractor):
    """由2020年的…增长到2024年的… (a year on each side); 需要大半天 is no figure; 由过去的平均4小时，调整为即报即办，最快
    15分钟 (由 … 为 across clauses); 相比过去…3.5小时…，如今只需40分钟."""
    case = extractor.extract("经甲港发运的集装箱由2020年的12.5万标箱增长到2024年的30.2万标箱。办理手续原本需要大半天，如今1小时即可办结。"
                             "申请的办理时间由过去的平均5小时，调整为即报即办，最快20分钟。"
                             "相比过去每票货物平均3.5小时的申报时间，如今企业只需40分钟即可完成。")[0]
    assert {(12.5, None, 30.2, "万标箱"), (5, "小时", 20, "分钟"), (3.5, "小时", 40, "分钟")} <= pairs_of(case)
    assert not any(o.value == 0.5 or o.baseline == 0.5 for o in case.outcomes)
    one_hour = next(o for o in case.outcomes if o.value == 1)
    assert one_hour.baseline is None


def test_parallel_old_and_new_clauses_and_a_base_with_a_change_between(extractor):
    """原来一天能审150票，现在能审420票 (parallel clauses, one unit); a notice's 在目前约30小时的基础上再压缩20%，到2026年底
    降至24小时以内 (the base, a change, the level reached: all targets); 改革后…为1.5天，改革前为3天."""
    case = extractor.extract("“原来一天能审150票，现在能审420票。”改革后，货物平均停留时间为1.5天，改革前为3天。")[0]
    assert {(150, None, 420, "票"), (3, None, 1.5, "天")} <= pairs_of(case)
    notice = extractor.extract("甲市人民政府办公室\n关于进一步压缩口岸通关时间的实施意见\n\n"
                               "一、进口整体通关时间在目前约30小时的基础上再压缩20%，到2026年底降至24小时以内。")[0]
    assert (30, None, 24, "小时") in pairs_of(notice)
    assert all(o.projected for o in notice.outcomes) and {o.value for o in notice.outcomes} == {20, 24}


def test_quoted_figures_years_on_each_side_and_a_clause_opening_with_to(extractor):
    """实现从“2天”到“4小时”的转变 (figures in quotes are figures, not names); 2021年…为30小时，2023年为12小时 and
    二〇二二年…約為二十五分鐘，今年已大幅縮減至十分鐘 (a later year); 从过去的半天，到现在的30分钟左右; 由以往平均四分钟变一分钟以内."""
    case = extractor.extract("整体通关时间实现从“2天”到“4小时”的转变。2021年，平均提离时间为30小时，2023年为12小时。"
                             "提柜时间从过去的半天，到现在的30分钟左右。旅客通关时间由以往平均四分钟变一分钟以内。")[0]
    assert {(2, "天", 4, "小时"), (30, None, 12, "小时"), (0.5, "天", 30, "分钟"), (4, None, 1, "分钟")} <= pairs_of(case)
    trad = extractor.extract("二〇二二年高峰時段的輪候時間約為二十五分鐘，今年已大幅縮減至十分鐘。")[0]
    assert (25, None, 10, "分钟") in pairs_of(trad)
    assert not pairs_of(extractor.extract("推行“6小时通关”承诺，企业满意度达到98%。")[0])    # a commitment's name


def test_a_combined_quoted_model_and_its_component_and_a_customs_named_again_shorter(extractor):
    """“提前申报、抵港直提”模式 is a candidate and 提前申报 its component (6.11); 南沙海关 after 广州南沙海关 is one agency."""
    case = extractor.extract("广州南沙海关联合推行“提前申报、抵港直提”模式。南沙海关有关负责人介绍了成效。")[0]
    assert "“提前申报、抵港直提”模式" in {m.name for m in case.measures}
    assert "advance-declaration" in {m.concept for m in case.measures}
    names = {a.name for a in case.agencies}
    assert "广州南沙海关" in names and "南沙海关" not in names


def test_the_baseline_after_a_level_reached_in_brackets_or_with_a_time_needed(extractor):
    """压缩至3小时，比改革前的2天大幅缩短; 缩短至1.5天（改革前为4天）; 如今只需1个工作日，而改革前需要3个工作日;
    改革前为6小时，改革后为2小时; a difference in brackets keeps none (缩短了2天（改革前为5天）)."""
    case = extractor.extract("平均审核时间压缩至3小时，比改革前的2天大幅缩短。平均在港时间缩短至1.5天（改革前为4天）。"
                             "如今备案只需1个工作日，而改革前需要3个工作日。停留时间：改革前为6小时，改革后为2小时。")[0]
    assert {(2, "天", 3, "小时"), (4, None, 1.5, "天"), (3, None, 1, "个工作日"), (6, None, 2, "小时")} <= pairs_of(case)
    diff = extractor.extract("办理时间缩短了2天（改革前为5天）。")[0]
    assert not pairs_of(diff)


def test_an_editor_line_a_zone_committee_other_bureaus_and_sar_bodies_are_agencies(extractor):
    """“The collection says who edited it, a port zone's committee and a city's data bureau act, and Hong Kong
    bodies are named without a place: are they all agencies? And the addressees of a notice are not?”
    (sentences written for this test)"""
    collection = ("吉林省口岸提效案例\n\n吉林省商务厅（省口岸办）编\n\n案例一　珲春口岸“车辆预约”\n\n实施单位：珲春海关\n\n"
                  "一、主要做法\n\n珲春海关推行车辆预约。\n\n案例二　图们口岸“快检”\n\n实施单位：图们海关\n\n一、主要做法\n\n"
                  "图们海关推行快检。\n")
    cases = extractor.extract(collection)
    names = [a.name for c in cases for a in c.agencies]
    assert "吉林省商务厅" in names and names.count("吉林省商务厅") == 1
    assert not any(n.endswith("口岸办") for n in names)           # the bracket names the same body again

    notice = ("长沙市人民政府办公室关于印发若干措施的通知\n\n各县（市）、区人民政府，市直各单位：\n\n"
              "一、建设数据共享平台。（责任单位：市商务局、市大数据局、市行政审批局）\n"
              "二、长沙临空经济示范区管委会会同株洲国际陆港区管委会建设集结中心。\n")
    found = {a.name for a in extractor.extract(notice)[0].agencies}
    assert {"长沙市商务局", "长沙市大数据局", "长沙市行政审批局", "长沙临空经济示范区管委会"} <= found
    assert not {"区人民政府", "县人民政府"} & found                # addressees named by their level alone

    hk = ("【本報訊】商務及經濟發展局聯同香港機場管理局和民航處公布新措施。澳门經濟及科技發展局亦表示支持。"
          "海关及海事局分别派员。")
    sar = {a.name for a in extractor.extract(hk)[0].agencies}
    assert {"商務及經濟發展局", "香港機場管理局", "民航處", "澳门經濟及科技發展局"} <= sar
    assert not any("海关及" in n or "海關及" in n for n in sar)    # two bodies in a list, not one


def test_a_share_with_last_years_value_after_it_and_an_old_range_then_the_new_time(extractor):
    """“The share is given, then last year's share in the next clause or sentence (上年这一比例为…); and the old
    way took a range of hours, the new way a number of minutes: each is one before/after, isn't it?”
    (sentences written for this test)"""
    def outs(text):
        return extractor.extract(text)[0].outcomes

    for text in ("今年企业线上申领证书2.4万份，占全部证书的76%，上年这一比例为49%。",
                 "今年企业线上申领证书2.4万份，占全部证书的76%。上年这一比例为49%。"):
        share = next(o for o in outs(text) if o.unit == "%")
        assert (share.value, share.baseline) == (76, 49), text
        assert not any(o.value == 49 and o.baseline is None for o in outs(text))
    # last year's figure of another thing, without pointing back, is not this share's baseline
    other = outs("今年企业线上申领证书占全部证书的76%。上年全市出口增长12%。")
    assert all(o.baseline is None for o in other)

    old_new = outs("以前冷链货物要先后在码头和监管场所各查一次，前后需要三四个小时；现在只查一次，整个过程约50分钟就能结束。")
    pair = next(o for o in old_new if o.unit == "分钟")
    assert (pair.value, pair.baseline, pair.baseline_max, pair.baseline_unit) == (50, 3, 4, "个小时")
    assert len(old_new) == 1                                           # the old range is not a second outcome
    trad = outs("以往旅客須排隊兩三個小時；現時經自助通道，約15分鐘即可通關。")
    assert [(o.value, o.baseline, o.baseline_max) for o in trad] == [(15, 2, 3)]


def test_figures_that_set_a_measures_terms_are_not_outcomes(extractor):
    """“A notice says what a subsidy pays and how often a meeting sits: those figures describe the measure, they
    are not results (docs/curation.md 1.1 counter-example). What was actually paid or changed still is.”
    (sentences written for this test)"""
    notice = ("对经本港中转的冷链集装箱，按每标箱80元给予运费补助；每家企业年度补助最高不超过150万元，"
              "对新开国际航线的企业给予一次性奖励5万元。建立口岸协调会商机制，每月至少召开2次会商会议。")
    case = extractor.extract(notice)[0]
    assert case.outcomes == []
    assert {"运费补助", "一次性奖励"} <= {m.name for m in case.measures}  # the subsidy and the award are the measures
    bare = extractor.extract("市商务局对使用集中查验场所的企业给予查验费用补助。")[0]
    assert "查验费用补助" not in {m.name for m in bare.measures}     # no terms stated: left to the reviewer
    done = {(o.value, o.unit, o.baseline) for o in extractor.extract(
        "去年累计发放运费补助860万元，会商频次由每季度1次提高至每月2次。")[0].outcomes}
    assert (860, "万元", None) in done and (2, "次", 1) in done


NOTICE = ("丙江市人民政府办公室关于印发《丙江市口岸降本提效若干措施》的通知\n\n丙江政办发〔2026〕5号\n\n"
          "各县（市）区人民政府，市直各单位：\n《丙江市口岸降本提效若干措施》已经市人民政府同意，现印发给你们，请遵照执行。\n\n"
          "丙江市人民政府办公室\n2026年3月2日\n\n丙江市口岸降本提效若干措施\n\n"
          "2025年，丙江港完成货物吞吐量8600万吨；进口整体通关时间已压缩至40.2小时。为进一步提升效率，制定以下措施。\n\n"
          "一、推行“船边直提”。对进口冷链货物实行预约查验，力争年底进口整体通关时间压缩至30小时以内。\n"
          "责任单位：丙江海关、市商务局（市口岸办）\n\n"
          "二、建立口岸收费公示机制。全年公示收费目录不少于20项。\n"
          "责任单位：市发展改革委、市交通运输局，丙南省商务厅给予业务指导\n")


def test_a_notices_numbered_items_are_headings_with_bodies_and_its_preamble_is_read(extractor):
    """“Our municipal notices write each measure as 一、<heading>。<what it does> on one line, with a 责任单位 line
    under it. The whole line became the case title and none of its figures were read — nor the achieved
    figures in the preamble.” (sentences written for this test)"""
    cases = extractor.extract(NOTICE)
    assert [c.title for c in cases] == ["推行“船边直提”", "建立口岸收费公示机制"]   # the heading sentence only
    one, two = cases
    target = find(one, "压缩至30小时以内")
    assert target.projected and target.role == "effect"
    assert NOTICE[target.start:target.end] == target.quote                          # offsets on the text
    assert find(two, "不少于20项").projected
    # the preamble's achieved figures are read, with the first item, as background: not targets
    for fragment in ("8600万吨", "已压缩至40.2小时"):
        o = find(one, fragment)
        assert o.role == "context" and not o.projected
    assert "预约查验" in {m.name for m in one.measures} or any("船边直提" in m.name for m in one.measures)
    # the notice's own document is not a measure (docs/curation.md 8.5): the instruments its items set up are
    assert "《丙江市口岸降本提效若干措施》" not in {m.name for c in cases for m in c.measures}


def test_a_city_notices_short_form_units_are_the_citys_bodies_and_names_end_at_their_type_word(extractor):
    """“Our city's notice writes 市商务局（市口岸办） and 市发展改革委 on its 责任单位 lines; an analyst files them as
    丙江市商务局 and 丙江市发展和改革委员会 (docs/curation.md §8.2: written out in full). And 已经市人民政府同意 or
    丙南省商务厅给予业务指导 are not names.” (sentences written for this test)"""
    cases = extractor.extract(NOTICE)
    names = [a.name for c in cases for a in c.agencies]
    by = {a.name: a for c in cases for a in c.agencies}
    assert {"丙江市商务局", "丙江市发展和改革委员会", "丙江市交通运输局", "丙江海关", "丙南省商务厅", "丙江市人民政府",
            "丙江市人民政府办公室"} <= set(names)
    assert names.count("丙江市商务局") == 1                              # 市口岸办 in brackets is the same body
    assert not any("口岸办" in n or n.startswith("市") or "已经" in n or "给予" in n for n in names)
    for short in ("丙江市商务局", "丙江市发展和改革委员会", "丙江市人民政府"):
        assert by[short].review                                       # expanded: for review
        assert NOTICE[by[short].start:by[short].end] == by[short].quote.strip() and by[short].quote.startswith("市")
    assert by["丙南省商务厅"].review is None
    # without an issuing city the short form is left as written
    plain = extractor.extract("某案例\n\n实施单位：市商务局、某港海关\n\n一、主要做法\n\n推行预约查验。")[0]
    assert "市商务局" in {a.name for a in plain.agencies}


def test_a_notice_items_heading_names_its_instrument_and_a_fee_cut_is_its_terms(extractor):
    """“In a notice, 三、建立港口收费协调机制。… names the mechanism it sets up; 降低港口收费 is only an aim. Two
    quoted models closed by 等模式 are two measures. And 作业费每标箱下调30元 is what the measure does, not a
    result.” (sentences written for this test)"""
    text = ("丁州市人民政府办公室关于印发《丁州市口岸营商环境提升措施》的通知\n\n"
            "《丁州市口岸营商环境提升措施》已经市人民政府同意，现印发给你们。\n\n"
            "一、建立港口收费协调机制。由市商务局牵头，每月通报收费情况，力争企业投诉量下降20%。\n"
            "责任单位：市商务局\n\n"
            "二、降低港口收费。码头作业费每标箱下调30元，预计全年为企业节省成本约800万元。\n"
            "责任单位：市交通运输局\n\n"
            "三、推广便利监管模式。在综合保税区推广“仓储货物按状态分类监管”“批次进出、集中申报”等模式。\n"
            "责任单位：丁州海关\n")
    one, two, three = extractor.extract(text)
    assert "港口收费协调机制" in {m.name for m in one.measures}
    assert not any("降低港口收费" in m.name for m in two.measures)                  # an aim, not an instrument
    assert {o.value for o in two.outcomes} == {800}                                  # the 30元 cut is the terms
    names = {m.name for m in three.measures}
    assert {"“仓储货物按状态分类监管”", "“批次进出、集中申报”"} <= names
    assert not any(n.endswith("等模式") for n in names)


def test_a_bare_border_station_in_a_list_gets_its_full_name_and_scores_as_one_body(extractor, tmp_path):
    """“甲港海事局、海关、边检站 联合登轮: the analyst files the station under its full name, 甲港出入境边防检查站, as the
    registry does; and a gold that writes 甲港边检站 means the same body.” (sentences written for this test)"""
    from portkg.evaluate import evaluate_dir

    text = "甲港海事局、海关、边检站联合登轮检查，单船检查时间由4小时缩短至1.5小时。"
    by = {a.name: a for a in extractor.extract(text)[0].agencies}
    assert "甲港出入境边防检查站" in by and by["甲港出入境边防检查站"].review and "甲港边检站" not in by
    assert text[by["甲港出入境边防检查站"].start:by["甲港出入境边防检查站"].end] == "边检站"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    (tmp_path / "t.gold.yaml").write_text(
        "agencies:\n  - {name: 甲港海事局}\n  - {name: 甲港海关}\n  - {name: 甲港边检站}\nmeasures: []\noutcomes: []\n",
        encoding="utf-8")
    score = evaluate_dir(extractor, tmp_path).total("agencies")
    assert (score.tp, score.fp, score.fn) == (3, 0, 0)


def test_a_customs_office_a_railway_station_and_an_airport_company_are_whole_names(extractor):
    """“乙州海关驻东港作业区办事处 is one customs unit, 中国铁路乙州局集团有限公司乙州北站 is the railway's station that
    acts, and 乙州国际机场专营股份有限公司 is the airport's operator.” (sentences written for this test)"""
    text = ("乙州海关驻东港作业区办事处开设“先放后检”专窗；中国铁路乙州局集团有限公司乙州北站与海关联合推行集装箱快速换装；"
            "澳门国际机场专营股份有限公司增设2条货运通道。")
    names = {a.name for a in extractor.extract(text)[0].agencies}
    assert {"乙州海关驻东港作业区办事处", "中国铁路乙州局集团有限公司乙州北站", "澳门国际机场专营股份有限公司"} <= names
    assert "中国铁路乙州局集团有限公司" not in names


def test_one_and_a_half_tenths(extractor):
    """“按年增长约一成半 is a rise of about 15 %, written as 1.5 成.” (sentence written for this test)"""
    case = extractor.extract("今年首季旅客吞吐量达120万人次，按年增长约一成半。")[0]
    assert any(o.value == 1.5 and o.unit == "成" for o in case.outcomes)
    assert not any(o.value == 1 and o.unit == "成" for o in case.outcomes)


def test_a_quoted_name_of_a_model_joined_by_de(extractor):
    """“两地推行“一次查验、一次放行”的联合监管模式: the measure is the model the quote describes, whole.”
    (sentence written for this test)"""
    case = extractor.extract("今年起，两地口岸推行“一次查验、一次放行”的联合监管模式，旅客通关时间由30秒缩短至15秒。")[0]
    names = {m.name for m in case.measures}
    assert "“一次查验、一次放行”的联合监管模式" in names
    assert "“一次查验、一次放行”" not in names
