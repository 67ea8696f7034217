"""The notebooks' parameters, checked before any work: the first code cell of each notebook
calls :func:`check_parameters`, so every runner (JupyterLab, papermill by hand, the build)
gets one clear message naming the parameter, the value given, what it takes and the known
documents or themes, instead of a traceback from deep inside a table or a report on other
input.

A document may be named by its id, by a unique prefix of it, by its title (or a unique part of
it), or by a number where papermill turned the id into one (``-p doc_id 3`` is ``3``, and
``-p doc_id 2025_09_19`` arrives as ``20250919``). A parameter name the notebook does not take
(``-p docid ...``) is an error, never a report on the default document.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evidencekit.errors import InvalidParameterError

NOTEBOOK_PARAMETERS: dict[str, tuple[str, ...]] = {
    "corpus": ("corpus_dir", "store_dir", "export_to"),
    "document": ("corpus_dir", "doc_id", "store_dir", "export_to"),
    "theme": ("corpus_dir", "theme", "store_dir", "export_to"),
}
"""The parameters each kind of notebook takes (all strings; ``export_to``, set by the build,
is where the page's tables are written as CSV and XLSX, empty for none)."""
_KERNEL_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython", "open"})
SHOWN = 12  # documents listed in a message


def check_parameters(namespace: Mapping[str, Any], kind: str) -> dict[str, str]:
    """The parameters of a ``kind`` notebook (``corpus``, ``document``, ``theme``) read from
    ``namespace`` (the notebook's ``globals()``), checked and normalised: a document or theme
    as its id. Raises :class:`InvalidParameterError` with what to do otherwise.

    >>> check_parameters({"corpus_dir": "seeds", "store_dir": "", "theme": "Energy"}, "theme")["theme"]
    'energy'
    >>> check_parameters({"corpus_dir": "seeds", "store_dir": "", "docid": "x"}, "corpus")
    Traceback (most recent call last):
    ...
    evidencekit.errors.InvalidParameterError: unknown parameter 'docid' (value 'x'): ...

    """
    names = NOTEBOOK_PARAMETERS[kind]
    _refuse_unknown(namespace, names)
    values = {name: _text(name, namespace.get(name, "")) for name in names}
    _check_source(values["corpus_dir"], values["store_dir"])
    if kind == "theme":
        values["theme"] = resolve_theme(values["theme"])
    if kind == "document":
        from evidencekit.archive.sets import open_evidence

        source = open_evidence(values["corpus_dir"] or None, values["store_dir"] or None)
        values["doc_id"] = resolve_document(values["doc_id"], source.documents)
    return values


def _refuse_unknown(namespace: Mapping[str, Any], names: tuple[str, ...]) -> None:
    given = [
        name
        for name, value in namespace.items()
        if not name.startswith("_")
        and name not in names
        and name not in _KERNEL_NAMES
        and isinstance(value, str | int | float)
    ]
    for name in given:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        message = (
            f"unknown parameter {name!r} (value {namespace[name]!r}): this notebook takes "
            f"{', '.join(names)}{hint} (with papermill: -p {close[0] if close else names[0]} VALUE)"
        )
        raise InvalidParameterError(message)


def _text(name: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        message = f"parameter {name!r} is {value!r}; it takes text (a path, an id or a name)"
        raise InvalidParameterError(message)
    return value if isinstance(value, str) else str(value)


def _check_source(corpus_dir: str, store_dir: str) -> None:
    if store_dir:
        if not Path(store_dir).is_dir():
            message = (
                f"parameter 'store_dir' is {store_dir!r}: no such folder (relative paths start from "
                f"{Path.cwd()}); give a store written by `evidencekit extract CORPUS --out DIR`"
            )
            raise InvalidParameterError(message)
        return
    if not corpus_dir or not Path(corpus_dir).exists():
        message = (
            f"parameter 'corpus_dir' is {corpus_dir!r}: no such folder or file (relative paths start "
            f"from {Path.cwd()}); give a folder of documents"
        )
        raise InvalidParameterError(message)


def resolve_theme(value: str) -> str:
    """A theme id from its id, in any case, or a unique prefix ("chip" -> "chip-control")."""
    from evidencekit.extract.themes import theme_ids

    known = theme_ids()
    wanted = value.strip().lower().replace(" ", "-")
    found = [t for t in known if t == wanted] or (
        [t for t in known if t.startswith(wanted)] if wanted else []
    )
    if len(found) == 1:
        return found[0]
    close = difflib.get_close_matches(wanted, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    message = f"parameter 'theme' is {value!r}: no such theme{hint} Themes: {', '.join(known)}"
    raise InvalidParameterError(message)


def resolve_document(value: str, documents: Any) -> str:
    """A document id from ``value``: the id, the id papermill turned into a number, a unique
    prefix, the title or a unique part of it. ``documents`` is a documents table."""
    ids = [str(i) for i in documents["doc_id"]]
    titles = {
        str(i): str(t)
        for i, t in zip(documents["doc_id"], documents["title"], strict=True)
        if isinstance(t, str)
    }
    wanted = value.strip()
    for rule in (
        lambda i: i == wanted,
        lambda i: wanted.isdigit() and i.replace("_", "") == wanted,
        lambda i: i.startswith(wanted),
        lambda i: wanted.isdigit() and i.split("_")[0].lstrip("0") == wanted.lstrip("0") and wanted != "",
        lambda i: titles.get(i, "").casefold() == wanted.casefold(),
        lambda i: wanted.casefold() in titles.get(i, "").casefold(),
    ):
        found = [i for i in ids if rule(i)] if wanted else []
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = ", ".join(found[:SHOWN])
            message = (
                f"parameter 'doc_id' is {value!r}: it names {len(found)} documents ({listed}); give more"
            )
            raise InvalidParameterError(message)
    listed = "; ".join(f"{i} ({titles[i]})" if i in titles else i for i in ids[:SHOWN])
    more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
    message = f"parameter 'doc_id' is {value!r}: no such document. Documents: {listed}{more}"
    raise InvalidParameterError(message)
