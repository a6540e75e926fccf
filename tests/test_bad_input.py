"""Bad input gets one clear message (file, line or field, what is wrong, what would fix it),
exit code 2, and no output written."""
from __future__ import annotations

import re
from pathlib import Path


CASE = Path("data") / "cases" / "sd-2024-01.yaml"


def _edit(root: Path, rel: Path, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _build_fails(portkg, root: Path, *expected: str) -> str:
    res = portkg("build", "--project", str(root), "--out", str(root / "build"))
    assert res.returncode == 2, res.stdout + res.stderr
    assert not (root / "build").exists(), "a failed build must not write output"
    msg = res.stderr
    assert "fix:" in msg, msg
    for e in expected:
        assert re.search(e, msg), f"{e!r} not in {msg}"
    assert "Traceback" not in msg
    return msg


def test_malformed_yaml_names_file_and_line(portkg, scratch):
    _edit(scratch, CASE, "implementers:\n", "implementers:\n  - agency: [unclosed\n")
    _build_fails(portkg, scratch, r"sd-2024-01\.yaml:\d+", "malformed YAML")


def test_unknown_measure_id_suggests_close_ones(portkg, scratch):
    _edit(scratch, CASE, "concept: one-ticket-multi-vehicle", "concept: one-ticket-multi-vehicles")
    _build_fails(portkg, scratch, r"sd-2024-01\.yaml:\d+ \(measures\[\d+\]\.concept\)",
                 "unknown measure id `one-ticket-multi-vehicles`", "did you mean one-ticket-multi-vehicle")


def test_unknown_agency_id(portkg, scratch):
    _edit(scratch, CASE, "agency: quancheng-customs", "agency: quancheng-custom")
    _build_fails(portkg, scratch, r"implementers\[0\]\.agency", "unknown agency id", "data/agencies.yaml")


def test_duplicate_case_files(portkg, scratch):
    src = scratch / CASE
    (scratch / "data" / "cases" / "sd-2024-01-copy.yaml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    _build_fails(portkg, scratch, "duplicate case id sd-2024-01")


def test_duplicate_yaml_key(portkg, scratch):
    _edit(scratch, CASE, 'case: "01"\n', 'case: "01"\ncase: "02"\n')
    _build_fails(portkg, scratch, r"sd-2024-01\.yaml:2", "duplicate key 'case'")


def test_duplicate_registry_id(portkg, scratch):
    _edit(scratch, Path("data/agencies.yaml"), "  jinan-airport-customs:\n", "  quancheng-customs:\n")
    _build_fails(portkg, scratch, r"agencies\.yaml:\d+", "duplicate key 'quancheng-customs'")


def test_value_that_is_not_a_number(portkg, scratch):
    text = (scratch / CASE).read_text(encoding="utf-8")
    value = re.search(r"value: ([0-9.]+)", text).group(1)
    _edit(scratch, CASE, f"value: {value}", "value: 七十五")
    _build_fails(portkg, scratch, r"outcomes\[\d+\]\.value", "must be a number", "write the figure as digits")


def test_unknown_unit(portkg, scratch):
    text = (scratch / CASE).read_text(encoding="utf-8")
    unit = re.search(r"unit: (\S+)", text).group(1)
    _edit(scratch, CASE, f"unit: {unit}", "unit: 斤")
    _build_fails(portkg, scratch, r"outcomes\[\d+\]\.unit", "unknown unit `斤`", "docs/authoring.md")


def test_quote_not_in_source_shows_nearest_passage(portkg, scratch):
    _edit(scratch, CASE, "新模式提高企业综保区整车出口效率", "新模式提升企业综保区整车出口效率")
    msg = _build_fails(portkg, scratch, r"outcomes\[\d+\]\.quote", "not in this case's section")
    assert "nearest passage in the source: 新模式提高企业综保区整车出口效率" in msg


def test_quote_from_another_case_is_outside_its_case(portkg, scratch):
    # a real sentence of case 06, quoted in case 01
    _edit(scratch, CASE, "新模式提高企业综保区整车出口效率 75%", "十万吨级船舶到港直靠率由12%提升至40%")
    _build_fails(portkg, scratch, r"outcomes\[\d+\]\.quote", "not in this case's section")


def test_ambiguous_quote_asks_for_a_prefix(portkg, scratch):
    text = (scratch / CASE).read_text(encoding="utf-8")
    first_measure_quote = re.search(r"measures:\n(?:.*\n)*?\s+quote: (.+)\n", text).group(1)
    _edit(scratch, CASE, f"quote: {first_measure_quote}", "quote: 一票多车")
    _build_fails(portkg, scratch, r"measures\[\d+\]\.quote", r"occurs \d+ times", "prefix")


def test_non_utf8_case_file(portkg, scratch):
    (scratch / CASE).write_bytes((scratch / CASE).read_text(encoding="utf-8").encode("gb18030"))
    _build_fails(portkg, scratch, r"sd-2024-01\.yaml:\d+", "not valid UTF-8", "iconv")


def test_missing_registry_file(portkg, scratch):
    (scratch / "data" / "places.yaml").unlink()
    _build_fails(portkg, scratch, r"places\.yaml", "file not found")


def test_changed_source_text_is_refused(portkg, scratch):
    src = scratch / "data" / "source" / "shandong-2024.txt"
    src.write_text(src.read_text(encoding="utf-8").replace("泉城海关", "泉城海关 ", 1), encoding="utf-8")
    _build_fails(portkg, scratch, "checksum changed", "never be edited")


def test_malformed_turtle_in_vocabulary(portkg, scratch):
    with open(scratch / "ontology" / "measures.ttl", "a", encoding="utf-8") as fh:
        fh.write("\nmeasure:broken a pk:Measure ; skos:prefLabel \"断\"@zh\n")
    _build_fails(portkg, scratch, r"measures\.ttl", "malformed Turtle")


def test_failed_build_keeps_last_good_output(portkg, scratch):
    out = scratch / "build"
    ok = portkg("build", "--project", str(scratch), "--out", str(out))
    assert ok.returncode == 0, ok.stderr
    before = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert "site/index.html" in before
    _edit(scratch, CASE, "unit: \"%\"", "unit: 斤")
    res = portkg("build", "--project", str(scratch), "--out", str(out))
    assert res.returncode == 2
    after = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before, "a failed build changed or added output files"


def test_validate_reports_input_errors_with_exit_2(portkg, scratch):
    _edit(scratch, CASE, "agency: quancheng-customs", "agency: nobody")
    res = portkg("validate", "--project", str(scratch))
    assert res.returncode == 2
    assert "unknown agency id `nobody`" in res.stderr


def test_validate_changed_rechecks_only_the_edited_case(portkg, scratch):
    first = portkg("validate", "--changed", "--project", str(scratch))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "checked 1 case file(s), 0 unchanged" in first.stderr
    again = portkg("validate", "--changed", "--project", str(scratch))
    assert again.returncode == 0 and "checked 0 case file(s), 1 unchanged" in again.stderr
    text = (scratch / CASE).read_text(encoding="utf-8")
    value = re.search(r'value: (\d+)\n    unit: "%"\n    direction: decrease', text).group(1)
    _edit(scratch, CASE, f'value: {value}\n    unit: "%"\n    direction: decrease',
          'value: 150\n    unit: "%"\n    derived: a test figure, not the one the quote states\n    direction: decrease')
    changed = portkg("validate", "--changed", "--project", str(scratch))
    assert changed.returncode == 1 and "checked 1 case file(s), 0 unchanged" in changed.stderr
    assert "percentage reduction above 100" in changed.stdout and "sd-2024-01.yaml" in changed.stdout


def test_value_not_in_its_quote_is_refused(portkg, scratch):
    _edit(scratch, CASE, "    value: 4097\n", "    value: 409\n")
    _build_fails(portkg, scratch, r"sd-2024-01\.yaml:\d+ \(outcomes\[2\]\.value\)", "`value: 409` does not occur in the quote",
                 "derived:")


def test_baseline_not_in_its_quote_is_refused(portkg, scratch):
    _edit(scratch, CASE, "    value: 4097\n", "    value: 4097\n    baseline: 3000\n")
    _build_fails(portkg, scratch, r"outcomes\[2\]\.baseline", "`baseline: 3000` does not occur")


def test_derived_figure_with_a_note_builds(portkg, scratch):
    _edit(scratch, CASE, "    value: 4097\n", "    value: 4000\n    derived: rounded to the nearest thousand for this test\n")
    res = portkg("build", "--project", str(scratch), "--out", str(scratch / "build"))
    assert res.returncode == 0, res.stderr
    assert "rounded to the nearest thousand" in (scratch / "build" / "portkg.ttl").read_text(encoding="utf-8")


def test_derived_without_a_note_is_refused(portkg, scratch):
    _edit(scratch, CASE, "    value: 4097\n", "    value: 4000\n    derived: true\n")
    _build_fails(portkg, scratch, r"outcomes\[2\]\.derived", "must be a note")
