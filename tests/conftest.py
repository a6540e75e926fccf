"""Shared fixtures: the real project, its built graph, and throw-away copies to break."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project():
    from portkg.build import Project

    return Project(ROOT)


@pytest.fixture(scope="session")
def built(project):
    """The graph built from every curated case (what `portkg build` writes)."""
    from portkg.build import build_graph

    return build_graph(project)


@pytest.fixture(scope="session")
def graph(built):
    return built.graph


@pytest.fixture(scope="session")
def built_nt(built, tmp_path_factory):
    """The built graph as N-Triples on disk (what stores load)."""
    from portkg.build import write_atomically, write_graph_files

    out = tmp_path_factory.mktemp("graph")
    write_atomically(write_graph_files(built, out))
    return out / "portkg.nt"


@pytest.fixture(scope="session")
def memory_store(built_nt):
    """The default store (Oxigraph in memory) holding the built graph."""
    from portkg.store import OxigraphStore

    s = OxigraphStore()
    s.load_ntriples(built_nt)
    return s


@pytest.fixture
def scratch(tmp_path):
    """A copy of the project's inputs to break on purpose, with only case 01 in it."""
    for part in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / part, tmp_path / part)
    for f in (tmp_path / "data" / "cases").glob("*.yaml"):
        if f.name != "sd-2024-01.yaml":
            f.unlink()
    return tmp_path


def run_portkg(*args, cwd=None, input=None):
    """Run the installed command in a separate process, as a user would."""
    return subprocess.run([sys.executable, "-m", "portkg.cli", *args], cwd=cwd, input=input,
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture
def portkg():
    return run_portkg


# ---------------------------------------------------------------- the real browser (tests/test_browser*.py)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]


def _browser_unavailable(reason: str):
    """Skip on a user's machine without Chromium; under CI=true its absence is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run; bin/test installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, with the flags that keep it from calling out."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        _browser_unavailable("Chromium is not installed (bash bin/install-browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site(project, tmp_path_factory):
    """The site `portkg build` writes, built once for every browser test."""
    out = tmp_path_factory.mktemp("site-build")
    res = run_portkg("build", "--project", str(project.root), "--out", str(out))
    assert res.returncode == 0, res.stderr
    return out / "site"


LOCAL_URLS = ("file:", "data:", "blob:", "about:")
DESKTOP, PHONE = (1440, 900), (390, 844)


class Visit:
    """One page in a fresh offline context: every request it made and every console error.

    A graph page (one with a #graph canvas) is waited for until its network is drawn.
    """

    def __init__(self, browser, url: str, viewport=DESKTOP):
        self.context = browser.new_context(offline=True, viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.goto(url)

    def goto(self, url: str):
        self.page.goto(url)
        if self.page.locator("#graph").count():
            self.ready()
        self.page.wait_for_timeout(200)

    def ready(self):
        self.page.wait_for_function("document.body.dataset.ready === '1'", timeout=20000)

    @property
    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL_URLS)]

    def shown(self, kind: str | None = None) -> list[dict]:
        return self.page.evaluate(
            "k => portkgNetwork.body.data.nodes.get({filter: n => !n.hidden && (!k || n.group === k)})"
            ".map(n => ({id: n.id, zh: n.zh, en: n.en, f: n.f || {}, kind: n.group}))", kind)

    def click_node(self, node_id: str):
        """Click where the node is drawn on the canvas, as a reader would."""
        self.page.evaluate("id => portkgNetwork.focus(id, {scale: 1.2, animation: false})", node_id)
        box = self.page.locator("#graph canvas").bounding_box()
        pos = self.page.evaluate("id => portkgNetwork.canvasToDOM(portkgNetwork.getPositions([id])[id])", node_id)
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])

    def no_horizontal_scroll(self) -> bool:
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    def shot(self, folder: Path, name: str, full_page: bool = False) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    """visit(url, viewport=DESKTOP) → a Visit; every context is closed after the test."""
    opened: list[Visit] = []

    def open_(url: str, viewport=DESKTOP) -> Visit:
        opened.append(Visit(browser, url, viewport))
        return opened[-1]

    yield open_
    for v in opened:
        try:
            v.context.close()
        except Exception:  # already closed by the test
            pass


@pytest.fixture(scope="session")
def script():
    """script("fact_diff") → the module scripts/fact_diff.py: the repository's tools are tested like the library."""
    import importlib.util

    def load(name: str):
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod

    return load
