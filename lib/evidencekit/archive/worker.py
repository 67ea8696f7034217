"""The work of ``evidencekit extract`` on one batch of files, as it runs on a worker.

:func:`extract_batch` reads each file, hashes its bytes, skips it when the hash is the one
already stored, else extracts its tables (:data:`evidencekit.archive.store.TABLES`) and returns them
as Arrow tables with a ``bucket`` column, with one status per file. It never raises for a bad
file: the file's status says what went wrong.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from evidencekit.archive.store import ROW_COUNTS, TABLES, extractor_version, to_arrow
from evidencekit.budget import Limits, OverBudgetError, check_size, document_budget
from evidencekit.errors import DocumentError, KitError


@dataclass(frozen=True)
class Item:
    """One file to extract: where it is, its id and bucket, and the hash already stored."""

    path: str  # absolute
    rel: str  # relative to the corpus folder, posix
    doc_id: str
    bucket: int
    known_hash: str | None = None


# --- the worker -----------------------------------------------------------------------------


def file_status(item: Item, status: str, code: str = "ok", reason: str = "", **extra: Any) -> dict[str, Any]:
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
    from evidencekit.evidence.analysis import analyse
    from evidencekit.evidence.tables import document_record, tables_of
    from evidencekit.ingest.readers import read_document

    path = Path(item.path)
    limits = Limits.from_env()
    try:
        check_size(path, path.stat().st_size, limits)  # a huge or sparse file is never read
        data = path.read_bytes()
    except OverBudgetError as error:
        return file_status(item, error.level, error.code, error.reason)
    except OSError as error:
        return file_status(item, "error", "unreadable", f"cannot be read ({error.strerror or error})")
    digest = hashlib.sha256(data).hexdigest()
    known: dict[str, Any] = {"content_hash": digest, "size": len(data)}
    if item.known_hash == digest:
        return file_status(item, "unchanged", **known)
    try:
        with document_budget(path, limits):
            document = read_document(path, data)
            made = tables_of(document, TABLES)  # one analysis of the document for every table
        frames = {name: _with_meta(made[name], document, item, digest, version) for name in TABLES}
        described: dict[str, Any] = document_record(document)
    except DocumentError as error:
        return file_status(item, error.level, error.code, error.reason, **known)
    except KitError as error:
        return file_status(item, "error", "kit", str(error), **known)
    except Exception as error:  # noqa: BLE001 - one bad file never stops the run
        reason = f"internal error while extracting ({type(error).__name__}: {error}); please report it"
        return file_status(item, "error", "internal", reason, **known)
    for name, frame in frames.items():
        tables[name].append(frame)
    described.pop("doc_id")
    described.update({ROW_COUNTS[name]: len(frame) for name, frame in frames.items()})
    warnings = (*document.warnings, *analyse(document).warnings)  # the analysis is kept: no second one
    if warnings:  # read all the same (broken front matter, a figure left out): its tables are kept
        first = warnings[0]
        return file_status(item, "warning", first.code, first.message, **known, **described)
    return file_status(item, "ok", **known, **described)


def _arrow(frames: list[pd.DataFrame], table: str, buckets: list[int]) -> Any:
    import pyarrow as pa

    from evidencekit.archive.store import empty_frame

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


def failed_batch(items: list[Item], error: BaseException) -> dict[str, Any]:
    """The result of a one-file batch whose worker died (a crash, memory exhausted)."""
    reason = f"the worker extracting it failed ({type(error).__name__}: {error})"
    return {
        "version": None,
        "statuses": [file_status(item, "error", "worker", reason) for item in items],
        **dict.fromkeys(TABLES),
    }
