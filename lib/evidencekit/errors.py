"""Errors raised by the kit. Each message says what went wrong, where, and what to do."""

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


class DocumentError(KitError, ValueError):
    """An input document cannot be read or parsed."""

    def __init__(self, path: Path | str, message: str, offset: int | None = None) -> None:
        self.path = Path(path)
        self.offset = offset
        where = str(self.path) if offset is None else f"{self.path} (at byte {offset})"
        super().__init__(f"{where}: {message}")


class UnsupportedFormatError(DocumentError):
    """No reader accepts this file."""


class UnknownUnitError(KitError, KeyError):
    """A unit name is not in the unit tables."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
