"""The precision sample (scripts/sample_facts.py) is reproducible and shows each fact's real passage."""
from __future__ import annotations

SAMPLE_1 = {"sd-2024-08", "sd-2024-09", "sd-2024-10", "sd-2024-15", "sd-2024-16", "sd-2024-17"}


def test_the_same_seed_draws_the_same_facts_and_another_seed_others(script, built_nt):
    mod = script("sample_facts")
    facts = mod._fact_diff().facts(built_nt)
    first = mod.draw(facts, 1, 60, SAMPLE_1)
    assert first == mod.draw(dict(reversed(list(facts.items()))), 1, 60, SAMPLE_1)  # not the graph's order
    assert len(first) == 60 and len(set(first)) == 60
    assert {k[0] for k in first} <= SAMPLE_1
    assert first != mod.draw(facts, 2, 60, SAMPLE_1)


def test_the_types_are_shared_like_the_issue_table_and_a_short_type_gives_way(script):
    mod = script("sample_facts")
    assert mod.quotas({"outcome": 500, "measure": 500, "claim": 500, "implementer": 500}, 241) == \
        {"outcome": 80, "measure": 80, "claim": 40, "implementer": 41}
    short = mod.quotas({"outcome": 500, "measure": 500, "claim": 3, "implementer": 500}, 60)
    assert short["claim"] == 3 and sum(short.values()) == 60


def test_every_drawn_fact_is_quoted_at_its_offsets_in_the_source(script, built_nt):
    mod = script("sample_facts")
    facts = mod._fact_diff().facts(built_nt)
    reader = mod.Reader(built_nt)
    picked = mod.draw(facts, 2, 80, None)
    assert {k[1] for k in picked} == {"outcome", "measure", "claim", "implementer"}
    for key in picked:
        for a, b in mod.spans(facts[key]):
            passage = reader.passage(key[0], a, b)
            assert passage["found"], (key, passage["quote"])
            assert passage["quote"] in mod.describe(reader, 1, key, facts[key])
