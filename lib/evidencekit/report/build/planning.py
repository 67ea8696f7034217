"""Which pages a build runs: stale pages removed, ``--doc`` selection, checks before anything
runs, and the plan of pages to run or skip against the manifest."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.errors import BuildError
from evidencekit.ingest.corpus import Corpus
from evidencekit.report.build.execution import Job, kernel_name
from evidencekit.report.build.manifest import _key, file_hash
from evidencekit.report.build.pages import Page
from evidencekit.report.build.parameters import check_parameters

PAGE_FILES = ("0[123]-*.html", "notebooks/0[123]-*.ipynb", "logs/0[123]-*.log")
TABLE_FILES = ("0[123]-*.csv", "0[123]-*.xlsx")  # <page>.<table>.csv: a page's exported tables


def _remove_stale(out: Path, planned: Iterable[str]) -> None:
    """Remove the pages (with notebook, log, last good page, exported tables) no longer planned."""
    keep = set(planned)
    for pattern in PAGE_FILES:
        for path in out.glob(pattern):
            name = path.name.rsplit(".", 1)[0].removesuffix(".last-good")
            if name not in keep:
                path.unlink()
    for pattern in TABLE_FILES:
        for path in out.glob(pattern):
            if path.name.rsplit(".", 2)[0] not in keep:
                path.unlink()


def _select(corpus: Corpus, corpus_dir: str, docs: Iterable[str] | None) -> Corpus:
    if docs is None:
        return corpus
    wanted = list(dict.fromkeys(docs))
    unknown = [doc_id for doc_id in wanted if doc_id not in corpus]
    if unknown:
        known = ", ".join(corpus.ids) or "none"
        names = ", ".join(unknown)
        message = f"unknown document id {names} in {corpus_dir} (known ids: {known})"
        raise BuildError(message)
    return Corpus(corpus.path, [doc for doc in corpus if doc.id in wanted], corpus.errors)


def check_pages(pages: Iterable[Page], notebooks_dir: Path) -> None:
    """Raise :class:`BuildError` listing every page whose parameters do not fit its notebook."""
    problems: list[str] = []
    for page in pages:
        for problem in check_parameters(notebooks_dir / f"{page.notebook}.ipynb", page.parameters):
            if problem not in problems:
                problems.append(problem)
    if problems:
        raise BuildError("\n".join(problems))


@dataclass
class _Plan:
    """Pages to run and what the manifest must record for them."""

    jobs: list[Job] = field(default_factory=list)
    keys: dict[str, dict[str, Any]] = field(default_factory=dict)


def _plan(
    pages: list[Page],
    manifest: dict[str, Any],
    out: Path,
    notebooks_dir: Path,
    shared: dict[str, Any],
    force: bool,
) -> _Plan:
    plan = _Plan()
    kernel = kernel_name()
    for page in pages:
        notebook = notebooks_dir / f"{page.notebook}.ipynb"
        entry: dict[str, Any] = {"notebook": file_hash(notebook), "parameters": page.parameters, **shared}
        entry["key"] = _key(**entry)
        plan.keys[page.name] = entry
        old = manifest["pages"].get(page.name, {})
        outputs = (out / page.html, out / "notebooks" / f"{page.name}.ipynb")
        unchanged = old.get("key") == entry["key"] and old.get("status") == "built"
        if unchanged and not force and all(path.exists() for path in outputs):
            page.status, page.seconds = "skipped", 0.0
            continue
        keep = old.get("status") == "built"
        plan.jobs.append(Job(page, notebooks_dir, out.resolve(), Path.cwd(), kernel, keep))
    return plan


def _record(manifest: dict[str, Any], page: Page, entry: dict[str, Any]) -> None:
    manifest["pages"][page.name] = {
        **entry,
        "status": "failed" if page.error else "built",
        "error": page.error,
        "seconds": round(page.seconds, 2),
        "finished": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
