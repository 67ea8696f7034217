"""Writing the extraction store: staged rows, bucket compaction, the commit journal, recovery.

A run stages its new rows (:class:`StagedRows`), rewrites every touched bucket into a hidden
temporary file (:meth:`StagedRows.compact`), then publishes them with :func:`commit`: a
journal lists the renames before they are done, so :func:`recover` can finish a commit that
a killed run left half done. The layout is described in :mod:`evidencekit.archive.store`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from evidencekit.archive.store import (
    JOURNAL,
    MANIFEST_COLUMNS,
    PART,
    TABLES,
    arrow_schema,
    bucket_dir,
    conform,
    to_arrow,
)
from evidencekit.safe_io import atomic_write

# --- atomic files, the journal, recovery ----------------------------------------------------


def temporary_name(final: Path, run: str) -> Path:
    """A hidden name next to ``final`` (ignored by readers of the dataset)."""
    return final.with_name(f".{final.name}.{run}.tmp")


def _apply(root: Path, operations: list[list[str | None]]) -> None:
    """Do the renames (and deletions, ``source`` None) of a journal; idempotent."""
    for source, target in operations:
        assert target is not None
        if source is None:
            (root / target).unlink(missing_ok=True)
        elif (root / source).exists():
            os.replace(root / source, root / target)


def commit(root: Path, operations: list[tuple[Path | None, Path]]) -> None:
    """Publish staged files: write the journal, do the renames, remove the journal."""
    relative = [
        [None if s is None else str(s.relative_to(root)), str(t.relative_to(root))] for s, t in operations
    ]
    atomic_write(root / JOURNAL, json.dumps(relative) + "\n")
    _apply(root, relative)  # type: ignore[arg-type]
    (root / JOURNAL).unlink()


def recover(root: Path) -> None:
    """Finish a commit that a killed run left half done; remove what an aborted run left."""
    journal = root / JOURNAL
    if journal.exists():
        _apply(root, json.loads(journal.read_text(encoding="utf-8")))
        journal.unlink()
    for staging in root.glob(".staging-*"):
        shutil.rmtree(staging, ignore_errors=True)
    for pattern in (".*.tmp", "*/bucket=*/.*.tmp"):
        for leftover in root.glob(pattern):
            leftover.unlink(missing_ok=True)


# --- staging and compaction -----------------------------------------------------------------


class StagedRows:
    """New rows of a run, buffered in memory and spilled to ``.staging-<run>/`` per bucket.

    At most ``limit`` bytes of Arrow data stay in memory; :meth:`compact` then rewrites each
    touched bucket from its old file (rows of replaced and deleted documents left out) and
    the staged files, streaming record batches (memory: one batch at a time).
    """

    def __init__(self, root: Path, run: str, limit: int = 16 * 2**20) -> None:
        self.root = root
        self.run = run
        self.staging = root / f".staging-{run}"
        self.limit = limit
        self.buffered: dict[tuple[str, int], list[Any]] = {}
        self.size = 0
        self.spilled = 0

    def add(self, table: str, rows: Any) -> None:
        """Add an Arrow table with a table's columns plus an integer ``bucket`` column."""
        import numpy as np

        if rows.num_rows == 0:
            return
        buckets = rows.column("bucket").to_numpy()
        order = np.argsort(buckets, kind="stable")  # one pass; rows keep their order in a bucket
        grouped = rows.take(order).drop_columns(["bucket"])
        found, starts, counts = np.unique(buckets[order], return_index=True, return_counts=True)
        for bucket, start, count in zip(found, starts, counts, strict=True):
            part = grouped.slice(int(start), int(count))
            self.buffered.setdefault((table, int(bucket)), []).append(part)
            self.size += part.nbytes
        if self.size > self.limit:
            self.spill()

    def spill(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for (table, bucket), parts in self.buffered.items():
            folder = self.staging / table / f"{bucket:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            data = pa.concat_tables(parts).cast(arrow_schema(table))
            pq.write_table(data, folder / f"{self.spilled:06d}.parquet", compression="none")
        self.spilled += 1
        self.buffered.clear()
        self.size = 0
        pa.default_memory_pool().release_unused()  # give the spilled buffers back to the system

    def compact(self, removed: Mapping[int, set[str]]) -> list[tuple[Path | None, Path]]:
        """Write the new file of every touched bucket under a temporary name; return the
        renames (``None`` source: the bucket is now empty, delete its file)."""
        self.spill()
        operations: list[tuple[Path | None, Path]] = []
        for table in TABLES:
            staged = {int(p.name) for p in (self.staging / table).glob("*")}
            for bucket in sorted(staged | set(removed)):
                final = bucket_dir(self.root, table, bucket) / PART
                written = self._rewrite(table, bucket, final, removed.get(bucket, set()))
                if written:
                    operations.append((temporary_name(final, self.run), final))
                elif final.exists():
                    operations.append((None, final))
        return operations

    def _rewrite(self, table: str, bucket: int, final: Path, removed: set[str]) -> int:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        schema = arrow_schema(table)
        sources = [final] if final.exists() else []
        sources += sorted((self.staging / table / f"{bucket:03d}").glob("*.parquet"))
        drop = pa.array(sorted(removed), type=pa.string())
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = temporary_name(final, self.run)
        rows = 0
        with _BatchWriter(temporary, schema) as writer:
            for source in sources:
                for batch in pq.ParquetFile(source).iter_batches(batch_size=16_384):
                    data = conform(pa.Table.from_batches([batch]), schema)
                    if source == final and len(drop):
                        data = data.filter(pc.invert(pc.is_in(data.column("doc_id"), value_set=drop)))
                    writer.write(data)
                    rows += data.num_rows
        if not rows:
            temporary.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                final.parent.rmdir()  # only when empty
        return rows

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


class _BatchWriter:
    """A ParquetWriter that gathers small tables into row groups of about ``rows`` rows."""

    def __init__(self, path: Path, schema: Any, rows: int = 65_536) -> None:
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(path, schema, compression="zstd")
        self.parts: list[Any] = []
        self.count = 0
        self.rows = rows

    def write(self, table: Any) -> None:
        self.parts.append(table)
        self.count += table.num_rows
        if self.count >= self.rows:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.parts:
            self.writer.write_table(pa.concat_tables(self.parts))
        self.parts, self.count = [], 0

    def __enter__(self) -> _BatchWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.flush()
        finally:
            self.writer.close()


def write_manifest(path: Path, frame: pd.DataFrame) -> None:
    """Write the manifest as a temporary file next to ``path`` (published by :func:`commit`)."""
    import pyarrow.parquet as pq

    data = to_arrow(frame.reindex(columns=list(MANIFEST_COLUMNS)).astype(MANIFEST_COLUMNS), "manifest")
    pq.write_table(data, path, compression="zstd")
