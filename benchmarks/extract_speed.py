"""How long `portkg extract` takes on long inputs (issue 11: 10 MB in ≤ 30 s, linear in size).

Builds inputs of 1, 2, 5 and 10 MB from the project's own source: a collection (the case
sections repeated, each with its 实施单位 block) and one single article (the same prose with the
实施单位 lines removed, so the whole input is one case), and times Extractor.extract on each.

    .venv/bin/python benchmarks/extract_speed.py [--sizes 1,2,5,10] [--json benchmarks/results-extract.json]

Prints wall time and CPU time (the process's own, which a loaded machine inflates less) with the load
average at the start of each run: on the shared 2-core machine wall time depends on what else runs.
The input repeats one document, so the word-boundary memo (measures._cuts_at) hits more often than on
a 10 MB file of distinct prose; `--fresh-memo` clears it before every run to time the cold case.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    from portkg.build import Project
    from portkg.extract import Extractor

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,2,5,10")
    ap.add_argument("--json", default=None)
    ap.add_argument("--fresh-memo", action="store_true", help="clear the word-boundary memo before each run")
    args = ap.parse_args()
    project = Project(ROOT)
    ex = Extractor.for_project(project)
    seed = (ROOT / "data" / "source" / "shandong-2024.txt").read_text(encoding="utf-8")
    body = seed[seed.index("推行整车出口“一票多车”便捷模式 提高通关便利化水平\n\n实施单位"):]
    article = "\n".join(line for line in body.splitlines() if not line.startswith("实施单位"))
    ex.extract(body[:20000])  # warm up: jieba's dictionary, OpenCC
    results = []
    for mb in (float(x) for x in args.sizes.split(",")):
        for kind, unit in (("collection", body), ("article", article)):
            n = int(mb * 1_000_000 / len(unit.encode("utf-8"))) + 1
            text = ("\n\n".join([unit] * n))
            text = text[: int(mb * 1_000_000 / 3)] if kind == "article" else text
            size = len(text.encode("utf-8")) / 1e6
            if args.fresh_memo:
                from portkg.extract import measures

                measures._CUTS.clear()
            load = os.getloadavg()[0]
            t0, c0 = time.perf_counter(), time.process_time()
            cases = ex.extract(text)
            dt, cpu = time.perf_counter() - t0, time.process_time() - c0
            n_out = sum(len(c.outcomes) for c in cases)
            results.append({"kind": kind, "mb": round(size, 2), "seconds": round(dt, 2), "cpu_seconds": round(cpu, 2),
                            "load": round(load, 1), "cases": len(cases), "outcomes": n_out, "s_per_mb": round(dt / size, 2)})
            print(f"{kind:10s} {size:6.2f} MB  {dt:7.2f} s wall  {cpu:7.2f} s cpu  ({dt / size:.2f} s/MB)  load {load:.1f}  "
                  f"{len(cases)} cases, {n_out} outcomes", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
