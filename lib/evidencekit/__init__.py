"""evidencekit: quantitative evidence from English and Chinese documents.

The public API is the handful of functions notebooks call::

    corpus = load_corpus("seeds")
    table = metrics_table(corpus)            # one row per metric
    rows = evidence_table(corpus["004_42a3e7e1f291c0a6"])  # one row per evidence sentence
    data = open_evidence(corpus_dir="seeds", store_dir="")  # the tables of a corpus or a store

Names are imported on first use, so ``import evidencekit`` stays cheap (jieba, pandas
and altair load only when a function that needs them is called).
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import TYPE_CHECKING, Any

from evidencekit.version import __version__

_EXPORTS = {
    "CLAIM_COLUMNS": "report.claims",
    "compare_claims": "report.claims",
    "Corpus": "ingest.corpus",
    "load_corpus": "ingest.corpus",
    "DataFileError": "errors",
    "DocumentError": "errors",
    "KitError": "errors",
    "UnknownUnitError": "errors",
    "UnsupportedFormatError": "errors",
    "evidence_table": "evidence.tables",
    "metrics_table": "evidence.tables",
    "detect_language": "lang.script",
    "extract_metrics": "extract.metrics",
    "format_metric": "evidence.display",
    "read_document": "ingest.readers",
    "Document": "records",
    "Meta": "records",
    "Metric": "records",
    "Region": "records",
    "Sentence": "records",
    "ThemeHit": "records",
    "split_sentences": "text.sentences",
    "SpinReport": "text.spin",
    "spin_report": "text.spin",
    "tag_themes": "extract.themes",
    "EvidenceSet": "archive.sets",
    "open_evidence": "archive.sets",
    "check_parameters": "report.parameters",
    "show_document": "report.document",
    "pick_document": "report.picker",
    "review_claim": "report.review",
    "review_claims": "report.review",
}

__all__ = ["__version__", *sorted(_EXPORTS)]

if os.environ.get("EVIDENCEKIT_COMMAND_PID", str(os.getpid())) != str(os.getpid()):
    # a descendant of `evidencekit build` or `extract`: end with the parent (evidencekit.lifeline)
    from evidencekit.lifeline import tie_if_descendant

    tie_if_descendant()

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from evidencekit.archive.sets import EvidenceSet, open_evidence
    from evidencekit.errors import (
        DataFileError,
        DocumentError,
        KitError,
        UnknownUnitError,
        UnsupportedFormatError,
    )
    from evidencekit.evidence.display import format_metric
    from evidencekit.evidence.tables import evidence_table, metrics_table
    from evidencekit.extract.metrics import extract_metrics
    from evidencekit.extract.themes import tag_themes
    from evidencekit.ingest.corpus import Corpus, load_corpus
    from evidencekit.ingest.readers import read_document
    from evidencekit.lang.script import detect_language
    from evidencekit.records import Document, Meta, Metric, Region, Sentence, ThemeHit
    from evidencekit.report.claims import CLAIM_COLUMNS, compare_claims
    from evidencekit.report.document import show_document
    from evidencekit.report.parameters import check_parameters
    from evidencekit.report.picker import pick_document
    from evidencekit.report.review import review_claim, review_claims
    from evidencekit.text.sentences import split_sentences
    from evidencekit.text.spin import SpinReport, spin_report


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        message = f"module 'evidencekit' has no attribute {name!r}"
        raise AttributeError(message)
    value = getattr(import_module(f"evidencekit.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
