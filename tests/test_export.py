"""`portkg export`: RDF, one CSV per class (Excel-friendly), GraphML and GEXF for Gephi."""
from __future__ import annotations

import csv
import io

import networkx as nx


def test_csv_export_one_table_per_class_with_bom(portkg, project, tmp_path):
    res = portkg("export", "--format", "csv", "-o", str(tmp_path / "csv"), "--project", str(project.root))
    assert res.returncode == 0, res.stderr
    names = {p.name for p in (tmp_path / "csv").iterdir()}
    assert {"cases.csv", "agencies.csv", "places.csv", "measures.csv", "measure_applications.csv",
            "outcomes.csv", "claims.csv"} <= names
    raw = (tmp_path / "csv" / "outcomes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    wait = next(r for r in rows if "40.6" in r["quote"] and r["case"] == "sd-2024-06")
    assert (wait["baseline"], wait["value"], wait["unit"]) == ("40.6", "19.5", "HR")
    cases = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "cases.csv").read_text(encoding="utf-8-sig"))))
    assert len(cases) == 23   # 20 from sd-2024, 3 from js-2024


def test_csv_needs_a_directory(portkg, project):
    res = portkg("export", "--format", "csv", "--project", str(project.root))
    assert res.returncode == 2 and "-o" in res.stderr


def test_graphml_and_gexf_load_in_networkx(portkg, project, tmp_path):
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"g.{fmt}"
        res = portkg("export", "--format", fmt, "-o", str(path), "--project", str(project.root))
        assert res.returncode == 0, res.stderr
        G = reader(path)
        kinds = nx.get_node_attributes(G, "kind")
        assert sum(1 for k in kinds.values() if k == "case") == 23
        assert G.has_edge("case/sd-2024-06", "agency/dongying-msa")
        assert G.nodes["place/weihai"]["label"] == "威海"


def test_rdf_export_to_stdout(portkg, project):
    res = portkg("export", "--format", "nt", "--project", str(project.root))
    assert res.returncode == 0 and "<https://w3id.org/portkg/case/sd-2024-06>" in res.stdout
