"""Stores: the same named queries give the same rows on every backend, and `portkg load`
replaces a graph on a real Oxigraph server and a real Virtuoso (Debian's virtuoso-opensource 7.2),
each started here on free loopback ports."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import run_portkg
from portkg.errors import InputError
from portkg.query import find_query, list_queries, run
from portkg.store import DEFAULT_GRAPH, HttpStore, OxigraphStore, RdflibStore, StoreError, open_store

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else (shutil.which("oxigraph") or pytest.fail("the oxigraph server (pip) is missing"))


@pytest.fixture(scope="module")
def nt(built_nt) -> Path:
    return built_nt


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph server did not start: {proc.stderr.read()[:500]!r}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_load_twice_leaves_the_same_triple_count(portkg, project, server, nt):
    for _ in range(2):
        res = portkg("load", "--store", server, "--file", str(nt), "--project", str(project.root))
        assert res.returncode == 0, res.stderr
        assert f"loaded {_lines(nt)} triples" in res.stdout
    assert HttpStore(server).count(DEFAULT_GRAPH) == _lines(nt)


@pytest.fixture(scope="module")
def backends(server, nt, tmp_path_factory):
    mem = OxigraphStore()
    mem.load_ntriples(nt)
    disk = OxigraphStore(str(tmp_path_factory.mktemp("oxigraph-dir") / "store"))
    disk.replace_graph(nt, DEFAULT_GRAPH)
    http = HttpStore(server)
    http.replace_graph(nt, DEFAULT_GRAPH)
    return {"memory": mem, "oxigraph:DIR": disk, "http": http}


CASES = [("case-card", {"case": "06"}), ("replication-gaps", {"city": "威海"}), ("outcomes", {"metric": "cost"}),
         ("outcomes", {"limit": "5", "offset": "3"}), ("outcomes", {"role": "any", "limit": "all"}),
         ("measure-detail", {"measure": "单一窗口"}), ("search", {"q": "AEO"}), ("search", {"q": "船边直提"})]


def _canonical(rows):
    return sorted(repr(r) for r in rows)


def test_every_named_query_returns_the_same_rows_on_every_backend(project, backends):
    runs = [(q.name, {}) for q in list_queries(project.queries) if not any(p.required for p in q.params)] + CASES
    for name, params in runs:
        q = find_query(project.queries, name)
        results = {b: run(store, q, params) for b, store in backends.items()}
        reference = results["memory"]
        assert reference.rows, f"{name} returned nothing"
        for b, res in results.items():
            assert res.headers == reference.headers, (name, b)
            assert _canonical(res.rows) == _canonical(reference.rows), f"{name} {params}: {b} differs from memory"


@pytest.mark.parametrize("name, params", [("case-card", {"case": "06"}), ("multi-agency-cases", {}),
                                          ("claims-by-scope", {}), ("agencies", {}), ("before-after", {}),
                                          ("outcomes", {}), ("outcomes", {"role": "any"}),
                                          ("outcomes", {"limit": "4", "offset": "10"}), ("search", {"q": "AEO"})])
def test_rdflib_reference_engine_agrees_on_cheap_queries(project, nt, backends, name, params):
    ref = RdflibStore()
    ref.load_ntriples(nt)
    q = find_query(project.queries, name)
    assert _canonical(run(ref, q, params).rows) == _canonical(run(backends["memory"], q, params).rows)


def test_unreachable_server_is_a_clear_error(portkg, project, nt):
    url = f"http://127.0.0.1:{_free_port()}/query"
    res = portkg("load", "--store", url, "--file", str(nt), "--project", str(project.root))
    assert res.returncode == 2
    assert "cannot reach the server" in res.stderr and "Traceback" not in res.stderr
    res = portkg("query", "agencies", "--store", url, "--project", str(project.root))
    assert res.returncode == 2 and "cannot reach the server" in res.stderr


def test_http_error_keeps_the_previous_graph(server, nt, backends):
    before = HttpStore(server).count(DEFAULT_GRAPH)
    broken = HttpStore(server, gsp=server.replace("/query", "/no-such-endpoint"))
    with pytest.raises(StoreError, match="HTTP 4"):
        broken.replace_graph(nt, DEFAULT_GRAPH)
    assert HttpStore(server).count(DEFAULT_GRAPH) == before


def test_cut_off_upload_keeps_the_previous_graph(server, nt, backends, tmp_path):
    before = HttpStore(server).count(DEFAULT_GRAPH)
    data = nt.read_bytes()
    cut = tmp_path / "cut.nt"
    cut.write_bytes(data[: len(data) // 2])     # ends in the middle of a triple
    with pytest.raises(StoreError, match="not valid N-Triples"):  # refused before it is sent
        HttpStore(server).replace_graph(cut, DEFAULT_GRAPH)
    assert HttpStore(server).count(DEFAULT_GRAPH) == before


def test_a_server_that_never_answers_times_out_clearly(nt):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted = []
    t = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    t.start()
    try:
        store = HttpStore(f"http://127.0.0.1:{listener.getsockname()[1]}/query", timeout=1.0)
        start = time.monotonic()
        with pytest.raises(StoreError, match="timed out|cannot reach"):
            store.query("ASK {}")
        assert time.monotonic() - start < 10
    finally:
        for conn, _ in accepted:
            conn.close()
        listener.close()


def test_embedded_store_locked_by_a_server_is_a_clear_error(tmp_path):
    port = _free_port()
    location = tmp_path / "locked"
    proc = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not (location / "LOCK").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        with pytest.raises(StoreError, match="lock"):
            open_store(f"oxigraph:{location}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_unknown_store_spec_and_loading_into_memory_are_refused(portkg, project):
    with pytest.raises(InputError, match="unknown store"):
        open_store("postgres://nope")
    res = portkg("load", "--store", "memory", "--project", str(project.root))
    assert res.returncode == 2 and "keeps nothing" in res.stderr


def test_store_from_the_environment(portkg, project, server, nt):
    import os

    HttpStore(server).replace_graph(nt, DEFAULT_GRAPH)
    env_run = subprocess.run([sys.executable, "-m", "portkg.cli", "query", "multi-agency-cases", "--format", "csv",
                              "--project", str(project.root)], capture_output=True, text=True,
                             env=dict(os.environ, PORTKG_STORE=server))
    assert env_run.returncode == 0, env_run.stderr
    assert "东营海事局" in env_run.stdout


def test_ask_construct_describe_work_on_every_store(backends):
    # issue 12: ASK crashed on Oxigraph ('QueryBoolean' object is not iterable)
    for name, store in backends.items():
        assert store.query("ASK { ?s ?p ?o }").rows == [[True]], name
        assert store.query("ASK { <http://nothing.example/> ?p ?o }").boolean is False, name
        assert store.query("CONSTRUCT { ?s a ?o } WHERE { ?s a ?o } LIMIT 3").ntriples.count(" .\n") == 3, name
        assert "quancheng-customs" in store.query("DESCRIBE <https://w3id.org/portkg/agency/quancheng-customs>").ntriples, name


def test_server_base_url_without_query_finds_the_endpoints(server, nt, project):
    from click.testing import CliRunner

    from portkg.cli import cli

    base = server[: -len("/query")]
    for url in (base, base + "/"):
        store = HttpStore(url)
        assert store.url == server and store.gsp == base + "/store"
    res = CliRunner().invoke(cli, ["load", "--store", base, "--file", str(nt), "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["query", "agencies", "--store", base + "/", "--project", str(project.root)])
    assert res.exit_code == 0 and "泉城海关" in res.stdout, res.output


def test_query_on_an_empty_named_graph_is_an_error(server, nt, backends, project):
    from click.testing import CliRunner

    from portkg.cli import cli

    res = CliRunner(env={"PORTKG_GRAPH": "https://w3id.org/portkg/graph/nothing-here"}).invoke(
        cli, ["query", "agencies", "--store", server, "--project", str(project.root)])
    assert res.exit_code == 2, res.output
    assert "graph/nothing-here> on this server is empty" in res.stderr and "PORTKG_GRAPH" in res.stderr


# ---------------------------------------------------------------- Virtuoso (Debian's virtuoso-opensource 7.2)

def _virtuoso_unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must run the Virtuoso tests: bin/test installs it with bin/install-virtuoso)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    from portkg.virtuoso import INSTALL_HINT, VirtuosoServer, binaries

    if binaries() is None:
        _virtuoso_unavailable(f"Virtuoso is not installed: {INSTALL_HINT}")
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def virtuoso_loaded(virtuoso, nt, project):
    """The built graph loaded into Virtuoso by `portkg load`, through its Graph Store endpoint given with --gsp."""
    res = run_portkg("load", "--store", virtuoso.query_url, "--gsp", virtuoso.gsp_url, "--file", str(nt),
                     "--project", str(project.root))
    assert res.returncode == 0, res.stderr
    assert f"loaded {_lines(nt)} triples" in res.stdout
    return HttpStore(virtuoso.query_url, gsp=virtuoso.gsp_url)


def test_virtuoso_answers_every_named_query_with_the_rows_of_the_embedded_store(project, backends, virtuoso_loaded):
    runs = [(q.name, {}) for q in list_queries(project.queries) if not any(p.required for p in q.params)] + CASES
    assert len(runs) >= len(list_queries(project.queries))
    for name, params in runs:
        q = find_query(project.queries, name)
        reference = run(backends["memory"], q, params)
        got = run(virtuoso_loaded, q, params)
        assert reference.rows, name
        assert got.headers == reference.headers, name
        assert _canonical(got.rows) == _canonical(reference.rows), f"{name} {params}: Virtuoso differs from memory"


def test_virtuoso_load_twice_and_a_broken_upload_keep_one_graph(virtuoso, virtuoso_loaded, nt, tmp_path):
    store = virtuoso_loaded
    store.replace_graph(nt, DEFAULT_GRAPH)
    assert store.count(DEFAULT_GRAPH) == _lines(nt)
    cut = tmp_path / "cut.nt"
    data = nt.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="not valid N-Triples"):
        store.replace_graph(cut, DEFAULT_GRAPH)
    assert store.count(DEFAULT_GRAPH) == _lines(nt)


def test_virtuoso_keeps_half_a_broken_upload_which_is_why_portkg_checks_first(virtuoso, virtuoso_loaded, nt, tmp_path):
    """What the check before the upload is for: Virtuoso's own PUT of a cut-off file fails, yet
    leaves the triples before the cut in the graph (so a graph is only ever sent whole and parsed)."""
    import urllib.error

    cut = tmp_path / "cut.nt"
    data = nt.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    scratch_graph = "https://w3id.org/portkg/graph/test-cut"
    req = urllib.request.Request(f"{virtuoso.gsp_url}?graph={scratch_graph}", data=cut.read_bytes(), method="PUT",
                                 headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(req, timeout=120)
    assert 0 < virtuoso_loaded.count(scratch_graph) < _lines(nt)


def test_the_graph_store_endpoint_is_configured_not_guessed_per_server(virtuoso, virtuoso_loaded, project, nt):
    # Oxigraph's /store is not Virtuoso's: without --gsp/PORTKG_GSP a load to the wrong endpoint fails clearly
    res = run_portkg("load", "--store", virtuoso.query_url, "--gsp", virtuoso.query_url.replace("/sparql", "/store"),
                     "--file", str(nt), "--project", str(project.root))
    assert res.returncode == 2 and re.search("HTTP (404|405|501)", res.stderr) and "PORTKG_GSP" in res.stderr, res.stderr
    env = dict(os.environ, PORTKG_GSP=virtuoso.gsp_url)
    res = subprocess.run([sys.executable, "-m", "portkg.cli", "load", "--store", virtuoso.query_url, "--file", str(nt),
                          "--project", str(project.root)], capture_output=True, text=True, env=env)
    assert res.returncode == 0 and f"loaded {_lines(nt)} triples" in res.stdout, res.stderr
    res = run_portkg("load", "--store", virtuoso.query_url, "--gsp", "http://127.0.0.1:notaport/x", "--file", str(nt),
                     "--project", str(project.root))
    assert res.returncode == 2 and "--gsp" in res.stderr and "Traceback" not in res.stderr
