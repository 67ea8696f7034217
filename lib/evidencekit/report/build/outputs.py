"""What a build writes besides the pages: the corpus charts, the claim counts and summaries of
the index, ``build.json`` and ``index.html``."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.archive.sets import EvidenceSet, as_evidence
from evidencekit.errors import is_read, shown_path
from evidencekit.evidence.tables import document_spin
from evidencekit.ingest.corpus import Corpus, load_corpus
from evidencekit.report import charts
from evidencekit.report.build.convert import SVG_SCALE
from evidencekit.report.build.pages import Page, Report
from evidencekit.report.site import DOCUMENT, INDEX_CHARTS, index_html
from evidencekit.report.svg import inline_svg


def write_figures(corpus: Corpus | EvidenceSet, folder: str | Path) -> list[Path]:
    """Write the corpus-wide charts to ``folder`` (spec, SVG and PNG of each)."""
    figures = charts.figure_set(corpus)
    return [path for name, chart in figures.items() for path in charts.save_chart(chart, name, folder)]


def _claims_per_document(corpus: Corpus, data: EvidenceSet) -> dict[str, int]:
    counts = data.metrics["doc_id"].value_counts()
    return {doc_id: int(counts.get(doc_id, 0)) for doc_id in corpus.ids}


def document_summaries(corpus: Corpus, data: EvidenceSet | None = None) -> dict[str, dict[str, Any]]:
    """Per document id, what the index shows beside its metadata.

    ``themes``: evidence sentences per theme (a sentence counts once for each of its
    themes, "no theme" for those with a metric only); ``sentences``: evidence sentences;
    ``spin``, ``spun``: :func:`evidencekit.spin_report`'s score and verdict. ``data``: the
    corpus's tables when already built (each document is analysed once per build).
    """
    evidence = (data or as_evidence(corpus)).evidence
    rows = charts.theme_rows(evidence) if len(evidence) else evidence.assign(theme=[])
    summaries = {}
    for doc in corpus:
        mine = rows[rows["doc_id"] == doc.id]["theme"].value_counts()
        spin = document_spin(doc)  # computed (and cached) by the document's analysis
        summaries[doc.id] = {
            "themes": {str(theme): int(n) for theme, n in mine.items()},
            "sentences": int((evidence["doc_id"] == doc.id).sum()) if len(evidence) else 0,
            "spin": round(float(spin.score), 4),
            "spun": bool(spin.spun),
        }
    return summaries


@dataclass
class CorpusOutputs:
    """The corpus-wide part of a build: claim counts and summaries for the index, the charts."""

    claims: dict[str, int] | None = None
    documents: dict[str, dict[str, Any]] | None = None
    figures: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


def corpus_outputs(corpus_dir: str | Path, figures: Path) -> CorpusOutputs:
    """Count the claims per document and write the charts, each file moved into place.

    ``write_figures`` writes into a temporary folder inside ``figures``; each file is then
    moved over the previous one, so a chart is never half-written.
    """
    start = time.perf_counter()
    result = CorpusOutputs()
    figures.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=figures, prefix=".tmp-"))
    try:
        corpus = load_corpus(corpus_dir)
        data = as_evidence(corpus)  # metrics and evidence from one analysis of each document
        result.claims = _claims_per_document(corpus, data)
        result.documents = document_summaries(corpus, data)
        for path in write_figures(data, staging):
            os.replace(path, figures / path.name)
            result.figures.append(path.name)
    except Exception as error:  # noqa: BLE001 -- the pages still build and show the error
        result.error = f"figures: {type(error).__name__}: {error}"
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    return result


def _document_statuses(
    corpus: Corpus, corpus_dir: str, pages: list[Page], claims: Mapping[str, int] | None
) -> list[dict[str, Any]]:
    """Each file of the corpus: its status (ok, warning, error) and reason, its page and claims."""
    root = Path(corpus_dir)
    by_doc = {page.parameters.get("doc_id"): page for page in pages if page.notebook == DOCUMENT}
    entries = []
    for status in corpus.statuses:
        entry: dict[str, Any] = status.as_dict()
        entry["path"] = _relative_path(status.path, root)
        page = by_doc.get(status.doc_id) if is_read(status.status, status.code) else None
        if page is not None:
            entry.update(page=page.html, page_status=page.status, page_error=page.error)
            entry["claims"] = None if claims is None else claims.get(status.doc_id, 0)
        entries.append(entry)
    return entries


def _relative_path(path: Path, root: Path) -> str:
    if root.is_dir() and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return shown_path(path)


def _summary_json(report: Report, corpus_dir: str) -> str:
    summary = {
        "corpus": shown_path(Path(corpus_dir)),
        "finished": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": round(report.seconds, 2),
        "jobs": report.jobs,
        "counts": {
            "files": len(report.documents),
            **{s: sum(e["status"] == s for e in report.documents) for s in ("ok", "warning", "error")},
            **{f"pages_{s}": report.count(s) for s in ("built", "skipped", "failed")},
        },
        "failed": report.failed,
        "documents": report.documents,
        "pages": [
            {
                "page": p.html,
                "notebook": p.notebook,
                "status": p.status,
                "error": p.error,
                "seconds": round(p.seconds, 2),
            }
            for p in report.pages
        ],
    }
    return json.dumps(summary, ensure_ascii=False, indent=1) + "\n"


def _index(corpus: Corpus, pages: list[Page], result: dict[str, Any], out: Path, figures: Path) -> str:
    """The index page, with the key charts of ``figures`` inlined."""
    inline = {}
    for name, _ in INDEX_CHARTS:
        path = figures / f"{name}.svg"
        if name + ".svg" in result.get("files", []) and path.is_file():
            svg = path.read_text(encoding="utf-8")
            inline[name] = inline_svg(svg, f"c-{name}", name, scale=SVG_SCALE)
    href = Path(os.path.relpath(figures.resolve(), out.resolve())).as_posix()
    return index_html(
        corpus,
        pages,
        result.get("claims"),
        result.get("documents"),
        inline,
        figures_href=href,
        figures_error=result.get("error"),
    )
