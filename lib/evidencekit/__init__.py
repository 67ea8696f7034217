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

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "CLAIM_COLUMNS": "claims",
    "compare_claims": "claims",
    "Corpus": "corpus",
    "load_corpus": "corpus",
    "DataFileError": "errors",
    "DocumentError": "errors",
    "KitError": "errors",
    "UnknownUnitError": "errors",
    "UnsupportedFormatError": "errors",
    "evidence_table": "evidence",
    "metrics_table": "evidence",
    "detect_language": "language",
    "extract_metrics": "metrics",
    "format_metric": "display",
    "read_document": "readers",
    "Document": "records",
    "Meta": "records",
    "Metric": "records",
    "Region": "records",
    "Sentence": "records",
    "ThemeHit": "records",
    "split_sentences": "sentences",
    "SpinReport": "spin",
    "spin_report": "spin",
    "tag_themes": "themes",
    "EvidenceSet": "tables",
    "open_evidence": "tables",
}

__all__ = ["__version__", *sorted(_EXPORTS)]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from evidencekit.claims import CLAIM_COLUMNS, compare_claims
    from evidencekit.corpus import Corpus, load_corpus
    from evidencekit.display import format_metric
    from evidencekit.errors import (
        DataFileError,
        DocumentError,
        KitError,
        UnknownUnitError,
        UnsupportedFormatError,
    )
    from evidencekit.evidence import evidence_table, metrics_table
    from evidencekit.language import detect_language
    from evidencekit.metrics import extract_metrics
    from evidencekit.readers import read_document
    from evidencekit.records import Document, Meta, Metric, Region, Sentence, ThemeHit
    from evidencekit.sentences import split_sentences
    from evidencekit.spin import SpinReport, spin_report
    from evidencekit.tables import EvidenceSet, open_evidence
    from evidencekit.themes import tag_themes


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
