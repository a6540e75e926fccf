"""Shared fixtures: the real project, its built graph, and throw-away copies to break."""
from __future__ import annotations

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
