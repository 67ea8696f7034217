"""The tables of a corpus or of an extraction store, behind one interface.

Notebooks and charts read four tables: ``documents`` (:data:`DOCUMENT_COLUMNS`), ``metrics``,
``evidence`` and ``spin`` (:data:`METRIC_COLUMNS`, :data:`EVIDENCE_COLUMNS`,
:data:`SPIN_COLUMNS`), plus ``files``, the status of every file (ok, warning or error and
why). :func:`open_evidence` gives them from a folder of documents (parsed now) or from a
store written by ``evidencekit extract`` (read from Parquet, nothing parsed), with the same
columns, dtypes and row order either way::

    data = open_evidence(corpus_dir="seeds")          # parse the documents
    data = open_evidence(store_dir="store")           # or read what extract stored
    data.metrics, data.evidence, data.documents       # DataFrames
    data.document("004_42a3e7e1f291c0a6").evidence    # one document's rows

Tables load on first use, so a notebook that only needs metrics never reads the evidence.
A store is read whole unless ``docs`` names the documents wanted (their buckets only).

Examples
--------
>>> from pathlib import Path
>>> from evidencekit.records import Document, Meta
>>> text = "China added 50 GW of solar power in 2024."
>>> data = as_evidence(Document("d", Path("d.txt"), text, text, Meta(outlet="X")))
>>> data.metrics[["doc_id", "surface", "unit"]].values.tolist()
[['d', '50 GW', 'W'], ['d', '2024', 'year']]
>>> data.documents.loc[0, "outlet"], data.errors
('X', [])
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from evidencekit.errors import (
    DocumentError,
    InvalidParameterError,
    UnknownDocumentError,
    WrongSourceError,
    is_read,
)
from evidencekit.evidence.schemas import (
    DOCUMENT_COLUMNS,
    EVIDENCE_COLUMNS,
    FILE_COLUMNS,
    METRIC_COLUMNS,
    SPIN_COLUMNS,
)
from evidencekit.evidence.tables import tables_of
from evidencekit.records import Document
from evidencekit.review.apply import Reviewed, apply_reviews
from evidencekit.review.sources import ReviewSource, file_texts, reviews_file

TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "documents": DOCUMENT_COLUMNS,
    "metrics": METRIC_COLUMNS,
    "evidence": EVIDENCE_COLUMNS,
    "spin": SPIN_COLUMNS,
}
ANALYSED = ("metrics", "evidence")
"""The tables that need each document's full analysis (the others need its spin check only)."""

Loader = Callable[[str], pd.DataFrame]


class EvidenceSet:
    """The tables of a corpus or a store (see the module documentation).

    ``source`` says where they come from ("corpus seeds", "store archive"); ``files`` is
    the status of every file, ``errors`` and ``warnings`` the problems as "path: reason".
    """

    def __init__(
        self,
        source: str,
        loader: Loader,
        files: pd.DataFrame,
        narrow: Callable[[str], Loader] | None = None,
        left_out: dict[str, DocumentError] | None = None,
        review: ReviewSource | None = None,
    ) -> None:
        self.source = source
        self._narrow = narrow  # a loader of one document's rows, else they are filtered
        self.files = files.reindex(columns=list(FILE_COLUMNS)).astype(FILE_COLUMNS).reset_index(drop=True)
        self._loader = loader
        self._tables: dict[str, pd.DataFrame] = {}
        self._left_out = left_out if left_out is not None else {}  # shared with the sets narrowed from it
        self._review = review if review is not None else ReviewSource((), lambda _: None)
        self._reviewed: Reviewed | None = None

    def __repr__(self) -> str:
        return f"<EvidenceSet {self.source}: {len(self.ids)} documents, {len(self.errors)} errors>"

    def __len__(self) -> int:
        return len(self.ids)

    def _table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = self._loader(name)
            self._mark_left_out()
        return self._tables[name]

    def _mark_left_out(self) -> None:
        """Files whose document went over its budget while analysed: errors with the reason,
        and no rows; files whose analysis left figures out: warnings (the first problem of a
        file is its status), rows kept."""
        for doc_id, error in self._left_out.items():
            rows = (self.files["doc_id"] == doc_id) & (self.files["code"] != error.code)
            if error.level == "warning":
                rows &= self.files["status"] == "ok"
                self.files.loc[rows, ["status", "code", "reason"]] = [error.level, error.code, error.reason]
                continue
            if rows.any():
                self.files.loc[rows, ["status", "code", "reason"]] = [error.level, error.code, error.reason]
                for name in [name for name in self._tables if name != "documents"]:
                    table = self._tables[name]
                    self._tables[name] = table[table["doc_id"] != doc_id].reset_index(drop=True)

    @property
    def documents(self) -> pd.DataFrame:
        """One row per document that was read (``DOCUMENT_COLUMNS``), sorted by ``doc_id``."""
        return self._table("documents")

    @property
    def metrics(self) -> pd.DataFrame:
        """One row per metric (``METRIC_COLUMNS``), as :func:`evidencekit.metrics_table`, with the
        corpus's review decisions applied (``review``; rejected claims out, added claims in)."""
        return self._applied().metrics

    @property
    def reviews(self) -> pd.DataFrame:
        """One row per reviewed claim (``REVIEW_COLUMNS``): the decision that holds and where it
        anchors now; ``status == "orphan"`` when its claim is gone (``reason`` says why)."""
        return self._applied().reviews

    @property
    def orphans(self) -> pd.DataFrame:
        """The decisions that no longer anchor (rows of :attr:`reviews`)."""
        return self._applied().orphans

    @property
    def review_files(self) -> tuple[Path, ...]:
        """The review files whose decisions apply (``reviews.jsonl`` of each corpus folder)."""
        return self._review.files

    def review_file(self, doc_id: str) -> Path:
        """The review file that decisions on ``doc_id`` go to (``reviews.jsonl`` of its corpus folder)."""
        file = self._review.file_for(doc_id)
        if file is None:
            message = (
                f"{self.source} has no corpus folder to keep reviews in; open it with corpus_dir or store_dir"
            )
            raise InvalidParameterError(message)
        return file

    def _applied(self) -> Reviewed:
        if self._reviewed is None:
            metrics = self._table("metrics")
            self._reviewed = apply_reviews(metrics, self._review.decisions, self._review.text_of)
        return self._reviewed

    def text(self, doc_id: str) -> str:
        """A document's raw text (what every ``char_start``/``char_end`` points into)."""
        self.document(doc_id)  # an unknown id: a clear error
        text = self._review.text_of(doc_id)
        if text is None:
            message = (
                f"{doc_id}: its file is no longer where {self.source} read it; the source cannot be shown"
            )
            raise UnknownDocumentError(message)
        return text

    @property
    def evidence(self) -> pd.DataFrame:
        """One row per evidence sentence (``EVIDENCE_COLUMNS``), as :func:`evidencekit.evidence_table`."""
        return self._table("evidence")

    @property
    def spin(self) -> pd.DataFrame:
        """One row per swap undone in spun documents (``SPIN_COLUMNS``)."""
        return self._table("spin")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.files.loc[_read_rows(self.files), "doc_id"].sort_values())

    @property
    def errors(self) -> list[str]:
        return self._problems("error")

    @property
    def warnings(self) -> list[str]:
        return self._problems("warning") + self._review.problems

    def _problems(self, status: str) -> list[str]:
        rows = self.files[self.files["status"] == status]
        return [f"{path}: {reason}" for path, reason in zip(rows["path"], rows["reason"], strict=True)]

    def document(self, doc_id: str) -> EvidenceSet:
        """The tables of one document.

        An unknown id raises :class:`~evidencekit.errors.UnknownDocumentError` (a ``KeyError``)
        naming the closest ids.
        """
        if doc_id not in self.ids:
            close = difflib.get_close_matches(doc_id, self.ids, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else f" ({len(self.ids)} documents)"
            message = f"no document {doc_id!r} in {self.source}{hint}"
            raise UnknownDocumentError(message)
        files = self.files[self.files["doc_id"] == doc_id]
        loader = self._narrow(doc_id) if self._narrow is not None else self._rows_of(doc_id)
        review = self._review.narrowed(doc_id)
        return EvidenceSet(f"{self.source} ({doc_id})", loader, files, left_out=self._left_out, review=review)

    def _rows_of(self, doc_id: str) -> Loader:
        def load(name: str) -> pd.DataFrame:
            table = self._table(name)
            return table[table["doc_id"] == doc_id].reset_index(drop=True)

        return load

    def meta(self, doc_id: str) -> pd.Series:
        """A document's row of ``documents`` as a Series (index: the column names; None where
        the document does not say)."""
        row = self.document(doc_id).documents.drop(columns="doc_id").iloc[0].astype(object)
        return row.where(row.notna(), None).rename(doc_id)

    def swaps(self, doc_id: str | None = None) -> pd.DataFrame:
        """The swaps undone, counted: ``spun``, ``original``, ``flips``, ``count`` (most first),
        ``likelier`` (mean nats) and ``form_count`` (see :func:`evidencekit.text.spin.swap_counts`)."""
        from evidencekit.text.spin import count_swaps

        return count_swaps(self.spin if doc_id is None else self.document(doc_id).spin)


def _read_rows(files: pd.DataFrame) -> pd.Series:
    """Rows of a files table whose document was read (``ok``, or read with a warning)."""
    read = [
        is_read(str(status), str(code)) for status, code in zip(files["status"], files["code"], strict=True)
    ]
    return pd.Series(read, index=files.index, dtype=bool)


# --- from documents -------------------------------------------------------------------------


def from_documents(
    documents: Iterable[Document],
    source: str = "documents",
    files: pd.DataFrame | None = None,
    reviews: Iterable[Path] = (),
) -> EvidenceSet:
    """The tables of documents already read (extracted on first use); ``reviews``: review
    files whose decisions apply."""
    documents = list(documents)
    if files is None:
        files = pd.DataFrame(
            [(Path(d.path).name, d.id, "ok", "ok", "") for d in documents], columns=list(FILE_COLUMNS)
        )
    by_id = {document.id: document for document in documents}
    made: dict[str, pd.DataFrame] = {}
    left_out: dict[str, DocumentError] = {}  # documents over their budget (evidencekit.budget)

    def load(name: str) -> pd.DataFrame:
        if name not in made:  # metrics and evidence come from the same analysis: built in one pass
            made.update(tables_of(documents, ANALYSED if name in ANALYSED else (name,), left_out))
        return made[name]

    def narrow(doc_id: str) -> Loader:
        return lambda name: tables_of(by_id[doc_id], (name,), left_out)[name]

    def text_of(doc_id: str) -> str | None:
        document = by_id.get(doc_id)
        return None if document is None else document.text

    return EvidenceSet(source, load, files, narrow, left_out, ReviewSource.of(reviews, text_of))


def from_corpus(corpus_dir: str | Path, docs: Iterable[str] | None = None) -> EvidenceSet:
    """The tables of a folder of documents (or one file), read with :func:`evidencekit.load_corpus`.

    ``docs``: keep only these documents.
    """
    from evidencekit.ingest.corpus import load_corpus

    corpus = load_corpus(corpus_dir)
    files = corpus.status_table()
    root = Path(corpus_dir)
    files["path"] = [_relative(path, root) for path in files["path"]]
    documents = list(corpus)
    if docs is not None:
        wanted = set(docs)
        documents = [doc for doc in documents if doc.id in wanted]
        files = files[files["doc_id"].isin(wanted)]
    return from_documents(documents, f"corpus {corpus_dir}", files, [reviews_file(corpus_dir)])


def _relative(path: str, root: Path) -> str:
    if root.is_file():
        return Path(path).name
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, root)).as_posix()


# --- from a store ---------------------------------------------------------------------------


def from_store(store_dir: str | Path, docs: Iterable[str] | None = None) -> EvidenceSet:
    """The tables of an extraction store (``evidencekit extract CORPUS --out STORE``).

    ``docs``: read only these documents (only their buckets are opened).
    """
    from evidencekit.archive.store import LAYOUT, StoreError, read_manifest, read_store

    if not (Path(store_dir) / LAYOUT).is_file():
        message = (
            f"{store_dir}: not an extraction store (no {LAYOUT}); "
            f"create it with `evidencekit extract CORPUS --out {store_dir}`"
        )
        raise StoreError(message)
    manifest = read_manifest(store_dir)
    wanted = None if docs is None else sorted(set(docs))
    if wanted is not None:
        manifest = manifest[manifest["doc_id"].isin(wanted)]
    manifest = manifest.sort_values("path", kind="stable").reset_index(drop=True)
    ok = manifest[_read_rows(manifest)]

    def loader(ids: list[str] | None) -> Loader:
        def load(name: str) -> pd.DataFrame:
            columns = TABLE_COLUMNS[name]
            if name == "documents":
                rows = ok if ids is None else ok[ok["doc_id"].isin(ids)]
                table = rows.reindex(columns=list(columns)).astype(columns)
                return table.sort_values("doc_id", kind="stable").reset_index(drop=True)
            return read_store(store_dir, name, columns=list(columns), docs=ids)

        return load

    homes = {
        str(d): reviews_file(str(c))
        for d, c in zip(ok["doc_id"], ok["corpus"], strict=True)
        if c is not pd.NA
    }
    review = ReviewSource.of(
        [reviews_file(folder) for folder in ok["corpus"].dropna().unique()], file_texts(ok), homes
    )
    return EvidenceSet(
        f"store {store_dir}", loader(wanted), manifest, lambda doc_id: loader([doc_id]), review=review
    )


# --- either ---------------------------------------------------------------------------------


def open_evidence(
    corpus_dir: str | Path | None = None,
    store_dir: str | Path | None = None,
    *,
    docs: Iterable[str] | None = None,
) -> EvidenceSet:
    """The tables of a store when ``store_dir`` is given (not empty), else of ``corpus_dir``.

    Notebooks take both as parameters, so one notebook reports on a folder of documents or
    on an archive extracted once with ``evidencekit extract``.
    """
    if store_dir:
        return from_store(store_dir, docs)
    if corpus_dir is None:
        message = "open_evidence needs corpus_dir (a folder of documents) or store_dir (an extraction store)"
        raise InvalidParameterError(message)
    return from_corpus(corpus_dir, docs)


def as_evidence(source: object) -> EvidenceSet:
    """``source`` as an EvidenceSet: one already, a Corpus, a Document or Documents."""
    if isinstance(source, EvidenceSet):
        return source
    if isinstance(source, Document):
        return from_documents([source])
    if isinstance(source, Iterable) and not isinstance(source, str | bytes | pd.DataFrame):
        documents = list(source)
        strays = sorted({type(d).__name__ for d in documents if not isinstance(d, Document)})
        if not strays:
            return from_documents(documents)
        got = f"an iterable of {', '.join(strays)}"
    else:
        got = type(source).__name__
    message = (
        "expected an EvidenceSet (see evidencekit.open_evidence), a Corpus, a Document or "
        f"Documents, got {got}"
    )
    raise WrongSourceError(message)
