"""The extraction store: metrics and evidence of a whole corpus as a partitioned Parquet dataset.

``evidencekit extract CORPUS --out DIR`` (see :mod:`evidencekit.archive.runs`) writes::

    DIR/
      store.json                        layout version and number of buckets (fixed per store)
      manifest.parquet                  one row per file of the corpus (MANIFEST_COLUMNS)
      build.json                        the last run: counts, and each document's status and reason
      metrics/bucket=NNN/part-0.parquet   rows of metrics_table + META_COLUMNS
      evidence/bucket=NNN/part-0.parquet  rows of evidence_table + META_COLUMNS
      spin/bucket=NNN/part-0.parquet      rows of spin_table (swaps undone) + META_COLUMNS
      .lock                             flock held by a run

A document's rows all live in one bucket, ``bucket_of(doc_id)``: a stable hash of its id
modulo the number of buckets (64 unless ``--buckets`` says otherwise when the store is
created). Buckets keep files of a similar size whatever the mix of languages or dates, and
replacing a document rewrites only its bucket. Read the tables with :func:`read_store` (the
exact dtypes of ``METRIC_COLUMNS`` / ``EVIDENCE_COLUMNS`` / ``SPIN_COLUMNS`` plus
``META_COLUMNS``; the manifest's ok rows are the ``document_table`` of the corpus), with
``pd.read_parquet(DIR / "metrics")`` (adds a ``bucket`` column from the folder names), or
with DuckDB (optional, not a dependency)::

    SELECT kind, count(*) FROM read_parquet('DIR/metrics/*/*.parquet') GROUP BY kind

**Atomic writes.** New rows are staged in ``DIR/.staging-<run>/``; at the end of a run each
touched bucket is rewritten into a hidden temporary file next to it (readers ignore names
starting with a dot), then a journal (``DIR/.commit.json``) lists the renames, which are
done with :func:`os.replace`, the manifest last. A run that fails or is killed before the
journal leaves the previous store as it was; one killed during the renames is completed
(rolled forward) by the next run, before anything else. Until then :func:`read_store` and
:func:`read_manifest` read through the journal (:func:`published_files`), so readers see the
new state whole, never new buckets beside old ones.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from evidencekit.errors import StoreError
from evidencekit.evidence.schemas import DOCUMENT_COLUMNS, EVIDENCE_COLUMNS, METRIC_COLUMNS, SPIN_COLUMNS
from evidencekit.lang.files import data_cache, data_root
from evidencekit.lang.loader import PACKAGE_ROOT
from evidencekit.safe_io import atomic_write, exclusive
from evidencekit.version import __version__

LAYOUT_VERSION = 1
DEFAULT_BUCKETS = 64
MAX_BUCKETS = 1000
LOCK = ".lock"
LAYOUT = "store.json"
MANIFEST = "manifest.parquet"
BUILD = "build.json"
JOURNAL = ".commit.json"
PART = "part-0.parquet"

META_COLUMNS: dict[str, str] = {
    "title": "string",
    "date": "string",
    "url": "string",
    "doc_lang": "string",
    "genre": "string",
    "path": "string",
    "content_hash": "string",
    "extractor_version": "string",
}
"""The document's metadata repeated on each of its rows (``outlet`` is already a column of
both tables; ``doc_lang`` is the document's language, ``lang`` a metric's; ``path`` is
relative to the corpus folder; ``content_hash`` the SHA-256 of the file's bytes)."""

TABLES: dict[str, dict[str, str]] = {
    "metrics": {**METRIC_COLUMNS, **META_COLUMNS},
    "evidence": {**EVIDENCE_COLUMNS, **META_COLUMNS},
    "spin": {**SPIN_COLUMNS, **META_COLUMNS},
}
ROW_COUNTS: dict[str, str] = {"metrics": "metrics", "evidence": "evidence", "spin": "swaps"}
"""The manifest column that counts a document's rows in each table."""

MANIFEST_COLUMNS: dict[str, str] = {
    "corpus": "string",
    "path": "string",
    "doc_id": "string",
    "bucket": "Int64",
    "content_hash": "string",
    "extractor_version": "string",
    "status": "string",
    "code": "string",
    "reason": "string",
    "size": "Int64",
    "metrics": "Int64",
    "evidence": "Int64",
    "extracted_at": "string",
    **{name: dtype for name, dtype in DOCUMENT_COLUMNS.items() if name != "doc_id"},
}
"""One row per file of the store's corpus folders (``corpus``: the folder's absolute path;
``path``: relative to it): ``status`` is ok, warning (not read: an empty file, a
link out of the corpus) or error (``code`` and ``reason`` say why); a document's own
columns (``DOCUMENT_COLUMNS``: title, outlet, length, spin check...) for the ok ones."""


# --- versions and buckets -----------------------------------------------------------------


@data_cache
def extractor_version() -> str:
    """The version of the extraction: ``<__version__>+<hash>`` of the package's ``*.py`` files
    and of every ``*.yaml`` file of the data folder in use (see :func:`evidencekit.lang.files.data_root`).
    A document extracted by another version is extracted again by the next run.

    >>> extractor_version().count("+")
    1
    """
    digest = hashlib.sha256()
    for root, pattern in ((PACKAGE_ROOT, "*.py"), (data_root(), "*.yaml")):
        for path in sorted(p for p in root.rglob(pattern) if "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def bucket_of(doc_id: str, buckets: int = DEFAULT_BUCKETS) -> int:
    """The bucket of a document: a stable hash of its id (the same on every machine and run).

    >>> bucket_of("000_98eda4eeaede7d8e") == bucket_of("000_98eda4eeaede7d8e") < DEFAULT_BUCKETS
    True
    """
    digest = hashlib.sha1(doc_id.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % buckets


def bucket_dir(root: Path, table: str, bucket: int) -> Path:
    return root / table / f"bucket={bucket:03d}"


# --- Arrow schemas ------------------------------------------------------------------------


def _arrow_type(dtype: str) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "Int64": pa.int64(), "float64": pa.float64(), "boolean": pa.bool_()}
    return types[dtype]


@functools.cache
def arrow_schema(table: str) -> Any:
    """The Arrow schema of a table's files (pandas metadata included, so that
    ``pd.read_parquet`` gives back the kit's dtypes)."""
    import pyarrow as pa

    columns = TABLES.get(table, MANIFEST_COLUMNS)
    empty = pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})
    metadata = pa.Schema.from_pandas(empty, preserve_index=False).metadata
    fields = [pa.field(name, _arrow_type(dtype)) for name, dtype in columns.items()]
    return pa.schema(fields, metadata=metadata)


def conform(data: Any, schema: Any) -> Any:
    """An Arrow table with ``schema``'s columns, in its order and types: a column that a file
    written by an earlier version lacks (``page``) is null, one it no longer has is dropped."""
    import pyarrow as pa

    names = set(data.column_names)
    columns = [
        data.column(field.name).cast(field.type) if field.name in names else pa.nulls(len(data), field.type)
        for field in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def to_arrow(frame: pd.DataFrame, table: str) -> Any:
    """A DataFrame with a table's columns (extra columns dropped) as an Arrow table."""
    import pyarrow as pa

    schema = arrow_schema(table)
    return pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)


def empty_frame(columns: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})


# --- reading ------------------------------------------------------------------------------


def read_store(
    path: str | Path,
    table: str = "metrics",
    *,
    columns: Iterable[str] | None = None,
    filters: Any = None,
    docs: Iterable[str] | None = None,
) -> pd.DataFrame:
    """A table of the store as a DataFrame with the kit's dtypes.

    Parameters
    ----------
    path : the store folder (``--out`` of ``evidencekit extract``).
    table : ``"metrics"`` (``METRIC_COLUMNS`` + ``META_COLUMNS``) or ``"evidence"``
        (``EVIDENCE_COLUMNS`` + ``META_COLUMNS``).
    columns : read only these columns.
    filters : pyarrow filters, e.g. ``[("kind", "==", "power")]``.
    docs : read only these documents (only the files of their buckets are opened).

    Rows are sorted by ``doc_id`` and ``char_start``, as ``metrics_table`` sorts them.

    Examples
    --------
    >>> read_store("store", "metrics").dtypes["value_low"]  # doctest: +SKIP
    dtype('float64')
    """
    if table not in TABLES:
        message = f"unknown table {table!r}; the store has {', '.join(TABLES)}"
        raise StoreError(message)
    wanted = list(columns) if columns is not None else list(TABLES[table])
    unknown = [name for name in wanted if name not in TABLES[table]]
    if unknown:
        message = f"unknown columns {unknown} in the {table} table; known: {', '.join(TABLES[table])}"
        raise StoreError(message)
    dtypes = {name: TABLES[table][name] for name in wanted}
    root = Path(path)
    if not root.is_dir():
        message = f"{path}: no such store; create it with `evidencekit extract CORPUS --out {path}`"
        raise StoreError(message)
    import pyarrow.dataset as ds

    files = published_files(root, table)
    expression = _filter_expression(filters)
    if docs is not None:
        ids = sorted(set(docs))
        count = int(json.loads((root / LAYOUT).read_text(encoding="utf-8"))["buckets"])
        wanted_parts = {bucket_dir(root, table, bucket_of(doc_id, count)) / PART for doc_id in ids}
        files = {part: file for part, file in files.items() if part in wanted_parts}
        only = ds.field("doc_id").isin(ids)
        expression = only if expression is None else expression & only
    if not files:
        return empty_frame(dtypes)
    dataset = ds.dataset([str(file) for file in files.values()], format="parquet", schema=arrow_schema(table))
    data = dataset.to_table(columns=wanted, filter=expression)
    frame = data.to_pandas().astype(dtypes)
    order = [name for name in ("doc_id", "char_start") if name in frame]
    if order:
        frame = frame.sort_values(order, kind="stable")
    return frame.reset_index(drop=True)


def _filter_expression(filters: Any) -> Any:
    if filters is None:
        return None
    import pyarrow.parquet as pq

    return pq.filters_to_expression(filters)


def _commit_in_progress(root: Path) -> dict[Path, Path | None]:
    """The renames of a commit that has not finished (a run killed during it, or running now):
    each target with the file that replaces it (None: the target is deleted). Empty when none."""
    try:
        operations = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {root / target: None if source is None else root / source for source, target in operations}


def published_files(root: Path, table: str) -> dict[Path, Path]:
    """The files of a table as the last run published them, by their published name, in
    bucket order.

    While a commit's journal exists (a run killed between its renames, until the next run
    finishes it), a file it replaces is read from its new version and a file it deletes is
    left out: readers see the store before the commit or after it, never a mix.
    """
    files = {file: file for file in (root / table).glob(f"bucket=*/{PART}")}
    for target, source in _commit_in_progress(root).items():
        if target.parent.parent != root / table:
            continue
        if source is None:
            files.pop(target, None)
        elif source.exists():
            files[target] = source
    return {target: files[target] for target in sorted(files)}


def read_manifest(path: str | Path) -> pd.DataFrame:
    """The manifest of a store: one row per file of the corpus (empty for a new store); during
    an unfinished commit, the manifest it publishes."""
    root = Path(path)
    file = _commit_in_progress(root).get(root / MANIFEST) or root / MANIFEST
    if not file.exists():
        file = root / MANIFEST
    if not file.exists():
        return empty_frame(MANIFEST_COLUMNS)
    import pyarrow.parquet as pq

    frame = pq.read_table(file).to_pandas()
    return frame.reindex(columns=list(MANIFEST_COLUMNS)).astype(MANIFEST_COLUMNS)


# --- the lock and the layout --------------------------------------------------------------


@contextlib.contextmanager
def store_lock(path: str | Path, wait: bool = True) -> Iterator[None]:
    """Hold ``<path>/.lock`` (an exclusive :func:`fcntl.flock`) while a run writes the store.

    When another run holds it: say so on stderr and wait (``wait=True``), or raise
    :class:`StoreError`. The lock goes with the process: a killed run leaves no stale lock.
    """
    folder = Path(path)

    def busy(pid: str) -> str:
        return f"another `evidencekit extract` is writing to {folder}/ (pid {pid})"

    def refuse(message: str) -> Exception:
        advice = "run again when it has finished, or use another --out"
        return StoreError(f"{message}; not waiting (--no-wait): {advice}")

    with exclusive(folder / LOCK, wait, busy, refuse):
        yield


def open_layout(path: Path, buckets: int | None) -> int:
    """The store's number of buckets: read from ``store.json``, or written for a new store."""
    file = path / LAYOUT
    if file.exists():
        layout = json.loads(file.read_text(encoding="utf-8"))
        if layout.get("layout") != LAYOUT_VERSION:
            message = f"{file}: store layout {layout.get('layout')!r}, this kit writes {LAYOUT_VERSION}"
            raise StoreError(message)
        found = int(layout["buckets"])
        if buckets is not None and buckets != found:
            message = f"{path} has {found} buckets; --buckets {buckets} applies to a new store only"
            raise StoreError(message)
        return found
    count = buckets or DEFAULT_BUCKETS
    if not 1 <= count <= MAX_BUCKETS:
        message = f"--buckets must be between 1 and {MAX_BUCKETS}, got {count}"
        raise StoreError(message)
    atomic_write(file, json.dumps({"layout": LAYOUT_VERSION, "buckets": count}) + "\n")
    return count
