"""The one error type for bad input: where it is, what is wrong, what would fix it."""
from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input found before anything is written. The CLI prints it and exits 2."""

    def __init__(self, path: Path | str | None, line: int | None, field: str | None,
                 problem: str, fix: str, nearest: str | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.problem = problem
        self.fix = fix
        self.nearest = nearest
        super().__init__(self.render())

    def render(self) -> str:
        where = self.path or "<input>"
        if self.line:
            where += f":{self.line}"
        if self.field:
            where += f" ({self.field})"
        msg = f"{where}: {self.problem}\n  fix: {self.fix}"
        if self.nearest:
            msg += f"\n  nearest passage in the source: {self.nearest}"
        return msg
