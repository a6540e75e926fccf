"""The numbers a quote states, so that a case file's figure can be checked against its quote.

A figure occurs in a quote when one of the numbers written there equals it: digits
(``19.6``, ``1,200``, full-width ``１９``), Chinese numerals (``两``, ``三十五``, ``一千二百``),
tenths written with 成 (``两成`` is 2 成 and also 20 %) and fractions (``三分之一`` is 1/3,
also 33.3 % at the precision the figure is written with).
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10 ** 4, "亿": 10 ** 8}
_ZH = "".join(_DIGITS) + "".join(_SMALL) + "".join(_LARGE)

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_ZH_RUN = re.compile(f"[{_ZH}]+")
_FRACTION = re.compile(rf"([{_ZH}\d.]+)分之([{_ZH}\d.]+)")
_TENTHS = re.compile(rf"([{_ZH}\d.]+)成")


def zh_to_int(text: str) -> int | None:
    """A Chinese numeral as an integer (一千二百三十 → 1230, 三五 → 35), or None."""
    if not text or any(ch not in _ZH for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):  # digit by digit: 二〇二四
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        else:  # 万, 亿
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * _LARGE[ch] if _LARGE[ch] > 10 ** 4 else total + section * _LARGE[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def _number(text: str) -> Decimal | None:
    text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        n = zh_to_int(text)
        return Decimal(n) if n is not None else None


def numbers_in(quote: str) -> tuple[set[Decimal], list[Decimal]]:
    """(exact numbers, fractions) written in ``quote``; fractions are compared after rounding."""
    text = unicodedata.normalize("NFKC", quote)
    exact: set[Decimal] = set()
    fractions: list[Decimal] = []
    for m in _ARABIC.finditer(text):
        exact.add(Decimal(m.group().replace(",", "")))
    for m in _ZH_RUN.finditer(text):
        run = m.group()
        n = zh_to_int(run)
        if n is not None:
            exact.add(Decimal(n))
        # 十二万 is also 12 (with the unit 万…): each piece between 万 and 亿 counts on its own
        for piece in re.split("[万亿]", run):
            sub = zh_to_int(piece)
            if sub is not None:
                exact.add(Decimal(sub))
    for m in _TENTHS.finditer(text):
        n = _number(m.group(1))
        if n is not None:
            exact.add(n * 10)  # 两成 = 20 %
    for m in _FRACTION.finditer(text):
        den, num = _number(m.group(1)), _number(m.group(2))
        if den and num is not None:
            fractions.append(num / den)
            fractions.append(num / den * 100)
    return exact, fractions


def occurs_in(figure, quote: str) -> bool:
    """True when ``figure`` (as written in the case file) is one of the numbers ``quote`` states."""
    value = Decimal(str(figure))
    exact, fractions = numbers_in(quote)
    if value in exact:
        return True
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    step = Decimal(1).scaleb(-places)
    return any(abs(f - value) <= step / 2 + Decimal("1e-9") or f.quantize(step) == value for f in fractions)
