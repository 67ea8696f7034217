"""Running one page: the kernel, papermill, the error page of a failed notebook, the log."""

from __future__ import annotations

import datetime
import functools
import html
import json
import os
import re
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from evidencekit.report.build.convert import to_html
from evidencekit.report.build.manifest import _temporary_notebook
from evidencekit.report.build.pages import IOPUB_TIMEOUT, KERNEL, KERNEL_CONFIG, Page
from evidencekit.safe_io import atomic_write

# --- running one page ---------------------------------------------------------------------


@functools.cache
def kernel_name() -> str:
    """Return the name of a kernel that runs this very Python (the venv's ipykernel).

    ``python3`` normally resolves to the current interpreter; if a user-level
    kernelspec points it elsewhere, install one for this environment instead.
    """
    python = Path(sys.executable).absolute()  # not resolved: a venv's python is a symlink
    manager = KernelSpecManager()
    try:
        command = manager.get_kernel_spec(KERNEL).argv[0]
    except NoSuchKernel:
        command = ""
    if command in {"python", "python3"} or Path(command).absolute() == python:
        return KERNEL
    from ipykernel.kernelspec import install

    name = "evidencekit-" + python.parent.parent.name
    install(kernel_name=name, prefix=sys.prefix, display_name=f"Python ({name})")
    return name


class QuietShutdownKernelManager(AsyncKernelManager):
    """A kernel manager whose shutdown sends no SIGINT before its ``shutdown_request``.

    jupyter_client's ``shutdown_kernel`` interrupts the kernel first. papermill shuts the
    kernel down as soon as the ``kernel_info_reply`` of its last request arrives, while the
    kernel may still be in that request's handler (where SIGINT raises): the kernel then logs
    "KeyboardInterrupt caught in kernel." The ``shutdown_request`` alone ends the kernel
    (ipykernel answers it on its control thread, even when busy); one that does not end is
    still sent SIGTERM, then SIGKILL.
    """

    async def _async_interrupt_kernel(self) -> None:
        if not self.shutting_down:  # set by shutdown_kernel just before it interrupts
            await super()._async_interrupt_kernel()

    interrupt_kernel = _async_interrupt_kernel


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def execute(
    page: Page, notebooks_dir: Path, output: Path, cwd: Path, kernel: str | None = None, export_to: str = ""
) -> Page:
    """Run one notebook with papermill into ``output``; record an error instead of raising.

    ``export_to``: where the page writes its tables (``<export_to>.<table>.csv`` and ``.xlsx``).
    """
    start = time.perf_counter()
    parameters = {**page.parameters, **({"export_to": export_to} if export_to else {})}
    try:
        papermill.execute_notebook(
            str(notebooks_dir / f"{page.notebook}.ipynb"),
            str(output),
            parameters=parameters,
            kernel_name=kernel or kernel_name(),
            cwd=str(cwd),
            progress_bar=False,
            config=KERNEL_CONFIG,
            iopub_timeout=IOPUB_TIMEOUT,
        )
    except papermill.PapermillExecutionError as error:
        page.error = f"{error.ename}: {error.evalue} (cell {error.exec_count})"
        page.traceback = ANSI.sub("", "\n".join(error.traceback))
    except Exception as error:  # noqa: BLE001 -- one failing page must not stop the build
        page.error = f"{type(error).__name__}: {error}"
        page.traceback = traceback.format_exc()
        if not output.exists():
            _write_error_notebook(output, page)
    page.seconds = time.perf_counter() - start
    return page


def _write_error_notebook(path: Path, page: Page) -> None:
    text = f"## {page.title} failed\n\n```\n{page.error}\n```"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)]), path)


def _error_html(page: Page) -> str:
    """A bare page for when even the notebook of a failure cannot be converted."""
    title, error = html.escape(page.title), html.escape(f"{page.error}\n\n{page.traceback}")
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>" + (
        f"<body><h1>{title} failed</h1><pre>{error}</pre></body></html>\n"
    )


@dataclass
class Job:
    """What a worker needs to build one page."""

    page: Page
    notebooks_dir: Path
    out: Path
    cwd: Path
    kernel: str
    keep_last_good: bool = False


def _copy_atomic(source: Path, target: Path) -> None:
    atomic_write(target, source.read_bytes())


def run_page(job: Job) -> Page:
    """Execute, convert and write one page; runs in a worker process (or in this one).

    The executed notebook goes to a temporary file first; the executed notebook and the
    page are then each moved into place, so an interruption never leaves half a file.
    """
    page, out = job.page, job.out
    executed = out / "notebooks" / f"{page.name}.ipynb"
    temporary = _temporary_notebook(executed)
    started = datetime.datetime.now().astimezone()
    try:
        execute(page, job.notebooks_dir, temporary, job.cwd, job.kernel, str((out / page.name).absolute()))
        try:
            body = to_html(temporary, page)
        except Exception as error:  # noqa: BLE001 -- the page shows what went wrong instead
            page.error = page.error or f"HTML export: {type(error).__name__}: {error}"
            page.traceback += "\n" + traceback.format_exc()
            body = _error_html(page)
        last_good = out / page.last_good_html
        if page.error and job.keep_last_good and (out / page.html).exists():
            _copy_atomic(out / page.html, last_good)
        os.replace(temporary, executed)
        atomic_write(out / page.html, body)
        if page.error:
            page.last_good = last_good.exists()
        else:
            last_good.unlink(missing_ok=True)
    finally:
        temporary.unlink(missing_ok=True)
    page.status = "failed" if page.error else "built"
    _write_log(out / "logs" / f"{page.name}.log", job, started)
    return page


def _write_log(path: Path, job: Job, started: datetime.datetime) -> None:
    page = job.page
    ended = datetime.datetime.now().astimezone()
    lines = [
        f"page: {page.name}",
        f"notebook: {job.notebooks_dir / (page.notebook + '.ipynb')}",
        f"parameters: {json.dumps(page.parameters, ensure_ascii=False, sort_keys=True)}",
        f"kernel: {job.kernel} (cwd {job.cwd}, worker pid {os.getpid()})",
        f"start: {started.isoformat(timespec='seconds')}",
        f"end: {ended.isoformat(timespec='seconds')}",
        f"duration: {page.seconds:.1f} s",
        f"status: {page.status}",
    ]
    if page.error:
        lines.append(f"error: {page.error}")
        if page.last_good:
            lines.append(f"last good page kept as {page.last_good_html}")
        lines += ["traceback:", page.traceback.strip()]
    atomic_write(path, "\n".join(lines) + "\n")
