"""The pages of a report: what runs (a notebook, its parameters), what a build did, the plan of
pages for a corpus."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from traitlets.config import Config

from evidencekit.errors import plural
from evidencekit.report import charts
from evidencekit.report.site import DOCUMENT, OVERVIEW, THEME

THEMES = charts.THEMES
KERNEL = "python3"
# Encrypt the kernel's channels where the kernelspec allows it (ipykernel 7 warns otherwise);
# shut kernels down without the SIGINT that makes them log "KeyboardInterrupt caught in kernel.".
KERNEL_MANAGER = "evidencekit.report.build.execution.QuietShutdownKernelManager"
KERNEL_CONFIG = Config(
    {
        "KernelManager": {"transport_encryption": "auto"},
        "NotebookClient": {"kernel_manager_class": KERNEL_MANAGER},
    }
)
# Seconds to wait for a cell's output after it ran (nbclient's default, 4, fails a page whose
# chart is large while the machine is busy: every core runs a kernel in a parallel build).
IOPUB_TIMEOUT = 60
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL}
MANIFEST = ".build-manifest.json"
MANIFEST_VERSION = 1
LOCK = ".build.lock"
# Packages whose version changes what a page looks like: part of every page's key.
RENDERING_PACKAGES = ("altair", "ipykernel", "jieba", "nbconvert", "nbformat", "pandas", "papermill")

SUMMARY = "build.json"  # <out>/build.json: every file of the corpus with its status, every page


@dataclass
class Page:
    """One executed notebook of the report.

    ``status`` is ``planned`` until the build decides: ``built``, ``skipped`` (unchanged
    since the last build) or ``failed``.
    """

    notebook: str
    name: str
    title: str
    parameters: dict[str, Any]
    error: str | None = None
    seconds: float = 0.0
    status: str = "planned"
    traceback: str = ""
    last_good: bool = False

    @property
    def html(self) -> str:
        return f"{self.name}.html"

    @property
    def last_good_html(self) -> str:
        return f"{self.name}.last-good.html"


@dataclass
class Report:
    """What a build produced; ``failed`` lists what went wrong."""

    index: Path
    pages: list[Page] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1
    documents: list[dict[str, Any]] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(page.status == status for page in self.pages)

    def document_counts(self) -> str:
        """ "5 documents: 4 ok, 0 warning, 1 error" (the files of the corpus)."""
        found = [entry["status"] for entry in self.documents]
        problems = ", ".join(plural(found.count(status), status) for status in ("warning", "error"))
        return f"{plural(len(found), 'file')}: {found.count('ok')} ok, {problems}"

    def summary(self) -> str:
        """One line: pages built, skipped and failed, wall time and notebook time."""
        run = sum(page.seconds for page in self.pages if page.status != "skipped")
        return (
            f"{len(self.pages)} pages: {self.count('built')} built, {self.count('skipped')} skipped, "
            f"{self.count('failed')} failed in {self.seconds:.1f} s "
            f"({run:.1f} s of notebooks, {self.jobs} job{'s' if self.jobs != 1 else ''})"
        )


def plan_pages(corpus_dir: str, doc_ids: Iterable[str]) -> list[Page]:
    """List the pages of a report: the overview, one per document, one per theme.

    Examples
    --------
    >>> [page.name for page in plan_pages("seeds", ["004_x"])][:4]
    ['01-corpus-overview', '02-document-report-004_x', '03-theme-report-energy', '03-theme-report-talent']
    >>> len(plan_pages("seeds", ["004_x"])) == 2 + len(THEMES)
    True
    """
    pages = [Page(OVERVIEW, OVERVIEW, "Corpus overview", {"corpus_dir": corpus_dir})]
    for doc_id in doc_ids:
        parameters = {"corpus_dir": corpus_dir, "doc_id": doc_id}
        pages.append(Page(DOCUMENT, f"{DOCUMENT}-{doc_id}", f"Document {doc_id}", parameters))
    for theme in THEMES:
        parameters = {"corpus_dir": corpus_dir, "theme": theme}
        pages.append(Page(THEME, f"{THEME}-{theme}", f"Theme {theme}", parameters))
    return pages
