"""Draw a seeded, stratified sample of curated facts and print each one in words, for reading
against the source (issue 13: "a fresh seeded sample read against the source").

A fact is what scripts/fact_diff.py identifies (its `facts()`): an implementer, a measure
application, an outcome or a claim of one case (places are not sampled: the issue's table has
none). The sample is stratified like the issue's table (80 outcomes, 80 measure applications,
40 claims, 41 implementers, scaled to --n); a type with fewer facts than its share gives the
rest to the other types. The same graph, seed and cases always draw the same facts.

    .venv/bin/portkg build --no-site
    .venv/bin/python scripts/sample_facts.py build/portkg.nt --seed 1 --n 60 \
        --cases sd-2024-08,sd-2024-09,sd-2024-10,sd-2024-15,sd-2024-16,sd-2024-17

Each fact is printed with its statements (concept or metric label, value and unit, baseline,
role, status, scope, agency, projected, note), every quoted passage with its offsets, whether
the passage is found at those offsets in data/source/, its section and ~80 characters of
context on each side.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import yaml

ROOT = Path(__file__).resolve().parents[1]
PK = "https://w3id.org/portkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
CASE = "https://w3id.org/portkg/case/"

# the table: how many of each type were read in the first sample
WEIGHTS = {"outcome": 80, "measure": 80, "claim": 40, "implementer": 41}
# statements in reading order; anything else follows in name order
ORDER = ["measure", "localName", "metric", "innovation", "claimAbout", "scope", "agency", "place",
         "kind", "direction", "statedValue", "value", "statedUnit", "unit", "qualifier", "maxValue",
         "baselineValue", "changeMagnitude", "relativeChange", "derivation", "period", "role",
         "status", "projected", "note"]
CONTEXT = 80


def _fact_diff():
    spec = importlib.util.spec_from_file_location("fact_diff", ROOT / "scripts" / "fact_diff.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def quotas(available: dict[str, int], n: int) -> dict[str, int]:
    """Split n over the types by WEIGHTS (largest remainder), capped by what each type has."""
    take = {k: 0 for k in WEIGHTS}
    left = min(n, sum(available.get(k, 0) for k in WEIGHTS))
    while left:
        open_ = [k for k in WEIGHTS if take[k] < available.get(k, 0)]
        total = sum(WEIGHTS[k] for k in open_)
        share = {k: left * WEIGHTS[k] / total for k in open_}
        add = {k: min(int(share[k]), available.get(k, 0) - take[k]) for k in open_}
        rest = left - sum(add.values())
        for k in sorted(open_, key=lambda k: (-(share[k] - int(share[k])), list(WEIGHTS).index(k))):
            if rest and take[k] + add[k] < available.get(k, 0):
                add[k] += 1
                rest -= 1
        for k in open_:
            take[k] += add[k]
        left -= sum(add.values())
    return take


def draw(all_facts: dict[tuple, frozenset], seed: int, n: int, cases: set[str] | None) -> list[tuple]:
    """The sampled fact keys, ordered by case, type and offset (the order a reader reads them in)."""
    rng = random.Random(seed)
    by_kind: dict[str, list[tuple]] = {k: [] for k in WEIGHTS}
    for key in all_facts:
        if key[1] in by_kind and (cases is None or key[0] in cases):
            by_kind[key[1]].append(key)
    take = quotas({k: len(v) for k, v in by_kind.items()}, n)
    picked = []
    for kind in WEIGHTS:  # fixed order and sorted populations: the draw depends on the seed only
        picked += rng.sample(sorted(by_kind[kind], key=str), take[kind])
    return sorted(picked, key=lambda k: (k[0], list(WEIGHTS).index(k[1]), k[2] or (0, 0), str(k)))


class Reader:
    """Labels, quotes and source texts, looked up in one built graph."""

    def __init__(self, nt: Path):
        self.store = ox.Store()
        self.store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        self.texts: dict[str, str] = {}
        for meta in sorted((ROOT / "data" / "source").glob("*.yaml")):
            doc = yaml.safe_load(meta.read_text(encoding="utf-8"))
            self.texts[doc["id"]] = (meta.parent / doc["file"]).read_text(encoding="utf-8")

    def _objects(self, s: str, p: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)]

    def words(self, value: str) -> str:
        """An IRI as 'en label / zh label (id)'; a literal as it is."""
        if not value.startswith("http"):
            return value
        labels = self._objects(value, SKOS + "prefLabel") or self._objects(value, RDFS_LABEL)
        by_lang = {}
        for lit in labels:
            by_lang.setdefault(getattr(lit, "language", None) or "", lit.value)
        local = re.split(r"[/#]", value)[-1]
        shown = " / ".join(v for lang, v in sorted(by_lang.items()) if lang in ("en", "zh", ""))
        return f"{shown} ({local})" if shown else local

    def source_of(self, case: str) -> str:
        src = self._objects(CASE + case, PROV + "wasDerivedFrom")
        return src[0].value.rsplit("/", 1)[-1]

    def quote(self, case: str, start: int, end: int) -> str:
        """The oa:exact of the case's evidence passage at these offsets."""
        src = self.source_of(case)
        for q in self.store.quads_for_pattern(None, ox.NamedNode(OA + "start"), None):
            ev = q.subject
            if int(q.object.value) != start:
                continue
            if not any(int(o.value) == end for o in self._objects(ev.value, OA + "end")):
                continue
            if any(o.value.rsplit("/", 1)[-1] == src for o in self._objects(ev.value, PROV + "wasQuotedFrom")):
                return self._objects(ev.value, OA + "exact")[0].value
        raise LookupError(f"{case}: no evidence passage at {start}-{end}")

    def passage(self, case: str, start: int, end: int) -> dict:
        text = self.texts[self.source_of(case)]
        quote = self.quote(case, start, end)
        case_start = int(self._objects(CASE + case, PK + "startOffset")[0].value)
        heads = [m for m in re.finditer(r"^[一二三四五]、.*$", text[case_start:start], re.M)]
        return {
            "quote": quote,
            "found": text[start:end] == quote,
            "section": heads[-1].group(0).strip() if heads else "title",
            "before": text[max(0, start - CONTEXT):start].replace("\n", "⏎"),
            "after": text[end:end + CONTEXT].replace("\n", "⏎"),
        }


def spans(stmts: frozenset) -> list[tuple[int, int]]:
    return sorted(tuple(int(x) for x in v.split("-")) for p, v in stmts if p == "evidence")


def describe(reader: Reader, number: int, key: tuple, stmts: frozenset) -> str:
    case, kind = key[0], key[1]
    lines = [f"## {number:02d} · {case} · {kind} · {'-'.join(map(str, key[2])) if key[2] else ''}"]
    rank = {p: i for i, p in enumerate(ORDER)}
    for p, v in sorted((s for s in stmts if s[0] != "evidence"), key=lambda s: (rank.get(s[0], 99), s)):
        lines.append(f"- {p}: {reader.words(v)}")
    for i, (a, b) in enumerate(spans(stmts)):
        ps = reader.passage(case, a, b)
        label = "quote" if i == 0 else "also"
        lines.append(f"- {label} [{a}-{b}] {'found at its offsets' if ps['found'] else 'NOT AT ITS OFFSETS'}"
                     f" · {ps['section']}: 「{ps['quote']}」")
        lines.append(f"  context: …{ps['before']}【{ps['quote']}】{ps['after']}…")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graph", type=Path, help="a built graph in N-Triples (build/portkg.nt)")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=60, help="how many facts to draw (default 60)")
    ap.add_argument("--cases", help="comma-separated case ids or prefixes ending in * "
                    "(sd-2024-*: every Shandong case; default: every case of the graph)")
    args = ap.parse_args(argv)
    if not args.graph.is_file():
        print(f"sample_facts: {args.graph}: no such file (build it with `portkg build --no-site`)", file=sys.stderr)
        return 2
    all_facts = _fact_diff().facts(args.graph)
    known = {k[0] for k in all_facts}
    cases, unknown = None, []
    if args.cases:  # an id, or a prefix ending in * (sd-2024-* = every Shandong case)
        cases = set()
        for c in args.cases.split(","):
            hits = {k for k in known if k.startswith(c[:-1])} if c.endswith("*") else {c} & known
            cases |= hits
            unknown += [] if hits else [c]
    if unknown:
        print(f"sample_facts: --cases: {', '.join(sorted(unknown))} not in {args.graph} (case ids look like sd-2024-08)",
              file=sys.stderr)
        return 2
    picked = draw(all_facts, args.seed, args.n, cases)
    reader = Reader(args.graph)
    counts = {k: sum(1 for p in picked if p[1] == k) for k in WEIGHTS}
    print(f"# sample: seed {args.seed}, {len(picked)} facts "
          f"({', '.join(f'{v} {k}s' for k, v in counts.items())}) from "
          f"{', '.join(sorted(cases)) if cases else 'every case'} of {args.graph}\n")
    for i, key in enumerate(picked, 1):
        print(describe(reader, i, key, all_facts[key]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
