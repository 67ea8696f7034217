"""Evidence tables: records -> pandas DataFrames with a fixed schema.

The two tables are the contract between extraction and the notebooks and charts;
their columns and dtypes are defined here once (``METRIC_COLUMNS``, ``EVIDENCE_COLUMNS``).
Offsets in both point into the document's ``text``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from evidencekit.evidence.display import format_metric
from evidencekit.evidence.schemas import DOCUMENT_COLUMNS, EVIDENCE_COLUMNS, METRIC_COLUMNS, SPIN_COLUMNS
from evidencekit.extract.attribution import quoted_speaker
from evidencekit.extract.metrics import extract_metrics
from evidencekit.extract.themes import tag_themes, themes_of
from evidencekit.records import Document, Metric, Sentence, ThemeHit
from evidencekit.text.sentences import split_sentences
from evidencekit.text.spin import SpinChange, SpinReport, spin_report


@dataclass(frozen=True)
class SentenceEvidence:
    """One sentence with its metrics and theme hits (offsets into the document's raw text).

    When the document is spun Chinese, metrics and themes come from the repaired sentence
    (``repaired``), with offsets mapped back to the raw text; ``spin_changes`` are the swaps
    undone inside the sentence.
    """

    sentence: Sentence
    metrics: tuple[Metric, ...]
    hits: tuple[ThemeHit, ...]
    themes: tuple[str, ...]
    repaired: str | None = None
    spin_changes: tuple[SpinChange, ...] = ()

    @property
    def speaker(self) -> str | None:
        """The person the sentence quotes, else who wrote or said it (comment author, transcript speaker)."""
        return quoted_speaker(self.repaired or self.sentence.text) or self.sentence.speaker

    @property
    def flipped(self) -> tuple[SpinChange, ...]:
        """Swaps undone here that reverse a claim's meaning (劣势 -> 优势)."""
        return tuple(c for c in self.spin_changes if c.flips)


@lru_cache(maxsize=256)
def document_spin(document: Document) -> SpinReport:
    """The spin report of a document's text (see :func:`evidencekit.spin_report`)."""
    return spin_report(document.text)


@lru_cache(maxsize=256)
def analyse_document(document: Document) -> tuple[SentenceEvidence, ...]:
    """Metrics and themes of every sentence of a document (computed once per document)."""
    spin = document_spin(document)
    out = []
    for sentence in split_sentences(document):
        if spin.spun:
            out.append(_analyse_repaired(document, sentence, spin))
            continue
        shift = sentence.char_start
        metrics = tuple(_shifted(m, shift) for m in extract_metrics(sentence.text, lang=sentence.lang))
        hits = tuple(_shifted_hit(h, shift) for h in tag_themes(sentence.text, sentence.lang))
        out.append(SentenceEvidence(sentence, metrics, hits, tuple(themes_of(list(hits)))))
    return tuple(out)


def _analyse_repaired(document: Document, sentence: Sentence, spin: SpinReport) -> SentenceEvidence:
    """Analyse the repaired sentence; map every offset back to the raw text."""
    start, end = spin.repaired_span(sentence.char_start, sentence.char_end)
    text = spin.repaired[start:end]
    metrics = []
    for metric in extract_metrics(text, lang=sentence.lang):
        raw_start, raw_end = spin.input_span(start + metric.char_start, start + metric.char_end)
        metrics.append(
            replace(metric, char_start=raw_start, char_end=raw_end, surface=document.text[raw_start:raw_end])
        )
    hits = []
    for hit in tag_themes(text, sentence.lang):
        raw_start, raw_end = spin.input_span(start + hit.char_start, start + hit.char_end)
        hits.append(replace(hit, char_start=raw_start, char_end=raw_end))
    changes = spin.changes_in(sentence.char_start, sentence.char_end)
    return SentenceEvidence(
        sentence,
        tuple(metrics),
        tuple(hits),
        tuple(themes_of(hits)),
        text if changes else None,
        changes,
    )


def _shifted(metric: Metric, shift: int) -> Metric:
    return replace(metric, char_start=metric.char_start + shift, char_end=metric.char_end + shift)


def _shifted_hit(hit: ThemeHit, shift: int) -> ThemeHit:
    return replace(hit, char_start=hit.char_start + shift, char_end=hit.char_end + shift)


def _documents(source: object) -> list[Document]:
    if isinstance(source, Document):
        return [source]
    if isinstance(source, Iterable):
        return [d for d in source if isinstance(d, Document)]
    message = f"expected a Document or a Corpus, got {type(source).__name__}"
    raise TypeError(message)


def _year_for(metric: Metric, metrics: tuple[Metric, ...]) -> int | None:
    """The calendar year a metric is stated for: its own (dates) or the nearest date."""
    if metric.kind == "date":
        return int(metric.value_low)
    dates = [m for m in metrics if m.kind == "date" and m.value_low == m.value_high]
    if not dates:
        return None
    nearest = min(dates, key=lambda d: abs(d.char_start - metric.char_start))
    return int(nearest.value_low)


def _theme_for(index: int, rows: tuple[SentenceEvidence, ...]) -> str | None:
    """A sentence's strongest theme, else a neighbour's (previous first, then next)."""
    for at in (index, index - 1, index + 1):
        if 0 <= at < len(rows) and rows[at].themes:
            return rows[at].themes[0]
    return None


def metrics_table(source: object) -> pd.DataFrame:
    """One row per metric of a document or a corpus (dates included, as kind ``date``).

    Columns are ``METRIC_COLUMNS``; rows are sorted by ``doc_id`` and ``char_start``.
    ``year`` is the calendar year stated in the same sentence; ``theme`` is the
    sentence's theme, or a neighbour's when it has none; ``quote`` is the sentence.
    """
    records = []
    for document in _documents(source):
        rows = analyse_document(document)
        for index, row in enumerate(rows):
            theme = _theme_for(index, rows)
            for metric in row.metrics:
                records.append(_metric_record(document, row, metric, theme))
    return _frame(records, METRIC_COLUMNS, ["doc_id", "char_start"])


def _metric_record(
    document: Document, row: SentenceEvidence, metric: Metric, theme: str | None
) -> dict[str, object]:
    return {
        "doc_id": document.id,
        "sentence_id": row.sentence.sentence_id,
        "char_start": metric.char_start,
        "char_end": metric.char_end,
        "surface": metric.surface,
        "kind": metric.kind,
        "value_low": metric.value_low,
        "value_high": metric.value_high,
        "unit": metric.unit,
        "qualifier": metric.qualifier,
        "year": _year_for(metric, row.metrics),
        "theme": theme,
        "quote": row.sentence.text,
        "display": format_metric(metric),
        "noun": metric.noun,
        "unit_raw": metric.unit_raw,
        "lang": metric.lang,
        "speaker": row.speaker,
        "outlet": document.meta.outlet,
        "repaired_quote": row.repaired,
        "rule": metric.rule,
    }


def describe_metrics(metrics: tuple[Metric, ...]) -> str:
    """Readable list of a sentence's metrics: "50 GW (2028)"; dates alone only when nothing else.

    >>> describe_metrics(tuple(extract_metrics("an additional 50 billion watts by 2028")))
    '50 GW (2028)'
    """
    quantities = [m for m in metrics if m.kind != "date"]
    if not quantities:
        return "; ".join(format_metric(m) for m in metrics)
    parts = []
    for metric in quantities:
        year = _year_for(metric, metrics)
        parts.append(format_metric(metric) + (f" ({year})" if year is not None else ""))
    return "; ".join(parts)


def evidence_table(source: object) -> pd.DataFrame:
    """One row per evidence sentence (a sentence with a theme or a metric; a heading only with a metric).

    Columns are ``EVIDENCE_COLUMNS``: ``themes`` and ``keywords`` (the terms that produced
    the themes) are comma-separated, ``metrics`` is readable ("50 GW (2028)") and ``cites``
    lists the citation markers of the sentence.
    """
    records = []
    for document in _documents(source):
        for row in analyse_document(document):
            if not row.metrics and (not row.themes or row.sentence.heading):
                continue  # a heading names a topic; it is evidence only when it states a figure
            keywords = dict.fromkeys(h.term for h in row.hits if h.theme in row.themes)
            records.append(
                {
                    "doc_id": document.id,
                    "sentence_id": row.sentence.sentence_id,
                    "char_start": row.sentence.char_start,
                    "char_end": row.sentence.char_end,
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
            )
    return _frame(records, EVIDENCE_COLUMNS, ["doc_id", "char_start"])


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
    records = [document_record(document) for document in _documents(source)]
    return _frame(records, DOCUMENT_COLUMNS, ["doc_id"])


def spin_table(source: object) -> pd.DataFrame:
    """One row per swap undone in the spun documents of a document or a corpus: ``SPIN_COLUMNS``
    (offsets into the raw text), sorted by ``doc_id`` and ``char_start``."""
    records = []
    for document in _documents(source):
        spin = document_spin(document)
        if not spin.spun:
            continue
        for change in spin.changes:
            records.append(
                {
                    "doc_id": document.id,
                    "char_start": change.start,
                    "char_end": change.end,
                    "spun": change.spun,
                    "original": change.original,
                    "flips": change.flips,
                }
            )
    return _frame(records, SPIN_COLUMNS, ["doc_id", "char_start"])


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
