"""Recognisers: each tells one kind of document from its content and finds its evidence.

A recogniser takes the text, its lines and the boilerplate rules, and returns a
:class:`Parsed` (genre, the meta fields the text states, evidence regions) or None when the
text is not of its kind. :data:`RECOGNISERS` are tried in order; :func:`parse_plain` is the
fallback. See :mod:`evidencekit.ingest.structure` for the kinds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from evidencekit.errors import FrontMatterError
from evidencekit.ingest.boilerplate import Boilerplate
from evidencekit.ingest.frontmatter import find_front_matter, front_matter_fields, iso_date, salvage_fields
from evidencekit.ingest.layout import Line, paragraph_regions
from evidencekit.lang.script import detect_language, han_count
from evidencekit.records import Region

_MIN_ARTICLE_HAN = 100
_MAX_TITLE_CHARS = 80
_SENTENCE_ENDS = ".。!！?？;；:："


@dataclass
class Parsed:
    """What a recogniser found: the genre, meta fields it states, and evidence regions."""

    genre: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    body_start: int = 0  # the first line after the document's metadata block
    warnings: list[FrontMatterError] = field(default_factory=list)


def _not_noise(rules: Boilerplate) -> Callable[[Line], bool]:
    return lambda line: not rules.is_noise(line.text)


# --- front matter and transcripts -------------------------------------------------------


def parse_front_matter(text: str, lines: list[Line], rules: Boilerplate) -> Parsed | None:
    """Markdown with YAML front matter; a ``transcript`` when it names speakers.

    Front matter that cannot be read (not YAML, a refused tag) is a warning: its plain
    ``key: value`` lines still give meta fields, the block is no evidence, the body is read."""
    problems: list[FrontMatterError] = []
    try:
        found = find_front_matter(lines, text)
    except FrontMatterError as error:
        if error.block is None:
            raise
        problems.append(error)
        found = (salvage_fields(lines[error.block[0] + 1 : error.block[1]]), error.block[1])
    if found is None:
        return None
    data, closing = found
    fields = front_matter_fields(data)
    speakers: tuple[str, ...] = fields["speakers"] or ()
    speaker = speakers[0] if len(speakers) == 1 else None
    body = lines[closing + 1 :]
    regions = paragraph_regions(body, _not_noise(rules), speaker=speaker)
    names = tuple(speakers) + tuple(fields["people"] or ())
    regions = _label_speakers(text, regions, names)
    return Parsed("transcript" if speakers else None, fields, regions, closing + 1, problems)


def _label_speakers(text: str, regions: list[Region], names: tuple[str, ...]) -> list[Region]:
    """A paragraph that opens with ``Name:`` or ``**Name:**`` is spoken by that person (the
    label is left out of the region), and so are the unlabelled paragraphs after it."""
    if not names:
        return regions
    label = re.compile(r"\**\s*(" + "|".join(map(re.escape, names)) + r")\s*\**\s*[:：]\s*\**\s*")
    labelled: list[Region] = []
    speaker: str | None = None
    for region in regions:
        found = label.match(text, region.start, region.end) if region.kind == "body" else None
        if found and found.end() < region.end:
            speaker = found[1]
            region = Region(found.end(), region.end, region.kind, speaker)
        elif region.kind == "body" and speaker is not None:
            region = Region(region.start, region.end, region.kind, speaker)
        labelled.append(region)
    return labelled


# --- comments ---------------------------------------------------------------------------


def parse_comments(text: str, lines: list[Line], rules: Boilerplate) -> Parsed | None:
    """A saved comment thread: comment-author lines start comments."""
    starts = [
        (line.index, found["name"].strip())
        for line in lines
        if not rules.match("chrome", line.text) and (found := rules.match("comment_author", line.text))
    ]
    if not starts:
        return None
    keep = _not_noise(rules)
    regions = paragraph_regions(lines[: starts[0][0]], keep)
    ends = [index for index, _ in starts[1:]] + [len(lines)]
    for (index, name), end in zip(starts, ends, strict=True):
        regions.extend(_comment_regions(lines[index + 1 : end], name, keep))
    authors = tuple(dict.fromkeys(name for _, name in starts))
    return Parsed("comments", {"authors": authors}, regions)


def _comment_regions(lines: list[Line], name: str, keep: Callable[[Line], bool]) -> list[Region]:
    """One comment: its text up to the first chrome line; any text after that has no speaker."""
    body = [line for line in lines if not line.blank]
    while body and body[0].text.casefold() == name.casefold():  # the name repeated under the avatar
        body.pop(0)
    while body and not keep(body[0]):  # timestamp lines
        body.pop(0)
    cut = next((i for i, line in enumerate(body) if not keep(line)), len(body))
    regions = paragraph_regions(body[:cut], keep, "comment", name, blank_breaks=False)
    return regions + paragraph_regions(body[cut:], keep)


# --- summaries and news -----------------------------------------------------------------


def _last_lines(lines: list[Line], count: int) -> list[Line]:
    return [line for line in lines if not line.blank][-count:]


def parse_summary(text: str, lines: list[Line], rules: Boilerplate) -> Parsed | None:
    """Ends with the original title, then a dateline ``Outlet·2025-12-04 00:28``."""
    tail = _last_lines(lines, 3)
    found = rules.match("dateline", tail[-1].text) if tail else None
    if found is None:
        return None
    fields = {"outlet": found["outlet"].strip(), "date": iso_date(found["date"])}
    end = tail[-1].index
    title = tail[-2] if len(tail) == 3 else None
    if title is not None and _looks_like_title(title.text, rules):
        fields["title"] = title.text
        end = title.index
    regions = paragraph_regions(lines[:end], _not_noise(rules))
    return Parsed("summary", fields, regions)


def _looks_like_title(line: str, rules: Boilerplate) -> bool:
    """A short line that does not end like a statement (a title may be a question)."""
    return len(line) <= 200 and not rules.is_noise(line) and line[-1] not in ".。;；:："


def parse_news(text: str, lines: list[Line], rules: Boilerplate) -> Parsed | None:
    """Has an ``Original source: <URL>`` line or a ``Disclaimer: ...`` line."""
    sources = [found for line in lines if (found := rules.match("source_line", line.text))]
    disclaimers = [line for line in lines if rules.match("disclaimer", line.text)]
    if not sources and not disclaimers:
        return None
    url = sources[0]["url"].rstrip(".,;)") if sources else None
    fields = {"url": url, "outlet": host_of(url) if url else None}
    return Parsed("news", fields, paragraph_regions(lines, _not_noise(rules)))


def host_of(url: str) -> str | None:
    """The host of ``url`` without ``www.``.

    >>> host_of("https://www.toutiao.com/article/1834609760488841/")
    'toutiao.com'
    """
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


# --- plain text -------------------------------------------------------------------------


def parse_plain(text: str, lines: list[Line], rules: Boilerplate) -> Parsed:
    """Anything else: an ``article`` when Chinese prose carries it, else no genre."""
    regions = paragraph_regions(lines, _not_noise(rules))
    fields = {"title": _plain_title(text, lines, regions)}
    evidence = "".join(text[r.start : r.end] for r in regions)
    genre = (
        "article" if han_count(evidence) >= _MIN_ARTICLE_HAN and detect_language(evidence) == "zh" else None
    )
    return Parsed(genre, fields, regions)


def _plain_title(text: str, lines: list[Line], regions: list[Region]) -> str | None:
    """A level-1 Markdown heading, or a short first line set apart by a blank line."""
    first = regions[0] if regions else None
    if first is None:
        return None
    if first.kind == "heading":
        marker = text[text.rfind("\n", 0, first.start) + 1 : first.start].strip()
        return text[first.start : first.end] if marker == "#" else None
    top = next(line for line in lines if not line.blank)
    after = lines[top.index + 1] if top.index + 1 < len(lines) else None
    short = len(top.text) <= _MAX_TITLE_CHARS and top.text[-1] not in _SENTENCE_ENDS
    return top.text if short and after is not None and after.blank else None


RECOGNISERS: tuple[Callable[[str, list[Line], Boilerplate], Parsed | None], ...] = (
    parse_front_matter,
    parse_comments,
    parse_summary,
    parse_news,
)
"""Tried in this order; the first that recognises the text wins, else :func:`parse_plain`."""
