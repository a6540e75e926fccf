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
