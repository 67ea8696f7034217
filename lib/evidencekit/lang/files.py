"""Files of the data folder: where it is, reading YAML with lines for errors, caches.

The data folder (:func:`data_root`) is the package's ``data/``, or the folder named by
the environment variable ``EVIDENCEKIT_DATA``, or one set with :func:`set_data_root`;
its sub-folders are the languages (:func:`languages`). Whatever is computed from the data
is cached with :func:`data_cache`, so that a new data folder forgets it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from evidencekit.errors import DataFileError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
"""The ``evidencekit`` package folder (code and ``data/``)."""
DATA_ROOT = PACKAGE_ROOT / "data"
"""The data the package ships; :func:`data_root` is the folder in use."""
DATA_ENV = "EVIDENCEKIT_DATA"
"""The environment variable that names another data folder (read on first use)."""
F = TypeVar("F", bound=Callable[..., Any])
_DATA_CACHES: list[Any] = []
_ROOT: list[Path] = []  # the data folder in use, once known


def data_root() -> Path:
    """The data folder in use: set by :func:`set_data_root`, else ``$EVIDENCEKIT_DATA``,
    else the package's ``data/``."""
    if not _ROOT:
        _ROOT.append(Path(os.environ[DATA_ENV]) if os.environ.get(DATA_ENV) else DATA_ROOT)
    return _ROOT[0]


def set_data_root(path: Path | str | None) -> None:
    """Use the data folder ``path`` (None: ``$EVIDENCEKIT_DATA`` or the package's) and forget
    everything computed from the previous one (every :func:`data_cache`)."""
    _ROOT.clear()
    if path is not None:
        _ROOT.append(Path(path))
    for cached in _DATA_CACHES:
        cached.cache_clear()


def data_cache(function: F) -> F:
    """:func:`functools.cache` for what is computed from the data: cleared by :func:`set_data_root`."""
    return forget_with_data(cast(F, cache(function)))


def forget_with_data(cached: F) -> F:
    """Register a cached function (``functools.lru_cache``) to be cleared with the data folder."""
    _DATA_CACHES.append(cached)
    return cached


@data_cache
def languages() -> tuple[str, ...]:
    """The languages the kit has data for: the sub-folders of the data folder.

    >>> languages()
    ('en', 'zh')
    """
    return tuple(
        sorted(p.name for p in data_root().iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    )


def has_language_file(lang: str, name: str) -> bool:
    """Whether ``data/<lang>/<name>.yaml`` exists (optional files may be missing)."""
    return (data_root() / lang / f"{name}.yaml").is_file()


def display_path(path: Path) -> Path:
    """``path`` relative to the data folder's parent (``data/boilerplate.yaml``) when inside it."""
    try:
        return path.relative_to(data_root().parent)
    except ValueError:
        return path


def read_data_file(path: Path) -> tuple[dict[str, Any], yaml.MappingNode]:
    """Load a YAML data file whose top level is a mapping, with its node tree for line numbers.

    Raises
    ------
    DataFileError
        When the file is not valid YAML or its top level is not a mapping.
    """
    shown = display_path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        message = f"not valid YAML: {problem}; check quotes and indentation"
        raise DataFileError(shown, message, line=mark.line + 1 if mark else None) from error
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        message = "the top level must be a mapping of keys to values"
        raise DataFileError(shown, message, line=1)
    return data, node


def node_line(node: yaml.Node, *path: str | int) -> int | None:
    """Return the 1-based line of the entry at ``path`` (mapping keys, list indices) in ``node``.

    For a mapping key this is the line of the key itself, for a list index that of the item.
    """
    current: yaml.Node | None = node
    line: int | None = None
    for step in path:
        if isinstance(current, yaml.MappingNode):
            pair = next(((k, v) for k, v in current.value if k.value == step), None)
            current, line = (pair[1], pair[0].start_mark.line + 1) if pair else (None, None)
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int):
            current = current.value[step] if step < len(current.value) else None
            line = current.start_mark.line + 1 if current is not None else None
        else:
            current = None
        if current is None:
            return None
    return line


def line_of(path: Path, needle: str) -> int | None:
    """1-based line of the first line of ``path`` that mentions ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle and needle in line:
            return number
    return None


def read_yaml(path: Path) -> Any:
    """Parse one YAML file safely; syntax errors name the file and line."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        message = f"not valid YAML ({getattr(exc, 'problem', exc)}); fix the syntax"
        raise DataFileError(path, message, line=line) from exc
