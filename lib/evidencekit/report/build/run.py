"""A build from start to end (:func:`build`), in parallel page processes, and the refresh of the
committed notebooks (:func:`refresh_notebooks`)."""

from __future__ import annotations

import datetime
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import nbformat
import papermill
from tqdm import tqdm

from evidencekit.ingest.corpus import load_corpus
from evidencekit.report.build.convert import clean_notebook
from evidencekit.report.build.execution import Job, kernel_name, run_page
from evidencekit.report.build.manifest import (
    _key,
    _remove_temporary_files,
    _save_manifest,
    build_lock,
    corpus_hash,
    environment,
    library_hash,
    load_manifest,
)
from evidencekit.report.build.outputs import (
    CorpusOutputs,
    _document_statuses,
    _index,
    _summary_json,
    corpus_outputs,
)
from evidencekit.report.build.pages import KERNEL_CONFIG, SUMMARY, Page, Report, plan_pages
from evidencekit.report.build.planning import _plan, _record, _remove_stale, _select, check_pages
from evidencekit.safe_io import atomic_write


def build(
    corpus_dir: str = "seeds",
    out: str | Path = "reports",
    figures: str | Path = "figures",
    notebooks_dir: str | Path = "notebooks",
    *,
    jobs: int | None = None,
    force: bool = False,
    docs: Iterable[str] | None = None,
    wait: bool = True,
    progress: bool | None = None,
) -> Report:
    """Build the report into ``out``; see the module docstring.

    ``jobs``: worker processes (default ``os.cpu_count()``); ``force``: rebuild every
    page; ``docs``: report on these documents only (default all); ``wait``: wait for a
    build already running on ``out`` (else raise); ``progress``: show a progress bar
    (default: when stderr is a terminal).
    """
    out = Path(out)
    with build_lock(out, wait=wait):
        return _build(
            corpus_dir,
            out,
            Path(figures),
            Path(notebooks_dir).resolve(),
            jobs=jobs or os.cpu_count() or 1,
            force=force,
            docs=docs,
            progress=progress,
        )


def _say(line: str, bar: Any = None) -> None:
    if bar is not None:
        bar.write(line, file=sys.stdout)
    else:
        print(line, flush=True)


def _build(
    corpus_dir: str,
    out: Path,
    figures: Path,
    notebooks_dir: Path,
    *,
    jobs: int,
    force: bool,
    docs: Iterable[str] | None,
    progress: bool | None,
) -> Report:
    start = time.perf_counter()
    for folder in (out / "notebooks", out / "logs"):
        folder.mkdir(parents=True, exist_ok=True)
    _remove_temporary_files(out, out / "notebooks", out / "logs", figures)
    corpus = _select(load_corpus(corpus_dir), corpus_dir, docs)
    pages = plan_pages(corpus_dir, corpus.ids)
    check_pages(pages, notebooks_dir)
    shared = {"corpus": corpus_hash(corpus_dir), "library": library_hash(), "environment": environment()}
    manifest = load_manifest(out)
    plan = _plan(pages, manifest, out, notebooks_dir, shared, force)
    _remove_stale(out, (page.name for page in pages))
    manifest["pages"] = {name: entry for name, entry in manifest["pages"].items() if name in plan.keys}

    figures_key = _key(**shared, folder=str(figures.resolve()))
    cached = manifest.get("figures", {})
    figures_fresh = (
        not force
        and cached.get("key") == figures_key
        and cached.get("error") is None
        and all((figures / name).exists() for name in cached.get("files", []))
    )
    jobs = max(1, min(jobs, len(plan.jobs) + (0 if figures_fresh else 1)))
    report = Report(out / "index.html", pages=pages, jobs=jobs)
    report.failed = [str(error) for error in corpus.errors]
    for page in pages:
        if page.status == "skipped":
            _say(f"{page.name}: skipped (unchanged)")

    def corpus_done(result: CorpusOutputs) -> None:
        manifest["figures"] = {"key": figures_key, "files": result.figures, "claims": result.claims,
                               "documents": result.documents, "error": result.error,
                               "seconds": round(result.seconds, 2)}  # fmt: skip
        _save_manifest(out, manifest)

    def page_done(page: Page, bar: Any) -> None:
        status = f"FAILED {page.error}" if page.error else "built"
        _say(f"{page.name}: {status} ({page.seconds:.1f} s)", bar)
        _record(manifest, page, plan.keys[page.name])
        _save_manifest(out, manifest)

    if not figures_fresh:
        manifest.pop("figures", None)
    _run(plan.jobs, jobs, None if figures_fresh else (corpus_dir, figures), corpus_done, page_done, progress)
    _remove_temporary_files(out, out / "notebooks", out / "logs", figures)  # of a worker that died
    result = manifest.get("figures", {})
    if result.get("error"):
        report.failed.append(result["error"])
    for page in pages:
        if page.error:
            report.failed.append(f"{page.name}: {page.error}")
    atomic_write(report.index, _index(corpus, pages, result, out, figures))
    report.seconds = time.perf_counter() - start
    report.documents = _document_statuses(corpus, corpus_dir, pages, result.get("claims"))
    atomic_write(out / SUMMARY, _summary_json(report, corpus_dir))
    manifest["last_build"] = {
        "finished": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": round(report.seconds, 2),
        "jobs": jobs,
        "forced": force,
        **{
            status: [p.name for p in pages if p.status == status] for status in ("built", "skipped", "failed")
        },
    }
    _save_manifest(out, manifest)
    return report


def _run(
    jobs: list[Job],
    workers: int,
    corpus_job: tuple[str, Path] | None,
    corpus_done: Any,
    page_done: Any,
    progress: bool | None,
    work: Callable[[Job], Page] = run_page,
) -> None:
    """Run the corpus job and the page jobs (``work``: how a page is built), in this process or
    in ``workers`` processes; a page whose worker dies takes only itself down."""
    disable = None if progress is None else not progress  # None: a bar only on a terminal
    if workers == 1:
        if corpus_job is not None:
            corpus_done(corpus_outputs(*corpus_job))
        with tqdm(total=len(jobs), unit="page", disable=disable, file=sys.stderr) as bar:
            for job in jobs:
                try:
                    page = work(job)
                except Exception as error:  # noqa: BLE001 -- e.g. a full disk: this page fails
                    page = _crashed(job, error)
                page_done(page, bar if not bar.disable else None)
                bar.update()
        return
    with tqdm(total=len(jobs), unit="page", disable=disable, file=sys.stderr) as bar:
        shown = bar if not bar.disable else None
        orphans = _run_pool(jobs, workers, corpus_job, corpus_done, page_done, bar, shown, work=work)
        for job in orphans:  # pages a dying worker took down with it: each alone this time
            _run_pool([job], 1, None, corpus_done, page_done, bar, shown, last_try=True, work=work)


def _run_pool(
    jobs: list[Job],
    workers: int,
    corpus_job: tuple[str, Path] | None,
    corpus_done: Any,
    page_done: Any,
    bar: Any,
    shown: Any,
    last_try: bool = False,
    work: Callable[[Job], Page] = run_page,
) -> list[Job]:
    """Run jobs in a pool of ``workers`` processes; return the pages lost when a worker died
    (a page that kills its process breaks the pool for every page running beside it), to be
    run again one by one; on the ``last_try`` a page lost so is failed."""
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited threads
    orphans: list[Job] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[Any], Job | None] = {}
        try:
            if corpus_job is not None:
                futures[pool.submit(corpus_outputs, *corpus_job)] = None
            futures.update({pool.submit(work, job): job for job in jobs})
            for future in as_completed(futures):
                done = futures[future]
                try:
                    result = future.result()
                except BrokenProcessPool as error:
                    if done is not None and not last_try:
                        orphans.append(done)
                        continue
                    result = _crashed(done, error)
                except Exception as error:  # noqa: BLE001 -- a failing worker fails its page
                    result = _crashed(done, error)
                if done is None:
                    corpus_done(result)
                    continue
                done.page.__dict__.update(result.__dict__)  # the worker's copy came back
                page_done(done.page, shown)
                bar.update()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return orphans


def _crashed(job: Job | None, error: BaseException) -> Any:
    died = "worker process died: " if isinstance(error, BrokenProcessPool) else ""
    message = f"{died}{type(error).__name__}: {error}"
    if job is None:
        return CorpusOutputs(error=f"figures: {message}")
    job.page.error, job.page.status = message, "failed"
    return job.page


def refresh_notebooks(notebooks_dir: str | Path = "notebooks") -> list[Path]:
    """Re-execute every ``NN-*.ipynb`` in ``notebooks_dir`` with its defaults, then clean it.

    The kernel runs in ``notebooks_dir``, as in JupyterLab and nbval. Raises on the
    first notebook that fails, leaving the committed file untouched.
    """
    folder = Path(notebooks_dir).resolve()
    written = []
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        nb = papermill.execute_notebook(
            str(path),
            None,
            kernel_name=kernel_name(),
            cwd=str(folder),
            progress_bar=False,
            config=KERNEL_CONFIG,
        )
        nbformat.write(clean_notebook(nb), path)
        print(f"refreshed {path.relative_to(folder.parent)}", flush=True)
        written.append(path)
    return written
