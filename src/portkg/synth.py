"""Synthetic corpora N times the real one, with the same shape, for benchmarks.

Copy k of the corpus is the real graph with its case-scoped nodes (cases, roles, place
mentions, measure applications, outcomes, claims, the source document and its evidence)
renamed ``…/<source>-sKKKKK…`` (copy k of each source is a source of its own, with its own case
ids); the shared vocabularies, agencies and places appear once.
A seeded random generator varies each copy: about one measure application and one outcome
in ten are dropped, and the cities the cases are located in are permuted. The same seed
gives the same bytes. Optionally a project tree (source records and case files) is written
too, so that `portkg build` and `portkg validate` can be measured on it.

Synthetic copies are for measuring engines only: their evidence still points into the real
text, and their cities no longer match it.
"""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from .progress import Progress

BASE = "https://w3id.org/portkg/"
_SUBJECT = re.compile(r"^<([^>]+)> <([^>]+)> (.*) \.$")
CASE_PREFIX = f"<{BASE}case/"
LOCATED_IN = "https://w3id.org/portkg/ontology#locatedIn"


def _scoped(iri: str, sources: list[str]) -> bool:
    return iri.startswith(BASE + "case/") or any(iri.startswith(f"{BASE}source/{s}") for s in sources)


def synthesise(nt_lines: list[str], sources: list[str], cities: list[str], scale: int, seed: int, out,
               progress: Progress | None = None) -> int:
    """Write the synthetic N-Triples to ``out`` (a binary file); returns the number of triples."""
    shared, scoped = [], []
    for line in nt_lines:
        m = _SUBJECT.match(line)
        if not m:
            continue
        (scoped if _scoped(m.group(1), sources) else shared).append(line)
    n = 0
    for line in shared:
        out.write((line + "\n").encode("utf-8"))
        n += 1
    droppable = sorted({m.group(1) for m in map(_SUBJECT.match, scoped)
                        if "/measure/" in m.group(1) or "/outcome/" in m.group(1)})
    city_iris = [f"<{c}>" for c in cities]
    for k in range(1, scale + 1):
        rng = random.Random(f"{seed}-{k}")
        dropped = {f"<{iri}>" for iri in droppable if rng.random() < 0.1}
        perm = city_iris[:]
        rng.shuffle(perm)
        city_map = dict(zip(city_iris, perm))
        chunk = []
        for line in scoped:
            subj = line[: line.index("> ") + 1]
            obj = line[line.rfind(" ", 0, len(line) - 2) + 1: -2]  # the last token: an IRI has no spaces
            if subj in dropped or obj in dropped:
                continue
            if LOCATED_IN in line and subj.startswith(CASE_PREFIX) and subj.count("/") == 5 and obj in city_map:
                line = line[: -len(obj) - 2] + city_map[obj] + " ."
            for s in sources:  # each source's copy k is a source of its own: <id>-sKKKKK
                tag = synth_id(s, k)
                line = line.replace(f"{BASE}case/{s}-", f"{BASE}case/{tag}-").replace(f"{BASE}source/{s}>", f"{BASE}source/{tag}>").replace(f"{BASE}source/{s}/", f"{BASE}source/{tag}/")
            chunk.append(line)
        out.write(("\n".join(chunk) + "\n").encode("utf-8"))
        n += len(chunk)
        if progress:
            progress.advance()
    return n


def synth_id(source_id: str, k: int) -> str:
    """The id of copy ``k`` of a source (its cases are ``<id>-NN``)."""
    return f"{source_id}-s{k:05d}"


def write_project(project_root: Path, target: Path, scale: int, seed: int, progress: Progress | None = None) -> int:
    """A project tree with ``scale`` copies of every source and case file (for build/validate benchmarks)."""
    import yaml

    for part in ("ontology", "shapes", "queries"):
        shutil.copytree(project_root / part, target / part, dirs_exist_ok=True)
    (target / "data" / "source").mkdir(parents=True, exist_ok=True)
    (target / "data" / "cases").mkdir(parents=True, exist_ok=True)
    shutil.copy(project_root / "data" / "places.yaml", target / "data" / "places.yaml")
    # a parent quote names its source: copy 1 of that source holds it
    agencies = (project_root / "data" / "agencies.yaml").read_text(encoding="utf-8")
    agencies = re.sub(r"^(\s+source:\s*)([\w-]+)\s*$", lambda m: m.group(1) + synth_id(m.group(2), 1), agencies,
                      flags=re.M)
    (target / "data" / "agencies.yaml").write_text(agencies, encoding="utf-8")
    metas = sorted((project_root / "data" / "source").glob("*.yaml"))
    cases = sorted((project_root / "data" / "cases").glob("*.yaml"))
    n = 0
    for meta_path in metas:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        shutil.copy(meta_path.parent / meta["file"], target / "data" / "source" / meta["file"])
        for k in range(1, scale + 1):
            tag = synth_id(meta["id"], k)
            m = dict(meta, id=tag, title=f"{meta['title']}（合成副本 {k}）")
            (target / "data" / "source" / f"{tag}.yaml").write_text(
                yaml.safe_dump(m, allow_unicode=True, sort_keys=False), encoding="utf-8")
            rng = random.Random(f"{seed}-{k}")
            for case_path in cases:
                text = case_path.read_text(encoding="utf-8")
                own = re.search(r"^source:\s*(\S+)", text, flags=re.M)
                if not own or own.group(1) != meta["id"]:
                    continue  # another source's case
                text = re.sub(r"^source: .*$", f"source: {tag}", text, count=1, flags=re.M)
                if rng.random() < 0.1:  # vary: drop the last outcome entry of some cases
                    text = _drop_last_outcome(text)
                (target / "data" / "cases" / f"{tag}-{case_path.stem.split('-')[-1]}.yaml").write_text(text, encoding="utf-8")
                n += 1
            if progress:
                progress.advance()
    return n


def _drop_last_outcome(text: str) -> str:
    i = text.find("\noutcomes:")
    j = text.find("\nclaims:")
    if i < 0:
        return text
    block = text[i: j if j > i else len(text)]
    starts = [m.start() for m in re.finditer(r"\n  - ", block)]
    if len(starts) < 2:
        return text
    cut = block[: starts[-1]] + "\n"
    return text[:i] + cut + text[(j if j > i else len(text)):]
