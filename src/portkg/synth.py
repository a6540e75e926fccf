"""Synthetic corpora N times the real one, shaped like a real multi-source collection, for benchmarks.

A synthetic corpus is a project (source texts and records, case files, registries, vocabularies)
that `portkg build` builds and `portkg validate` checks like the real one:

- **Sources.** Distinct source documents, one per province and year (``zj-2019``; a second
  collection of the same province and year is ``zj-2019b``), each with its own table of
  contents and case numbers 01…NN (5 to 23 cases).
- **Cases.** Each case is the section of a real case (a template, chosen at random, at most once
  per source) with the names of its city and province replaced by those of a city of the
  source's province, drawn from 332 prefecture-level cities (synth_cities.py) with a skewed
  weight, so some cities have many cases and many have few. The case file is the template's,
  with the same names replaced in every quote, and its places and agencies moved to the new
  city (registry entries ``<city>-port``, ``<city>-customs`` … are made as needed). Every quote
  is looked up again in the new section; a case whose quotes would not all be found once keeps
  its template's own names.
- **Measures.** About a third of a case's measure concepts are replaced by a declared synthetic
  variant of the same concept (``measure:single-window-v7``, broader: the same category), drawn
  with a heavy tail, so that, as in the real thesaurus, most concepts occur in one or two cases
  and a few in very many (ontology/synth-measures.ttl in the synthetic project).
- Agency parents (org:subOrganizationOf, whose quotes point into a real case) are left out.

The N-Triples (``portkg.nt``) are what `portkg build` makes of that project, built a few hundred
sources at a time so that memory stays small at 1000×; build-time summaries (summaries.py) are
computed once over the whole corpus. The same seed gives the same bytes.
"""
from __future__ import annotations

import hashlib
import random
import re
import shutil
from pathlib import Path

import yaml

from .progress import Progress
from .synth_cities import CITIES, PROVINCES

BASE = "https://w3id.org/portkg/"
TAIL_SHARE = 0.35  # share of a case's measure concepts replaced by a long-tail variant
CHUNK_SOURCES = 150  # sources built at a time for the N-Triples


def synth_id(source_id: str, k: int) -> str:
    """Kept for older callers: the id of copy ``k`` of a source."""
    return f"{source_id}-s{k:05d}"


# ---------------------------------------------------------------- templates

class _Template:
    def __init__(self, doc, sec, data: dict, province: str):
        self.doc, self.sec, self.data, self.province = doc, sec, data, province
        self.text = doc.text[sec.span.start:sec.span.end].rstrip() + "\n\n"
        self.key = f"{doc.id}-{sec.number}"


def _templates(project_root: Path) -> list[_Template]:
    from .source import load_source

    docs = {}
    for meta in sorted((project_root / "data" / "source").glob("*.yaml")):
        doc = load_source(meta)
        docs[doc.id] = doc
    out = []
    for path in sorted((project_root / "data" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc = docs[data["source"]]
        out.append(_Template(doc, doc.cases[str(data["case"])], data, doc.meta.get("province")))
    return out


def _city_of(place: str, places: dict) -> str | None:
    cur, seen = place, set()
    while cur and cur not in seen:
        seen.add(cur)
        p = places.get(cur)
        if p is None:
            return None
        if p["type"] == "city":
            return cur
        cur = p.get("located_in")
    return None


# ---------------------------------------------------------------- the generator

class _Synth:
    def __init__(self, project_root: Path, scale: int, seed: int):
        self.root = project_root
        self.scale, self.seed = scale, seed
        self.rng = random.Random(f"portkg-synth-{seed}")
        self.templates = _templates(project_root)
        self.real_sources = {t.doc.id for t in self.templates}
        reg = yaml.safe_load((project_root / "data" / "places.yaml").read_text(encoding="utf-8"))
        self.places: dict = reg["places"]
        self.agencies: dict = yaml.safe_load((project_root / "data" / "agencies.yaml").read_text(encoding="utf-8"))["agencies"]
        self.new_places: dict = {}
        self.new_agencies: dict = {}
        self.variants: dict[str, set[int]] = {}
        # a skewed weight per city (a few big port cities, many small ones), fixed by the seed
        self.city_weight = {c: 1.0 / (1 + r) ** 0.9 for r, c in
                            enumerate(random.Random(f"cities-{seed}").sample(sorted(CITIES), len(CITIES)))}
        self.fallbacks = 0

    # -- places and agencies moved to another city

    def _free_id(self, ident: str, entry: dict, registry: dict, made: dict) -> str:
        """``ident``, or ``ident-2`` … where that id already names something else."""
        cand, n = ident, 2
        while True:
            old = made.get(cand) or registry.get(cand)
            if old is None or all(old.get(k) == entry.get(k) for k in ("zh", "type", "located_in")):
                return cand
            cand, n = f"{ident}-{n}", n + 1

    def place_for(self, place: str, cmap: dict, subst) -> str:
        p = self.places[place]
        if p["type"] == "city":
            return cmap.get(place, place)
        if p["type"] == "province":
            return cmap.get(place, place)
        parent = p.get("located_in")
        if parent is None:
            return place
        new_parent = self.place_for(parent, cmap, subst)
        if new_parent == parent:
            return place
        return self._moved(place, p, parent, new_parent, cmap, subst, self.places, self.new_places, position=True)

    def agency_for(self, agency: str, cmap: dict, subst) -> str:
        a = self.agencies[agency]
        loc = a.get("located_in")
        if not loc:
            return agency
        new_loc = self.place_for(loc, cmap, subst)
        if new_loc == loc:
            return agency
        return self._moved(agency, a, loc, new_loc, cmap, subst, self.agencies, self.new_agencies)

    def _moved(self, ident: str, rec: dict, old_loc: str, new_loc: str, cmap: dict, subst,
               registry: dict, made: dict, position: bool = False) -> str:
        """A place or agency moved with its city: the id re-anchored on the new city (the part after
        the old city's id kept), the names rewritten, registered once in ``made``."""
        old_anchor = _city_of(old_loc, self.places) or old_loc
        new_anchor = cmap.get(old_anchor, old_anchor)
        suffix = ident[len(old_anchor) + 1:] if ident.startswith(old_anchor + "-") else ident
        entry = {"zh": subst(rec["zh"]), "en": subst(rec["en"], True), "type": rec["type"], "located_in": new_loc}
        if position and "lat" in rec:  # a port or zone moved with its city: the city's position
            anchor = CITIES.get(new_anchor) or PROVINCES.get(new_anchor) or rec
            entry["lat"], entry["long"] = anchor["lat"], anchor["long"]
        new_ident = self._free_id(f"{new_anchor}-{suffix}", entry, registry, made)
        made.setdefault(new_ident, entry)
        return new_ident

    # -- one case

    def _cities_of(self, t: _Template) -> list[str]:
        """The real cities of the template's province its places and agencies are in, most mentioned first."""
        seen: list[str] = []
        ids = [it["place"] for it in t.data.get("places") or []]
        ids += [self.agencies[it["agency"]].get("located_in") for it in t.data.get("implementers") or []]
        for pid in ids:
            c = _city_of(pid, self.places) if pid else None
            if c and self.places[c].get("located_in") == t.province and c not in seen:
                seen.append(c)
        return seen

    def make_case(self, t: _Template, province: str, number: str, source_id: str):
        """(section text, case data) for template ``t`` as case ``number`` of ``source_id``."""
        rng = self.rng
        real = self._cities_of(t)
        pool = [c for c, v in CITIES.items() if v["province"] == province]
        cmap: dict[str, str] = {}
        names: dict[str, str] = {}
        en_names: dict[str, str] = {}
        taken = set()
        for c in real:
            for _ in range(20):
                cand = rng.choices(pool, weights=[self.city_weight[x] for x in pool])[0]
                if cand not in taken and (cand == c or CITIES[cand]["zh"] not in t.text):
                    break
            else:
                cand = c
            taken.add(cand)
            cmap[c] = cand
            if cand != c:
                names[self.places[c]["zh"]] = CITIES[cand]["zh"]
                en_names[self.places[c]["en"]] = CITIES[cand]["en"]
        if t.province and t.province != province:
            cmap[t.province] = province
            old, new = self.places[t.province], PROVINCES[province]
            if new["short"] not in t.text:
                names[old["zh"]] = new["zh"]
                names[old["zh"].rstrip("省")] = new["short"]
                en_names[old["en"].replace(" Province", "")] = new["en"]
        subst = _substituter(names, en_names)
        text = subst(t.text)
        data = _map_strings(t.data, subst)
        if not _quotes_hold(t, data, text):
            self.fallbacks += 1
            cmap, subst, text, data = {}, _substituter({}, {}), t.text, _map_strings(t.data, lambda v, en_label=False: v)
        if province not in cmap.values() and t.province:
            cmap.setdefault(t.province, t.province)
        for it in data.get("places") or []:
            it["place"] = self.place_for(it["place"], cmap, subst)
        for it in data.get("implementers") or []:
            it["agency"] = self.agency_for(it["agency"], cmap, subst)
        concepts = sorted({it["concept"] for it in data.get("measures") or []})
        vmap = {}
        for c in concepts:
            if rng.random() < TAIL_SHARE:
                j = min(int(rng.paretovariate(0.8)), 50 * self.scale)
                vmap[c] = f"{c}-v{j}"
                self.variants.setdefault(c, set()).add(j)
        for it in data.get("measures") or []:
            it["concept"] = vmap.get(it["concept"], it["concept"])
            if it.get("agency"):
                it["agency"] = self.agency_for(it["agency"], cmap, subst)
        for it in data.get("claims") or []:
            if it.get("measure"):
                it["measure"] = vmap.get(it["measure"], it["measure"])
        data["case"] = number
        data["source"] = source_id
        return text, data

    # -- the whole project

    def sources(self):
        """(source id, province, year, [templates]) until scale × the real number of cases are placed."""
        remaining = self.scale * len(self.templates)
        used: dict[str, int] = {}
        while remaining > 0:
            province = self.rng.choice(sorted(PROVINCES))
            year = self.rng.randint(2012, 2025)
            base = f"{PROVINCES[province]['code']}-{year}"
            k = used.get(base, 0)
            used[base] = k + 1
            sid = base + _letters(k)
            if sid in self.real_sources:  # never a real source's id (sd-2024 is the real collection)
                k = used[base]
                used[base] = k + 1
                sid = base + _letters(k)
            n = min(remaining, self.rng.randint(min(5, len(self.templates)), len(self.templates)))
            picks = self.rng.sample(self.templates, n)
            remaining -= n
            yield sid, province, year, k, picks


def _letters(k: int) -> str:
    """The suffix of the (k+1)-th collection of a province and year: "", b, c, … z, ba, bb …"""
    s = ""
    while k:
        k, r = divmod(k, 26)
        s = "abcdefghijklmnopqrstuvwxyz"[r] + s
    return s


def _substituter(names: dict[str, str], en_names: dict[str, str]):
    """A function replacing every old name by its new one (zh names anywhere, en names as words)."""
    zh = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True)))) if names else None
    en = re.compile(r"\b(" + "|".join(map(re.escape, sorted(en_names, key=len, reverse=True))) + r")\b") \
        if en_names else None

    def subst(s: str, en_label: bool = False) -> str:
        if zh is not None:
            s = zh.sub(lambda m: names[m.group(0)], s)
        if en is not None:
            s = en.sub(lambda m: en_names[m.group(0)], s)
        return s

    return subst


def _map_strings(value, subst):
    if isinstance(value, dict):
        return {k: (v if k in ("case", "source", "concept", "agency", "place", "metric", "unit", "scope",
                               "measure", "kind", "role", "status", "direction", "qualifier", "baseline_unit")
                    else _map_strings(v, subst)) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_strings(v, subst) for v in value]
    if isinstance(value, str):
        return subst(value)
    return value


def _quotes_hold(t: _Template, data: dict, text: str) -> bool:
    """Every quote (with its prefix) occurs as often in the new section as in the template's."""
    from .source import squeeze

    old_hay, new_hay = squeeze(t.text), squeeze(text)

    def count(hay, q, prefix):
        q = squeeze(q)
        p = squeeze(prefix or "")
        n, i = 0, hay.find(q)
        while i != -1:
            if not p or hay[max(0, i - len(p)):i] == p:
                n += 1
            i = hay.find(q, i + 1)
        return n

    if squeeze(str(data["title"])) not in new_hay:
        return False
    for part in ("implementers", "places", "measures", "outcomes", "claims"):
        for old, new in zip(t.data.get(part) or [], data.get(part) or []):
            pairs = [(old, new)] + list(zip(old.get("also") or [], new.get("also") or []))
            for o, n in pairs:
                if count(old_hay, str(o["quote"]), o.get("prefix")) != count(new_hay, str(n["quote"]), n.get("prefix")):
                    return False
    return True


def _source_text(title: str, sections: list[tuple[str, str]]) -> str:
    toc = "\n".join(f"| {i}. {heading} | {2 * i - 1} |" for i, (heading, _) in enumerate(sections, 1))
    body = "".join(text for _, text in sections)
    return f"{title}\n\n目 录\n\n| | |\n|--|----|\n{toc}\n\n{body}"


def write_project(project_root: Path, target: Path, scale: int, seed: int, progress: Progress | None = None) -> dict:
    """Write a synthetic project of ``scale`` × the real number of cases into ``target``.

    Returns counts: cases, sources, cities (with cases), measure variants, fallbacks."""
    s = _Synth(project_root, scale, seed)
    for part in ("ontology", "shapes", "queries"):
        shutil.copytree(project_root / part, target / part, dirs_exist_ok=True)
    src_dir, case_dir = target / "data" / "source", target / "data" / "cases"
    for d in (src_dir, case_dir):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    n_cases, n_sources, cities = 0, 0, set()
    for sid, province, year, k, picks in s.sources():
        p = PROVINCES[province]
        title = f"{p['short']}口岸营商环境创新实践案例（{year}年）" + (f"第{k + 1}辑" if k else "")
        sections = []
        for i, t in enumerate(picks, 1):
            number = f"{i:02d}"
            text, data = s.make_case(t, province, number, sid)
            sections.append((data["title"], text))
            for it in data.get("places") or []:
                c = _city_of(it["place"], {**s.places, **s.new_places, **_city_entries()})
                if c:
                    cities.add(c)
            (case_dir / f"{sid}-{number}.yaml").write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
            n_cases += 1
        body = _source_text(title, sections)
        fname = f"{sid}.txt"
        (src_dir / fname).write_text(body, encoding="utf-8")
        meta = {"id": sid, "file": fname, "title": title,
                "title_en": f"Port Business Environment Cases of {p['en']} ({year}), synthetic", "year": year,
                "province": province, "language": "zh",
                "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
                "origin": f"synthetic: portkg synth --scale {scale} --seed {seed} (real case sections with "
                          "city and province names replaced); not a document"}
        (src_dir / f"{sid}.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
        n_sources += 1
        if progress:
            progress.advance(len(picks))
    _write_registries(s, target)
    _write_variants(s, project_root, target)
    return {"cases": n_cases, "sources": n_sources, "cities": len(cities),
            "variants": sum(len(v) for v in s.variants.values()), "fallbacks": s.fallbacks}


def _city_entries() -> dict:
    return {c: {"type": "city", "zh": v["zh"], "located_in": v["province"]} for c, v in CITIES.items()}


def _write_registries(s: _Synth, target: Path) -> None:
    places = dict(s.places)
    for pid, p in PROVINCES.items():
        places.setdefault(pid, {"zh": p["zh"], "en": f"{p['en']} Province" if p["zh"].endswith("省") else p["en"],
                                "type": "province", "lat": p["lat"], "long": p["long"]})
    for cid, c in CITIES.items():
        places.setdefault(cid, {"zh": c["zh"], "en": c["en"], "type": "city", "located_in": c["province"],
                                "lat": c["lat"], "long": c["long"]})
    for pid, p in s.new_places.items():
        places.setdefault(pid, p)
    head = ("# Synthetic gazetteer (portkg synth): the real places, every province and prefecture-level city of\n"
            "# synth_cities.py, and the ports and zones of the cases moved to another city.\n")
    (target / "data" / "places.yaml").write_text(
        head + yaml.safe_dump({"places": places}, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    agencies = {k: {kk: vv for kk, vv in v.items() if kk != "parent"} for k, v in s.agencies.items()}
    for aid, a in s.new_agencies.items():
        agencies.setdefault(aid, a)
    head = ("# Synthetic agencies (portkg synth): the real ones without their parents (whose quotes point into\n"
            "# real cases), and each one's namesake in the cities cases were moved to.\n")
    (target / "data" / "agencies.yaml").write_text(
        head + yaml.safe_dump({"agencies": agencies}, allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8")


def _write_variants(s: _Synth, project_root: Path, target: Path) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS

    g = Graph()
    g.parse(project_root / "ontology" / "measures.ttl")
    out = ["@prefix pk: <https://w3id.org/portkg/ontology#> .",
           "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", "",
           "# Synthetic long-tail measure concepts (portkg synth): variant j of a real concept, with its broader",
           "# concepts and TFA/OECD mappings; not part of the real thesaurus.", ""]
    for concept in sorted(s.variants):
        node = URIRef(f"{BASE}measure/{concept}")
        zh = next((str(o) for o in g.objects(node, SKOS.prefLabel) if o.language == "zh"), concept)
        en = next((str(o) for o in g.objects(node, SKOS.prefLabel) if o.language == "en"), concept)
        rels = [(p, o) for p in (SKOS.broader, SKOS.closeMatch, SKOS.broadMatch) for o in g.objects(node, p)]
        for j in sorted(s.variants[concept]):
            vid = f"{concept}-v{j}"
            props = [f'skos:inScheme <{BASE}measure>', f'skos:notation "{vid}"',
                     f'skos:prefLabel "{_esc(zh)}（变体{j}）"@zh , "{_esc(en)} (variant {j})"@en']
            props += [f"{p.n3()} {o.n3()}" for p, o in sorted(rels)]
            out.append(f"<{BASE}measure/{vid}> a pk:Measure , skos:Concept ;\n    " + " ;\n    ".join(props) + " .")
    (target / "ontology" / "synth-measures.ttl").write_text("\n".join(out) + "\n", encoding="utf-8")


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


# ---------------------------------------------------------------- N-Triples

def build_ntriples(project_dir: Path, out, progress: Progress | None = None) -> int:
    """Build the synthetic project a few hundred sources at a time and write its N-Triples (and the
    summaries over the whole corpus) to ``out`` (binary). Returns the number of triples written."""
    from . import summaries
    from .build import Project, build_graph

    metas = sorted((project_dir / "data" / "source").glob("*.yaml"))
    cases = sorted((project_dir / "data" / "cases").glob("*.yaml"))
    by_source: dict[str, list[Path]] = {}
    for c in cases:
        by_source.setdefault(c.stem.rsplit("-", 1)[0], []).append(c)

    class _Chunk(Project):
        chunk: list[Path] = []

        @property
        def sources(self):
            return self.chunk

    shared_done = False
    n = 0
    collector = summaries.Collector()
    for i in range(0, len(metas), CHUNK_SOURCES):
        chunk = metas[i:i + CHUNK_SOURCES]
        proj = _Chunk(project_dir)
        proj.chunk = chunk
        ids = {m.stem for m in chunk}
        paths = [c for sid in sorted(ids) for c in by_source.get(sid, [])]
        result = build_graph(proj, case_paths=paths, keep_parts=True, summarise=False)  # summaries: once, below
        # the registries and vocabularies once; each chunk's source records and cases
        mine = tuple(f"<{BASE}source/{sid}> ".encode() for sid in ids)
        lines = [ln for ln in result.shared_triples if not shared_done or ln.startswith(mine)]
        for part in result.case_triples.values():
            lines.extend(part)
        lines = sorted(set(lines))
        collector.feed_many(lines)
        out.write(b"".join(lines))
        n += len(lines)
        shared_done = True
        if progress:
            progress.advance(len(paths))
    extra = collector.lines()
    out.write(b"".join(extra))
    return n + len(extra)
