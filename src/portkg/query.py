"""Named analyst queries (queries/*.rq): read their headers, bind parameters safely, run them.

A query file opens with a comment header::

    # title: 跨城市复制的措施 | Measures applied in two or more cities
    # question: Which measures recur across cities …?
    # param: city city required : the city, by its Chinese or English name
    # param: metric metric optional : a metric id (ontology/metrics.ttl)
    # lists: cities, cases

and holds a ``VALUES ?name { … }`` line per parameter, with the default term (or UNDEF),
so that the file runs unchanged in any SPARQL tool (a query may repeat the line inside the
parts that need the value early: each copy is set). A bound parameter replaces that default
with an RDF term that portkg builds and escapes itself: user text is never pasted into the
query, and a value that does not name a known case, city, measure, metric or kind is refused.

A parameter of type ``limit`` or ``offset`` (a page of a long listing) has no VALUES line: it sets
the number of the query's ``LIMIT n`` or ``OFFSET n`` (every copy; the file holds the default),
to a whole number, or for a limit ``all``, which drops the LIMIT.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .store import Result

BASE = "https://w3id.org/portkg/"
KINDS = ("level", "change", "before-after", "growth", "rank")
ROLES = ("effect", "context", "input", "status")
PARAM_TYPES = ("case", "city", "measure", "metric", "kind", "role", "text", "agency", "source", "limit", "offset")
_PAGE = {"limit": "LIMIT", "offset": "OFFSET"}  # the parameter types that set a clause, not a VALUES line


@dataclass
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass
class NamedQuery:
    name: str
    path: Path
    title_zh: str
    title_en: str
    question: str
    params: list[Param] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    text: str = ""


_HEADER = re.compile(r"^#\s*(title|question|param|lists):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\w+)\s+(required|optional|=\s*(\S+))\s*:\s*(.*)$")


def read_query(path: Path) -> NamedQuery:
    from .source import read_utf8

    text = read_utf8(path, "query file", limit=1024 * 1024)
    q = NamedQuery(path.stem, path, "", "", "", text=text)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "title":
            zh, _, en = value.partition("|")
            q.title_zh, q.title_en = zh.strip(), en.strip()
        elif key == "question":
            q.question = (q.question + " " + value.strip()).strip()
        elif key == "lists":
            q.lists = [c.strip() for c in value.split(",") if c.strip()]
        elif key == "param":
            p = _PARAM.match(value.strip())
            if not p or p.group(2) not in PARAM_TYPES:
                raise InputError(path, n, "param", f"malformed parameter header: {value!r}",
                                 f"write `# param: NAME TYPE required|optional|= DEFAULT : description` with "
                                 f"TYPE one of {', '.join(PARAM_TYPES)}")
            name, ptype, mode, default, desc = p.groups()
            q.params.append(Param(name, ptype, mode == "required", default, desc))
            if ptype in _PAGE:
                if not re.search(rf"\b{_PAGE[ptype]}\s+\d+\b", text):
                    raise InputError(path, n, "param", f"parameter {name} ({ptype}) has no `{_PAGE[ptype]} n` clause",
                                     f"add `{_PAGE[ptype]} n` with the default number where the page is taken")
            elif not re.search(rf"VALUES\s+\?{name}\s*\{{", text):
                raise InputError(path, n, "param", f"parameter {name} has no `VALUES ?{name} {{ … }}` line",
                                 "add one with the default term, or UNDEF")
    if not q.title_zh:
        raise InputError(path, 1, "title", "query file without a `# title:` header",
                         "start the file with `# title: 中文 | English`")
    return q


def list_queries(directory: Path) -> list[NamedQuery]:
    return [read_query(p) for p in sorted(directory.glob("*.rq"))]


def find_query(directory: Path, name: str) -> NamedQuery:
    path = directory / f"{name}.rq"
    if not path.exists():
        known = ", ".join(p.stem for p in sorted(directory.glob("*.rq")))
        raise InputError(None, None, "NAME", f"no query named {name!r}", f"use one of: {known} (portkg query --list)")
    return read_query(path)


# ---------------------------------------------------------------- terms

def literal(value: str, lang: str | None = None) -> str:
    """A SPARQL string literal; every character that could end it is escaped."""
    esc = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{esc}"' + (f"@{lang}" if lang else "")


def iri(kind: str, ident: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", ident):
        raise ValueError(ident)
    return f"<{BASE}{kind}/{ident}>"


def _one(store, sparql: str) -> list[list]:
    return store.query(sparql).rows


def _sources(store) -> set[str]:
    rows = _one(store, "SELECT DISTINCT ?s WHERE { ?c a <https://w3id.org/portkg/ontology#Case> ; "
                       "<https://w3id.org/portkg/ontology#inSource> ?s }")
    return {str(r[0]).rsplit("/", 1)[-1] for r in rows}


def resolve_case(store, param: Param, raw: str, source: str | None) -> tuple[str, str]:
    """(two-digit number, source id) for `06` (with -p source=… when several sources have it) or `sd-2024-06`."""
    bad = lambda problem, fix: InputError(None, None, f"-p {param.name}", problem, fix)  # noqa: E731
    raw = raw.strip()
    m = re.fullmatch(r"(?:(?P<src>[a-z0-9][a-z0-9-]*?)-)?(?P<num>\d{1,2})", raw)
    if not m:
        raise bad(f"{raw!r} is not a case number", "give the two-digit number from the table of contents, e.g. 06, "
                                                   "or a case id such as sd-2024-06")
    num = m.group("num").zfill(2)
    if m.group("src"):
        if source and source != m.group("src"):
            raise bad(f"case {raw} is not in source {source}", f"drop -p source or use a case of {source}")
        source = m.group("src")
    rows = _one(store, "SELECT DISTINCT ?id ?s WHERE { ?c a <https://w3id.org/portkg/ontology#Case> ; "
                       "<http://purl.org/dc/terms/identifier> ?id ; <https://w3id.org/portkg/ontology#inSource> ?s }")
    cases = sorted((str(r[1]).rsplit("/", 1)[-1], str(r[0])) for r in rows)
    if source is not None and source not in {s for s, _ in cases}:
        raise bad(f"no source {source!r}", f"use one of {', '.join(sorted({s for s, _ in cases}))}")
    having = sorted(s for s, n in cases if n == num and (source is None or s == source))
    if not having:
        where = f" in {source}" if source else ""
        raise bad(f"no case {num}{where}", "use one of " + ", ".join(f"{s}-{n}" for s, n in cases
                                                                      if source is None or s == source))
    if len(having) > 1:
        raise bad(f"case {num} exists in several sources ({', '.join(having)})",
                  f"add -p source=… (e.g. -p source={having[0]}), or give the case id, e.g. -p case={having[0]}-{num}")
    return num, having[0]


def resolve(store, query: NamedQuery, param: Param, raw: str) -> str:
    """Turn a user's value into a checked RDF term, or raise an InputError saying what exists."""
    raw = raw.strip()
    bad = lambda problem, fix: InputError(None, None, f"-p {param.name}", problem, fix)  # noqa: E731
    if param.type in _PAGE:
        if param.type == "limit" and raw.lower() == "all":
            return "all"
        if not re.fullmatch(r"\d{1,12}", raw):
            raise bad(f"{raw!r} is not a whole number", "give a whole number such as 1000, or all for no limit"
                      if param.type == "limit" else "give a whole number, e.g. 1000 for the second page of 1000")
        return str(int(raw))
    if param.type == "text":
        if not raw:
            raise bad("empty search text", "give some characters to look for")
        return literal(raw)
    if param.type == "source":
        known = _sources(store)
        if raw not in known:
            raise bad(f"no source {raw!r}", f"use one of {', '.join(sorted(known)) or '(none built)'}")
        return iri("source", raw)
    if param.type == "case":
        number, _ = resolve_case(store, param, raw, None)
        return literal(number)
    if param.type == "role":
        if raw == "any":
            return "UNDEF"
        if raw not in ROLES:
            raise bad(f"unknown outcome role {raw!r}", f"use one of {', '.join(ROLES)} or any")
        return iri("outcome-role", raw)
    if param.type == "kind":
        if raw not in KINDS:
            raise bad(f"unknown outcome kind {raw!r}", f"use one of {', '.join(KINDS)}")
        return iri("outcome-kind", raw)
    cls, kind = {"city": ("City", "place"), "measure": ("Measure", "measure"), "metric": ("Metric", "metric"),
                 "agency": ("Agency", "agency")}[param.type]
    rows = _one(store, f"""SELECT DISTINCT ?x ?label WHERE {{
        ?x a <https://w3id.org/portkg/ontology#{cls}> .
        OPTIONAL {{ ?x <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel>
                         |<http://www.w3.org/2004/02/skos/core#altLabel> ?label }} }}""")
    by_id = {r[0].rsplit("/", 1)[-1]: r[0] for r in rows}
    if raw in by_id:
        return f"<{by_id[raw]}>"
    matches = sorted({r[0] for r in rows if r[1] is not None and str(r[1]).lower() == raw.lower()})
    if len(matches) == 1:
        return f"<{matches[0]}>"
    if len(matches) > 1:
        raise bad(f"{raw!r} names several {param.type}s: {', '.join(m.rsplit('/', 1)[-1] for m in matches)}",
                  "give the id instead")
    close = sorted({str(r[1]) for r in rows if r[1] is not None and raw and (raw in str(r[1]) or str(r[1]) in raw)})[:8]
    hint = f"did you mean {', '.join(close)}?" if close else \
        f"known: {', '.join(sorted(by_id)[:30])}{' …' if len(by_id) > 30 else ''}"
    raise bad(f"no {param.type} named {raw!r}", hint)


def bind(query: NamedQuery, values: dict[str, str], store) -> str:
    """The query text with each parameter's VALUES lines (every copy) set to a resolved term."""
    known = {p.name: p for p in query.params}
    for name in values:
        if name not in known:
            raise InputError(None, None, f"-p {name}", f"query {query.name} has no parameter {name!r}",
                             f"its parameters are: {', '.join(known) or 'none'}")
    text = query.text
    terms: dict[str, str] = {}
    source_p = next((p for p in query.params if p.type == "source"), None)
    source = values.get(source_p.name).strip() if source_p and source_p.name in values else None
    if source_p and source is not None:
        terms[source_p.name] = resolve(store, query, source_p, source)
    for p in query.params:
        if p.name in terms:
            continue
        if p.type == "case" and (p.name in values or source_p):
            # a case number is only unique within its source: resolve both together
            raw = values.get(p.name, p.default or "")
            if not raw:
                continue
            number, src = resolve_case(store, p, raw, source)
            terms[p.name] = literal(number)
            if source_p and source_p.name not in terms:
                terms[source_p.name] = iri("source", src)
        elif p.name in values:
            terms[p.name] = resolve(store, query, p, values[p.name])
        elif p.required:
            raise InputError(None, None, f"-p {p.name}", f"query {query.name} needs -p {p.name}=…", p.description)
    for name, term in terms.items():
        if known[name].type in _PAGE:
            clause = _PAGE[known[name].type]
            text = re.sub(rf"\b{clause}\s+\d+\b", "" if term == "all" else f"{clause} {term}", text)
            continue
        text = re.sub(rf"VALUES\s+\?{name}\s*\{{[^}}\n]*\}}", lambda _m: f"VALUES ?{name} {{ {term} }}", text)
    return text


def normalise_lists(query: NamedQuery, result: Result, sep: str = "; ") -> Result:
    """Sort and de-duplicate GROUP_CONCAT cells, whose order SPARQL leaves to the engine."""
    cols = [i for i, h in enumerate(result.headers) if h in query.lists]
    for row in result.rows:
        for i in cols:
            if isinstance(row[i], str) and row[i]:
                row[i] = sep.join(sorted(set(row[i].split(sep)) - {""}))
    return result


def run(store, query: NamedQuery, values: dict[str, str] | None = None) -> Result:
    text = bind(query, values or {}, store)
    return normalise_lists(query, store.query(text))


MAX_NESTING = 64  # groups, brackets and parentheses: pyoxigraph's parser overflows its stack near 3000
_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
# strings (long and short), IRIs and comments, which may contain any keyword or bracket
_OPAQUE = re.compile("|".join([
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',  # short strings
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\s]*>',  # IRIs
    r"#[^\n]*",  # comments
]), re.S)
_KEYWORD = re.compile(r"(?<![\w?$:.-])(" + "|".join(_QUERY_FORMS + _UPDATE_FORMS) + r"|SERVICE)(?![\w:-])", re.I)


def _skeleton(text: str) -> str:
    """The query with strings, IRIs and comments blanked out, so keywords and brackets can be counted."""
    return _OPAQUE.sub(lambda m: " " if m.group().startswith("#") else '""', text)


def check_query(text: str, origin, allow_service: bool = False) -> None:
    """Refuse before the engine sees it: an empty text, an update (after any PREFIX/BASE prologue),
    SERVICE (unless allowed) and nesting deeper than MAX_NESTING."""
    bad = lambda problem, fix: InputError(origin, None, None, problem, fix)  # noqa: E731
    if text.startswith("\ufeff"):
        text = text[1:]
    skel = _skeleton(text)
    if not skel.strip():
        raise bad("the query is empty (or only comments)", "write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    words = [m.group(1).upper() for m in _KEYWORD.finditer(skel)]
    first = next((w for w in words if w != "SERVICE"), None)
    if first in _UPDATE_FORMS:
        raise bad("this is a SPARQL update; portkg sparql runs read-only queries (updates are refused)",
                  "use SELECT, ASK, CONSTRUCT or DESCRIBE (portkg load replaces a graph on a server)")
    if first is None:
        raise bad("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found",
                  "write a query such as SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    if "SERVICE" in words and not allow_service:
        raise bad("the query uses SERVICE, which makes the store send requests to the URL it names",
                  "remove the SERVICE clause, or pass --allow-service if you mean it")
    depth = deepest = 0
    line = 1
    for ch in skel:
        if ch in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    raise InputError(origin, line, None, f"the query nests groups or brackets more than "
                                     f"{MAX_NESTING} deep", "flatten the query (fewer nested { } or ( ))")
        elif ch in "})]":
            depth -= 1
        elif ch == "\n":
            line += 1


def check_read_only(text: str, origin: str) -> None:
    """Kept for callers of the old name: the checks of check_query, SERVICE allowed."""
    check_query(text, origin, allow_service=True)
