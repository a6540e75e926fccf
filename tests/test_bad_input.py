"""Bad input, row by row: one clear message (file and line or field, what is wrong, how to fix it),
the right exit code, no traceback, the last good output unchanged and no temporary file left.

Each row of ROWS is one bad input (issue 12 lists where each was found): the command, how the
project copy is broken first (``mutate``), optionally a fault injected into the process (a
read-only or full disk: the suite runs as root in CI, where chmod protects nothing), the expected
exit code and a fragment of the message. Rows run in-process with click's CliRunner on a small
copy of the project (case 01 only) that was built once; rows that need real signals run in a
subprocess. A hypothesis test mutates a real case file at random and asserts exit 0 or 2,
never a traceback, never half-written output.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portkg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CASE = Path("data") / "cases" / "sd-2024-01.yaml"
TEMP_PATTERNS = (".portkg-staging-", ".portkg-old-", ".site-")


# ---------------------------------------------------------------- the project copy

@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A small project (case 01 only) with a good build in build/: the last good output."""
    root = tmp_path_factory.mktemp("template")
    for part in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / part, root / part)
    for f in (root / "data" / "cases").glob("*.yaml"):
        if f.name != "sd-2024-01.yaml":
            f.unlink()
    res = CliRunner().invoke(cli, ["build", "--project", str(root), "--out", str(root / "build")])
    assert res.exit_code == 0, res.output
    return root


@pytest.fixture
def proj(template, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(template, root, symlinks=True)
    (root / "tmp").mkdir()
    return root


def snapshot(d: Path) -> dict[str, bytes]:
    if not d.exists():
        return {}
    return {str(p.relative_to(d)): (p.read_bytes() if p.is_file() else b"<dir>") for p in sorted(d.rglob("*"))}


def temps_left(root: Path) -> list[str]:
    left = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            if n.startswith(TEMP_PATTERNS) or (n.startswith(".") and n.endswith(".tmp")):
                left.append(os.path.join(dirpath, n))
    return left


def edit(rel, old, new, count=1):
    def mutate(root: Path):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text {old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return mutate


def write(rel, data: bytes | str):
    def mutate(root: Path):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return mutate


def steps(*fns):
    def mutate(root: Path):
        for f in fns:
            f(root)
    return mutate


def rm(rel):
    def mutate(root: Path):
        p = root / rel
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    return mutate


def mkdir(rel):
    return lambda root: (root / rel).mkdir(parents=True, exist_ok=True)


def fifo(rel):
    return lambda root: os.mkfifo(root / rel)


def case_edit(old, new):
    return edit(CASE, old, new)


# ---------------------------------------------------------------- injected faults

def _raise(err_no, msg):
    def f(*a, **k):
        raise OSError(err_no, msg, str(a[0]) if a else None)
    return f


def read_only(mp, root):
    """Every new file or directory is refused as on a read-only file system."""
    import tempfile

    import portkg.publish as pub

    mp.setattr(tempfile, "mkstemp", _raise(errno.EROFS, "Read-only file system"))
    real_mkdir = Path.mkdir

    def mkdir_(self, *a, **k):
        if self.name.startswith(pub.STAGING_PREFIX) or not self.exists():
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *a, **k)
    mp.setattr(Path, "mkdir", mkdir_)


class _FullFile:
    """A file that takes 64 KB and then fails like a full disk."""

    def __init__(self, fh):
        self.fh, self.n = fh, 0

    def write(self, data):
        self.n += len(data)
        if self.n > 65536:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.fh.write(data)

    def __getattr__(self, name):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


def disk_full(mp, root):
    import builtins

    import portkg.publish as pub

    real_fdopen, real_open = os.fdopen, builtins.open
    mp.setattr(pub.os, "fdopen", lambda *a, **k: _FullFile(real_fdopen(*a, **k)))
    mp.setattr(pub, "open", lambda *a, **k: _FullFile(real_open(*a, **k)), raising=False)


def no_space_reported(mp, root):
    """The disk has 1 MB free (for synth's estimate)."""
    import shutil as sh
    from collections import namedtuple

    mp.setattr(sh, "disk_usage", lambda p: namedtuple("u", "total used free")(10 ** 9, 10 ** 9 - 10 ** 6, 10 ** 6))


# ---------------------------------------------------------------- the rows

@dataclass(frozen=True)
class Row:
    id: str
    args: tuple
    mutate: object = None
    exit: int = 2
    message: str = ""
    fault: object = None
    stdin: bytes | None = None
    subprocess: bool = False
    env: dict = field(default_factory=dict)
    check: object = None  # extra assertions: fn(root, output)
    guard: bool = True  # build/ must be unchanged


B = ("build", "--project", "{root}", "--out", "{root}/build")
V = ("validate", "--project", "{root}")
Q = ("query", "--project", "{root}")
S = ("sparql", "--project", "{root}")
E = ("extract", "--project", "{root}")
X = ("export", "--project", "{root}")

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))

NEW_VALUE_1 = "    value: 4097\n"


def csv_cell_neutralised(name):
    def check(root, out, err=""):
        text = (root / "tmp" / "csv" / name).read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK" in text and ',=HYPERLINK' not in text and '"=HYPERLINK' not in text, text[:500]
    return check


EVIL = edit("data/agencies.yaml", "    zh: 泉城海关\n", '    zh: \'=HYPERLINK("http://evil.example","click")\'\n')

ROWS = [
    # ---- writing output: every OSError is one message, exit 2, nothing half-written
    Row("build-out-under-a-file", ("build", "--project", "{root}", "--out", "{root}/data/agencies.yaml/sub"),
        message=r"agencies\.yaml.*(is a file|not a directory)"),
    Row("build-out-in-proc", ("build", "--project", "{root}", "--out", "/proc/portkg-x"), message="failed"),
    Row("build-read-only", B, fault=read_only, message=r"Read-only file system.*\n  fix: .*read-only"),
    Row("build-disk-full", B, fault=disk_full, message=r"No space left.*\n  fix: the disk is full"),
    Row("build-out-is-a-file", ("build", "--project", "{root}", "--out", "{root}/data/places.yaml"),
        message="is a file"),
    Row("export-o-directory", X + ("-o", "{root}/tmp"), message="it is a directory"),
    Row("export-csv-o-existing-file", X + ("--format", "csv", "-o", "{root}/data/places.yaml"), message="this is a file"),
    Row("export-read-only", X + ("-o", "{root}/tmp/g.ttl"), fault=read_only, message="Read-only file system"),
    Row("export-disk-full", X + ("--format", "nt", "-o", "{root}/tmp/g.nt"), fault=disk_full,
        message="No space left", check=lambda root, out, err="": not (root / "tmp" / "g.nt").exists()),
    Row("export-o-under-a-file", X + ("-o", "{root}/data/places.yaml/x.ttl"), message="is a file, not a directory"),
    Row("export-o-proc", X + ("-o", "/proc/portkg-x/g.ttl"), message="failed"),
    Row("patterns-out-under-a-file", ("patterns", "--project", "{root}", "--out", "{root}/data/places.yaml/p"),
        message="not a directory|is a file"),
    Row("patterns-out-read-only", ("patterns", "--project", "{root}", "--out", "{root}/tmp/p"), fault=read_only,
        message="Read-only"),
    Row("viz-o-directory", ("viz", "--project", "{root}", "--view", "case", "--focus", "sd-2024-01", "-o", "{root}/tmp"),
        message="is a directory"),
    Row("viz-o-read-only", ("viz", "--project", "{root}", "--view", "case", "--focus", "sd-2024-01", "-o", "{root}/tmp/v.html"),
        fault=read_only, message="Read-only"),
    Row("validate-changed-build-is-a-file", V + ("--changed",), mutate=steps(rm("build"), write("build", "x")),
        message="is a file", guard=False),
    Row("extract-out-under-a-file", E + ("{root}/data/source/shandong-2024.txt", "--out", "{root}/data/places.yaml/d"),
        message="is a file, not a directory"),
    Row("synth-o-under-a-file", ("synth", "--project", "{root}", "--scale", "1", "-o", "{root}/data/places.yaml/s"),
        message="not a directory|is a file"),
    Row("synth-disk-full", ("synth", "--project", "{root}", "--scale", "2", "-o", "{root}/tmp/s"), fault=disk_full,
        message="No space left", check=lambda root, out, err="": not (root / "tmp" / "s" / "portkg.nt").exists()),
    Row("synth-no-free-space", ("synth", "--project", "{root}", "--scale", "100000", "-o", "{root}/tmp/s"),
        fault=no_space_reported, message=r"would write about .* but only .* is free"),
    Row("synth-prints-its-estimate", ("synth", "--project", "{root}", "--scale", "2", "-o", "{root}/tmp/s"), exit=0,
        message=r"synth: writing about [\d.]+ MB \(2x\)", check=lambda root, out, err="": (root / "tmp/s/portkg.nt").exists()),
    # ---- case and source files
    Row("case-file-is-a-directory", B, mutate=mkdir("data/cases/sd-2024-99.yaml"), message="is a directory"),
    Row("case-file-is-a-fifo", B, mutate=fifo("data/cases/sd-2024-99.yaml"), message="FIFO"),
    Row("value-inf", B, mutate=case_edit(NEW_VALUE_1, "    value: .inf\n"), message=r"outcomes\[2\]\.value.*finite"),
    Row("value-minus-inf", B, mutate=case_edit(NEW_VALUE_1, "    value: -.inf\n"), message="finite"),
    Row("value-nan", B, mutate=case_edit(NEW_VALUE_1, "    value: .nan\n"), message="finite"),
    Row("baseline-nan", B, mutate=case_edit(NEW_VALUE_1, "    value: 4097\n    baseline: .NaN\n"), message="finite"),
    Row("source-record-broken-yaml", B, mutate=edit("data/source/shandong-2024.yaml", "id: sd-2024", "id: [sd-2024"),
        message=r"shandong-2024\.yaml:\d+: malformed YAML"),
    Row("source-record-file-not-text", B, mutate=edit("data/source/shandong-2024.yaml", "file: shandong-2024.txt",
                                                         "file: 123"), message=r"\(file\): `file` must be text"),
    Row("source-record-missing-file-key", B, mutate=edit("data/source/shandong-2024.yaml", "file: shandong-2024.txt\n",
                                                            ""), message=r"\(file\): missing `file`"),
    Row("source-record-year-text", B, mutate=edit("data/source/shandong-2024.yaml", "year: 2024", "year: 二〇二四"),
        message="`year` must be a year"),
    Row("source-record-is-a-list", B, mutate=write("data/source/shandong-2024.yaml", "- a\n- b\n"),
        message="must be a YAML mapping"),
    Row("source-text-is-a-directory", B, mutate=steps(rm("data/source/shandong-2024.txt"),
                                                      mkdir("data/source/shandong-2024.txt")), message="is a directory"),
    Row("unhashable-key", B, mutate=case_edit("title:", "? [a, b]\n: x\ntitle:"), message=r":\d+: malformed YAML: a key must be"),
    Row("mapping-key", B, mutate=case_edit("title:", "? {a: 1}\n: x\ntitle:"), message="a key must be"),
    Row("null-key", B, mutate=case_edit("title:", "~: x\ntitle:"), message="a key must be text"),
    Row("alias-bomb", B, mutate=case_edit("implementers:", ALIAS_BOMB + "implementers:"), message="aliases"),
    Row("merge-key", B, mutate=case_edit("title:", "x: &x {a: 1}\ny:\n  <<: *x\ntitle:"), message="aliases|merge"),
    Row("alias-in-registry", B, mutate=edit("data/places.yaml", "places:\n", "x: &x 1\ny: *x\nplaces:\n"), message="aliases"),
    Row("python-tag", B, mutate=case_edit("title:", "x: !!python/object:os.system ls\ntitle:"), message="malformed YAML"),
    Row("cases-dir-removed", B, mutate=rm("data/cases"), message="no data/cases/ directory"),
    Row("cases-dir-empty", B, mutate=rm(CASE), message="holds no case files"),
    Row("cases-dir-removed-validate", V, mutate=rm("data/cases"), message="no data/cases/"),
    Row("case-file-yml", B, mutate=lambda r: (r / CASE).rename(r / "data/cases/sd-2024-01.yml"), message=r"end in \.yaml"),
    Row("case-file-YAML-upper", B, mutate=lambda r: (r / CASE).rename(r / "data/cases/sd-2024-01.YAML"),
        message=r"end in \.yaml"),
    Row("value-not-in-quote", B, mutate=case_edit(NEW_VALUE_1, "    value: 409\n"),
        message=r"outcomes\[2\]\.value\): `value: 409` does not occur in the quote"),
    Row("value-9.5-for-19.5", B, mutate=case_edit("    quote: 新模式提高企业综保区整车出口效率 75%\n    value: 75\n",
                                                   "    quote: 新模式提高企业综保区整车出口效率 75%\n    value: 7.5\n"),
        message="`value: 7.5` does not occur"),
    Row("baseline-not-in-quote", B, mutate=case_edit(NEW_VALUE_1, "    value: 4097\n    baseline: 3000\n"),
        message=r"outcomes\[2\]\.baseline\): `baseline: 3000` does not occur"),
    Row("value-max-not-in-quote", B, mutate=case_edit(NEW_VALUE_1, "    value: 4097\n    value_max: 5000\n"),
        message="`value_max: 5000` does not occur"),
    Row("derived-without-note", B, mutate=case_edit(NEW_VALUE_1, "    value: 4000\n    derived: true\n"),
        message=r"outcomes\[2\]\.derived.*must be a note"),
    Row("derived-with-note-builds", B, mutate=case_edit(NEW_VALUE_1, "    value: 4000\n    derived: rounded for this test row\n"),
        exit=0, guard=False,
        check=lambda root, out, err="": "rounded for this test row" in (root / "build/portkg.ttl").read_text(encoding="utf-8")),
    Row("validate-graph-nan", V + ("--graph", "{root}/tmp/nan.nt"), mutate=write("tmp/nan.nt",
        '<https://w3id.org/portkg/case/x/outcome/1> <https://w3id.org/portkg/ontology#value> '
        '"NaN"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'), message="'NaN', which is not a valid decimal"),
    Row("validate-graph-truncated", V + ("--graph", "{root}/tmp/t.ttl"), mutate=write("tmp/t.ttl", "@prefix pk: <x#> .\npk:a pk:b "),
        message="cannot parse the graph"),
    Row("negative-duration", V, mutate=case_edit(NEW_VALUE_1, "    value: -4097\n    derived: negated for this test row\n"),
        exit=1, message="negative duration or count"),
    Row("share-over-100", V, mutate=steps(
        case_edit("  - metric: efficiency\n", "  - metric: direct-berthing-rate\n"),
        case_edit("    quote: 新模式提高企业综保区整车出口效率 75%\n    value: 75\n    unit: \"%\"\n    direction: increase\n    kind: change",
                  "    quote: 新模式提高企业综保区整车出口效率 75%\n    value: 4000\n    unit: \"%\"\n"
                  "    derived: a share of 4000 % for this test row\n    direction: increase\n    kind: level")),
        exit=1, message=r"share \(rate\) above 100"),
    Row("quote-as-yaml-list", B, mutate=case_edit("    quote: 泉城海关\n", "    quote: [泉城海关]\n"),
        message=r"implementers\[0\]\.quote\): `quote` must be text"),
    # ---- well handled before issue 12 (kept so)
    Row("malformed-yaml", B, mutate=case_edit("implementers:\n", "implementers:\n  - agency: [unclosed\n"),
        message=r"sd-2024-01\.yaml:\d+: malformed YAML"),
    Row("unknown-measure", B, mutate=case_edit("concept: one-ticket-multi-vehicle", "concept: one-ticket-multi-vehicles"),
        message=r"measures\[\d+\]\.concept\): unknown measure id .*did you mean one-ticket-multi-vehicle"),
    Row("unknown-agency", B, mutate=case_edit("agency: quancheng-customs", "agency: quancheng-custom"),
        message=r"implementers\[0\]\.agency\): unknown agency id"),
    Row("duplicate-case-file", B, mutate=lambda r: shutil.copy(r / CASE, r / "data/cases/sd-2024-01-copy.yaml"),
        message="duplicate case id sd-2024-01"),
    Row("duplicate-yaml-key", B, mutate=case_edit('case: "01"\n', 'case: "01"\ncase: "02"\n'),
        message=r"sd-2024-01\.yaml:2: malformed YAML: duplicate key 'case'"),
    Row("duplicate-registry-id", B, mutate=edit("data/agencies.yaml", "  jinan-airport-customs:\n", "  quancheng-customs:\n"),
        message=r"agencies\.yaml:\d+.*duplicate key 'quancheng-customs'"),
    Row("value-not-a-number", B, mutate=case_edit("value: 75", "value: 七十五"), message="must be a number"),
    Row("value-is-a-string", B, mutate=case_edit("value: 75", 'value: "75"'), message="must be a number"),
    Row("unknown-unit", B, mutate=case_edit('unit: "%"', "unit: 斤"), message="unknown unit `斤`"),
    Row("unknown-field", B, mutate=case_edit("    value: 4097\n", "    value: 4097\n    vaule: 1\n"),
        message=r"unknown field `vaule`"),
    Row("unknown-top-field", B, mutate=case_edit("title:", "titel: x\ntitle:"), message="unknown field `titel`"),
    Row("missing-title", B, mutate=lambda r: (r / CASE).write_text(re.sub(r"^title: .*\n", "", (r / CASE).read_text(
        encoding="utf-8"), flags=re.M), encoding="utf-8"), message="missing `title`"),
    Row("case-number-not-quoted", B, mutate=case_edit('case: "01"', "case: 1"), message="two-digit string"),
    Row("case-not-in-source", B, mutate=case_edit('case: "01"', 'case: "77"'), message="has no case 77"),
    Row("bad-direction", B, mutate=case_edit("direction: increase", "direction: up"), message="`direction` must be one of"),
    Row("bad-period", B, mutate=case_edit("period: 2024", "period: 24"), message="`period` must be a year"),
    Row("quote-not-in-source", B, mutate=case_edit("新模式提高企业综保区整车出口效率", "新模式提升企业综保区整车出口效率"),
        message="not in this case's section.*\n.*\n  nearest passage in the source: 新模式提高企业综保区整车出口效率"),
    Row("quote-from-another-case", B, mutate=case_edit("新模式提高企业综保区整车出口效率 75%", "十万吨级船舶到港直靠率由12%提升至75%"),
        message="not in this case's section"),
    Row("ambiguous-measure-quote", B, mutate=case_edit("quote: 适用国内货物入综保区退税便利政策，企业车辆入区后即可办理出口退税手续", "quote: 一票多车"),
        message=r"measures\[1\]\.quote\).*occurs \d+ times.*\n  fix: set `prefix:`"),
    Row("ambiguous-implementer-quote", B, mutate=case_edit("    quote: 泉城海关\n", "    quote: 一票多车\n"),
        message=r"implementers\[0\]\.quote\).*occurs \d+ times"),
    Row("prefix-matches-nothing", B, mutate=case_edit("    quote: 泉城海关\n", "    quote: 泉城海关\n    prefix: 不存在的前文\n"),
        message=r"implementers\[0\]\.prefix\).*`prefix:` '不存在的前文' is not the text just before"),
    Row("non-utf8-case", B, mutate=lambda r: (r / CASE).write_bytes((r / CASE).read_text(encoding="utf-8").encode("gb18030")),
        message=r"sd-2024-01\.yaml:\d+: not valid UTF-8.*\n  fix: .*iconv"),
    Row("utf16-case", B, mutate=lambda r: (r / CASE).write_bytes((r / CASE).read_text(encoding="utf-8").encode("utf-16")),
        message="UTF-16, not UTF-8"),
    Row("missing-registry", B, mutate=rm("data/places.yaml"), message=r"places\.yaml: file not found"),
    Row("changed-source-text", B, mutate=edit("data/source/shandong-2024.txt", "泉城海关", "泉城海关 "),
        message="checksum changed.*\n  fix: the source text must never be edited"),
    Row("malformed-turtle", B, mutate=lambda r: open(r / "ontology/measures.ttl", "a", encoding="utf-8").write(
        '\nmeasure:broken a pk:Measure ; skos:prefLabel "断"@zh\n'),
        message=r"measures\.ttl:\d+: malformed Turtle: the file ends inside a statement"),
    Row("malformed-turtle-line", B, mutate=edit("ontology/measures.ttl", "\n\n", "\n\nfoo:bar a pk:Measure .\n\n"),
        message=r"measures\.ttl:(\d+): malformed Turtle: .*prefix foo: has not been declared",
        check=lambda root, out, err="": "foo:bar" in (root / "ontology/measures.ttl").read_text(encoding="utf-8").splitlines()[
            int(re.search(r"measures\.ttl:(\d+)", err).group(1)) - 1]),
    Row("empty-measures-ttl", B, mutate=write("ontology/measures.ttl", ""), message=r"measures\.ttl: the vocabulary defines no pk:Measure"),
    Row("registry-lat-out-of-range", B, mutate=edit("data/places.yaml", "lat: ", "lat: 1", 1), message="`lat` must be a number between"),
    Row("unknown-agency-type", B, mutate=edit("data/agencies.yaml", "type: customs", "type: customz"), message="unknown agency type"),
    # ---- SPARQL
    Row("ask-memory", S + ("--format", "json", "-"), stdin=b"ASK { ?s ?p ?o }", exit=0, message='"ask": true', guard=False),
    Row("ask-rdflib", S + ("--store", "rdflib", "--format", "json", "-"), stdin=b"ASK { ?s ?p ?o }", exit=0,
        message='"ask": true'),
    Row("ask-false", S + ("--format", "json", "-"), stdin=b"ASK { <http://nothing.example/> ?p ?o }", exit=0,
        message='"ask": false'),
    Row("construct-memory", S + ("-",), stdin=b"CONSTRUCT { ?s a ?o } WHERE { ?s a ?o } LIMIT 2", exit=0, message=r"> \."),
    Row("describe-rdflib", S + ("--store", "rdflib", "-"), stdin=b"DESCRIBE <https://w3id.org/portkg/agency/quancheng-customs>",
        exit=0, message="quancheng-customs"),
    Row("sparql-non-utf8-file", S + ("{root}/tmp/q.rq",), mutate=write("tmp/q.rq", "SELECT * WHERE { ?s ?p \"海关\" }".encode("gb18030")),
        message=r"q\.rq:1: not valid UTF-8"),
    Row("sparql-empty-file", S + ("{root}/tmp/q.rq",), mutate=write("tmp/q.rq", ""), message="query file is empty"),
    Row("sparql-only-comments", S + ("-",), stdin=b"# nothing here\n", message="the query is empty"),
    Row("sparql-directory", S + ("{root}/tmp",), message="is a directory"),
    Row("sparql-missing-file", S + ("{root}/tmp/none.rq",), message="query file not found"),
    Row("sparql-service-refused", S + ("-",), stdin=b"SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        message="uses SERVICE.*\n  fix: .*--allow-service"),
    Row("sparql-service-lowercase", S + ("-",), stdin=b"select * where { service <http://127.0.0.1:9/q> { ?s ?p ?o } }",
        message="uses SERVICE"),
    Row("sparql-service-allowed-unreachable", S + ("--allow-service", "-"),
        stdin=b"SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", message="failed|error"),
    Row("sparql-deep-nesting", S + ("-",), stdin=("SELECT * WHERE " + "{" * 3000 + "}" * 3000).encode(),
        message="nests groups or brackets more than"),
    Row("sparql-prefix-insert-one-line", S + ("-",), stdin=b"PREFIX ex: <http://e.example/> INSERT DATA { ex:a ex:b ex:c }",
        message="updates are refused"),
    Row("sparql-base-delete", S + ("-",), stdin=b"BASE <http://e.example/> DELETE WHERE { ?s ?p ?o }", message="updates are refused"),
    Row("sparql-drop", S + ("-",), stdin=b"DROP ALL", message="updates are refused"),
    Row("sparql-keyword-in-string-ok", S + ("-",), stdin=b'SELECT ("INSERT SERVICE" AS ?x) WHERE {}', exit=0, message="INSERT SERVICE"),
    Row("sparql-not-a-query", S + ("-",), stdin=b"hello", message="not a SPARQL query"),
    Row("sparql-syntax-error", S + ("-",), stdin=b"SELECT * WHERE { ?s ?p }", message="SPARQL syntax error"),
    Row("query-list-non-utf8-rq", Q + ("--list",), mutate=write("queries/zz.rq", "# title: 坏 | bad\nSELECT * {}".encode("gb18030")),
        message=r"zz\.rq:1: not valid UTF-8"),
    Row("query-list-shows-question", Q + ("--list",), exit=0, message=r"Which units implement the cases"),
    Row("query-unknown-name", Q + ("nope",), message="no query named 'nope'"),
    Row("query-malformed-param", Q + ("replication-gaps", "-p", "city"), message="malformed parameter"),
    Row("query-unknown-param", Q + ("agencies", "-p", "x=1"), message="has no parameter 'x'"),
    Row("query-unknown-city", Q + ("replication-gaps", "-p", "city=火星"), message="no city named '火星'"),
    Row("query-bad-case-number", Q + ("case-card", "-p", "case=abc"), message="not a case number"),
    # a command-line value has no file: the message starts with the option, not '<input> (-p kind)'
    Row("query-bad-value-names-its-option", Q + ("outcomes", "-p", "kind=xx"), message=r"(?m)^error: -p kind: unknown outcome kind 'xx'",
        check=lambda root, out, err="": "<input>" not in err and "input (" not in err),
    # ---- stores and options
    Row("store-oxigraph-empty-path", Q + ("agencies", "--store", "oxigraph:"), message="`oxigraph:` needs a directory"),
    Row("store-oxigraph-file", Q + ("agencies", "--store", "oxigraph:{root}/data/places.yaml"), message="is a file"),
    Row("store-url-bad-port", Q + ("agencies", "--store", "http://127.0.0.1:notaport/query"), message="malformed URL"),
    Row("store-url-bad-ipv6", Q + ("agencies", "--store", "http://[::1"), message="malformed URL"),
    Row("store-url-no-host", Q + ("agencies", "--store", "http:///query"), message="no host"),
    Row("store-unknown", Q + ("agencies", "--store", "mysql://x"), message="unknown store"),
    Row("store-unreachable", Q + ("agencies", "--store", "http://127.0.0.1:9/query"), message="cannot reach the server"),
    Row("load-graph-not-an-iri", ("load", "--project", "{root}", "--store", "oxigraph:{root}/tmp/ox", "--graph", "not an iri"),
        message="not an absolute IRI"),
    Row("load-timeout-negative", ("load", "--project", "{root}", "--store", "http://127.0.0.1:9/query", "--timeout", "-1"),
        message=r"--timeout.*-1"),
    Row("load-memory-store", ("load", "--project", "{root}", "--store", "memory"), message="keeps nothing"),
    Row("load-file-directory", ("load", "--project", "{root}", "--store", "oxigraph:{root}/tmp/ox", "--file", "{root}/tmp"),
        message="is a directory"),
    Row("query-graph-truncated", Q + ("agencies", "--graph", "{root}/tmp/t.nt"),
        mutate=lambda r: (r / "tmp/t.nt").write_bytes((r / "build/portkg.nt").read_bytes()[:5000]),
        message=r"t\.nt:\d+: not valid N-Triples"),
    Row("query-graph-corrupt", Q + ("agencies", "--graph", "{root}/tmp/t.nt"), mutate=write("tmp/t.nt", "garbage\n"),
        message="not valid N-Triples"),
    Row("query-build-nt-truncated", Q + ("agencies",),
        mutate=lambda r: (r / "build/portkg.nt").write_bytes((r / "build/portkg.nt").read_bytes()[:7000]),
        message=r"portkg\.nt:\d+: not valid N-Triples.*\n  fix: rebuild it with `portkg build`"),
    Row("query-graph-missing", Q + ("agencies", "--graph", "{root}/tmp/none.nt"), message="not found"),
    Row("query-graph-rdflib-truncated", Q + ("agencies", "--store", "rdflib", "--graph", "{root}/tmp/t.nt"),
        mutate=lambda r: (r / "tmp/t.nt").write_bytes((r / "build/portkg.nt").read_bytes()[:5000]),
        message="not valid N-Triples"),
    # ---- CSV formula injection
    Row("csv-export-formula", X + ("--format", "csv", "-o", "{root}/tmp/csv"), mutate=EVIL, exit=0,
        check=csv_cell_neutralised("agencies.csv")),
    Row("csv-query-formula", Q + ("agencies", "--format", "csv"), mutate=steps(EVIL, rm("build/portkg.nt")), exit=0,
        guard=False, check=lambda root, out, err="": "'=HYPERLINK" in out and "\n=HYPERLINK" not in out),
    Row("csv-site-formula", B, mutate=EVIL, exit=0, guard=False,
        check=lambda root, out, err="": all("'=HYPERLINK" in p.read_text(encoding="utf-8-sig")
                                    for p in (root / "build/site").rglob("*.csv") if "HYPERLINK" in p.read_text(encoding="utf-8-sig"))
        and any("HYPERLINK" in p.read_text(encoding="utf-8-sig") for p in (root / "build/site").rglob("*.csv"))),
    # ---- extract input edge
    Row("extract-directory", E + ("{root}/tmp",), message="is a directory"),
    Row("extract-fifo", E + ("{root}/tmp/f",), mutate=fifo("tmp/f"), message="FIFO"),
    Row("extract-utf16", E + ("{root}/tmp/u.txt", "--format", "json"), mutate=write("tmp/u.txt", "实施单位：某海关\n".encode("utf-16")),
        message=r"UTF-16, not UTF-8.*\n  fix: convert it: iconv -f UTF-16"),
    Row("extract-empty", E + ("{root}/tmp/e.txt", "--format", "json"), mutate=write("tmp/e.txt", ""), message="the input is empty"),
    Row("extract-blank", E + ("{root}/tmp/e.txt", "--format", "json"), mutate=write("tmp/e.txt", " \n\n"), message="the input is empty"),
    Row("extract-stdin-empty", E + ("-", "--format", "json"), stdin=b"", message="the input is empty"),
    Row("extract-over-limit", E + ("{root}/tmp/big.txt", "--format", "json"),
        mutate=lambda r: os.truncate(open(r / "tmp/big.txt", "wb").name, 30 * 1024 * 1024), message="too large"),
    Row("extract-stdin-over-limit", E + ("-", "--format", "json"), stdin=b"a" * (21 * 1024 * 1024), message="too large"),
    Row("extract-binary", E + ("{root}/tmp/b.bin", "--format", "json"), mutate=write("tmp/b.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x01"),
        message="binary"),
    Row("extract-missing", E + ("{root}/tmp/none.txt",), message="not found"),
    Row("extract-no-file", E, message="no input"),
    Row("extract-yaml-without-out", E + ("{root}/data/source/shandong-2024.txt",), message="give --out DIR"),
    # ---- options and normal use
    Row("viz-all-with-focus", ("viz", "--project", "{root}", "--view", "all", "--focus", "06"), message="has no focus"),
    Row("patterns-unknown-table", ("patterns", "--project", "{root}", "--table", "nope"), message="no table 'nope'"),
    Row("stats-json-one-document", ("stats", "--project", "{root}", "--format", "json"), exit=0,
        check=lambda root, out, err="": __import__("json").loads(out)["cases"]),
    Row("patterns-json-one-document", ("patterns", "--project", "{root}", "--format", "json"), exit=0,
        check=lambda root, out, err="": __import__("json").loads(out)["measure_spread"]),
    Row("export-csv-without-o", X + ("--format", "csv"), message="give a directory"),
    Row("project-not-a-project", ("stats", "--project", "{root}/tmp"), message=r"agencies\.yaml: file not found"),
    # ---- signals (real processes)
    Row("ctrl-c-exits-130", B, mutate=case_edit("note: as reported", "note: edited, as reported"), subprocess=True,
        env={"PORTKG_TEST_KILL_AT": "graph-staged:INT"}, exit=130, message="interrupted"),
    Row("sigterm-exits-143", B, mutate=case_edit("note: as reported", "note: edited, as reported"), subprocess=True,
        env={"PORTKG_TEST_KILL_AT": "site-staged:TERM"}, exit=143, message="terminated"),
    Row("ctrl-c-in-export", X + ("-o", "{root}/tmp/g.ttl"), subprocess=True, env={"PORTKG_TEST_KILL_AT": "files-written:INT"},
        exit=130, message="interrupted", check=lambda root, out, err="": not (root / "tmp" / "g.ttl").exists()),
]


def _run(row: Row, root: Path, monkeypatch) -> tuple[int, str, str]:
    args = [a.replace("{root}", str(root)) for a in row.args]
    if row.subprocess:
        env = dict(os.environ, **row.env)
        p = subprocess.run([sys.executable, "-m", "portkg.cli", *args], input=row.stdin, capture_output=True,
                           env=env, timeout=300)
        out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        return p.returncode, out, err
    if row.fault:
        row.fault(monkeypatch, root)
    res = CliRunner().invoke(cli, args, input=row.stdin, catch_exceptions=True)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        import traceback

        pytest.fail("exception escaped the CLI: " + "".join(traceback.format_exception(res.exception)))
    return res.exit_code, res.stdout, res.stderr


def test_at_least_80_rows():
    assert len(ROWS) >= 80
    assert len({r.id for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_bad_input(row: Row, proj: Path, monkeypatch):
    if row.mutate:
        row.mutate(proj)
    before = snapshot(proj / "build")
    code, out, err = _run(row, proj, monkeypatch)
    monkeypatch.undo()
    both = out + err
    assert code == row.exit, f"exit {code}, expected {row.exit}:\n{both[-3000:]}"
    assert "Traceback" not in both, both
    if row.message:
        assert re.search(row.message, both), f"{row.message!r} not in:\n{both[-3000:]}"
    if row.exit == 2:
        assert "fix:" in err or "Error: Invalid value" in err, err
    if row.guard:
        assert snapshot(proj / "build") == before, "the last good output changed"
    assert not temps_left(proj), temps_left(proj)
    if row.check:
        assert row.check(proj, out, err) is not False


# ---------------------------------------------------------------- a build killed at each stage

STAGES = ["graph-built", "site-built", "staging-created", "graph-staged", "site-staged", "carried-over", "published"]


@pytest.fixture(scope="module")
def old_and_new(template, tmp_path_factory):
    """The old build (template) and the build after an edit, as snapshots."""
    root = tmp_path_factory.mktemp("new")
    shutil.copytree(template, root / "p")
    case_edit("note: as reported", "note: edited, as reported")(root / "p")
    res = CliRunner().invoke(cli, ["build", "--project", str(root / "p"), "--out", str(root / "p" / "build")])
    assert res.exit_code == 0, res.output
    return snapshot(template / "build"), snapshot(root / "p" / "build")


# SIGKILL at every stage (nothing can clean up: the output must still be old or new);
# SIGTERM at two (it unwinds: nothing may be left behind either)
KILLS = [(stage, "KILL") for stage in STAGES] + [(stage, "TERM") for stage in ("graph-staged", "published")]


@pytest.mark.parametrize("stage, signame", KILLS, ids=[f"{a}-{b}" for a, b in KILLS])
def test_killed_build_leaves_old_or_new_output(stage, signame, proj, old_and_new):
    old, new = old_and_new
    assert old != new
    (proj / "build" / "keep-me.txt").write_text("a user's file", encoding="utf-8")
    case_edit("note: as reported", "note: edited, as reported")(proj)
    env = dict(os.environ, PORTKG_TEST_KILL_AT=f"{stage}:{signame}")
    p = subprocess.run([sys.executable, "-m", "portkg.cli", "build", "--project", str(proj), "--out", str(proj / "build")],
                       capture_output=True, env=env, timeout=300)
    assert p.returncode in (-signal.SIGKILL, 143), p.stderr
    assert b"Traceback" not in p.stderr
    now = snapshot(proj / "build")
    assert now.pop("keep-me.txt") == b"a user's file"
    assert now in (old, new), "a mix of old and new output"
    if stage == "published":
        assert now == new
    if signame == "TERM":
        assert not temps_left(proj), temps_left(proj)
    # the next build removes what a killed one left beside build/ (the real rebuild: once, below)
    from portkg.publish import clean_stale

    clean_stale(proj / "build")
    assert not temps_left(proj), temps_left(proj)
    if stage == "carried-over" and signame == "KILL":
        res = CliRunner().invoke(cli, ["build", "--project", str(proj), "--out", str(proj / "build")])
        assert res.exit_code == 0, res.output
        assert snapshot(proj / "build") == dict(new, **{"keep-me.txt": b"a user's file"})


def test_no_site_removes_the_stale_site(proj):
    res = CliRunner().invoke(cli, ["build", "--no-site", "--project", str(proj), "--out", str(proj / "build")])
    assert res.exit_code == 0, res.output
    assert (proj / "build" / "portkg.ttl").exists() and not (proj / "build" / "site").exists()


# ---------------------------------------------------------------- random damage to a real case file

def _paths(node, prefix=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


ODD = st.sampled_from(["", " ", "\u200b", "\u202e反转", "\ufeff", "😀", "\x7f", "Ω" * 300, "null", "~", "yes", "0x1F",
                       "1e400", "-0", ".5", "'", '"', "[", "{a: 1}", "&a x", "*a", "!!binary aGk=", "? x", "- - -",
                       "\t", "\\", "%YAML 1.1", "---", "...", "#", ": :", "12:30", "2024-01-01"])
VALUES = st.one_of(ODD, st.integers(-10 ** 20, 10 ** 20), st.floats(allow_nan=True, allow_infinity=True),
                   st.booleans(), st.none(), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3),
                                                                                                   st.integers(), max_size=2))


@st.composite
def damaged_case(draw):
    text = (ROOT / CASE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    how = draw(st.sampled_from(["delete", "swap", "raw-line", "raw-replace"]))
    if how in ("delete", "swap"):
        path = draw(st.sampled_from(sorted(_paths(data), key=str)))
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        if how == "delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(VALUES)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    lines = text.splitlines(keepends=True)
    i = draw(st.integers(0, len(lines) - 1))
    odd = draw(ODD)
    if how == "raw-line":
        lines.insert(i, draw(st.sampled_from(["", "  ", "    "])) + odd + "\n")
    else:
        lines[i] = lines[i].rstrip("\n").split(": ")[0] + ": " + odd + "\n"
    return "".join(lines)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=damaged_case())
def test_random_damage_to_a_case_file(text, template, tmp_path_factory):
    root = tmp_path_factory.mktemp("h") / "p"
    shutil.copytree(template, root)
    (root / CASE).write_text(text, encoding="utf-8", errors="surrogatepass")
    before = snapshot(root / "build")
    res = CliRunner().invoke(cli, ["build", "--no-site", "--project", str(root), "--out", str(root / "build")])
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        import traceback

        pytest.fail("".join(traceback.format_exception(res.exception)))
    assert res.exit_code in (0, 2), res.output
    assert "Traceback" not in res.output
    after = snapshot(root / "build")
    if res.exit_code == 2:
        assert "fix:" in res.stderr, res.stderr
        assert after == before
    else:
        assert {"portkg.ttl", "portkg.nt", "portkg.jsonld"} <= set(after)
    assert not temps_left(root)
    shutil.rmtree(root.parent, ignore_errors=True)


def test_validate_changed_rechecks_only_the_edited_case(portkg, scratch):
    first = portkg("validate", "--changed", "--project", str(scratch))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "checked 1 case file(s), 0 unchanged" in first.stderr
    again = portkg("validate", "--changed", "--project", str(scratch))
    assert again.returncode == 0 and "checked 0 case file(s), 1 unchanged" in again.stderr
    text = (scratch / CASE).read_text(encoding="utf-8")
    value = re.search(r'value: (\d+)\n    unit: "%"\n    direction: decrease', text).group(1)
    edit(CASE, f'value: {value}\n    unit: "%"\n    direction: decrease',
         'value: 150\n    unit: "%"\n    derived: a test figure, not the one the quote states\n    direction: decrease')(scratch)
    changed = portkg("validate", "--changed", "--project", str(scratch))
    assert changed.returncode == 1 and "checked 1 case file(s), 0 unchanged" in changed.stderr
    assert "percentage reduction above 100" in changed.stdout and "sd-2024-01.yaml" in changed.stdout


def test_bin_scripts_say_what_they_do():
    """bin/run was silent for a minute during pip and for 16 s during validate; bin/test installed Chromium unannounced."""
    for script, command in (("bin/run", ".venv/bin/portkg"), ("bin/setup", "pip install")):
        lines = [ln.strip() for ln in (ROOT / script).read_text(encoding="utf-8").splitlines()]
        for i, ln in enumerate(lines):
            if ln.startswith(command) or (command == "pip install" and "pip install" in ln and "-e" in ln):
                assert any(prev.startswith("echo ") for prev in lines[max(0, i - 4):i]), f"{script}: {ln} unannounced"
    test = (ROOT / "bin/test").read_text(encoding="utf-8")
    assert test.index("installing Debian's chromium") < test.index("bash bin/install-browser")
