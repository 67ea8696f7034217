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

Chrome, disclaimer, source and dateline patterns live in ``data/boilerplate.yaml``. This
module does no I/O on documents; it only reads its own data files.

Front matter is read with a ``yaml.SafeLoader`` that also refuses aliases: a tag that would
build a Python object or run code (``!!python/object/apply:os.system``) raises
:class:`StructureError` naming the line and the tag, whatever the block looks like, and so
does an ``*alias`` or a block nested too deep to parse. A first line ``---`` with a closing
``---`` whose block parses to a mapping is front matter; a block that does not parse but
looks like ``key: value`` lines raises :class:`StructureError` naming the line (the reader
turns it into a ``DocumentError`` naming the file), so a broken header is never silently
read as evidence. A block that is neither is ordinary text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from evidencekit.errors import DataFileError, KitError
from evidencekit.lang.script import _HAN as HAN_CHARACTER
from evidencekit.lang.script import detect_language
from evidencekit.records import Meta, Region

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BOILERPLATE_PATH = DATA_DIR / "boilerplate.yaml"

_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x85]")
_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")
_FRONT_MATTER_KEY = re.compile(r"[A-Za-z_][\w -]*:")
_ISO_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_BOILERPLATE_GROUPS = {
    "chrome": (),
    "disclaimer": (),
    "source_line": ("url",),
    "dateline": ("outlet", "date"),
    "comment_author": ("name",),
}
_MIN_ARTICLE_HAN = 100
_MAX_TITLE_CHARS = 80
_SENTENCE_ENDS = ".。!！?？;；:："


class StructureError(KitError, ValueError):
    """A document's own structure is broken (such as front matter that is not YAML)."""

    def __init__(self, message: str, line: int | None = None, code: str = "front-matter") -> None:
        self.line = line
        self.code = code
        super().__init__(message)


# --- private data loader (to be replaced by evidencekit.lang.loader) -------------------------


def data_language_codes() -> tuple[str, ...]:
    """Return the supported languages: the subfolders of ``data/`` (``en``, ``zh``)."""
    return tuple(sorted(p.name for p in DATA_DIR.iterdir() if p.is_dir() and len(p.name) == 2))


def display_path(path: Path) -> Path:
    """Return ``path`` relative to the package (``data/boilerplate.yaml``) when inside it."""
    try:
        return path.relative_to(DATA_DIR.parent)
    except ValueError:
        return path


def read_data_file(path: Path) -> tuple[dict[str, Any], yaml.MappingNode]:
    """Load a YAML data file whose top level is a mapping, with its node tree for line numbers.

    Raises
    ------
    DataFileError
        When the file is not valid YAML or its top level is not a mapping.
    """
    shown = display_path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        message = f"not valid YAML: {problem}; check quotes and indentation"
        raise DataFileError(shown, message, line=mark.line + 1 if mark else None) from error
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        message = "the top level must be a mapping of keys to values"
        raise DataFileError(shown, message, line=1)
    return data, node


def node_line(node: yaml.Node, *path: str | int) -> int | None:
    """Return the 1-based line of the entry at ``path`` (mapping keys, list indices) in ``node``.

    For a mapping key this is the line of the key itself, for a list index that of the item.
    """
    current: yaml.Node | None = node
    line: int | None = None
    for step in path:
        if isinstance(current, yaml.MappingNode):
            pair = next(((k, v) for k, v in current.value if k.value == step), None)
            current, line = (pair[1], pair[0].start_mark.line + 1) if pair else (None, None)
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int):
            current = current.value[step] if step < len(current.value) else None
            line = current.start_mark.line + 1 if current is not None else None
        else:
            current = None
        if current is None:
            return None
    return line


def compile_pattern(
    source: Any, shown: Path, line: int | None, key: str, groups: tuple[str, ...] = ()
) -> re.Pattern[str]:
    """Compile one pattern of a data file, checking that it captures the named ``groups``."""
    if not isinstance(source, str) or not source:
        raise DataFileError(shown, f'"{key}": patterns must be non-empty strings', line, key)
    try:
        pattern = re.compile(source, re.IGNORECASE)
    except re.error as error:
        message = f'"{key}": pattern {source!r} is not a valid regular expression ({error})'
        raise DataFileError(shown, message, line, key) from error
    missing = [name for name in groups if name not in pattern.groupindex]
    if missing:
        message = f'"{key}": pattern {source!r} must capture {", ".join(missing)} as (?P<name>...)'
        raise DataFileError(shown, message, line, key)
    return pattern


@dataclass(frozen=True)
class Boilerplate:
    """Compiled patterns of ``data/boilerplate.yaml``; each matches a whole stripped line."""

    chrome: tuple[re.Pattern[str], ...] = ()
    disclaimer: tuple[re.Pattern[str], ...] = ()
    source_line: tuple[re.Pattern[str], ...] = ()
    dateline: tuple[re.Pattern[str], ...] = ()
    comment_author: tuple[re.Pattern[str], ...] = ()

    def match(self, key: str, line: str) -> re.Match[str] | None:
        """Return the first pattern of ``key`` that matches the whole (stripped) ``line``."""
        for pattern in getattr(self, key):
            found = pattern.fullmatch(line.strip())
            if found:
                return found
        return None

    def is_noise(self, line: str) -> bool:
        """True for chrome, disclaimers, source lines, datelines and lines without words."""
        if not any(ch.isalnum() for ch in line):
            return True
        keys = ("chrome", "disclaimer", "source_line", "dateline")
        return any(self.match(key, line) for key in keys)


def load_boilerplate(path: Path = BOILERPLATE_PATH) -> Boilerplate:
    """Load and validate a boilerplate file (format: see its header).

    Raises
    ------
    DataFileError
        Naming the file, line and key of an unknown key or language, or a bad pattern.

    Examples
    --------
    >>> rules = load_boilerplate()
    >>> bool(rules.match("chrome", "No posts")), bool(rules.match("chrome", "No wonder"))
    (True, False)
    """
    data, node = read_data_file(path)
    shown = display_path(path)
    languages = data_language_codes()
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key, by_language in data.items():
        line = node_line(node, key)
        if key not in _BOILERPLATE_GROUPS:
            known = ", ".join(_BOILERPLATE_GROUPS)
            raise DataFileError(shown, f'unknown key "{key}"; expected one of: {known}', line, key)
        if not isinstance(by_language, dict):
            message = f'"{key}" must map language codes ({", ".join(languages)}) to lists'
            raise DataFileError(shown, message, line, key)
        compiled[key] = _compile_languages(by_language, node, shown, key, languages)
    return Boilerplate(**compiled)


def _compile_languages(
    by_language: dict[str, Any],
    node: yaml.MappingNode,
    shown: Path,
    key: str,
    languages: tuple[str, ...],
) -> tuple[re.Pattern[str], ...]:
    patterns: list[re.Pattern[str]] = []
    for lang, sources in by_language.items():
        line = node_line(node, key, lang)
        if lang not in languages:
            message = f'"{key}": unknown language "{lang}"; expected one of: {", ".join(languages)}'
            raise DataFileError(shown, message, line, key)
        if not isinstance(sources, list):
            raise DataFileError(shown, f'"{key}.{lang}" must be a list of patterns', line, key)
        for index, source in enumerate(sources):
            item_line = node_line(node, key, lang, index)
            if sources.index(source) != index:
                message = f'"{key}.{lang}": pattern {source!r} is listed twice; remove one'
                raise DataFileError(shown, message, item_line, key)
            groups = _BOILERPLATE_GROUPS[key]
            patterns.append(compile_pattern(source, shown, item_line, key, groups))
    return tuple(patterns)


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    """The boilerplate rules of the package, loaded once."""
    return load_boilerplate()


# --- lines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a text: ``start``/``end`` bound its content without surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return self.start == self.end


def split_lines(text: str) -> list[Line]:
    """Split ``text`` at line breaks into :class:`Line` objects with stripped bounds.

    >>> [(line.start, line.end, line.text) for line in split_lines(" a \\r\\nb")]
    [(1, 2, 'a'), (5, 6, 'b')]
    """
    lines: list[Line] = []
    start = 0
    for index, found in enumerate(_iter_breaks(text)):
        lines.append(_make_line(text, index, start, found))
        start = found if found == len(text) else _after_break(text, found)
    return lines


def _iter_breaks(text: str) -> Iterator[int]:
    for found in _LINE_BREAK.finditer(text):
        yield found.start()
    if not text or _LINE_BREAK.match(text, len(text) - 1) is None:
        yield len(text)


def _after_break(text: str, position: int) -> int:
    found = _LINE_BREAK.match(text, position)
    return found.end() if found else position


def _make_line(text: str, index: int, start: int, end: int) -> Line:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Line(index, start, end, text[start:end])


def heading_content(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Bounds of a Markdown heading's text (``### Title`` → ``Title``), or None.

    >>> heading_content("### 危险的领先劣势 ###", 0, 15), heading_content("## C#", 0, 5)
    ((4, 11), (3, 5))
    """
    found = _HEADING.match(text, start, end)
    if not found:
        return None
    content = text[found.end() : end].rstrip()
    closing = _CLOSING_HASHES.search(content)  # "## Title ##", but not "## C#"
    content = content[: closing.start()] if closing else content
    return (found.end(), found.end() + len(content)) if content else None


# --- regions ----------------------------------------------------------------------------


def _paragraph_regions(
    lines: list[Line],
    keep: Callable[[Line], bool],
    kind: str = "body",
    speaker: str | None = None,
    blank_breaks: bool = True,
) -> list[Region]:
    """Group kept lines into regions; blank or dropped lines end a region, headings stand alone."""
    regions: list[Region] = []
    run: list[Line] = []

    def close() -> None:
        if run:
            regions.append(Region(run[0].start, run[-1].end, kind, speaker))
            run.clear()

    for line in lines:
        if line.blank and not blank_breaks:
            continue
        if line.blank or not keep(line):
            close()
        elif bounds := heading_content(line.text, 0, len(line.text)):
            close()
            regions.append(Region(line.start + bounds[0], line.start + bounds[1], "heading"))
        else:
            run.append(line)
    close()
    return regions


@dataclass
class Parsed:
    """What a recogniser found: the genre, meta fields it states, and evidence regions."""

    genre: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)


def _not_noise(rules: Boilerplate) -> Callable[[Line], bool]:
    return lambda line: not rules.is_noise(line.text)


# --- front matter and transcripts -------------------------------------------------------


class _FrontMatterLoader(yaml.SafeLoader):
    """``yaml.safe_load`` (plain YAML only: no tag builds Python objects or runs code), and
    no aliases either: front matter needs none, and ``*alias`` chains can blow up in size."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            line = self.peek_event().start_mark.line + 2  # the block starts on line 2
            message = (
                f"line {line}: the front matter uses a YAML alias (*name), which is not read; "
                "write the value out in full"
            )
            raise StructureError(message, line, code="unsafe-yaml")
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def load_front_matter(block: str) -> Any:
    """Parse a front matter block with the safe loader; raise yaml.YAMLError, or
    StructureError for aliases and structures nested too deep to parse.

    >>> load_front_matter("title: a\\ntags: [x, y]")
    {'title': 'a', 'tags': ['x', 'y']}
    """
    try:
        return yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader
    except RecursionError as error:
        message = "the front matter is nested too deeply to read; keep it to plain `key: value` lines"
        raise StructureError(message) from error


def _front_matter(lines: list[Line], text: str) -> tuple[dict[str, Any], int] | None:
    """Parse a YAML front matter block; return its mapping and the index of its closing line."""
    if not lines or lines[0].start != 0 or lines[0].text != "---":
        return None
    closing = next((ln.index for ln in lines[1:] if ln.text in ("---", "...")), None)
    if closing is None:
        return None
    opening = _LINE_BREAK.search(text)
    block = text[opening.end() if opening else 0 : lines[closing].start]
    try:
        data = load_front_matter(block)
    except yaml.YAMLError as error:
        unsafe = _unsafe_tag(error)
        if unsafe is not None:
            raise _unsafe_tag_error(error, unsafe, closing) from error
        if not _looks_like_mapping(lines[1:closing]):
            return None
        raise _front_matter_error(error, closing) from error
    return (data, closing) if isinstance(data, dict) else None


def _looks_like_mapping(lines: list[Line]) -> bool:
    first = next((ln for ln in lines if not ln.blank and not ln.text.startswith("#")), None)
    return first is not None and bool(_FRONT_MATTER_KEY.match(first.text))


def _error_line(error: yaml.YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None)
    return mark.line + 2 if mark else None  # the block starts on the document's line 2


def _unsafe_tag(error: yaml.YAMLError) -> str | None:
    """The tag the safe loader refused (``!!python/object/apply:os.system``), if that is the error."""
    problem = getattr(error, "problem", None) or ""
    if not isinstance(error, yaml.constructor.ConstructorError) or "for the tag" not in problem:
        return None
    tag = problem.split("for the tag", 1)[1].strip().strip("'\"")
    return tag.replace("tag:yaml.org,2002:", "!!")


def _unsafe_tag_error(error: yaml.YAMLError, tag: str, closing: int) -> StructureError:
    line = _error_line(error)
    where = f"line {line}" if line else f"lines 2-{closing}"
    message = (
        f"{where}: the front matter uses the YAML tag {tag}, which could build objects or run "
        "code; it is refused (only plain YAML is read): remove the tag"
    )
    return StructureError(message, line, code="unsafe-yaml")


def _front_matter_error(error: yaml.YAMLError, closing: int) -> StructureError:
    line = _error_line(error)
    problem = getattr(error, "problem", None) or "cannot be parsed"
    where = f"line {line}" if line else f"lines 2-{closing}"
    message = (
        f"{where}: the front matter is not valid YAML ({problem}); fix it or remove the "
        f"lines between the two '---' (lines 1-{closing + 1})"
    )
    return StructureError(message, line)


def _as_names(value: Any) -> tuple[str, ...] | None:
    """A front-matter value as a tuple of non-empty strings (a string may list names with ,)."""
    if isinstance(value, str):
        value = re.split(r"[,，;；、]", value)
    if not isinstance(value, list):
        return None
    scalars = [str(item).strip() for item in value if isinstance(item, str | int | float | date)]
    names = tuple(name for name in scalars if name)
    return names or None


def _as_text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def iso_date(value: Any) -> str | None:
    """Return a date as ``YYYY-MM-DD``, or None when it is not a full calendar date.

    >>> iso_date("2025年12月4日"), iso_date("2024/6/6"), iso_date("June 2024")
    ('2025-12-04', '2024-06-06', None)
    """
    if isinstance(value, date):
        return value.isoformat()[:10]
    found = _ISO_DATE.search(value) if isinstance(value, str) else None
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups())).isoformat()
    except ValueError:
        return None


def _front_matter_fields(data: dict[str, Any]) -> dict[str, Any]:
    def first(*keys: str) -> Any:
        return next((data[k] for k in keys if data.get(k) not in (None, "", [])), None)

    url = _as_text(first("source", "url", "link"))
    return {
        "title": _as_text(first("title")),
        "date": iso_date(first("date", "published")),
        "outlet": _as_text(first("outlet", "publisher", "site", "sitename")),
        "url": url if url and url.startswith(("http://", "https://")) else None,
        "authors": _as_names(first("authors", "author")),
        "speakers": _as_names(first("speakers", "speaker", "guest")),
        "people": _as_names(first("people")),
        "tags": _as_names(first("tags", "keywords")),
        "summary": _as_text(first("summary", "description")),
    }


def _parse_front_matter(text: str, lines: list[Line], rules: Boilerplate) -> Parsed | None:
    found = _front_matter(lines, text)
    if found is None:
        return None
    data, closing = found
    fields = _front_matter_fields(data)
    speakers: tuple[str, ...] = fields["speakers"] or ()
    speaker = speakers[0] if len(speakers) == 1 else None
    body = lines[closing + 1 :]
    regions = _paragraph_regions(body, _not_noise(rules), speaker=speaker)
    names = tuple(speakers) + tuple(fields["people"] or ())
    return Parsed("transcript" if speakers else None, fields, _label_speakers(text, regions, names))


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


def _parse_comments(text: str, lines: list[Line], rules: Boilerplate) -> Parsed | None:
    starts = [
        (line.index, found["name"].strip())
        for line in lines
        if not rules.match("chrome", line.text) and (found := rules.match("comment_author", line.text))
    ]
    if not starts:
        return None
    keep = _not_noise(rules)
    regions = _paragraph_regions(lines[: starts[0][0]], keep)
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
    regions = _paragraph_regions(body[:cut], keep, "comment", name, blank_breaks=False)
    return regions + _paragraph_regions(body[cut:], keep)


# --- summaries and news -----------------------------------------------------------------


def _last_lines(lines: list[Line], count: int) -> list[Line]:
    return [line for line in lines if not line.blank][-count:]


def _parse_summary(text: str, lines: list[Line], rules: Boilerplate) -> Parsed | None:
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
    regions = _paragraph_regions(lines[:end], _not_noise(rules))
    return Parsed("summary", fields, regions)


def _looks_like_title(line: str, rules: Boilerplate) -> bool:
    """A short line that does not end like a statement (a title may be a question)."""
    return len(line) <= 200 and not rules.is_noise(line) and line[-1] not in ".。;；:："


def _parse_news(text: str, lines: list[Line], rules: Boilerplate) -> Parsed | None:
    sources = [found for line in lines if (found := rules.match("source_line", line.text))]
    disclaimers = [line for line in lines if rules.match("disclaimer", line.text)]
    if not sources and not disclaimers:
        return None
    url = sources[0]["url"].rstrip(".,;)") if sources else None
    fields = {"url": url, "outlet": host_of(url) if url else None}
    return Parsed("news", fields, _paragraph_regions(lines, _not_noise(rules)))


def host_of(url: str) -> str | None:
    """The host of ``url`` without ``www.``.

    >>> host_of("https://www.toutiao.com/article/1834609760488841/")
    'toutiao.com'
    """
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


# --- plain text -------------------------------------------------------------------------


def _parse_plain(text: str, lines: list[Line], rules: Boilerplate) -> Parsed:
    regions = _paragraph_regions(lines, _not_noise(rules))
    fields = {"title": _plain_title(text, lines, regions)}
    evidence = "".join(text[r.start : r.end] for r in regions)
    genre = (
        "article"
        if _has_han_count(evidence, _MIN_ARTICLE_HAN) and detect_language(evidence) == "zh"
        else None
    )
    return Parsed(genre, fields, regions)


def _has_han_count(text: str, count: int) -> bool:
    """True when ``text`` holds at least ``count`` Han characters (stops at the count: a
    regular expression scan, not a Python loop over a document's characters).

    >>> _has_han_count("AI电力需求", 4), _has_han_count("AI电力需求", 5)
    (True, False)
    """
    return sum(1 for _ in islice(HAN_CHARACTER.finditer(text), count)) >= count


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


# --- entry point ------------------------------------------------------------------------

_RECOGNISERS = (_parse_front_matter, _parse_comments, _parse_summary, _parse_news)


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
    StructureError
        When front matter that looks like YAML cannot be parsed.

    Examples
    --------
    >>> meta, regions = analyse_structure("正文第一句。\\nOriginal source: https://www.example.com/a")
    >>> meta.genre, meta.outlet, meta.language, regions
    ('news', 'example.com', 'zh', (Region(start=0, end=6, kind='body', speaker=None),))
    """
    rules = boilerplate()
    lines = split_lines(text)
    parsed = next(
        (found for parse in _RECOGNISERS if (found := parse(text, lines, rules))),
        None,
    ) or _parse_plain(text, lines, rules)
    genre = parsed.genre
    if genre is None or (genre == "article" and default_genre != "text"):
        genre = default_genre
    stated = {key: value for key, value in parsed.fields.items() if value is not None}
    given = {k: v for k, v in (page_meta.as_dict() if page_meta else {}).items() if v is not None}
    regions = _title_as_heading(text, parsed.regions, given.get("title") or stated.get("title"))
    evidence = "\n".join(text[r.start : r.end] for r in regions)
    values = {**stated, **given, "genre": genre, "language": detect_language(evidence or text)}
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
