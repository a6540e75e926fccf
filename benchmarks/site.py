"""Site benchmark, run on demand (never in the test suite): how long `portkg build` spends on the
site, how big its pages are, and how soon each kind of page is usable in headless Chromium.

    .venv/bin/python benchmarks/site.py [--runs 3] [--pages 3]

Targets (issue 10): the whole site in <= 1.5 s of build time, the largest page <= 1 MB, every page
interactive in <= 1 s. "Interactive" is the moment the page's own scripts are done: the tables
initialised (DataTables, facets, URL state) or the graph drawn, measured from navigation start.
Writes benchmarks/results-site.json and docs/site-benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMITS = {"build_s": 1.5, "largest_page_bytes": 1_000_000, "interactive_s": 1.0}


def kind_of(path: str) -> str:
    if "/" not in path:
        return path[:-5] if path.endswith(".html") else path
    return path.split("/", 1)[0] + ("/" + path.split("/")[1].split("-", 1)[0] if path.startswith("graphs/") else "")


def time_build(runs: int) -> dict:
    from portkg.build import Project, build_graph, serialise
    from portkg.site import graphs as graphs_pages, site_files

    project = Project(ROOT)
    result = build_graph(project)
    nt = serialise(result.graph, "nt")
    totals, graph_times = [], []
    real = graphs_pages.render
    files = {}
    for _ in range(runs):
        spent = {}

        def timed(site, *args, _spent=spent):
            t = time.perf_counter()
            real(site, *args)
            _spent["graphs"] = time.perf_counter() - t

        graphs_pages.render = timed
        try:
            t = time.perf_counter()
            files = site_files(result, project, nt)
            totals.append(time.perf_counter() - t)
        finally:
            graphs_pages.render = real
        graph_times.append(spent.get("graphs", 0.0))
    total, graphs = statistics.median(totals), statistics.median(graph_times)
    return {"files": files, "site_s": round(total, 3), "graph_views_s": round(graphs, 3),
            "pages_without_graph_views_s": round(total - graphs, 3), "runs": runs,
            "n_files": len(files), "n_pages": sum(1 for p in files if p.endswith(".html")),
            "bytes": sum(len(v) for v in files.values())}


def sizes(files: dict[str, bytes]) -> dict:
    by_kind = defaultdict(list)
    for path, data in files.items():
        if path.endswith(".html"):
            by_kind[kind_of(path)].append((len(data), path))
    out = {}
    for kind, items in sorted(by_kind.items()):
        items.sort(reverse=True)
        out[kind] = {"pages": len(items), "largest_bytes": items[0][0], "largest": items[0][1],
                     "median_bytes": int(statistics.median(n for n, _ in items))}
    return out


def interactive(files: dict[str, bytes], per_kind: int) -> dict:
    from playwright.sync_api import sync_playwright

    site = Path(tempfile.mkdtemp(prefix="portkg-site-bench-"))
    for rel, data in files.items():
        p = site / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    by_kind = defaultdict(list)
    for path, data in sorted(files.items(), key=lambda kv: -len(kv[1])):
        if path.endswith(".html"):
            by_kind[kind_of(path)].append(path)
    out = {}
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                               args=["--no-sandbox", "--disable-gpu"])
        ctx = b.new_context(offline=True, viewport={"width": 1440, "height": 900})
        page = ctx.new_page()
        page.goto((site / "index.html").as_uri())  # warm the browser once
        for kind, paths in sorted(by_kind.items()):
            times = []
            for path in paths[:per_kind]:  # the largest pages of each kind
                page.goto("about:blank")
                page.goto((site / path).as_uri(), wait_until="commit")
                page.wait_for_function(
                    "document.readyState === 'complete' && (!document.querySelector('section.ptable') || "
                    "document.body.dataset.tablesReady === '1') && (!document.getElementById('graph') || "
                    "document.body.dataset.ready === '1')", timeout=30000)
                ms = page.evaluate("performance.now()")
                times.append(ms / 1000)
            out[kind] = {"pages_timed": len(times), "max_s": round(max(times), 3), "median_s": round(statistics.median(times), 3)}
        b.close()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="build runs (median reported)")
    ap.add_argument("--pages", type=int, default=3, help="largest pages of each kind timed in Chromium")
    args = ap.parse_args(argv)
    build = time_build(args.runs)
    files = build.pop("files")
    size = sizes(files)
    ready = interactive(files, args.pages)
    largest = max(v["largest_bytes"] for v in size.values())
    slowest = max(v["max_s"] for v in ready.values())
    res = {"machine": f"{platform.machine()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
           "date": time.strftime("%Y-%m-%d %H:%M"), "build": build, "sizes": size, "interactive": ready,
           "limits": LIMITS, "met": {"build": build["site_s"] <= LIMITS["build_s"],
                                     "size": largest <= LIMITS["largest_page_bytes"],
                                     "interactive": slowest <= LIMITS["interactive_s"]}}
    (ROOT / "benchmarks" / "results-site.json").write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n")
    lines = ["# Site benchmark", "", f"{res['date']}, {res['machine']} (`benchmarks/site.py`).", "",
             f"- site build: {build['site_s']} s (graph views {build['graph_views_s']} s, other pages "
             f"{build['pages_without_graph_views_s']} s); {build['n_pages']} pages, {build['n_files']} files, "
             f"{build['bytes'] / 1e6:.1f} MB — target ≤ {LIMITS['build_s']} s",
             f"- largest page: {largest / 1e3:.0f} KB — target ≤ 1 MB",
             f"- slowest time to interactive: {slowest:.2f} s — target ≤ 1 s", "",
             "| page kind | pages | largest page | median page | interactive (max of largest) | median |",
             "|---|---|---|---|---|---|"]
    for kind in sorted(size):
        s, r = size[kind], ready.get(kind, {})
        lines.append(f"| {kind} | {s['pages']} | {s['largest_bytes'] / 1e3:.0f} KB (`{s['largest']}`) | "
                     f"{s['median_bytes'] / 1e3:.0f} KB | {r.get('max_s', '')} s | {r.get('median_s', '')} s |")
    (ROOT / "docs" / "site-benchmarks.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
