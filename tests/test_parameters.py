"""Notebook parameters checked before any work (evidencekit.report.parameters): table-driven
cases in tests/cases/parameters.yaml, and papermill runs of a notebook given bad parameters."""

from __future__ import annotations

from pathlib import Path

import papermill
import pytest
import yaml

from evidencekit.errors import InvalidParameterError
from evidencekit.report.build.execution import KERNEL_CONFIG, kernel_name
from evidencekit.report.parameters import NOTEBOOK_PARAMETERS, check_parameters

REPO = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((REPO / "tests/cases/parameters.yaml").read_text(encoding="utf-8"))["cases"]
SEEDS = str(REPO / "seeds")
DEFAULTS = {
    "corpus_dir": SEEDS,
    "store_dir": "",
    "doc_id": "004_42a3e7e1f291c0a6",
    "theme": "energy",
    "export_to": "",
}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_parameter_case(case: dict) -> None:
    names = NOTEBOOK_PARAMETERS[case["kind"]]
    namespace = {name: DEFAULTS[name] for name in names} | case["given"]
    if "error" in case:
        with pytest.raises(InvalidParameterError) as raised:
            check_parameters(namespace, case["kind"])
        assert case["error"] in str(raised.value)
    else:
        values = check_parameters(namespace, case["kind"])
        assert {k: values[k] for k in case["want"]} == case["want"]


def test_kernel_and_module_names_are_no_parameters() -> None:
    namespace = {"corpus_dir": SEEDS, "store_dir": "", "In": [""], "Out": {}, "pd": yaml, "_": 3}
    assert check_parameters(namespace, "corpus")["corpus_dir"].endswith("seeds")


def _run(tmp_path: Path, parameters: dict) -> Path:
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(REPO / "notebooks/02-document-report.ipynb"),
        str(out),
        parameters=parameters,
        kernel_name=kernel_name(),
        cwd=str(REPO / "notebooks"),
        progress_bar=False,
        config=KERNEL_CONFIG,
    )
    return out


@pytest.mark.slow
def test_papermill_with_a_misspelt_parameter_stops_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(papermill.PapermillExecutionError, match="unknown parameter 'docid'"):
        _run(tmp_path, {"docid": "003_9fe6c5c9c9ee8f17"})


@pytest.mark.slow
def test_papermill_with_a_number_for_doc_id_reports_on_that_document(tmp_path: Path) -> None:
    out = _run(tmp_path, {"doc_id": 3})
    assert "003_9fe6c5c9c9ee8f17" in out.read_text(encoding="utf-8")
