"""The README's example outputs are what the commands print today (scripts/readme_examples.py)."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]



def test_readme_examples_match_the_commands(script, built_nt):
    mod = script("readme_examples")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(mod.MARKER.findall(readme)) >= 3
    assert mod.render(readme, built_nt) == readme, (
        "README examples drifted from the commands: run .venv/bin/python scripts/readme_examples.py")


def test_readme_commands_run_from_the_venv():
    """A fresh shell has no `portkg` on PATH: examples say .venv/bin/portkg (or activate first)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme
    for block in re.findall(r"```(?:bash|sh)\n(.*?)```", readme, re.S):
        for line in block.splitlines():
            assert not re.match(r"\s*portkg\b", line), f"bare `portkg` in a shell example: {line}"
    for m in re.finditer(r"<!-- example: (.+?) -->", readme):
        before = readme[: m.start()].rstrip().rsplit("\n\n", 1)[-1]
        assert ".venv/bin/portkg " in before, f"example {m.group(1)!r} is not introduced with .venv/bin/portkg"
