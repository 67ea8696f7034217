"""Real process deaths while `evidencekit extract` writes its store (the failures that
tests/test_store.py only simulates with exceptions).

- ``kill -9`` of the command line in the middle of a run (extracting, staging, compacting);
- ``kill -9`` of a process at chosen renames of the commit (its ``os.replace`` patched to
  SIGKILL the process itself: a real death, at a deterministic point of the journal);
- a Dask worker process that dies (``os._exit``) while extracting a file.

After a death the store must hold one complete state (the previous one, or the new one once
the journal is in place), show readers no half-written file, and the next normal run must
finish and give the rows of a run from scratch on the same corpus.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from evidencekit.archive import store
from evidencekit.archive.runs import extract
from evidencekit.archive.store import read_manifest, read_store

pytestmark = pytest.mark.slow  # kills commands and Dask workers with real signals

CLI = [sys.executable, "-m", "evidencekit.cli", "extract"]
SAFETY = 180.0  # seconds: a run still going after this is stopped and reported as hung (not a timing test)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_store import _copy_corpus, _generate_corpus  # noqa: E402 - tests/ is not a package

# --- corpora and stores -----------------------------------------------------------------------


def _english(path: Path) -> bool:
    """No Chinese in the file (extracting Chinese loads a dictionary: seconds per process)."""
    return re.search("[\u3000-\u9fff\uff00-\uffef]", path.read_text(encoding="utf-8")) is None


def _visible(folder: Path) -> dict[str, str]:
    """What a reader of the store sees: every file with no hidden part in its path, hashed."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def _rows(out: Path) -> dict[str, pd.DataFrame]:
    """Every table of a store, rows in a canonical order."""
    frames = {}
    for table in store.TABLES:
        frame = read_store(out, table)
        frames[table] = frame.sort_values(list(frame.columns), kind="stable").reset_index(drop=True)
    manifest = read_manifest(out).drop(columns="extracted_at")
    frames["manifest"] = manifest.sort_values("path").reset_index(drop=True)
    return frames


def _same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> bool:
    return all(left[name].equals(right[name]) for name in left)


def _assert_rows(out: Path, expected: dict[str, pd.DataFrame]) -> None:
    found = _rows(out)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(found[name], frame, obj=f"{name} of {out.name}")


def _assert_clean(out: Path) -> None:
    """A finished run left no journal, staging folder or temporary file."""
    assert not (out / store.JOURNAL).exists()
    assert not list(out.glob(".staging-*"))
    assert not [p for p in out.rglob("*.tmp")]


def _assert_readable(out: Path) -> None:
    """Every Parquet file a reader can see is whole."""
    import pyarrow.parquet as pq

    for rel in _visible(out):
        if rel.endswith(".parquet"):
            pq.read_metadata(out / rel)  # raises on a truncated file


class Stores:
    """v1 of a corpus and its store; v2 (documents changed, added, deleted) and its store
    built from scratch: what every run on v2 must end with. v2 is a folder of its own, so
    runs of v2 on v1's store use --prune: the store then holds v2 alone, as if built from it."""

    def __init__(self, root: Path) -> None:
        self.v1 = _copy_corpus(root / "v1")
        _generate_corpus(self.v1 / "generated", 20)
        batch = 0
        while sum(_english(p) for p in self.v1.rglob("*.*")) < 10 and batch < 5:
            batch += 1  # the generator's mix of languages follows the case files; top up English
            _generate_corpus(self.v1 / f"generated-{batch}", 10, seed=1 + batch)
        self.v2 = root / "v2"
        shutil.copytree(self.v1, self.v2)
        english = [p for p in sorted(self.v2.rglob("*.*")) if _english(p)]
        assert len(english) >= 10
        for path in english[:7]:
            path.write_text(path.read_text(encoding="utf-8") + "\nThe new site draws 3 GW by 2031.\n")
        for index, path in enumerate(english[7:9]):
            added = self.v2 / "added" / f"added_{index}{path.suffix}"
            added.parent.mkdir(exist_ok=True)
            added.write_text(path.read_text(encoding="utf-8") + "\nAbout 12 MW more.\n", encoding="utf-8")
        english[9].unlink()
        self.previous = root / "previous"
        extract(self.v1, self.previous, progress=False)
        self.previous_files = _visible(self.previous)
        self.previous_rows = _rows(self.previous)
        self.fresh = root / "fresh"
        extract(self.v2, self.fresh, progress=False)
        self.fresh_rows = _rows(self.fresh)
        assert not _same(self.previous_rows, self.fresh_rows)

    def copy(self, target: Path) -> Path:
        shutil.copytree(self.previous, target)
        return target


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    return Stores(tmp_path_factory.mktemp("crash"))


def _check_after_kill(out: Path, stores: Stores) -> str:
    """The state a killed run left: ``previous`` or ``new`` (both complete), or ``journal``
    (killed during the renames: the next run rolls forward)."""
    _assert_readable(out)
    if (out / store.JOURNAL).exists():
        return "journal"
    if _visible(out) == stores.previous_files:
        _assert_rows(out, stores.previous_rows)
        return "previous"
    _assert_rows(out, stores.fresh_rows)  # the commit was over: the new store, whole
    return "new"


def _resume(out: Path, stores: Stores) -> None:
    """The next normal run finishes and gives the rows of a run from scratch."""
    report = extract(stores.v2, out, prune=True, progress=False)
    assert report.counts["error"] == 0
    _assert_clean(out)
    _assert_rows(out, stores.fresh_rows)
    assert (out / "build.json").exists()


# --- kill -9 of the command line --------------------------------------------------------------


def _kill_when(command: list[str], trigger: Callable[[list[str]], bool]) -> tuple[bool, int]:
    """Run ``command``; SIGKILL it as soon as ``trigger(stderr lines so far)`` is true (polled).
    Return (killed by us, exit status)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stderr or ()], daemon=True)
    reader.start()
    seen: list[str] = []
    deadline = time.monotonic() + SAFETY
    try:
        while process.poll() is None and time.monotonic() < deadline:
            while not lines.empty():
                seen.append(lines.get())
            if trigger(seen):
                process.send_signal(signal.SIGKILL)
                return True, process.wait()
            time.sleep(0.0005)
        assert process.poll() is not None, f"{command} still running after {SAFETY} s"
        return False, process.returncode
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        reader.join(timeout=5)


def _mid_extraction(out: Path) -> Callable[[list[str]], bool]:
    def trigger(lines: list[str]) -> bool:  # one batch (one file) done, others to go
        return any(line.startswith("extract: 1/") for line in lines)

    return trigger


def _staging(out: Path) -> Callable[[list[str]], bool]:
    return lambda _: any(out.glob(".staging-*"))


def _bucket_written(out: Path) -> Callable[[list[str]], bool]:
    """A bucket's new file is being written under its temporary name."""
    return lambda _: any(out.glob("*/bucket=*/.*.tmp"))


@pytest.mark.parametrize("when", [_mid_extraction, _staging, _bucket_written])
def test_kill_9_of_the_command_leaves_the_previous_store(
    stores: Stores, tmp_path: Path, when: Callable[[Path], Callable[[list[str]], bool]]
) -> None:
    out = stores.copy(tmp_path / "store")
    command = [
        *CLI,
        str(stores.v2),
        "--out",
        str(out),
        "--prune",
        "--batch-size",
        "1",
        "--progress",
        "--interval",
        "0",
    ]
    state = None
    # a second try extracts the whole corpus again (--force): a longer run, so that the
    # moment is seen before the run ends; same final rows
    for extra in ([], ["--force"]):
        killed, status = _kill_when([*command, *extra], when(out))
        if killed:
            assert status == -signal.SIGKILL
            state = _check_after_kill(out, stores)
            if state != "new":  # else: the kill came after the commit
                break
        else:
            assert status == 0
            _assert_clean(out)
            _assert_rows(out, stores.fresh_rows)
        shutil.rmtree(out)
        stores.copy(out)
    assert state in ("previous", "journal"), f"the run always ended before {when.__name__}"
    if state == "previous":
        assert not (out / store.JOURNAL).exists()
    _resume(out, stores)


# --- kill -9 at a chosen rename of the commit ---------------------------------------------------

DRIVER = """
import json, os, signal, sys
from pathlib import Path
from evidencekit.archive.runs import extract
from evidencekit.archive.store import JOURNAL

corpus, out, kill_at = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
real, calls = os.replace, []

def replace(source, target, *args, **kwargs):
    calls.append(target)
    last = kill_at
    if kill_at < 0 and (out / JOURNAL).exists():  # counted from the end of the journal
        operations = json.loads((out / JOURNAL).read_text(encoding="utf-8"))
        last = 1 + sum(1 for source, _ in operations if source is not None) + 1 + kill_at
    if len(calls) == last:
        os.kill(os.getpid(), signal.SIGKILL)  # a real death: no cleanup, no finally
    return real(source, target, *args, **kwargs)

os.replace = replace
extract(corpus, out, prune=True, progress=False)
sys.exit(3)  # never killed: fewer renames than kill_at
"""


def _die_at_rename(stores: Stores, out: Path, tmp_path: Path, kill_at: int) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(driver), str(stores.v2), str(out), str(kill_at)],
        capture_output=True,
        text=True,
        timeout=SAFETY,
        check=False,
    )
    if done.returncode != -signal.SIGKILL:
        pytest.fail(f"the driver was not killed (exit status {done.returncode}): {done.stderr}")


@pytest.mark.parametrize(
    ("kill_at", "state"),
    [
        (1, "previous"),  # the first rename puts the journal in place: killed just before it
        (2, "journal"),  # the journal is in place, no file renamed yet (emptied buckets may be deleted)
        (3, "journal"),  # one bucket renamed
        (-1, "journal"),  # everything renamed but the last file (build.json)
    ],
)
def test_kill_9_during_the_commit_is_rolled_forward(
    stores: Stores, tmp_path: Path, kill_at: int, state: str
) -> None:
    out = stores.copy(tmp_path / "store")
    _die_at_rename(stores, out, tmp_path, kill_at)
    assert _check_after_kill(out, stores) == state
    assert list(out.rglob(".*.tmp")), "the killed run left its temporary files"
    if kill_at == -1:  # every bucket and the manifest published: readers see the new rows
        _assert_rows(out, stores.fresh_rows)
    _resume(out, stores)


def test_readers_never_see_a_mix_after_a_kill_during_the_commit(stores: Stores, tmp_path: Path) -> None:
    out = stores.copy(tmp_path / "store")
    _die_at_rename(stores, out, tmp_path, 3)
    if not (out / store.JOURNAL).exists():
        pytest.fail("killed before the journal: not the case of this test")
    found = _rows(out)
    old = [name for name, frame in found.items() if frame.equals(stores.previous_rows[name])]
    new = [name for name, frame in found.items() if frame.equals(stores.fresh_rows[name])]
    assert _same(found, stores.previous_rows) or _same(found, stores.fresh_rows), (
        f"as before the run: {old}; as after it: {new}; the other tables mix old and new rows"
    )


# --- a Dask worker that dies --------------------------------------------------------------------

POISON = """
# Loaded at start-up by every Python process of the test's run (PYTHONPATH): the Dask
# workers die, for real, when they read a file whose name contains "poison".
import os
from pathlib import Path

import evidencekit.ingest.readers as _readers

_real = _readers.read_document


def _read_document(path, *args, **kwargs):
    if "poison" in Path(path).name:
        os._exit(1)
    return _real(path, *args, **kwargs)


_readers.read_document = _read_document
"""


def _dask_run(
    corpus: Path, out: Path, tmp_path: Path, *options: str, **env: str
) -> subprocess.CompletedProcess[str]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(POISON, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    command = [*CLI, str(corpus), "--out", str(out), "--engine", "dask", "--no-progress", *options]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": path, **env},
        start_new_session=True,  # its cluster's processes too, if it hangs
    )
    try:
        stdout, stderr = process.communicate(timeout=SAFETY)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"`evidencekit extract --engine dask` hung (still running after {SAFETY} s)")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _english_corpus(target: Path, count: int) -> Path:
    source = target.parent / f"{target.name}-source"
    _generate_corpus(source, 40)
    target.mkdir()
    for path in [p for p in sorted(source.rglob("*.*")) if _english(p)][:count]:
        shutil.copy(path, target / path.name)
    return target


class Poisoned:
    """One `evidencekit extract --engine dask` run, as a user would start it (two workers,
    Dask's settings of the kit), on 6 documents and two files that kill the worker reading
    them, each in a batch with good documents (--batch-size 3): [a, b, c], [d, e, f] and
    [poison-1 ... ] sorted among them."""

    def __init__(self, root: Path) -> None:
        self.corpus = _english_corpus(root / "corpus", 6)
        self.reference = root / "reference"
        extract(self.corpus, self.reference, progress=False)  # in this process, no poison
        self.names = sorted(p.name for p in self.corpus.iterdir())
        self.poisons = [f"{self.names[1][:-4]}_poison.txt", "zz_poison.txt"]
        for poison in self.poisons:
            shutil.copy(self.corpus / self.names[0], self.corpus / poison)
        self.poison = self.poisons[-1]
        self.out = root / "store"
        self.done = _dask_run(self.corpus, self.out, root, "--workers", "2", "--batch-size", "3")
        build = self.out / "build.json"
        self.documents = (
            {d["path"]: d for d in json.loads(build.read_text())["documents"]} if build.exists() else {}
        )


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Poisoned:
    return Poisoned(tmp_path_factory.mktemp("poisoned"))


def test_a_dask_worker_that_dies_is_recorded_and_the_run_finishes(poisoned: Poisoned) -> None:
    done, documents = poisoned.done, poisoned.documents
    assert done.returncode == 1, done.stderr  # finished, with errors
    for poison in poisoned.poisons:
        assert f"error: {poison}: the worker extracting it failed (KilledWorker" in done.stderr
        assert (documents[poison]["status"], documents[poison]["code"]) == ("error", "worker")
        assert read_manifest(poisoned.out).set_index("path").loc[poison, "status"] == "error"
    ok = {d["doc_id"] for d in documents.values() if d["status"] == "ok"}
    expected, found = _rows(poisoned.reference), _rows(poisoned.out)
    for table in store.TABLES:  # the rows of every file extracted: those of an in-process run
        rows = expected[table][expected[table].doc_id.isin(ok)].reset_index(drop=True)
        pd.testing.assert_frame_equal(found[table], rows)
    _assert_clean(poisoned.out)


def test_every_good_file_is_extracted_even_next_to_a_worker_that_dies(poisoned: Poisoned) -> None:
    """Dask fails every task of a dying worker; the engine retries their files one by one."""
    if poisoned.done.returncode not in (0, 1) or poisoned.poison not in poisoned.documents:
        pytest.fail(f"the run failed: {poisoned.done.stderr}")  # not the expected failure
    statuses = {name: poisoned.documents[name]["status"] for name in poisoned.names}
    assert statuses == dict.fromkeys(poisoned.names, "ok")


def test_a_good_file_of_the_poison_files_batch_is_extracted(poisoned: Poisoned) -> None:
    if poisoned.done.returncode not in (0, 1) or poisoned.poison not in poisoned.documents:
        pytest.fail(f"the run failed: {poisoned.done.stderr}")  # not the expected failure
    innocent = poisoned.documents[poisoned.names[3]]
    assert innocent["status"] == "ok", innocent["reason"]
