"""The package's shape: subpackages in the order of the flow, imports that run down it,
modules of a readable size, and no language branches in the engine.

The flow is ``lang -> ingest -> text -> extract -> evidence -> archive -> report -> cli``;
the base modules (errors, records, version, safe_io, lifeline, budget) sit under all of them. A module
may import its own subpackage, the base, and any subpackage earlier in the flow; never a later
one, and never the package's front door (``evidencekit/__init__.py``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lib" / "evidencekit"
FLOW = ("lang", "ingest", "text", "extract", "evidence", "review", "archive", "report", "cli")
BASE = ("errors", "records", "version", "safe_io", "lifeline", "budget")
MAX_LINES = 420  # "about 400"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _layer(module: str) -> int | None:
    """The position of ``evidencekit.<part>...`` in the flow (-1: base; None: the front door)."""
    parts = module.split(".")
    if parts[0] != "evidencekit":
        return None
    if len(parts) == 1:
        return None
    if parts[1] in BASE:
        return -1
    return FLOW.index(parts[1]) if parts[1] in FLOW else None


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "evidencekit":
                found += [(node.lineno, f"evidencekit.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] == "evidencekit"]


def _name(path: Path) -> str:
    return ".".join(("evidencekit", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
        ".__init__"
    )


@pytest.mark.parametrize(
    "path", [p for p in MODULES if p.name != "__init__.py" or p.parent != PACKAGE], ids=_name
)
def test_imports_run_down_the_flow(path: Path) -> None:
    own = _layer(_name(path))
    assert own is not None, f"{_name(path)}: not in a subpackage of the flow {FLOW} nor a base module {BASE}"
    wrong = []
    for line, module in _imports(path):
        if module == "evidencekit" or (module.count(".") == 1 and _layer(module) is None):
            wrong.append(f"line {line}: imports the front door ({module}); import the defining module")
            continue
        layer = _layer(module)
        if layer is not None and layer > own:
            wrong.append(f"line {line}: {module} is later in the flow than {_name(path)}")
    assert not wrong, f"{path.relative_to(PACKAGE)}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_stay_readable(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines; split it by what its parts do"


LANGUAGE_BRANCH = re.compile(
    r"""\blang(?:uage)?\s*[!=]=\s*["'](?:en|zh)["']|["'](?:en|zh)["']\s*[!=]=\s*lang"""
)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_language_branches_in_the_engine(path: Path) -> None:
    hits = [
        f"line {n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LANGUAGE_BRANCH.search(line) and not line.lstrip().startswith(("#", ">>>"))
    ]
    assert not hits, f"{path.relative_to(PACKAGE)}: language facts belong in data/<lang>/:\n" + "\n".join(
        hits
    )
