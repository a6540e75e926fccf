"""Benchmarks, run on demand (never in the test suite): build, validate, load and every named
query on each backend, at several multiples of the real corpus.

    .venv/bin/python benchmarks/run.py --scales 1,100 --runs 1      # about 20 minutes on 2 cores
    .venv/bin/python benchmarks/run.py --scales 1000 --backends http --bulk-server --runs 1

Every step logs a line to stderr as it starts and each query as it ends (progress). In one run it
measures each ratio it reports: rdflib against Oxigraph in memory, portkg's own time (binding
parameters, converting rows) against the raw Oxigraph call on the same query text, and validate
against build on the same corpus. Backends: memory, oxigraph:DIR, http (Oxigraph's server),
virtuoso (Debian's Virtuoso, src/portkg/virtuoso.py), rdflib.

Writes docs/benchmarks.md (a Markdown table per scale) and benchmarks/results-SCALE.json.
Times are medians of --runs runs; memory is the peak resident size of the process doing the
work (the command, the server, or the query process), from wait4().
"""
from __future__ import annotations

import argparse
import json
import shutil
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORTKG = [sys.executable, "-m", "portkg.cli"]
PARAMS = {"replication-gaps": {"city": "威海"}, "case-card": {"case": "sd-2024-06"}}
# on a synthetic corpus (no sd-2024): the first case, and the city with the most cases
SYNTH_PARAMS = {
    "case-card": ("case", "SELECT ?id WHERE { ?c a <https://w3id.org/portkg/ontology#Case> ; "
                          "<http://purl.org/dc/terms/identifier> ?n ; <https://w3id.org/portkg/ontology#inSource> ?s "
                          "BIND (CONCAT(STRAFTER(STR(?s), '/source/'), '-', ?n) AS ?id) } ORDER BY ?id LIMIT 1"),
    "replication-gaps": ("city", "SELECT ?l WHERE { ?c a <https://w3id.org/portkg/ontology#Case> ; "
                                 "<https://w3id.org/portkg/ontology#locatedIn> ?x . "
                                 "?x a <https://w3id.org/portkg/ontology#City> ; "
                                 "<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER (lang(?l) = 'zh') } "
                                 "GROUP BY ?l ORDER BY DESC(COUNT(?c)) ?l LIMIT 1"),
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_measured(cmd: list[str], timeout: float | None = None, env=None) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time (s) and peak RSS (MB) of one child process, from wait4()."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    chunks = {"out": b"", "err": b""}

    def drain(name, stream):
        chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=("out", proc.stdout)),
               threading.Thread(target=drain, args=("err", proc.stderr))]
    for t in readers:
        t.start()
    timer = threading.Timer(timeout, proc.kill) if timeout else None
    if timer:
        timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if timer:
        timer.cancel()
    for t in readers:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode == -9 and timeout:
        elapsed = float("inf")
    return elapsed, usage.ru_maxrss // 1024, subprocess.CompletedProcess(cmd, proc.returncode, chunks["out"], chunks["err"])


def median_run(cmd, runs, timeout=None):
    times, peak, last = [], 0, None
    for _ in range(runs):
        t, m, last = run_measured(cmd, timeout)
        if last.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, cmd))} failed: {last.stderr.decode()[-400:]}")
        times.append(t)
        peak = max(peak, m)
    return statistics.median(times), peak


QUERY_CHILD = r"""
import json, signal, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from portkg.query import find_query, list_queries, run
from portkg.store import open_store, DEFAULT_GRAPH
backend, nt, runs, limit = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
params = json.loads(sys.argv[6])
synth = json.loads(sys.argv[7])
qdir = Path(sys.argv[1]).parent / "queries"
t0 = time.perf_counter()
store = open_store(backend)
if backend in ("memory", "rdflib"):
    store.load_ntriples(nt)
load_s = time.perf_counter() - t0
if not store.query("ASK { <https://w3id.org/portkg/case/sd-2024-06> ?p ?o }").boolean:
    for name, (param, sparql) in synth.items():
        params[name] = {param: str(store.query(sparql).rows[0][0])}
class Slow(BaseException): pass  # not an Exception: the store must not wrap it
def alarm(*_): raise Slow()
signal.signal(signal.SIGALRM, alarm)
out = {"load_s": load_s, "queries": {}, "params": params}
from portkg.query import bind
queries = []
for q in list_queries(qdir):
    queries.append((q.name, q, params.get(q.name, {})))
    for p in q.params:  # a paged listing: its default page, and the whole listing as a row of its own
        if p.type == "limit":
            queries.append((f"{q.name} ({p.name}=all)", q, {**params.get(q.name, {}), p.name: "all"}))
for i, (name, q, values) in enumerate(queries, 1):
    times, raw, failed = [], [], None
    for _ in range(runs):
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            t = time.perf_counter(); res = run(store, q, values); times.append(time.perf_counter() - t)
            rows = len(res.rows)
            if hasattr(store, "store"):  # the raw engine on the same bound text: portkg's overhead
                text = bind(q, values, store)
                t = time.perf_counter()
                sol = store.store.query(text, use_default_graph_as_union=True)
                for row in sol:
                    for v in row:
                        pass
                raw.append(time.perf_counter() - t)
        except Slow:
            times = None; rows = None; break
        except Exception as err:  # a server that refuses a query (Virtuoso's row-length limit): record it
            times = None; rows = None; failed = str(err).split("\n")[0][-160:]; break
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    else:
        failed = None
    out["queries"][name] = {"median_s": statistics.median(times) if times else None, "rows": rows,
                            "first_s": times[0] if times else None,
                            "raw_s": statistics.median(raw) if raw and times else None, "error": failed}
    m = out["queries"][name]["median_s"]
    print(f"[{time.strftime('%H:%M:%S')}]   {backend}: {name} ({i}/{len(queries)}) "
          f"{'> %.0f s' % limit if m is None else '%.3f s' % m}, {rows} rows", file=sys.stderr, flush=True)
import resource
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(out))
"""


def query_backend(backend: str, nt: Path, runs: int, limit: float) -> dict:
    cmd = [sys.executable, "-c", QUERY_CHILD, str(ROOT / "src"), backend, str(nt), str(runs), str(limit),
           json.dumps(PARAMS, ensure_ascii=False), json.dumps(SYNTH_PARAMS)]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=None, text=True, cwd=ROOT)  # progress shows
    if res.returncode != 0:
        raise RuntimeError(f"queries on {backend} failed (see above)")
    return json.loads(res.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(location: Path, fresh: bool = True) -> tuple[subprocess.Popen, str]:
    if fresh:
        shutil.rmtree(location, ignore_errors=True)  # a fresh store: an old one may need a long recovery
    port = free_port()
    proc = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).read()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("oxigraph server did not start")


def bench_scale(scale: int, args) -> dict:
    work = ROOT / "build" / "bench" / str(scale)
    work.mkdir(parents=True, exist_ok=True)
    saved = ROOT / "benchmarks" / f"results-{scale}.json"
    r: dict = {"scale": scale}
    stamp = {"command": "python benchmarks/run.py " + " ".join(sys.argv[1:]), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    if args.resume and saved.exists():
        r = json.loads(saved.read_text(encoding="utf-8"))
        log(f"scale {scale}: resuming, done so far: {sorted(k for k in r if k != 'scale')}")
    r.update(stamp)
    r["limit"] = args.limit  # this run's limit: the tables show a stopped query as "> limit"
    r["runs"] = args.runs
    save = lambda: saved.write_text(json.dumps(r, indent=1, ensure_ascii=False), encoding="utf-8")  # noqa: E731
    with_project = scale <= args.max_build_scale
    nt = work / "portkg.nt"
    if "synth_s" in r and nt.exists():
        return _bench_rest(scale, args, work, r, save, with_project)
    log(f"scale {scale}: synth")
    t, m, res = run_measured([*PORTKG, "synth", "--scale", str(scale), "-o", str(work), "--seed", "1",
                              *(["--project-tree"] if with_project else [])])
    if res.returncode != 0:
        raise RuntimeError(res.stderr.decode()[-500:])
    r.update(stamp)
    r["synth_s"], r["triples"] = t, sum(1 for _ in open(nt, "rb"))
    save()
    return _bench_rest(scale, args, work, r, save, with_project)


def _bench_rest(scale, args, work, r, save, with_project) -> dict:
    nt = work / "portkg.nt"
    if with_project and "build_s" not in r:
        log(f"scale {scale}: build")
        r["build_s"], r["build_mb"] = median_run([*PORTKG, "build", "--project", str(work / "project"), "--out",
                                                  str(work / "out"), *(["--no-site"] if scale > 1 else [])],
                                                 args.runs if scale == 1 else 1)
        save()
    if with_project and scale <= args.max_validate_scale and "validate_s" not in r:
        if True:
            log(f"scale {scale}: validate")
            r["validate_s"], r["validate_mb"] = median_run([*PORTKG, "validate", "--project", str(work / "project")],
                                                           args.runs if scale == 1 else 1)
    if scale == 1 and "cold_query_s" not in r:
        log("scale 1: cold commands (on the real project's graph)")
        r["cold_build_s"], _ = median_run([*PORTKG, "build", "--out", str(work / "real")], args.runs)
        r["cold_query_s"] = {}
        for name in ("cross-city-measures", "case-card", "replication-gaps"):
            extra = sum((["-p", f"{k}={v}"] for k, v in PARAMS.get(name, {}).items()), [])
            r["cold_query_s"][name], _ = median_run([*PORTKG, "query", name, *extra, "--graph",
                                                     str(work / "real" / "portkg.nt"), "--format", "csv"], args.runs)
    save()
    r.setdefault("backends", {})
    for backend in args.backends:
        if backend in r["backends"]:
            continue
        log(f"scale {scale}: {backend}")
        if backend == "rdflib" and (args.no_rdflib or scale > args.max_rdflib_scale):
            continue
        if backend == "http" and args.bulk_server:
            # large corpora: Oxigraph's bulk loader fills the server's directory before it starts
            # (a Graph Store Protocol PUT is one in-memory transaction on the server)
            shutil.rmtree(work / "server", ignore_errors=True)
            t, m, res = run_measured([str(BIN / "oxigraph"), "load", "--location", str(work / "server"), "--file",
                                      str(nt), "--graph", "https://w3id.org/portkg/graph/main"])
            if res.returncode != 0:
                raise RuntimeError(res.stderr.decode()[-500:])
            proc, url = start_server(work / "server", fresh=False)
            try:
                out = query_backend(url, nt, args.runs, args.limit)
                out["load_s"], out["peak_mb"], out["load"] = t, m, "oxigraph load (bulk), then serve"
            finally:
                proc.terminate()
                proc.wait()
        elif backend == "http":
            proc, url = start_server(work / "server")
            try:
                t, _ = median_run([*PORTKG, "load", "--store", url, "--file", str(nt), "--timeout", "3600"], 1)
                out = query_backend(url, nt, args.runs, args.limit)
                out["load_s"] = t
                out["server_pid"] = proc.pid
                status = Path(f"/proc/{proc.pid}/status").read_text()
                out["peak_mb"] = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) // 1024
            finally:
                proc.terminate()
                proc.wait()
        elif backend == "virtuoso":
            sys.path.insert(0, str(ROOT / "src"))
            from portkg.virtuoso import VirtuosoServer

            shutil.rmtree(work / "virtuoso-db", ignore_errors=True)
            server = VirtuosoServer(work / "virtuoso-db", buffers=400000 if scale >= 100 else 20000, allow_dirs=(work,))
            server.start()
            try:
                t0 = time.perf_counter()
                server.bulk_load(nt, "https://w3id.org/portkg/graph/main")
                load_s = time.perf_counter() - t0
                out = query_backend(server.query_url, nt, args.runs, args.limit)
                out["load_s"], out["load"] = load_s, "Virtuoso bulk loader (ld_dir, rdf_loader_run)"
                status = Path(f"/proc/{server.proc.pid}/status").read_text()
                out["peak_mb"] = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) // 1024
            finally:
                server.stop()
        elif backend == "oxigraph:DIR":
            spec = f"oxigraph:{work / 'disk'}"
            t, _ = median_run([*PORTKG, "load", "--store", spec, "--file", str(nt)], 1)
            out = query_backend(spec, nt, args.runs, args.limit)
            out["load_s"] = t
        else:
            out = query_backend(backend, nt, args.runs, args.limit)
        out["runs"] = args.runs  # per backend: a --resume run may add one with other --runs
        r["backends"][backend] = out
        save()
    r["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    save()
    return r


def fmt_s(x) -> str:
    if x is None:
        return "—"
    if x == float("inf"):
        return "timeout"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def markdown(results: list[dict], args) -> str:
    lines = [f"Measured with `benchmarks/run.py` on {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}. Synthetic corpora from `portkg synth` (distinct sources per province "
             "and year, cases in 332 cities, a long tail of measures; every quote in its synthetic text). Times in "
             "seconds (wall clock), medians of the runs given; memory is peak RSS in MB. A query stopped after the "
             "limit shows as `> N`. Each scale's section names the command that made it, the date and the load "
             "average while it ran (the machine is shared).", ""]
    for r in results:
        lines += [f"## Scale {r['scale']}× ({r['triples']:,} triples)", ""]
        if r.get("command"):
            lines += [f"`{r['command']}` — {r.get('date', '')}, load average {r.get('load', '?')}", ""]
        else:
            lines += ["(an older run of an earlier benchmark: synthetic copies of the real corpus, before the "
                      "build-time summaries; kept until this scale is measured again)", ""]
        # (a step measured by hand, outside run.py, says so in its label: results-N.json's synth_label, build_label)
        rows = [(r.get("synth_label", "synth"), fmt_s(r.get("synth_s")), "")]
        if "build_s" in r:
            rows.append((r.get("build_label", "build (graph" + (" + site" if r["scale"] == 1 else "") + ")"),
                         fmt_s(r["build_s"]), str(r.get("build_mb", ""))))
        if "validate_s" in r:
            rows.append(("validate", fmt_s(r["validate_s"]), str(r.get("validate_mb", ""))))
            if r.get("build_s"):
                rows.append(("validate / build (the build above, same run)", f"{r['validate_s'] / r['build_s']:.2f}×", ""))
        if "cold_build_s" in r:
            rows.append(("`portkg build` on the real project (cold command)", fmt_s(r["cold_build_s"]), ""))
        for name, t in r.get("cold_query_s", {}).items():
            rows.append((f"`portkg query {name}` (cold command)", fmt_s(t), ""))
        for b, out in r.get("backends", {}).items():
            rows.append((f"load into {b}" + (f" ({out['load']})" if out.get("load") else ""), fmt_s(out.get("load_s")),
                         str(out.get("peak_mb", ""))))
        lines += ["| step | seconds | peak MB |", "|---|---|---|", *[f"| {a} | {b} | {c} |" for a, b, c in rows], ""]
        backends = list(r.get("backends", {}))
        names = sorted({n for out in r.get("backends", {}).values() for n in out["queries"]})
        has_raw = "memory" in backends and any(q.get("raw_s") is not None for q in r["backends"]["memory"]["queries"].values())
        has_rdflib = "rdflib" in backends and "memory" in backends
        # a server's first run of each query (after the queries before it), beside the median
        runs = {b: r["backends"][b].get("runs", r.get("runs", 1)) for b in backends}
        firsts = [b for b in backends if (b.startswith("http") or b == "virtuoso") and runs[b] > 1 and
                  any(q.get("first_s") for q in r["backends"][b]["queries"].values())]
        head = ["query", "rows", *backends] + [f"{b}, first of {runs[b]} runs" for b in firsts] + \
            (["rdflib / memory"] if has_rdflib else []) + (["raw Oxigraph (memory)", "portkg / raw"] if has_raw else [])
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        limit = r.get("limit", args.limit)
        for n in names:
            cells, rows_n = [], None
            for b in backends:
                q = r["backends"][b]["queries"].get(n, {})
                rows_n = rows_n if rows_n is not None else q.get("rows")
                cells.append(fmt_s(q.get("median_s")) if q.get("median_s") is not None else
                             "error" if q.get("error") else f"> {limit:.0f}")
            for b in firsts:
                q = r["backends"][b]["queries"].get(n, {})
                cells.append(fmt_s(q["first_s"]) if q.get("first_s") is not None else f"> {limit:.0f}")
            if has_rdflib:
                m = r["backends"]["memory"]["queries"][n]["median_s"]
                f = r["backends"]["rdflib"]["queries"].get(n, {}).get("median_s")
                cells.append(f"{'>' if f is None else ''}{((f or limit) / max(m or 1e-4, 1e-4)):.0f}×")
            if has_raw:
                q = r["backends"]["memory"]["queries"][n]
                cells += [fmt_s(q.get("raw_s")), f"{q['median_s'] / max(q['raw_s'], 1e-4):.2f}×" if q.get("raw_s") else "—"]
            lines.append(f"| {n} | {rows_n} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1,100")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=float, default=60.0, help="seconds before a query counts as too slow")
    ap.add_argument("--backends", default="memory,oxigraph:DIR,http,virtuoso,rdflib")
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--max-rdflib-scale", type=int, default=100)
    ap.add_argument("--max-build-scale", type=int, default=100)
    ap.add_argument("--max-validate-scale", type=int, default=10)
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    ap.add_argument("--resume", action="store_true", help="keep the steps already saved in benchmarks/results-N.json")
    ap.add_argument("--tables-only", action="store_true",
                    help="measure nothing: rewrite the tables in --out from benchmarks/results-N.json")
    ap.add_argument("--bulk-server", action="store_true",
                    help="fill the server's store with `oxigraph load` before starting it (for 1000x)")
    args = ap.parse_args()
    args.backends = args.backends.split(",")
    results = []
    for s in ([] if args.tables_only else (int(x) for x in args.scales.split(","))):
        results.append(bench_scale(s, args))
    previous = sorted((p for p in ROOT.glob("benchmarks/results-*.json") if p.stem.split("-")[1].isdigit()),
                      key=lambda p: int(p.stem.split("-")[1]))  # results-extract.json etc. are other benchmarks
    merged = {r["scale"]: r for r in (json.loads(p.read_text()) for p in previous)}
    merged.update({r["scale"]: r for r in results})
    write_between_markers(Path(args.out), markdown([merged[k] for k in sorted(merged)], args))
    log(f"wrote {args.out}")


BEGIN = "<!-- benchmarks/run.py writes from here to the end marker; edit the notes outside it -->"
END = "<!-- end of what benchmarks/run.py writes -->"


def write_between_markers(path: Path, generated: str) -> None:
    """Replace only the text between the markers: hand-written notes before and after stay."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
    else:  # first run on a file without markers: keep its notes (from "## Notes" on) after the tables
        head = "# Benchmarks\n\n"
        tail = "\n\n" + text[text.index("## Notes"):] if "## Notes" in text else "\n"
    path.write_text(f"{head}{BEGIN}\n{generated}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
