"""Decisions applied to a metrics table, each anchored on the document's current text.

For each claim the last decision holds. A decision anchors on its claim by key when the
document is the text it was made on; otherwise its selector finds the claim's text again
(:func:`~evidencekit.review.anchor.locate`) and the claim extracted at that span takes it.
A decision whose text is gone, or whose text no longer yields a claim, is an orphan: listed
in the reviews table with the reason, never dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from evidencekit.evidence.display import format_metric
from evidencekit.evidence.schemas import METRIC_COLUMNS, REVIEW_COLUMNS
from evidencekit.extract.metrics import extract_metrics
from evidencekit.records import Metric
from evidencekit.review.anchor import locate
from evidencekit.review.decisions import Decision, content_hash

STATES = {"confirm": "confirmed", "correct": "corrected", "add": "added", "reject": "rejected"}
TextOf = Callable[[str], "str | None"]


@dataclass
class Reviewed:
    """A metrics table with the decisions applied, and the table of the decisions themselves."""

    metrics: pd.DataFrame
    reviews: pd.DataFrame

    @property
    def orphans(self) -> pd.DataFrame:
        return self.reviews[self.reviews["status"] == "orphan"].reset_index(drop=True)


def latest(decisions: Iterable[Decision]) -> list[Decision]:
    """The decision that holds for each claim (the last in the file), in file order."""
    last: dict[tuple[str, str], Decision] = {}
    for decision in decisions:
        last.pop(decision.target, None)
        last[decision.target] = decision
    return list(last.values())


def apply_reviews(metrics: pd.DataFrame, decisions: Iterable[Decision], text_of: TextOf) -> Reviewed:
    """``metrics`` with ``decisions`` applied (see the module documentation).

    ``text_of(doc_id)`` is a document's raw text, None when the document is not at hand
    (then its decisions are orphans unless the table is of other documents only: decisions
    of documents without rows in ``metrics`` and without text are left out).
    """
    decisions = list(decisions)
    if not decisions:  # nothing reviewed: the table as it is (a large store is not copied)
        return Reviewed(metrics, _frame([], REVIEW_COLUMNS))
    table = metrics.copy()
    added: list[dict[str, object]] = []
    rows: list[dict[str, object]] = []
    present = set(table["doc_id"].dropna())
    for decision in latest(decisions):
        text = text_of(decision.doc_id)
        if text is None:
            if decision.doc_id in present:
                rows.append(_row(decision, "orphan", "the document's text is not at hand"))
            continue
        row = _apply(table, decision, text, added)
        rows.append(row)
    if added:
        table = pd.concat([table, _frame(added, METRIC_COLUMNS)], ignore_index=True)
    rejected = {
        (r["doc_id"], r["claim_key"]) for r in rows if r["action"] == "reject" and r["status"] != "orphan"
    }
    if rejected:
        keep = [(d, k) not in rejected for d, k in zip(table["doc_id"], table["claim_key"], strict=True)]
        table = table[keep]
    table = table.sort_values(["doc_id", "char_start"], kind="stable").reset_index(drop=True)
    return Reviewed(table, _frame(rows, REVIEW_COLUMNS))


def _apply(
    table: pd.DataFrame, decision: Decision, text: str, added: list[dict[str, object]]
) -> dict[str, object]:
    """Anchor one decision on ``table`` (changed in place) and say how it anchored."""
    in_doc = table.index[table["doc_id"] == decision.doc_id]
    if decision.action == "add":
        span = locate(decision.selector, text)
        if span is None:
            return _row(decision, "orphan", "the added claim's text is no longer in the document")
        record = _added(decision, text, span, table.loc[in_doc])
        added.append(record)
        return _row(decision, _how(decision, text), "", record)
    at = _by_key(table, in_doc, decision) if decision.content_hash == content_hash(text) else None
    status = "anchored"
    if at is None:
        span = locate(decision.selector, text, _old_start(table, in_doc, decision))
        if span is None:
            return _row(decision, "orphan", "the claim's text is no longer in the document")
        at = _at_span(table, in_doc, span)
        if at is None:
            return _row(decision, "orphan", "the kit no longer extracts a claim at the claim's text")
        status = _how(decision, text)
    if decision.action in ("correct", "confirm"):
        _set(table, at, decision)
    return _row(decision, status, "", table.loc[at].to_dict())


def _how(decision: Decision, text: str) -> str:
    return "anchored" if decision.content_hash == content_hash(text) else "re-anchored"


def _by_key(table: pd.DataFrame, rows: pd.Index, decision: Decision) -> int | None:
    hits = [i for i in rows if table.at[i, "claim_key"] == decision.claim_key]
    return hits[0] if hits else None


def _old_start(table: pd.DataFrame, rows: pd.Index, decision: Decision) -> int | None:
    at = _by_key(table, rows, decision)
    return None if at is None else int(table.at[at, "char_start"])


def _at_span(table: pd.DataFrame, rows: pd.Index, span: tuple[int, int]) -> int | None:
    """The claim at ``span``: the one with exactly that span, else the one overlapping it most."""
    best, overlap = None, 0
    for i in rows:
        start, end = int(table.at[i, "char_start"]), int(table.at[i, "char_end"])
        if (start, end) == span:
            return int(i)
        shared = min(end, span[1]) - max(start, span[0])
        if shared > overlap:
            best, overlap = int(i), shared
    return best


def _set(table: pd.DataFrame, at: int, decision: Decision) -> None:
    for name, value in decision.fields.items():
        table.at[at, name] = value
    table.at[at, "review"] = STATES[decision.action]
    if decision.action == "correct" and "display" not in decision.fields:
        table.at[at, "display"] = _display(table.loc[at].to_dict())


def _display(row: dict[str, object]) -> str:
    """The readable value of a corrected or added row (``format_metric`` of its fields)."""
    try:
        metric = Metric(
            surface=str(row["surface"]),
            char_start=0,
            char_end=0,
            kind=str(row["kind"]),
            value_low=float(row["value_low"]),  # type: ignore[arg-type]
            value_high=float(row["value_high"]),  # type: ignore[arg-type]
            unit=str(row["unit"]),
            qualifier=_text(row.get("qualifier")),
            direction=_text(row.get("direction")),
        )
    except (TypeError, ValueError):
        return str(row.get("surface") or "")
    return format_metric(metric)


def _text(value: object) -> str | None:
    return None if value is None or value is pd.NA or value != value else str(value)


def _added(decision: Decision, text: str, span: tuple[int, int], rows: pd.DataFrame) -> dict[str, object]:
    """The metrics row of an added claim: what the kit reads in its text, then the fields given."""
    start, end = span
    surface = text[start:end]
    found = extract_metrics(surface)
    record: dict[str, object] = dict.fromkeys(METRIC_COLUMNS)
    if found:
        metric = found[0]
        record.update(kind=metric.kind, value_low=metric.value_low, value_high=metric.value_high)
        record.update(unit=metric.unit, qualifier=metric.qualifier, direction=metric.direction)
    record.update(doc_id=decision.doc_id, char_start=start, char_end=end, surface=surface)
    record.update(quote=_line(text, start, end), review="added", rule="review:add")
    record.update(decision.fields)
    around = rows[(rows["char_start"] <= start) & (rows["char_end"] >= start - 400)]
    if len(around) and record.get("theme") is None:
        record["theme"] = around.iloc[-1]["theme"]
    if "display" not in decision.fields:
        record["display"] = _display(record)
    digest = hashlib.blake2b(decision.target[1].encode("utf-8"), digest_size=5).hexdigest()
    record["claim_key"] = f"r-{digest}"
    return record


def _line(text: str, start: int, end: int) -> str:
    """The line holding a span (the quote of an added claim)."""
    head = text.rfind("\n", 0, start) + 1
    tail = text.find("\n", end)
    return text[head : tail if tail >= 0 else len(text)].strip()


def _row(
    decision: Decision, status: str, reason: str, claim: dict[str, object] | None = None
) -> dict[str, object]:
    claim = claim or {}
    return {
        "doc_id": decision.doc_id,
        "claim_key": claim.get("claim_key") or decision.claim_key or None,
        "action": decision.action,
        "status": status,
        "reason": reason or None,
        "char_start": claim.get("char_start"),
        "char_end": claim.get("char_end"),
        "surface": claim.get("surface") or decision.selector.exact,
        "theme": claim.get("theme"),
        "display": claim.get("display"),
        "fields": json.dumps(decision.fields, ensure_ascii=False, sort_keys=True)
        if decision.fields
        else None,
        "reviewer": decision.reviewer or None,
        "time": decision.time or None,
        "note": decision.note or None,
    }


def _frame(records: list[dict[str, object]], columns: dict[str, str]) -> pd.DataFrame:
    data = {
        name: pd.array([_text_or(r.get(name)) for r in records], dtype=dtype)
        for name, dtype in columns.items()
    }
    return pd.DataFrame(data, columns=list(columns))


def _text_or(value: object) -> object:
    return None if value is pd.NA else value
