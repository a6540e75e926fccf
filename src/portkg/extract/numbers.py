"""Numbers as Chinese prose writes them: digits, Chinese numerals, number words, units.

- digits and Chinese numerals: 12.5, 两, 三十五, 两百; 万 and 亿 as part of the unit when the
  project has that unit (850万件 stays 850 with unit 万件, 3.2万亿元 is 3.2 万亿元 = 3.2 × 10¹²),
  never pre-multiplied; where no such unit exists the figure is skipped, not multiplied
- number words: 一天, 一分钟 (一 with a unit of time), 半个月 (0.5), 两个半小时 / 一个半小时 (2.5, 1.5), 一两天 (the range 1–2:
  cn2an-style conversion would read "12"), 三分之一 (33.33 %), 一半 (50 %), 近千家 (近 1000),
  两成 (2 成), 千余家 (1000 余), 万余人次 (1 万人次 余), 三十余家, 百分之三十 (30 %), 翻了一番 (1 倍)
- ranges: 2至3天, 30%至50%, 1-2个工作日, 60万-80万吨 → value and value_max
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..units import WRITTEN_UNITS, normalise

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# adjacent digits that write a range, not a number (一两天 = 1–2 days; 三五 = 3–5)
CN_PAIRS = {"一两": (1, 2), "一二": (1, 2), "两三": (2, 3), "二三": (2, 3), "三四": (3, 4), "四五": (4, 5),
            "五六": (5, 6), "六七": (6, 7), "七八": (7, 8), "八九": (8, 9), "三五": (3, 5)}


def cn_number(s: str) -> Decimal | None:
    """一, 十二, 三十五, 两百 → Decimal; None if not a Chinese numeral."""
    if not s or any(c not in CN_DIGITS and c not in CN_UNITS for c in s):
        return None
    if any(a in CN_DIGITS and b in CN_DIGITS for a, b in zip(s, s[1:])):
        return None  # 一一, 三五: not a numeral (唯一一个, 三五成群)
    total, cur = 0, 0
    for c in s:
        if c in CN_DIGITS:
            cur = CN_DIGITS[c]
        else:
            total += (cur or 1) * CN_UNITS[c]
            cur = 0
    return Decimal(total + cur)


PAIR_RE = "|".join(CN_PAIRS)
# 1,580 (thousands separators), 一两千 (a range of thousands: 1000–2000)
NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?|(?:{PAIR_RE})[十百千]?|半|[零〇一二两三四五六七八九十百千]+)"
TIME_UNITS = ("秒", "分钟", "小时", "个小时", "天", "周", "个星期", "星期", "个月", "个工作日", "工作日")
# units longest first, so 万标箱 wins over 万 and 标箱; 年 and 度 are never a figure's unit here
UNITS = sorted([u for u in WRITTEN_UNITS if u not in ("年", "度", "位", "节", "成", "倍")] + ["成", "倍", "位"],
               key=len, reverse=True)
UNIT_RE = "|".join(re.escape(u) for u in UNITS)
QUANTITY = re.compile(
    rf"(?P<num>{NUM})\s*(?P<wan1>万|亿)?\s*(?P<more>余|多)?\s*(?:(?P<dash>[-—~～至到])\s*(?P<num2>{NUM})\s*)?"
    rf"(?P<wan>万|亿)?\s*(?:个(?=[多余]小时))?(?P<more2>余|多)?\s*(?P<gh>个半(?=小时))?(?P<unit>{UNIT_RE})(?P<half>(?<=[天成])半)?"
    rf"(?:\s*[-—~～至到]\s*(?P<num3>\d+(?:\.\d+)?)\s*(?P=unit))?")
# 三分之一, 一半; 1/5 only after 的 (仅为过去的1/5: a share of an earlier figure, never a date)
FRACTION = re.compile(r"(?P<den>[一二两三四五六七八九十百]+|\d+)分之(?P<nom>[一二两三四五六七八九十]+|\d+)|(?P<half>一半)|"
                      r"(?<=的)(?P<snom>\d{1,2})\s*/\s*(?P<sden>\d{1,3})(?![\d/])")
# 近千家, 上万人次; 千余家, 百余项 (a bare magnitude with 余/多)
APPROX_MAGNITUDE = re.compile(r"(?:(?P<q>近|超|逾|上|数)(?P<mag>百|千|万)|(?<![\d零〇一二两三四五六七八九十百千万])(?P<mag2>百|千|万)"
                              r"(?P<q2>余|多))(?P<unit>人次|艘次|家次|辆次|家|人|个|项|票|批|艘|辆|名|次)")


def value(num: str | None, wan: str | None = None) -> Decimal | None:
    """The figure as written (万/亿 only multiplied in when the caller asks, for a unit without them)."""
    if num is None:
        return None
    num = num.replace(",", "")
    if num in CN_PAIRS:
        v = Decimal(CN_PAIRS[num][0])
    elif num[:2] in CN_PAIRS and num[2:] in CN_UNITS:
        v = Decimal(CN_PAIRS[num[:2]][0] * CN_UNITS[num[2:]])
    elif num == "半":
        v = Decimal("0.5")
    else:
        v = Decimal(num) if num[0].isdigit() else cn_number(num)
    if v is None:
        return None
    if wan == "万":
        v *= 10000
    elif wan == "亿":
        v *= 100000000
    return v


def pair_max(num: str) -> Decimal | None:
    if num in CN_PAIRS:
        return Decimal(CN_PAIRS[num][1])
    if num[:2] in CN_PAIRS and num[2:] in CN_UNITS:
        return Decimal(CN_PAIRS[num[:2]][1] * CN_UNITS[num[2:]])
    return None


def fraction_value(m: re.Match) -> Decimal | None:
    if m.group("half"):
        return Decimal(50)
    if m.group("snom"):
        den, nom = value(m.group("sden")), value(m.group("snom"))
    else:
        den, nom = value(m.group("den")), value(m.group("nom"))
    if not den or nom is None or nom > den:
        return None
    return (nom / den * 100).quantize(Decimal("0.01"))


_TIME = {"http://qudt.org/vocab/unit/HR", "http://qudt.org/vocab/unit/SEC", "http://qudt.org/vocab/unit/MO",
         "http://qudt.org/vocab/unit/YR", "https://w3id.org/portkg/unit/WorkingDay"}


def dimension(unit: str) -> str | None:
    try:
        iri = normalise(1, unit)[1]
    except KeyError:
        return None
    return "time" if iri in _TIME else iri


def same_dimension(u1: str, u2: str) -> bool:
    d1, d2 = dimension(u1), dimension(u2)
    return d1 is not None and d1 == d2


def written_unit(wan: str | None, unit: str) -> str | None:
    """The unit as written with its 万/亿 (万元, 亿吨, 万亿元), or None when the project has no such unit."""
    if not wan:
        return unit
    if wan + unit in WRITTEN_UNITS:
        return wan + unit
    return None
