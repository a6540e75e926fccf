"""Count, per case, the facts added, removed and changed between two built graphs.

Curators report what a reading changed (docs/curation.md, section 7). A fact is an implementer,
a place, a measure application, an outcome or a claim; it is identified by its case, its kind,
the offsets of its first quoted passage and its wording (the agency or place, the local name of
a measure, the stated figure of an outcome). "Changed" means the same fact with any other
statement different: concept, metric, role, status, scope, agency, a further evidence passage, a
note. A fact quoted from a different passage counts as one removed and one added.

    .venv/bin/portkg build --no-site && cp build/portkg.nt /tmp/before.nt
    … edit data/cases …
    .venv/bin/portkg build --no-site
    .venv/bin/python scripts/fact_diff.py /tmp/before.nt build/portkg.nt [--detail] [--case sd-2024-05]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox

PK = "https://w3id.org/portkg/ontology#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

# kind → (property from the case, property whose value names the fact)
KINDS = {
    "implementer": (PK + "qualifiedImplementation", PK + "agency"),
    "place": (PK + "qualifiedPlace", PK + "place"),
    "measure": (PK + "qualifiedMeasure", PK + "localName"),
    "outcome": (PK + "reportsOutcome", PK + "statedValue"),
    "claim": (PK + "makesClaim", None),
}


def _value(term) -> str:
    return term.value if hasattr(term, "value") else str(term)


def facts(path: Path) -> dict[tuple, frozenset]:
    """{(case, kind, first span, wording): frozenset of (predicate, value)} for one built graph."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    out: dict[tuple, frozenset] = {}
    case_ids = {q.subject: q.subject.value.rsplit("/", 1)[-1]  # case IRIs end in the case id
                for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(PK + "Case"))}
    for case, cid in case_ids.items():
        for kind, (link, name_prop) in KINDS.items():
            for q in store.quads_for_pattern(case, ox.NamedNode(link), None):
                node = q.object
                stmts, spans = set(), []
                for s in store.quads_for_pattern(node, None, None):
                    p = s.predicate.value
                    if p in (RDF_TYPE, LABEL):
                        continue
                    if p == PK + "evidence":
                        ev = s.object
                        start = next(store.quads_for_pattern(ev, ox.NamedNode(OA + "start"), None)).object.value
                        end = next(store.quads_for_pattern(ev, ox.NamedNode(OA + "end"), None)).object.value
                        spans.append((int(start), int(end)))
                        continue
                    stmts.add((p.rsplit("#", 1)[-1], _value(s.object)))
                spans.sort()
                stmts.update(("evidence", f"{a}-{b}") for a, b in spans)
                wording = next((v for p, v in stmts if name_prop and PK + p == name_prop), "")
                key = (cid, kind, spans[0] if spans else None, wording)
                while key in out:  # two facts with one passage and one wording: keep both
                    key = key + ("again",)
                out[key] = frozenset(stmts)
    return out


def diff(before: dict, after: dict) -> dict[str, Counter]:
    per_case: dict[str, Counter] = defaultdict(Counter)
    for key in before.keys() - after.keys():
        per_case[key[0]]["removed"] += 1
    for key in after.keys() - before.keys():
        per_case[key[0]]["added"] += 1
    for key in before.keys() & after.keys():
        if before[key] != after[key]:
            per_case[key[0]]["changed"] += 1
    return per_case


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--detail", action="store_true", help="list every added, removed and changed fact")
    ap.add_argument("--case", help="only this case id")
    args = ap.parse_args(argv)
    for p in (args.before, args.after):
        if not p.is_file():
            print(f"fact_diff: {p}: no such file (build with `portkg build --no-site` and copy build/portkg.nt)",
                  file=sys.stderr)
            return 2
    before, after = facts(args.before), facts(args.after)
    if args.case:
        before = {k: v for k, v in before.items() if k[0] == args.case}
        after = {k: v for k, v in after.items() if k[0] == args.case}
    per_case = diff(before, after)
    print("| case | added | removed | changed |\n|---|---|---|---|")
    total = Counter()
    for case in sorted(per_case):
        c = per_case[case]
        total.update(c)
        print(f"| {case} | {c['added']} | {c['removed']} | {c['changed']} |")
    print(f"| total | {total['added']} | {total['removed']} | {total['changed']} |")
    if args.detail:
        for key in sorted(before.keys() - after.keys(), key=str):
            print("removed", key)
        for key in sorted(after.keys() - before.keys(), key=str):
            print("added  ", key)
        for key in sorted(before.keys() & after.keys(), key=str):
            if before[key] != after[key]:
                print("changed", key, "−", sorted(before[key] - after[key]), "+", sorted(after[key] - before[key]))
    roles = Counter(v for f in after.values() for p, v in f if p == "role")
    status = Counter(v for f in after.values() for p, v in f if p == "status")
    print("roles (after):", ", ".join(f"{r.rsplit('/', 1)[-1]} {n}" for r, n in sorted(roles.items())))
    print("statuses (after):", ", ".join(f"{s.rsplit('/', 1)[-1]} {n}" for s, n in sorted(status.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
