"""Where a set of tables finds its decisions and its documents' text.

A corpus keeps its decisions in ``reviews.jsonl`` in its folder (beside a single-file corpus);
a store reads those of every corpus folder it was built from, so a store run applies the
same decisions as the corpus. Texts are read on demand (a store reads the file again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evidencekit.review.decisions import REVIEWS, Decision, read_decisions


def reviews_file(corpus_dir: str | Path) -> Path:
    """The review file of a corpus folder (or of the folder of a one-file corpus)."""
    root = Path(corpus_dir)
    return (root if root.is_dir() else root.parent) / REVIEWS


@dataclass
class ReviewSource:
    """The decisions that apply to a set of tables and a way to read a document's text."""

    files: tuple[Path, ...]
    text_of: Callable[[str], str | None]
    decisions: list[Decision] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    homes: dict[str, Path] = field(default_factory=dict)  # doc_id -> its review file (a store's)

    def file_for(self, doc_id: str) -> Path | None:
        """The review file a decision on ``doc_id`` goes to (its corpus folder's)."""
        return self.homes.get(doc_id) or (self.files[0] if self.files else None)

    @classmethod
    def of(
        cls, files: Iterable[Path], text_of: Callable[[str], str | None], homes: dict[str, Path] | None = None
    ) -> ReviewSource:
        found: list[Decision] = []
        problems: list[str] = []
        files = tuple(dict.fromkeys(files))
        for file in files:
            decisions, bad = read_decisions(file)
            found += decisions
            problems += bad
        return cls(files, text_of, found, problems, homes or {})

    def narrowed(self, doc_id: str) -> ReviewSource:
        mine = [d for d in self.decisions if d.doc_id == doc_id]
        return ReviewSource(self.files, self.text_of, mine, self.problems, self.homes)


def file_texts(manifest: pd.DataFrame) -> Callable[[str], str | None]:
    """A document's raw text read again from its file (``corpus``/``path`` of the manifest),
    None when the file is gone or no longer reads."""
    from evidencekit.errors import KitError
    from evidencekit.ingest.readers import read_document

    where = {
        str(d): Path(str(c)) / str(p)
        for d, c, p in zip(manifest["doc_id"], manifest["corpus"], manifest["path"], strict=True)
        if c is not pd.NA
    }
    cache: dict[str, str | None] = {}

    def text_of(doc_id: str) -> str | None:
        if doc_id not in cache:
            path = where.get(doc_id)
            try:
                cache[doc_id] = None if path is None else read_document(path).text
            except (OSError, KitError):
                cache[doc_id] = None
        return cache[doc_id]

    return text_of
