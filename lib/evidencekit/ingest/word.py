"""Word files (``.docx``): the body's paragraphs and tables in document order (python-docx).

``text`` is built from the body: each paragraph (headings included) is a paragraph of its
own, set apart by a blank line; a table is a block of rows, one line each, written
``| cell | cell |`` (a cell's paragraphs joined by spaces, a merged cell written once); a
line break inside a paragraph is a line break. Headers, footers, footnotes, comments and
text boxes are not read. ``raw`` is the same text.

**Pages.** A Word file does not store its pages, only where breaks were: Word records where
its last layout broke the pages (``w:lastRenderedPageBreak``), and a writer may put explicit
page breaks (``w:br w:type="page"``). When the file holds either, its pages are known and
joined by :data:`~evidencekit.ingest.paged.PAGE_BREAK` as a PDF's (``Document.pages``,
``page_of``); a file written by a program that never laid it out, with explicit breaks only,
may have more pages on paper than it records. A file without any break has no page numbers
(``page`` is empty in its rows).

The title, author, keywords and creation date of the file's properties become the document's
``title`` (unless it is a placeholder such as "Untitled", then the first Title or Heading
paragraph), ``authors``, ``tags`` and ``date``. A file that is not a Word document (not a zip,
damaged XML) is an error (``docx``); one without text is a warning (``empty``).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from evidencekit.errors import DocumentError, EmptyDocumentError
from evidencekit.ingest.decode import read_bytes
from evidencekit.ingest.frontmatter import iso_date
from evidencekit.ingest.paged import file_title, names, paged_document
from evidencekit.records import Document, Meta

_TEXT_ITEMS = "w:br | w:cr | w:lastRenderedPageBreak | w:noBreakHyphen | w:ptab | w:t | w:tab"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLES = re.compile(r"(Title|Heading \d)$", re.I)
_KEYWORD_SEPARATORS = re.compile(r"\s*[;,，；]\s*")


class DocxReader:
    """Word files: ``text`` is the body's paragraphs and tables in order; ``raw == text``."""

    suffixes: tuple[str, ...] = (".docx",)

    def accepts(self, path: Path) -> bool:
        """True for a ``.docx`` file name."""
        return path.suffix.lower() in self.suffixes

    def read(self, path: Path, data: bytes | None = None) -> Document:
        """Read the body in order, its page breaks and the file's properties."""
        docx = _import_docx(path)
        data = read_bytes(path) if data is None else data
        word = _open(docx, data, path)
        body = _Body()
        try:
            for block in word.iter_inner_content():
                if hasattr(block, "rows"):
                    body.table(block)
                else:
                    body.paragraph(block)
            meta = _meta(word.core_properties, body.heading)
        except Exception as error:  # noqa: BLE001 - lxml and python-docx raise many kinds
            raise _damaged(path, error) from error
        text, pages = body.text()
        if not text.strip():
            message = "empty Word document (no text in its body); add the document's text or remove the file"
            raise EmptyDocumentError(path, message)
        return paged_document(path, text, pages, meta)


def _import_docx(path: Path) -> Any:
    try:
        import docx  # heavy: imported only when a Word file is read
    except ImportError as error:
        message = f"reading Word files needs python-docx ({error}); install it with `pip install python-docx`"
        raise DocumentError(path, message) from error
    return docx


def _open(docx: Any, data: bytes, path: Path) -> Any:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - zipfile, lxml and python-docx raise many kinds
        raise _damaged(path, error) from error


def _damaged(path: Path, error: BaseException) -> DocumentError:
    message = (
        f"not a readable Word (.docx) file ({type(error).__name__}: {error}); open it in Word or "
        "LibreOffice and save it again as .docx (an old .doc file renamed .docx is not one)"
    )
    return DocumentError(path, message, code="docx")


class _Body:
    """The text of a Word body as it is written, with the offsets where pages begin."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.starts: list[int] = [0]
        self.pending: str | None = None  # the kind of page break seen whose page has no text yet
        self.heading: str | None = None

    def add(self, text: str) -> None:
        """Write ``text``; a page waiting for its text begins at its first visible character."""
        if self.pending and text.strip():
            self.starts.append(self.length + len(text) - len(text.lstrip()))
            self.pending = None
        self.parts.append(text)
        self.length += len(text)

    def separate(self, separator: str) -> None:
        """Write ``separator`` before the next block (nothing at the start)."""
        if self.length:
            self.parts.append(separator)
            self.length += len(separator)

    def break_page(self, kind: str) -> None:
        """A page break: ``page`` (explicit) or ``rendered`` (where Word's layout broke the page).

        Word records a rendered break right after an explicit one for the same page: counted
        once. Any other second break before text is an empty page (a picture, a blank page).
        """
        if self.pending == "page" and kind == "rendered":
            self.pending = kind
            return
        if self.pending:
            self.starts.append(self.length)
        self.pending = kind

    def paragraph(self, paragraph: Any) -> None:
        pieces = _pieces(paragraph)
        visible = "".join(p for p in pieces if p not in _BREAKS).strip()
        if visible:
            self.separate("\n\n")
        for piece in pieces:
            if piece in _BREAKS:
                self.break_page(_BREAKS[piece])
            elif visible:
                self.add(piece)
        if self.heading is None and _HEADING_STYLES.match(_style_name(paragraph)):
            self.heading = paragraph.text

    def table(self, table: Any) -> None:
        seen: dict[int, Any] = {}  # the cell elements written, kept alive so that ids stay theirs
        first_row = True
        for row in table.rows:
            cells = []
            breaks: list[str] = []
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell comes back once per grid cell it spans
                    cells.append("")
                    continue
                seen[id(cell._tc)] = cell._tc
                cells.append(_cell_text(cell))
                breaks = max(breaks, _cell_breaks(cell), key=len)  # each cell marks the same break
            for kind in breaks:
                self.break_page(kind)
            if any(cells):
                self.separate("\n\n" if first_row else "\n")
                first_row = False
                self.add("| " + " | ".join(cells) + " |")

    def text(self) -> tuple[str, tuple[int, ...]]:
        """The body's text and where its pages begin (empty when the file records no break)."""
        return "".join(self.parts), tuple(self.starts) if len(self.starts) > 1 else ()


_BREAKS = {"\x00page": "page", "\x00rendered": "rendered"}  # stand-ins of breaks among the pieces


def _pieces(paragraph: Any) -> list[str]:
    """The paragraph's text in order, with a :data:`_BREAKS` stand-in where a page breaks."""
    found: list[str] = []
    for item in paragraph.iter_inner_content():
        for run in getattr(item, "runs", None) or [item]:  # a hyperlink holds runs
            for element in run._r.xpath(_TEXT_ITEMS):  # page breaks are only in the XML
                kind = _break_kind(element)
                found.append(f"\x00{kind}" if kind else str(element))
    return found


def _cell_breaks(cell: Any) -> list[str]:
    """The page breaks in a table cell (a table running over a page break)."""
    return [
        _BREAKS[piece] for paragraph in cell.paragraphs for piece in _pieces(paragraph) if piece in _BREAKS
    ]


def _break_kind(element: Any) -> str | None:
    """``rendered``, ``page`` or None (not a page break)."""
    if element.tag == f"{_W}lastRenderedPageBreak":
        return "rendered"
    if element.tag == f"{_W}br" and element.get(f"{_W}type") == "page":
        return "page"
    return None


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs (and nested tables') text on one line."""
    texts = [paragraph.text for paragraph in cell.paragraphs]
    texts += [_cell_text(inner) for table in cell.tables for row in table.rows for inner in row.cells]
    return " ".join(" ".join(text.split()) for text in texts if text.strip())


def _style_name(paragraph: Any) -> str:
    try:
        return str(paragraph.style.name or "")
    except (AttributeError, KeyError, ValueError):
        return ""


def _meta(properties: Any, heading: str | None) -> Meta:
    keywords = tuple(word for word in _KEYWORD_SEPARATORS.split(properties.keywords or "") if word)
    return Meta(
        title=file_title(properties.title, heading),
        authors=names(properties.author),
        date=iso_date(properties.created) if properties.created else None,
        tags=keywords or None,
    )
