"""`evidencekit extract` and the Parquet store: rows, dtypes, incremental runs, bad files,
the lock, atomic writes, and the Dask engine (same rows as in-process)."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import shutil
import stat
import threading
from pathlib import Path

import pandas as pd
import pytest

import evidencekit as ek
from evidencekit.archive import commit, runs, store, worker
from evidencekit.archive.progress import Progress
from evidencekit.archive.runs import extract, scan
from evidencekit.archive.store import META_COLUMNS, StoreError, read_manifest, read_store, store_lock
from evidencekit.cli import main
from evidencekit.evidence.schemas import EVIDENCE_COLUMNS, METRIC_COLUMNS

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def _generate_corpus(out: Path, docs: int, mean_kb: float = 2.0, seed: int = 1) -> None:
    spec = importlib.util.spec_from_file_location("generate_corpus", REPO / "bench" / "generate_corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(out, docs, seed=seed, mean_kb=mean_kb, per_folder=5)


def _copy_corpus(target: Path) -> Path:
    shutil.copytree(SEEDS, target)
    for path in target.iterdir():
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


def _files(folder: Path) -> dict[str, str]:
    """Every file of a store but the lock, with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def _build(out: Path) -> dict[str, dict[str, str]]:
    summary = json.loads((out / "build.json").read_text(encoding="utf-8"))
    return {doc["path"]: doc for doc in summary["documents"]}


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds plus a binary file and an empty one, extracted in-process once."""
    corpus = _copy_corpus(tmp_path_factory.mktemp("corpus") / "seeds")
    (corpus / "zz_bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (corpus / "zz_empty.txt").write_text("")
    out = tmp_path_factory.mktemp("store") / "store"
    report = extract(corpus, out, progress=False)
    assert report.counts["ok"] == 5
    return corpus, out


@pytest.fixture
def work(seeds_store: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the seeds corpus and of its store, the store pointing at the copy.

    A store remembers its corpus folders by absolute path; the copied manifest is made to
    name the copied folder, as if the store had been built from it.
    """
    corpus, out = seeds_store
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copytree(out, tmp_path / "store")
    manifest = read_manifest(tmp_path / "store").assign(corpus=str((tmp_path / "corpus").resolve()))
    commit.write_manifest(tmp_path / "store" / store.MANIFEST, manifest)
    return tmp_path / "corpus", tmp_path / "store"


def test_store_has_the_rows_and_dtypes_of_the_tables(seeds_store: tuple[Path, Path]) -> None:
    _, out = seeds_store
    corpus = ek.load_corpus(SEEDS)
    metrics, evidence = read_store(out, "metrics"), read_store(out, "evidence")
    assert dict(metrics.dtypes.astype(str)) == {**METRIC_COLUMNS, **META_COLUMNS}
    assert dict(evidence.dtypes.astype(str)) == {**EVIDENCE_COLUMNS, **META_COLUMNS}
    pd.testing.assert_frame_equal(metrics[list(METRIC_COLUMNS)], ek.metrics_table(corpus))
    pd.testing.assert_frame_equal(evidence[list(EVIDENCE_COLUMNS)], ek.evidence_table(corpus))
    row = metrics[metrics.doc_id == "003_9fe6c5c9c9ee8f17"].iloc[0]
    assert (row["title"], row["date"], row["doc_lang"], row["genre"]) == (
        "美中AI竞赛的未来走向",
        "2024-06-06",
        "zh",
        "transcript",
    )
    assert row["path"] == "003_9fe6c5c9c9ee8f17.txt"
    assert row["content_hash"] == hashlib.sha256((SEEDS / row["path"]).read_bytes()).hexdigest()
    assert row["extractor_version"] == store.extractor_version()
    # plain pandas reads the dataset too (with the bucket of the folder names)
    assert len(pd.read_parquet(out / "metrics")) == len(metrics)


def test_bad_files_are_recorded_not_fatal(seeds_store: tuple[Path, Path]) -> None:
    _, out = seeds_store
    manifest = read_manifest(out).set_index("path")
    assert manifest.loc["zz_bad.txt", "status"] == "error"
    assert "binary content" in manifest.loc["zz_bad.txt", "reason"]
    assert manifest.loc["zz_empty.txt", "status"] == "warning"
    assert (manifest.drop(["zz_bad.txt", "zz_empty.txt"])["status"] == "ok").all()
    summary = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert summary["counts"] | {"documents": 7, "ok": 5, "warning": 1, "error": 1} == summary["counts"]
    assert _build(out)["zz_bad.txt"]["status"] == "error"


def test_an_exception_while_extracting_one_file_is_recorded(
    work: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out = work
    real = ek.read_document

    def failing(path: str | Path, data: bytes | None = None) -> ek.Document:
        if Path(path).name.startswith("002_"):
            message = "boom"
            raise RuntimeError(message)
        return real(path, data)

    monkeypatch.setattr("evidencekit.ingest.readers.read_document", failing)
    report = extract(corpus, out, progress=False, force=True)
    entry = read_manifest(out).set_index("path").loc["002_508b4d799a7d30db.txt"]
    assert (entry["status"], entry["code"]) == ("error", "internal")
    assert "RuntimeError: boom" in entry["reason"]
    assert report.counts["ok"] == 4
    assert "002_508b4d799a7d30db" not in set(read_store(out).doc_id)  # its old rows are gone


def test_incremental_skip_replace_delete(work: tuple[Path, Path]) -> None:
    corpus, out = work
    before = _files(out)
    report = extract(corpus, out, progress=False)
    assert report.counts["unchanged"] == 7
    assert report.counts["extracted"] == 0
    assert {k: v for k, v in _files(out).items() if not k.endswith(("build.json", "manifest.parquet"))} == {
        k: v for k, v in before.items() if not k.endswith(("build.json", "manifest.parquet"))
    }
    changed = corpus / "002_508b4d799a7d30db.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe cluster needs 7 GW by 2030.\n")
    (corpus / "004_42a3e7e1f291c0a6.txt").unlink()
    report = extract(corpus, out, progress=False)
    assert (report.counts["extracted"], report.counts["unchanged"], report.counts["removed"]) == (1, 5, 1)
    assert (report.counts["updated"], report.counts["added"]) == (1, 0)
    assert [(r.doc_id, r.reason) for r in report.removed] == [("004_42a3e7e1f291c0a6", "gone")]
    metrics = read_store(out)
    assert "004_42a3e7e1f291c0a6" not in set(metrics.doc_id)
    assert "004_42a3e7e1f291c0a6.txt" not in set(read_manifest(out).path)
    assert "7 GW" in set(metrics[metrics.doc_id == "002_508b4d799a7d30db"].display)
    expected = ek.metrics_table(ek.load_corpus(corpus))
    pd.testing.assert_frame_equal(metrics[list(METRIC_COLUMNS)], expected)
    new_hash = hashlib.sha256(changed.read_bytes()).hexdigest()
    assert set(metrics[metrics.doc_id == "002_508b4d799a7d30db"].content_hash) == {new_hash}


def test_a_new_extractor_version_extracts_again(
    work: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out = work
    for module in (runs, worker):  # the run's version and the one its workers report
        monkeypatch.setattr(module, "extractor_version", lambda: "9.9.9+test")
    report = extract(corpus, out, progress=False)
    assert report.counts["extracted"] == 7
    assert set(read_store(out).extractor_version) == {"9.9.9+test"}


def test_the_lock_serialises_runs_with_a_clear_message(
    work: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = work
    with store_lock(out):
        with pytest.raises(StoreError, match=r"another `evidencekit extract` is writing to .*\(pid \d+\)"):
            extract(corpus, out, progress=False, wait=False)
        assert main(["extract", str(corpus), "--out", str(out), "--no-wait", "--no-progress"]) == 2
    assert "not waiting (--no-wait)" in capsys.readouterr().err


def test_a_second_run_waits_for_the_first(
    work: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = work
    with store_lock(out):
        waiting = threading.Thread(target=extract, args=(corpus, out), kwargs={"progress": False})
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive()  # blocked on the lock
    waiting.join(timeout=30)
    assert not waiting.is_alive()
    assert "is writing to" in capsys.readouterr().err  # who holds it, then "waiting…"


def test_a_failed_run_leaves_the_previous_store_intact(
    work: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out = work
    before = _files(out)
    changed = corpus / "000_98eda4eeaede7d8e.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nAbout 3 GW more.\n")
    (corpus / "001_8ad4a4114da0a702.txt").unlink()
    real = commit.StagedRows._rewrite
    calls = []

    def killed(self: commit.StagedRows, *args: object) -> int:
        calls.append(args)
        if len(calls) == 2:  # the first bucket is already written under its temporary name
            message = "killed mid-write"
            raise KeyboardInterrupt(message)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(commit.StagedRows, "_rewrite", killed)
    with pytest.raises(KeyboardInterrupt):
        extract(corpus, out, progress=False)
    assert _files(out) == before  # no temporary file, no staging folder, nothing replaced


def test_a_run_killed_during_the_renames_is_completed_by_the_next(
    work: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, out = work
    (corpus / "001_8ad4a4114da0a702.txt").unlink()
    real_apply = commit._apply

    def dies(root: Path, operations: list[list[str | None]]) -> None:
        real_apply(root, operations[:1])
        message = "killed during the renames"
        raise KeyboardInterrupt(message)

    monkeypatch.setattr(commit, "_apply", dies)
    monkeypatch.setattr(runs, "recover", lambda root: None)  # a killed process cleans nothing up
    with pytest.raises(KeyboardInterrupt):
        extract(corpus, out, progress=False)
    monkeypatch.undo()
    assert (out / store.JOURNAL).exists()
    report = extract(corpus, out, progress=False)  # finishes the journal first
    assert (report.counts["removed"], report.counts["unchanged"]) == (0, 6)
    assert "001_8ad4a4114da0a702" not in set(read_store(out).doc_id)
    assert not list(out.rglob("*.tmp"))
    assert not (out / store.JOURNAL).exists()


def test_read_store_errors_and_empty_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        read_store(tmp_path / "missing")
    with pytest.raises(StoreError, match="unknown table"):
        read_store(tmp_path, "claims")
    empty = read_store(tmp_path, "evidence")
    assert empty.empty
    assert dict(empty.dtypes.astype(str)) == {**EVIDENCE_COLUMNS, **META_COLUMNS}


def test_scan_lists_subfolders_lazily_and_skips_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/b/2.txt", "a/1.md", "0.txt", ".hidden.txt", "README.md", "a/.x/3.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("x")
    (tmp_path / "link.txt").symlink_to(outside)
    found = [(p.relative_to(tmp_path).as_posix(), problem) for p, problem in scan(tmp_path)]
    assert [name for name, _ in found] == ["0.txt", "link.txt", "a/1.md", "a/b/2.txt"]
    problem = found[1][1]
    assert problem is not None
    assert problem.code == "link-outside"
    assert "outside the corpus folder" in problem.reason


def test_progress_lines_off_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(10, 2_000_000, interval=0.0, stream=stream)
    progress.update(5, 1_000_000)
    progress.close()
    first = stream.getvalue().splitlines()[0]
    assert first.startswith("extract: 5/10 documents, 1.0/2.0 MB, ")
    assert "MB/s" in first
    assert "docs/s" in first
    assert first.endswith("left")


@pytest.mark.slow
def test_dask_cluster_gives_the_rows_of_the_in_process_run(tmp_path: Path) -> None:
    corpus = _copy_corpus(tmp_path / "corpus")
    _generate_corpus(corpus / "generated", 12)
    local, dask = tmp_path / "local", tmp_path / "dask"
    extract(corpus, local, progress=False)
    report = extract(corpus, dask, engine="dask", workers=2, batch_size=3, progress=False)
    assert report.counts["ok"] == 17
    for table in ("metrics", "evidence"):
        expected = read_store(local, table)
        assert len(expected) > 100
        pd.testing.assert_frame_equal(read_store(dask, table), expected)
    manifests = [read_manifest(out).drop(columns="extracted_at") for out in (local, dask)]
    pd.testing.assert_frame_equal(*manifests)
