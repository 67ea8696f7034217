"""Bytes to text: the encodings the kit reads, and the binary files it refuses.

A file's bytes are read once (:func:`read_bytes`) and decoded by :func:`decode_bytes`:
newlines (CR, LF or CRLF) are never translated, so offsets index the decoded file exactly.
Bad input raises a :class:`~evidencekit.errors.DocumentError` naming the file.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from evidencekit.errors import BinaryContentError, DocumentError, EmptyDocumentError, EncodingError

# byte order mark -> the codec reported, the codec that decodes what follows the mark
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# Signatures of binary formats often saved under a text name (file's first bytes -> what it
# is, and what to do when the kit reads that format under its own name).
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", None),
    (b"\xff\xd8\xff", "a JPEG image", None),
    (b"GIF87a", "a GIF image", None),
    (b"GIF89a", "a GIF image", None),
    (b"%PDF-", "a PDF file", "give it the .pdf suffix to read its text layer"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)", "a Word file is read under a .docx name"),
    (b"\x1f\x8b", "a gzip archive", None),
    (b"\x7fELF", "an executable", None),
    (b"\xd0\xcf\x11\xe0", "an old Office document", None),
)
_LEGACY_CODECS = ("gb18030", "big5")  # tried in this order; a tie goes to the first
_SUPPORTED = "UTF-8, UTF-16, GB18030 or Big5"
# Characters no text document is made of: C0 controls other than tab, newlines, form feed and
# escape, DEL, and the private use area (where GB18030 puts undefined byte pairs).
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ue000-\uf8ff]")
_HAS_TEXT = re.compile(r"\S")
_SAMPLE_CHARS = 1_000_000  # characters checked for _NOT_TEXT
_MAX_NOT_TEXT = 0.05  # share of such characters above which the file is binary
_SAVE_AS_UTF8 = "re-save it as UTF-8"
_NOT_A_DOCUMENT = "convert it to text (.txt, .md or .html), PDF or Word (.docx), or remove it from the corpus"


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
    found = next(((kind, advice) for magic, kind, advice in _SIGNATURES if data.startswith(magic)), None)
    if found is not None:
        kind, advice = found
        message = f"binary content ({kind}), not text; {advice or _NOT_A_DOCUMENT}"
        raise BinaryContentError(path, message)


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


def read_bytes(path: Path) -> bytes:
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
