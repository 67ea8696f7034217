"""The columns and dtypes of the tables, defined once.

Every table the kit writes or shows has one of these schemas (name -> pandas dtype, in
column order). ``docs/reference.md`` is generated from them (``scripts/reference.py``) and a
test checks that the page matches. Offsets are half-open character offsets into the
document's text; ``page`` is the page of ``char_start`` (``Document.page_of``), empty for a
format without pages.
"""

from __future__ import annotations

METRIC_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "sentence_id": "Int64",
    "char_start": "Int64",
    "char_end": "Int64",
    "page": "Int64",
    "surface": "string",
    "kind": "string",
    "value_low": "float64",
    "value_high": "float64",
    "unit": "string",
    "qualifier": "string",
    "direction": "string",
    "basis": "string",
    "role": "string",
    "per": "string",
    "year": "Int64",
    "period": "string",
    "theme": "string",
    "quote": "string",
    "display": "string",
    "noun": "string",
    "subject": "string",
    "unit_raw": "string",
    "lang": "string",
    "speaker": "string",
    "outlet": "string",
    "repaired_quote": "string",
    "rule": "string",
    "claim_key": "string",
    "review": "string",
}
"""One row per claim. ``claim_key`` is the claim's stable id (:mod:`evidencekit.evidence.keys`):
the anchor of its highlight in the source view and the key of review decisions; ``review`` is
an analyst's decision on it (``confirmed``, ``corrected``, ``added``; empty when unreviewed;
rejected claims leave the table), applied from the corpus's ``reviews.jsonl``."""
EVIDENCE_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "sentence_id": "Int64",
    "char_start": "Int64",
    "char_end": "Int64",
    "page": "Int64",
    "quote": "string",
    "themes": "string",
    "keywords": "string",
    "metrics": "string",
    "speaker": "string",
    "outlet": "string",
    "cites": "string",
    "repaired_quote": "string",
    "meaning_flipped": "string",
}
DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "title": "string",
    "outlet": "string",
    "date": "string",
    "url": "string",
    "lang": "string",
    "genre": "string",
    "authors": "string",
    "speakers": "string",
    "people": "string",
    "tags": "string",
    "summary": "string",
    "chars": "Int64",
    "spin_score": "float64",
    "spun": "boolean",
    "swaps": "Int64",
    "spun_share": "float64",
    "pages": "Int64",
    "empty_pages": "string",
}
"""One row per document: its metadata (lists comma-separated), its length in characters, its
spin check (``spin_score``, ``spun``, ``swaps``: the number of swaps undone, ``spun_share``: the
share of its Han characters in spun paragraphs) and, for a paged
document (PDF, Word with page breaks), its number of pages and those without text."""
SPIN_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "char_start": "Int64",
    "char_end": "Int64",
    "spun": "string",
    "original": "string",
    "flips": "boolean",
    "likelier": "float64",
    "form_count": "Int64",
    "note": "string",
}
"""One row per swap a spin repair undid: the raw span, the spun word and the original, and
why: ``likelier``, the nats by which the words around it read likelier in ordinary Chinese
repaired; ``form_count``, how often jieba's dictionary counts the spun form (0: ordinary Chinese
never writes it); ``note``, where the pair was seen (its note in the pair table)."""

REVIEW_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "claim_key": "string",
    "action": "string",
    "status": "string",
    "reason": "string",
    "char_start": "Int64",
    "char_end": "Int64",
    "surface": "string",
    "theme": "string",
    "display": "string",
    "fields": "string",
    "reviewer": "string",
    "time": "string",
    "note": "string",
}
"""One row per claim an analyst decided on (the last decision for it in ``reviews.jsonl``):
``action`` confirm, reject, correct or add; ``status`` ``anchored`` (on the text it was made
on), ``re-anchored`` (found again by its quote after the document changed) or ``orphan``
(its text or its claim is gone: ``reason`` says which); offsets where it anchors now;
``fields`` the corrected values as JSON."""

FILE_COLUMNS: dict[str, str] = {
    "path": "string",
    "doc_id": "string",
    "status": "string",
    "code": "string",
    "reason": "string",
}
"""The status of each file: ``path`` relative to the corpus folder; ``status`` ok, warning or
error; ``code`` and ``reason`` say why."""
