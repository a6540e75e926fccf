"""Graph and map pages: size per page kind and time to interactive in headless Chromium.

    .venv/bin/python benchmarks/graph_pages.py build/site [--runs 3]

Time to interactive: from navigation start (the page's own clock, performance.now()) until the
page is ready: graph pages record it at vis-network's first drawing with positions, filters and
URL state applied (``body[data-ready-ms]``); the map has no script, so its load event. Pages open from file:// in a fresh offline
context, like a reader's download. Prints one JSON document (sizes in bytes, times in seconds).
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
from pathlib import Path

KINDS = {"overview": "graphs/all.html", "case": "graphs/case/", "city": "graphs/place/",
         "measure": "graphs/measure/", "agency": "graphs/agency/", "map": "map.html"}


def kind_of(rel: str) -> str | None:
    for kind, prefix in KINDS.items():
        if rel == prefix or (prefix.endswith("/") and rel.startswith(prefix)):
            return kind
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    pages: dict[str, list[Path]] = {}
    for p in sorted(args.site.rglob("*.html")):
        kind = kind_of(p.relative_to(args.site).as_posix())
        if kind:
            pages.setdefault(kind, []).append(p)
    shared = args.site / "static"
    out = {"shared_static_bytes": {p.name: p.stat().st_size for p in sorted(shared.glob("*")) if p.is_file()},
           "kinds": {}}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        for kind, files in pages.items():
            sizes = [f.stat().st_size for f in files]
            # time the largest and the median page of the kind
            by_size = sorted(files, key=lambda f: f.stat().st_size)
            probe = sorted({by_size[-1], by_size[len(by_size) // 2]})
            times = {}
            for f in probe:
                runs = []
                for _ in range(args.runs):
                    ctx = browser.new_context(offline=True, viewport={"width": 1440, "height": 900})
                    page = ctx.new_page()
                    page.goto(f.as_uri())
                    if kind != "map":
                        page.wait_for_function("document.body.dataset.ready === '1'", timeout=30000)
                        runs.append(int(page.evaluate("document.body.dataset.readyMs")) / 1000)
                    else:
                        runs.append(page.evaluate("performance.timing.loadEventEnd - performance.timing.navigationStart") / 1000)
                    ctx.close()
                times[f.relative_to(args.site).as_posix()] = round(statistics.median(runs), 3)
            out["kinds"][kind] = {"pages": len(files), "bytes_max": max(sizes), "bytes_median": int(statistics.median(sizes)),
                                  "bytes_total": sum(sizes), "tti_s": times}
        browser.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
