"""Page chrome and other boilerplate lines: the patterns of ``data/boilerplate.yaml``.

Chrome ("No posts", "17 more comments..."), disclaimers, ``Original source: <URL>`` lines,
datelines (``Outlet·2025-12-04 00:28``), comment authors ("Paul Triolo's avatar") and the
titles editing software writes into a file's properties ("Microsoft Word - draft.docx"), per
language. The file is read with the kit's one loader (:mod:`evidencekit.lang.loader`) and
validated when loaded: a bad entry raises a ``DataFileError`` naming the file, line and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from evidencekit.errors import DataFileError
from evidencekit.lang.files import (
    DATA_ROOT,
    data_root,
    display_path,
    forget_with_data,
    languages,
    node_line,
    read_data_file,
)
from evidencekit.lang.loader import compile_pattern

BOILERPLATE_PATH = DATA_ROOT / "boilerplate.yaml"
_BOILERPLATE_GROUPS = {
    "chrome": (),
    "disclaimer": (),
    "source_line": ("url",),
    "dateline": ("outlet", "date"),
    "comment_author": ("name",),
    "file_title": (),
}


@dataclass(frozen=True)
class Boilerplate:
    """Compiled patterns of ``data/boilerplate.yaml``; each matches a whole stripped line."""

    chrome: tuple[re.Pattern[str], ...] = ()
    disclaimer: tuple[re.Pattern[str], ...] = ()
    source_line: tuple[re.Pattern[str], ...] = ()
    dateline: tuple[re.Pattern[str], ...] = ()
    comment_author: tuple[re.Pattern[str], ...] = ()
    file_title: tuple[re.Pattern[str], ...] = ()

    def match(self, key: str, line: str) -> re.Match[str] | None:
        """Return the first pattern of ``key`` that matches the whole (stripped) ``line``."""
        for pattern in getattr(self, key):
            found = pattern.fullmatch(line.strip())
            if found:
                return found
        return None

    def is_noise(self, line: str) -> bool:
        """True for chrome, disclaimers, source lines, datelines and lines without words."""
        if not any(ch.isalnum() for ch in line):
            return True
        keys = ("chrome", "disclaimer", "source_line", "dateline")
        return any(self.match(key, line) for key in keys)


def load_boilerplate(path: Path = BOILERPLATE_PATH) -> Boilerplate:
    """Load and validate a boilerplate file (format: see its header).

    Raises
    ------
    DataFileError
        Naming the file, line and key of an unknown key or language, or a bad pattern.

    Examples
    --------
    >>> rules = load_boilerplate()
    >>> bool(rules.match("chrome", "No posts")), bool(rules.match("chrome", "No wonder"))
    (True, False)
    """
    data, node = read_data_file(path)
    shown = display_path(path)
    codes = languages()
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key, by_language in data.items():
        line = node_line(node, key)
        if key not in _BOILERPLATE_GROUPS:
            known = ", ".join(_BOILERPLATE_GROUPS)
            raise DataFileError(shown, f'unknown key "{key}"; expected one of: {known}', line, key)
        if not isinstance(by_language, dict):
            message = f'"{key}" must map language codes ({", ".join(codes)}) to lists'
            raise DataFileError(shown, message, line, key)
        compiled[key] = _compile_languages(by_language, node, shown, key, codes)
    return Boilerplate(**compiled)


def _compile_languages(
    by_language: dict[str, Any],
    node: yaml.MappingNode,
    shown: Path,
    key: str,
    codes: tuple[str, ...],
) -> tuple[re.Pattern[str], ...]:
    patterns: list[re.Pattern[str]] = []
    for lang, sources in by_language.items():
        line = node_line(node, key, lang)
        if lang not in codes:
            message = f'"{key}": unknown language "{lang}"; expected one of: {", ".join(codes)}'
            raise DataFileError(shown, message, line, key)
        if not isinstance(sources, list):
            raise DataFileError(shown, f'"{key}.{lang}" must be a list of patterns', line, key)
        for index, source in enumerate(sources):
            item_line = node_line(node, key, lang, index)
            if sources.index(source) != index:
                message = f'"{key}.{lang}": pattern {source!r} is listed twice; remove one'
                raise DataFileError(shown, message, item_line, key)
            groups = _BOILERPLATE_GROUPS[key]
            patterns.append(compile_pattern(source, shown, item_line, key, groups))
    return tuple(patterns)


@forget_with_data
@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    """The boilerplate rules of the data folder in use (the package's by default), loaded once."""
    chosen = data_root() / "boilerplate.yaml"
    return load_boilerplate(chosen if chosen.exists() else BOILERPLATE_PATH)
