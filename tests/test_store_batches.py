"""A store gathers batches from several folders; documents leave it only by the rules of
:mod:`evidencekit.archive.membership` (file gone from its folder, --prune, remove)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evidencekit.archive.membership import remove_documents
from evidencekit.archive.runs import extract
from evidencekit.archive.store import read_manifest, read_store
from evidencekit.cli import main
from evidencekit.errors import StoreError, UnknownDocumentError

TEXT = "The data centre in {name} draws {gw} GW, about {share}% of the regional grid in 2025.\n"


def _batch(folder: Path, names: list[str], gw: int = 5) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        text = TEXT.format(name=name, gw=gw + index, share=10 + index)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _ids(store: Path) -> set[str]:
    manifest = read_manifest(store)
    return set(manifest.loc[manifest["status"] == "ok", "doc_id"])


@pytest.fixture
def two_batches(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A store built from two folders, one run each (3 + 2 documents)."""
    first = _batch(tmp_path / "october", ["a1", "a2", "a3"])
    second = _batch(tmp_path / "november", ["b1", "b2"])
    store = tmp_path / "store"
    extract(first, store, progress=False)
    report = extract(second, store, progress=False)
    assert (report.counts["added"], report.counts["kept"], report.counts["removed"]) == (2, 3, 0)
    return first, second, store


def test_two_batches_from_two_folders_end_in_one_store(two_batches: tuple[Path, Path, Path]) -> None:
    first, second, store = two_batches
    assert _ids(store) == {"a1", "a2", "a3", "b1", "b2"}
    assert set(read_store(store)["doc_id"]) == {"a1", "a2", "a3", "b1", "b2"}
    manifest = read_manifest(store)
    assert set(manifest["corpus"]) == {str(first.resolve()), str(second.resolve())}
    summary = json.loads((store / "build.json").read_text(encoding="utf-8"))
    assert summary["corpora"] == sorted([str(first.resolve()), str(second.resolve())])
    assert "--prune" in summary["rule"]
    again = extract(first, store, progress=False)  # nothing changed: nothing added or removed
    assert (again.counts["unchanged"], again.counts["kept"], again.counts["removed"]) == (3, 2, 0)


def test_a_file_gone_from_its_folder_removes_only_that_document(two_batches: tuple[Path, Path, Path]) -> None:
    first, second, store = two_batches
    (first / "a2.txt").unlink()
    report = extract(first, store, progress=False)
    assert [(r.doc_id, r.reason) for r in report.removed] == [("a2", "gone")]
    assert _ids(store) == {"a1", "a3", "b1", "b2"}
    assert "a2" not in set(read_store(store)["doc_id"])
    assert "1 removed" in report.summary()


def test_a_run_that_would_empty_the_store_stops_and_changes_nothing(
    two_batches: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    first, second, store = two_batches
    before = (store / "manifest.parquet").read_bytes()
    for path in first.glob("*.txt"):
        path.unlink()  # the folder is there but empty, like an unmounted disk
    with pytest.raises(StoreError, match=r"would remove 3 of the 5 documents .* --prune"):
        extract(first, store, progress=False)
    assert (store / "manifest.parquet").read_bytes() == before
    assert _ids(store) == {"a1", "a2", "a3", "b1", "b2"}


def test_prune_keeps_only_this_folder_and_says_why(
    two_batches: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, store = two_batches
    assert main(["extract", str(second), "--out", str(store), "--prune", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert _ids(store) == {"b1", "b2"}
    assert "3 removed" in out
    assert "removed: a1 (" in out
    assert "--prune: not in this run's folder" in out
    summary = json.loads((store / "build.json").read_text(encoding="utf-8"))
    assert sorted((r["doc_id"], r["reason"]) for r in summary["removed"]) == [
        ("a1", "pruned"),
        ("a2", "pruned"),
        ("a3", "pruned"),
    ]


def test_remove_takes_named_documents_out(
    two_batches: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, store = two_batches
    assert main(["remove", str(store), "a1", "b2"]) == 0
    out = capsys.readouterr().out
    assert "removed: a1 (" in out
    assert "removed on request" in out
    assert "2 documents removed" in out
    assert _ids(store) == {"a2", "a3", "b1"}
    assert set(read_store(store)["doc_id"]) == {"a2", "a3", "b1"}
    summary = json.loads((store / "build.json").read_text(encoding="utf-8"))
    assert {d["doc_id"] for d in summary["documents"]} == {"a2", "a3", "b1"}
    extract(first, store, progress=False)  # the file is still there: a run adds it back
    assert _ids(store) == {"a1", "a2", "a3", "b1"}


def test_remove_of_an_unknown_id_names_close_ones_and_changes_nothing(
    two_batches: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, store = two_batches
    with pytest.raises(UnknownDocumentError, match=r"'a22' \(did you mean a2\?\); nothing was removed"):
        remove_documents(store, ["a1", "a22"])
    assert main(["remove", str(store), "zz"]) == 2
    assert "holds no document 'zz'" in capsys.readouterr().err
    assert _ids(store) == {"a1", "a2", "a3", "b1", "b2"}


def test_an_id_held_by_another_folder_is_a_duplicate_until_its_file_is_gone(
    two_batches: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    first, second, store = two_batches
    third = _batch(tmp_path / "december", ["a1", "c1"], gw=90)
    report = extract(third, store, progress=False)
    manifest = read_manifest(store).set_index(["corpus", "path"])
    clash = manifest.loc[(str(third.resolve()), "a1.txt")]
    assert (clash["status"], clash["code"]) == ("error", "duplicate")
    assert "october" in clash["reason"]
    assert "rename one of the files" in clash["reason"]
    assert report.counts["added"] == 2
    moved = tmp_path / "october-archive"
    shutil.move(first, moved)  # the folder moved away: its ids go to the files that have them now
    report = extract(third, store, progress=False)
    assert [(r.doc_id, r.reason) for r in report.removed] == [("a1", "moved")]
    metrics = read_store(store)
    assert set(metrics.loc[metrics["doc_id"] == "a1", "value_low"]) == {
        90e9,
        10.0,
        2025.0,
    }  # 90 GW (in W), 10 %, 2025
