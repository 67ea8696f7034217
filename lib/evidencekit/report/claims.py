"""Cross-document claims: one question read across sources (issue #4).

:func:`compare_claims` puts every quantitative claim of a corpus in one table with its
document and provenance, so that the figures different sources give for one question
(how far behind China is, how much new power AI needs) sit side by side, and the same
figure stated by several documents, in any language, is recognised as one claim.

When two rows state the same claim
----------------------------------
Two metrics are the same claim (same ``claim_id``) when all of these hold:

1. the same ``kind`` and ``unit`` (an ISO currency for money, so US$ and CN¥ never
   match), the same denominator (``per``: "$40 per MWh" is not "$40"), the same
   ``direction`` of change (a level, a rise and a fall are three claims: "fell 4.4%" is not
   "4.4% of demand") and the same ``basis`` ("up 8% year on year" is not "up 8% quarter on
   quarter"; two named bases, "than GPT-4" or 是日本的, are compared as subjects are);
2. qualifiers pointing the same way: none and ``approximate`` are alike (a hedge, not
   another figure), ``at least`` and ``more than`` are alike, ``at most`` and
   ``less than`` are alike; "more than 100 GW" is not "100 GW";
3. the same ``year`` and ``period`` (the date that governs the figure in its sentence):
   both state the same, or neither states one. An undated figure takes the year of a dated
   figure of another document only when the figures match (rules 1, 2, 4, 5) and its own
   document states that year somewhere (an article that says 到2028年 in one paragraph and
   500亿瓦 in another); ``year_basis`` is then ``document`` instead of ``sentence``;
4. the same value: with a year, ``value_low`` and ``value_high`` each within the relative
   ``tolerance`` (``|a - b| <= tolerance * max(|a|, |b|)``, so "50 billion watts" and
   "500亿瓦" match, and so would 50 GW and 50.5 GW); without a year, the values must be
   equal;
5. the same ``subject`` (:mod:`evidencekit.extract.concepts`): both figures say what they
   measure, what their subjects' last words name agrees ("global AI patents" is not "global
   AI investment"; for power and energy the unit already says what is measured), and the
   concepts of the two subjects and of the words before the figures ("power demand" and
   电力需求 name the same concepts, in any language) overlap by at least 0.6 of the smaller
   set. A share of power demand and an unemployment rate of the same size are two claims; a
   figure whose subject the kit cannot tell, or names only who (``actors``: "China" of
   "China's share was 25%"), is corroborated by nothing.

Different figures for one question (3 months, 3–6 months, 1–2 years) stay separate rows.
Matching is anchored, not chained: rows are taken in order of value, and a row joins the
first claim whose first (lowest) row it matches, so a chain 50, 50.9, 51.8 GW never turns
into one claim spanning more than ``tolerance``. ``sources`` counts the distinct documents
of a claim (a document repeating its own figure is still one source), ``corroborated_by``
lists the others. The subject is read from the words, not understood: read the ``quote``
before trusting a link.

Only the claims stated by two or more documents::

    claims = compare_claims(corpus)
    claims[claims["sources"] >= 2]

Example (documents built in memory; :func:`evidencekit.load_corpus` reads them from files):

>>> from pathlib import Path
>>> from evidencekit.records import Document, Meta
>>> def doc(doc_id, text):
...     return Document(doc_id, Path(doc_id), text, text, Meta(title=doc_id.upper()))
>>> docs = [
...     doc("a", "New power demand from the AI industry will reach 50 billion watts by 2028."),
...     doc("b", "到2028年新增电力需求将达到500亿瓦。"),
...     doc("c", "Data centres will need 50 GW by 2030."),
... ]
>>> claims = compare_claims(docs, "power")
>>> columns = ["claim_id", "doc_id", "display", "year", "sources", "corroborated_by"]
>>> claims[columns]  # doctest: +NORMALIZE_WHITESPACE
          claim_id doc_id display  year  sources corroborated_by
0  power-5e10-2028      a   50 GW  2028        2               b
1  power-5e10-2028      b   50 GW  2028        2               a
2  power-5e10-2030      c   50 GW  2030        1
>>> list(claims["subject"])
['power demand from the AI industry', '电力需求', 'Data centres']
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import pandas as pd

from evidencekit.archive.sets import EvidenceSet, as_evidence
from evidencekit.errors import InvalidParameterError
from evidencekit.extract.change import change_words
from evidencekit.extract.concepts import Key, claim_key, context_before, relative_to_document, same_subject
from evidencekit.extract.grammar import grammar
from evidencekit.extract.themes import theme_ids
from evidencekit.records import KINDS, Document

CLAIM_COLUMNS: dict[str, str] = {
    "claim_id": "string",
    "doc_id": "string",
    "title": "string",
    "outlet": "string",
    "date": "string",
    "lang": "string",
    "kind": "string",
    "value_low": "float64",
    "value_high": "float64",
    "unit": "string",
    "qualifier": "string",
    "direction": "string",
    "per": "string",
    "display": "string",
    "year": "Int64",
    "period": "string",
    "subject": "string",
    "surface": "string",
    "theme": "string",
    "quote": "string",
    "char_start": "Int64",
    "char_end": "Int64",
    "sources": "Int64",
    "corroborated_by": "string",
    "year_basis": "string",
}
SORT_ORDER = ["kind", "value_low", "value_high", "claim_id", "doc_id", "char_start"]

# qualifiers that state the same figure ("" for none, "approximate" is a hedge)
_DIRECTION = {"at least": "over", "more than": "over", "at most": "under", "less than": "under"}
# the one unit of each kind except money, whose currency goes into the claim id
_CANONICAL_UNIT = {
    "power": "W",
    "energy": "Wh",
    "percent": "percent",
    "duration": "month",
    "count": "count",
    "ratio": "ratio",
    "multiple": "times",
    "date": "year",
}


class _Key(NamedTuple):
    """What two rows must share exactly to be compared by value and subject."""

    kind: str
    unit: str
    bound: str  # the side of its qualifier: over, under or none
    change: str  # up, down or none (a level)
    basis: str  # what a change is measured against ("year on year", "since 2020")
    per: str
    period: str
    year: int | None


def compare_claims(
    corpus: EvidenceSet | Document | Iterable[Document],
    kind: str | Sequence[str] | None = None,
    theme: str | None = None,
    *,
    tolerance: float = 0.02,
) -> pd.DataFrame:
    """One row per claim of a corpus, with its document, provenance and corroboration.

    Parameters
    ----------
    corpus : EvidenceSet, Corpus, Document or iterable of Documents
        The claims of :func:`evidencekit.open_evidence` (a corpus or an extraction store)
        or of documents already read; titles, outlets and dates come from
        each document's metadata.
    kind : str or sequence of str, optional
        Only these kinds (``power``, ``duration``, ...). By default every kind except
        ``date``, which is listed only when asked for.
    theme : str, optional
        Only rows of this theme (the ``theme`` of ``metrics_table``). Corroboration is
        computed before filtering: ``sources`` and ``corroborated_by`` also count documents
        whose row has another theme, and ``claim_id`` does not depend on the filters.
    tolerance : float
        Relative difference up to which two dated values are the same figure (see the
        module documentation for the whole rule); undated values must be equal.

    Returns
    -------
    DataFrame
        Columns ``CLAIM_COLUMNS``, rows sorted by kind, value, claim_id, doc_id and
        char_start (the rows of one claim stand together). ``claim_id``
        ("power-5e10-2028", "duration-3to6", "percent-over100") is the same for every
        row stating one claim and is built from the claim's figure, so it is the same
        across runs and filters. ``year_basis`` says where the year comes from
        (``sentence``, or ``document`` under rule 3). ``date`` is the document's date as it
        states it; ``year`` is the year the claim is stated for. ``sources`` is the number
        of distinct documents stating the claim; ``corroborated_by`` the other ones,
        comma-separated ("" when none).
    """
    kinds = _kinds(kind)
    if theme is not None and theme not in theme_ids():
        message = f"unknown theme {theme!r}; known themes: {', '.join(theme_ids())}"
        raise InvalidParameterError(message)
    if not 0 <= tolerance < 1:
        message = f"tolerance must be a relative difference in [0, 1), got {tolerance!r}"
        raise InvalidParameterError(message)
    data = as_evidence(corpus)
    everything = data.metrics
    metrics = everything[everything["kind"].isin(kinds)].reset_index(drop=True)
    metrics["year_basis"] = pd.array(
        ["sentence" if pd.notna(y) else None for y in metrics["year"]], dtype="string"
    )
    _years_from_documents(metrics, _document_years(everything), tolerance)
    metrics["claim_id"] = pd.array(_claim_ids(metrics, tolerance), dtype="string")
    doc_ids = metrics.groupby("claim_id")["doc_id"].agg(lambda ids: sorted(set(ids)))
    meta = data.documents.set_index("doc_id")[["title", "outlet", "date"]].to_dict("index")
    records = []
    for row in metrics.itertuples(index=False):
        if theme is not None and (pd.isna(row.theme) or row.theme != theme):
            continue
        sources = doc_ids[row.claim_id]
        document = meta[row.doc_id]
        records.append(
            {
                **{column: getattr(row, column) for column in CLAIM_COLUMNS if hasattr(row, column)},
                **{key: None if pd.isna(value) else value for key, value in document.items()},
                "sources": len(sources),
                "corroborated_by": ", ".join(d for d in sources if d != row.doc_id),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(CLAIM_COLUMNS)).astype(CLAIM_COLUMNS)
    return frame.sort_values(SORT_ORDER, kind="stable", na_position="last").reset_index(drop=True)


def _document_years(metrics: pd.DataFrame) -> dict[str, set[int]]:
    """Every calendar year each document states (its ``date`` metrics, ranges included)."""
    years: dict[str, set[int]] = {}
    for row in metrics[(metrics["kind"] == "date") & metrics["value_low"].notna()].itertuples(index=False):
        low, high = int(row.value_low), int(row.value_high)
        years.setdefault(row.doc_id, set()).update(range(low, min(high, low + 50) + 1))
    return years


def _years_from_documents(metrics: pd.DataFrame, years: dict[str, set[int]], tolerance: float) -> None:
    """Give an undated row the year of a matching dated figure its own document states (rule 3)."""
    rows = list(metrics.itertuples())
    keys = {row.Index: _key(row) for row in rows}
    subjects = {row.Index: _subject(row) for row in rows if row.kind != "date"}
    dated = [row for row in rows if pd.notna(row.year) and row.kind != "date"]
    for row in rows:
        if pd.notna(row.year) or row.kind == "date":
            continue
        key = keys[row.Index]
        found = {
            int(other.year)
            for other in dated
            if other.doc_id != row.doc_id
            and int(other.year) in years.get(row.doc_id, set())
            and keys[other.Index]._replace(year=None) == key
            and _close(float(other.value_low), float(row.value_low), tolerance)
            and _close(float(other.value_high), float(row.value_high), tolerance)
            and same_subject(subjects[other.Index], subjects[row.Index])
        }
        if len(found) == 1:
            metrics.at[row.Index, "year"] = found.pop()
            metrics.at[row.Index, "year_basis"] = "document"


def _kinds(kind: str | Sequence[str] | None) -> list[str]:
    if kind is None:
        return [k for k in KINDS if k != "date"]
    kinds = [kind] if isinstance(kind, str) else list(kind)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        message = f"unknown kind {', '.join(map(repr, unknown))}; known kinds: {', '.join(KINDS)}"
        raise InvalidParameterError(message)
    return kinds


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _key(row: Any) -> _Key:
    year = None if pd.isna(row.year) else int(row.year)
    direction = _DIRECTION.get(_text(row.qualifier), "")
    return _Key(
        str(row.kind),
        str(row.unit),
        direction,
        _text(row.direction),
        _basis_kind(_text(row.basis)),
        _text(row.per),
        _text(row.period),
        year,
    )


NAMED_BASIS = "vs"
"""The basis part of a key for a base named in the text ("than GPT-4", 是日本的): the bases
themselves are compared like subjects."""


def _basis_kind(basis: str) -> str:
    """A stated basis (one of ``basis_words`` of change.yaml, "since 2020") as it is; a named
    base as ``NAMED_BASIS``."""
    standard = basis in set(change_words().basis_names.values())
    return basis if not basis or standard or basis.startswith("since ") else NAMED_BASIS


def _same_base(a: Any, b: Any) -> bool:
    if _basis_kind(_text(a.basis)) != NAMED_BASIS:
        return True
    return same_subject(claim_key(_text(a.basis)), claim_key(_text(b.basis)))


def _subject(row: Any) -> Key:
    """The claim key of a row: its subject, the words of its clause before it, its kind."""
    quote = _quote(row)
    subject = _text(row.subject)
    if subject in grammar().classifiers:
        subject = ""  # a measure word alone (张, 个) says nothing of what is counted
    return claim_key(subject or None, context_before(quote, _text(row.surface)), str(row.kind))


def _quote(row: Any) -> str:
    """The sentence of a row as it reads (repaired where spin was undone)."""
    return _text(getattr(row, "repaired_quote", None)) or _text(row.quote)


def _own_claim(row: Any) -> bool:
    """A figure measured from its document itself ("within 180 days of the date of this order")."""
    return relative_to_document(_quote(row), _text(row.surface))


def _close(a: float, b: float, tolerance: float) -> bool:
    return a == b or abs(a - b) <= tolerance * max(abs(a), abs(b))


def _claim_ids(metrics: pd.DataFrame, tolerance: float) -> list[str]:
    """The claim id of every row of ``metrics`` (anchored matching, see the module docs)."""
    rows = list(metrics.itertuples(index=False))
    keys = [_key(row) for row in rows]
    subjects = [_subject(row) for row in rows]
    order = sorted(
        range(len(rows)),
        key=lambda i: (
            _sortable(keys[i]),
            rows[i].value_low,
            rows[i].value_high,
            rows[i].doc_id,
            rows[i].char_start,
        ),
    )
    anchors: dict[_Key, list[tuple[float, float, Key, int, str]]] = {}
    taken: set[str] = set()
    ids = [""] * len(rows)
    for i in order:
        key, low, high = keys[i], float(rows[i].value_low), float(rows[i].value_high)
        slack = tolerance if key.year is not None and key.kind != "date" else 0.0
        claims = anchors.setdefault(key, [])
        own = _own_claim(rows[i])  # a deadline from the document itself links to nothing
        for anchor_low, anchor_high, subject, anchor, claim_id in [] if own else claims:
            if (
                _close(anchor_low, low, slack)
                and _close(anchor_high, high, slack)
                and (key.kind == "date" or same_subject(subject, subjects[i]))
                and _same_base(rows[anchor], rows[i])
            ):
                ids[i] = claim_id
                break
        else:
            claim_id = _unique(_readable_id(key, low, high, rows[i]), taken)
            if not own:
                claims.append((low, high, subjects[i], i, claim_id))
            ids[i] = claim_id
    return ids


def _sortable(key: _Key) -> tuple[str, str, str, str, str, str, str, int]:
    year = -1 if key.year is None else key.year
    return (key.kind, key.unit, key.bound, key.change, key.basis, key.per, key.period, year)


def _readable_id(key: _Key, low: float, high: float, row: Any) -> str:
    """ "power-5e10-2028", "duration-3to6", "money-CNY-5e11", "percent-over100", "count-6e7-chips",
    "percent-up12-2024", "money-40-per_MWh"."""
    parts = [key.kind]
    if key.unit != _CANONICAL_UNIT.get(key.kind):
        parts.append(key.unit)
    value = _number(low) if low == high else f"{_number(low)}to{_number(high)}"
    parts.append(key.bound + key.change + value)
    noun = _text(row.noun) if key.kind == "count" else ""
    if noun:
        parts.append(re.sub(r"\s+", "_", noun.casefold()))
    if key.per:
        parts.append("per_" + re.sub(r"\s+", "_", key.per))
    if key.year is not None and key.kind != "date":
        parts.append(f"{key.period}{key.year}" if key.period else str(key.year))
    return "-".join(parts)


def _number(value: float) -> str:
    """Compact and exact enough for an id: 70 -> "70", 5e10 -> "5e10", 2.5 -> "2.5"."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e6:
        return str(int(value))
    text = f"{value:g}"
    return re.sub(r"e([+-])0*(\d)", lambda m: "e" + ("-" if m[1] == "-" else "") + m[2], text)


def _unique(claim_id: str, taken: set[str]) -> str:
    """The id itself, or with "-2", "-3"... when two claims print alike (tolerance 0)."""
    candidate, counter = claim_id, 1
    while candidate in taken:
        counter += 1
        candidate = f"{claim_id}-{counter}"
    taken.add(candidate)
    return candidate
