"""`portkg extract --evaluate`: the extractor against the curated cases, as a second reader.

Agencies compare the 实施单位 units by name; measures compare known concepts per case; an
extracted outcome matches a curated one when their passages overlap and they state the same
figure (as written, or normalised). "outcomes" are effects on both sides (pk:role effect and the
extractor's role effect); "all outcomes" compares every role. Cases are keyed by source and
number (sd-2024-06), since numbers repeat across sources. What the extractor found and the
curation lacks is listed: each is a place to look for a curation gap.

`evaluate_dir` scores any texts: pairs NAME.txt + NAME.gold.yaml (tests/fixtures/extract/dev/).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS

from .build import OA, PK
from .extract import DraftCase
from .units import normalise


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __iadd__(self, other: "Score"):
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass
class Evaluation:
    per_case: dict[str, dict[str, Score]] = field(default_factory=dict)
    lacking: list[tuple[str, str, str]] = field(default_factory=list)  # (case, kind, what) found but not curated
    missed: list[tuple[str, str, str]] = field(default_factory=list)   # curated but not found

    def total(self, kind: str) -> Score:
        s = Score()
        for scores in self.per_case.values():
            s += scores[kind]
        return s

    KINDS = ("agencies", "measures", "outcomes", "all outcomes")

    def rows(self) -> list[list]:
        out = []
        for case in sorted(self.per_case):
            sc = self.per_case[case]
            out.append([case, *(f"{x:.2f}" for k in self.KINDS for x in (sc[k].precision, sc[k].recall))])
        out.append(["all", *(f"{x:.2f}" for k in self.KINDS
                             for x in (self.total(k).precision, self.total(k).recall))])
        return out

    HEADERS = ["case", "agencies P", "agencies R", "measures P", "measures R", "outcomes P", "outcomes R",
               "all outcomes P", "all outcomes R"]


def _label(g: Graph, node) -> str:
    for v in g.objects(node, RDFS.label):
        if getattr(v, "language", None) == "zh":
            return str(v)
    return str(node)


def _num(x) -> Decimal:
    return Decimal(str(x)).normalize()


def _match_outcomes(drafts, curated_o, scores, ev, key, kind) -> None:
    tp = fp = 0
    for o in drafts:
        try:
            norm = _num(normalise(o.value, o.unit)[0])
        except KeyError:
            norm = None
        written = _num(o.value)

        def same(c):
            return c["s"] < o.end and o.start < c["e"] and (c["stated"] == written or (norm is not None and c["value"] == norm))

        hit = next((c for c in curated_o if not c["matched"] and same(c)), None)
        if hit is None:  # the same figure already matched: not a new outcome, not an error either
            if any(same(c) for c in curated_o):
                continue
            fp += 1
            if kind == "outcomes":
                ev.lacking.append((key, "outcome", f"{o.quote} → {o.value} {o.unit}"))
        else:
            hit["matched"] = True
            tp += 1
    fn = sum(1 for c in curated_o if not c["matched"])
    if kind == "outcomes":
        ev.missed += [(key, "outcome", c["quote"]) for c in curated_o if not c["matched"]]
    scores[kind] = Score(tp, fp, fn)


def evaluate(cases: list[DraftCase] | dict[str, list[DraftCase]], g: Graph) -> Evaluation:
    """Compare drafts with the curated cases: `cases` maps a source id to its drafts (a plain list is one source)."""
    ev = Evaluation()
    if not isinstance(cases, dict):
        src = {str(o).rsplit("/", 1)[-1] for o in g.objects(None, PK.inSource)}
        cases = {next(iter(sorted(src)), ""): cases}
    by_key = {(sid, c.number): c for sid, drafts in cases.items() for c in drafts}
    effect = URIRef("https://w3id.org/portkg/outcome-role/effect")
    for case in sorted(g.subjects(RDF.type, PK.Case)):
        num = str(g.value(case, DCTERMS.identifier))
        sid = str(g.value(case, PK.inSource)).rsplit("/", 1)[-1]
        if sid not in cases:
            continue
        key = f"{sid}-{num}"
        draft = by_key.get((sid, num))
        scores = {k: Score() for k in Evaluation.KINDS}
        ev.per_case[key] = scores
        # agencies: the implementing units
        curated = {_label(g, a) for a in g.objects(case, PK.implementedBy)}
        found = {a.name for a in draft.agencies if a.role == "implementer"} if draft else set()
        scores["agencies"] = Score(len(curated & found), len(found - curated), len(curated - found))
        # measures: known concepts
        curated_m = {str(m).rsplit("/", 1)[-1] for m in g.objects(case, PK.appliesMeasure)}
        # applications only: a plan is not one (docs/curation.md 2.3), on either side
        found_m = {m.concept for m in draft.measures if m.concept and not m.planned} if draft else set()
        scores["measures"] = Score(len(curated_m & found_m), len(found_m - curated_m), len(curated_m - found_m))
        ev.lacking += [(key, "measure", c) for c in sorted(found_m - curated_m)]
        ev.missed += [(key, "measure", c) for c in sorted(curated_m - found_m)]
        # outcomes: effects on both sides, then every role
        for kind in ("outcomes", "all outcomes"):
            curated_o = []
            for o in g.objects(case, PK.reportsOutcome):
                if kind == "outcomes" and g.value(o, PK.role) not in (effect, None):
                    continue
                e = g.value(o, PK.evidence)
                curated_o.append({"s": int(g.value(e, OA.start)), "e": int(g.value(e, OA.end)),
                                  "stated": _num(g.value(o, PK.statedValue)), "value": _num(g.value(o, PK.value)),
                                  "quote": str(g.value(e, OA.exact)), "matched": False})
            drafts = [o for o in (draft.outcomes if draft else []) if kind == "all outcomes" or o.role == "effect"]
            _match_outcomes(drafts, curated_o, scores, ev, key, kind)
    return ev


# ---------------------------------------------------------------- any texts: pairs of text and gold

TYPES = ("agencies", "measures", "effect outcomes", "all outcomes", "baselines", "figures")


@dataclass
class DirEvaluation:
    """Scores per type and per construction on pairs NAME.txt + NAME.gold.yaml."""

    per_doc: dict[str, dict[str, Score]] = field(default_factory=dict)
    per_tag: dict[str, Score] = field(default_factory=dict)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (document, kind, what)

    def total(self, kind: str) -> Score:
        s = Score()
        for scores in self.per_doc.values():
            s += scores[kind]
        return s

    def rows(self) -> list[list]:
        out = []
        for kind in TYPES:
            t = self.total(kind)
            out.append([kind, t.tp, t.fp, t.fn, f"{t.precision:.2f}", f"{t.recall:.2f}"])
        return out

    def tag_rows(self) -> list[list]:
        return [[tag, s.tp, s.fn, f"{s.recall:.2f}"] for tag, s in sorted(self.per_tag.items())]

    HEADERS = ["type", "tp", "fp", "fn", "precision", "recall"]
    TAG_HEADERS = ["construction", "found", "missed", "recall"]


def _simp(s: str) -> str:
    from .extract.text import core, simplified

    return core(simplified(str(s)))


def _from_quote(name: str) -> str:
    """A measure name from its first quotation mark on, when at most 10 characters stand before it (else "")."""
    from .extract.text import core, simplified

    t = simplified(str(name))
    q = min((i for i in (t.find("“"), t.find("「")) if i >= 0), default=-1)
    return core(t[q:]) if 0 <= q <= 10 else ""


def _norm_value(v, unit: str):
    try:
        return normalise(v, unit)
    except KeyError:
        if len(unit) > 1 and unit[0] == "个":  # 20个省份: a count with 个 and the noun counted is a count in 个
            return _norm_value(v, "个")
        return None
    except (ArithmeticError, ValueError):
        return None


def _same_figure(v1, u1, v2, u2) -> bool:
    if v1 is None or v2 is None:
        return v1 is None and v2 is None
    if _num(v1) == _num(v2) and _simp(u1) == _simp(u2):
        return True
    n1, n2 = _norm_value(v1, _simp(u1)), _norm_value(v2, _simp(u2))
    return n1 is not None and n2 is not None and n1[1] == n2[1] and abs(float(n1[0]) - float(n2[0])) <= \
        0.01 * max(1.0, abs(float(n1[0])))


def _agency_key(name: str) -> str:
    """One body under its short and full name is one agency: 九江边检站 is 九江出入境边防检查站."""
    import re

    from .extract.agencies import FULL_TYPE, SAR_BODIES, SHORT_FORMS

    name = re.sub("(?:" + "|".join(SHORT_FORMS["边检站"]) + ")$", "边检站", _simp(name))
    # 澳门特别行政区政府海关 is 澳门海关: the region's full name or its short one
    name = re.sub(r"^(香港|澳门)特别行政区(?:政府)?(?=.{2,})", r"\1", name)
    # 澳门海事及水务局 is 海事及水务局: a Hong Kong or Macao body's name is the same with or without its place
    if name[2:] in SAR_BODIES and name.startswith(("澳门", "香港")):
        name = name[2:]
    # 合肥市发展改革委 is 合肥市发展和改革委员会, 省市场监管局 is 省市场监督管理局: a type word's short and official form
    for short, full in FULL_TYPE.items():
        if short != "政府" and name.endswith(short) and len(name) > len(short):
            return name[:-len(short)] + full
    return name


def read_gold(path) -> dict:
    import yaml

    from .errors import InputError

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(path, mark.line + 1 if mark else None, None, "malformed gold YAML",
                         "fix the YAML syntax") from None
    if not isinstance(data, dict):
        raise InputError(path, None, None, "a gold file is a mapping", "write agencies:, measures:, outcomes:")
    for key in ("agencies", "measures", "outcomes"):
        items = data.get(key) or []
        if not isinstance(items, list):
            raise InputError(path, None, key, f"`{key}` must be a list", f"write {key}: [] or a list of entries")
        data[key] = [x if isinstance(x, dict) else {"name": x} for x in items]
        for n, x in enumerate(data[key]):
            if key == "outcomes" and not {"at", "value", "unit"} <= set(x):
                raise InputError(path, None, f"outcomes[{n}]", "an outcome needs at, value and unit",
                                 "at: a passage of the text holding the figure")
            if key != "outcomes" and "name" not in x:
                raise InputError(path, None, f"{key}[{n}]", "an entry needs a name", "write name: …")
    return data


def evaluate_dir(extractor, directory) -> DirEvaluation:
    """Score the extractor on every NAME.txt that has a NAME.gold.yaml beside it."""
    from pathlib import Path

    from .errors import InputError
    from .extract.text import simplified

    directory = Path(directory)
    pairs = sorted(p for p in directory.glob("*.txt") if p.with_name(p.stem + ".gold.yaml").exists())
    if not pairs:
        raise InputError(directory, None, None, "no pairs of NAME.txt and NAME.gold.yaml here",
                         "put a gold file beside each text (see tests/fixtures/extract/dev/)")
    ev = DirEvaluation()

    def tag(item: dict, hit: bool) -> None:
        for t in item.get("tags") or []:
            s = ev.per_tag.setdefault(t, Score())
            if hit:
                s.tp += 1
            else:
                s.fn += 1

    for path in pairs:
        text = path.read_text(encoding="utf-8")
        norm = simplified(text)
        gold = read_gold(path.with_name(path.stem + ".gold.yaml"))
        cases = extractor.extract(text)
        doc = path.stem
        sc = {k: Score() for k in TYPES}
        ev.per_doc[doc] = sc
        # agencies: every agency named (implementers and mentioned), one per name
        found = {}
        for c in cases:
            for a in c.agencies:
                found.setdefault(_agency_key(a.name), a)
        gold_a = {_agency_key(g["name"]): g for g in gold["agencies"]}
        for k, g in gold_a.items():
            hit = k in found
            tag(g, hit)
            sc["agencies"].tp += hit
            sc["agencies"].fn += not hit
            if not hit:
                ev.notes.append((doc, "agency missed", g["name"]))
        for k, a in found.items():
            if k not in gold_a:
                sc["agencies"].fp += 1
                ev.notes.append((doc, "agency not in gold", a.name))
        # measures: known concepts and candidates above the draft threshold
        ms = [m for c in cases for m in c.measures]
        matched_m: set[int] = set()
        hit_concepts, hit_names = set(), set()

        def mname(m) -> str:
            return _simp(m.name).strip("“”")

        for g in gold["measures"]:
            gname = _simp(g["name"]).strip("“”")
            free = [i for i in range(len(ms)) if i not in matched_m]
            hit = next((i for i in free if mname(ms[i]) == gname), None)
            if hit is None:
                hit = next((i for i in free if g.get("concept") and ms[i].concept == g["concept"]
                            and (ms[i].concept, mname(ms[i])) not in
                            {(x.get("concept"), _simp(x["name"]).strip("“”")) for x in gold["measures"]}), None)
            if hit is None:  # a boundary a few characters off either way (拼箱“绿色通道” / “绿色通道”) is the same name
                hit = next((i for i in free if ms[i].concept is None and gname and len(mname(ms[i])) >= 3 and
                            (gname in mname(ms[i]) and len(mname(ms[i])) - len(gname) <= 2 or
                             mname(ms[i]) in gname and len(gname) - len(mname(ms[i])) <= 4)), None)
            if hit is None:
                # the same quoted name and head with or without the noun phrase before the quote (出入境车辆“预检+快放”模式 /
                # “预检+快放”模式): the gold sets differ on that modifier (heldout7's collection writes it, its notice does
                # not: 外籍旅客“即来即办”口岸签证服务 → “即来即办”口岸签证服务), so either extent is the same measure
                gq = _from_quote(g["name"])
                hit = next((i for i in free if ms[i].concept is None and gq and _from_quote(ms[i].name) == gq), None)
            tag(g, hit is not None)
            if hit is None:
                sc["measures"].fn += 1
                ev.notes.append((doc, "measure missed", g["name"]))
                continue
            sc["measures"].tp += 1
            matched_m.add(hit)
            hit_names.add(mname(ms[hit]))
            if ms[hit].concept:
                hit_concepts.add(ms[hit].concept)
            if g.get("concept"):
                hit_concepts.add(g["concept"])  # the gold says which concept this measure is: its known mentions are it
        for i, m in enumerate(ms):
            if i in matched_m or mname(m) in hit_names or (m.concept and m.concept in hit_concepts):
                continue  # the same measure (a name, or a known concept already credited) named again is not a new one
            if m.planned:
                continue  # a plan is not an application (docs/curation.md 2.3), as in the evaluation on our own source
            sc["measures"].fp += 1
            ev.notes.append((doc, "measure not in gold", f"{m.name} ({m.concept or m.reason})"))
        # outcomes
        outs = [o for c in cases for o in c.outcomes]
        used: set[int] = set()
        gold_o = []
        for g in gold["outcomes"]:
            at = simplified(str(g["at"]))
            i = norm.find(at)
            if i < 0:
                raise InputError(path.with_name(path.stem + ".gold.yaml"), None, "outcomes.at",
                                 f"passage {g['at']!r} is not in {path.name}", "copy it from the text")
            gold_o.append((g, i, i + len(at)))
        for g, s, e in gold_o:
            near = [k for k, o in enumerate(outs) if o.start < e and s < o.end]
            hit = next((k for k in near if k not in used and _same_figure(outs[k].value, outs[k].unit,
                                                                          g["value"], g["unit"])), None)
            tag(g, hit is not None)
            effect = g.get("role", "effect") == "effect"
            if hit is None:
                sc["all outcomes"].fn += 1
                if effect:
                    sc["effect outcomes"].fn += 1
                ev.notes.append((doc, "outcome missed", f"{g['at']} → {g['value']} {g['unit']}"))
                if g.get("baseline") is not None:
                    sc["baselines"].fn += 1
                continue
            used.add(hit)
            o = outs[hit]
            sc["all outcomes"].tp += 1
            if effect and o.role == "effect":
                sc["effect outcomes"].tp += 1
            elif effect:
                sc["effect outcomes"].fn += 1
                ev.notes.append((doc, f"outcome role {o.role}, gold effect", o.quote))
            if g.get("baseline") is not None:
                ok = o.baseline is not None and _same_figure(o.baseline, o.baseline_unit or o.unit, g["baseline"],
                                                             g.get("baseline_unit") or g["unit"]) and \
                    (g.get("baseline_max") is None or (o.baseline_max is not None
                                                       and _num(o.baseline_max) == _num(g["baseline_max"])))
                sc["baselines"].tp += ok
                sc["baselines"].fn += not ok
                if not ok:
                    ev.notes.append((doc, "baseline wrong", f"{o.quote}: {o.baseline} {o.baseline_unit}"))
            elif o.baseline is not None:  # a difference or a yearly change read as a pair: a baseline the text lacks
                sc["baselines"].fp += 1
                ev.notes.append((doc, "baseline not in gold", f"{o.quote}: {o.baseline} {o.baseline_unit}"))
            figure_ok = (g.get("value_max") is None or (o.value_max is not None and _num(o.value_max) == _num(g["value_max"])))
            if "projected" in g:
                figure_ok = figure_ok and bool(o.projected) == bool(g["projected"])
            sc["figures"].tp += figure_ok
            sc["figures"].fp += not figure_ok
            if not figure_ok:
                ev.notes.append((doc, "figure detail wrong", f"{o.quote}: max {o.value_max}, projected {o.projected}"))
        for k, o in enumerate(outs):
            if k in used:
                continue
            # a figure where the gold has an outcome, with a different value, is a wrong figure
            if any(o.start < e and s < o.end for _, s, e in gold_o):
                sc["figures"].fp += 1
            sc["all outcomes"].fp += 1
            if o.role == "effect":
                sc["effect outcomes"].fp += 1
            ev.notes.append((doc, f"outcome not in gold ({o.role})", f"{o.quote} → {o.value} {o.unit}"))
        # titles
        if "title" in gold:
            # the document's title (a notice's 关于…的通知 line, a collection's name), not its first case's (§8.6)
            title = getattr(extractor, "document_title", None) or (cases[0].title if cases else None)
            got = _simp(title or "")
            hit = got == _simp(gold["title"])
            for t in gold.get("title_tags") or []:
                s = ev.per_tag.setdefault(t, Score())
                s.tp += hit
                s.fn += not hit
            if not hit:
                ev.notes.append((doc, "title wrong", title or ""))
    return ev
