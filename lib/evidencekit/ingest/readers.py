"""Read input documents: one small reader per format, registered in :data:`READERS`.

This is the only module that opens input files. Each reader reads a file's bytes once,
decodes them itself (newlines, CR, LF or CRLF, are never translated, so offsets index the
decoded file exactly) and hands the text to :mod:`evidencekit.ingest.structure`, which recognises
the kind of document and its evidence regions.

Bad input raises a :class:`~evidencekit.errors.DocumentError` naming the file, with a
``code`` (what is wrong), a ``level`` (``error``, or ``warning`` for an empty file) and,
where it helps, a byte ``offset`` or a ``line``; never any other exception.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any, Protocol

from evidencekit.errors import (
    BinaryContentError,
    DocumentError,
    EmptyDocumentError,
    EncodingError,
    FrontMatterError,
    UnsupportedFormatError,
)
from evidencekit.ingest.frontmatter import iso_date
from evidencekit.ingest.structure import analyse_structure
from evidencekit.records import Document, Meta


class Reader(Protocol):
    """What a reader does: say whether it accepts a path, and read it into a Document."""

    suffixes: tuple[str, ...]

    def accepts(self, path: Path) -> bool: ...

    def read(self, path: Path, data: bytes | None = None) -> Document: ...


# --- decoding -----------------------------------------------------------------------------

# byte order mark -> the codec reported, the codec that decodes what follows the mark
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# Signatures of binary formats often saved under a text name (file's first bytes -> what it is).
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_LEGACY_CODECS = ("gb18030", "big5")  # tried in this order; a tie goes to the first
_SUPPORTED = "UTF-8, UTF-16, GB18030 or Big5"
# Characters no text document is made of: C0 controls other than tab, newlines, form feed and
# escape, DEL, and the private use area (where GB18030 puts undefined byte pairs).
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ue000-\uf8ff]")
_HAS_TEXT = re.compile(r"\S")
_SAMPLE_CHARS = 1_000_000  # characters checked for _NOT_TEXT
_MAX_NOT_TEXT = 0.05  # share of such characters above which the file is binary
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SAVE_AS_UTF8 = "re-save it as UTF-8"
_NOT_A_DOCUMENT = "convert it to text (.txt, .md or .html) or remove it from the corpus"


def decode_bytes(data: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; return the text and the codec that decoded it.

    Tried in order: a byte order mark (UTF-8, UTF-16), UTF-16 without a mark (recognised by
    NUL bytes that all stand at odd, or all at even, offsets), the ``declared`` charset if
    any (web pages), strict UTF-8, then GB18030 and Big5: when both decode the bytes,
    charset-normalizer picks the one that reads as text (GB18030 on a tie). The BOM is
    dropped; newlines are kept as they are.

    Raises
    ------
    EmptyDocumentError
        For a file with no text (no bytes, a BOM only, whitespace only): a warning.
    BinaryContentError
        For a known binary format (PNG, PDF, ZIP...), NUL bytes that are not UTF-16, or
        text made mostly of control characters.
    EncodingError
        For bytes that none of these codecs decode (the offset of the first bad byte).

    Examples
    --------
    >>> decode_bytes("电力".encode("gb18030"), Path("a.txt"))
    ('电力', 'gb18030')
    >>> decode_bytes("電力需求".encode("big5"), Path("a.txt"))
    ('電力需求', 'big5')
    >>> decode_bytes(codecs.BOM_UTF8 + b"a\\r\\nb", Path("a.txt"))
    ('a\\r\\nb', 'utf-8-sig')
    """
    _refuse_signature(data, path)
    text, codec = _decode(data, path, declared)
    if not _HAS_TEXT.search(text):  # not text.strip(): no copy of a big file
        message = "empty file (no text); add the document's text or remove the file"
        raise EmptyDocumentError(path, message)
    _refuse_control_characters(text, path)
    return text, codec


def _decode(data: bytes, path: Path, declared: str | None) -> tuple[str, str]:
    for bom, codec, after in _BOMS:
        if data.startswith(bom):
            return _after_bom(data, len(bom), after, path), codec
    if b"\x00" in data:
        return _decode_utf16_without_bom(data, path)
    for candidate in (declared, "utf-8"):
        text = _try(data, candidate) if candidate else None
        if candidate and text is not None:
            return text, candidate
    return _decode_legacy(data, path)


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _after_bom(data: bytes, skip: int, codec: str, path: Path) -> str:
    """Decode what follows a byte order mark; an error gives the file's byte offset."""
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as error:
        offset = skip + error.start
        message = (
            f"not valid {codec.upper()} text although it starts with a {codec.upper()} byte "
            f"order mark (first undecodable byte at offset {offset}); {_SAVE_AS_UTF8}"
        )
        failure = EncodingError(path, message)
        failure.offset = offset
        raise failure from error


def _refuse_signature(data: bytes, path: Path) -> None:
    kind = next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)
    if kind is not None:
        raise BinaryContentError(path, f"binary content ({kind}), not text; {_NOT_A_DOCUMENT}")


def _refuse_control_characters(text: str, path: Path) -> None:
    sample = text[:_SAMPLE_CHARS]
    count = len(_NOT_TEXT.findall(sample))
    if count > 3 and count > _MAX_NOT_TEXT * len(sample):
        message = (
            f"binary content ({count} control or private-use characters in its first "
            f"{len(sample)} characters), not text; {_NOT_A_DOCUMENT}"
        )
        raise BinaryContentError(path, message)


def _decode_utf16_without_bom(data: bytes, path: Path) -> tuple[str, str]:
    """Bytes with NULs: UTF-16 without a BOM (when it decodes to text without any control
    character), or binary content."""
    codec = _utf16_without_bom(data)
    text = _try(data, codec) if codec else None
    if codec is None or text is None or _NOT_TEXT.search(text[:_SAMPLE_CHARS]):
        offset = data.find(b"\x00")
        message = f"binary content (NUL byte at offset {offset}); {_NOT_A_DOCUMENT}"
        raise BinaryContentError(path, message)
    return text, codec


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes stand mostly (three to one) at odd (even) offsets,
    as in UTF-16 text with some ASCII (spaces, digits, newlines). UTF-16 without a BOM and without any
    ASCII has no NUL bytes and is not recognised (it fails to decode, or reads as mojibake
    that the control-character check refuses)."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd and even * 3 <= odd:
        return "utf-16-le"
    if even and odd * 3 <= even:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes, path: Path) -> tuple[str, str]:
    """GB18030 or Big5; when both decode the bytes, the one charset-normalizer finds less
    chaotic (mojibake reads as rare characters and odd punctuation)."""
    decoded = {codec: text for codec in _LEGACY_CODECS if (text := _try(data, codec)) is not None}
    if not decoded:
        raise _undecodable(data, path)
    if len(decoded) == 1:
        return next(iter(decoded.values())), next(iter(decoded))
    codec = _least_chaotic(data, tuple(decoded))
    return decoded[codec], codec


def _least_chaotic(data: bytes, codecs_: tuple[str, ...]) -> str:
    from charset_normalizer import from_bytes  # imported only for non-UTF-8 files

    chaos = {match.encoding: match.chaos for match in from_bytes(data, cp_isolation=list(codecs_))}
    return min(codecs_, key=lambda codec: (chaos.get(codec, 1.0), codecs_.index(codec)))


def _undecodable(data: bytes, path: Path) -> EncodingError:
    try:
        data.decode("utf-8")
        offset = 0
    except UnicodeDecodeError as decoding:
        offset = decoding.start
    message = f"not {_SUPPORTED} text (first undecodable byte at offset {offset}); {_SAVE_AS_UTF8}"
    error = EncodingError(path, message)
    error.offset = offset
    return error


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, read once."""
    try:
        return path.read_bytes()
    except PermissionError as error:
        message = (
            "cannot be read (permission denied); give yourself read permission "
            "(chmod u+r) or remove it from the corpus"
        )
        raise DocumentError(path, message, code="permission") from error
    except IsADirectoryError as error:
        raise DocumentError(path, "is a folder, not a file; give a document", code="unreadable") from error
    except OSError as error:
        message = f"cannot be read ({error.strerror or error}); check that it exists and is a file"
        raise DocumentError(path, message) from error


def _document(path: Path, text: str, raw: str, encoding: str, page: Meta | None) -> Document:
    try:
        meta, regions = analyse_structure(text, page, "page" if page is not None else "text")
    except FrontMatterError as error:
        raise DocumentError(path, str(error), line=error.line, code=error.code) from error
    return Document(path.stem, path, text, raw, meta, encoding, regions)


# --- readers ------------------------------------------------------------------------------


class TextReader:
    """Plain text and Markdown: ``text`` is the decoded file, unaltered; ``raw == text``."""

    suffixes: tuple[str, ...] = (".txt", ".md")

    def accepts(self, path: Path) -> bool:
        """True for a ``.txt`` or ``.md`` file name."""
        return path.suffix.lower() in self.suffixes

    def read(self, path: Path, data: bytes | None = None) -> Document:
        """Decode the file (or its ``data``, already read) and recognise its structure."""
        text, encoding = decode_bytes(_read_bytes(path) if data is None else data, path)
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
        data = _read_bytes(path) if data is None else data
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


_TEXT, _HTML = TextReader(), HtmlReader()
READERS: dict[str, Reader] = {".txt": _TEXT, ".md": _TEXT, ".html": _HTML, ".htm": _HTML}
"""File suffix (lower case) → its reader; add a format by registering its reader here."""


def supported_suffixes() -> tuple[str, ...]:
    """The file suffixes that have a reader, sorted."""
    return tuple(sorted(READERS))


def read_document(path: str | Path, data: bytes | None = None) -> Document:
    """Read one document: decode it, recognise its kind, meta and evidence regions.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.md``, ``.html`` or ``.htm`` file. The document's ``id`` is the file
        name without its suffix.
    data : bytes, optional
        The file's bytes when the caller has already read them (to hash them, say): the
        file is then not read again. Files are read whole, once.

    Returns
    -------
    Document
        ``text`` is the decoded file for text and Markdown (BOM dropped, otherwise never
        altered) and the main text for a web page, whose HTML is kept in ``raw``.

    Raises
    ------
    UnsupportedFormatError
        When no reader accepts the file's suffix; the message lists the supported ones.
    EmptyDocumentError
        When the file holds no text (``level == "warning"``: a corpus lists it and goes on).
    BinaryContentError
        When the file is binary under a text name (an image, a PDF, NUL bytes).
    EncodingError
        When the bytes are not UTF-8, UTF-16, GB18030 or Big5 (the offset of the first bad
        byte is in the message and in ``offset``).
    DocumentError
        When the file cannot be read (``code`` ``permission``, ``unreadable``), its front
        matter is broken or uses YAML tags or aliases (``front-matter``, ``unsafe-yaml``, with
        ``line``), or a web page has no main text or nests too deep (``no-text``,
        ``too-deep``). Nothing else is raised, whatever the bytes.

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
    return reader.read(path, data)
