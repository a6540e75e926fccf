"""Written units (as the source writes them) → a unit IRI and the factor to normalise.

Durations go to hours, money stays in its currency (yuan, dollars, HK dollars …), mass to tonnes, 倍 and 成 to percent,
counts to unit:NUM. Keep this table and docs/authoring.md in step.
"""
from __future__ import annotations

from decimal import Decimal

UNIT = "http://qudt.org/vocab/unit/"
CUR = "http://qudt.org/vocab/currency/"
PKU = "https://w3id.org/portkg/unit/"

_COUNT_WORDS = ["家", "个", "项", "条", "次", "票", "笔", "批", "批次", "台", "张", "名", "艘", "艘次",
                "人次", "列", "场", "件", "座", "辆", "种", "户", "位", "人", "班次", "幅", "类", "起", "条次", "家次", "个大类",
                "船次", "辆次", "柜", "箱", "份", "国", "架次", "航次", "套",
                # 受理申请1.2万宗, 包裹310万单, 跑两趟, 配备6部…系统 (the extractor reads 部 only for equipment put in)
                "宗", "单", "趟", "部", "车次", "趟次", "处"]

WRITTEN_UNITS: dict[str, tuple[str, Decimal]] = {
    "秒": (UNIT + "SEC", Decimal(1)),
    "分钟": (UNIT + "HR", Decimal(1) / Decimal(60)),
    "小时": (UNIT + "HR", Decimal(1)),
    "个小时": (UNIT + "HR", Decimal(1)),
    "天": (UNIT + "HR", Decimal(24)),
    "周": (UNIT + "HR", Decimal(168)),
    "个星期": (UNIT + "HR", Decimal(168)),  # 两三个星期
    "星期": (UNIT + "HR", Decimal(168)),
    "年": (UNIT + "YR", Decimal(1)),
    "个月": (UNIT + "MO", Decimal(1)),
    "个工作日": (PKU + "WorkingDay", Decimal(1)),
    "工作日": (PKU + "WorkingDay", Decimal(1)),
    "%": (UNIT + "PERCENT", Decimal(1)),
    "个百分点": (PKU + "PercentagePoint", Decimal(1)),
    "倍": (UNIT + "PERCENT", Decimal(100)),
    "成": (UNIT + "PERCENT", Decimal(10)),
}
# other currencies of port and border texts (Hong Kong, Macao, EU partners): each stays in its own
# currency — converting needs a rate and a date the source does not give
CURRENCY_WORDS = {"元": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "澳门元": "MOP", "澳门币": "MOP",
                  "欧元": "EUR"}
for _w, _code in CURRENCY_WORDS.items():
    for _prefix, _factor in (("", 1), ("万", 10 ** 4), ("亿", 10 ** 8), ("万亿", 10 ** 12)):
        WRITTEN_UNITS[_prefix + _w] = (CUR + _code, Decimal(_factor))
WRITTEN_UNITS |= {
    "亿吨": (UNIT + "TONNE", Decimal(10) ** 8),
    "吨": (UNIT + "TONNE", Decimal(1)),
    "万吨": (UNIT + "TONNE", Decimal(10) ** 4),
    "千克": (UNIT + "TONNE", Decimal("0.001")),
    "标箱": (PKU + "TEU", Decimal(1)),
    "万标箱": (PKU + "TEU", Decimal(10) ** 4),
    "亿标箱": (PKU + "TEU", Decimal(10) ** 8),
    "元/吨": (PKU + "CNY-PER-TONNE", Decimal(1)),
    "元/箱": (PKU + "CNY-PER-CONTAINER", Decimal(1)),
    "千瓦时": (UNIT + "KiloW-HR", Decimal(1)),
    "万千瓦时": (UNIT + "KiloW-HR", Decimal(10) ** 4),
    "度": (UNIT + "KiloW-HR", Decimal(1)),
    "万度": (UNIT + "KiloW-HR", Decimal(10) ** 4),
    "兆瓦": (UNIT + "MegaW", Decimal(1)),
    "公里": (UNIT + "KiloM", Decimal(1)),
    "万公里": (UNIT + "KiloM", Decimal(10) ** 4),
    "平方米": (UNIT + "M2", Decimal(1)),
    "节": (UNIT + "KN", Decimal(1)),
}
for _w in _COUNT_WORDS:
    WRITTEN_UNITS[_w] = (UNIT + "NUM", Decimal(1))
    WRITTEN_UNITS["万" + _w] = (UNIT + "NUM", Decimal(10) ** 4)
    WRITTEN_UNITS["亿" + _w] = (UNIT + "NUM", Decimal(10) ** 8)


def normalise(value, written_unit: str) -> tuple[Decimal, str]:
    """(value in the normalised unit, unit IRI). Raises KeyError for an unknown unit."""
    iri, factor = WRITTEN_UNITS[written_unit]
    v = Decimal(str(value)) * factor
    # keep the decimal short and stable: 19.5 h, 48 h, 0.3333 h
    v = v.quantize(Decimal("0.0001")).normalize() if v != v.to_integral_value() else v.to_integral_value()
    return v, iri
