"""The budget of one document: a file too large, an analysis too slow or too hungry is left
out with its own code and reason, and the others go on (extract, open_evidence, the CLI)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from evidencekit import cli, open_evidence, read_document
from evidencekit.archive.store import read_manifest, read_store
from evidencekit.budget import Limits, OverBudgetError, check, document_budget
from evidencekit.errors import InvalidParameterError

GOOD = "China added 50 GW of solar power in 2024. The grid needs 30 GW more."
LONG = "The grid needs 50 GW by 2028. " * 200  # 200 sentences

LIMIT_CASES = [
    # (environment, expected limits)
    ({}, Limits(64.0, 120.0, 2048.0)),
    ({"EVIDENCEKIT_MAX_SECONDS": "30"}, Limits(64.0, 30.0, 2048.0)),
    ({"EVIDENCEKIT_MAX_FILE_MB": "0.5", "EVIDENCEKIT_MAX_MEMORY_MB": "0"}, Limits(0.5, 120.0, 0.0)),
    ({"EVIDENCEKIT_MAX_SECONDS": " "}, Limits()),
]


@pytest.mark.parametrize(("environ", "expected"), LIMIT_CASES)
def test_limits_from_the_environment(environ: dict[str, str], expected: Limits) -> None:
    assert Limits.from_env(environ) == expected
    assert Limits.from_env(expected.to_env()) == expected


@pytest.mark.parametrize("value", ["-1", "ten", "inf", "nan"])
def test_a_bad_limit_names_the_variable(value: str) -> None:
    with pytest.raises(InvalidParameterError, match="EVIDENCEKIT_MAX_SECONDS"):
        Limits.from_env({"EVIDENCEKIT_MAX_SECONDS": value})


def test_check_is_a_no_op_outside_a_budget() -> None:
    check()


BUDGET_CASES = [
    # (limits, code)
    (Limits(max_seconds=1e-9), "over-time"),
    (Limits(max_memory_mb=5), "over-memory"),
]


@pytest.fixture
def growing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process grows by 1 MB at each look at its memory."""
    sizes = iter(range(100, 10**6))
    monkeypatch.setattr("evidencekit.budget.resident_mb", lambda: float(next(sizes)))


@pytest.mark.parametrize(("limits", "code"), BUDGET_CASES)
def test_an_analysis_over_its_budget_stops_with_its_code(
    tmp_path: Path, limits: Limits, code: str, growing: None
) -> None:
    from evidencekit.evidence.tables import tables_of

    path = tmp_path / "long.txt"
    path.write_text(LONG, encoding="utf-8")
    document = read_document(path)
    with pytest.raises(OverBudgetError) as caught, document_budget(path, limits):
        tables_of(document)
    assert caught.value.code == code
    assert "long.txt" in str(caught.value)
    assert len(tables_of(document)["metrics"]) == 400  # without a budget it is analysed


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_text(GOOD * 100, encoding="utf-8")
    monkeypatch.setenv("EVIDENCEKIT_MAX_FILE_MB", "0.001")
    with pytest.raises(OverBudgetError, match=r"over the 0\.001 MB limit.*--max-file-mb") as caught:
        read_document(path)
    assert caught.value.code == "too-large"


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "b_long.txt").write_text(LONG, encoding="utf-8")
    return corpus


def test_open_evidence_leaves_out_a_document_over_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, growing: None
) -> None:
    corpus = _corpus(tmp_path)
    monkeypatch.setenv("EVIDENCEKIT_MAX_MEMORY_MB", "5")  # only b_long has enough sentences to be looked at
    data = open_evidence(corpus_dir=corpus)
    assert set(data.metrics["doc_id"]) == {"a_good"}
    files = data.files.set_index("doc_id")
    assert files.loc["b_long", "code"] == "over-memory"
    assert files.loc["a_good", "status"] == "ok"
    assert data.ids == ("a_good",)
    page = open_evidence(corpus_dir=corpus).document("b_long")  # a page of that document alone
    assert page.metrics.empty
    assert page.files.loc[0, "code"] == "over-memory"


def test_extract_records_over_budget_files_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], growing: None
) -> None:
    corpus = _corpus(tmp_path)
    with open(corpus / "c_huge.txt", "wb") as stream:  # a sparse file: 64 GB of nothing
        stream.truncate(64 * 1024**3)
    (corpus / "d_loop.txt").symlink_to(corpus / "e_loop.txt")
    (corpus / "e_loop.txt").symlink_to(corpus / "d_loop.txt")
    for name in Limits().to_env():  # cli.main sets them: monkeypatch puts them back after the test
        monkeypatch.setenv(name, "")
    status = cli.main(
        ["extract", str(corpus), "--out", str(tmp_path / "store"), "--no-progress", "--max-memory-mb", "5"]
    )
    assert status == 1
    manifest = read_manifest(tmp_path / "store").set_index("path")
    assert manifest.loc["a_good.txt", "status"] == "ok"
    assert manifest.loc["b_long.txt", "code"] == "over-memory"
    assert manifest.loc["c_huge.txt", "code"] == "too-large"
    assert manifest.loc["d_loop.txt", "code"] == "link-loop"  # named, never a traceback
    assert "64.0 GB, over the 64 MB limit" in manifest.loc["c_huge.txt", "reason"]
    assert set(read_store(tmp_path / "store", "metrics")["doc_id"]) == {"a_good"}
    assert "c_huge.txt" in capsys.readouterr().err
    assert os.environ["EVIDENCEKIT_MAX_MEMORY_MB"] == "5"  # what build's kernels and workers inherit


def test_a_full_disk_ends_extract_with_one_line_and_the_store_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    corpus, out = _corpus(tmp_path), tmp_path / "store"
    assert cli.main(["extract", str(corpus), "--out", str(out), "--no-progress"]) == 0
    before = read_store(out, "metrics")
    (corpus / "a_good.txt").write_text(GOOD + " It adds 7 GW.", encoding="utf-8")

    def full(table: object, where: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(where))

    monkeypatch.setattr("pyarrow.parquet.write_table", full)  # every Parquet file of the store
    capsys.readouterr()
    assert cli.main(["extract", str(corpus), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "No space left on device" in err
    assert "the previous store" in err
    monkeypatch.undo()
    pd.testing.assert_frame_equal(read_store(out, "metrics"), before)
