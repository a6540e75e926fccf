"""Figures for people on the site's pages: every number a reader sees goes through portkg.humanize
(the one formatting module, shared with the CLI's table and markdown formats), and every outcome
figure through ``outcome_text`` here, which says in words which way a change went."""
from __future__ import annotations

from .. import humanize


def outcome_row(o, data) -> dict:
    """An outcome as the row shape humanize.outcome reads."""
    return {"value": o.value, "unit": o.unit, "baseline": o.baseline, "value_max": o.value_max,
            "stated_unit": o.stated_unit, "metric": data.en(o.metric), "metric_label": data.zh(o.metric),
            "kind": (o.kind or "").rsplit("/", 1)[-1], "direction": o.direction,
            "qualifier": o.qualifier, "projected": o.projected}


def metric_family(d, metric: str) -> str:
    """The top group of a metric (time, cost, volume …): follow skos:broader up."""
    seen, cur = set(), metric
    while d.out[cur].get("broader") and cur not in seen:
        seen.add(cur)
        cur = d.out[cur]["broader"][0]
    return cur


def _word(x) -> str:
    return str(x or "").rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower()


def direction_words(o, data, lang: str = "zh") -> str | None:
    """The words that say which way an outcome went, around ``{}`` for the figure ("缩短 {}",
    "up {} year on year"), or None when its figure reads right alone.

    A change or a growth (kind change / growth, direction decrease / increase) is an amount by
    which something moved: 缩短 300 余小时 / cut by over 300 hours, 节约 超20亿元 (a saving is a
    decrease of the cost saved, docs/authoring.md), 提升 超90%, 同比增长 35%. A level with a
    direction is where it moved to: 缩短至 8 小时 / cut to 8 hours. A before/after figure carries
    both ends already, and a level without direction is a total (1553万吨), so neither gets a verb.
    """
    kind, direction = _word(o.kind), _word(o.direction)
    if o.baseline is not None or direction not in ("decrease", "increase"):
        return None
    family = _word(metric_family(data, o.metric))
    unit = humanize.unit_key(o.unit)
    relative = unit in ("PERCENT", "PercentagePoint")
    down = direction == "decrease"
    if kind in ("change", "growth"):
        if kind == "growth" and not down:
            return "同比增长 {}" if lang == "zh" else "up {} year on year"
        if family == "time":
            zh, en = ("缩短", "cut by") if down else ("延长", "up by")
        elif family in ("cost", "value") and down:
            zh, en = ("降低", "cut by") if relative else ("节约", "saved")
        elif down:
            zh, en = ("下降", "down by") if relative else ("减少", "down by")
        else:
            zh, en = ("提升", "up by") if relative else ("增加", "up by")
        return (zh if lang == "zh" else en) + " {}"
    if kind == "level":
        if down:
            zh, en = ("缩短至", "cut to") if family == "time" else ("降至", "down to")
        else:
            zh, en = ("提升至", "raised to") if relative else ("增至", "raised to")
        return (zh if lang == "zh" else en) + " {}"
    return None


def _says_it(words: str, data, metric: str) -> bool:
    """Whether the metric's own name carries the verb already (节约成本: 节约 约600万元 would say it twice)."""
    verb = words.split(" ", 1)[0]
    return verb in data.zh(metric)


def outcome_text(o, data, lang: str = "zh") -> str:
    """An outcome's figure as one phrase: 40.6 小时 → 19.5 小时（−52%）, 缩短 300 余小时, 提升 超90%,
    节约 约25万元, 1553万吨; en cut by over 300 hours, up by over 90%. The one formatter of
    outcome figures for every page (no sign next to a word: never 超+90%)."""
    row = outcome_row(o, data)
    verb = direction_words(o, data, lang)
    if verb is not None and _says_it(direction_words(o, data, "zh"), data, o.metric):
        verb = "{}"
    if verb is None:
        return humanize.outcome(row, lang)
    figure = humanize.outcome({**row, "kind": "level", "direction": None, "projected": None}, lang)
    text = verb.format(figure)
    word = humanize.projected(o.projected, lang)
    return f"{word} {text}" if word else text


def change_text(change) -> str:
    """A relative change with a real minus sign: −52%, +70%."""
    return "" if change is None else humanize.change_percent(change)


def points_text(pp, lang: str = "zh") -> str:
    """A change between two rates: +28 个百分点 / +28 pp."""
    return humanize.points(pp, lang)
