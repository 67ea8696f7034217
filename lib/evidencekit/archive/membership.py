"""Which documents a store holds, and the only ways they leave it.

A store remembers the corpus folder of every file it holds (the manifest's ``corpus``
column: the folder's absolute path), so one store can gather several folders, batch after
batch. A run of ``evidencekit extract FOLDER --out STORE``:

- adds and updates the documents of FOLDER and leaves every other folder's documents alone;
- removes a document of FOLDER whose file is gone from FOLDER (reason ``gone``);
- with ``prune=True`` (``--prune``) also removes the documents of every other folder, so the
  store then holds FOLDER alone (reason ``pruned``);
- stops before changing anything when it would remove more than :data:`REMOVAL_SHARE` of the
  store's documents (and more than :data:`REMOVAL_FLOOR`) without ``prune``: a folder that is
  only partly there (an unmounted disk, a wrong path) must not empty the archive.

:func:`remove_documents` (``evidencekit remove STORE DOC_ID...``) takes named documents out
(reason ``removed``); a later run over their folder adds back those whose files are still there.
A document id already held from one folder is a ``duplicate`` error in another folder while
the first file exists; when that file is gone, the new file takes the id over (reason ``moved``).
"""

from __future__ import annotations

import datetime
import difflib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evidencekit.errors import StoreError, UnknownDocumentError, is_read, plural, shown_path

REMOVAL_SHARE = 0.1
"""A run may remove at most this share of the store's documents without ``prune``..."""
REMOVAL_FLOOR = 2
"""...or this many documents, whichever is more."""

RULE = (
    "A run adds and updates the documents of its corpus folder and keeps every other folder's "
    "documents. A document leaves the store only when its file is gone from the folder it came "
    "from (on a run over that folder), when --prune is given (documents of every other folder), "
    "or with `evidencekit remove STORE DOC_ID...`. A run that would remove more than "
    f"{REMOVAL_SHARE:.0%} of the store's documents (and more than {REMOVAL_FLOOR}) without "
    "--prune stops before changing anything."
)
"""The rule, as ``build.json`` states it."""

Key = tuple[str, str]
"""A file of the store: (corpus folder, path relative to it)."""


def corpus_key(root: Path) -> str:
    """The name a store keeps for a corpus folder: its absolute path."""
    return shown_path(root.resolve())


def file_of(key: Key) -> Path:
    """The file a key names (a corpus given as one file is its own file)."""
    corpus = Path(key[0])
    return corpus if corpus.is_file() else corpus / key[1]


@dataclass(frozen=True)
class Removal:
    """A document leaving the store, and why (``gone``, ``pruned``, ``moved``, ``removed``)."""

    corpus: str
    path: str
    doc_id: str
    reason: str

    def describe(self) -> str:
        why = {
            "gone": f"its file is gone from {self.corpus}",
            "pruned": "--prune: not in this run's folder",
            "moved": "its file is gone; its id now belongs to a file of another folder",
            "removed": "removed on request",
        }[self.reason]
        return f"{self.doc_id} ({self.corpus}/{self.path}): {why}"

    def as_json(self) -> dict[str, str]:
        return {"corpus": self.corpus, "path": self.path, "doc_id": self.doc_id, "reason": self.reason}


def check_removals(removals: list[Removal], held: int, store: Path, corpus: str, prune: bool) -> None:
    """Stop (:class:`StoreError`) when a run without ``prune`` would remove too much of the store."""
    gone = [r for r in removals if r.reason == "gone"]
    if prune or len(gone) <= max(REMOVAL_FLOOR, REMOVAL_SHARE * held):
        return
    examples = ", ".join(r.path for r in gone[:3])
    message = (
        f"this run would remove {len(gone):,} of the {plural(held, 'document')} of {store} because "
        f"their files are gone from {corpus} (such as {examples}); nothing was changed. If the folder "
        "is not all there (an unmounted disk, a wrong path), fix that first; if the files were "
        "deleted on purpose, run again with --prune"
    )
    raise StoreError(message)


def legacy_corpus(store: Path) -> str | None:
    """The corpus folder a store written before folders were remembered was built from."""
    try:
        return str(json.loads((store / "build.json").read_text(encoding="utf-8"))["corpus"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keyed(entries: Iterable[dict[str, Any]], default_corpus: str) -> dict[Key, dict[str, Any]]:
    """Manifest entries by (corpus, path); entries with no corpus get ``default_corpus``."""
    out: dict[Key, dict[str, Any]] = {}
    for entry in entries:
        corpus = entry.get("corpus") or default_corpus
        out[(corpus, entry["path"])] = {**entry, "corpus": corpus}
    return out


@dataclass
class RemoveReport:
    """What :func:`remove_documents` did."""

    store: Path
    removed: list[Removal] = field(default_factory=list)

    def summary(self) -> str:
        return f"{plural(len(self.removed), 'document')} removed from {self.store}"


def remove_documents(store: str | Path, doc_ids: Iterable[str], wait: bool = True) -> RemoveReport:
    """Take documents out of a store: their rows and manifest entries (see the module doc).

    Unknown ids raise :class:`~evidencekit.errors.UnknownDocumentError` naming close ones,
    before anything changes.
    """
    from evidencekit.archive.commit import StagedRows, commit, recover, temporary_name, write_manifest
    from evidencekit.archive.store import BUILD, LAYOUT, MANIFEST, read_manifest, store_lock

    root = Path(store)
    if not (root / LAYOUT).exists():
        message = f"{root}: not an extraction store (no {LAYOUT}); nothing to remove"
        raise StoreError(message)
    wanted = list(dict.fromkeys(doc_ids))
    with store_lock(root, wait=wait):
        recover(root)
        manifest = read_manifest(root)
        _check_known(wanted, manifest, root)
        gone = manifest["doc_id"].isin(wanted)
        report = RemoveReport(root, _removals(manifest[gone]))
        run = f"{datetime.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        staged = StagedRows(root, run)
        removed: dict[int, set[str]] = {}
        read = [is_read(str(s), str(c)) for s, c in zip(manifest["status"], manifest["code"], strict=True)]
        for _, row in manifest[gone & pd.Series(read, index=manifest.index, dtype=bool)].iterrows():
            removed.setdefault(int(row["bucket"]), set()).add(str(row["doc_id"]))
        operations = staged.compact(removed)
        temporary = temporary_name(root / MANIFEST, run)
        write_manifest(temporary, manifest[~gone].reset_index(drop=True))
        build = temporary_name(root / BUILD, run)
        build.write_text(_removal_json(root / BUILD, report, set(wanted)), encoding="utf-8")
        commit(root, [*operations, (temporary, root / MANIFEST), (build, root / BUILD)])
        staged.discard()
    return report


def _check_known(wanted: list[str], manifest: pd.DataFrame, root: Path) -> None:
    known = set(manifest["doc_id"].dropna())
    unknown = [doc_id for doc_id in wanted if doc_id not in known]
    if not unknown:
        return
    hints = []
    for doc_id in unknown:
        close = difflib.get_close_matches(doc_id, sorted(known), n=3)
        hints.append(f"{doc_id!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
    message = f"{root} holds no document {', '.join(hints)}; nothing was removed"
    raise UnknownDocumentError(message)


def _removals(rows: pd.DataFrame) -> list[Removal]:
    return [
        Removal(
            str(row["corpus"]) if pd.notna(row["corpus"]) else "",
            str(row["path"]),
            str(row["doc_id"]),
            "removed",
        )
        for _, row in rows.iterrows()
    ]


def _removal_json(previous: Path, report: RemoveReport, wanted: set[str]) -> str:
    """The last run's ``build.json`` without the removed documents, and what was removed."""
    try:
        summary = json.loads(previous.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = {}
    summary["documents"] = [d for d in summary.get("documents", []) if d.get("doc_id") not in wanted]
    summary.update(
        command="remove",
        finished=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        rule=RULE,
        removed=[r.as_json() for r in report.removed],
    )
    return json.dumps(summary, ensure_ascii=False, indent=1) + "\n"
