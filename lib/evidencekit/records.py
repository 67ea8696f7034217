"""Frozen, typed records passed between the kit's stages.

Offsets are half-open character offsets into the document's ``text`` (or into the
string given to :func:`evidencekit.extract_metrics`), so that
``text[char_start:char_end] == surface`` always holds.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

KINDS = ("power", "energy", "money", "percent", "duration", "count", "ratio", "multiple", "date")
QUALIFIERS = ("approximate", "at least", "more than", "at most", "less than")
GENRES = ("summary", "article", "comments", "transcript", "news", "page", "text")


@dataclass(frozen=True)
class Metric:
    """One quantitative claim found in a text.

    ``value_low == value_high`` for a single value; a range keeps both bounds.
    Values are in the canonical ``unit`` (``W``, ``Wh``, ISO currency code,
    ``percent``, ``month``, ``count``, ``ratio``, ``times`` for a multiple, ``year``).

    How an analyst reads it (``tests/cases/metrics/README.md`` has the conventions):
    ``direction`` (``up``/``down``) when the figure is a change or a comparison, None for a
    level; ``basis`` what a change is measured against ("year on year", "since 2020", "GPT-4");
    ``role`` (``start``/``end``) for the levels of "from X to Y"; ``period`` of a date (``Q2``,
    ``H1``, ``FY``); ``year`` the calendar year the figure is stated for (the date governing it
    in the text); ``per`` the denominator of a rate ("MWh" of "$40 per MWh"); ``subject`` what
    the figure measures ("chips", "share of US electricity demand").
    """

    surface: str
    char_start: int
    char_end: int
    kind: str
    value_low: float
    value_high: float
    unit: str
    unit_raw: str = ""
    qualifier: str | None = None
    lang: str = "en"
    rule: str = ""
    noun: str | None = None
    direction: str | None = None
    basis: str | None = None
    role: str | None = None
    period: str | None = None
    year: int | None = None
    per: str | None = None
    subject: str | None = None

    @property
    def is_range(self) -> bool:
        return self.value_low != self.value_high


@dataclass(frozen=True)
class Meta:
    """What a document states about itself; a key it does not state is None."""

    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    genre: str | None = None
    authors: tuple[str, ...] | None = None
    speakers: tuple[str, ...] | None = None
    people: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    summary: str | None = None

    def __getitem__(self, key: str) -> Any:
        if key not in self.keys():
            message = f"unknown meta key {key!r}; known keys: {', '.join(self.keys())}"
            raise KeyError(message)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key, None)
        return default if value is None else value

    def keys(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self))

    def as_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.keys()}


@dataclass(frozen=True)
class Region:
    """A span of a document's text that carries evidence (not chrome or metadata).

    ``kind`` is ``body``, ``heading`` or ``comment``; ``speaker`` is who wrote or
    said it where the document tells (a comment's author, a transcript's speaker).
    """

    start: int
    end: int
    kind: str = "body"
    speaker: str | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading, or list item) of a document's evidence regions."""

    doc_id: str
    sentence_id: int
    char_start: int
    char_end: int
    text: str
    lang: str
    speaker: str | None = None
    cites: tuple[str, ...] = ()
    heading: bool = False


@dataclass(frozen=True)
class ThemeHit:
    """A lexicon term that tags a span with a theme."""

    theme: str
    term: str
    char_start: int
    char_end: int
    weight: float = 1.0


@dataclass(frozen=True)
class LeftOut:
    """A figure found in a text but not kept as a metric, and why: a value a float cannot hold
    ("1e400 W", a run of 400 digits before a unit) is no claim anyone can chart or compare."""

    surface: str
    char_start: int
    char_end: int
    reason: str


@dataclass(frozen=True)
class ReadWarning:
    """A problem found while reading a document that was read all the same (broken front
    matter): ``code`` names it, ``message`` says what to do, ``line`` (1-based) says where."""

    code: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class Document:
    """One input document.

    ``text`` is the decoded file for plain text and Markdown (never altered), the main text
    of a web page for HTML (whose markup is kept in ``raw``), and the extracted text for PDF
    and Word files (their text layer in reading order; ``raw`` holds the same text, since
    their bytes are not text). ``regions`` are the spans of ``text`` that carry evidence, in
    order; ``warnings`` are the problems found while reading it (its status is ``warning`` in
    a corpus). ``pages`` is where each page begins in ``text`` (``pages[0] == 0``), for the
    formats that have pages (PDF; Word files that record their page breaks); empty for the
    others. :meth:`page_of` leads from an offset back to its page.
    """

    id: str
    path: Path
    text: str
    raw: str
    meta: Meta
    encoding: str = "utf-8"
    regions: tuple[Region, ...] = field(default_factory=tuple)
    warnings: tuple[ReadWarning, ...] = ()
    pages: tuple[int, ...] = ()

    @property
    def lang(self) -> str:
        return self.meta.language or "en"

    @property
    def genre(self) -> str:
        return self.meta.genre or "text"

    def page_of(self, offset: int) -> int | None:
        """The 1-based page on which ``text[offset]`` stands; None for a format without pages.

        >>> doc = Document("d", Path("d.pdf"), "one\\n\\f\\ntwo", "", Meta(), pages=(0, 6))
        >>> doc.page_of(0), doc.page_of(6), doc.text[6:9]
        (1, 2, 'two')
        >>> Document("t", Path("t.txt"), "one", "one", Meta()).page_of(0) is None
        True
        """
        if not self.pages:
            return None
        return max(bisect_right(self.pages, offset), 1)
