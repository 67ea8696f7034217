"""YAML front matter: find it, read it safely, and turn what it states into meta fields.

Front matter is read with a ``yaml.SafeLoader`` that also refuses aliases: a tag that would
build a Python object or run code (``!!python/object/apply:os.system``) raises
:class:`~evidencekit.errors.FrontMatterError` naming the line and the tag, whatever the block
looks like, and so does an ``*alias`` or a block nested too deep to parse. A first line
``---`` with a closing ``---`` whose block parses to a mapping is front matter; a block that
does not parse but looks like ``key: value`` lines raises ``FrontMatterError`` naming the line.
The error carries the block's lines (``block``): the recogniser keeps the document, reads the
plain ``key: value`` lines it can (:func:`salvage_fields`, never a tagged value), leaves the
block out of the evidence and reports the problem as a warning, so a metadata glitch neither
loses the document nor is read as evidence. A block that is neither is ordinary text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from evidencekit.errors import FrontMatterError
from evidencekit.ingest.layout import LINE_BREAK, Line

_FRONT_MATTER_KEY = re.compile(r"[A-Za-z_][\w -]*:")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


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
            raise FrontMatterError(message, line, code="unsafe-yaml")
        return super().compose_node(parent, index)  # type: ignore[no-any-return]

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date YAML cannot build (``2024-13-45``) stays the text it is, as any other value."""
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _FrontMatterLoader.construct_lenient_timestamp,  # type: ignore[arg-type]
)


def load_front_matter(block: str) -> Any:
    """Parse a front matter block with the safe loader; raise yaml.YAMLError, or
    FrontMatterError for aliases and structures nested too deep to parse.

    >>> load_front_matter("title: a\\ntags: [x, y]")
    {'title': 'a', 'tags': ['x', 'y']}
    """
    try:
        return yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader
    except RecursionError as error:
        message = "the front matter is nested too deeply to read; keep it to plain `key: value` lines"
        raise FrontMatterError(message) from error


_CLOSERS = {"---": ("---", "..."), "<!--": ("-->",)}
"""Lines that open a metadata block at the top of a document, and the lines that close it:
YAML front matter, or the same ``key: value`` lines inside an HTML comment."""


def find_front_matter(lines: list[Line], text: str) -> tuple[dict[str, Any], int] | None:
    """Parse a YAML front matter block; return its mapping and the index of its closing line.

    >>> from evidencekit.ingest.layout import split_lines
    >>> text = "---\\ntitle: A\\n---\\nBody."
    >>> find_front_matter(split_lines(text), text)
    ({'title': 'A'}, 2)
    """
    first = next((line for line in lines if not line.blank), None)  # blank lines may come first
    opener = first.text.lstrip("\ufeff") if first is not None else ""
    if first is None or opener not in _CLOSERS:
        return None
    closers = _CLOSERS[opener]
    closing = next((ln.index for ln in lines[first.index + 1 :] if ln.text in closers), None)
    if closing is None:
        return None
    opening = LINE_BREAK.search(text, first.end)
    block = text[opening.end() if opening else first.end : lines[closing].start]
    try:
        data = _load_block(block, lines[first.index + 1 : closing], closing)
    except FrontMatterError as error:
        error.block = (first.index, closing)
        raise
    return (data, closing) if isinstance(data, dict) else None


def _load_block(block: str, lines: list[Line], closing: int) -> Any:
    try:
        return load_front_matter(block)
    except yaml.YAMLError as error:
        unsafe = _unsafe_tag(error)
        if unsafe is not None:
            raise _unsafe_tag_error(error, unsafe, closing) from error
        if not _looks_like_mapping(lines):
            return None
        raise _front_matter_error(error, closing) from error


_PLAIN_FIELD = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:\s+(?P<value>[^!&*\s].*)")


def salvage_fields(lines: list[Line]) -> dict[str, Any]:
    """The plain ``key: value`` lines of a front matter block that cannot be read as a whole;
    a value with a YAML tag, anchor or alias is never read.

    >>> from evidencekit.ingest.layout import split_lines
    >>> salvage_fields(split_lines('title: "A"\\ntags: [a, b\\ncmd: !!python/name:os.system'))
    {'title': 'A', 'tags': '[a, b'}
    """
    fields: dict[str, Any] = {}
    for line in lines:
        found = _PLAIN_FIELD.fullmatch(line.text)
        if found and found["key"] not in fields:
            fields[found["key"]] = found["value"].strip().strip("\"'")
    return fields


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


def _unsafe_tag_error(error: yaml.YAMLError, tag: str, closing: int) -> FrontMatterError:
    line = _error_line(error)
    where = f"line {line}" if line else f"lines 2-{closing}"
    message = (
        f"{where}: the front matter uses the YAML tag {tag}, which could build objects or run "
        "code; it is refused (only plain YAML is read) and the document read without it: "
        "remove the tag"
    )
    return FrontMatterError(message, line, code="unsafe-yaml")


def _front_matter_error(error: yaml.YAMLError, closing: int) -> FrontMatterError:
    line = _error_line(error)
    problem = getattr(error, "problem", None) or "cannot be parsed"
    where = f"line {line}" if line else f"lines 2-{closing}"
    message = (
        f"{where}: the front matter is not valid YAML ({problem}); the document was read "
        f"without it: fix it or remove the lines between the two '---' (lines 1-{closing + 1})"
    )
    return FrontMatterError(message, line)


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


URL_KEYS = ("source", "url", "source_url", "link", "canonical", "canonical_url", "original_url", "permalink")
"""Front matter keys that give the document's address (the first that holds a web address wins)."""
DATE_KEYS = ("date", "published", "published_at", "date_published", "publish_date", "pubdate", "created")
"""Front matter keys that give the document's date, in order of trust."""


def front_matter_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The meta fields a front matter mapping states (None where it states nothing).

    >>> fields = front_matter_fields({"title": " A ", "speaker": "X, Y", "url": "ftp://h"})
    >>> fields["title"], fields["speakers"], fields["url"]
    ('A', ('X', 'Y'), None)
    >>> stated = {"source": "Reuters", "source_url": "https://x.org/a", "published_at": "2025-03-02"}
    >>> fields = front_matter_fields(stated)
    >>> fields["url"], fields["date"]
    ('https://x.org/a', '2025-03-02')
    """

    def first(*keys: str) -> Any:
        return next((data[k] for k in keys if data.get(k) not in (None, "", [])), None)

    urls = [_as_text(data.get(key)) for key in URL_KEYS]
    url = next((u for u in urls if u and u.startswith(("http://", "https://"))), None)
    return {
        "title": _as_text(first("title", "headline")),
        "date": iso_date(first(*DATE_KEYS)),
        "outlet": _as_text(first("outlet", "publisher", "site", "sitename", "site_name", "source_name")),
        "url": url,
        "authors": _as_names(first("authors", "author", "byline", "creator")),
        "speakers": _as_names(first("speakers", "speaker", "guest")),
        "people": _as_names(first("people")),
        "tags": _as_names(first("tags", "keywords")),
        "summary": _as_text(first("summary", "description")),
    }
