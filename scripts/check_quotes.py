"""Quick check for curators: every quote of a case file is found exactly once in its section.

Usage: .venv/bin/python scripts/check_quotes.py data/cases/sd-2024-05.yaml [...]
(`portkg validate` does this and much more; this is the fast loop while curating.)
"""
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from portkg.source import QuoteNotFound, load_source, locate_quote  # noqa: E402

root = Path(__file__).resolve().parents[1]
doc = load_source(root / "data/source/shandong-2024.yaml")
bad = 0
for f in sys.argv[1:]:
    data = yaml.safe_load(Path(f).read_text(encoding="utf-8"))
    sec = doc.case(data["case"])
    if "".join(sec.heading.split()) != "".join(str(data.get("title", "")).split()):
        print(f"{f}: title differs from body heading: {sec.heading!r}")
        bad += 1
    for part in ("implementers", "places", "measures", "outcomes", "claims"):
        for i, item in enumerate(data.get(part) or []):
            within = sec.units_span if part == "implementers" else sec.span
            try:
                locate_quote(doc.text, within, str(item.get("quote", "")), item.get("prefix"))
            except QuoteNotFound as e:
                bad += 1
                print(f"{f}: {part}[{i}] quote={item.get('quote')!r}: {e}")
                if e.nearest:
                    print(f"    nearest: {e.nearest}")
print("OK" if not bad else f"{bad} problem(s)")
sys.exit(1 if bad else 0)
