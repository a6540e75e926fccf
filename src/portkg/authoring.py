"""Reading the human-edited files: case YAML, agency and place registries.

Every mapping keeps the line of each key, so that any error (here, in the build or in
`portkg validate`) can point to the file, line and field an analyst has to change.
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .figures import occurs_in
from .source import read_utf8
from .units import WRITTEN_UNITS


class LineDict(dict):
    """A dict that remembers the line of its start and of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases (a few KB of nested aliases expand to gigabytes) and with scalar keys."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem=f"YAML aliases (*{event.anchor}) are not allowed in portkg files", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


# libyaml's parser (C) when PyYAML has it: 5x faster on case files; same nodes and marks. Any
# error is re-read with the pure-Python loader, so messages are the same with or without it.
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _line_dict(node: yaml.MappingNode, construct) -> LineDict:
    """A mapping node as a LineDict (each key's line kept for messages), keys checked: text only, no
    merge keys, no duplicates. ``construct`` makes each key and value (the two loaders differ there)."""
    d = LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.MarkedYAMLError(
                problem="a key must be a plain word or text (found a list, a mapping or a merge key `<<`)",
                problem_mark=key_node.start_mark)
        key = construct(key_node)
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            raise yaml.MarkedYAMLError(
                problem=f"a key must be text, found {key!r}", problem_mark=key_node.start_mark)
        if key in d:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key {key!r} (first at line {d.key_lines[key]})",
                problem_mark=key_node.start_mark,
            )
        d[key] = construct(value_node)
        d.key_lines[key] = key_node.start_mark.line + 1
    return d


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> LineDict:
    return _line_dict(node, lambda n: loader.construct_object(n, deep=True))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP_TAG = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
#: the implicit tag of a plain scalar, by its text (keys, ids, units and numbers recur in every file)
_RESOLVED: dict[tuple, str] = {}


def _resolve_cached(self, kind, value, implicit):
    if kind is yaml.ScalarNode and len(value) <= 64:
        key = (value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = yaml.SafeLoader.resolve(self, kind, value, implicit)
            if len(_RESOLVED) < 100_000:
                _RESOLVED[key] = tag
        return tag
    return yaml.SafeLoader.resolve(self, kind, value, implicit)


_FastLoader.resolve = _resolve_cached


def _construct_tree(loader, node):
    """What ``loader.construct_document(node)`` returns for a document without aliases, made
    directly: strings, lists and mappings here, every other node by the loader's constructors."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        return node.value if node.tag == _STR_TAG else loader.construct_object(node, deep=True)
    if kind is yaml.SequenceNode and node.tag == _SEQ_TAG:
        return [_construct_tree(loader, child) for child in node.value]
    if kind is yaml.MappingNode and node.tag == _MAP_TAG:
        return _line_dict(node, lambda n: _construct_tree(loader, n))
    return loader.construct_object(node, deep=True)


def _fast_load(text: str):
    """``yaml.load(text, Loader=_FastLoader)`` with the tree built by ``_construct_tree`` (the
    generic constructor was a fifth of a large build)."""
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _construct_tree(loader, node)
    finally:
        loader.dispose()


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into LineDicts; any problem becomes an InputError with its line."""
    text = read_utf8(path)
    # libyaml cannot be told to refuse aliases; a file without `*` or `&` has none, so it is safe there
    if "*" not in text and "&" not in text:
        try:
            return _fast_load(text)
        except yaml.YAMLError:
            pass  # read again below for the pure-Python loader's message
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        if "aliases" in str(err.problem) or "a key must be" in str(err.problem):
            fix = "write the value out in full; keys are plain words (e.g. quote:, value:)"
        else:
            fix = ("fix the YAML syntax at that line (indentation, a missing colon, or quote a string "
                   "that contains ': ' or starts with a quote or bracket)")
        raise InputError(path, line, None, f"malformed YAML: {err.problem or err}", fix) from None
    except yaml.YAMLError as err:
        raise InputError(path, None, None, f"malformed YAML: {err}", "fix the YAML syntax") from None


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


# ---------------------------------------------------------------- case files

CASE_KEYS = {"case", "source", "title", "implementers", "places", "measures", "outcomes", "claims", "note"}
ITEM_KEYS = {
    "implementers": ({"agency", "quote"}, {"prefix", "note"}),
    "places": ({"place", "quote"}, {"prefix", "note"}),
    "measures": ({"concept", "local", "quote"}, {"agency", "prefix", "note", "status"}),
    "outcomes": ({"metric", "quote", "value", "unit"},
                 {"baseline", "baseline_unit", "direction", "kind", "qualifier", "projected", "period",
                  "value_max", "prefix", "note", "id", "derived", "role"}),
    "claims": ({"scope", "quote"}, {"prefix", "note", "what", "measure", "also"}),
}
# fields that hold one text or id (a list or a number there is a mistake, not a value to stringify)
TEXT_KEYS = {"quote", "prefix", "local", "agency", "place", "concept", "metric", "unit", "baseline_unit", "direction",
             "kind", "qualifier", "scope", "note", "id", "what", "role", "status", "measure"}
DIRECTIONS = {"increase", "decrease", "none"}
KINDS = {"level", "change", "before-after", "growth", "rank"}
QUALIFIERS = {"约": "approximately", "左右": "approximately", "余": "more-than", "多": "more-than",
              "超": "exceeding", "超过": "exceeding", "突破": "exceeding", "以上": "at-least",
              "近": "nearly", "最短": "as-low-as", "以内": "within", "之内": "within", "内": "within",
              "以下": "within", "至少": "at-least", "可达": "up-to"}
SCOPES = {"national", "provincial", "customs-district", "city", "sector", "unstated"}
# docs/curation.md: the part an outcome plays, and whether a measure is applied or planned.
# Optional when reading (drafts from `portkg extract` build); `portkg validate` reports a missing one.
ROLES = {"effect", "context", "input", "status"}
STATUSES = {"applied", "planned"}


@dataclass
class Item:
    """One fact of a case file, validated, with where it was written."""

    part: str  # implementers | places | measures | outcomes | claims
    index: int
    data: LineDict
    path: Path

    def field(self, name: str) -> str:
        return f"{self.part}[{self.index}].{name}"

    def error(self, name: str, problem: str, fix: str, nearest: str | None = None) -> InputError:
        return InputError(self.path, self.data.line_of(name), self.field(name), problem, fix, nearest)


@dataclass
class CaseFile:
    path: Path
    data: LineDict
    items: dict[str, list[Item]]

    @property
    def number(self) -> str:
        return self.data["case"]

    @property
    def source(self) -> str:
        return self.data["source"]

    def error(self, name: str, problem: str, fix: str) -> InputError:
        return InputError(self.path, self.data.line_of(name), name, problem, fix)


def _number(item: Item, name: str) -> Decimal:
    raw = item.data.get(name)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise item.error(name, f"`{name}` must be a number, found {raw!r}",
                         "write the figure as digits without units or quotes (e.g. 19.5), "
                         "and put the unit in `unit:`")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise item.error(name, f"`{name}` must be a finite number, found {raw!r}",
                         "write the figure as digits (.nan and .inf are not figures)")
    try:
        return Decimal(str(raw))
    except InvalidOperation:  # pragma: no cover - float repr is always a valid decimal
        raise item.error(name, f"`{name}` is not a valid number: {raw!r}", "write digits") from None


def check_figures_stated(item: Item) -> None:
    """Each figure (value, value_max, baseline) occurs in the quote, unless marked `derived:`.

    Called by the build once the quote is found in the source, so a wrong quote is reported first.
    """
    d = item.data
    if "derived" in d:
        note = d["derived"]
        if not isinstance(note, str) or len(note.strip()) < 8:
            raise item.error("derived", f"`derived` must be a note saying how the figure was derived, found {note!r}",
                             "write e.g. derived: \"total of 4 berths x 5 ships, the text gives the per-berth figure\"")
        return
    quote = d["quote"]
    if not isinstance(quote, str):
        return  # reported as a bad quote by the check of the quote itself
    for name in ("value", "value_max", "baseline"):
        if name in d and not occurs_in(d[name], quote):
            raise item.error(name, f"`{name}: {d[name]}` does not occur in the quote {quote!r}",
                             f"copy the figure exactly as the quote writes it (digits or Chinese numerals), "
                             f"or, if it is computed from the text, add `derived:` with a note saying how")


def read_case_file(path: Path, vocab: "Vocabulary") -> CaseFile:
    """Parse and check one case file against the registries and vocabularies."""
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise InputError(path, 1, None, "a case file must be a YAML mapping (key: value lines)",
                         "start from docs/authoring.md or an existing case file")
    for key in data:
        if key not in CASE_KEYS:
            raise InputError(path, data.line_of(key), key, f"unknown field `{key}`{_suggest(key, CASE_KEYS)}",
                             f"use only: {', '.join(sorted(CASE_KEYS))}")
    for key in ("case", "source", "title"):
        if key not in data or data[key] in (None, ""):
            raise InputError(path, data.line, key, f"missing `{key}`", f"add `{key}:` (see docs/authoring.md)")
    for key in ("source", "title", "note"):
        if key in data and not isinstance(data[key], str):
            raise InputError(path, data.line_of(key), key, f"`{key}` must be text, found {data[key]!r}",
                             f"write {key}: as plain text on one line")
    if not isinstance(data["case"], str) or not data["case"].isdigit() or len(data["case"]) != 2:
        raise InputError(path, data.line_of("case"), "case",
                         f"`case` must be a two-digit string like \"06\", found {data['case']!r}",
                         "quote it: case: \"06\"")
    items: dict[str, list[Item]] = {}
    for part, (required, optional) in ITEM_KEYS.items():
        raw = data.get(part) or []
        if not isinstance(raw, list):
            raise InputError(path, data.line_of(part), part, f"`{part}` must be a list of entries",
                             "start each entry with '- '")
        items[part] = []
        for i, entry in enumerate(raw):
            if not isinstance(entry, LineDict):
                raise InputError(path, data.line_of(part), f"{part}[{i}]", "each entry must be a mapping",
                                 "write `- quote: …` with its fields indented under it")
            item = Item(part, i, entry, path)
            for key in entry:
                if key not in required | optional:
                    raise item.error(key, f"unknown field `{key}`{_suggest(key, required | optional)}",
                                     f"use only: {', '.join(sorted(required | optional))}")
            for key in sorted(required):
                if entry.get(key) in (None, ""):
                    raise InputError(path, entry.line, item.field(key), f"missing `{key}`",
                                     f"add `{key}:` to this entry")
            for key in entry:
                if key in TEXT_KEYS and not isinstance(entry[key], str):
                    raise item.error(key, f"`{key}` must be text, found {entry[key]!r}",
                                     "write it as plain text on one line (quote it with \"…\" "
                                     "if it starts with [ or {, or contains ': ')")
            _check_item(item, vocab)
            items[part].append(item)
    return CaseFile(path, data, items)


def _check_item(item: Item, vocab: "Vocabulary") -> None:
    d = item.data
    if item.part == "implementers":
        if d["agency"] not in vocab.agencies:
            raise item.error("agency", f"unknown agency id `{d['agency']}`{_suggest(d['agency'], vocab.agencies)}",
                             "use an id from data/agencies.yaml, or add the agency there")
    elif item.part == "places":
        if d["place"] not in vocab.places:
            raise item.error("place", f"unknown place id `{d['place']}`{_suggest(d['place'], vocab.places)}",
                             "use an id from data/places.yaml, or add the place there")
    elif item.part == "measures":
        if d["concept"] not in vocab.measures:
            raise item.error("concept", f"unknown measure id `{d['concept']}`{_suggest(d['concept'], vocab.measures)}",
                             "use a concept id from ontology/measures.ttl, or add the concept there")
        if "agency" in d and d["agency"] not in vocab.agencies:
            raise item.error("agency", f"unknown agency id `{d['agency']}`{_suggest(d['agency'], vocab.agencies)}",
                             "use an id from data/agencies.yaml")
        if "status" in d and d["status"] not in STATUSES:
            raise item.error("status", f"`status` must be applied or planned, found {d['status']!r}",
                             "write status: applied (the case has done it) or status: planned "
                             "(后期, 下一步, 将 …); see docs/curation.md")
    elif item.part == "outcomes":
        if d["metric"] not in vocab.metrics:
            raise item.error("metric", f"unknown metric id `{d['metric']}`{_suggest(d['metric'], vocab.metrics)}",
                             "use a metric id from ontology/metrics.ttl, or add the metric there")
        for name in ("value", "baseline", "value_max"):
            if name in d:
                _number(item, name)
        for name in ("unit", "baseline_unit"):
            if name in d and str(d[name]) not in WRITTEN_UNITS:
                raise item.error(name, f"unknown unit `{d[name]}`{_suggest(d[name], WRITTEN_UNITS)}",
                                 "use a written unit from the table in docs/authoring.md "
                                 "(or add it to src/portkg/units.py with its QUDT unit and factor)")
        if "baseline_unit" in d and "baseline" not in d:
            raise item.error("baseline_unit", "`baseline_unit` without `baseline`", "add `baseline:` or remove it")
        if d.get("direction", "none") not in DIRECTIONS:
            raise item.error("direction", f"`direction` must be one of {sorted(DIRECTIONS)}, found {d['direction']!r}",
                             "write increase, decrease or none")
        if d.get("kind", "level") not in KINDS:
            raise item.error("kind", f"`kind` must be one of {sorted(KINDS)}, found {d['kind']!r}",
                             "see 'Outcome kinds' in docs/authoring.md")
        if "role" in d and d["role"] not in ROLES:
            raise item.error("role", f"`role` must be one of {', '.join(sorted(ROLES))}, found {d['role']!r}"
                             f"{_suggest(d['role'], ROLES)}",
                             "write role: effect, context (background figure), input (staff, money, "
                             "facilities) or status (rank, designation); see docs/curation.md")
        if "qualifier" in d and d["qualifier"] not in QUALIFIERS:
            raise item.error("qualifier", f"unknown qualifier {d['qualifier']!r}",
                             f"use one of {' '.join(QUALIFIERS)}")
        if "projected" in d and not isinstance(d["projected"], bool):
            raise item.error("projected", f"`projected` must be true or false, found {d['projected']!r}",
                             "write projected: true")
        if "period" in d and not (isinstance(d["period"], int) and 1900 < d["period"] < 2100):
            raise item.error("period", f"`period` must be a year like 2024, found {d['period']!r}",
                             "write the year as four digits")
    elif item.part == "claims":
        if d["scope"] not in SCOPES:
            raise item.error("scope", f"unknown scope {d['scope']!r}{_suggest(d['scope'], SCOPES)}",
                             f"use one of {', '.join(sorted(SCOPES))}")
        if "measure" in d and d["measure"] not in vocab.measures:
            raise item.error("measure", f"unknown measure id `{d['measure']}`{_suggest(d['measure'], vocab.measures)}",
                             "use a concept id from ontology/measures.ttl")
        also = d.get("also")
        if also is not None:
            if not isinstance(also, list) or not also:
                raise item.error("also", "`also` must be a list of further passages",
                                 "write each as `- quote: …` (with `prefix:` if needed) under `also:`")
            for j, extra in enumerate(also):
                if not isinstance(extra, LineDict) or extra.get("quote") in (None, "") \
                        or set(extra) - {"quote", "prefix"}:
                    raise InputError(item.path, extra.line if isinstance(extra, LineDict) else d.line_of("also"),
                                     f"{item.field('also')}[{j}]",
                                     "each further passage needs `quote:` (and optionally `prefix:`), nothing else",
                                     "write `- quote: …` under `also:`")


# ---------------------------------------------------------------- registries

AGENCY_KEYS = {"zh", "en", "type", "located_in", "parent"}
PLACE_TYPES = {"province", "city", "county", "town", "port", "airport", "bonded-zone", "free-trade-zone", "park"}
PLACE_KEYS = {"zh", "en", "type", "located_in", "lat", "long", "note"}


def read_registry(path: Path, top: str, keys: set[str], required: set[str]) -> LineDict:
    data = load_yaml(path)
    if not isinstance(data, LineDict) or not isinstance(data.get(top), LineDict):
        raise InputError(path, 1, top, f"expected a mapping under `{top}:`", f"see the header of {path.name}")
    entries = data[top]
    for ident, entry in entries.items():
        line = entries.line_of(ident)
        if not isinstance(entry, LineDict):
            raise InputError(path, line, ident, "each entry must be a mapping", "indent its fields under the id")
        for key in entry:
            if key not in keys:
                raise InputError(path, entry.line_of(key), f"{ident}.{key}",
                                 f"unknown field `{key}`{_suggest(key, keys)}", f"use only: {', '.join(sorted(keys))}")
        for key in required:
            if entry.get(key) in (None, ""):
                raise InputError(path, line, f"{ident}.{key}", f"missing `{key}`", f"add `{key}:`")
        for key in ("zh", "en", "type", "located_in", "note"):
            if key in entry and entry[key] is not None and not isinstance(entry[key], str):
                raise InputError(path, entry.line_of(key), f"{ident}.{key}", f"`{key}` must be text, found {entry[key]!r}",
                                 "write it as plain text (an id or a name)")
    return entries


@dataclass
class Vocabulary:
    """The ids a case file may use: registries plus concept ids from the vocabularies."""

    agencies: LineDict
    places: LineDict
    measures: set[str]
    metrics: set[str]
    agency_types: set[str]
    agencies_path: Path
    places_path: Path

    def check_registries(self) -> None:
        for ident, a in self.agencies.items():
            if a["type"] not in self.agency_types:
                raise InputError(self.agencies_path, a.line_of("type"), f"{ident}.type",
                                 f"unknown agency type `{a['type']}`{_suggest(a['type'], self.agency_types)}",
                                 "use an id from ontology/agency-types.ttl")
            if a.get("located_in") and a["located_in"] not in self.places:
                raise InputError(self.agencies_path, a.line_of("located_in"), f"{ident}.located_in",
                                 f"unknown place id `{a['located_in']}`{_suggest(a['located_in'], self.places)}",
                                 "use an id from data/places.yaml")
            parent = a.get("parent")
            if parent is not None:
                if not isinstance(parent, LineDict) or not {"agency", "case", "quote"} <= set(parent):
                    raise InputError(self.agencies_path, a.line_of("parent"), f"{ident}.parent",
                                     "`parent` needs agency, case and quote", "see the header of data/agencies.yaml")
                if parent["agency"] not in self.agencies:
                    raise InputError(self.agencies_path, parent.line_of("agency"), f"{ident}.parent.agency",
                                     f"unknown agency id `{parent['agency']}`", "use an id from this file")
        for ident, p in self.places.items():
            if p["type"] not in PLACE_TYPES:
                raise InputError(self.places_path, p.line_of("type"), f"{ident}.type",
                                 f"unknown place type `{p['type']}`", f"use one of {', '.join(sorted(PLACE_TYPES))}")
            if p.get("located_in") and p["located_in"] not in self.places:
                raise InputError(self.places_path, p.line_of("located_in"), f"{ident}.located_in",
                                 f"unknown place id `{p['located_in']}`{_suggest(p['located_in'], self.places)}",
                                 "use an id from this file")
            for coord, lo, hi in (("lat", -90, 90), ("long", -180, 180)):
                if coord in p and (isinstance(p[coord], bool) or not isinstance(p[coord], (int, float))
                                   or not lo <= p[coord] <= hi):
                    raise InputError(self.places_path, p.line_of(coord), f"{ident}.{coord}",
                                     f"`{coord}` must be a number between {lo} and {hi}", "write decimal degrees")
