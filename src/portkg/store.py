"""Where queries run: one small interface, several engines.

- ``memory`` (default): Oxigraph in memory, loaded from the built N-Triples. Chosen by
  measurement (docs/benchmarks.md): it loads and answers one to three orders of magnitude
  faster than rdflib and imports in 0.03 s, which keeps `portkg query` a fast cold command.
- ``rdflib``: rdflib's in-memory graph and SPARQL engine, kept as a reference implementation.
- ``oxigraph:DIR``: a persistent embedded Oxigraph store on disk.
- ``http(s)://…``: any SPARQL 1.1 endpoint (query protocol for reads, Graph Store Protocol
  for `portkg load`). Tested against Oxigraph's server and Debian's Virtuoso 7.2. The Graph
  Store endpoint is found for Oxigraph (/store), Fuseki (/DATASET/data) and Virtuoso
  (/sparql-graph-crud), and given for any other with `portkg load --gsp URL` or PORTKG_GSP.

Results come back as plain Python values (IRIs and strings as str, numbers as int or float,
booleans as bool) so that every backend returns the same rows for the same query.
"""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .errors import InputError

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                           "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}
_STRING = XSD + "string"
STORE_ENV = "PORTKG_STORE"
DEFAULT_GRAPH = "https://w3id.org/portkg/graph/main"


def python_value(lexical: str, datatype: str | None):
    """A literal's value as plain Python, identical whichever engine produced it."""
    if datatype in _INTS:
        return int(lexical)
    if datatype in _FLOATS:
        v = float(Decimal(lexical))
        return int(v) if v.is_integer() and abs(v) < 1e15 else round(v, 6)
    if datatype == XSD + "boolean":
        return lexical in ("true", "1")
    return lexical


@dataclass
class Result:
    """A SELECT answer (headers, rows), an ASK answer (boolean), or a graph (N-Triples)."""

    headers: list[str]
    rows: list[list]
    boolean: bool | None = None
    ntriples: str | None = None


class StoreError(InputError):
    pass


class OxigraphStore:
    """Oxigraph in memory or on disk (pyoxigraph)."""

    def __init__(self, path: str | None = None):
        import pyoxigraph

        self.ox = pyoxigraph
        try:
            self.store = pyoxigraph.Store(path) if path else pyoxigraph.Store()
        except OSError as err:
            raise StoreError(path, None, None, f"cannot open the Oxigraph store: {err}",
                             "check the directory, and that no server holds its lock") from None
        self.name = f"oxigraph:{path}" if path else "memory"

    def load_ntriples(self, path: Path, graph: str | None = None) -> None:
        from .source import check_regular_file

        check_regular_file(Path(path), "graph file", "run `portkg build`, or check --graph")
        g = self.ox.NamedNode(graph) if graph else self.ox.DefaultGraph()
        try:
            self.store.bulk_load(path=str(path), format=self.ox.RdfFormat.N_TRIPLES, to_graph=g)
        except (SyntaxError, ValueError) as err:
            raise StoreError(path, getattr(err, "lineno", None), None,
                             f"not valid N-Triples (truncated or corrupt?): {err}",
                             "rebuild it with `portkg build` (or pass a complete .nt file)") from None

    def load_ntriples_bytes(self, data: bytes) -> None:
        self.store.bulk_load(input=data, format=self.ox.RdfFormat.N_TRIPLES)

    def replace_graph(self, path: Path, graph: str | None = None) -> None:
        """Parse the whole file first (a broken file changes nothing), then swap the graph's content."""
        g = self.ox.NamedNode(graph) if graph else self.ox.DefaultGraph()
        try:
            for _ in self.ox.parse(path=str(path), format=self.ox.RdfFormat.N_TRIPLES):
                pass
        except SyntaxError as err:
            raise StoreError(path, None, None, f"not valid N-Triples: {err}", "rebuild it with portkg build") from None
        self.store.clear_graph(g)
        self.load_ntriples(path, graph)
        self.store.flush()

    def count(self, graph: str | None = None) -> int:
        if graph:
            return sum(1 for _ in self.store.quads_for_pattern(None, None, None, self.ox.NamedNode(graph)))
        return len(self.store)

    def query(self, sparql: str) -> Result:
        try:
            res = self.store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as err:
            raise StoreError(None, None, None, f"SPARQL syntax error: {err}", "fix the query") from None
        except OSError as err:
            raise StoreError(None, None, None, f"the query failed: {err}", "simplify the query") from None
        if isinstance(res, bool) or type(res).__name__ == "QueryBoolean":
            res = bool(res)
            return Result(["ask"], [[res]], boolean=res)
        if isinstance(res, self.ox.QuerySolutions):
            headers = [v.value for v in res.variables]
            value = self._value
            rows = [[value(term) for term in sol] for sol in res]  # a solution's terms in variable order
            return Result(headers, rows)
        nt = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in res)
        return Result([], [], ntriples=nt)

    def _value(self, term):
        if term is None:
            return None
        if isinstance(term, self.ox.Literal):
            if term.language:  # most cells: labels and quotes, returned as they are
                return term.value
            datatype = term.datatype.value
            return term.value if datatype == _STRING else python_value(term.value, datatype)
        return term.value


class RdflibStore:
    """rdflib's in-memory graph: slower, kept as the reference engine."""

    name = "rdflib"

    def __init__(self):
        from rdflib import Graph

        self.graph = Graph()

    def load_ntriples(self, path: Path, graph: str | None = None) -> None:
        from .source import check_regular_file

        check_regular_file(Path(path), "graph file", "run `portkg build`, or check --graph")
        try:
            self.graph.parse(path, format="nt")
        except Exception as err:  # rdflib's parsers raise several types
            raise StoreError(path, None, None, f"not valid N-Triples (truncated or corrupt?): {err}",
                             "rebuild it with `portkg build` (or pass a complete .nt file)") from None

    def replace_graph(self, path: Path, graph: str | None = None) -> None:
        from rdflib import Graph

        self.graph = Graph()
        self.load_ntriples(path, graph)

    def count(self, graph: str | None = None) -> int:
        return len(self.graph)

    def query(self, sparql: str) -> Result:
        from rdflib import BNode, Literal, URIRef

        try:
            res = self.graph.query(sparql)
        except Exception as err:  # pyparsing and rdflib raise several types
            raise StoreError(None, None, None, f"SPARQL error: {err}", "fix the query") from None
        if res.type == "ASK":
            return Result(["ask"], [[bool(res.askAnswer)]], boolean=bool(res.askAnswer))
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            return Result([], [], ntriples=res.graph.serialize(format="nt"))

        def value(term):
            if term is None:
                return None
            if isinstance(term, Literal):
                return python_value(str(term), str(term.datatype) if term.datatype else None)
            if isinstance(term, (URIRef, BNode)):
                return str(term)
            return str(term)

        headers = [str(v) for v in res.vars]
        return Result(headers, [[value(row[h]) for h in headers] for row in res])


class HttpStore:
    """Any SPARQL 1.1 endpoint over HTTP (query protocol; Graph Store Protocol for loads)."""

    def __init__(self, url: str, timeout: float = 60.0, gsp: str | None = None, graph: str | None = None):
        check_http_url(url)
        path = urllib.parse.urlsplit(url).path.rstrip("/")
        if not path or path.split("/")[-1] not in ("query", "sparql"):
            # a server's base URL (http://host:7878/ or Fuseki's /ds): find its query endpoint
            url = self._find_endpoint(url, timeout)
        self.url = url
        self.name = url
        self.timeout = timeout
        # queries read the named graph `portkg load` wrote, through the standard protocol
        # parameter default-graph-uri, so no server-specific "union default graph" is needed
        self.graph = graph or os.environ.get("PORTKG_GRAPH") or DEFAULT_GRAPH
        self.gsp = gsp or os.environ.get("PORTKG_GSP") or self._guess_gsp(url)
        if self.gsp != url:
            check_http_url(self.gsp, "--gsp")

    @staticmethod
    def _find_endpoint(base: str, timeout: float) -> str:
        """The query endpoint under a base URL: Oxigraph's /query, Fuseki's /sparql or /query, or the URL itself."""
        base = base.rstrip("/")
        body = urllib.parse.urlencode([("query", "ASK {}")]).encode("ascii")
        for suffix in ("/query", "/sparql", ""):
            req = urllib.request.Request(base + suffix, data=body, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
            try:
                with urllib.request.urlopen(req, timeout=min(timeout, 10)) as resp:  # noqa: S310
                    if b"boolean" in resp.read(4096):
                        return base + suffix
            except urllib.error.HTTPError:
                continue
            except (urllib.error.URLError, OSError, ValueError):
                break  # unreachable: keep the URL; the first real request reports it
        return base + "/query" if not urllib.parse.urlsplit(base).path else base

    @staticmethod
    def _guess_gsp(url: str) -> str:
        """Where a server keeps its Graph Store Protocol endpoint, when --gsp / PORTKG_GSP do not say.

        Oxigraph serves /query and /store; Fuseki /DATASET/sparql (or /query) and /DATASET/data;
        Virtuoso /sparql (at the root) and /sparql-graph-crud. Any other server: give --gsp."""
        u = url.rstrip("/")
        if urllib.parse.urlsplit(u).path == "/sparql":
            return u[: -len("/sparql")] + "/sparql-graph-crud"
        for q, s in (("/query", "/store"), ("/sparql", "/data")):
            if u.endswith(q):
                return u[: -len(q)] + s
        return url

    def _request(self, req: urllib.request.Request, what: str) -> bytes:
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - user-given endpoint
                return resp.read()
        except urllib.error.HTTPError as err:
            body = err.read()[:300].decode("utf-8", "replace")
            fix = "check the endpoint URL, the graph IRI and the server's log"
            if err.code in (404, 405, 501):  # Virtuoso answers a PUT elsewhere than its GSP endpoint with 501
                fix = (f"{req.full_url.split('?')[0]} is not a SPARQL endpoint: give the query endpoint "
                       "(Oxigraph: http://HOST:7878/query, Fuseki: http://HOST:3030/DATASET/sparql) or the "
                       "server's base URL; give --gsp (or PORTKG_GSP) for a Graph Store endpoint elsewhere")
            raise StoreError(self.url, None, None, f"{what} failed: HTTP {err.code} {err.reason}: {body}", fix) from None
        except ValueError as err:  # http.client.InvalidURL and friends
            raise StoreError(self.url, None, "--store", f"{what} failed: malformed URL ({err})",
                             "write the endpoint like http://127.0.0.1:7878/query") from None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(self.url, None, None, f"{what} failed: cannot reach the server ({reason})",
                             "start the server or check the URL (e.g. http://127.0.0.1:7878/query)") from None

    def query(self, sparql: str, dataset: bool = True) -> Result:
        params = [("query", sparql)] + ([("default-graph-uri", self.graph)] if dataset and self.graph else [])
        data = urllib.parse.urlencode(params).encode("utf-8")
        req = urllib.request.Request(self.url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        body = self._request(req, "query")
        try:
            doc = json.loads(body)
        except ValueError:
            return Result([], [], ntriples=body.decode("utf-8"))
        if "boolean" in doc:
            return Result(["ask"], [[doc["boolean"]]], boolean=doc["boolean"])
        headers = doc["head"]["vars"]

        def value(b):
            if b is None:
                return None
            if b["type"] == "literal" or b["type"] == "typed-literal":
                return python_value(b["value"], b.get("datatype"))
            return b["value"]

        rows = [[value(sol.get(h)) for h in headers] for sol in doc["results"]["bindings"]]
        return Result(headers, rows)

    def count(self, graph: str | None = None) -> int:
        if graph:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        else:
            q = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        return self.query(q, dataset=False).rows[0][0]

    def replace_graph(self, path: Path, graph: str | None = None) -> None:
        """PUT the file as the named graph: the server swaps it in one request, or keeps the old one.

        The file is parsed here first: Virtuoso 7.2 answers a PUT that breaks off mid-file with an
        error but keeps the triples before the break (measured in tests/test_stores.py), so a broken
        file must never reach the server."""
        import pyoxigraph as ox

        try:
            for _ in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
                pass
        except SyntaxError as err:
            raise StoreError(path, None, None, f"not valid N-Triples (truncated or corrupt?): {err}",
                             "rebuild it with `portkg build` (nothing was sent; the server keeps its graph)") from None
        target = self.gsp + ("?" + urllib.parse.urlencode({"graph": graph}) if graph else "?default")
        req = urllib.request.Request(target, data=path.read_bytes(), method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
        self._request(req, "load")


def open_store(spec: str | None):
    """A store from a spec: memory | rdflib | oxigraph:DIR | http(s)://… (default $PORTKG_STORE or memory)."""
    spec = spec or os.environ.get(STORE_ENV) or "memory"
    if spec == "memory":
        return OxigraphStore()
    if spec == "rdflib":
        return RdflibStore()
    if spec.startswith("oxigraph:"):
        path = spec[len("oxigraph:"):]
        if not path.strip():
            raise StoreError(None, None, "--store", "`oxigraph:` needs a directory (an empty path would mean a "
                             "store in memory that keeps nothing)", "write --store oxigraph:DIR, e.g. oxigraph:build/store")
        if Path(path).exists() and not Path(path).is_dir():
            raise StoreError(path, None, "--store", "an Oxigraph store is a directory, and this is a file",
                             "give a directory (new or existing)")
        return OxigraphStore(path)
    if spec.startswith(("http://", "https://")):
        return HttpStore(spec)
    raise StoreError(None, None, "--store", f"unknown store {spec!r}",
                     "use memory, rdflib, oxigraph:DIR or an http(s):// SPARQL endpoint")


def check_http_url(url: str, option: str = "--store") -> None:
    """A usable http(s) URL, or a StoreError naming what is wrong with it (and the option that gave it)."""
    fix = ("write the endpoint like http://127.0.0.1:7878/query" if option == "--store" else
           "write the Graph Store endpoint like http://127.0.0.1:8890/sparql-graph-crud (Virtuoso) or "
           "http://127.0.0.1:7878/store (Oxigraph)")
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError as err:
        raise StoreError(None, None, option, f"malformed URL {url!r}: {err}", fix) from None
    if not parts.hostname:
        raise StoreError(None, None, option, f"malformed URL {url!r}: no host", fix)
    if port is not None and not 0 < port < 65536:
        raise StoreError(None, None, option, f"malformed URL {url!r}: port {port} out of range", fix)
    if any(c.isspace() for c in url):
        raise StoreError(None, None, option, f"malformed URL {url!r}: it contains spaces", fix)


def check_graph_iri(value: str) -> None:
    """A named-graph IRI must be absolute and free of characters IRIs cannot hold."""
    import re

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", value):
        raise StoreError(None, None, "--graph", f"{value!r} is not an absolute IRI",
                         "give one like https://w3id.org/portkg/graph/main (no spaces)")


def is_persistent(store) -> bool:
    return isinstance(store, HttpStore) or (isinstance(store, OxigraphStore) and store.name != "memory")


def project_store(spec: str | None, graph_file: Path, build_missing=None):
    """A store holding the project's graph.

    In-memory stores are loaded from the built N-Triples (``build_missing()`` writes them first
    when absent); persistent stores and servers are used as they are, after `portkg load`.
    """
    store = open_store(spec)
    if is_persistent(store):
        if store.count() == 0:
            raise StoreError(getattr(store, "name", spec), None, None, "the store is empty",
                             f"load the graph first: portkg load --store {spec}")
        if isinstance(store, HttpStore) and store.graph and store.count(store.graph) == 0:
            # queries read this named graph only: an empty one would answer every query with no rows
            raise StoreError(store.name, None, None, f"the named graph <{store.graph}> on this server is empty",
                             f"load it: portkg load --store {spec} (or set PORTKG_GRAPH to the graph you loaded)")
        return store
    if not graph_file.exists():
        if build_missing is None:
            raise StoreError(graph_file, None, None, "graph file not found", "check --graph, or run `portkg build`")
        build_missing()
    store.load_ntriples(graph_file)
    return store
