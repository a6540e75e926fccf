"""Figures for people on the site's pages: every number a reader sees goes through portkg.humanize.

Until the humanize module lands (graphs work), a small stand-in keeps pages readable; the site
calls only `outcome_text`, `count_text` and `change_text`, so swapping the implementation is local.
"""
from __future__ import annotations

try:  # the shared formatting module (issue 10, graphs helper)
    from .. import humanize as _h
except ImportError:  # pragma: no cover - until it lands
    _h = None

MINUS = "\u2212"


def outcome_row(o, data) -> dict:
    """The outcome as the row shape humanize.outcome reads."""
    return {"value": o.value, "unit": o.unit, "baseline": o.baseline, "value_max": o.value_max,
            "stated_unit": o.stated_unit, "metric": data.en(o.metric), "metric_label": data.zh(o.metric),
            "kind": (o.kind or "").rsplit("/", 1)[-1], "direction": o.direction,
            "qualifier": o.qualifier, "projected": o.projected}


def outcome_text(o, data, lang: str = "zh") -> str:
    """40.6 小时 → 19.5 小时（−52%）, 超 90%, 19.6亿元 …"""
    row = outcome_row(o, data)
    if _h is not None:
        return _h.outcome(row, lang)
    unit = data.zh(o.unit) if lang == "zh" else data.en(o.unit)
    fig = lambda v: f"{v:g} {unit}"  # noqa: E731
    if o.baseline is not None:
        ch = f"（{change_text(o.change)}）" if o.change is not None else ""
        return f"{fig(o.baseline)} → {fig(o.value)}{ch}"
    return fig(o.value)


def change_text(change) -> str:
    """A relative change with a real minus sign: −52%, +70%."""
    if change is None:
        return ""
    if _h is not None:
        return _h.change_percent(change)
    return (MINUS if change < 0 else "+") + f"{abs(change):g}%"


def count_text(n: int, zh_noun: str = "", en_noun: tuple[str, str] = ("", ""), lang: str = "zh") -> str:
    """A count with its noun: 7 个城市 / 7 cities."""
    if lang == "zh":
        return f"{n} {zh_noun}".strip()
    noun = en_noun[0] if n == 1 else en_noun[1]
    return f"{n:,} {noun}".strip()
