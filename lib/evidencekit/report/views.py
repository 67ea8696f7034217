"""Tables as an analyst reads them: readable values, the source of each claim, where it stands.

These frames are what report pages show and what their CSV and XLSX files hold: one row per
claim (:func:`claims_view`), per evidence sentence (:func:`evidence_view`), per reviewed claim
(:func:`reviews_view`); a document's metadata without the fields it does not state
(:func:`meta_view`). Spun Chinese is quoted repaired (``quote``) with the raw sentence beside it
(``source_quote``).
"""

from __future__ import annotations

import pandas as pd

from evidencekit.report.tables import cell_text

CLAIM_VIEW = (
    "claim_key",
    "claim",
    "value",
    "kind",
    "subject",
    "year",
    "change",
    "theme",
    "quote",
    "source_quote",
    "speaker",
    "review",
    "doc_id",
    "title",
    "outlet",
    "date",
    "url",
    "page",
    "char_start",
    "char_end",
)
"""The columns of :func:`claims_view` (and of its CSV and XLSX files)."""
EVIDENCE_VIEW = (
    "sentence_key",
    "doc_id",
    "themes",
    "claims",
    "quote",
    "source_quote",
    "speaker",
    "page",
    "char_start",
    "char_end",
)
REVIEW_VIEW = (
    "claim",
    "action",
    "status",
    "reason",
    "value",
    "reviewer",
    "time",
    "note",
    "claim_key",
    "doc_id",
)


def _change(metrics: pd.DataFrame) -> pd.Series:
    """ "up", "down (year on year)", "" for a level."""
    direction = metrics["direction"].fillna("")
    basis = metrics["basis"].fillna("")
    text = [f"{d} ({b})" if d and b else d for d, b in zip(direction, basis, strict=True)]
    return pd.Series(text, index=metrics.index, dtype="string")


def _quotes(table: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The quote to read (repaired where the text was spun) and the source's own where it differs."""
    repaired = table["repaired_quote"]
    quote = repaired.where(repaired.notna(), table["quote"])
    source = table["quote"].where(repaired.notna())
    return quote.astype("string"), source.astype("string")


def claims_view(metrics: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per claim, readable (columns :data:`CLAIM_VIEW`), in document then text order."""
    docs = documents.set_index("doc_id") if len(documents) else None
    quote, source = _quotes(metrics)

    def of_doc(column: str) -> pd.Series:
        if docs is None:
            return pd.Series(pd.NA, index=metrics.index, dtype="string")
        return metrics["doc_id"].map(docs[column]).astype("string")

    view = pd.DataFrame(
        {
            "claim_key": metrics["claim_key"],
            "claim": metrics["surface"],
            "value": metrics["display"],
            "kind": metrics["kind"],
            "subject": metrics["subject"],
            "year": metrics["year"],
            "change": _change(metrics),
            "theme": metrics["theme"],
            "quote": quote,
            "source_quote": source,
            "speaker": metrics["speaker"],
            "review": metrics["review"],
            "doc_id": metrics["doc_id"],
            "title": of_doc("title"),
            "outlet": of_doc("outlet"),
            "date": of_doc("date"),
            "url": of_doc("url"),
            "page": metrics["page"],
            "char_start": metrics["char_start"],
            "char_end": metrics["char_end"],
        },
        columns=list(CLAIM_VIEW),
    )
    return view.reset_index(drop=True)


def evidence_view(evidence: pd.DataFrame) -> pd.DataFrame:
    """One row per evidence sentence, readable (columns :data:`EVIDENCE_VIEW`)."""
    quote, source = _quotes(evidence)
    view = pd.DataFrame(
        {
            "sentence_key": "s-" + evidence["sentence_id"].astype("string"),
            "doc_id": evidence["doc_id"],
            "themes": evidence["themes"] if "themes" in evidence else evidence["theme"],
            "claims": evidence["metrics"],
            "quote": quote,
            "source_quote": source,
            "speaker": evidence["speaker"],
            "page": evidence["page"],
            "char_start": evidence["char_start"],
            "char_end": evidence["char_end"],
        },
        columns=list(EVIDENCE_VIEW),
    )
    return view.reset_index(drop=True)


def reviews_view(reviews: pd.DataFrame) -> pd.DataFrame:
    """One row per reviewed claim, orphans included (columns :data:`REVIEW_VIEW`)."""
    view = pd.DataFrame(
        {
            "claim": reviews["surface"],
            "action": reviews["action"],
            "status": reviews["status"],
            "reason": reviews["reason"],
            "value": reviews["display"],
            "reviewer": reviews["reviewer"],
            "time": reviews["time"],
            "note": reviews["note"],
            "claim_key": reviews["claim_key"],
            "doc_id": reviews["doc_id"],
        },
        columns=list(REVIEW_VIEW),
    )
    return view.reset_index(drop=True)


META_FIELDS = ("title", "outlet", "date", "url", "lang", "genre", "authors", "speakers", "tags", "pages")


def meta_view(meta: pd.Series) -> pd.DataFrame:
    """A document's metadata as field/value rows, only the fields it states."""
    rows = [(name, str(meta[name])) for name in META_FIELDS if name in meta and cell_text(meta[name])]
    return pd.DataFrame(rows, columns=["field", "value"], dtype="string")


def counts_view(table: pd.DataFrame, column: str, label: str) -> pd.DataFrame:
    """How many rows per value of ``column`` (``label``, ``claims``), most first, then by name."""
    values = table[column].fillna("none").astype(str)
    counts = values.value_counts().rename_axis(label).reset_index(name="claims")
    return counts.sort_values(["claims", label], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
