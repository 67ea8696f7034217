"""Errors raised by the kit: one family under :class:`KitError`, a class for each thing a
user can get wrong. Each message says what went wrong, where, and what to do.

==========================  ===================================================================
class                       what the user did
==========================  ===================================================================
``DataFileError``           edited a data file under ``evidencekit/data`` into a bad shape
``DocumentError``           gave a document the kit cannot read (subclasses say why: format,
                            empty, no text layer, binary, encoding, front matter)
``UnknownUnitError``        named a unit the unit tables do not have
``InvalidParameterError``   passed a function or notebook parameter a value it does not take
                            (an unknown theme, kind or document id, a tolerance out of range)
``UnknownDocumentError``    asked for a document id the corpus or store does not hold
``WrongSourceError``        passed something that is not a corpus, a document or an evidence set
``StoreError``              pointed at a folder that is not a usable store (missing, another
                            layout, held by another run) or asked it for what it does not hold
``BuildError``              started a build that cannot run (bad parameters, busy output folder)
==========================  ===================================================================
"""

from __future__ import annotations

from pathlib import Path


class KitError(Exception):
    """Base class of every error the kit raises on purpose."""


class DataFileError(KitError, ValueError):
    """A data file under ``evidencekit/data`` is malformed."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, key: str | None = None
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.key = key
        where = f"{self.path.as_posix()}, line {line}" if line else self.path.as_posix()
        super().__init__(f"{where}: {message}")


def shown_path(path: Path | str) -> str:
    """A path as text that can always be printed and written as UTF-8.

    File names that are not valid UTF-8 reach Python with lone surrogates; they are shown
    with backslash escapes instead.

    >>> shown_path(Path("a b/报告.txt")), shown_path(Path("\\udcff.txt"))
    ('a b/报告.txt', '\\\\xff.txt')
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


class DocumentError(KitError, ValueError):
    """An input document cannot be read or parsed.

    ``code`` names the kind of problem (``unreadable``, ``binary``, ``encoding``, ``empty``,
    ``front-matter``, ``unsupported``, ``no-text``, ``duplicate``, ``pdf``, ``encrypted``,
    ``no-text-layer``, ``docx``, ...) and ``level`` is
    ``error``, or ``warning`` for a problem that is not the file's fault (an empty file).
    ``offset`` (bytes) or ``line`` (1-based) say where, when that helps.
    """

    level: str = "error"
    default_code: str = "unreadable"

    def __init__(
        self,
        path: Path | str,
        message: str,
        offset: int | None = None,
        *,
        line: int | None = None,
        code: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.offset = offset
        self.line = line
        self.code = code or self.default_code
        self.reason = message
        where = shown_path(self.path)
        where = where if offset is None else f"{where} (at byte {offset})"
        super().__init__(f"{where}: {message}")


class UnsupportedFormatError(DocumentError):
    """No reader accepts this file."""

    default_code = "unsupported"


class EmptyDocumentError(DocumentError):
    """The file holds no text (no bytes, whitespace only, or a byte order mark only).

    A warning, not an error: a corpus lists the file with status ``warning`` and goes on.
    """

    level = "warning"
    default_code = "empty"


class NoTextLayerError(EmptyDocumentError):
    """A PDF none of whose pages has a text layer (a scan, pictures of pages): a warning, so
    that a corpus lists the file and goes on; the message says to run OCR."""

    default_code = "no-text-layer"


class BinaryContentError(DocumentError):
    """The file holds binary data (an image, a PDF, an archive...) under a text name."""

    default_code = "binary"


class EncodingError(DocumentError):
    """The file's bytes are not text in any of the encodings the kit reads."""

    default_code = "encoding"


class FrontMatterError(KitError, ValueError):
    """A document's front matter is broken: not YAML, or YAML the kit refuses to read.

    ``line`` is the document's 1-based line when known; ``code`` is ``front-matter`` (not
    valid YAML, nested too deep) or ``unsafe-yaml`` (a tag that builds objects, an alias).
    The recogniser keeps the document (its body is read as text) and the reader reports the
    problem as a :class:`DocumentWarning` naming the file.
    """

    def __init__(self, message: str, line: int | None = None, code: str = "front-matter") -> None:
        self.line = line
        self.code = code
        self.block: tuple[int, int] | None = None  # indexes of the opening and closing lines
        super().__init__(message)


class DocumentWarning(DocumentError):
    """A document that was read, with a problem the user should fix: its front matter is
    broken or uses refused YAML (``front-matter``, ``unsafe-yaml``), so it was left out and the
    body read as text. A corpus lists the file with status ``warning`` and keeps the document."""

    level = "warning"
    default_code = "front-matter"


UNREPRESENTABLE = "unrepresentable"
"""Code of the warning about a document some of whose figures could not be kept ("1e400 W")."""

READ_WARNING_CODES = frozenset({"front-matter", "unsafe-yaml", UNREPRESENTABLE})
"""Codes of warnings about documents that were read all the same (they have tables)."""


def is_read(status: str, code: str) -> bool:
    """True for a file whose document was read: ``ok``, or a warning such as broken front matter.

    >>> is_read("ok", "ok"), is_read("warning", "front-matter"), is_read("warning", "empty")
    (True, True, False)
    """
    return status == "ok" or (status == "warning" and code in READ_WARNING_CODES)


class NotAFileError(DocumentError):
    """An entry of the corpus folder that is no regular file (a FIFO, a socket, a device):
    never opened, since reading one can block for ever or never end."""

    level = "warning"
    default_code = "not-a-file"


class UnknownUnitError(KitError, KeyError):
    """A unit name is not in the unit tables."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidParameterError(KitError, ValueError):
    """A parameter has a value the kit does not take (an unknown theme or kind, a bad range)."""


class UnknownDocumentError(KitError, KeyError):
    """A document id that is not in the corpus or the store (the message names close ids)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class WrongSourceError(KitError, TypeError):
    """A function got something that is not a corpus, a document or an evidence set."""


class StoreError(KitError):
    """The store cannot be used (missing, another run holds it, its layout is unknown) or was
    asked for something it does not hold (an unknown table or column)."""


class BuildError(KitError):
    """A build that cannot start: bad parameters, an unknown document id, a busy folder."""


def plural(count: int, noun: str) -> str:
    """ "1 warning", "2 warnings" (English nouns that take an s).

    >>> plural(1, "error"), plural(0, "error"), plural(1200, "file")
    ('1 error', '0 errors', '1,200 files')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
