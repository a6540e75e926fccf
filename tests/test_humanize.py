"""Numbers for people: one test per rule of portkg.humanize (figures from the issue and the corpus)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from portkg import humanize as h

M = h.MINUS


@pytest.mark.parametrize("value, zh, en", [
    (1960000000, "19.6亿元", "CNY 1.96 bn"),
    (26800000, "2680万元", "CNY 26.8 m"),
    (1000000, "100万元", "CNY 1 m"),
    (20000000000, "200亿元", "CNY 20 bn"),
    (5000, "5000 元", "CNY 5,000"),
])
def test_money_in_wan_and_yi(value, zh, en):
    assert h.quantity(value, "人民币元", lang="zh") == zh
    assert h.quantity(value, "http://qudt.org/vocab/currency/CNY", lang="en") == en


def test_dollars_keep_their_currency():
    assert h.quantity(120000000, "USD") == "1.2亿美元"
    assert h.quantity(120000000, "美元", lang="en") == "USD 120 m"


def test_hong_kong_and_macao_amounts_are_written_in_their_currency():
    assert h.quantity(50000000, "HKD") == "5000万港元"
    assert h.quantity(50000000, "HKD", lang="en") == "HKD 50 m"
    assert h.quantity(300000000, "澳门元") == "3亿澳门元"


@pytest.mark.parametrize("hours, stated, zh, en", [
    (Decimal("0.3333"), "分钟", "20 分钟", "20 minutes"),
    (Decimal("0.3333"), None, "20 分钟", "20 minutes"),   # under 2 h: minutes, even without the stated unit
    (360, None, "15 天", "15 days"),                      # whole days from 48 h on
    (360, "天", "15 天", "15 days"),
    (Decimal("40.6"), "小时", "40.6 小时", "40.6 hours"),
    (48, "小时", "48 小时", "48 hours"),                  # the stated unit wins when the figure is round in it
    (48, None, "2 天", "2 days"),
    (1, "小时", "1 小时", "1 hour"),
    (24, None, "24 小时", "24 hours"),
    (50, None, "50 小时", "50 hours"),                    # 2.08 days is not how anyone says it
    (336, "周", "2 周", "2 weeks"),
])
def test_durations_in_the_unit_a_person_uses(hours, stated, zh, en):
    assert h.quantity(hours, "HR", stated) == zh
    assert h.quantity(hours, "小时", stated, lang="en") == en


def test_a_small_percentage_keeps_two_significant_digits():
    assert h.percent(Decimal("0.046")) == "0.046%"  # case 03's share, once shown as 0%
    assert h.percent(Decimal("52")) == "52%" and h.percent(Decimal("99.6")) == "99.6%"


def test_relative_change_has_a_real_minus_and_a_percent_sign():
    assert h.change_percent(Decimal("-52")) == f"{M}52%"
    assert h.change_percent(Decimal("70.5")) == "+71%"
    assert h.change_percent(Decimal("-3.46")) == f"{M}3.5%"
    assert h.change_percent(0) == "±0%"
    # computed from the figures, not from the graph's rounded relativeChange
    assert h.change(Decimal("40.6"), Decimal("19.5"), "小时") == f"{M}52%"


def test_two_rates_change_by_percentage_points_not_percent():
    assert h.change(12, 40, "百分比") == "+28 个百分点"
    assert h.change(12, 40, "PERCENT", lang="en") == "+28 pp"
    assert h.change(50, 30, "http://qudt.org/vocab/unit/PERCENT") == f"{M}20 个百分点"
    assert "233" not in h.before_after(12, 40, "百分比")


def test_before_after_reads_as_a_sentence():
    assert h.before_after(Decimal("40.6"), Decimal("19.5"), "小时") == f"40.6 小时 → 19.5 小时（{M}52%）"
    assert h.before_after(Decimal("40.6"), Decimal("19.5"), "HR", lang="en") == f"40.6 hours → 19.5 hours ({M}52%)"
    assert h.before_after(12, 40, "百分比") == "12% → 40%（+28 个百分点）"
    # the before-figure of a count shares the counter; of a duration, takes the unit its size asks for
    assert h.before_after(122, 208, "个数", "艘") == "122 艘 → 208 艘（+70%）"
    assert h.before_after(72, 2, "小时", "小时") == f"3 天 → 2 小时（{M}97%）"
    assert h.before_after(Decimal("1.5"), Decimal("0.3333"), "小时", "分钟") == f"90 分钟 → 20 分钟（{M}78%）"


@pytest.mark.parametrize("n, stated, metric, zh, en", [
    (208, "艘", None, "208 艘", "208 ships"),
    (421, "家", None, "421 家", "421 firms"),
    (20000, "万家", None, "2万家", "20,000 firms"),
    (30000, "万人次", None, "3万人次", "30,000 person-trips"),
    (5, "项", None, "5 项", "5 items"),
    (1, "艘", None, "1 艘", "1 ship"),
    (12, None, "企业数量", "12 家", "12 firms"),         # no stated unit: a counter from the metric
    (3, None, "vessel flow", "3 艘", "3 ships"),
    (7, None, None, "7 个", "7"),
])
def test_counts_carry_their_noun_never_the_unit_label(n, stated, metric, zh, en):
    assert h.quantity(n, "个数", stated, metric) == zh
    assert h.quantity(n, "NUM", stated, metric, lang="en") == en
    assert "个数" not in h.quantity(n, "个数", stated, metric)


def test_ranks_are_ordinals():
    assert h.quantity(2, "个数", "位", "全国排名") == "第 2 位"
    assert h.quantity(1, "NUM", None, "global rank", lang="en", kind="rank") == "No. 1"
    assert h.quantity(3, "NUM", "位", "专家人数") == "3 位"


def test_booleans_are_words():
    assert h.projected(True) == "预计" and h.projected("true", "en") == "projected"
    assert h.projected(False) == "" and h.projected("false") == ""
    assert h.boolean("false") == "否" and h.boolean(True, "en") == "yes"
    _, rows = h.humanize_rows(["case", "flag"], [["06", "false"]])
    assert rows == [["06", "否"]]


def test_large_plain_numbers():
    assert h.number(57000) == "5.7万" and h.quantity(57000, "吨") == "5.7万吨"
    assert h.number(57000, "en") == "57,000" and h.quantity(57000, "TONNE", lang="en") == "57,000 t"
    assert h.number(Decimal("0.30")) == "0.3"
    assert h.quantity(Decimal("0.3"), "吨", "千克") == "300 千克"


def test_qualifiers_go_where_the_language_puts_them():
    assert h.outcome({"value": 90, "unit": "百分比", "qualifier": "超"}) == "超90%"
    assert h.outcome({"value": 90, "unit": "百分比", "qualifier": "超"}, "en") == "over 90%"
    assert h.outcome({"value": 20, "unit": "个数", "stated_unit": "条", "qualifier": "余"}) == "20 余条"
    assert h.outcome({"value": 17000000, "unit": "人民币元", "qualifier": "余"}) == "1700余万元"
    assert h.outcome({"value": 60800, "unit": "个数", "stated_unit": "万人", "qualifier": "余"}) == "6.08万余人"
    assert h.outcome({"value": 50, "unit": "百分比", "qualifier": "以上", "kind": "change",
                      "direction": "decrease"}, "en") == f"{M}50% or more"


def test_outcome_phrases_for_each_kind():
    assert h.outcome({"value": 40, "unit": "百分比", "kind_label": "变化量", "direction": "decrease"}) == f"{M}40%"
    assert h.outcome({"value": 26, "unit": "百分比", "kind": "growth", "direction": "increase"}) == "+26%"
    # an amount of change keeps no sign: its metric (节约成本) says the direction
    assert h.outcome({"value": 600000, "unit": "人民币元", "kind": "change", "direction": "decrease"}) == "60万元"
    assert h.outcome({"value": 600000, "value_max": 800000, "unit": "吨", "projected": "true"}) == "预计 60万–80万吨"
    assert h.outcome({"value": 24, "value_max": 48, "unit": "HR", "stated_unit": "天"}, "en") == "1–2 days"
    assert h.outcome({"value": Decimal("19.5"), "baseline": Decimal("40.6"), "unit": "小时"}) == f"40.6 小时 → 19.5 小时（{M}52%）"
    # a qualifier qualifies the after-figure
    assert h.outcome({"value": 2, "baseline": 72, "unit": "HR", "stated_unit": "小时", "qualifier": "最短"}) == \
        f"3 天 → 最短2 小时（{M}97%）"


def test_every_unit_of_the_ontology_is_known(project):
    from rdflib import RDF, Graph, URIRef

    g = Graph().parse(project.root / "ontology" / "units.ttl")
    units = {str(u) for u in g.subjects(RDF.type, URIRef("http://qudt.org/schema/qudt/Unit"))}
    assert units
    unknown = sorted(u for u in units if h.unit_key(u) is None)
    assert unknown == [], f"humanize does not know {unknown}: add them to _UNIT_NAMES"
    for u in units:
        for label in g.objects(URIRef(u), URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
            assert h.unit_key(str(label)) == h.unit_key(u), label


def test_every_written_counter_has_an_english_noun():
    from portkg.units import _COUNT_WORDS

    assert sorted(set(_COUNT_WORDS) - set(h.COUNT_NOUNS)) == []


def test_cli_table_and_markdown_read_as_numbers_csv_and_json_stay_raw(portkg, built_nt):
    table = portkg("query", "before-after", "--format", "table", "--graph", str(built_nt))
    assert table.returncode == 0, table.stderr
    assert "12%" in table.stdout and "+28 个百分点" in table.stdout and "233.3" not in table.stdout
    assert f"40.6 小时" in table.stdout and "个数" not in table.stdout
    md = portkg("query", "outcomes", "-p", "metric=time", "--format", "markdown", "--graph", str(built_nt))
    assert md.returncode == 0, md.stderr
    assert "20 分钟" in md.stdout and "0.3333" not in md.stdout and "False" not in md.stdout
    raw = portkg("query", "before-after", "--format", "csv", "--graph", str(built_nt))
    assert "233.3" in raw.stdout and "百分比" in raw.stdout


def test_a_size_of_change_in_cli_rows_reads_as_a_percentage_without_sign():
    headers, rows = h.humanize_rows(["label", "best_change"], [["直装直提", 97.2], ["政策宣讲", None]])
    assert rows == [["直装直提", "97.2%"], ["政策宣讲", None]]


def test_the_projects_own_iris_read_without_their_prefix_but_csv_keeps_them(portkg, built_nt):
    from portkg.build import BASE

    assert h._OWN_IRI == BASE
    _, rows = h.humanize_rows(["measure", "seeAlso"], [[BASE + "measure/aeo", "http://example.org/x"]])
    assert rows == [["measure/aeo", "http://example.org/x"]]  # others' IRIs are kept whole
    table = portkg("query", "replication-gaps", "-p", "city=日照", "--format", "table", "--graph", str(built_nt))
    assert table.returncode == 0, table.stderr
    assert "measure/" in table.stdout and BASE not in table.stdout
    raw = portkg("query", "replication-gaps", "-p", "city=日照", "--format", "csv", "--graph", str(built_nt))
    assert BASE + "measure/" in raw.stdout
