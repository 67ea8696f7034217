"""Evidence tables: the analysis of each document -> pandas DataFrames with a fixed schema.

The tables are the contract between extraction and the notebooks and charts; their columns
and dtypes are defined once in :mod:`evidencekit.evidence.schemas`. Every table is derived
from the one :class:`~evidencekit.evidence.analysis.Analysis` of each document;
:func:`tables_of` builds several tables in one pass. Offsets point into the document's
``text``; ``page`` is the page of ``char_start`` (empty for a format without pages).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable

import pandas as pd

from evidencekit.budget import OverBudgetError, document_budget
from evidencekit.errors import DocumentError, DocumentWarning, WrongSourceError
from evidencekit.evidence.analysis import Analysis, SentenceEvidence, analyse, analyse_document, document_spin
from evidencekit.evidence.display import format_metric
from evidencekit.evidence.keys import KeyCounter
from evidencekit.evidence.schemas import DOCUMENT_COLUMNS, EVIDENCE_COLUMNS, METRIC_COLUMNS, SPIN_COLUMNS
from evidencekit.ingest.paged import empty_pages
from evidencekit.records import Document, Metric

__all__ = [
    "analyse_document",
    "describe_metrics",
    "document_record",
    "document_spin",
    "document_table",
    "evidence_table",
    "metrics_table",
    "spin_table",
    "tables_of",
]

Records = list[dict[str, object]]


def _documents(source: object) -> list[Document]:
    if isinstance(source, Document):
        return [source]
    if isinstance(source, Iterable):
        return [d for d in source if isinstance(d, Document)]
    message = f"expected a Document or a Corpus, got {type(source).__name__}"
    raise WrongSourceError(message)


def _year_for(metric: Metric) -> int | None:
    """The calendar year a metric is stated for: its own (dates; a range's first) or the date
    that governs it in its sentence (``extract.binding``). A period named alone ("Q3") has no
    value; its year is the one its sentence gives it, if any."""
    if metric.kind == "date" and not math.isnan(metric.value_low):
        return int(metric.value_low)
    return metric.year


def _theme_for(index: int, rows: tuple[SentenceEvidence, ...]) -> str | None:
    """A sentence's strongest theme, else a neighbour's (previous first, then next)."""
    for at in (index, index - 1, index + 1):
        if 0 <= at < len(rows) and rows[at].themes:
            return rows[at].themes[0]
    return None


def metrics_table(source: object) -> pd.DataFrame:
    """One row per metric of a document or a corpus (dates included, as kind ``date``).

    Columns are ``METRIC_COLUMNS``; rows are sorted by ``doc_id`` and ``char_start``.
    ``year`` is the calendar year the sentence states for the metric (the date governing it);
    ``direction``, ``basis``, ``role``, ``per``, ``period`` and ``subject`` say how it reads
    (see :class:`~evidencekit.records.Metric`); ``theme`` is the
    sentence's theme, or a neighbour's when it has none; ``quote`` is the sentence.
    """
    return tables_of(source, ("metrics",))["metrics"]


def metric_records(analysis: Analysis) -> Records:
    """The rows of :func:`metrics_table` for one analysed document."""
    rows = analysis.rows
    records = []
    keys = KeyCounter()
    for index, row in enumerate(rows):
        theme = _theme_for(index, rows)
        for metric in row.metrics:
            record = _metric_record(analysis.document, row, metric, theme)
            record["claim_key"] = keys(analysis.document.id, metric.kind, metric.surface, row.sentence.text)
            records.append(record)
    return records


def _metric_record(
    document: Document, row: SentenceEvidence, metric: Metric, theme: str | None
) -> dict[str, object]:
    return {
        "doc_id": document.id,
        "sentence_id": row.sentence.sentence_id,
        "char_start": metric.char_start,
        "char_end": metric.char_end,
        "page": document.page_of(metric.char_start),
        "surface": metric.surface,
        "kind": metric.kind,
        "value_low": metric.value_low,
        "value_high": metric.value_high,
        "unit": metric.unit,
        "qualifier": metric.qualifier,
        "direction": metric.direction,
        "basis": metric.basis,
        "role": metric.role,
        "per": metric.per,
        "year": _year_for(metric),
        "period": metric.period,
        "theme": theme,
        "quote": row.sentence.text,
        "display": format_metric(metric),
        "noun": metric.noun,
        "subject": metric.subject,
        "unit_raw": metric.unit_raw,
        "lang": metric.lang,
        "speaker": row.speaker,
        "outlet": document.meta.outlet,
        "repaired_quote": row.repaired,
        "rule": metric.rule,
        "review": None,
    }


def describe_metrics(metrics: tuple[Metric, ...]) -> str:
    """Readable list of a sentence's metrics: "50 GW (2028)"; dates alone only when nothing else.

    >>> from evidencekit.extract.metrics import extract_metrics
    >>> describe_metrics(tuple(extract_metrics("an additional 50 billion watts by 2028")))
    '50 GW (2028)'
    """
    quantities = [m for m in metrics if m.kind != "date"]
    if not quantities:
        return "; ".join(format_metric(m) for m in metrics)
    parts = []
    for metric in quantities:
        year = _year_for(metric)
        parts.append(format_metric(metric) + (f" ({year})" if year is not None else ""))
    return "; ".join(parts)


def evidence_table(source: object) -> pd.DataFrame:
    """One row per evidence sentence (a sentence with a theme or a metric; a heading only with a metric).

    Columns are ``EVIDENCE_COLUMNS``: ``themes`` and ``keywords`` (the terms that produced
    the themes) are comma-separated, ``metrics`` is readable ("50 GW (2028)") and ``cites``
    lists the citation markers of the sentence.
    """
    return tables_of(source, ("evidence",))["evidence"]


def evidence_records(analysis: Analysis) -> Records:
    """The rows of :func:`evidence_table` for one analysed document."""
    document = analysis.document
    records = []
    for row in analysis.rows:
        if not row.metrics and (not row.themes or row.sentence.heading):
            continue  # a heading names a topic; it is evidence only when it states a figure
        records.append(_evidence_record(document, row))
    return records


def _evidence_record(document: Document, row: SentenceEvidence) -> dict[str, object]:
    keywords = dict.fromkeys(h.term for h in row.hits if h.theme in row.themes)
    return {
        "doc_id": document.id,
        "sentence_id": row.sentence.sentence_id,
        "char_start": row.sentence.char_start,
        "char_end": row.sentence.char_end,
        "page": document.page_of(row.sentence.char_start),
        "quote": row.sentence.text,
        "themes": ", ".join(row.themes),
        "keywords": ", ".join(keywords),
        "metrics": describe_metrics(row.metrics),
        "speaker": row.speaker,
        "outlet": document.meta.outlet,
        "cites": ", ".join(row.sentence.cites),
        "repaired_quote": row.repaired,
        "meaning_flipped": ", ".join(f"{c.spun}→{c.original}" for c in row.flipped),
    }


_LISTS = ("authors", "speakers", "people", "tags")


def document_record(document: Document) -> dict[str, object]:
    """A document's row of :func:`document_table`."""
    meta = document.meta
    listed = {key: None if meta[key] is None else ", ".join(meta[key]) for key in _LISTS}
    spin = document_spin(document)
    return {
        "doc_id": document.id,
        "title": meta.title,
        "outlet": meta.outlet,
        "date": meta.date,
        "url": meta.url,
        "lang": document.lang,
        "genre": document.genre,
        **listed,
        "summary": meta.summary,
        "chars": len(document.text),
        "spin_score": round(spin.score, 6),
        "spun": spin.spun,
        "swaps": len(spin.changes) if spin.spun else 0,
        "spun_share": spin.spun_share,
        "pages": len(document.pages) if document.pages else None,
        "empty_pages": ", ".join(map(str, empty_pages(document.text, document.pages))) or None,
    }


def document_table(source: object) -> pd.DataFrame:
    """One row per document of a document or a corpus: ``DOCUMENT_COLUMNS``, sorted by ``doc_id``.

    >>> from pathlib import Path
    >>> from evidencekit.records import Meta
    >>> text = "Power: 5 GW."
    >>> document = Document("d", Path("d.txt"), text, text, Meta(title="T", tags=("a", "b")))
    >>> row = document_table(document).iloc[0]
    >>> row["title"], row["tags"], int(row["chars"]), bool(row["spun"])
    ('T', 'a, b', 12, False)
    """
    return tables_of(source, ("documents",))["documents"]


def spin_table(source: object) -> pd.DataFrame:
    """One row per swap undone in the spun documents of a document or a corpus: ``SPIN_COLUMNS``
    (offsets into the raw text), sorted by ``doc_id`` and ``char_start``."""
    return tables_of(source, ("spin",))["spin"]


def spin_records(document: Document) -> Records:
    """The rows of :func:`spin_table` for one document (its spin report, shared with its analysis)."""
    report = document_spin(document)
    if not report.spun:
        return []
    return [
        {
            "doc_id": document.id,
            "char_start": change.start,
            "char_end": change.end,
            "spun": change.spun,
            "original": change.original,
            "flips": change.flips,
            "likelier": change.likelier,
            "form_count": change.form_count,
            "note": change.note,
        }
        for change in report.changes
    ]


_MAKERS: dict[str, tuple[Callable[[Document], Records], dict[str, str], list[str]]] = {
    "documents": (lambda d: [document_record(d)], DOCUMENT_COLUMNS, ["doc_id"]),
    "metrics": (lambda d: metric_records(analyse(d)), METRIC_COLUMNS, ["doc_id", "char_start"]),
    "evidence": (lambda d: evidence_records(analyse(d)), EVIDENCE_COLUMNS, ["doc_id", "char_start"]),
    "spin": (spin_records, SPIN_COLUMNS, ["doc_id", "char_start"]),
}
TABLES = tuple(_MAKERS)
"""The tables derived from a document's analysis: documents, metrics, evidence, spin."""


def tables_of(
    source: object, names: Iterable[str] = TABLES, left_out: dict[str, DocumentError] | None = None
) -> dict[str, pd.DataFrame]:
    """The named tables of a document or a corpus, built in one pass over its documents.

    Each document is analysed once for all of them (:func:`~evidencekit.evidence.analysis.analyse`).
    With ``left_out`` (a dict), each document is analysed within its time and memory budget
    (:mod:`evidencekit.budget`); one over it has no rows and its error is put in ``left_out``
    under its id, and one whose analysis left figures out (``Analysis.warnings``) keeps its
    rows and has a warning there.

    >>> from pathlib import Path
    >>> from evidencekit.records import Meta
    >>> text = "China added 50 GW of solar power in 2024."
    >>> frames = tables_of(Document("d", Path("d.txt"), text, text, Meta()))
    >>> {name: len(frame) for name, frame in frames.items()}
    {'documents': 1, 'metrics': 2, 'evidence': 1, 'spin': 0}
    """
    wanted = [name for name in TABLES if name in set(names)]
    records: dict[str, Records] = {name: [] for name in wanted}
    for document in _documents(source):
        made = _records(document, wanted, left_out)
        for name in made:
            records[name].extend(made[name])
    return {name: _frame(records[name], *_MAKERS[name][1:]) for name in wanted}


def _records(
    document: Document, names: list[str], left_out: dict[str, DocumentError] | None
) -> dict[str, Records]:
    """The records of one document; with ``left_out``, made within the document's budget, and
    none (the document recorded in ``left_out``) when it is over it."""
    if left_out is None:
        return {name: _MAKERS[name][0](document) for name in names}
    if document.id in left_out:
        return {}
    try:
        with document_budget(document.path):
            made = {name: _MAKERS[name][0](document) for name in names}
            warnings = analyse(document).warnings if _ANALYSED.intersection(names) else ()
    except OverBudgetError as error:
        left_out[document.id] = error
        return {}
    for warning in warnings[:1]:
        left_out[document.id] = DocumentWarning(
            document.path, warning.message, line=warning.line, code=warning.code
        )
    return made


_ANALYSED = frozenset({"metrics", "evidence"})
"""The tables made from a document's analysis (whose warnings a store records)."""


def _frame(records: list[dict[str, object]], columns: dict[str, str], order: list[str]) -> pd.DataFrame:
    """The records as a DataFrame of ``columns`` (name -> dtype), sorted stably by ``order``.

    Each column is built straight into its dtype (``from_records`` then ``astype`` went
    through object columns: a third of the extraction time of a short document), and rows
    already in order (the usual case) are not sorted again.
    """
    data = {
        name: pd.array([record[name] for record in records], dtype=dtype) for name, dtype in columns.items()
    }
    frame = pd.DataFrame(data, columns=list(columns))
    keys = [tuple(record[name] for name in order) for record in records]
    if any(later < earlier for earlier, later in itertools.pairwise(keys)):  # type: ignore[operator]
        frame = frame.sort_values(order, kind="stable").reset_index(drop=True)
    return frame
