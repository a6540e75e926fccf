"""The curated graph states what the 2024 Shandong collection says: at least one fact per case,
checked against the source text by a reader (figures, units, before/after, agencies, claims)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, RDFS

from portkg.build import BASE, OA, PK

HR, PCT = "http://qudt.org/vocab/unit/HR", "http://qudt.org/vocab/unit/PERCENT"
CNY, USD, T = "http://qudt.org/vocab/currency/CNY", "http://qudt.org/vocab/currency/USD", "http://qudt.org/vocab/unit/TONNE"


def case(n):
    return URIRef(f"{BASE}case/sd-2024-{n}")


def agencies(g, n):
    return {str(label) for a in g.objects(case(n), PK.implementedBy)
            for label in g.objects(a, RDFS.label) if label.language == "zh"}


def measures(g, n):
    return {str(m).rsplit("/", 1)[-1] for m in g.objects(case(n), PK.appliesMeasure)}


def outcomes(g, n):
    out = []
    for o in g.objects(case(n), PK.reportsOutcome):
        ev = g.value(o, PK.evidence)
        q = g.value(o, PK.qualifier)
        out.append({
            "quote": str(g.value(ev, OA.exact)), "value": Decimal(str(g.value(o, PK.value))),
            "unit": str(g.value(o, PK.unit)),
            "baseline": Decimal(str(g.value(o, PK.baselineValue))) if g.value(o, PK.baselineValue) is not None else None,
            "max": Decimal(str(g.value(o, PK.maxValue))) if g.value(o, PK.maxValue) is not None else None,
            "change": Decimal(str(g.value(o, PK.relativeChange))) if g.value(o, PK.relativeChange) is not None else None,
            "qualifier": str(q).rsplit("/", 1)[-1] if q else None,
            "projected": bool(g.value(o, PK.projected).toPython()),
            "direction": str(g.value(o, PK.direction)).rsplit("#", 1)[-1],
        })
    return out


def outcome(g, n, fragment, value=None, unit=None):
    """The one outcome of case n whose quote contains ``fragment`` (and has this value, if given)."""
    found = [o for o in outcomes(g, n) if fragment in "".join(o["quote"].split())
             and (value is None or o["value"] == Decimal(str(value))) and (unit is None or o["unit"] == unit)]
    assert found, f"case {n}: no outcome quoting {fragment!r} with value {value}: {[o['quote'] for o in outcomes(g, n)]}"
    return found[0]


def claims(g, n):
    return [(str(g.value(c, PK.scope)).rsplit("/", 1)[-1], "".join(str(g.value(g.value(c, PK.evidence), OA.exact)).split()))
            for c in g.objects(case(n), PK.makesClaim)]


def test_there_are_20_cases_with_the_headings_of_the_body_text(graph, built):
    text = built.sources["sd-2024"].text
    from rdflib import RDF

    sd = URIRef(f"{BASE}source/sd-2024")
    ids = sorted(str(graph.value(c, DCTERMS.identifier)) for c in graph.subjects(RDF.type, PK.Case)
                 if graph.value(c, PK.inSource) == sd)
    assert ids == [f"{i:02d}" for i in range(1, 21)]
    for i in range(1, 21):
        title = str(graph.value(case(f"{i:02d}"), DCTERMS.title))
        assert title in text
    assert str(graph.value(case("17"), DCTERMS.title)) == "“E 民宝” 政务服务平台让通关更便捷"


def test_41_implementing_units_across_the_20_cases(graph):
    assert sum(len(agencies(graph, f"{i:02d}")) for i in range(1, 21)) == 41


def test_case_01_quancheng_customs_one_ticket_multi_vehicle(graph):
    assert agencies(graph, "01") == {"泉城海关"}
    assert "one-ticket-multi-vehicle" in measures(graph, "01")
    o = outcome(graph, "01", "整车出口效率75%")
    assert (o["value"], o["unit"], o["direction"]) == (75, PCT, "Increase")
    assert ("provincial", "在山东省首创整车出口“一票多车”便捷模式") in claims(graph, "01")


def test_case_02_four_units_and_declaration_cycle_two_days_to_four_hours(graph):
    assert agencies(graph, "02") == {"济南市口岸和物流办公室", "济南出入境边防检查站", "济南机场海关", "省电子口岸公司"}
    o = outcome(graph, "02", "由原来的2天缩短至4个小时")
    assert (o["baseline"], o["value"], o["unit"]) == (48, 4, HR)
    o = outcome(graph, "02", "由67%上升至100%")
    assert (o["baseline"], o["value"]) == (67, 100)


def test_case_03_projected_saving_of_17_million_yuan_and_rank_two(graph):
    assert "中国电子口岸数据中心青岛分中心" in agencies(graph, "03")
    o = outcome(graph, "03", "预计每年可为企业节约成本1700余万元")
    assert (o["value"], o["unit"], o["qualifier"], o["projected"]) == (17_000_000, CNY, "more-than", True)
    assert outcome(graph, "03", "位列全国海关第二", value=2)


def test_case_04_safe_qingdao_is_a_branch_and_the_first_national_scenario(graph):
    a = URIRef(f"{BASE}agency/safe-qingdao")
    assert graph.value(a, ORG.subOrganizationOf) == URIRef(f"{BASE}agency/safe")
    assert outcome(graph, "04", "1.7亿美元")["value"] == 170_000_000
    assert outcome(graph, "04", "1.7亿美元")["unit"] == USD
    assert any(scope == "national" and "全国首个" in q for scope, q in claims(graph, "04"))


def test_case_05_six_units_and_throughput_of_15_53_million_tonnes(graph):
    assert len(agencies(graph, "05")) == 6
    o = outcome(graph, "05", "1553万吨")
    assert (o["value"], o["unit"]) == (15_530_000, T)
    assert outcome(graph, "05", "同比增长超280%")["qualifier"] == "exceeding"
    assert "one-ticket-multi-vehicle" in measures(graph, "05")


def test_case_06_waiting_time_40_6_to_19_5_hours(graph):
    o = outcome(graph, "06", "由上半年40.6小时缩短至下半年的19.5小时")
    assert (o["baseline"], o["value"], o["unit"], o["change"]) == (Decimal("40.6"), Decimal("19.5"), HR, Decimal("-52.0"))
    assert agencies(graph, "06") == {"东营市口岸办公室", "东营海事局"}


def test_case_07_yantai_port_belongs_to_shandong_port_and_390_million_tonnes(graph):
    assert graph.value(URIRef(f"{BASE}agency/shandong-port-yantai"), ORG.subOrganizationOf) == \
        URIRef(f"{BASE}agency/shandong-port-group")
    assert outcome(graph, "07", "390万吨")["value"] == 3_900_000
    assert outcome(graph, "07", "办理时长缩短80%")["direction"] == "Decrease"


def test_case_08_longkou_ship_side_pickup_and_private_trade_growth(graph):
    assert "direct-loading-pickup" in measures(graph, "08")
    assert outcome(graph, "08", "船边直提452万吨")["value"] == 4_520_000
    assert outcome(graph, "08", "同比增长69.1%")["value"] == Decimal("69.1")


def test_case_09_laizhou_inspection_efficiency_over_90_percent(graph):
    o = outcome(graph, "09", "查检时效提升90%以上")
    assert (o["value"], o["qualifier"]) == (90, "at-least")


def test_case_10_three_days_to_as_little_as_two_hours(graph):
    o = outcome(graph, "10", "由原来的3天压缩至最短2小时")
    assert (o["baseline"], o["value"], o["qualifier"]) == (72, 2, "as-low-as")
    assert "tir" in measures(graph, "10")


def test_case_11_weifang_zero_carbon_port_and_coal_saved(graph):
    assert outcome(graph, "11", "每年节省标煤2.1万吨")["value"] == 21_000
    assert any(scope == "national" for scope, _ in claims(graph, "11"))


def test_case_12_garlic_exports_of_2_28_billion_yuan(graph):
    assert outcome(graph, "12", "出口大蒜22.8亿元")["value"] == 2_280_000_000
    assert outcome(graph, "12", "同比增长19.3%")["value"] == Decimal("19.3")


def test_case_13_weihai_customs_belongs_to_qingdao_customs(graph):
    assert graph.value(URIRef(f"{BASE}agency/weihai-customs"), ORG.subOrganizationOf) == \
        URIRef(f"{BASE}agency/qingdao-customs")
    o = outcome(graph, "13", "单票转关时间节约20分钟")
    assert (o["unit"], round(o["value"], 3)) == (HR, Decimal("0.333"))


def test_case_14_sea_trial_saves_150_to_250_thousand_yuan(graph):
    o = outcome(graph, "14", "节省航运成本15万至25万元")
    assert (o["value"], o["max"]) == (150_000, 250_000)
    assert outcome(graph, "14", "731艘次")["value"] == 731


def test_case_15_three_units_and_freight_deduction(graph):
    assert agencies(graph, "15") == {"威海市口岸事务中心", "威海海关", "荣成海关"}
    assert "freight-deduction" in measures(graph, "15")
    assert outcome(graph, "15", "共扣减运费10.1万元")["value"] == 101_000


def test_case_16_passengers_grew_1_4_times(graph):
    assert len(agencies(graph, "16")) == 5
    assert outcome(graph, "16", "51.2万人次", value=512_000)
    assert outcome(graph, "16", "同比增长1.4倍")["value"] == 140


def test_case_17_e_minbao_saved_26_8_million_yuan(graph):
    o = outcome(graph, "17", "2680余万元")
    assert (o["value"], o["qualifier"]) == (26_800_000, "more-than")
    assert outcome(graph, "17", "3200余小时")["unit"] == HR


def test_case_18_dezhou_tax_paperless_rate_100_percent(graph):
    a = URIRef(f"{BASE}agency/dezhou-tax-second-branch")
    assert str(graph.value(a, ORG.classification)).endswith("/tax")
    assert outcome(graph, "18", "无纸化正常申报率已达100%")["value"] == 100


def test_case_19_linyi_deducted_23_52_million_yuan(graph):
    assert outcome(graph, "19", "累计扣减境内段运费2352万元")["value"] == 23_520_000
    assert outcome(graph, "19", "减轻企业税负270万元")["value"] == 2_700_000
    assert "freight-deduction" in measures(graph, "19")


def test_case_20_heze_first_national_airport_cargo_station(graph):
    assert agencies(graph, "20") == {"菏泽市商务局"}
    o = outcome(graph, "20", "48小时内")
    assert (o["baseline"], o["value"]) == (120, 48)
    assert any(scope == "national" and "全国首例" in q for scope, q in claims(graph, "20"))


def test_one_ticket_multi_vehicle_is_applied_in_cases_01_and_05(graph):
    m = URIRef(f"{BASE}measure/one-ticket-multi-vehicle")
    assert {str(graph.value(c, DCTERMS.identifier)) for c in graph.subjects(PK.appliesMeasure, m)} == {"01", "05"}


def test_direct_loading_pickup_is_applied_in_five_cases(graph):
    m = URIRef(f"{BASE}measure/direct-loading-pickup")
    assert {str(c).rsplit("/", 1)[-1] for c in graph.subjects(PK.appliesMeasure, m)} == \
        {"sd-2024-05", "sd-2024-08", "sd-2024-09", "sd-2024-10", "sd-2024-13", "js-2024-01"}   # and Jiangsu's 船边直提


@pytest.mark.parametrize("n", [f"{i:02d}" for i in range(1, 21)])
def test_every_case_has_agencies_places_measures_and_outcomes(graph, n):
    assert agencies(graph, n)
    assert list(graph.objects(case(n), PK.qualifiedPlace))
    assert measures(graph, n)
    assert outcomes(graph, n)
