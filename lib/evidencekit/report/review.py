"""Reviewing claims: :func:`review_claim` from code, :func:`review_claims` in JupyterLab.

Both append a decision to the document's ``reviews.jsonl`` (beside its corpus) with a quote
selector taken from the raw text, so the decision finds its claim again after the document
is edited; every later table, page, chart and store read applies it
(:mod:`evidencekit.review`). The widget is ipywidgets (JupyterLab's own widget manager, nothing
loaded from the network); in an exported page it shows as text.
"""

from __future__ import annotations

import getpass
import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evidencekit.archive.sets import EvidenceSet, open_evidence
from evidencekit.errors import InvalidParameterError
from evidencekit.review.decisions import ACTIONS, Decision, Selector, append_decision, content_hash, now


def _data(source: EvidenceSet | str | Path) -> EvidenceSet:
    return source if isinstance(source, EvidenceSet) else open_evidence(corpus_dir=source)


def review_claim(
    source: EvidenceSet | str | Path,
    doc_id: str,
    action: str,
    claim_key: str = "",
    *,
    text: str = "",
    occurrence: int = 0,
    fields: Mapping[str, Any] | None = None,
    reviewer: str = "",
    note: str = "",
) -> Decision:
    """Record a decision on a claim of ``doc_id`` and return it.

    ``action``: ``confirm``, ``reject``, ``correct`` (``fields``: the right ``value_low``,
    ``value_high``, ``unit``, ``year``, ``subject``...) on the claim ``claim_key`` (the
    ``claim_key`` column), or ``add`` a claim the kit missed: ``text`` is its exact text in
    the document (``occurrence``: which one, from 1, when it occurs more than once).
    ``source``: an EvidenceSet or a corpus folder.
    """
    data = _data(source)
    if action not in ACTIONS:
        message = f"action {action!r}: use one of {', '.join(ACTIONS)}"
        raise InvalidParameterError(message)
    raw = data.text(doc_id)
    start, end, key = _target(data, doc_id, raw, action, claim_key, text, occurrence)
    decision = Decision(
        doc_id=doc_id,
        action=action,
        selector=Selector.at(raw, start, end),
        claim_key=key,
        content_hash=content_hash(raw),
        fields=dict(fields or {}),
        reviewer=reviewer or _user(),
        time=now(),
        note=note,
    )
    return append_decision(data.review_file(doc_id), decision)


def _target(
    data: EvidenceSet, doc_id: str, raw: str, action: str, claim_key: str, text: str, occurrence: int
) -> tuple[int, int, str]:
    if action == "add":
        return (*_occurrence(raw, text, occurrence, doc_id), "")
    metrics = data.document(doc_id).metrics
    row = metrics[metrics["claim_key"] == claim_key]
    if not len(row):
        known = ", ".join(metrics["claim_key"].head(5).astype(str))
        message = f"{doc_id} has no claim {claim_key!r} (the claim_key column; such as {known})"
        raise InvalidParameterError(message)
    return int(row["char_start"].iloc[0]), int(row["char_end"].iloc[0]), claim_key


def _occurrence(raw: str, text: str, occurrence: int, doc_id: str) -> tuple[int, int]:
    starts = []
    at = raw.find(text) if text else -1
    while at >= 0:
        starts.append(at)
        at = raw.find(text, at + 1)
    if not starts:
        message = f"{text!r} is not in {doc_id}; give the claim's exact text as the document writes it"
        raise InvalidParameterError(message)
    if len(starts) > 1 and not 1 <= occurrence <= len(starts):
        message = (
            f"{text!r} occurs {len(starts)} times in {doc_id}; say which with occurrence=1..{len(starts)}"
        )
        raise InvalidParameterError(message)
    start = starts[max(occurrence, 1) - 1]
    return start, start + len(text)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


class ReviewPanel:
    """The JupyterLab review route: pick a claim, confirm, reject or correct it, or add one.

    ``panel.widget`` is what JupyterLab shows; the buttons call :func:`review_claim`.
    """

    def __init__(self, data: EvidenceSet, doc_id: str, reviewer: str = ""):
        import ipywidgets as w

        self.data, self.doc_id, self.reviewer = data, doc_id, reviewer
        metrics = data.document(doc_id).metrics
        options = [
            (f"{row.display} · {row.surface} · {str(row.quote)[:60]}", row.claim_key)
            for row in metrics.itertuples()
        ]
        self.claim = w.Dropdown(options=options, description="claim", layout=w.Layout(width="95%"))
        self.value = w.Text(description="value", placeholder="corrected value (number)")
        self.unit = w.Text(description="unit", placeholder="corrected unit")
        self.year = w.Text(description="year", placeholder="corrected year")
        self.subject = w.Text(description="subject", placeholder="what it measures")
        wide = w.Layout(width="60%")
        self.missed = w.Text(
            description="missed", placeholder="exact text of a claim the kit missed", layout=wide
        )
        self.note = w.Text(description="note")
        self.status = w.HTML()
        buttons = {name: w.Button(description=name) for name in ("confirm", "reject", "correct", "add")}
        for name, button in buttons.items():
            button.on_click(lambda _b, action=name: self.decide(action))
        self.buttons = buttons
        fields = [w.HBox([self.value, self.unit]), w.HBox([self.year, self.subject])]
        rows = [self.claim, w.HBox(list(buttons.values())), *fields, self.missed, self.note, self.status]
        self.widget = w.VBox(rows)

    def fields(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.value.value.strip():
            number = float(self.value.value.replace(",", ""))
            found.update(value_low=number, value_high=number)
        if self.unit.value.strip():
            found["unit"] = self.unit.value.strip()
        if self.year.value.strip():
            found["year"] = int(self.year.value)
        if self.subject.value.strip():
            found["subject"] = self.subject.value.strip()
        return found

    def decide(self, action: str) -> Decision | None:
        """Record ``action`` on the selected claim (or add the missed text) and say so."""
        try:
            decision = review_claim(
                self.data,
                self.doc_id,
                action,
                self.claim.value or "",
                text=self.missed.value,
                fields=self.fields() if action in ("correct", "add") else None,
                reviewer=self.reviewer,
                note=self.note.value,
            )
        except (ValueError, KeyError) as error:
            self.status.value = f"<b>not recorded</b>: {_escape(str(error))}"
            return None
        where = _escape(str(self.data.review_file(self.doc_id)))
        self.status.value = f"recorded: {action} {_escape(decision.selector.exact)} in {where}"
        return decision

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"review panel for {self.doc_id}: {len(self.claim.options)} claims"


def _escape(text: str) -> str:
    return html.escape(text)


def review_claims(
    doc_id: str, corpus_dir: str | Path | None = None, store_dir: str | Path | None = None, reviewer: str = ""
) -> ReviewPanel:
    """The review panel of one document for JupyterLab (see :class:`ReviewPanel`)."""
    from evidencekit.report.parameters import resolve_document

    data = open_evidence(corpus_dir, store_dir)
    return ReviewPanel(data, resolve_document(doc_id, data.documents), reviewer)
