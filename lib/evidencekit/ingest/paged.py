"""What the PDF and Word readers share: pages joined into one text, titles and names from a
file's properties, and the Document built from them.

**Pages.** ``Document.pages`` holds the offset in ``text`` where each page begins, and
``Document.page_of(offset)`` the 1-based page of an offset (``bisect`` over those starts), so
``text[char_start:char_end]`` stays the claim and ``page_of(char_start)`` is its page. A PDF's
``text`` is its pages' texts joined by :data:`PAGE_BREAK`, a form feed on a line of its own:
the line is blank to the kit, so a paragraph, and with it a sentence, never runs from one
page into the next, ``text.split(PAGE_BREAK)`` gives the pages back, and an offset inside a
separator belongs to the page before it. A Word file's text is its body as written (a page
break there falls anywhere, often inside a paragraph); its pages are only the offsets.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from pathlib import Path

from evidencekit.ingest.boilerplate import boilerplate
from evidencekit.ingest.layout import cut
from evidencekit.ingest.running import running_lines
from evidencekit.ingest.structure import read_structure
from evidencekit.records import Document, Meta

PAGE_BREAK = "\n\f\n"
"""Between two pages of a paged document's text: a line holding a form feed."""
_NAME_SEPARATORS = re.compile(r"\s*;\s*")
_MAX_TITLE_CHARS = 200


def join_pages(pages: Iterable[str]) -> tuple[str, tuple[int, ...]]:
    """The pages' texts joined by :data:`PAGE_BREAK`, and the offset where each page begins.

    >>> join_pages(["one", "", "three"])
    ('one\\n\\x0c\\n\\n\\x0c\\nthree', (0, 6, 9))
    """
    starts: list[int] = []
    parts: list[str] = []
    length = 0
    for page in pages:
        if starts:
            parts.append(PAGE_BREAK)
            length += len(PAGE_BREAK)
        starts.append(length)
        parts.append(page)
        length += len(page)
    return "".join(parts), tuple(starts)


def empty_pages(text: str, pages: tuple[int, ...]) -> tuple[int, ...]:
    """The 1-based numbers of the pages that hold no text (whitespace only; a separator is).

    >>> empty_pages(*join_pages(["one", " ", "three", ""]))
    (2, 4)
    """
    bounds = [*pages, len(text)]
    spans = itertools.pairwise(bounds)
    return tuple(number for number, (start, end) in enumerate(spans, start=1) if not text[start:end].strip())


def file_title(stated: str | None, fallback: str | None) -> str | None:
    """The title a file's properties state, unless editing software wrote it in place of one
    (``file_title`` of ``data/boilerplate.yaml``); then ``fallback`` (its first heading).

    >>> file_title("Microsoft Word - draft.docx", "The Power Gap"), file_title("Chips", "X")
    ('The Power Gap', 'Chips')
    """
    title = " ".join((stated or "").split())
    if not title or len(title) > _MAX_TITLE_CHARS or boilerplate().match("file_title", title):
        return _clean_title(fallback)
    return title


def _clean_title(value: str | None) -> str | None:
    title = " ".join((value or "").split())
    if not title or len(title) > _MAX_TITLE_CHARS or not any(ch.isalnum() for ch in title):
        return None
    return title


def names(value: str | None) -> tuple[str, ...] | None:
    """Authors as a file's properties list them (separated by semicolons), or None.

    >>> names("Ann Lee; Bo Chen"), names("  ")
    (('Ann Lee', 'Bo Chen'), None)
    """
    found = tuple(name for name in _NAME_SEPARATORS.split((value or "").strip()) if name)
    return found or None


def paged_document(
    path: Path, text: str, pages: tuple[int, ...], meta: Meta, encoding: str = "utf-8"
) -> Document:
    """A Document of extracted ``text`` (``raw`` is the same text: the file's bytes are not text),
    its structure recognised as for a text file, ``meta`` winning over what the text states."""
    found, regions, warnings = read_structure(text, meta, "text")
    regions = tuple(cut(regions, running_lines(text, pages)))  # running heads and feet: chrome
    return Document(path.stem, path, text, text, found, encoding, regions, warnings, pages)
