"""Figures for people on the site's pages: every number a reader sees goes through portkg.humanize
(the one formatting module, shared with the CLI's table and markdown formats)."""
from __future__ import annotations

from .. import humanize


def outcome_row(o, data) -> dict:
    """An outcome as the row shape humanize.outcome reads."""
    return {"value": o.value, "unit": o.unit, "baseline": o.baseline, "value_max": o.value_max,
            "stated_unit": o.stated_unit, "metric": data.en(o.metric), "metric_label": data.zh(o.metric),
            "kind": (o.kind or "").rsplit("/", 1)[-1], "direction": o.direction,
            "qualifier": o.qualifier, "projected": o.projected}


def outcome_text(o, data, lang: str = "zh") -> str:
    """40.6 小时 → 19.5 小时（−52%）, 超 90%, 19.6亿元 …"""
    return humanize.outcome(outcome_row(o, data), lang)


def change_text(change) -> str:
    """A relative change with a real minus sign: −52%, +70%."""
    return "" if change is None else humanize.change_percent(change)


def points_text(pp, lang: str = "zh") -> str:
    """A change between two rates: +28 个百分点 / +28 pp."""
    return humanize.points(pp, lang)
