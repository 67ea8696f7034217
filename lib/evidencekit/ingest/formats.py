"""The readers, one per format: plain text and Markdown, and saved web pages.

Each reader has ``suffixes``, ``accepts(path)`` and ``read(path, data)``; it reads the
file's bytes once, decodes them (:mod:`evidencekit.ingest.decode`) and hands the text to
:func:`~evidencekit.ingest.structure.read_structure`, which recognises the kind of
document and its evidence regions. Heavy libraries (trafilatura) are imported inside their
reader; when one is missing, the error says what to install.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from evidencekit.errors import DocumentError
from evidencekit.ingest.decode import decode_bytes, read_bytes
from evidencekit.ingest.frontmatter import iso_date
from evidencekit.ingest.structure import read_structure
from evidencekit.records import Document, Meta

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _document(path: Path, text: str, raw: str, encoding: str, page: Meta | None) -> Document:
    meta, regions, warnings = read_structure(text, page, "page" if page is not None else "text")
    return Document(path.stem, path, text, raw, meta, encoding, regions, warnings)


class TextReader:
    """Plain text and Markdown: ``text`` is the decoded file, unaltered; ``raw == text``."""

    suffixes: tuple[str, ...] = (".txt", ".md")

    def accepts(self, path: Path) -> bool:
        """True for a ``.txt`` or ``.md`` file name."""
        return path.suffix.lower() in self.suffixes

    def read(self, path: Path, data: bytes | None = None) -> Document:
        """Decode the file (or its ``data``, already read) and recognise its structure."""
        text, encoding = decode_bytes(read_bytes(path) if data is None else data, path)
        return _document(path, text, text, encoding, None)


class HtmlReader:
    """Saved web pages: ``text`` is the page's main text (trafilatura), ``raw`` the HTML."""

    suffixes: tuple[str, ...] = (".html", ".htm")

    def accepts(self, path: Path) -> bool:
        """True for a ``.html`` or ``.htm`` file name."""
        return path.suffix.lower() in self.suffixes

    def read(self, path: Path, data: bytes | None = None) -> Document:
        """Decode the page, extract its main text and metadata, recognise its structure."""
        trafilatura = _import_trafilatura(path)
        data = read_bytes(path) if data is None else data
        declared = _DECLARED_CHARSET.search(data[:4096])
        raw, encoding = decode_bytes(data, path, declared[1].decode("ascii") if declared else None)
        text, found = _extract_page(trafilatura, raw, path)
        if not text or not text.strip():
            raise _no_main_text(path, raw)
        return _document(path, text, raw, encoding, _page_meta(found))


def _extract_page(trafilatura: Any, raw: str, path: Path) -> tuple[str | None, Any]:
    """The page's main text and metadata; a failure of the HTML parser is a DocumentError."""
    try:
        text = trafilatura.extract(raw, include_comments=False, include_tables=True)
        return text, trafilatura.extract_metadata(raw) if text else None
    except RecursionError as error:
        message = "elements nested too deep to parse; save the article's text as .txt"
        raise DocumentError(path, message, code="too-deep") from error
    except Exception as error:  # noqa: BLE001 - trafilatura and lxml raise many kinds
        message = (
            f"the HTML cannot be parsed ({type(error).__name__}: {error}); save the article's text as .txt"
        )
        raise DocumentError(path, message, code="html") from error


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID_TAGS = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param")
    + ("source", "track", "wbr")
)
_MAX_HTML_DEPTH = 250  # lxml (libxml2) silently drops what is nested deeper than about 255


def html_depth(raw: str) -> int:
    """How deep the page's elements nest (a linear scan of its tags, without recursion).

    >>> html_depth("<html><body><div><p>a<br>b</p></div></body></html>")
    4
    """
    depth = deepest = 0
    for found in _TAG.finditer(raw):
        closing, name, self_closing = found.groups()
        if closing:
            depth = max(depth - 1, 0)
        elif not self_closing and name.lower() not in _VOID_TAGS:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _no_main_text(path: Path, raw: str) -> DocumentError:
    depth = html_depth(raw)
    if depth > _MAX_HTML_DEPTH:
        message = (
            f"elements nested {depth} deep, deeper than the HTML parser reads "
            f"({_MAX_HTML_DEPTH}); save the article's text as .txt, or the page after "
            "removing the nesting"
        )
        return DocumentError(path, message, code="too-deep")
    message = "no main text found in the page; save the article's own page, or its text as .txt"
    return DocumentError(path, message, code="no-text")


def _import_trafilatura(path: Path) -> Any:
    try:
        import trafilatura  # heavy: imported only when a web page is read
    except ImportError as error:
        message = (
            f"reading web pages needs trafilatura ({error}); install it with "
            "`pip install trafilatura lxml_html_clean`"
        )
        raise DocumentError(path, message) from error
    return trafilatura


def _page_meta(found: Any) -> Meta:
    """Meta from trafilatura's metadata (title, date, author, sitename, url)."""
    if found is None:
        return Meta()
    authors = [name.strip() for name in (found.author or "").split(";") if name.strip()]
    return Meta(
        title=found.title or None,
        date=iso_date(found.date),
        outlet=found.sitename or None,
        url=found.url or None,
        authors=tuple(authors) or None,
    )
