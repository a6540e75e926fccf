"""Build-time summaries: derived triples that the named queries read instead of aggregating
over every measure application (filled in by the next commit; until then it derives nothing)."""
from __future__ import annotations


class Collector:
    """Reads the N-Triples lines of a graph and derives its summary lines."""

    def feed(self, line: bytes) -> None:
        pass

    def lines(self) -> list[bytes]:
        return []
