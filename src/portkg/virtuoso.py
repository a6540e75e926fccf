"""A throw-away OpenLink Virtuoso server (Debian's virtuoso-opensource 7.2) for tests and benchmarks.

`portkg` talks to Virtuoso like to any SPARQL 1.1 server: queries at ``/sparql`` and the Graph
Store Protocol at ``/sparql-graph-crud``, which is not where Oxigraph (``/store``) or Fuseki
(``/data``) have it; give it with ``--gsp`` or ``PORTKG_GSP`` (see store.py). Nothing here is
needed to use a Virtuoso server that is already running.

``VirtuosoServer(directory)`` writes a virtuoso.ini into ``directory`` (a new database, the
SQL and HTTP ports on the loopback interface, no result-row or time limits, and a 4 GB memory
pool: the default 400 MB is not enough for Virtuoso to compile queries/outcomes.rq's page of
outcomes at 100x, "SQ200: The memory pool size … reached the limit"), starts
``virtuoso-t`` in the foreground, lets the anonymous SPARQL user update graphs (for the Graph
Store Protocol) and stops it again. ``bulk_load`` loads a large N-Triples file with
Virtuoso's own loader (ld_dir + rdf_loader_run), as ``oxigraph load`` does for Oxigraph.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

INSTALL_HINT = "install it with bin/install-virtuoso (Debian: apt-get install virtuoso-opensource)"


def binaries() -> tuple[str, str] | None:
    """(virtuoso-t, isql-vt) when both are installed."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}{dirs}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
MaxQueryMem = 1G
MaxMemPoolSize = 4000000000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""


class VirtuosoServer:
    def __init__(self, directory: Path, buffers: int = 20000, allow_dirs: tuple[Path, ...] = ()):
        found = binaries()
        if found is None:
            raise FileNotFoundError(f"virtuoso-t is not installed: {INSTALL_HINT}")
        self.server_bin, self.isql_bin = found
        self.dir = Path(directory).resolve()
        self.dir.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = _free_port(), _free_port()
        dirs = "".join(f", {Path(p).resolve()}" for p in allow_dirs)
        (self.dir / "virtuoso.ini").write_text(INI.format(d=self.dir, sql=self.sql_port, http=self.http_port,
                                                          dirs=dirs, buffers=buffers, dirty=buffers * 3 // 4),
                                               encoding="utf-8")
        self.proc: subprocess.Popen | None = None

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def gsp_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def start(self, timeout: float = 180.0) -> "VirtuosoServer":
        self.proc = subprocess.Popen([self.server_bin, "-f", "-c", str(self.dir / "virtuoso.ini")], cwd=self.dir,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = (self.dir / "virtuoso.log")
                    tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
                    raise RuntimeError(f"virtuoso did not start: {tail}")
                time.sleep(0.25)
        # the Graph Store Protocol endpoint runs as the anonymous SPARQL user: let it write graphs
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);')
        return self

    def isql(self, sql: str, timeout: float = 3600) -> str:
        res = subprocess.run([self.isql_bin, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
                             capture_output=True, text=True, timeout=timeout)
        if res.returncode != 0 or "*** Error" in res.stdout + res.stderr:
            raise RuntimeError(f"isql failed: {(res.stdout + res.stderr)[-600:]}")
        return res.stdout

    def bulk_load(self, nt: Path, graph: str) -> None:
        """Load a (large) N-Triples file into ``graph`` with Virtuoso's bulk loader; its directory must
        be in ``allow_dirs``."""
        nt = Path(nt).resolve()
        self.isql(f"ld_dir('{nt.parent}', '{nt.name}', '{graph}'); rdf_loader_run(); checkpoint;")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
