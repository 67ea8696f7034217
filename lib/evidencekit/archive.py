"""``evidencekit extract``: a whole corpus into the Parquet store of :mod:`evidencekit.store`.

The corpus folder is listed lazily (:func:`os.scandir`, one folder at a time, subfolders
included, file-name order within a folder); paths go to the engine in batches of
``batch_size``. A worker reads each file, hashes its bytes, and either reports it unchanged
(same hash and extractor version as in the manifest) or extracts its metrics and evidence and
returns them as Arrow tables. The engine keeps a bounded number of batches in flight, so no
step holds the corpus in memory; rows are staged on disk and published atomically at the end
(:class:`evidencekit.store.StagedRows`, :func:`evidencekit.store.commit`).

Engines: ``local`` (in this process, the default), ``dask`` (a Dask ``LocalCluster`` of
processes, one worker per core with one thread each) or an existing Dask cluster
(``scheduler="tcp://host:port"``; its workers must see the corpus at the same path and run
the same evidencekit: a different extractor version stops the run).

Incremental rules, per file (keyed by its path relative to the corpus folder):

- same content hash and extractor version as in the manifest: skipped, rows kept;
- new, changed, or extracted by another version: extracted, its old rows replaced;
- gone from the corpus: its rows and manifest entry removed;
- unreadable: status ``error`` (``warning`` for an empty file or a link out of the corpus)
  with the reason in the manifest and ``build.json``; it never stops the run, and its old
  rows, if any, are removed. A file whose bytes cannot be read at all (no hash) is tried
  again on every run; ``force=True`` extracts everything again.

Document ids are file names without suffix, as in :func:`evidencekit.load_corpus`; a second
file with the same id is an error (``duplicate``), the file that had the id keeps it.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import os
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from evidencekit.corpus import iter_files
from evidencekit.errors import DocumentError, KitError, shown_path
from evidencekit.store import (
    BUILD,
    MANIFEST,
    ROW_COUNTS,
    TABLES,
    StagedRows,
    bucket_of,
    commit,
    extractor_version,
    open_layout,
    read_manifest,
    recover,
    store_lock,
    temporary_name,
    to_arrow,
)

ENGINES = ("local", "dask")
DEFAULT_BATCH = 32


@dataclass(frozen=True)
class Item:
    """One file to extract: where it is, its id and bucket, and the hash already stored."""

    path: str  # absolute
    rel: str  # relative to the corpus folder, posix
    doc_id: str
    bucket: int
    known_hash: str | None = None


# --- listing the corpus ---------------------------------------------------------------------


def scan(root: Path) -> Iterator[tuple[Path, DocumentError | None]]:
    """Files of the corpus, lazily, as :func:`evidencekit.corpus.iter_files` lists them:
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


class _suppress_os_error:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, *_: object) -> bool:
        return isinstance(kind, type) and issubclass(kind, OSError)


# --- the worker -----------------------------------------------------------------------------


def _table_makers() -> dict[str, Any]:
    from evidencekit.evidence import evidence_table, metrics_table, spin_table

    return {"metrics": metrics_table, "evidence": evidence_table, "spin": spin_table}


def _status(item: Item, status: str, code: str = "ok", reason: str = "", **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"path": item.rel, "doc_id": item.doc_id, "bucket": item.bucket}
    record.update(content_hash=None, status=status, code=code, reason=reason, size=None)
    record.update(dict.fromkeys(ROW_COUNTS.values(), 0))
    record.update(extra)
    return record


def _with_meta(frame: pd.DataFrame, document: Any, item: Item, digest: str, version: str) -> pd.DataFrame:
    meta = document.meta
    values = {
        "title": meta.title,
        "date": meta.date,
        "url": meta.url,
        "doc_lang": document.lang,
        "genre": document.genre,
        "path": item.rel,
        "content_hash": digest,
        "extractor_version": version,
    }
    return frame.assign(
        **{name: pd.Series([value] * len(frame), dtype="string") for name, value in values.items()}
    )


def _extract_one(item: Item, version: str, tables: dict[str, list[pd.DataFrame]]) -> dict[str, Any]:
    """Extract one file into ``tables``; return its status. Never raises an Exception."""
    from evidencekit.evidence import document_record
    from evidencekit.readers import read_document

    path = Path(item.path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return _status(item, "error", "unreadable", f"cannot be read ({error.strerror or error})")
    digest = hashlib.sha256(data).hexdigest()
    known: dict[str, Any] = {"content_hash": digest, "size": len(data)}
    if item.known_hash == digest:
        return _status(item, "unchanged", **known)
    try:
        document = read_document(path)
        frames = {
            name: _with_meta(make(document), document, item, digest, version)
            for name, make in _table_makers().items()
        }
        described: dict[str, Any] = document_record(document)
    except DocumentError as error:
        return _status(item, error.level, error.code, error.reason, **known)
    except KitError as error:
        return _status(item, "error", "kit", str(error), **known)
    except Exception as error:  # noqa: BLE001 - one bad file never stops the run
        reason = f"internal error while extracting ({type(error).__name__}: {error}); please report it"
        return _status(item, "error", "internal", reason, **known)
    for name, frame in frames.items():
        tables[name].append(frame)
    described.pop("doc_id")
    described.update({ROW_COUNTS[name]: len(frame) for name, frame in frames.items()})
    return _status(item, "ok", **known, **described)


def _arrow(frames: list[pd.DataFrame], table: str, buckets: list[int]) -> Any:
    import pyarrow as pa

    from evidencekit.store import empty_frame

    frame = pd.concat(frames, ignore_index=True) if frames else empty_frame(TABLES[table])
    data = to_arrow(frame, table)
    return data.append_column("bucket", pa.array(buckets, type=pa.int32()))


def extract_batch(items: list[Item]) -> dict[str, Any]:
    """Read and extract a batch of files (runs on a worker): statuses and Arrow tables.

    The tables have the store's columns plus ``bucket``; every status has the file's path,
    id, bucket, hash, status (ok, warning, error or unchanged), code, reason and row counts.
    """
    version = extractor_version()
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    statuses = [_extract_one(item, version, tables) for item in items]
    result: dict[str, Any] = {"version": version, "statuses": statuses}
    for name, count in ROW_COUNTS.items():
        buckets = [s["bucket"] for s in statuses for _ in range(s[count])]
        result[name] = _arrow(tables[name], name, buckets)
    return result


def _failed_batch(items: list[Item], error: BaseException) -> dict[str, Any]:
    """The result of a one-file batch whose worker died (a crash, memory exhausted)."""
    reason = f"the worker extracting it failed ({type(error).__name__}: {error})"
    return {
        "version": None,
        "statuses": [_status(item, "error", "worker", reason) for item in items],
        **dict.fromkeys(TABLES),
    }


# --- engines --------------------------------------------------------------------------------


class LocalEngine:
    """Extract batches one after the other in this process."""

    name = "local"
    workers = 1

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, batches: Iterable[list[Item]]) -> Iterator[dict[str, Any]]:
        for batch in batches:
            yield extract_batch(batch)


class DaskEngine:
    """Extract batches on a Dask cluster, at most ``in_flight`` batches submitted at a time.

    Without ``scheduler``: a LocalCluster of ``workers`` processes (default: one per core),
    one thread each. A batch whose worker dies is split and its files tried one by one; a
    file that still kills its worker is recorded as an error.
    """

    name = "dask"

    def __init__(
        self, scheduler: str | None = None, workers: int | None = None, in_flight: int | None = None
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1
        self.in_flight = in_flight
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> DaskEngine:
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler:
            self.client = Client(self.scheduler)
            self.workers = max(
                1, sum(w["nthreads"] for w in self.client.scheduler_info()["workers"].values())
            )
        else:
            self.cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def run(self, batches: Iterable[list[Item]]) -> Iterator[dict[str, Any]]:
        from distributed import as_completed

        limit = self.in_flight or 2 * self.workers
        pending = iter(batches)
        retry: list[list[Item]] = []
        running = as_completed()
        submitted: dict[Any, list[Item]] = {}

        def submit(count: int) -> None:
            for batch in itertools.islice(itertools.chain(_drain(retry), pending), max(count, 0)):
                future = self.client.submit(extract_batch, batch, pure=False)
                submitted[future] = batch
                running.add(future)

        submit(limit)
        for future in running:
            batch = submitted.pop(future)
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - a worker died: retry the files one by one
                if len(batch) > 1:
                    retry.extend([item] for item in batch)
                    submit(limit - len(submitted))
                    continue
                result = _failed_batch(batch, error)
            finally:
                future.release()
            submit(limit - len(submitted))
            yield result


def _drain(items: list[list[Item]]) -> Iterator[list[Item]]:
    while items:
        yield items.pop()


# --- progress -------------------------------------------------------------------------------


class Progress:
    """Documents and MB done, rate and time left: a tqdm bar on a terminal, else one plain line
    every ``interval`` seconds (and at the end)."""

    def __init__(
        self, total_docs: int, total_bytes: int, enabled: bool | None = None, interval: float = 10.0,
        stream: TextIO | None = None,
    ) -> None:  # fmt: skip
        self.stream = stream or sys.stderr
        self.total_docs, self.total_bytes = total_docs, total_bytes
        self.docs = self.bytes = 0
        self.start = self.last = time.monotonic()
        self.interval = interval
        self.enabled = enabled is not False
        self.bar: Any = None
        self.shown = -1  # documents done at the last plain line
        if self.enabled and _isatty(self.stream):
            from tqdm import tqdm

            self.bar = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1000, file=self.stream,
                            desc="extract", dynamic_ncols=True, smoothing=0.1)  # fmt: skip

    def update(self, docs: int, size: int) -> None:
        self.docs += docs
        self.bytes += size
        if self.bar is not None:
            self.bar.update(size)
            elapsed = max(time.monotonic() - self.start, 1e-9)
            self.bar.set_postfix_str(
                f"{self.docs:,}/{self.total_docs:,} docs, {self.docs / elapsed:.1f} docs/s"
            )
        elif self.enabled and time.monotonic() - self.last >= self.interval:
            self.line()

    def line(self) -> None:
        self.last = time.monotonic()
        self.shown = self.docs
        print(self.describe(), file=self.stream, flush=True)

    def describe(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.bytes / elapsed
        left = (self.total_bytes - self.bytes) / rate if rate else float("nan")
        return (
            f"extract: {self.docs:,}/{self.total_docs:,} documents, {self.bytes / 1e6:,.1f}/"
            f"{self.total_bytes / 1e6:,.1f} MB, {rate / 1e6:.2f} MB/s, {self.docs / elapsed:.1f} docs/s, "
            f"{_duration(elapsed)} elapsed, {_duration(left)} left"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.enabled and self.shown != self.docs:
            self.line()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    if seconds != seconds or seconds == float("inf"):
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


# --- the run --------------------------------------------------------------------------------


@dataclass
class ExtractReport:
    """What a run did: counts per status and per action, and the files with an error."""

    out: Path
    engine: str
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    bytes_read: int = 0

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c.get('documents', 0):,} files: {c.get('ok', 0):,} ok, {c.get('warning', 0):,} warnings, "
            f"{c.get('error', 0):,} errors; {c.get('extracted', 0):,} extracted, {c.get('unchanged', 0):,} "
            f"unchanged, {c.get('deleted', 0):,} deleted; {self.bytes_read / 1e6:,.1f} MB read in "
            f"{self.seconds:.1f} s ({self.engine})"
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
    wait: bool = True,
    progress: bool | None = None,
    interval: float = 10.0,
) -> ExtractReport:
    """Extract every document of ``corpus`` into the store ``out`` (see the module's doc).

    ``engine`` is ``local`` or ``dask``; ``scheduler`` (``tcp://host:port``) implies dask.
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
        run = _Run(root, store, count, force, runner.name)
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

    def __init__(self, root: Path, store: Path, buckets: int, force: bool, engine: str) -> None:
        self.root, self.store, self.buckets, self.force = root, store, buckets, force
        self.version = extractor_version()
        self.id = f"{datetime.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.staged = StagedRows(store, self.id)
        previous = read_manifest(store)
        self.previous: dict[str, dict[str, Any]] = {row["path"]: row for row in _records(previous)}
        self.owners = {e["doc_id"]: p for p, e in self.previous.items() if e["status"] == "ok"}
        self.entries: dict[str, dict[str, Any]] = {}
        self.actions: dict[str, str] = {}
        self.removed: dict[int, set[str]] = {}
        self.claimed: dict[str, str] = {}
        self.report = ExtractReport(store, engine)
        self.started = time.perf_counter()

    def _relative(self, path: Path) -> str:
        if self.root.is_file():
            return path.name
        return path.relative_to(self.root).as_posix()

    def _remove_old(self, rel: str) -> None:
        old = self.previous.get(rel)
        if old is not None and old["status"] == "ok":
            self.removed.setdefault(int(old["bucket"]), set()).add(old["doc_id"])

    def _record(self, entry: dict[str, Any], action: str) -> None:
        self.entries[entry["path"]] = entry
        self.actions[entry["path"]] = action

    def items(self) -> Iterator[Item]:
        """The files to hand to the engine; others (duplicates, links) recorded at once."""
        for path, problem in scan(self.root):
            rel = self._relative(path)
            doc_id = path.stem
            item = Item(str(path.resolve()), rel, doc_id, bucket_of(doc_id, self.buckets))
            if problem is not None:
                self._remove_old(rel)
                self._record(_status(item, problem.level, problem.code, problem.reason), "extracted")
                continue
            if self._duplicate(rel, doc_id):
                first = self.claimed.get(doc_id) or self.owners[doc_id]
                reason = f"duplicate document id {doc_id!r} (also {first}); rename one of the files"
                self._remove_old(rel)
                self._record(_status(item, "error", "duplicate", reason), "extracted")
                continue
            self.claimed[doc_id] = rel
            old = self.previous.get(rel)
            fresh = old is not None and old["extractor_version"] == self.version and not self.force
            yield Item(item.path, rel, doc_id, item.bucket, old["content_hash"] if fresh and old else None)

    def _duplicate(self, rel: str, doc_id: str) -> bool:
        if doc_id in self.claimed:
            return True
        owner = self.owners.get(doc_id)  # a file that had the id keeps it while it exists
        return owner is not None and owner != rel and (self.root / owner).exists()

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
        rel = status["path"]
        if status["status"] == "unchanged":
            self._record(dict(self.previous[rel]), "unchanged")
            return
        self._remove_old(rel)
        if status["status"] == "ok":  # rows a killed run may have published
            self.removed.setdefault(status["bucket"], set()).add(status["doc_id"])
        now = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        self._record({**status, "extractor_version": self.version, "extracted_at": now}, "extracted")

    def _finish(self) -> None:
        deleted = [rel for rel in self.previous if rel not in self.entries]
        for rel in deleted:
            self._remove_old(rel)
        operations = self.staged.compact(self.removed)
        manifest = pd.DataFrame.from_records(list(self.entries.values()))
        temporary = temporary_name(self.store / MANIFEST, self.staged.run)
        from evidencekit.store import write_manifest

        write_manifest(temporary, manifest.sort_values("path") if len(manifest) else manifest)
        report = self.report
        statuses = [entry["status"] for entry in self.entries.values()]
        report.counts = {
            "documents": len(self.entries),
            **{status: statuses.count(status) for status in ("ok", "warning", "error")},
            "extracted": sum(1 for a in self.actions.values() if a == "extracted"),
            "unchanged": sum(1 for a in self.actions.values() if a == "unchanged"),
            "deleted": len(deleted),
        }
        report.errors = [
            f"{e['path']}: {e['reason']}" for e in self.entries.values() if e["status"] == "error"
        ]
        report.seconds = time.perf_counter() - self.started
        build = temporary_name(self.store / BUILD, self.staged.run)
        build.write_text(self._build_json(deleted), encoding="utf-8")
        commit(self.store, [*operations, (temporary, self.store / MANIFEST), (build, self.store / BUILD)])
        self.staged.discard()

    def _build_json(self, deleted: list[str]) -> str:
        documents = [
            {
                "path": rel,
                "doc_id": e["doc_id"],
                "status": e["status"],
                "code": e["code"],
                "reason": e["reason"],
                "action": self.actions[rel],
            }  # fmt: skip
            for rel, e in sorted(self.entries.items())
        ]
        summary = {
            "corpus": shown_path(self.root.resolve()),
            "engine": self.report.engine,
            "extractor_version": self.version,
            "finished": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "seconds": round(self.report.seconds, 2),
            "bytes_read": self.report.bytes_read,
            "counts": self.report.counts,
            "deleted": deleted,
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
