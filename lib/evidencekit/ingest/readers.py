"""Read input documents: one small reader per format, registered in :data:`READERS`.

The readers of text and web pages are in :mod:`evidencekit.ingest.formats`; each reads a
file's bytes once, decodes them (:mod:`evidencekit.ingest.decode`: newlines, CR, LF or CRLF,
are never translated, so offsets index the decoded file exactly) and hands the text to
:mod:`evidencekit.ingest.structure`, which recognises the kind of document and its evidence
regions. PDF (:mod:`evidencekit.ingest.pdf`) and Word files (:mod:`evidencekit.ingest.word`)
hand over the text they extract, with the offsets where their pages begin
(:mod:`evidencekit.ingest.paged`).

Bad input raises a :class:`~evidencekit.errors.DocumentError` naming the file, with a
``code`` (what is wrong), a ``level`` (``error``, or ``warning`` for an empty file or a PDF
without a text layer) and, where it helps, a byte ``offset`` or a ``line``; never any other
exception.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from evidencekit.budget import check_size
from evidencekit.errors import UnsupportedFormatError
from evidencekit.ingest.formats import HtmlReader, TextReader
from evidencekit.ingest.pdf import PdfReader
from evidencekit.ingest.word import DocxReader
from evidencekit.records import Document


class Reader(Protocol):
    """What a reader does: say whether it accepts a path, and read it into a Document."""

    suffixes: tuple[str, ...]

    def accepts(self, path: Path) -> bool: ...

    def read(self, path: Path, data: bytes | None = None) -> Document: ...


_TEXT, _HTML = TextReader(), HtmlReader()
READERS: dict[str, Reader] = {
    ".txt": _TEXT,
    ".md": _TEXT,
    ".html": _HTML,
    ".htm": _HTML,
    ".pdf": PdfReader(),
    ".docx": DocxReader(),
}
"""File suffix (lower case) → its reader; add a format by registering its reader here."""


def supported_suffixes() -> tuple[str, ...]:
    """The file suffixes that have a reader, sorted."""
    return tuple(sorted(READERS))


def read_document(path: str | Path, data: bytes | None = None) -> Document:
    """Read one document: decode it, recognise its kind, meta and evidence regions.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.md``, ``.html``, ``.htm``, ``.pdf`` or ``.docx`` file. The document's
        ``id`` is the file name without its suffix.
    data : bytes, optional
        The file's bytes when the caller has already read them (to hash them, say): the
        file is then not read again. Files are read whole, once.

    Returns
    -------
    Document
        ``text`` is the decoded file for text and Markdown (BOM dropped, otherwise never
        altered), the main text for a web page, whose HTML is kept in ``raw``, and the
        extracted text for PDF and Word files (``raw`` is the same text); ``pages`` holds
        where their pages begin (``page_of(offset)`` gives an offset's page).

    Raises
    ------
    UnsupportedFormatError
        When no reader accepts the file's suffix; the message lists the supported ones.
    EmptyDocumentError
        When the file holds no text (``level == "warning"``: a corpus lists it and goes on);
        for a PDF without a text layer (a scan), :class:`~evidencekit.errors.NoTextLayerError`
        (``no-text-layer``, a warning too) says to run OCR.
    BinaryContentError
        When the file is binary under a text name (an image, a PDF, NUL bytes).
    EncodingError
        When the bytes are not UTF-8, UTF-16, GB18030 or Big5 (the offset of the first bad
        byte is in the message and in ``offset``).
    DocumentError
        When the file cannot be read (``code`` ``permission``, ``unreadable``), a web page
        has no main text or nests too deep (``no-text``, ``too-deep``), a PDF needs a password
        or is damaged (``encrypted``, ``pdf``, with the page when one page cannot be read), or
        a ``.docx`` is no Word file (``docx``), or the file is over the size limit of one
        document (``too-large``, see :mod:`evidencekit.budget`). Nothing else is raised,
        whatever the bytes.
        Front matter that is broken or uses YAML tags or aliases raises nothing: the document
        is read without it and ``Document.warnings`` says so (``front-matter``,
        ``unsafe-yaml``, with ``line``).

    Examples
    --------
    >>> doc = read_document("seeds/004_42a3e7e1f291c0a6.txt")  # doctest: +SKIP
    >>> doc.meta.genre, doc.meta.outlet  # doctest: +SKIP
    ('news', 'toutiao.com')
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None or not reader.accepts(path):
        suffix = f'"{path.suffix}"' if path.suffix else "no suffix"
        message = (
            f"unsupported format ({suffix}); supported: {', '.join(supported_suffixes())}; "
            "save the document in one of these formats"
        )
        raise UnsupportedFormatError(path, message)
    check_size(path, len(data) if data is not None else _size_of(path))
    return reader.read(path, data)


def _size_of(path: Path) -> int:
    """The file's size in bytes; 0 when it cannot be examined (the reader then says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0
