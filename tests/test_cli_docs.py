"""Every command has help with an example and is documented in the README."""
from __future__ import annotations

import click

from portkg.cli import cli


def test_every_command_has_help_with_an_example_and_a_readme_entry(project):
    readme = (project.root / "README.md").read_text(encoding="utf-8")
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        cmd = cli.get_command(ctx, name)
        assert cmd.help and "Example:" in cmd.help, f"portkg {name} has no example in its help"
        assert f"portkg {name}" in readme, f"portkg {name} is not in README.md"


def test_top_level_help_lists_commands(portkg):
    res = portkg("--help")
    assert res.returncode == 0
    for name in ("build", "validate", "export", "stats", "query", "sparql", "search", "patterns"):
        assert name in res.stdout
