"""Typed errors for everything a user can get wrong: where it is, what is wrong, what would fix it.

The library raises these; the CLI (one boundary in cli.py) prints ``render()`` and exits 2.
"""
from __future__ import annotations

import errno
from pathlib import Path


class PortkgError(Exception):
    """Base of the errors the CLI renders as one message with exit code 2."""

    def render(self) -> str:  # pragma: no cover - subclasses say more
        return str(self)


class InputError(PortkgError):
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
        if self.path is None and self.field:
            where = self.field  # a command-line value (-p case): no file to name
        else:
            where = self.path or "input"
            if self.line:
                where += f":{self.line}"
            if self.field:
                where += f" ({self.field})"
        msg = f"{where}: {self.problem}\n  fix: {self.fix}"
        if self.nearest:
            msg += f"\n  nearest passage in the source: {self.nearest}"
        return msg


class OutputError(InputError):
    """Writing or reading a file failed (permissions, full disk, a directory in the way …)."""

    def __init__(self, path, action: str, reason: str, fix: str):
        self.action = action
        super().__init__(path, None, None, f"{action} failed: {reason}", fix)


_FIXES = {
    errno.EACCES: "make it writable (chmod u+w) or choose another location",
    errno.EPERM: "make it writable (chmod u+w) or choose another location",
    errno.EROFS: "the file system is read-only: choose another location",
    errno.ENOSPC: "the disk is full: free some space or choose another location",
    errno.EDQUOT: "the disk quota is exhausted: free some space or choose another location",
    errno.EISDIR: "a directory is in the way: give a file name, or remove the directory",
    errno.ENOTDIR: "a part of the path is a file, not a directory: choose another path",
    errno.EEXIST: "a file is in the way where a directory is needed: remove it or choose another path",
    errno.ENOENT: "check the path (its parent directory must exist)",
    errno.ENAMETOOLONG: "use a shorter path",
    errno.EMFILE: "too many open files: close other programs, or raise `ulimit -n`",
    errno.ENXIO: "not a regular file: give a regular file",
    errno.ELOOP: "a symbolic link points to itself: fix the link",
}


def describe_os_error(err: OSError, action: str | None = None, path=None) -> OutputError:
    """An OSError as one OutputError: the path, what failed, how to fix it."""
    if isinstance(err, OutputError):
        return err
    target = path or err.filename or "<file>"
    if err.filename2:
        target = f"{target} → {err.filename2}"
    reason = err.strerror or str(err) or type(err).__name__
    fix = _FIXES.get(err.errno, "check the path and its permissions")
    return OutputError(target, action or "file operation", reason, fix)

