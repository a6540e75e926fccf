"""The stated-with rule (src/portkg/evidence.py) on short texts written for these tests."""
from __future__ import annotations

from types import SimpleNamespace as NS

from portkg import evidence as ev
from portkg.evidence import (NAMED_IN_SENTENCE, NAMED_IN_TITLE, SAME_POINT, SAME_SENTENCE, Application, CaseText,
                             Quoted, case_ties)

TEXT = ("前言一段。\n"
        "一、背景\n港区货物多，排队久。\n"
        "二、主要做法\n"
        "（一）建立甲机制。推行乙模式，通关时间缩短30%。\n"
        "（二）上线丙平台，一是丁功能，减少材料5份；二是戊功能。\n"
        "三、取得成效\n"
        "采用“己办法”后，共有12船次受益。\n"
        "成本下降20%。\n")


def at(words: str, text: str = TEXT) -> NS:
    i = text.index(words)
    return NS(start=i, end=i + len(words))


def app(measure: str, words: str, wording: str | None = None) -> Application:
    s = at(words)
    return Application(measure, s.start, s.end, wording or words)


def outcome(words: str) -> Quoted:
    s = at(words)
    return Quoted(words, s.start, s.end)


def test_points_begin_at_headings_numbered_lines_and_inline_enumerators():
    starts = ev.point_starts(TEXT, 0, len(TEXT))
    for words in ("一、背景", "二、主要做法", "（一）建立", "（二）上线", "一是丁功能", "二是戊功能", "三、取得成效",
                  "采用", "成本下降"):
        assert at(words).start in starts, words
    assert at("推行乙模式").start not in starts  # a sentence inside a numbered point is no point of its own


def test_nearness_is_sentence_then_point_then_nothing():
    starts = ev.point_starts(TEXT, 0, len(TEXT))
    assert ev.nearness(TEXT, starts, at("乙模式"), at("通关时间缩短30%")) == SAME_SENTENCE
    assert ev.nearness(TEXT, starts, at("甲机制"), at("通关时间缩短30%")) == SAME_POINT
    assert ev.nearness(TEXT, starts, at("丁功能"), at("减少材料5份")) == SAME_SENTENCE
    assert ev.nearness(TEXT, starts, at("戊功能"), at("减少材料5份")) is None  # 一是 / 二是: two points
    assert ev.nearness(TEXT, starts, at("甲机制"), at("成本下降20%")) is None  # another section


def test_sentence_of_stops_at_sentence_ends_and_line_breaks():
    def of(words):
        s = at(words)
        return ev.sentence_of(TEXT, s.start, s.end)

    assert of("5份") == "（二）上线丙平台，一是丁功能，减少材料5份"  # a comma ends no sentence
    assert of("戊功能") == "二是戊功能"
    assert of("12船次") == "采用“己办法”后，共有12船次受益"
    assert of("前言") == "前言一段"


def test_a_wording_names_a_measure_only_with_four_characters_or_more_quotes_aside():
    assert ev.names("己办法模式", "采用“己办法”模式后")
    assert not ev.names("己办法", "采用己办法后")  # three characters: too short to be sure
    assert not ev.names("庚办法模式", "采用“己办法”模式后")


def test_case_text_answers_as_the_plain_rule_for_every_pair_of_passages():
    """The bisecting CaseText gives the plain functions' answers, passage pair by passage pair."""
    start = TEXT.index("二、")
    ct = CaseText(TEXT, start, len(TEXT))
    spans = [(i, j) for i in range(start, len(TEXT), 3) for j in (i + 1, i + 4) if j <= len(TEXT)]
    for a in spans[::2]:
        assert ct.sentence_of(*a) == ev.sentence_of(TEXT, *a), a
        for b in spans[::5]:
            want = ev.nearness(TEXT, ct.points, NS(start=a[0], end=a[1]), NS(start=b[0], end=b[1]))
            assert ct.nearness(a[0], a[1], b[0], b[1]) == want, (a, b)


def test_an_outcome_is_tied_to_the_measures_of_its_own_sentence_only():
    apps = [app("jia", "甲机制"), app("yi", "乙模式")]
    ties = case_ties(TEXT, 0, len(TEXT), "标题", apps, [outcome("通关时间缩短30%")])
    assert ties == {"通关时间缩短30%": {"yi": (SAME_SENTENCE, 1)}}  # 甲机制 is in the point, but 乙模式 is nearer


def test_within_a_point_a_measure_quoted_in_between_blocks_the_one_further_off():
    text = "（一）建立甲机制。随后推行乙模式。通关时间缩短30%。\n"
    a, b = text.index("甲机制"), text.index("乙模式")
    apps = [Application("jia", a, a + 3, "甲机制"), Application("yi", b, b + 3, "乙模式")]
    o = text.index("通关")
    ties = case_ties(text, 0, len(text), "标题", apps, [Quoted("o", o, o + 9)])
    assert ties == {"o": {"yi": (SAME_POINT, 1)}}
    # the same measure quoted in between does not block itself
    apps = [Application("jia", a, a + 3, "甲机制"), Application("jia", b, b + 3, "乙模式")]
    assert case_ties(text, 0, len(text), "标题", apps, [Quoted("o", o, o + 9)]) == {"o": {"jia": (SAME_POINT, 0)}}


def test_an_outcome_far_from_every_measure_is_tied_by_name_in_its_sentence_then_by_the_title():
    apps = [app("ji", "甲机制", wording="己办法模式"), app("bing", "丙平台", wording="丙平台建设")]
    ties = case_ties(TEXT.replace("“己办法”后", "“己办法模式”后"), 0, len(TEXT) + 2, "推进丙平台建设",
                     apps, [])
    assert ties == {}
    text = TEXT.replace("“己办法”后", "“己办法模式”后")
    o1 = text.index("12船次")
    o2 = text.index("成本下降20%")
    ties = case_ties(text, 0, len(text), "推进丙平台建设", apps,
                     [Quoted("ships", o1, o1 + 5), Quoted("cost", o2, o2 + 7)])
    assert ties == {"ships": {"ji": (NAMED_IN_SENTENCE, 0)}, "cost": {"bing": (NAMED_IN_TITLE, 1)}}


def test_no_text_or_no_application_ties_nothing():
    assert case_ties("", 0, 0, "标题", [app("jia", "甲机制")], [outcome("成本下降20%")]) == {}
    assert case_ties(TEXT, 0, len(TEXT), "标题", [], [outcome("成本下降20%")]) == {}


def _plain_ties(text, title, apps, outcomes):
    """The rule as the site first wrote it, pair by pair with the plain functions (the reference)."""
    starts = ev.point_starts(text, 0, len(text))
    out = {}
    for o in outcomes:
        levels = [(ev.nearness(text, starts, s, o), i) for i, s in enumerate(apps)]
        ties = {}
        same = [i for n, i in levels if n == SAME_SENTENCE]
        if same:
            for i in same:
                ties.setdefault(apps[i].measure, (SAME_SENTENCE, i))
        else:
            for n, i in levels:
                s = apps[i]
                lo, hi = min(s.end, o.end), max(s.start, o.start)
                blocked = any(x.measure != s.measure and lo <= x.start and x.end <= hi for x in apps)
                if n == SAME_POINT and not blocked:
                    ties.setdefault(s.measure, (SAME_POINT, i))
        if not ties:
            said = ev.sentence_of(text, o.start, o.end)
            for i, s in enumerate(apps):
                if ev.names(s.wording, said):
                    ties.setdefault(s.measure, (NAMED_IN_SENTENCE, i))
        if not ties:
            for i, s in enumerate(apps):
                if ev.names(s.wording, title):
                    ties.setdefault(s.measure, (NAMED_IN_TITLE, i))
        if ties:
            out[o.id] = ties
    return out


def test_case_ties_give_the_plain_rules_ties_for_many_made_up_cases():
    import random

    rng = random.Random(7)
    words = ["甲机制", "乙模式", "丙平台", "丁功能", "戊功能", "己办法模式"]
    for _ in range(300):
        apps = []
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(0, len(TEXT) - 4)
            j = i + rng.randint(1, 6)
            apps.append(Application(rng.choice("abcd"), i, j, rng.choice(words)))
        outs = []
        for k in range(rng.randint(1, 5)):
            i = rng.randrange(0, len(TEXT) - 4)
            outs.append(Quoted(f"o{k}", i, i + rng.randint(1, 8)))
        title = rng.choice(["推进丙平台", "己办法模式改革", "标题"])
        assert case_ties(TEXT, 0, len(TEXT), title, apps, outs) == _plain_ties(TEXT, title, apps, outs)


def test_validate_refuses_a_tie_to_a_measure_the_case_does_not_apply(portkg, scratch):
    """A graph edited by hand (or a future build bug) that ties an outcome to a measure its case never
    applies would give the CLI's replication-gaps a borrowed figure: `portkg validate --graph` says so."""
    out = scratch / "build"
    r = portkg("build", "--no-site", "--project", str(scratch), "--out", str(out))
    assert r.returncode == 0, r.stderr
    nt = (out / "portkg.nt").read_text(encoding="utf-8")
    outcome = next(line.split(" ")[0] for line in nt.splitlines() if "/outcome/" in line.split(" ")[0])
    bad = scratch / "tied.nt"
    bad.write_text(nt + f"{outcome} <https://w3id.org/portkg/ontology#statedWith> "
                        "<https://w3id.org/portkg/measure/advance-baggage-screening> .\n", encoding="utf-8")
    good = portkg("validate", "--project", str(scratch), "--graph", str(out / "portkg.nt"))
    assert good.returncode == 0, good.stdout + good.stderr
    r = portkg("validate", "--project", str(scratch), "--graph", str(bad))
    assert r.returncode != 0
    assert "stated-with-applied-measure" in r.stdout + r.stderr and "advance-baggage-screening" in r.stdout + r.stderr
