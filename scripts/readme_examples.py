"""Regenerate the example outputs in README.md from the real commands (or check that they match).

An example in the README is a marker line, then the output it stands for, then an end marker:

    <!-- example: query case-card -p case=06 --format markdown | rows=part~agency|outcome columns=part,item -->
    | part | item |
    …
    <!-- /example -->

The command after ``example:`` is run as ``portkg …`` on the project's graph (built into a
temporary directory first); after ``|`` come optional filters for a Markdown table: ``rows=N`` (the
first N rows), ``rows=COLUMN~REGEX`` (rows whose COLUMN matches), ``columns=a,b,…`` (these columns,
in this order) and ``lines=N`` (the first N lines of plain output).

    .venv/bin/python scripts/readme_examples.py           # rewrite README.md
    .venv/bin/python scripts/readme_examples.py --check   # exit 1 and show the difference if it drifted
"""
from __future__ import annotations

import difflib
import re
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^<!-- example: (.+?) -->\n(.*?)^<!-- /example -->$", re.M | re.S)


def _table(text: str) -> tuple[list[str], list[list[str]]]:
    lines = [ln for ln in text.splitlines() if ln.startswith("|")]
    split = lambda ln: [c.strip() for c in re.split(r"(?<!\\)\|", ln.strip())[1:-1]]  # noqa: E731
    return split(lines[0]), [split(ln) for ln in lines[2:]]


def _filter(output: str, filters: str) -> str:
    opts = dict(f.split("=", 1) for f in shlex.split(filters)) if filters.strip() else {}
    if "lines" in opts:
        return "\n".join(output.splitlines()[: int(opts["lines"])]) + "\n"
    if not opts:
        return output
    headers, rows = _table(output)
    if "rows" in opts:
        spec = opts["rows"]
        if "~" in spec:
            col, rx = spec.split("~", 1)
            i = headers.index(col)
            rows = [r for r in rows if re.search(rx, r[i])]
        else:
            rows = rows[: int(spec)]
    if "columns" in opts:
        idx = [headers.index(c) for c in opts["columns"].split(",")]
        headers, rows = [headers[i] for i in idx], [[r[i] for i in idx] for r in rows]
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def run_example(spec: str, graph_nt: Path) -> str:
    from click.testing import CliRunner

    from portkg.cli import cli

    command, _, filters = spec.partition(" | ")
    args = shlex.split(command)
    if args and args[0] in ("query", "sparql", "search", "patterns"):
        args += ["--graph", str(graph_nt)]
    res = CliRunner().invoke(cli, args + ["--project", str(ROOT)])
    if res.exit_code != 0:
        raise SystemExit(f"example `portkg {command}` failed (exit {res.exit_code}):\n{res.output}")
    return _filter(res.stdout, filters)


def render(readme: str, graph_nt: Path) -> str:
    return MARKER.sub(lambda m: f"<!-- example: {m.group(1)} -->\n{run_example(m.group(1), graph_nt)}<!-- /example -->",
                      readme)


def build_nt(directory: Path) -> Path:
    from portkg.build import Project, build_graph, graph_file_bytes

    nt = directory / "portkg.nt"
    nt.write_bytes(graph_file_bytes(build_graph(Project(ROOT)))["portkg.nt"])
    return nt


def main(argv: list[str]) -> int:
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as d:
        new = render(readme, build_nt(Path(d)))
    if "--check" in argv:
        if new != readme:
            sys.stdout.writelines(difflib.unified_diff(readme.splitlines(True), new.splitlines(True),
                                                       "README.md", "README.md (regenerated)"))
            print("\nREADME examples drifted: run .venv/bin/python scripts/readme_examples.py", file=sys.stderr)
            return 1
        return 0
    readme_path.write_text(new, encoding="utf-8")
    print(f"README.md: {len(MARKER.findall(readme))} examples regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
