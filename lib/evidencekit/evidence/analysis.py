"""One analysis of a document: its spin check, its sentences, their metrics and themes.

Every table (documents, metrics, evidence, spin) is derived from the :class:`Analysis` of a
document, and a document is analysed once per run: :func:`analyse` keeps recent analyses
keyed by the document's content (id, text and metadata), so tables asked for one after the
other reuse it, and :func:`evidencekit.evidence.tables.tables_of` builds several tables in
one pass over a corpus.

There is one path from a sentence to its rows. The text analysed is the spin report's
``repaired`` text, and offsets go back to the raw file through the report's offset map;
for a text that is not spun the report makes no change and the map is the identity.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache

from evidencekit import budget
from evidencekit.errors import UNREPRESENTABLE, plural
from evidencekit.extract.attribution import quoted_speaker
from evidencekit.extract.binding import carry_opening_year
from evidencekit.extract.metrics import extract_metrics
from evidencekit.extract.tables import TableReading, read_tables
from evidencekit.extract.themes import tag_themes, themes_of
from evidencekit.lang.files import forget_with_data
from evidencekit.records import Document, LeftOut, Metric, ReadWarning, Sentence, ThemeHit
from evidencekit.text.sentences import split_sentences
from evidencekit.text.spin import SpinChange, SpinReport, spin_report
from evidencekit.text.spin_pairs import table_for

CACHE_SIZE = 512
"""Analyses kept in memory; a corpus larger than this goes through :func:`tables_of` in one pass."""


@dataclass(frozen=True)
class SentenceEvidence:
    """One sentence with its metrics and theme hits (offsets into the document's raw text).

    Metrics and themes come from the sentence as spin repair left it (``repaired`` is that
    text when a swap was undone inside the sentence, else ``None``); ``spin_changes`` are the
    swaps undone inside the sentence.
    """

    sentence: Sentence
    metrics: tuple[Metric, ...]
    hits: tuple[ThemeHit, ...]
    themes: tuple[str, ...]
    repaired: str | None = None
    spin_changes: tuple[SpinChange, ...] = ()
    left_out: tuple[LeftOut, ...] = ()  # figures found but not kept, with why (offsets into the raw text)

    @property
    def speaker(self) -> str | None:
        """The person the sentence quotes, else who wrote or said it (comment author, transcript speaker)."""
        return quoted_speaker(self.repaired or self.sentence.text) or self.sentence.speaker

    @property
    def flipped(self) -> tuple[SpinChange, ...]:
        """Swaps undone here that reverse a claim's meaning (劣势 -> 优势)."""
        return tuple(c for c in self.spin_changes if c.flips)


@dataclass(frozen=True)
class Analysis:
    """A document, its spin report (the offset map of the text analysed) and its sentences."""

    document: Document
    spin: SpinReport
    rows: tuple[SentenceEvidence, ...]

    @property
    def warnings(self) -> tuple[ReadWarning, ...]:
        """What the analysis left out, as a warning about the document (its status in a store):
        figures whose value cannot be represented, counted, with the first one and its line."""
        dropped = [item for row in self.rows for item in row.left_out]
        if not dropped:
            return ()
        first = dropped[0]
        line = self.document.text.count("\n", 0, first.char_start) + 1
        where = f"{first.surface[:60]!r} at line {line}"
        message = (
            f"{plural(len(dropped), 'figure')} left out of the metrics: {first.reason}, "
            f"{where if len(dropped) == 1 else 'first ' + where}; check the source text"
        )
        return (ReadWarning(UNREPRESENTABLE, message, line),)


@forget_with_data
@lru_cache(maxsize=CACHE_SIZE)
def document_spin(document: Document) -> SpinReport:
    """The spin report of a document's text (see :func:`evidencekit.spin_report`), with the
    pairs of its corpus's ``spin_pairs.yaml`` added to the built-in ones."""
    return spin_report(document.text, table_for(document.path))


_UNWRAP = {ord(ch): " " for ch in "\r\n\u2028\u2029\x85\x0b\x0c"}
"""Line breaks inside a sentence (a wrapped line) read as spaces, one character for one, so
"14.2\npercent" is one claim and every offset still points into the raw text."""


class _Analyses(OrderedDict[Document, Analysis]):
    """Recent analyses, oldest first; cleared when the data folder changes."""

    def cache_clear(self) -> None:
        self.clear()


_CACHE = _Analyses()
forget_with_data(_CACHE)  # type: ignore[type-var]  # anything with cache_clear() is cleared


def analyse(document: Document) -> Analysis:
    """The analysis of a document, computed once and kept while it is among the recent ones.

    >>> from pathlib import Path
    >>> from evidencekit.records import Meta
    >>> text = "China added 50 GW of solar power in 2024."
    >>> document = Document("d", Path("d.txt"), text, text, Meta())
    >>> analyse(document) is analyse(document)
    True
    >>> [m.surface for m in analyse(document).rows[0].metrics]
    ['50 GW', '2024']
    """
    found = _CACHE.get(document)
    if found is not None:
        _CACHE.move_to_end(document)
        return found
    analysis = _analyse(document)
    _CACHE[document] = analysis
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return analysis


def analyse_document(document: Document) -> tuple[SentenceEvidence, ...]:
    """Metrics and themes of every sentence of a document (its :func:`analyse` rows)."""
    return analyse(document).rows


def _analyse(document: Document) -> Analysis:
    spin = document_spin(document)
    tables = read_tables(document.text)
    rows = []
    carried: Metric | None = None  # the date opening a run of clauses joined by semicolons
    for sentence in split_sentences(document):
        budget.check()  # a document over its time or memory budget stops here (see evidencekit.budget)
        row, carried = _sentence_evidence(document, sentence, spin, carried, tables)
        rows.append(row)
    return Analysis(document, spin, tuple(rows))


def _sentence_evidence(
    document: Document,
    sentence: Sentence,
    spin: SpinReport,
    carried: Metric | None = None,
    tables: TableReading | None = None,
) -> tuple[SentenceEvidence, Metric | None]:
    """Analyse a sentence as spin repair left it; map every offset back to the raw text.
    ``carried`` is the date opening the clauses before it (see ``carry_opening_year``); the
    date to carry on is returned with the row. A sentence that is a table row also gets the
    figures of its numeric cells (``tables``, see :mod:`evidencekit.extract.tables`)."""
    start, end = spin.repaired_span(sentence.char_start, sentence.char_end)
    text = spin.repaired[start:end].translate(_UNWRAP)
    metrics: list[Metric] = []
    dropped: list[LeftOut] = []
    found = extract_metrics(text, lang=sentence.lang, left_out=dropped)
    carried = carry_opening_year(text, found, carried)
    for metric in found:
        raw_start, raw_end = spin.input_span(start + metric.char_start, start + metric.char_end)
        metrics.append(
            replace(metric, char_start=raw_start, char_end=raw_end, surface=document.text[raw_start:raw_end])
        )
    if tables is not None:
        metrics = tables.complete(metrics, sentence.char_start, sentence.char_end, sentence.lang)
    hits = []
    for hit in tag_themes(text, sentence.lang):
        raw_start, raw_end = spin.input_span(start + hit.char_start, start + hit.char_end)
        hits.append(replace(hit, char_start=raw_start, char_end=raw_end))
    changes = spin.changes_in(sentence.char_start, sentence.char_end) if spin.spun else ()
    left_out = []
    for item in dropped:
        raw_start, raw_end = spin.input_span(start + item.char_start, start + item.char_end)
        left_out.append(
            replace(item, char_start=raw_start, char_end=raw_end, surface=document.text[raw_start:raw_end])
        )
    row = SentenceEvidence(
        sentence,
        tuple(metrics),
        tuple(hits),
        tuple(themes_of(hits)),
        text if changes else None,
        changes,
        tuple(left_out),
    )
    return row, carried
