"""The curators' change count (scripts/fact_diff.py) sees an edit as the changelog describes it."""
from __future__ import annotations

import re
from pathlib import Path




def _edit(built_nt: Path, tmp_path: Path, change) -> Path:
    lines = built_nt.read_text(encoding="utf-8").splitlines(keepends=True)
    out = tmp_path / "after.nt"
    out.write_text("".join(change(lines)), encoding="utf-8")
    return out


def test_the_same_graph_has_no_changes(script, built_nt):
    mod = script("fact_diff")
    facts = mod.facts(built_nt)
    assert len(facts) > 500   # the whole curated graph (900 after the second readings removed repeats); not a data count
    assert not mod.diff(facts, facts)


def test_a_new_role_is_a_change_and_a_lost_outcome_a_removal(script, built_nt, tmp_path):
    mod = script("fact_diff")
    text = built_nt.read_text(encoding="utf-8")
    outcome = re.search(r"<(https://w3id.org/portkg/case/(sd-2024-05)/outcome/[^>]+)> "
                        r"<https://w3id.org/portkg/ontology#role> <[^>]+/effect>", text)
    other = re.search(r"<https://w3id.org/portkg/case/sd-2024-06> <https://w3id.org/portkg/ontology#reportsOutcome> "
                      r"<([^>]+)>", text)

    def change(lines):
        for ln in lines:
            if ln.startswith(f"<{outcome.group(1)}> <https://w3id.org/portkg/ontology#role>"):
                ln = ln.replace("/outcome-role/effect>", "/outcome-role/context>")
            if ln.endswith(f"<{other.group(1)}> .\n"):
                continue  # the case no longer reports it
            yield ln

    per_case = mod.diff(mod.facts(built_nt), mod.facts(_edit(built_nt, tmp_path, change)))
    assert dict(per_case["sd-2024-05"]) == {"changed": 1}
    assert dict(per_case["sd-2024-06"]) == {"removed": 1}
    assert set(per_case) == {"sd-2024-05", "sd-2024-06"}
