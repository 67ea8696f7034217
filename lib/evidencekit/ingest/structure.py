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

from evidencekit.ingest.boilerplate import boilerplate
from evidencekit.ingest.genres import RECOGNISERS, host_of, parse_plain
from evidencekit.ingest.layout import split_lines
from evidencekit.lang.script import detect_language
from evidencekit.records import Meta, Region


def analyse_structure(
    text: str, page_meta: Meta | None = None, default_genre: str = "text"
) -> tuple[Meta, tuple[Region, ...]]:
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
    tuple of (Meta, tuple of Region)
        Regions are in document order and never include chrome, disclaimers, source or
        dateline trailers, or front matter.

    Raises
    ------
    FrontMatterError
        When front matter that looks like YAML cannot be parsed, or uses tags or aliases.

    Examples
    --------
    >>> meta, regions = analyse_structure("正文第一句。\\nOriginal source: https://www.example.com/a")
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
    regions = _title_as_heading(text, parsed.regions, given.get("title") or stated.get("title"))
    evidence = "\n".join(text[r.start : r.end] for r in regions)
    values = {**stated, **given, "genre": genre, "language": detect_language(evidence or text)}
    if not values.get("outlet") and values.get("url"):  # no outlet stated: the site of its address
        values["outlet"] = host_of(values["url"])
    return Meta(**values), tuple(regions)


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
