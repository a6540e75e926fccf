"""Recompute the build-time summary lines (src/portkg/summaries.py) of a built N-Triples file, in place.

    .venv/bin/python benchmarks/resummarise.py build/bench/1000/portkg.nt

For a large synthetic corpus made before a change to the summaries: re-synthesising the 1000x
corpus takes about 45 minutes, this about as long as reading the file twice. The lines the
summaries write (summaries.WRITTEN, and the summary nodes) are dropped, the rest is fed to
summaries.Collector as it streams past, and the new summary lines are merged back in sorted
order, so the result is what `portkg build` makes of the same graph (tests/test_summaries.py
checks that equality on the real corpus). Written to a temporary file beside it, then renamed.
"""
from __future__ import annotations

import heapq
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from portkg import summaries  # noqa: E402

WRITTEN = tuple(f"<{summaries.PK}{p}>".encode() for p in summaries.WRITTEN)


def is_summary(line: bytes) -> bool:
    parts = line.split(b" ", 2)
    return len(parts) == 3 and (parts[1] in WRITTEN or parts[0].startswith(b"<" + summaries.BASE.encode() + b"summary/"))


def main(path: Path) -> None:
    t0 = time.perf_counter()
    collector = summaries.Collector()
    kept = dropped = 0
    with open(path, "rb") as f:
        for line in f:
            if is_summary(line):
                dropped += 1
            else:
                kept += 1
                collector.feed_many((line if line.endswith(b"\n") else line + b"\n",))
    print(f"read {kept:,} lines, dropped {dropped:,} summary lines ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    extra = collector.lines()
    print(f"derived {len(extra):,} summary lines ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    tmp = path.with_suffix(".nt.tmp")
    with open(path, "rb") as f, open(tmp, "wb") as out:
        out.writelines(heapq.merge((line for line in f if not is_summary(line)), extra))
    os.replace(tmp, path)
    print(f"wrote {path} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
