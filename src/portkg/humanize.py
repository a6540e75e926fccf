"""Numbers for people: the one place that turns a normalised figure into words a reader uses.

The graph keeps figures normalised (hours, yuan, percent, unit:NUM) so they compare; people
read 19.6亿元, 20 分钟, 15 天, −52%, +28 个百分点 and 208 艘. Every page of the site and the
CLI's ``table``/``markdown`` formats go through this module (csv/json keep the raw values).

Rules (each has a unit test in tests/test_humanize.py):

- Large numbers: zh in 万 and 亿 (2680万, 19.6亿), en with thousands separators, money in
  m/bn (CNY 26.8 m). A number with 万/亿 is written against its unit (5.7万吨, 19.6亿元),
  otherwise a space separates number and unit (208 艘, 20 分钟); % is always fused (52%).
- Durations: from hours to the unit a person would use. The stated unit wins when the figure
  is a round number in it (20 分钟, 4 小时); otherwise under 2 h in minutes, from 48 h whole days
  in days (2 天, 15 天), else hours (40.6 小时).
- Changes: signed with a real minus sign (−52%, +70%); a before/after of two rates is a
  percentage-point change (12% → 40%: +28 个百分点), never a relative change of a rate.
- Counts carry their noun: the stated counter (艘, 家, 项, 万人次 → 人次), else one chosen from the
  metric; never the unit's label 个数. A rank is 第 3 位 / No. 3.
- before/after: ``40.6 小时 → 19.5 小时（−52%）``.
- Booleans are words (预计 / projected for pk:projected), never True/False.

``unit`` arguments accept a unit IRI, its local name (HR, CNY, NUM …) or its zh/en label from
ontology/units.ttl (小时, 人民币元, 个数 …), so the same functions serve SPARQL rows and Python.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .units import CURRENCY_WORDS

MINUS = "\u2212"  # a real minus sign: "−52%" reads better than "-52%" and does not break lines

# unit local name ← every way a row may name it (IRI local name, zh label, en label)
_UNIT_NAMES = {
    "HR": ("小时", "hour"), "SEC": ("秒", "second"), "YR": ("年", "year"), "MO": ("月", "month"),
    "PERCENT": ("百分比", "percent"), "TONNE": ("吨", "tonne"), "KiloW-HR": ("千瓦时", "kilowatt hour"),
    "MegaW": ("兆瓦", "megawatt"), "KiloM": ("公里", "kilometre"), "M2": ("平方米", "square metre"),
    "KN": ("节", "knot"), "NUM": ("个数", "number (count)"), "KiloGM": ("千克", "kilogram"),
    "CNY": ("人民币元", "Chinese yuan"), "USD": ("美元", "US dollar"), "HKD": ("港元", "Hong Kong dollar"),
    "MOP": ("澳门元", "Macao pataca"), "EUR": ("欧元", "euro"), "TEU": ("标箱", "twenty-foot equivalent unit"),
    "WorkingDay": ("工作日", "working day"), "PercentagePoint": ("个百分点", "percentage point"),
    "CNY-PER-TONNE": ("元/吨", "yuan per tonne"), "CNY-PER-CONTAINER": ("元/箱", "yuan per container"),
}
# how an amount in each currency is written after the number (19.6亿元, 120万美元, 5000万港元): the first
# written word of each currency in units.py (港元 before 港币)
_CURRENCY_ZH: dict[str, str] = {}
for _word, _code in CURRENCY_WORDS.items():
    _CURRENCY_ZH.setdefault(_code, _word)
_UNIT_BY_LABEL = {label: key for key, labels in _UNIT_NAMES.items() for label in labels}

# how each unit is written after a number: (zh, en singular, en plural)
_UNIT_WORDS = {
    "SEC": ("秒", "second", "seconds"), "YR": ("年", "year", "years"), "MO": ("个月", "month", "months"),
    "TONNE": ("吨", "t", "t"), "KiloGM": ("千克", "kg", "kg"), "KiloW-HR": ("千瓦时", "kWh", "kWh"),
    "MegaW": ("兆瓦", "MW", "MW"), "KiloM": ("公里", "km", "km"), "M2": ("平方米", "m²", "m²"),
    "KN": ("节", "knots", "knots"), "TEU": ("标箱", "TEU", "TEU"),
    "WorkingDay": ("个工作日", "working day", "working days"),
    "CNY-PER-TONNE": ("元/吨", "CNY/t", "CNY/t"), "CNY-PER-CONTAINER": ("元/箱", "CNY per container", "CNY per container"),
}

# durations: zh word, en singular, en plural, hours per unit
_DURATIONS = {
    "minute": ("分钟", "minute", "minutes", Decimal(1) / Decimal(60)),
    "hour": ("小时", "hour", "hours", Decimal(1)),
    "day": ("天", "day", "days", Decimal(24)),
    "week": ("周", "week", "weeks", Decimal(168)),
}
_STATED_DURATION = {"分钟": "minute", "小时": "hour", "个小时": "hour", "天": "day", "日": "day", "周": "week"}

# counters (the stated unit of a count) → English noun (singular, plural); "" = no noun in English
COUNT_NOUNS = {
    "艘": ("ship", "ships"), "艘次": ("ship call", "ship calls"), "家": ("firm", "firms"), "家次": ("firm visit", "firm visits"),
    "项": ("item", "items"), "条": ("item", "items"), "条次": ("item", "items"), "次": ("time", "times"),
    "票": ("declaration", "declarations"), "笔": ("transaction", "transactions"), "批": ("batch", "batches"),
    "批次": ("batch", "batches"), "台": ("unit", "units"), "张": ("sheet", "sheets"), "名": ("person", "people"),
    "人": ("person", "people"), "人次": ("person-trip", "person-trips"), "位": ("person", "people"),
    "列": ("train", "trains"), "场": ("session", "sessions"), "件": ("piece", "pieces"), "座": ("facility", "facilities"),
    "辆": ("vehicle", "vehicles"), "种": ("kind", "kinds"), "户": ("household", "households"), "班次": ("service", "services"),
    "幅": ("plot", "plots"), "类": ("category", "categories"), "起": ("case", "cases"), "个": ("", ""),
    "个大类": ("category", "categories"), "份": ("copy", "copies"), "国": ("country", "countries"),
    "架次": ("flight", "flights"), "柜": ("container", "containers"), "箱": ("container", "containers"),
    "航次": ("voyage", "voyages"), "船次": ("ship call", "ship calls"), "辆次": ("vehicle trip", "vehicle trips"),
    "套": ("set", "sets"), "宗": ("case", "cases"), "单": ("order", "orders"), "趟": ("trip", "trips"),
    "部": ("unit", "units"), "车次": ("vehicle trip", "vehicle trips"), "趟次": ("trip", "trips"),
    "处": ("site", "sites"),
}

# when a count's stated unit is unknown: a counter from words in the metric's label (zh or en)
_METRIC_NOUNS = [
    (("企业", "enterprise", "firm", "compan"), "家"), (("船", "vessel", "ship"), "艘"),
    (("航次", "航班", "次数", "trip", "flight", "voyage"), "次"), (("人", "passenger", "people", "visitor"), "人次"),
    (("票", "declaration"), "票"), (("项", "measure", "item"), "项"), (("线索", "lead"), "条"),
]

_PREFIX_QUALIFIERS = {"约", "超", "近", "最短", "可达", "超过", "突破", "至少"}
_QUALIFIER_EN = {"约": "about", "余": "over", "超": "over", "以上": "at least", "近": "nearly", "最短": "as little as",
                 "以内": "within", "可达": "up to", "approximately": "about", "more than (odd)": "over",
                 "exceeding": "over", "at least": "at least", "nearly": "nearly", "as short as": "as little as",
                 "within": "within", "up to": "up to"}
_QUALIFIER_ZH = {"approximately": "约", "more-than": "余", "exceeding": "超", "at-least": "以上", "nearly": "近",
                 "as-low-as": "最短", "within": "以内", "up-to": "可达"}

_KINDS = {"level": "level", "水平": "level", "change": "change", "变化量": "change", "before-after": "before-after",
          "before/after": "before-after", "前后对比": "before-after", "growth": "growth", "同比增长": "growth",
          "rank": "rank", "排名": "rank"}


# -- plain numbers -----------------------------------------------------------------------------

def _dec(x) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool):
        raise TypeError("a boolean is not a number")
    try:
        return Decimal(str(x).strip())
    except InvalidOperation as e:
        raise ValueError(f"not a number: {x!r}") from e


def _plain(d: Decimal, places: int) -> str:
    """At most ``places`` decimals, trailing zeros dropped, never exponent notation."""
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if places >= 0 else d
    s = f"{q:f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _digits(d: Decimal) -> int:
    """Decimals worth showing for a figure of this size (3 significant digits, at least 0, at most 2)."""
    a = abs(d)
    if a >= 100:
        return 0
    if a >= 10:
        return 1
    return 2


def number(x, lang: str = "zh", places: int | None = None) -> str:
    """2680万 / 19.6亿 (zh), 26,800,000 (en); small numbers as they are (40.6, 0.3)."""
    d = _dec(x)
    sign = MINUS if d < 0 else ""
    a = abs(d)
    if lang == "zh":
        for size, word in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
            if a >= size:
                return sign + _plain(a / size, 4 if places is None else places) + word
        return sign + _plain(a, 4 if places is None else places)
    s = _plain(a, 4 if places is None else places)
    whole, _, frac = s.partition(".")
    whole = f"{int(whole):,}"
    return sign + whole + ("." + frac if frac else "")


def _fused(num: str) -> bool:
    return num.endswith(("万", "亿"))


def _join(num: str, word: str) -> str:
    if not word:
        return num
    if word == "%" or _fused(num):
        return num + word
    return f"{num} {word}"


# -- units -------------------------------------------------------------------------------------

def unit_key(unit) -> str | None:
    """The unit's local name (HR, CNY, NUM …) from its IRI, local name or zh/en label; None if unknown."""
    if unit is None:
        return None
    s = str(unit).strip()
    if not s:
        return None
    local = s.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    if local in _UNIT_NAMES:
        return local
    return _UNIT_BY_LABEL.get(s)


def known_units() -> set[str]:
    return set(_UNIT_NAMES)


def _counter(stated_unit: str | None) -> str | None:
    if not stated_unit:
        return None
    s = str(stated_unit).strip()
    if s.startswith("万") and len(s) > 1:
        s = s[1:]
    return s


def count_noun(stated_unit: str | None = None, metric: str | None = None) -> str:
    """The counter to write after a count: the stated one, else one from the metric's words, else 个."""
    c = _counter(stated_unit)
    if c and c not in ("个数", "个百分点"):
        return c
    m = (metric or "").lower()
    for words, noun in _METRIC_NOUNS:
        if any(w in m for w in words):
            return noun
    return "个"


def count(n, stated_unit: str | None = None, metric: str | None = None, lang: str = "zh") -> str:
    """208 艘, 2万家, 3万人次; en 208 ships, 20,000 firms."""
    noun = count_noun(stated_unit, metric)
    d = _dec(n)
    if lang == "zh":
        return _join(number(d, "zh"), noun)
    sing, plural = COUNT_NOUNS.get(noun, ("", ""))
    word = sing if d == 1 else plural
    return _join(number(d, "en"), word)


def money(x, currency: str = "CNY", lang: str = "zh") -> str:
    """19.6亿元, 2680万元, 5000 元; en CNY 1.96 bn, CNY 26.8 m, USD 120 m."""
    d = _dec(x)
    if lang == "zh":
        word = _CURRENCY_ZH.get(currency, "元")
        return _join(number(d, "zh"), word)
    sign = MINUS if d < 0 else ""
    a = abs(d)
    for size, word in ((Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m")):
        if a >= size:
            v = a / size
            return f"{sign}{currency} {_plain(v, _digits(v))} {word}"
    return f"{sign}{currency} {number(a, 'en', 2)}"


def _round_in(d: Decimal, per: Decimal) -> Decimal | None:
    """d hours in a unit of ``per`` hours, if that is a round figure (at most one decimal); else None."""
    v = d / per
    r = v.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    # 0.3333 h is 19.998 minutes: normalising kept 4 decimals, so allow for that
    if abs(v - r) <= Decimal("0.0001") / per * 60 + Decimal("0.002"):
        return r
    return None


def duration_unit(hours, stated_unit: str | None = None) -> tuple[str, Decimal]:
    """(minute|hour|day|week, the figure in it): the stated unit if the figure is round in it, else by size."""
    h = _dec(hours)
    stated = _STATED_DURATION.get(str(stated_unit).strip()) if stated_unit else None
    if stated:
        v = _round_in(h, _DURATIONS[stated][3])
        if v is not None:
            return stated, v
    a = abs(h)
    if a < 2 and a != a.to_integral_value():
        v = _round_in(h, _DURATIONS["minute"][3])
        if v is not None:
            return "minute", v
    if a >= 48:
        v = _round_in(h, Decimal(24))
        if v is not None and v == v.to_integral_value():
            return "day", v
    return "hour", h


def duration(hours, stated_unit: str | None = None, lang: str = "zh") -> str:
    """20 分钟, 40.6 小时, 15 天; en 20 minutes, 40.6 hours, 15 days."""
    unit, v = duration_unit(hours, stated_unit)
    zh, sing, plural, _ = _DURATIONS[unit]
    num = _plain(v, 1 if unit != "hour" else 2)
    if lang == "zh":
        return _join(num, zh)
    return _join(number(_dec(num), "en"), sing if _dec(num) == 1 else plural)


def percent(x, signed: bool = False) -> str:
    """52%, 99.6%, 0.046%; signed: +40%, −52%."""
    d = _dec(x)
    places = 1 if abs(d) < 10 else (1 if d != d.to_integral_value() and abs(d) < 100 else 0)
    if 0 < abs(d) < Decimal("0.1"):
        places = 1 - abs(d).adjusted()  # two significant digits: 0.046%, never 0%
    s = _plain(abs(d), places)
    if signed:
        return (MINUS if d < 0 else "+") + s + "%"
    return (MINUS if d < 0 else "") + s + "%"


def relative_change(baseline, value) -> Decimal | None:
    """Percent change from baseline to value (None when the baseline is 0)."""
    b, v = _dec(baseline), _dec(value)
    if b == 0:
        return None
    return (v - b) / b * 100


def change_percent(c) -> str:
    """A relative change as people write it: −52%, +70%, +233%, −3.5%."""
    d = _dec(c)
    places = 1 if abs(d) < 10 else 0
    s = _plain(abs(d), places)
    if s == "0":
        return "±0%"
    return (MINUS if d < 0 else "+") + s + "%"


def points(pp, lang: str = "zh") -> str:
    """A percentage-point change: +28 个百分点 / +28 pp."""
    d = _dec(pp)
    s = _plain(abs(d), 1)
    sign = "±" if s == "0" else (MINUS if d < 0 else "+")
    return f"{sign}{s} 个百分点" if lang == "zh" else f"{sign}{s} pp"


def rank(n, lang: str = "zh") -> str:
    """第 3 位 / No. 3."""
    s = _plain(_dec(n), 0)
    return f"第 {s} 位" if lang == "zh" else f"No. {s}"


def boolean(v, lang: str = "zh", yes: tuple[str, str] = ("是", "yes"), no: tuple[str, str] = ("否", "no")) -> str:
    """A yes/no value as a word; accepts True/False, "true"/"false" (SPARQL rows) and 1/0."""
    truth = _truth(v)
    if truth is None:
        return ""
    pair = yes if truth else no
    return pair[0] if lang == "zh" else pair[1]


def projected(v, lang: str = "zh") -> str:
    """pk:projected as a word: 预计 / projected when true, nothing when the figure was achieved."""
    return boolean(v, lang, yes=("预计", "projected"), no=("", ""))


def _truth(v) -> bool | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in ("true", "1", "yes"):
        return True
    if s in ("false", "0", "no"):
        return False
    return None


# -- figures with units ------------------------------------------------------------------------

def quantity(value, unit, stated_unit: str | None = None, metric: str | None = None, lang: str = "zh",
             kind: str | None = None, signed: bool = False) -> str:
    """One figure in its unit, for people: 19.6亿元, 20 分钟, 90%, 208 艘, 第 2 位, 5.7万吨.

    ``signed`` writes a + or − (for changes); the sign is the figure's own.
    """
    key = unit_key(unit)
    d = _dec(value)
    kind = _KINDS.get(str(kind), kind) if kind else None
    if kind == "rank" or (key == "NUM" and _counter(stated_unit) == "位"
                          and any(w in (metric or "").lower() for w in ("rank", "排名", "位次"))):
        return rank(d, lang)
    sign = ""
    if signed:
        sign = MINUS if d < 0 else "+"
        d = abs(d)
    if key == "PERCENT":
        return sign + percent(d)
    if key == "PercentagePoint":
        return sign + (f"{_plain(d, 1)} 个百分点" if lang == "zh" else f"{_plain(d, 1)} pp")
    if key == "HR":
        return sign + duration(d, stated_unit, lang)
    if key in _CURRENCY_ZH:
        return sign + money(d, key, lang)
    if key == "NUM":
        return sign + count(d, stated_unit, metric, lang)
    if key == "TONNE" and _counter(stated_unit) == "千克" and d < 1:
        return sign + _join(number(d * 1000, lang), "千克" if lang == "zh" else "kg")
    if key in _UNIT_WORDS:
        zh, sing, plural = _UNIT_WORDS[key]
        if lang == "zh":
            return sign + _join(number(d, "zh"), zh)
        return sign + _join(number(d, "en"), sing if d == 1 else plural)
    word = "" if unit is None else str(unit)
    return sign + _join(number(d, lang), word)


def change(baseline, value, unit, relative: object = None, lang: str = "zh") -> str:
    """The change from baseline to value: +28 个百分点 for two rates, else −52% (relative)."""
    key = unit_key(unit)
    if key == "PERCENT":
        return points(_dec(value) - _dec(baseline), lang)
    if baseline is not None and baseline != "":
        rel = relative_change(baseline, value)
    else:
        rel = _dec(relative) if relative not in (None, "") else None
    return "" if rel is None else change_percent(rel)


def baseline_quantity(baseline, unit, stated_unit: str | None = None, metric: str | None = None,
                      lang: str = "zh", baseline_unit: str | None = None) -> str:
    """The before-figure: in its own stated unit if known; a count shares the after-figure's
    counter; a duration without its own stated unit gets the unit its size asks for (72 h → 3 天)."""
    if baseline_unit is None and unit_key(unit) != "HR":
        baseline_unit = stated_unit
    return quantity(baseline, unit, baseline_unit, metric, lang)


def before_after(baseline, value, unit, stated_unit: str | None = None, metric: str | None = None,
                 lang: str = "zh", baseline_unit: str | None = None) -> str:
    """40.6 小时 → 19.5 小时（−52%）; 12% → 40%（+28 个百分点）; en 40.6 hours → 19.5 hours (−52%)."""
    before = baseline_quantity(baseline, unit, stated_unit, metric, lang, baseline_unit)
    after = quantity(value, unit, stated_unit, metric, lang)
    delta = change(baseline, value, unit, lang=lang)
    if not delta:
        return f"{before} → {after}"
    return f"{before} → {after}（{delta}）" if lang == "zh" else f"{before} → {after} ({delta})"


def qualified(text: str, qualifier: str | None, lang: str = "zh") -> str:
    """Put a figure qualifier where the language puts it: 超 90%, 20 余条 → en over 90%."""
    if not qualifier:
        return text
    q = str(qualifier).strip()
    if lang == "zh":
        q = _QUALIFIER_ZH.get(q.rsplit("/", 1)[-1], q)
        if q in _PREFIX_QUALIFIERS:
            return q + text
        if q == "余":
            # 20 余条: 余 goes between number and counter; with a fused unit (2680万元) before the unit
            num, sep, rest = text.partition(" ")
            if sep:
                return f"{num} 余{rest}"
            for i, ch in enumerate(text):
                if ch in "万亿":
                    # 1700余万元 but 7万余人次, 6.08万余人: 余 follows 万 unless the number is long
                    at = i if len(text[:i]) >= 3 and "." not in text[:i] else i + 1
                    return text[:at] + "余" + text[at:]
            return text + "余"
        return text + q
    word = _QUALIFIER_EN.get(q, _QUALIFIER_EN.get(_QUALIFIER_ZH.get(q.rsplit("/", 1)[-1], ""), q))
    if word == "at least":
        return f"{text} or more"
    return f"{word} {text}"


def outcome(row: dict, lang: str = "zh") -> str:
    """An outcome's figure as one phrase, from a row with value, unit and any of baseline,
    value_max, stated_unit, metric (or metric_label), kind (or kind_label), direction,
    qualifier, projected. E.g. 40.6 小时 → 19.5 小时（−52%）, −40%, 超 90%, 预计 200亿元."""
    value, unit = row.get("value"), row.get("unit")
    if value in (None, ""):
        return ""
    stated = row.get("stated_unit")
    metric = row.get("metric_label") or row.get("metric")
    kind = _KINDS.get(str(row.get("kind") or row.get("kind_label") or ""), None)
    direction = str(row.get("direction") or "").rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower()
    baseline = row.get("baseline")
    if baseline not in (None, ""):
        # a qualifier belongs to the after-figure: 4 天 → 最短10 小时, not 最短 4 天 → 10 小时
        before = baseline_quantity(baseline, unit, stated, metric, lang, row.get("baseline_unit"))
        after = qualified(quantity(value, unit, stated, metric, lang), row.get("qualifier"), lang)
        delta = change(baseline, value, unit, lang=lang)
        text = f"{before} → {after}" + ((f"（{delta}）" if lang == "zh" else f" ({delta})") if delta else "")
        word = projected(row.get("projected"), lang)
        return f"{word} {text}" if word else text
    elif row.get("value_max") not in (None, ""):
        low = quantity(value, unit, stated, metric, lang, kind)
        high = quantity(row["value_max"], unit, stated, metric, lang, kind)
        text = f"{_strip_unit(low, high)}–{high}"
    elif (kind in ("change", "growth") and direction in ("decrease", "increase")
          and unit_key(unit) in ("PERCENT", "PercentagePoint")):
        # a relative change carries its sign (−40%); an amount does not, since its metric
        # usually says the direction already (节约成本 60万元, not −60万元)
        v = abs(_dec(value)) * (-1 if direction == "decrease" else 1)
        text = quantity(v, unit, stated, metric, lang, kind, signed=True)
    else:
        text = quantity(value, unit, stated, metric, lang, kind)
    text = qualified(text, row.get("qualifier"), lang)
    word = projected(row.get("projected"), lang)
    return f"{word} {text}" if word else text


def _strip_unit(low: str, high: str) -> str:
    """The lower figure of a range without its unit (60万吨 → 60万, 1 day → 1): the unit is written once."""
    import re

    m = re.match(r"^(.*?\d[\d.,]*[万亿]?)", low)
    return m.group(1) if m else low


# -- rows for the CLI --------------------------------------------------------------------------

def humanize_rows(headers: list[str], rows: list[list], lang: str = "zh") -> tuple[list[str], list[list]]:
    """Rows as people read them (the CLI's table and markdown formats; csv/json keep raw values).

    Where a row has ``value`` and ``unit``: ``value`` and ``baseline`` carry their unit (and the
    range and qualifier), ``change`` becomes −52% or +28 个百分点, and the columns folded into them
    (unit, stated_unit, value_max, qualifier) are dropped. Booleans (``projected``) become words.
    """
    hs = list(headers)
    if "best_change_unit" in hs and "best_change" in hs:  # replication-gaps: a size in % or in percentage points
        i, j = hs.index("best_change"), hs.index("best_change_unit")
        keep = [k for k in range(len(hs)) if k != j]
        out = []
        for r in rows:
            cells = [_cell(h, v, lang) for h, v in zip(hs, r)]
            if str(r[j] or "").endswith("/PercentagePoint") and r[i] not in (None, ""):
                s = _plain(abs(_dec(r[i])), 1)
                cells[i] = f"{s} 个百分点" if lang == "zh" else f"{s} pp"
            out.append([cells[k] for k in keep])
        return [hs[k] for k in keep], out
    if not ("value" in hs and "unit" in hs):
        return hs, [[_cell(h, v, lang) for h, v in zip(hs, r)] for r in rows]
    keep = [h for h in hs if h not in ("unit", "stated_unit", "value_max", "qualifier")]
    out = []
    for r in rows:
        d = dict(zip(hs, r))
        cells = []
        for h in keep:
            try:
                if h == "value":
                    cells.append(outcome({k: v for k, v in d.items() if k not in ("baseline", "projected")}, lang))
                elif h == "baseline":
                    cells.append("" if d[h] in (None, "") else
                                 baseline_quantity(d[h], d["unit"], d.get("stated_unit"), d.get("metric_label"), lang,
                                                   d.get("baseline_unit")))
                elif h == "change":
                    cells.append(_change_cell(d, lang))
                else:
                    cells.append(_cell(h, d[h], lang))
            except (ValueError, TypeError):
                cells.append(d[h])
        out.append(cells)
    return keep, out


_OWN_IRI = "https://w3id.org/portkg/"


def _cell(header: str, v, lang: str):
    if isinstance(v, str) and v.startswith(_OWN_IRI):
        return v[len(_OWN_IRI):]  # measure/policy-outreach: the project's own IRIs without the prefix
    if header == "projected":
        return projected(v, lang)
    if header == "best_change" and isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        return percent(v)  # a size of change (pk:changeMagnitude), so no sign: 97.2%
    if isinstance(v, bool) or (isinstance(v, str) and v in ("true", "false", "True", "False")):
        return boolean(v, lang)
    return v


def _change_cell(d: dict, lang: str) -> str:
    if d.get("baseline") not in (None, ""):
        return change(d["baseline"], d["value"], d.get("unit"), lang=lang)
    if d.get("change") not in (None, ""):
        return change_percent(d["change"])
    return ""
