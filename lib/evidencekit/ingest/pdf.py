"""PDF files: the text layer of every page, in reading order, through PDFium (pypdfium2).

``text`` is the pages' text joined by :data:`~evidencekit.ingest.paged.PAGE_BREAK` (a form
feed on a line of its own), and ``Document.pages`` holds where each page begins, so that
``document.page_of(char_start)`` is a claim's page. Each page's text is what PDFium reads
from its text layer, with two changes that keep one character for one: line ends are "\\n"
(PDFium writes "\\r\\n"), and the mark PDFium puts where it removed a line break after a
hyphen is the hyphen again ("self-\\nhelp" reads "self-help"). ``raw`` is the same text.

A PDF that opens but has no text on any page (a scan) is a warning (``no-text-layer``) that
says to run OCR; pages without text in a PDF that has some are counted in the documents
table (``empty_pages``). An encrypted PDF (one that needs a password to open) and a damaged
one are errors (``encrypted``, ``pdf``). The title, author and creation date of the file's
properties become the document's ``title``, ``authors`` and ``date``; a title that editing
software wrote ("Microsoft Word - draft.docx") gives way to the first page's largest line.
PDFium is not thread-safe: one PDF is read at a time per process.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from evidencekit.errors import DocumentError, NoTextLayerError, plural
from evidencekit.ingest.decode import read_bytes
from evidencekit.ingest.frontmatter import iso_date
from evidencekit.ingest.paged import file_title, join_pages, names, paged_document
from evidencekit.records import Document, Meta

_LOCK = threading.Lock()  # PDFium keeps global state: never two documents at once in a process
_LINE_END = re.compile(r"\r\n?")
_HYPHEN_MARKS = str.maketrans({"\x02": "-", "\ufffe": "-"})
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})")
_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD: the document needs a password
_HEADING_CHARS = 5_000  # characters of the first page looked at for its largest line
_HEADING_RATIO = 1.15  # a heading's font is at least this much larger than the page's body text
_OCR = "run OCR (e.g. ocrmypdf) and add the result"


class PdfReader:
    """PDF files: ``text`` is the text layer in reading order, page by page; ``raw == text``."""

    suffixes: tuple[str, ...] = (".pdf",)

    def accepts(self, path: Path) -> bool:
        """True for a ``.pdf`` file name."""
        return path.suffix.lower() in self.suffixes

    def read(self, path: Path, data: bytes | None = None) -> Document:
        """Read the text layer of every page, the file's title, author and date."""
        pdfium = _import_pypdfium2(path)
        data = read_bytes(path) if data is None else data
        with _LOCK:
            pdf = _open(pdfium, data, path)
            try:
                texts = _page_texts(pdf, path)
                properties = _properties(pdf)
                titled = file_title(properties.get("Title"), None) is not None
                heading = None if titled or not any(t.strip() for t in texts) else _heading_line(pdfium, pdf)
            finally:
                pdf.close()
        if not any(page.strip() for page in texts):
            message = (
                f"scanned? no text layer: no text on any of its {plural(len(texts), 'page')} "
                f"(pictures of pages, not text); {_OCR}"
            )
            raise NoTextLayerError(path, message)
        text, pages = join_pages(texts)
        return paged_document(path, text, pages, _meta(properties, heading))


def _import_pypdfium2(path: Path) -> Any:
    try:
        import pypdfium2  # heavy: imported only when a PDF is read
    except ImportError as error:
        message = f"reading PDF files needs pypdfium2 ({error}); install it with `pip install pypdfium2`"
        raise DocumentError(path, message) from error
    return pypdfium2


def _open(pdfium: Any, data: bytes, path: Path) -> Any:
    """The opened PDF; a password or damaged file is a DocumentError naming it."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == _ERR_PASSWORD:
            message = (
                "encrypted PDF: it needs a password to open; save a copy without the password "
                "(e.g. `qpdf --decrypt --password=... in.pdf out.pdf`) and add that"
            )
            raise DocumentError(path, message, code="encrypted") from error
        raise _damaged(path, error) from error
    except Exception as error:  # noqa: BLE001 - PDFium's bindings raise several kinds
        raise _damaged(path, error) from error


def _damaged(path: Path, error: BaseException, page: int | None = None) -> DocumentError:
    where = f"page {page} cannot be read" if page else "not a readable PDF"
    message = (
        f"{where} ({type(error).__name__}: {error}); the file may be truncated or damaged: "
        "download or export it again"
    )
    return DocumentError(path, message, code="pdf")


def _page_texts(pdf: Any, path: Path) -> list[str]:
    """The text of each page in reading order ("\\n" line ends, hyphen marks as hyphens)."""
    texts = []
    for index in range(len(pdf)):
        try:
            raw = _page_text(pdf, index)
        except Exception as error:  # noqa: BLE001 - PdfiumError, and ctypes errors of odd pages
            raise _damaged(path, error, index + 1) from error
        texts.append(_LINE_END.sub("\n", raw).translate(_HYPHEN_MARKS))
    return texts


def _page_text(pdf: Any, index: int) -> str:
    """PDFium's text of one page (full Unicode), its handles closed."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_bounded())
        finally:
            textpage.close()
    finally:
        page.close()


def _properties(pdf: Any) -> dict[str, str]:
    try:
        found = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - unreadable properties are no properties
        return {}
    return {key: value for key, value in found.items() if isinstance(value, str)}


def _meta(properties: dict[str, str], heading: str | None) -> Meta:
    """Title, authors and date from the file's properties (the heading when the title is junk)."""
    found = _PDF_DATE.match(properties.get("CreationDate", "").strip())
    return Meta(
        title=file_title(properties.get("Title"), heading),
        authors=names(properties.get("Author")),
        date=iso_date("-".join(found.groups())) if found else None,
    )


def _heading_line(pdfium: Any, pdf: Any) -> str | None:
    """The first page's largest line (consecutive lines in that font joined), when its font is
    clearly larger than the page's body text; None otherwise (or when PDFium fails on it:
    the title is optional)."""
    try:
        for index in range(len(pdf)):
            lines = _sized_lines(pdfium, pdf, index)
            if lines:
                return _largest(lines)
    except Exception:  # noqa: BLE001 - a page PDFium read once but not twice: no heading
        return None
    return None


def _sized_lines(pdfium: Any, pdf: Any, index: int) -> list[tuple[float, str]]:
    """The lines of a page, each with the largest font size among its characters."""
    raw = pdfium.raw
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        lines: list[tuple[float, str]] = []
        chars: list[str] = []
        size = 0.0
        for char in range(min(textpage.count_chars(), _HEADING_CHARS)):
            code = raw.FPDFText_GetUnicode(textpage.raw, char)
            if code in (10, 13):
                lines.append((size, "".join(chars)))
                chars, size = [], 0.0
            elif 0 < code < 0x110000:
                chars.append(chr(code))
                size = max(size, raw.FPDFText_GetFontSize(textpage.raw, char))
        lines.append((size, "".join(chars)))
        return [(round(size, 1), line.strip()) for size, line in lines if line.strip()]
    finally:
        textpage.close()
        page.close()


def _largest(lines: list[tuple[float, str]]) -> str | None:
    body = Counter(size for size, line in lines for _ in line).most_common(1)[0][0]
    top = max(size for size, _ in lines)
    if top < body * _HEADING_RATIO:
        return None
    first = next(index for index, (size, _) in enumerate(lines) if size == top)
    run = [line for _, line in _same_size(lines[first:], top)]
    return " ".join(run)


def _same_size(lines: list[tuple[float, str]], size: float) -> Iterator[tuple[float, str]]:
    for line in lines[:3]:  # a title runs over at most three lines
        if line[0] != size:
            return
        yield line
