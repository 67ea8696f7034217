"""The review file: one JSON object per line, appended, never rewritten.

A decision names its document (``doc_id`` and the hash of the text it was made on), its
claim (``claim_key``) and a quote selector: the claim's exact text with a little text before
and after it (the W3C Web Annotation ``TextQuoteSelector``), so that it finds its claim
again when offsets move. ``action`` is ``confirm``, ``reject``, ``correct`` (``fields`` holds
the corrected values: ``kind``, ``value_low``, ``value_high``, ``unit``, ``year``,
``subject``, ``display``...) or ``add`` (a claim the kit missed, located by its selector
alone). For one claim the last decision in the file holds; earlier ones stay as history.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.errors import KitError
from evidencekit.ingest.corpus import REVIEWS  # noqa: F401  (the review file of a corpus folder)

ACTIONS = ("confirm", "reject", "correct", "add")
CONTEXT = 32  # characters of text kept before and after a claim's exact text
FIELDS = ("kind", "value_low", "value_high", "unit", "qualifier", "direction", "year", "subject", "theme")
"""The fields a correction or an added claim may set (besides ``display``, the readable value)."""


class ReviewError(KitError, ValueError):
    """A decision that cannot be recorded, or a line of a review file that cannot be read."""


@dataclass(frozen=True)
class Selector:
    """A claim's exact text and the text just before and after it."""

    exact: str
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def at(cls, text: str, start: int, end: int, context: int = CONTEXT) -> Selector:
        """The selector of ``text[start:end]``.

        >>> Selector.at("China added 50 GW in 2024.", 12, 17, context=6)
        Selector(exact='50 GW', prefix='added ', suffix=' in 20')
        """
        return cls(text[start:end], text[max(0, start - context) : start], text[end : end + context])


@dataclass(frozen=True)
class Decision:
    """One line of a review file (see the module documentation)."""

    doc_id: str
    action: str
    selector: Selector
    claim_key: str = ""
    content_hash: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    reviewer: str = ""
    time: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            message = f"unknown review action {self.action!r}; use one of {', '.join(ACTIONS)}"
            raise ReviewError(message)
        unknown = sorted(set(self.fields) - {*FIELDS, "display"})
        if unknown:
            message = (
                f"unknown fields {unknown} in a review; a review may set {', '.join((*FIELDS, 'display'))}"
            )
            raise ReviewError(message)
        if not self.selector.exact:
            message = "a review needs the claim's exact text (its selector's exact is empty)"
            raise ReviewError(message)

    @property
    def target(self) -> tuple[str, str]:
        """What a later decision replaces: the same claim (its key), or the same added text."""
        if self.action == "add":
            return (self.doc_id, "add:" + json.dumps(asdict(self.selector), ensure_ascii=False))
        return (self.doc_id, self.claim_key or json.dumps(asdict(self.selector), ensure_ascii=False))

    def to_line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        selector = Selector(**data.pop("selector"))
        return cls(selector=selector, **data)


def content_hash(text: str) -> str:
    """The hash a decision records of the text it was made on."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def read_decisions(path: str | Path) -> tuple[list[Decision], list[str]]:
    """The decisions of a review file in file order, and its unreadable lines as problems
    ("reviews.jsonl:7: ..."); a missing file has none. A bad line never hides the others."""
    file = Path(path)
    if not file.is_file():
        return [], []
    decisions, problems = [], []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            decisions.append(Decision.from_dict(json.loads(line)))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            problems.append(f"{file}:{number}: not a review decision ({error}); fix or delete the line")
    return decisions, problems


def append_decision(path: str | Path, decision: Decision) -> Decision:
    """Append ``decision`` to the review file (created if missing), locked and flushed to disk,
    so that two reviewers writing at once never interleave a line."""
    file = Path(path)
    if not file.parent.is_dir():
        message = f"{file.parent}: no such folder for the review file; review documents of an existing corpus"
        raise ReviewError(message)
    line = decision.to_line()
    with open(file, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return decision
