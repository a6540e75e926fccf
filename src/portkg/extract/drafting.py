"""Reading input safely, and drafts in the authoring format (case files and a source record)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..errors import InputError
from .model import DraftCase

MAX_BYTES = 20 * 1024 * 1024


def read_input(path: str | Path | None, data: bytes | None = None) -> tuple[str, str]:
    """(text, name) from a file or from bytes (stdin); clear errors for binary, non-UTF-8 or huge input."""
    name = str(path) if path else "<stdin>"
    if data is None:
        p = Path(path)
        if not p.exists():
            raise InputError(p, None, None, "file not found", "check the path")
        if p.stat().st_size > MAX_BYTES:
            raise InputError(p, None, None, f"file too large ({p.stat().st_size / 1e6:.0f} MB; the limit is "
                                            f"{MAX_BYTES / 1e6:.0f} MB)", "split it into one file per collection")
        data = p.read_bytes()
    elif len(data) > MAX_BYTES:
        raise InputError(name, None, None, f"input too large ({len(data) / 1e6:.0f} MB)", "split it")
    if b"\x00" in data[:65536]:
        raise InputError(name, None, None, "this looks like a binary file, not text", "give a UTF-8 text file "
                         "(convert PDF or Word files to text first)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(name, line, None, "not valid UTF-8", "convert it: iconv -f GB18030 -t UTF-8") from None
    return text, name


# ---------------------------------------------------------------- drafts in the authoring format

def _yaml_str(v: str) -> str:
    """A YAML double-quoted scalar (JSON syntax): keeps newlines and quotes exactly."""
    import json

    return json.dumps(str(v), ensure_ascii=False)


def _quote_fields(text: str, section, start: int, end: int) -> list[str]:
    """quote (and prefix when the passage recurs in the section) that locate_quote will find again."""
    from ..source import QuoteNotFound, Span, locate_quote

    quote = text[start:end].strip()
    lines = [f"quote: {_yaml_str(quote)}"]
    try:
        locate_quote(text, Span(*section), quote)
    except QuoteNotFound:
        for n in (4, 8, 16, 32):
            prefix = text[max(section[0], start - n):start]
            try:
                locate_quote(text, Span(*section), quote, prefix)
                lines.append(f"prefix: {_yaml_str(prefix)}")
                break
            except QuoteNotFound:
                continue
    return lines


def draft_yaml(case: DraftCase, text: str, source_id: str, origin: str) -> str:
    sec = (case.start, case.end)
    out = [f"# DRAFT from {origin} by `portkg extract`: review every entry marked REVIEW, then",
           "# `portkg validate`. Figures, units and qualifiers were read by rules; check each against its quote.",
           f'case: "{case.number}"', f"source: {source_id}", f"title: {_yaml_str(case.title or '')}"
           + ("" if case.title else "  # REVIEW: no heading found; write the case's title"), ""]

    def entry(first: str, fields: list[str], review: str | None = None) -> None:
        out.append(f"  - {first}" + (f"  # REVIEW: {review}" if review else ""))
        out.extend(f"    {f}" for f in fields)

    implementers = [a for a in case.agencies if a.role == "implementer"]
    out.append("implementers:" + ("" if implementers else " []  # REVIEW: no 实施单位 line; add the units"))
    for ag in implementers:
        entry(f"agency: {ag.id or 'NEW'}", _quote_fields(text, sec, ag.start, ag.end),
              None if ag.id else f"not in data/agencies.yaml: add {ag.name} (type {ag.type}) there, then its id here")
    mentioned = [a for a in case.agencies if a.role == "mentioned"]
    if mentioned:
        out.append("# agencies named in the text (not implementing units): "
                   + "、".join(f"{a.name} ({a.type}{'; REVIEW: ' + a.review if a.review else ''})" for a in mentioned))
    out.append("")
    out.append("places:" + ("" if case.places else " []  # REVIEW: no known place found"))
    for pl in case.places:
        entry(f"place: {pl.id or 'NEW'}", _quote_fields(text, sec, pl.start, pl.end),
              None if pl.id else f"not in data/places.yaml: add {pl.name} there, or delete this entry")
    out.append("")
    out.append("measures:" + ("" if case.measures else " []"))
    for ms in case.measures:
        entry(f"concept: {ms.concept or 'NEW'}", [f"local: {_yaml_str(ms.name)}",
                                                  *_quote_fields(text, sec, ms.start, ms.end),
                                                  f"status: {'planned' if ms.planned else 'applied'}"],
              None if ms.concept else f"candidate new measure (score {ms.score:.1f}: {ms.reason}): map it "
                                                "to a concept in ontology/measures.ttl, add a concept, or delete this entry")
    out.append("")
    out.append("outcomes:" + ("" if case.outcomes else " []"))
    for o in case.outcomes:
        fields = _quote_fields(text, sec, o.start, o.end)
        fields += [f"value: {_num(o.value)}", f"unit: {_yaml_str(o.unit)}"]
        if o.value_max is not None:
            fields.append(f"value_max: {_num(o.value_max)}")
        if o.baseline is not None:
            fields.append(f"baseline: {_num(o.baseline)}")
            if o.baseline_unit:
                fields.append(f"baseline_unit: {_yaml_str(o.baseline_unit)}")
            if o.baseline_max is not None:
                fields.append(f"# baseline written as a range up to {_num(o.baseline_max)} (REVIEW: say it in a note)")
        fields += [f"direction: {o.direction}", f"kind: {o.kind}", f"role: {o.role}"]
        if o.qualifier:
            fields.append(f"qualifier: {o.qualifier}")
        if o.projected:
            fields.append("projected: true")
        if o.period:
            fields.append(f"period: {o.period}")
        entry(f"metric: {o.metric}", fields, "metric guessed from the clause; check value, unit and kind")
    out.append("")
    out.append("claims:" + ("" if case.claims else " []"))
    for c in case.claims:
        entry(f"scope: {c.scope}", _quote_fields(text, sec, c.start, c.end), "check the scope")
    return "\n".join(out) + "\n"


def _num(v: float) -> str:
    d = Decimal(str(v)).normalize()
    return format(d, "f")


def source_record(text: str, source_id: str, file_name: str, title: str | None) -> str:
    import hashlib

    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return "\n".join([
        "# DRAFT source record written by `portkg extract`: fill in title, year and province.",
        f"id: {_yaml_str(source_id)}", f"file: {_yaml_str(file_name)}", f"title: {_yaml_str(title or source_id)}  # REVIEW",
        "year: 2024  # REVIEW", "province: shandong  # REVIEW: a place id from data/places.yaml", "language: zh",
        f"sha256: {sha}", ""])
