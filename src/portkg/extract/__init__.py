"""`portkg extract`: draft case data from a new text, by rules for the genre (no model).

It reads a collection of cases (title, 实施单位, 一、背景情况 / 二、主要做法 / 三、实践成效) or a
single article (news report, press-conference write-up, notice: one case), in simplified or
traditional script, and finds, each with its verbatim quote and offsets in the original text:
case boundaries and titles, agencies, places, measures (known concepts and ranked candidates),
outcomes (with role effect/context/input/status) and innovation claims.

One module per job: `text` (script normalisation, clauses), `numbers`, `agencies`, `measures`,
`outcomes`, `claims`, `core` (the Extractor), `drafting` (input and YAML drafts). Everything it
writes is a draft for an analyst: `# REVIEW` marks what needs a decision.
"""
from __future__ import annotations

from .core import Extractor
from .drafting import MAX_BYTES, draft_yaml, read_input, source_record
from .model import Agency, Claim, DraftCase, Found, Measure, Outcome, Place
from .numbers import cn_number
from .text import simplified

__all__ = ["Extractor", "DraftCase", "Found", "Outcome", "Agency", "Place", "Measure", "Claim", "cn_number",
           "draft_yaml", "read_input", "source_record", "simplified", "MAX_BYTES"]
