"""``evidencekit extract``: a whole corpus into the Parquet store of :mod:`evidencekit.archive.store`.

The corpus folder is listed lazily (:func:`os.scandir`, one folder at a time, subfolders
included, file-name order within a folder); paths go to the engine in batches of
``batch_size``. A worker reads each file, hashes its bytes, and either reports it unchanged
(same hash and extractor version as in the manifest) or extracts its metrics and evidence and
returns them as Arrow tables. The engine keeps a bounded number of batches in flight, so no
step holds the corpus in memory; rows are staged on disk and published atomically at the end
(:class:`evidencekit.archive.commit.StagedRows`, :func:`evidencekit.archive.commit.commit`).

Engines: ``local`` (in this process, the default), ``dask`` (a Dask ``LocalCluster`` of
processes, one worker per core with one thread each) or an existing Dask cluster
(``scheduler="tcp://host:port"``; its workers must see the corpus at the same path and run
the same evidencekit: a different extractor version stops the run).

Incremental rules, per file (keyed by its corpus folder and its path relative to it):

- same content hash and extractor version as in the manifest: skipped, rows kept;
- new (``added``), changed or extracted by another version (``updated``): extracted, its old
  rows replaced;
- gone from the corpus folder: its rows and manifest entry removed; documents of other
  folders stay (see :mod:`evidencekit.archive.membership` for when documents leave a store);
- unreadable: status ``error`` (``warning`` for an empty file or a link out of the corpus)
  with the reason in the manifest and ``build.json``; it never stops the run, and its old
  rows, if any, are removed. A file whose bytes cannot be read at all (no hash) is tried
  again on every run; ``force=True`` extracts everything again.

Document ids are file names without suffix, as in :func:`evidencekit.load_corpus`; a second
file with the same id is an error (``duplicate``), the file that had the id keeps it.
"""

from __future__ import annotations

import datetime
import itertools
import json
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evidencekit.archive.commit import StagedRows, commit, recover, temporary_name, write_manifest
from evidencekit.archive.engines import DaskEngine, LocalEngine
from evidencekit.archive.membership import (
    RULE,
    Key,
    Removal,
    check_removals,
    corpus_key,
    file_of,
    keyed,
    legacy_corpus,
)
from evidencekit.archive.progress import Progress
from evidencekit.archive.store import (
    BUILD,
    MANIFEST,
    TABLES,
    bucket_of,
    extractor_version,
    open_layout,
    read_manifest,
    store_lock,
)
from evidencekit.archive.worker import Item, file_status
from evidencekit.errors import DocumentError, KitError, is_read, plural
from evidencekit.ingest.corpus import iter_files

ENGINES = ("local", "dask")
DEFAULT_BATCH = 32


# --- listing the corpus ---------------------------------------------------------------------


def scan(root: Path) -> Iterator[tuple[Path, DocumentError | None]]:
    """Files of the corpus, lazily, as :func:`evidencekit.ingest.corpus.iter_files` lists them:
    (path, None), or (path, problem) for a link not followed or a folder not listed."""
    if root.is_file():
        yield root, None
        return
    yield from iter_files(root)


def count_corpus(root: Path) -> tuple[int, int]:
    """Number of files and their total size (a stat of each file: for the progress bar)."""
    files = size = 0
    for path, problem in scan(root):
        if problem is None:
            files += 1
            with _suppress_os_error():
                size += path.stat().st_size
    return files, size


def _holds(entry: dict[str, Any]) -> bool:
    """A manifest entry whose document has rows in the store (read, maybe with a warning)."""
    return is_read(str(entry.get("status")), str(entry.get("code")))


class _suppress_os_error:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, *_: object) -> bool:
        return isinstance(kind, type) and issubclass(kind, OSError)


# --- the run --------------------------------------------------------------------------------


@dataclass
class ExtractReport:
    """What a run did: counts per status and per action, and the files with an error."""

    out: Path
    engine: str
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    seconds: float = 0.0
    bytes_read: int = 0

    def summary(self) -> str:
        """One line: this run's files by status and action, the store's size, time."""
        c = self.counts
        problems = f"{plural(c.get('warning', 0), 'warning')}, {plural(c.get('error', 0), 'error')}"
        kept = f"; {c.get('kept', 0):,} of other folders kept" if c.get("kept") else ""
        return (
            f"{plural(c.get('documents', 0), 'file')}: {c.get('ok', 0):,} ok, {problems}; "
            f"{c.get('added', 0):,} added, {c.get('updated', 0):,} updated, "
            f"{c.get('unchanged', 0):,} unchanged, {c.get('removed', 0):,} removed{kept}; "
            f"{self.bytes_read / 1e6:,.1f} MB read in {self.seconds:.1f} s ({self.engine})"
        )


def extract(
    corpus: str | Path,
    out: str | Path,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    buckets: int | None = None,
    force: bool = False,
    prune: bool = False,
    wait: bool = True,
    progress: bool | None = None,
    interval: float = 10.0,
) -> ExtractReport:
    """Extract every document of ``corpus`` into the store ``out`` (see the module's doc).

    ``engine`` is ``local`` or ``dask``; ``scheduler`` (``tcp://host:port``) implies dask.
    ``prune``: also remove the documents of other corpus folders (the store then holds this
    folder alone), and allow removing any number of documents whose files are gone.
    ``progress``: None shows it (a bar on a terminal, plain lines otherwise), False hides it.

    Raises
    ------
    KitError
        When the corpus does not exist, or the store is locked (``wait=False``) or unusable.
    """
    root = Path(corpus)
    if not root.exists():
        message = f"{corpus}: no such file or folder; give a folder of documents"
        raise KitError(message)
    if engine not in ENGINES:
        message = f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}"
        raise KitError(message)
    store = Path(out)
    with store_lock(store, wait=wait):
        recover(store)
        count = open_layout(store, buckets)
        runner: LocalEngine | DaskEngine = (
            DaskEngine(scheduler, workers) if engine == "dask" or scheduler else LocalEngine()
        )
        run = _Run(root, store, count, force, runner.name, prune)
        total_docs, total_bytes = count_corpus(root) if progress is not False else (0, 0)
        bar = Progress(total_docs, total_bytes, progress, interval)
        try:
            with runner:
                run.execute(runner, batch_size, bar)
        except BaseException:
            run.staged.discard()
            recover(store)
            raise
        finally:
            bar.close()
        return run.report


class _Run:
    """The state of one run: the previous manifest, the new entries, rows to remove."""

    def __init__(self, root: Path, store: Path, buckets: int, force: bool, engine: str, prune: bool) -> None:
        self.root, self.store, self.buckets, self.force, self.prune = root, store, buckets, force, prune
        self.corpus = corpus_key(root)
        self.version = extractor_version()
        self.id = f"{datetime.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.staged = StagedRows(store, self.id)
        default = legacy_corpus(store) or self.corpus  # stores written before folders were kept
        self.previous: dict[Key, dict[str, Any]] = keyed(_records(read_manifest(store)), default)
        self.owners = {e["doc_id"]: k for k, e in self.previous.items() if _holds(e)}
        self.entries: dict[Key, dict[str, Any]] = {}
        self.actions: dict[Key, str] = {}
        self.removed: dict[int, set[str]] = {}
        self.removals: list[Removal] = []
        self.claimed: dict[str, Key] = {}
        self.report = ExtractReport(store, engine)
        self.started = time.perf_counter()

    def _relative(self, path: Path) -> str:
        if self.root.is_file():
            return path.name
        return path.relative_to(self.root).as_posix()

    def _remove_old(self, key: Key) -> None:
        old = self.previous.get(key)
        if old is not None and _holds(old):
            self.removed.setdefault(int(old["bucket"]), set()).add(old["doc_id"])

    def _leave(self, key: Key, reason: str) -> None:
        """The document of ``key`` leaves the store (its rows and its manifest entry)."""
        self._remove_old(key)
        old = self.previous[key]
        self.removals.append(Removal(key[0], key[1], str(old["doc_id"]), reason))

    def _record(self, entry: dict[str, Any], action: str) -> None:
        key = (self.corpus, entry["path"])
        if action == "extracted":
            action = "updated" if key in self.previous else "added"
        self.entries[key] = {**entry, "corpus": self.corpus}
        self.actions[key] = action

    def items(self) -> Iterator[Item]:
        """The files to hand to the engine; others (duplicates, links) recorded at once."""
        for path, problem in scan(self.root):
            rel = self._relative(path)
            doc_id = path.stem
            key = (self.corpus, rel)
            item = Item(str(_absolute(path)), rel, doc_id, bucket_of(doc_id, self.buckets))
            if problem is not None:
                self._remove_old(key)
                self._record(file_status(item, problem.level, problem.code, problem.reason), "extracted")
                continue
            if self._duplicate(key, doc_id):
                first = self.claimed.get(doc_id) or self.owners[doc_id]
                where = first[1] if first[0] == self.corpus else f"{first[0]}/{first[1]}"
                reason = f"duplicate document id {doc_id!r} (also {where}); rename one of the files"
                self._remove_old(key)
                self._record(file_status(item, "error", "duplicate", reason), "extracted")
                continue
            self._claim(doc_id, key)
            old = self.previous.get(key)
            fresh = old is not None and old["extractor_version"] == self.version and not self.force
            yield Item(item.path, rel, doc_id, item.bucket, old["content_hash"] if fresh and old else None)

    def _duplicate(self, key: Key, doc_id: str) -> bool:
        if doc_id in self.claimed:
            return True
        owner = self.owners.get(doc_id)  # a file that had the id keeps it while it exists...
        if owner is None or owner == key or (self.prune and owner[0] != self.corpus):
            return False  # ...unless --prune takes the other folders' documents out anyway
        return file_of(owner).exists()

    def _claim(self, doc_id: str, key: Key) -> None:
        """``key`` holds ``doc_id`` now; a gone file of another folder that held it leaves."""
        self.claimed[doc_id] = key
        owner = self.owners.get(doc_id)
        if owner is not None and owner != key and owner[0] != self.corpus:
            self._leave(owner, "pruned" if self.prune else "moved")
            self.previous.pop(owner)

    def execute(self, engine: LocalEngine | DaskEngine, batch_size: int, bar: Progress) -> None:
        batches = _batched(self.items(), batch_size)
        for result in engine.run(batches):
            if result["version"] not in (None, self.version):
                message = (
                    f"a worker runs extractor version {result['version']}, this run {self.version}: "
                    "install the same evidencekit on every worker of the cluster"
                )
                raise KitError(message)
            size = 0
            for status in result["statuses"]:
                size += status["size"] or 0
                self._done(status)
            for table in TABLES:
                if result[table] is not None:
                    self.staged.add(table, result[table])
            bar.update(len(result["statuses"]), size)
            self.report.bytes_read += size
        self._finish()

    def _done(self, status: dict[str, Any]) -> None:
        key = (self.corpus, status["path"])
        if status["status"] == "unchanged":
            self._record(dict(self.previous[key]), "unchanged")
            return
        self._remove_old(key)
        if _holds(status):  # rows a killed run may have published
            self.removed.setdefault(status["bucket"], set()).add(status["doc_id"])
        now = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        self._record({**status, "extractor_version": self.version, "extracted_at": now}, "extracted")

    def _settle_others(self) -> None:
        """Files this run did not see: gone from this folder, or of another folder (kept or pruned)."""
        for key, entry in self.previous.items():
            if key in self.entries:
                continue
            if key[0] == self.corpus:
                self._leave(key, "gone")
            elif self.prune:
                self._leave(key, "pruned")
            else:
                self.entries[key] = entry
                self.actions[key] = "kept"
        held = sum(1 for e in self.previous.values() if _holds(e))
        leaving = [r for r in self.removals if _holds(self.previous.get((r.corpus, r.path), {}))]
        check_removals(leaving, held, self.store, self.corpus, self.prune)

    def _finish(self) -> None:
        self._settle_others()
        operations = self.staged.compact(self.removed)
        manifest = pd.DataFrame.from_records(list(self.entries.values()))
        temporary = temporary_name(self.store / MANIFEST, self.staged.run)
        write_manifest(temporary, manifest.sort_values(["corpus", "path"]) if len(manifest) else manifest)
        report = self.report
        mine = [e for k, e in self.entries.items() if self.actions[k] != "kept"]
        statuses = [entry["status"] for entry in mine]
        actions = list(self.actions.values())
        report.counts = {
            "documents": len(mine),
            **{status: statuses.count(status) for status in ("ok", "warning", "error")},
            **{action: actions.count(action) for action in ("added", "updated", "unchanged", "kept")},
            "extracted": actions.count("added") + actions.count("updated"),
            "removed": len(self.removals),
        }
        report.removed = list(self.removals)
        report.errors = [f"{e['path']}: {e['reason']}" for e in mine if e["status"] == "error"]
        report.warnings = [f"{e['path']}: {e['reason']}" for e in mine if e["status"] == "warning"]
        report.seconds = time.perf_counter() - self.started
        build = temporary_name(self.store / BUILD, self.staged.run)
        build.write_text(self._build_json(), encoding="utf-8")
        commit(self.store, [*operations, (temporary, self.store / MANIFEST), (build, self.store / BUILD)])
        self.staged.discard()

    def _build_json(self) -> str:
        documents = [
            {
                "corpus": key[0],
                "path": key[1],
                "doc_id": e["doc_id"],
                "status": e["status"],
                "code": e["code"],
                "reason": e["reason"],
                "action": self.actions[key],
            }  # fmt: skip
            for key, e in sorted(self.entries.items())
        ]
        summary = {
            "corpus": self.corpus,
            "corpora": sorted({key[0] for key in self.entries}),
            "rule": RULE,
            "engine": self.report.engine,
            "extractor_version": self.version,
            "finished": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "seconds": round(self.report.seconds, 2),
            "bytes_read": self.report.bytes_read,
            "counts": self.report.counts,
            "removed": [r.as_json() for r in self.removals],
            "documents": documents,
        }
        return json.dumps(summary, ensure_ascii=False, indent=1) + "\n"


def _records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    for record in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        yield {str(k): v for k, v in record.items()}


def _batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _absolute(path: Path) -> Path:
    """The file's resolved path; a link that loops (named by the scan) stays as it is."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return path.absolute()
