"""The `portkg` command: a thin layer that parses options, calls the library and reports.

Heavy libraries (rdflib, pyshacl, networkx, pyvis) are imported inside the commands that
need them, so that `portkg --help` and quick commands start fast.
"""
from __future__ import annotations

import errno
import os
import re
import signal
import sys
import time
from pathlib import Path

import click

from .errors import InputError, PortkgError, describe_os_error

EXIT_VIOLATIONS = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM
EXIT_BUG = 70  # EX_SOFTWARE: an internal error, not the user's input


def _project(project_dir: str | None):
    from .build import Project, find_project_root

    return Project(Path(project_dir).resolve() if project_dir else find_project_root())


def _fail(err: PortkgError):
    click.echo(f"error: {err.render()}", err=True)
    sys.exit(EXIT_INPUT)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised as an exception so that every `finally:` removes its temporary files."""


def _on_sigterm(signum, frame):
    raise Terminated()


class PortkgGroup(click.Group):
    """The one error boundary: whatever goes wrong below becomes one message, never a traceback.

    - PortkgError (InputError, OutputError, StoreError …): its message, exit 2;
    - any other OSError (a read-only or full disk, a directory in the way …): the path, what
      failed and how to fix it, exit 2;
    - Ctrl-C: exit 130 (SIGTERM: 143), after every temporary file was removed;
    - anything else is a bug in portkg: one line saying so, exit 70 (PORTKG_DEBUG=1 shows the traceback).
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PortkgError as err:
            _fail(err)
        except OSError as err:
            if err.errno == errno.EPIPE:  # `portkg … | head`: click handles a closed stdout quietly
                raise
            _fail(describe_os_error(err))
        except Terminated:
            click.echo("terminated: the previous output is unchanged and temporary files were removed", err=True)
            sys.exit(EXIT_TERMINATED)
        except KeyboardInterrupt:
            click.echo("interrupted: the previous output is unchanged and temporary files were removed", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except MemoryError:
            _fail(InputError(None, None, None, "out of memory", "the input is too large: split it, or use a "
                             "smaller --scale"))
        except RecursionError:
            _fail(InputError(None, None, None, "the input is nested too deeply",
                             "flatten it (fewer nested brackets or groups)"))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as err:  # noqa: BLE001 - the last line of defence against tracebacks
            if os.environ.get("PORTKG_DEBUG"):
                raise
            click.echo(f"internal error (a bug in portkg, not in your input): {type(err).__name__}: {err}\n"
                       "  fix: please report it with the command you ran; PORTKG_DEBUG=1 shows the traceback",
                       err=True)
            sys.exit(EXIT_BUG)


project_option = click.option("--project", "project_dir", type=click.Path(file_okay=False, exists=True),
                              help="Project directory (default: the one containing the current directory).")
format_option = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]),
                             default="table", show_default=True, help="How to print rows.")


@click.group(cls=PortkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="portkg")
def cli():
    """portkg: a knowledge graph of port and trade-facilitation reforms.

    Every case, agency role, measure and outcome carries a verbatim quote of its source.

    Example:

        portkg build && portkg validate && portkg stats
    """


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="build", show_default=True,
              help="Output directory.")
@click.option("--no-site", is_flag=True, help="Write only the graph files, not build/site/.")
@project_option
def build(out_dir, no_site, project_dir):
    """Build the graph (build/portkg.ttl, .nt, .jsonld; byte-identical every run) and the site.

    Reads data/source, data/*.yaml, data/cases/*.yaml and ontology/*.ttl; refuses to run if
    the source text's checksum changed. Then writes build/site/: index, a page per case,
    the source with every quoted passage anchored, and the interactive graph views, all
    working offline. Publishes atomically: graph files and site appear together in one step,
    and a failed or interrupted build leaves the last good output untouched. Other files in
    the output directory are kept; with --no-site an old site/ is removed (it would not match).

    Example:

        portkg build --out build
    """
    from .build import build_graph, graph_file_writers
    from .publish import _stage, publish_build

    from .publish import check_out_dir

    t0 = time.perf_counter()
    project = _project(project_dir)
    out = Path(out_dir)
    if not out.is_absolute():
        out = Path.cwd() / out
    check_out_dir(out)  # a file in the way fails now, not after the whole build
    result = build_graph(project)
    files = graph_file_writers(result)  # written straight into the staging copy by publish_build
    _stage("graph-built")
    site = None
    if not no_site:
        from .site import site_files

        site = site_files(result, project, result.ntriples)
        files.update({f"site/{rel}": data for rel, data in site.items()})
        _stage("site-built")
    # graph files and site appear together, in one atomic step (the old ones stay until then)
    publish_build(out, files)
    click.echo(f"built {result.triples} triples from {len(result.case_files)} case files "
               f"in {time.perf_counter() - t0:.2f} s → {out / 'portkg.ttl'}"
               + (f", {len(site)} site files → {out / 'site' / 'index.html'}" if site else ""))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["human", "json", "ttl"]), default="human", show_default=True,
              help="Report format: human-readable, or JSON / SHACL Turtle for machines.")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False),
              help="Validate this built graph file instead of building from the case files.")
@click.option("--changed", is_flag=True,
              help="Check case by case and re-check only case files changed since the last --changed run "
                   "(cache in build/.validate-cache.json): for large corpora.")
@click.option("--engine", type=click.Choice(["sparql", "pyshacl", "pyrudof"]), default="sparql", show_default=True,
              help="SHACL engine: sparql (the shapes as whole-graph SPARQL queries on Oxigraph, pySHACL for any "
                   "shape it cannot translate; tested to report what pySHACL reports on every fixture), pyshacl "
                   "(the reference, slower) or pyrudof (Rust, optional: pip install pyrudof).")
@click.option("--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Processes for checking case files in parallel (0: one per core when there are at least "
                   "200 case files; 1: one process).")
@project_option
def validate(fmt, graph_file, changed, engine, jobs, project_dir):
    """Validate with SHACL (shapes/) and integrity checks (quotes equal the source at their offsets).

    Exit 0 when the graph conforms, 1 on violations, 2 on a usage or input error. Each
    violation names the case file, line and field to fix. From 200 case files on, the case
    files are checked in parallel, one process per core (--jobs); the findings are the same.

    Example:

        portkg validate --format json
    """
    from .validate import load_graph_file, validate_graph, validate_project

    project = _project(project_dir)
    results = None
    if engine == "pyrudof" and (fmt == "ttl" or changed):
        raise InputError(None, None, "--engine", "--engine pyrudof gives no SHACL Turtle report and no --changed",
                         "use the default engine (pyshacl) for --format ttl and --changed")
    from .validate import PARALLEL_FROM, default_jobs

    procs = jobs or default_jobs()
    if changed:
        from .validate import validate_changed

        report, checked, reused = validate_changed(project, project.root / "build" / ".validate-cache.json", procs)
        click.echo(f"checked {checked} case file(s), {reused} unchanged from the cache", err=True)
    elif graph_file:
        g = load_graph_file(Path(graph_file))
        _check_numbers(g, graph_file)
        report, results = validate_graph(g, project, engine=engine)
    elif engine == "sparql" and fmt != "ttl" and procs > 1 and (jobs > 1 or len(project.cases) >= PARALLEL_FROM):
        from .validate import validate_parallel

        report = validate_parallel(project, procs)
    else:
        report, results = validate_project(project, engine)
    if fmt == "json":
        click.echo(report.json())
    elif fmt == "ttl":
        click.echo(report.turtle(results))
    else:
        click.echo(report.human())
    sys.exit(0 if report.conforms else EXIT_VIOLATIONS)


def _check_numbers(g, origin) -> None:
    """A graph file's numeric literals must be numbers: NaN, INF or "abc"^^xsd:decimal crash the SHACL engine."""
    from decimal import Decimal, InvalidOperation

    from rdflib import XSD, Literal

    numeric = {XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.nonNegativeInteger, XSD.int, XSD.long}
    for s_, p_, o in g:
        if isinstance(o, Literal) and o.datatype in numeric:
            try:
                ok = Decimal(str(o)).is_finite() if o.datatype not in (XSD.double, XSD.float) else \
                    str(o).strip() not in ("", "NaN") and float(str(o)) == float(str(o))
            except (InvalidOperation, ValueError):
                ok = False
            if not ok or o.ill_typed:
                raise InputError(origin, None, None, f"{s_} {p_} has {str(o)!r}, which is not a valid {o.datatype.split('#')[-1]}",
                                 "rebuild the graph with `portkg build` (it refuses NaN and infinities)")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "csv", "graphml", "gexf"]), default="ttl",
              show_default=True, help="RDF serialisation, one CSV per class, or a network for Gephi.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file (a directory for csv); default stdout.")
@project_option
def export(fmt, output, project_dir):
    """Export the graph (built from the current case files).

    ttl, nt and jsonld are RDF; csv writes one table per class (UTF-8 with BOM, for Excel)
    into a directory; graphml and gexf are networks of cases, agencies, places, measures,
    categories and outcomes for Gephi.

    Example:

        portkg export --format csv -o build/csv
    """
    from .build import build_graph, serialise, write_atomically

    g = build_graph(_project(project_dir)).graph
    if fmt == "csv":
        if not output:
            raise InputError(None, None, "-o", "csv writes one file per class", "give a directory: -o build/csv")
        from .export import csv_files

        target = Path(output).resolve()
        if target.exists() and not target.is_dir():
            raise InputError(target, None, "-o", "csv writes one file per class into a directory, and this is a file",
                             "give a directory (new or existing): -o build/csv")
        files = csv_files(g, target)
        write_atomically(files)
        click.echo(f"wrote {len(files)} CSV files to {output}", err=True)
        return
    if fmt in ("graphml", "gexf"):
        from .export import network_bytes

        data = network_bytes(g, fmt)
    else:
        data = serialise(g, fmt)
    if output:
        write_atomically({Path(output).resolve(): data})
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@cli.command()
@format_option
@project_option
def stats(fmt, project_dir):
    """Counts per class, then per case (agencies, places, measures, outcomes, claims).

    Example:

        portkg stats --format markdown
    """
    from .build import build_graph
    from .output import render_rows
    from .stats import CASE_HEADERS, case_counts, class_counts

    g = build_graph(_project(project_dir)).graph
    if fmt == "json":  # one JSON document, not two arrays one after the other
        import json

        doc = {"classes": [dict(zip(["class", "count"], r)) for r in class_counts(g)],
               "cases": [dict(zip(CASE_HEADERS, r)) for r in case_counts(g)]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(render_rows(["class", "count"], class_counts(g), fmt), nl=False)
    click.echo()
    click.echo(render_rows(CASE_HEADERS, case_counts(g), fmt), nl=False)


store_option = click.option("--store", "store_spec", envvar="PORTKG_STORE", default=None,
                            help="Where to query: memory (default), rdflib, oxigraph:DIR or an http(s):// "
                                 "SPARQL endpoint; also $PORTKG_STORE.")
graph_option = click.option("--graph", "graph_file", type=click.Path(dir_okay=False), default=None,
                            help="Built graph to load into an in-memory store (default: build/portkg.nt).")


def _build_graph_files(project, out: Path) -> None:
    """Write build/portkg.{ttl,nt,jsonld} (for a command that needs them), in one atomic publish."""
    from .build import build_graph, graph_file_writers
    from .publish import publish_build

    click.echo("note: no build/portkg.nt yet, building it first", err=True)
    publish_build(out, graph_file_writers(build_graph(project)), entries=("portkg.ttl", "portkg.nt", "portkg.jsonld"))


def _store(store_spec, graph_file, project_dir):
    """Open a store with the project's graph; build it first if an in-memory store has nothing to load."""
    from .store import project_store

    if graph_file:
        path = Path(graph_file)
        return project_store(store_spec, path, None)
    project = _project(project_dir)
    path = project.root / "build" / "portkg.nt"

    def build_missing():
        _build_graph_files(project, path.parent)

    return project_store(store_spec, path, build_missing)


def _parse_params(params) -> dict[str, str]:
    values = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise InputError(None, None, "-p", f"malformed parameter {p!r}", "write -p name=value, e.g. -p city=威海")
        if key.strip() in values:
            raise InputError(None, None, f"-p {key}", f"parameter {key!r} given twice", "give each parameter once")
        values[key.strip()] = value
    return values


def _print_result(result, fmt):
    from .output import render_rows

    if result.ntriples is not None:
        click.echo(result.ntriples, nl=False)
    else:
        click.echo(render_rows(result.headers, result.rows, fmt), nl=False)


@cli.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
@click.option("--show", is_flag=True, help="Print the query text (with parameters bound) instead of running it.")
@format_option
@store_option
@graph_option
@project_option
def query(name, params, list_, show, fmt, store_spec, graph_file, project_dir):
    """Run a named analyst query from queries/ (portkg query --list shows them).

    Parameters are bound as RDF terms, never pasted into the query text; an unknown
    parameter or a value that names no case, city, measure or metric is refused.

    Example:

        portkg query replication-gaps -p city=威海 --format markdown
    """
    from .query import find_query, list_queries, run

    root = Path(project_dir).resolve() if project_dir else None
    directory = (root or _project(None).root) / "queries"
    if list_ or not name:
        from .output import render_rows

        queries = list_queries(directory)
        rows = [[q.name, f"{q.title_zh} | {q.title_en}", q.question,
                 ", ".join(f"{p.name}{'' if p.required else '?'}" + (f"={p.default}" if p.default else "")
                           for p in q.params)] for q in queries]
        if fmt == "table":  # one block per query, so that each question is printed whole
            for name, title, question, params in rows:
                click.echo(f"{name}  ({params or 'no parameters'})\n  {title}\n  {question}\n")
            return
        click.echo(render_rows(["name", "title", "question", "parameters"], rows, fmt, max_width=80), nl=False)
        return
    q = find_query(directory, name)
    store = _store(store_spec, graph_file, project_dir)
    if show:
        from .query import bind

        click.echo(bind(q, _parse_params(params), store))
        return
    values = _parse_params(params)
    result = run(store, q, values)
    _print_result(result, fmt)
    page = {p.type: p for p in q.params if p.type in ("limit", "offset")}
    if "limit" in page:  # a paged listing (queries/outcomes.rq): say how to get the rest
        limit = values.get(page["limit"].name, page["limit"].default or "all").strip()
        offset = values.get(page["offset"].name, page["offset"].default or "0").strip() if "offset" in page else "0"
        if limit.isdigit() and len(result.rows) >= int(limit) > 0:
            nxt = f"-p {page['offset'].name}={int(offset) + int(limit)} for the next, " if "offset" in page else ""
            click.echo(f"{name}: one page (at most {limit} from {offset}); {nxt}-p {page['limit'].name}=all for all",
                       err=True)


@cli.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE clauses (federated queries make requests to the URLs the query names).")
@format_option
@store_option
@graph_option
@project_option
def sparql(file, allow_service, fmt, store_spec, graph_file, project_dir):
    """Run any read-only SPARQL query from FILE (or - for standard input).

    SELECT and ASK print rows; CONSTRUCT and DESCRIBE print N-Triples. Updates are refused,
    and so is SERVICE (a request to another server) unless --allow-service is given.

    Example:

        echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | portkg sparql -
    """
    from .query import check_query
    from .source import read_text_input

    text = read_text_input(None if file == "-" else Path(file), "-" if file == "-" else None,
                           what="query file", limit=1024 * 1024)
    check_query(text, "<stdin>" if file == "-" else file, allow_service=allow_service)
    _print_result(_store(store_spec, graph_file, project_dir).query(text), fmt)


@cli.command()
@click.argument("text")
@format_option
@store_option
@graph_option
@project_option
def search(text, fmt, store_spec, graph_file, project_dir):
    """Find a word in labels and quotes: measures (with every wording), agencies, places, facts.

    Example:

        portkg search 单一窗口
    """
    from .query import find_query, run

    root = Path(project_dir).resolve() if project_dir else _project(None).root
    q = find_query(root / "queries", "search")
    _print_result(run(_store(store_spec, graph_file, project_dir), q, {"q": text}), fmt)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Write every table as CSV (UTF-8 with BOM) and JSON, plus summary.md, into DIR.")
@click.option("--table", "only", default=None,
              help="Print only this table: measure_spread, cooccurrence, case_similarity, communities, centrality.")
@format_option
@store_option
@graph_option
@project_option
def patterns(out_dir, only, fmt, store_spec, graph_file, project_dir):
    """Measure spread, co-occurrence, case similarity, communities and centrality (networkx).

    Co-occurrence uses lift with a one-sided hypergeometric test; similarity is the Jaccard
    index of measure sets; communities are Louvain with a fixed seed, so output is stable.

    Example:

        portkg patterns --out build/patterns
    """
    from .output import render_rows
    from .patterns import analyse, pattern_files

    result = analyse(_store(store_spec, graph_file, project_dir))
    if out_dir:
        from .build import write_atomically

        files = pattern_files(result, Path(out_dir).resolve())
        write_atomically(files)
        click.echo(f"wrote {len(files)} files to {out_dir} (summary: {Path(out_dir) / 'summary.md'})")
        return
    if only and only not in result.tables:
        raise InputError(None, None, "--table", f"no table {only!r}", f"use one of {', '.join(result.tables)}")
    if fmt == "json":  # one JSON document: {table name: rows}
        import json

        doc = {name: [dict(zip(t.headers, r)) for r in t.rows] for name, t in result.tables.items()
               if not only or name == only}
        click.echo(json.dumps(doc[only] if only else doc, ensure_ascii=False, indent=2, default=str))
        return
    for name, table in result.tables.items():
        if only and name != only:
            continue
        if fmt in ("table", "markdown") and not only:
            click.echo(f"\n## {name}\n")
        click.echo(render_rows(table.headers, table.rows, fmt), nl=False)


@cli.command()
@click.option("--view", type=click.Choice(["all", "case", "measure", "city", "agency"]), default="all",
              show_default=True, help="What to draw.")
@click.option("--focus", default=None,
              help="The case (its id, e.g. js-2024-01, or a number that only one source has), measure, city or "
                   "agency the view is about.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Label language.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Output HTML file (default: build/graph-VIEW[-FOCUS].html).")
@project_option
def viz(view, focus, lang, output, project_dir):
    """Write one self-contained interactive graph page (works offline, no CDN).

    The views the site has: the overview (measures applied in two or more cities, their cities
    and categories), a case, a city, a measure or an agency. A click on a node opens its facts
    and quoted evidence; filters by city, measure category and agency type; a zh/en toggle.

    Example:

        portkg viz --view measure --focus 直装直提 -o zhizhuang.html
    """
    from .build import build_graph, serialise, write_atomically
    from .site.graphs import standalone_page
    from .store import OxigraphStore

    if view == "all" and focus:
        raise InputError(None, None, "--focus", "--view all draws everything and has no focus",
                         "choose a view for the focus: --view case|measure|city|agency --focus …")
    project = _project(project_dir)
    store = OxigraphStore()
    store.load_ntriples_bytes(serialise(build_graph(project).graph, "nt"))
    html = standalone_page(store, view, focus, lang=lang)
    out = Path(output) if output else project.root / "build" / f"graph-{view}{'-' + focus if focus else ''}.html"
    write_atomically({out.resolve(): html.encode("utf-8")})
    click.echo(f"wrote {out}")


@cli.command()
@click.option("--store", "store_spec", envvar="PORTKG_STORE", required=True,
              help="oxigraph:DIR or an http(s):// SPARQL endpoint (Graph Store Protocol for the upload).")
@click.option("--graph", "graph_iri", default=None, help="Named graph to replace (default "
              "https://w3id.org/portkg/graph/main).")
@click.option("--file", "nt_file", type=click.Path(dir_okay=False), default=None,
              help="N-Triples to load (default: build/portkg.nt, built first if missing).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              help="Seconds to wait for the server (more than 0).")
@click.option("--gsp", "gsp_url", envvar="PORTKG_GSP", default=None,
              help="The server's Graph Store Protocol endpoint, where it is not found from --store "
                   "(Oxigraph: /store, Fuseki: /DATASET/data, Virtuoso: /sparql-graph-crud). Env: PORTKG_GSP.")
@project_option
def load(store_spec, graph_iri, nt_file, timeout, gsp_url, project_dir):
    """Put the built graph into a store, replacing the named graph (twice gives the same count).

    On a server the upload is one Graph Store Protocol PUT: the server swaps the graph or,
    on any error (unreachable, timeout, 4xx/5xx, a cut-off upload), keeps the previous one.

    Example:

        portkg load --store http://127.0.0.1:7878/query

        portkg load --store http://127.0.0.1:8890/sparql --gsp http://127.0.0.1:8890/sparql-graph-crud
    """
    from .store import DEFAULT_GRAPH, HttpStore, check_graph_iri, is_persistent, open_store

    if graph_iri is not None:
        check_graph_iri(graph_iri)
    store = open_store(store_spec)
    if not is_persistent(store):
        raise InputError(None, None, "--store", f"{store_spec!r} keeps nothing: there is nothing to load into",
                         "give oxigraph:DIR or an http(s):// endpoint; in-memory stores read build/portkg.nt themselves")
    if isinstance(store, HttpStore):
        store.timeout = timeout
        if gsp_url:
            store = HttpStore(store.url, timeout=timeout, gsp=gsp_url)
    elif gsp_url:
        raise InputError(None, None, "--gsp", "--gsp is for a server (--store http(s)://…)",
                         "drop --gsp for an oxigraph:DIR store")
    if nt_file:
        path = Path(nt_file)
        from .source import check_regular_file

        check_regular_file(path, "N-Triples file", "run portkg build, or check --file")
    else:
        project = _project(project_dir)
        path = project.root / "build" / "portkg.nt"
        if not path.exists():
            _build_graph_files(project, path.parent)
    graph = graph_iri or DEFAULT_GRAPH
    t0 = time.perf_counter()
    store.replace_graph(path, graph)
    n = store.count(graph)
    click.echo(f"loaded {n} triples into <{graph}> at {store.name} in {time.perf_counter() - t0:.2f} s")


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"  # pragma: no cover


def _synth_estimate(project, scale: int) -> int:
    """About what synth writes: the project tree (case files and texts, a little longer than the real
    ones) and the N-Triples (about 40 bytes per byte of case file, and the vocabularies once)."""
    cases = sum(p.stat().st_size for p in project.cases)
    texts = sum(p.stat().st_size for p in (project.root / "data" / "source").glob("*.txt"))
    shared = sum(p.stat().st_size for p in project.ontology) * 4
    return shared + scale * (cases * 41 + texts) * 11 // 10


def _check_free_space(out: Path, needed: int, option: str) -> None:
    import shutil

    probe = out
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    if needed > free * 0.95:
        raise InputError(out, None, option, f"this would write about {_size(needed)}, but only {_size(free)} "
                         f"is free on {probe}", f"use a smaller {option}, or write elsewhere (-o)")


@cli.command()
@click.option("--scale", type=click.IntRange(1, 100000), required=True, help="How many copies of the corpus.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Output directory.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the variation between copies.")
@click.option("--project-tree", is_flag=True,
              help="Also write a project (source records and case files) for build/validate benchmarks.")
@project_option
def synth(scale, out_dir, seed, project_tree, project_dir):
    """Write a synthetic corpus SCALE times the real one, shaped like a multi-source collection.

    Distinct source documents (a province and a year each, with their own case numbers), cases
    moved to cities drawn from 332 prefecture-level cities, and a long tail of measure concepts;
    every fact keeps a quote that occurs in its synthetic source text. Writes OUT/portkg.nt (to
    load into any store) and, with --project-tree, keeps OUT/project/ (to build and validate).
    Deterministic for a seed. For benchmarks only.

    Example:

        portkg synth --scale 100 -o build/synth-100
    """
    import shutil

    from .progress import Progress
    from .publish import stream_atomically
    from .synth import build_ntriples, write_project

    project = _project(project_dir)
    out = Path(out_dir).resolve()
    estimate = _synth_estimate(project, scale)
    _check_free_space(out, estimate, "--scale")
    click.echo(f"synth: writing about {_size(estimate)} ({scale}x) to {out}", err=True)
    tree = out / "project"
    try:
        bar = Progress(scale * len(project.cases), "synth project")
        counts = write_project(project.root, tree, scale, seed, bar)
        bar.close()
        click.echo(f"wrote {counts['cases']} case files in {counts['sources']} sources ({counts['cities']} cities, "
                   f"{counts['variants']} long-tail measure concepts) to {tree}", err=True)
        target = out / "portkg.nt"
        bar = Progress(counts["cases"], "synth graph")
        with stream_atomically(target) as fh:  # a stopped or failed run leaves no partial file
            n = build_ntriples(tree, fh, bar)
        bar.close()
    finally:
        if not project_tree and tree.is_dir():
            shutil.rmtree(tree)
    click.echo(f"wrote {n} triples ({scale}x) to {target}")


@cli.command()
@click.argument("file", required=False)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Write drafts here: source/<id>.yaml + the text, and cases/<id>-NN.yaml per case.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="yaml: draft case files (into --out); json: one JSON document on stdout.")
@click.option("--source-id", default=None, help="Id for the new source document (default: from the file name).")
@click.option("--evaluate", is_flag=True,
              help="Score the extractor: on a directory (FILE) of NAME.txt + NAME.gold.yaml pairs, or without FILE "
                   "on the project's own source against the curated cases.")
@project_option
def extract(file, out_dir, fmt, source_id, evaluate, project_dir):
    """Draft case data from a new text (FILE, or - for standard input), for an analyst to review.

    Finds cases, agencies, places, measures (known concepts and candidate new ones),
    quantitative outcomes and innovation claims, each with its verbatim quote. Rule-based and
    offline; simplified or traditional script. With --evaluate DIR, prints precision and recall per
    type (agencies, measures, effect outcomes, all outcomes, baselines, figures) and recall per
    construction on text + gold pairs; with --evaluate alone, against the curated cases, listing
    what the curation lacks.

    Example:

        portkg extract report.txt --out drafts/
    """
    import json as _json

    from .extract import Extractor, draft_yaml, read_input, source_record

    project = _project(project_dir)
    extractor = Extractor.for_project(project)
    if evaluate and file:
        from .evaluate import DirEvaluation, evaluate_dir
        from .output import render_rows

        ev = evaluate_dir(extractor, Path(file))
        click.echo(render_rows(DirEvaluation.HEADERS, ev.rows()), nl=False)
        click.echo("\nper construction (recall):")
        click.echo(render_rows(DirEvaluation.TAG_HEADERS, ev.tag_rows()), nl=False)
        click.echo("\ndifferences (check each):")
        for doc, kind, what in ev.notes:
            click.echo(f"  {doc} {kind}: {what}")
        return
    if evaluate:
        from .build import build_graph
        from .evaluate import Evaluation, evaluate as run_evaluation
        from .output import render_rows

        result = build_graph(project)
        cases = {sid: extractor.extract(doc.text) for sid, doc in sorted(result.sources.items())}
        ev = run_evaluation(cases, result.graph)
        click.echo(render_rows(Evaluation.HEADERS, ev.rows()), nl=False)
        click.echo("\nfound by the extractor, not in the curated data (check each):")
        for case, kind, what in ev.lacking:
            click.echo(f"  {case} {kind}: {what}")
        click.echo("\nin the curated data, not found by the extractor:")
        for case, kind, what in ev.missed:
            click.echo(f"  {case} {kind}: {what}")
        return
    if not file:
        raise InputError(None, None, "FILE", "no input", "give a text file, or - for standard input")
    from .extract import MAX_BYTES
    from .source import check_text_bytes, read_bounded

    # the edge: a regular file (not a directory or FIFO), within the limit (refused before reading
    # it all), UTF-8 (UTF-16 named as such), not empty
    data = read_bounded(None if file == "-" else Path(file), MAX_BYTES, "text file")
    check_text_bytes(data, "<stdin>" if file == "-" else file)
    if file == "-":
        text, name = read_input(None, data)
    else:
        text, name = read_input(file, data)
        name = str(file)
    if not text.strip():
        raise InputError(name, None, None, "the input is empty (nothing to extract)",
                         "give the text of a case collection, as UTF-8")
    from .progress import Progress

    bar = Progress(len(text), "extract") if len(text) > 1_000_000 else None
    cases = extractor.extract(text, progress=bar)
    if bar:
        bar.close()
    if fmt == "json":
        click.echo(_json.dumps({"source": name, "cases": [c.as_json() for c in cases]}, ensure_ascii=False, indent=1))
        return
    if not out_dir:
        raise InputError(None, None, "--out", "yaml drafts are files", "give --out DIR, or use --format json")
    sid = source_id or re.sub(r"[^a-z0-9-]+", "-", Path(name).stem.lower()).strip("-") or "draft"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", sid):
        raise InputError(None, None, "--source-id", f"{sid!r} is not a usable id", "use lowercase letters, digits, -")
    out = Path(out_dir).resolve()
    files = {out / "source" / f"{sid}.txt": text.encode("utf-8"),
             out / "source" / f"{sid}.yaml": source_record(text, sid, f"{sid}.txt",  # a collection's name
                                                           extractor.document_title).encode("utf-8")}
    for c in cases:
        files[out / "cases" / f"{sid}-{c.number}.yaml"] = draft_yaml(c, text, sid, name).encode("utf-8")
    from .build import write_atomically

    write_atomically(files)
    n = sum(len(c.outcomes) for c in cases)
    click.echo(f"drafted {len(cases)} case(s), {n} outcomes, {sum(len(c.measures) for c in cases)} measures "
               f"→ {out}/cases (move source/ and cases/ into data/ after review)")


def main():
    # SIGTERM (kill, a CI timeout) unwinds like Ctrl-C: every finally: removes its temporary files
    signal.signal(signal.SIGTERM, _on_sigterm)
    cli(prog_name="portkg")


if __name__ == "__main__":
    main()
