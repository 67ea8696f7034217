"""Read input documents: one small reader per format, registered in :data:`READERS`.

This is the only module that opens input files. Each reader decodes the bytes itself
(newlines are never translated) and hands the text to :mod:`evidencekit.structure`,
which recognises the kind of document and its evidence regions.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any, Protocol

from evidencekit.errors import DocumentError, UnsupportedFormatError
from evidencekit.records import Document, Meta
from evidencekit.structure import StructureError, analyse_structure, iso_date

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SAVE_AS_UTF8 = "re-save it as UTF-8"


class Reader(Protocol):
    """What a reader does: say whether it accepts a path, and read it into a Document."""

    suffixes: tuple[str, ...]

    def accepts(self, path: Path) -> bool: ...

    def read(self, path: Path) -> Document: ...


# --- decoding -----------------------------------------------------------------------------


def decode_bytes(data: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; return the text and the codec that decoded it.

    Tried in order: a byte order mark (UTF-8, UTF-16), UTF-16 without a mark (recognised by
    its pattern of NUL bytes), the ``declared`` charset if any (web pages), strict UTF-8,
    strict GB18030. The BOM is dropped; newlines are kept as they are.

    Raises
    ------
    DocumentError
        For an empty file, binary data, or bytes that none of these codecs decode.

    Examples
    --------
    >>> decode_bytes("电力".encode("gb18030"), Path("a.txt"))
    ('电力', 'gb18030')
    >>> decode_bytes(codecs.BOM_UTF8 + b"a\\r\\nb", Path("a.txt"))
    ('a\\r\\nb', 'utf-8-sig')
    """
    for codec in _candidate_codecs(data, declared):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if not text.strip():
            break
        return text, codec
    else:
        raise _undecodable(data, path)
    message = "empty file (no text); add the document's text or remove the file"
    raise DocumentError(path, message)


def _candidate_codecs(data: bytes, declared: str | None) -> list[str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return [codec]
    utf16 = _utf16_without_bom(data)
    if utf16:
        return [utf16]
    if b"\x00" in data:
        return []
    return [codec for codec in (declared, "utf-8", "gb18030") if codec]


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes fill many odd (even) positions and few even (odd)
    ones, as in UTF-16 text with some ASCII. UTF-16 without a BOM and without any ASCII is
    not recognised (it fails to decode, and the error says so)."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.3 * half and even * 10 <= odd:
        return "utf-16-le"
    if even >= 0.3 * half and odd * 10 <= even:
        return "utf-16-be"
    return None


def _undecodable(data: bytes, path: Path) -> DocumentError:
    offset = data.find(b"\x00")
    detail = f"binary data: NUL byte at offset {offset}"
    if offset == -1:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as decoding:
            offset = decoding.start
        detail = f"first undecodable byte at offset {offset}"
    message = f"not UTF-8, UTF-16 or GB18030 text ({detail}); {_SAVE_AS_UTF8}"
    error = DocumentError(path, message)
    error.offset = offset
    return error


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        message = f"cannot be read ({error.strerror or error}); check that it exists and is a file"
        raise DocumentError(path, message) from error


def _document(path: Path, text: str, raw: str, encoding: str, page: Meta | None) -> Document:
    try:
        meta, regions = analyse_structure(text, page, "page" if page is not None else "text")
    except StructureError as error:
        raise DocumentError(path, str(error)) from error
    return Document(path.stem, path, text, raw, meta, encoding, regions)


# --- readers ------------------------------------------------------------------------------


class TextReader:
    """Plain text and Markdown: ``text`` is the decoded file, unaltered; ``raw == text``."""

    suffixes: tuple[str, ...] = (".txt", ".md")

    def accepts(self, path: Path) -> bool:
        """True for a ``.txt`` or ``.md`` file name."""
        return path.suffix.lower() in self.suffixes

    def read(self, path: Path) -> Document:
        """Decode the file and recognise its structure."""
        text, encoding = decode_bytes(_read_bytes(path), path)
        return _document(path, text, text, encoding, None)


class HtmlReader:
    """Saved web pages: ``text`` is the page's main text (trafilatura), ``raw`` the HTML."""

    suffixes: tuple[str, ...] = (".html", ".htm")

    def accepts(self, path: Path) -> bool:
        """True for a ``.html`` or ``.htm`` file name."""
        return path.suffix.lower() in self.suffixes

    def read(self, path: Path) -> Document:
        """Decode the page, extract its main text and metadata, recognise its structure."""
        trafilatura = _import_trafilatura(path)
        data = _read_bytes(path)
        declared = _DECLARED_CHARSET.search(data[:4096])
        raw, encoding = decode_bytes(data, path, declared[1].decode("ascii") if declared else None)
        text = trafilatura.extract(raw, include_comments=False, include_tables=True)
        if not text or not text.strip():
            message = "no main text found in the page; save the article's own page, or its text as .txt"
            raise DocumentError(path, message)
        return _document(path, text, raw, encoding, _page_meta(trafilatura.extract_metadata(raw)))


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


_TEXT, _HTML = TextReader(), HtmlReader()
READERS: dict[str, Reader] = {".txt": _TEXT, ".md": _TEXT, ".html": _HTML, ".htm": _HTML}
"""File suffix (lower case) → its reader; add a format by registering its reader here."""


def supported_suffixes() -> tuple[str, ...]:
    """The file suffixes that have a reader, sorted."""
    return tuple(sorted(READERS))


def read_document(path: str | Path) -> Document:
    """Read one document: decode it, recognise its kind, meta and evidence regions.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.md``, ``.html`` or ``.htm`` file. The document's ``id`` is the file
        name without its suffix.

    Returns
    -------
    Document
        ``text`` is the decoded file for text and Markdown (BOM dropped, otherwise never
        altered) and the main text for a web page, whose HTML is kept in ``raw``.

    Raises
    ------
    UnsupportedFormatError
        When no reader accepts the file's suffix; the message lists the supported ones.
    DocumentError
        When the file cannot be read or decoded (UTF-8, UTF-16 and GB18030 are read), is
        empty, or its front matter is broken.

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
    return reader.read(path)
