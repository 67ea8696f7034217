"""Typed notebook parameters: the cell tagged ``parameters`` read with :mod:`ast`, and the
check of a page's parameters against it (names, types, required ones)."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat

# --- typed parameters -------------------------------------------------------------------


class _Marker:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


_REQUIRED = _Marker("<required>")  # a parameter declared without a default (``x: int``)
_UNKNOWN = _Marker("<not a literal>")  # a default that is not a literal (``x = os.getcwd()``)
_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str,
    "int": int,
    "float": (int, float),
    "bool": bool,
    "list": list,
    "dict": dict,
}


@dataclass(frozen=True)
class Parameter:
    """A name of a notebook's parameters cell, its annotation (or inferred type) and default."""

    name: str
    annotation: str | None
    default: object

    def accepts(self, value: object) -> bool:
        """Whether ``value`` fits the annotation (an annotation we cannot read accepts all).

        Examples
        --------
        >>> Parameter("n", "int", 1).accepts(True), Parameter("x", "float", 1.0).accepts(2)
        (False, True)
        >>> Parameter("s", "str | None", None).accepts(None), Parameter("s", "str", "").accepts(3)
        (True, False)
        """
        if self.annotation is None:
            return True
        text = re.sub(r"^Optional\[(.*)\]$", r"\1 | None", self.annotation.replace(" ", ""))
        for part in text.split("|"):
            if part == "None" and value is None:
                return True
            expected = _TYPES.get(part)
            if expected is None and part != "None":
                return True
            if expected is not None and isinstance(value, expected):
                if isinstance(value, bool) and part != "bool":
                    continue
                return True
        return False


def _parameter_cell(nb: nbformat.NotebookNode) -> str | None:
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            return str(cell.source)
    return None


def _literal(node: ast.expr | None) -> object:
    if node is None:
        return _REQUIRED
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _UNKNOWN


def parse_parameters(source: str) -> dict[str, Parameter]:
    """Read the names, annotations and defaults of a parameters cell.

    Without an annotation, the type of a literal default stands for it.

    Examples
    --------
    >>> cell = 'corpus_dir: str = "../seeds"  # folder\\nlimit = 3\\nflag: bool'
    >>> for p in parse_parameters(cell).values(): print(p.name, p.annotation, p.default)
    corpus_dir str ../seeds
    limit int 3
    flag bool <required>
    """
    found: dict[str, Parameter] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, default = node.target.id, _literal(node.value)
            found[name] = Parameter(name, ast.unparse(node.annotation), default)
        elif isinstance(node, ast.Assign):
            default = _literal(node.value)
            inferred = type(default).__name__ if type(default).__name__ in _TYPES else None
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = Parameter(target.id, inferred, default)
    return found


@functools.cache
def _notebook_parameters(path: Path, mtime_ns: int) -> dict[str, Parameter] | None:
    source = _parameter_cell(nbformat.read(path, as_version=4))
    return None if source is None else parse_parameters(source)


def notebook_parameters(path: str | Path) -> dict[str, Parameter] | None:
    """The parameters of a notebook file, or None when no cell is tagged ``parameters``."""
    path = Path(path)
    return _notebook_parameters(path, path.stat().st_mtime_ns)


def check_parameters(notebook: str | Path, parameters: Mapping[str, object]) -> list[str]:
    """Return what is wrong with ``parameters`` for ``notebook`` (empty when they fit).

    Each problem names the notebook, the parameter and why, e.g.
    ``02-document-report: parameter doc_id expects str, got int 3``.
    """
    path = Path(notebook)
    label = path.stem
    if not path.is_file():
        return [f"{label}: no notebook {path}"]
    declared = notebook_parameters(path)
    if declared is None:
        return [f"{label}: no cell is tagged 'parameters', so its parameters cannot be checked"]
    problems = []
    for name, value in parameters.items():
        parameter = declared.get(name)
        if parameter is None:
            known = ", ".join(declared) or "none"
            problems.append(f"{label}: unknown parameter {name} (its parameters cell defines: {known})")
        elif not parameter.accepts(value):
            problems.append(
                f"{label}: parameter {name} expects {parameter.annotation}, "
                f"got {type(value).__name__} {value!r}"
            )
    for name, parameter in declared.items():
        if parameter.default is _REQUIRED and name not in parameters:
            problems.append(f"{label}: parameter {name} is required (it has no default) but not given")
    return problems
