"""Recognise what kind of document a text is, and which of its spans carry evidence.

The kind (``Meta.genre``) is read from the content, never from the file name:

=============  ==========================================================================
``transcript`` Markdown with YAML front matter that names a ``speaker``
``comments``   a saved comment thread: lines such as "Paul Triolo's avatar" start comments
``summary``    ends with the original title, then a dateline ``Outlet·2025-12-04 00:28``
``news``       has an ``Original source: <URL>`` line or a ``Disclaimer: ...`` line
``article``    Chinese prose with none of the above
``text``       anything else (``page`` for a web page)
=============  ==========================================================================

The recognisers are in :mod:`~evidencekit.ingest.genres`, front matter in
:mod:`~evidencekit.ingest.frontmatter`, lines and regions in :mod:`~evidencekit.ingest.layout`;
chrome, disclaimer, source and dateline patterns live in ``data/boilerplate.yaml``
(:mod:`~evidencekit.ingest.boilerplate`). This module does no I/O on documents.
"""

from __future__ import annotations

from typing import NamedTuple

from evidencekit.ingest.boilerplate import boilerplate
from evidencekit.ingest.captions import figure_blocks
from evidencekit.ingest.chrome import byline_date, is_chrome_line, strip_chrome
from evidencekit.ingest.genres import RECOGNISERS, host_of, parse_plain
from evidencekit.ingest.layout import code_blocks, cut, split_lines
from evidencekit.lang.script import detect_language
from evidencekit.records import Meta, ReadWarning, Region


class Structure(NamedTuple):
    """What :func:`read_structure` finds: meta, evidence regions, and the problems met."""

    meta: Meta
    regions: tuple[Region, ...]
    warnings: tuple[ReadWarning, ...]


def analyse_structure(
    text: str, page_meta: Meta | None = None, default_genre: str = "text"
) -> tuple[Meta, tuple[Region, ...]]:
    """The meta and evidence regions of :func:`read_structure` (its warnings left aside)."""
    found = read_structure(text, page_meta, default_genre)
    return found.meta, found.regions


def read_structure(text: str, page_meta: Meta | None = None, default_genre: str = "text") -> Structure:
    """Recognise the kind of a document from its text; return its meta and evidence regions.

    Parameters
    ----------
    text : str
        The document's text (for a web page: its main text).
    page_meta : Meta, optional
        What the container already states (a web page's title, date, ...); it wins over
        what the text states.
    default_genre : str
        The genre when no kind is recognised: ``"text"``, or ``"page"`` for web pages.
        Chinese prose that is not otherwise recognised is an ``"article"`` only when the
        default is ``"text"``.

    Returns
    -------
    Structure
        ``meta``; ``regions`` in document order, never including chrome, disclaimers, source
        or dateline trailers, or front matter; ``warnings``: front matter that looks like
        YAML but cannot be parsed, or uses tags or aliases (code ``front-matter`` or
        ``unsafe-yaml``, with its line): the block is left out and the body is read.

    Examples
    --------
    >>> meta, regions, _ = read_structure("正文第一句。\\nOriginal source: https://www.example.com/a")
    >>> meta.genre, meta.outlet, meta.language, regions
    ('news', 'example.com', 'zh', (Region(start=0, end=6, kind='body', speaker=None),))
    """
    rules = boilerplate()
    lines = split_lines(text)
    parsed = next(
        (found for parse in RECOGNISERS if (found := parse(text, lines, rules))),
        None,
    ) or parse_plain(text, lines, rules)
    genre = parsed.genre
    if genre is None or (genre == "article" and default_genre != "text"):
        genre = default_genre
    stated = {key: value for key, value in parsed.fields.items() if value is not None}
    given = {k: v for k, v in (page_meta.as_dict() if page_meta else {}).items() if v is not None}
    values = {**stated, **given}
    if not values.get("outlet") and values.get("url"):  # no outlet stated: the site of its address
        values["outlet"] = host_of(values["url"])
    if not _usable_title(values.get("title"), values.get("outlet")):
        values.pop("title", None)
    furniture = [*code_blocks(text), *figure_blocks(text)]  # code, and the figures of reports
    regions = drop_repeats(text, strip_chrome(text, cut(parsed.regions, furniture)))
    regions = _title_as_heading(text, regions, values.get("title"))
    if not values.get("date"):  # no metadata states it: the byline or dateline of the page
        values["date"] = byline_date(lines, parsed.body_start)
    evidence = "\n".join(text[r.start : r.end] for r in regions)
    values.update(genre=genre, language=detect_language(evidence or text))
    warnings = tuple(ReadWarning(w.code, str(w), w.line) for w in parsed.warnings)
    return Structure(Meta(**values), tuple(regions), warnings)


def _usable_title(title: str | None, outlet: str | None) -> bool:
    """A title that is no chrome: it has letters, is no navigation or byline line, and is not
    just the name of the site."""
    if not title or not any(ch.isalpha() for ch in title) or is_chrome_line(title):
        return False
    names = {outlet.casefold(), outlet.casefold().rsplit(".", 1)[0]} if outlet else set()
    return title.strip().casefold() not in names


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".。:：!！?？")


def drop_repeats(text: str, regions: list[Region]) -> list[Region]:
    """A region said again right after itself is kept once: a heading (or a caption line)
    that the next paragraph repeats as its first sentence or line gives no row of its own.

    >>> text = "# Grid needs 5 GW\\n\\nGrid needs 5 GW. Prices rose."
    >>> [text[r.start : r.end] for r in drop_repeats(text, [Region(2, 17), Region(19, 48)])]
    ['Grid needs 5 GW. Prices rose.']
    """
    kept: list[Region] = []
    for index, region in enumerate(regions):
        after = regions[index + 1] if index + 1 < len(regions) else None
        if after is not None and _repeated_in(text[region.start : region.end], text[after.start : after.end]):
            continue
        kept.append(region)
    return kept


def _repeated_in(first: str, then: str) -> bool:
    said = _normalised(first)
    if not said or "\n" in first.strip():
        return False
    if _normalised(then.strip().splitlines()[0] if then.strip() else "") == said:
        return True
    following = " ".join(then.split()).casefold()
    return following.startswith(said) and following[len(said) : len(said) + 1] in ("", *".。:：!！?？;；")


def _title_as_heading(text: str, regions: list[Region], title: str | None) -> list[Region]:
    """A body paragraph whose first line is the title: that line becomes a heading region."""
    if not title:
        return regions
    for index, region in enumerate(regions):
        first = split_lines(text[region.start : region.end])[0]
        if region.kind == "body" and first.text == title.strip():
            start = region.start + first.start
            head = Region(start, region.start + first.end, "heading")
            rest = [ln for ln in split_lines(text[head.end : region.end]) if not ln.blank]
            tail = [Region(head.end + ln.start, region.end, "body", region.speaker) for ln in rest]
            return [*regions[:index], head, *tail[:1], *regions[index + 1 :]]
    return regions
