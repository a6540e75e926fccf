"""Progress for long work: a bar on a terminal, plain log lines otherwise (CI, pipes)."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, label: str, stream=None, every: float = 0.1):
        self.total, self.label = max(1, total), label
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.done = 0
        self.start = time.monotonic()
        self.every = every  # log a plain line every 10 % when not on a terminal
        self._next = every

    def advance(self, n: int = 1) -> None:
        self.done += n
        frac = self.done / self.total
        if self.tty:
            width = 30
            bar = "#" * int(frac * width)
            self.stream.write(f"\r{self.label} [{bar:<{width}}] {self.done}/{self.total} "
                              f"{time.monotonic() - self.start:.1f}s")
            self.stream.flush()
        elif frac >= self._next or self.done == self.total:
            self.stream.write(f"{self.label}: {self.done}/{self.total} ({frac:.0%}) "
                              f"{time.monotonic() - self.start:.1f}s\n")
            self.stream.flush()
            while self._next <= frac:
                self._next += self.every

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
