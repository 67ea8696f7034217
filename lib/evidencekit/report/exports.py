"""``evidencekit export`` and ``evidencekit accuracy``: a corpus's or a store's tables as files,
and the extractor measured against the analyst's own reviews.

Export writes ``documents``, ``claims`` (readable, :func:`~evidencekit.report.views.claims_view`),
``metrics``, ``evidence`` and ``reviews`` as CSV, XLSX or Parquet, each holding exactly the rows
of its table. Accuracy treats reviewed claims as gold: a confirmed or corrected claim was
found, a rejected one should not have been, an added one was missed.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from evidencekit.archive.sets import EvidenceSet, open_evidence
from evidencekit.report.tables import write_atomically
from evidencekit.report.views import claims_view

FORMATS = ("csv", "xlsx", "parquet")
TABLES = ("documents", "claims", "metrics", "evidence", "reviews")


def export_tables(data: EvidenceSet, out: str | Path, formats: Iterable[str] = ("csv",)) -> list[Path]:
    """Write the tables of ``data`` to ``out`` (created) in each of ``formats``; return the files."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "documents": data.documents,
        "claims": claims_view(data.metrics, data.documents),
        "metrics": data.metrics,
        "evidence": data.evidence,
        "reviews": data.reviews,
    }
    written = []
    for name, table in tables.items():
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            write_atomically(path, functools.partial(_write, table, fmt=fmt, name=name))
            written.append(path)
    return written


def _write(table: pd.DataFrame, path: str, *, fmt: str, name: str) -> None:
    if fmt == "csv":
        table.to_csv(path, index=False, encoding="utf-8")
    elif fmt == "xlsx":
        table.to_excel(path, index=False, sheet_name=name, engine="openpyxl")
    else:
        table.to_parquet(path, index=False)


def accuracy_table(data: EvidenceSet) -> pd.DataFrame:
    """Per reviewed document: claims confirmed, corrected, rejected, added, not yet reviewed,
    precision and recall of the extractor on them (a last row ``all`` sums them up)."""
    reviews = data.reviews[data.reviews["status"] != "orphan"]
    if not len(reviews):
        return pd.DataFrame(columns=["doc_id", "confirmed", "corrected", "rejected", "added", "unreviewed"])
    rows = []
    for doc_id, group in reviews.groupby("doc_id", sort=True):
        counts = group["action"].value_counts()
        metrics = data.metrics[data.metrics["doc_id"] == doc_id]
        rows.append(
            {
                "doc_id": doc_id,
                "confirmed": int(counts.get("confirm", 0)),
                "corrected": int(counts.get("correct", 0)),
                "rejected": int(counts.get("reject", 0)),
                "added": int(counts.get("add", 0)),
                "unreviewed": int(metrics["review"].isna().sum()),
            }
        )
    table = pd.DataFrame(rows)
    total = table.drop(columns="doc_id").sum().to_dict()
    table = pd.concat([table, pd.DataFrame([{"doc_id": "all", **total}])], ignore_index=True)
    found = table["confirmed"] + table["corrected"]
    table["precision"] = (found / (found + table["rejected"])).round(3)
    table["recall"] = (found / (found + table["added"])).round(3)
    table["values_right"] = (table["confirmed"] / found).round(3)
    return table


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export",
        help="write a corpus's or a store's tables as CSV, XLSX or Parquet",
        description="Write documents, claims (readable), metrics, evidence and reviews of CORPUS "
        "(or of --store STORE) to OUT, one file per table and format; review decisions applied.",
    )
    _source_arguments(export)
    export.add_argument("--out", required=True, help="folder for the files (created)")
    export.add_argument(
        "--format", action="append", choices=FORMATS, help="csv (default), xlsx, parquet; repeat for several"
    )
    accuracy = commands.add_parser(
        "accuracy",
        help="precision and recall of the extractor on your reviewed documents",
        description="Reviewed claims are gold: confirmed and corrected claims were found, rejected "
        "ones should not have been, added ones were missed. Prints one row per reviewed document.",
    )
    _source_arguments(accuracy)


def _source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", nargs="?", help="folder of documents (or give --store)")
    parser.add_argument("--store", default="", help="an extraction store to read instead of a corpus")


def run(args: argparse.Namespace) -> int:
    """Run ``export`` or ``accuracy``; 2 when the corpus or store cannot be read."""
    from evidencekit.errors import KitError

    if not args.corpus and not args.store:
        print(f"evidencekit {args.command}: give a corpus folder or --store STORE", file=sys.stderr)
        return 2
    try:
        data = open_evidence(args.corpus, args.store or None)
        if args.command == "export":
            for path in export_tables(data, args.out, args.format or ["csv"]):
                print(path)
            return 0
        table = accuracy_table(data)
    except (KitError, OSError) as error:
        print(f"evidencekit {args.command}: {error}", file=sys.stderr)
        return 2
    if not len(table):
        print("no reviewed claim yet: review claims with ek.review_claims(...) or ek.review_claim(...)")
        return 0
    print(table.to_string(index=False))
    return 0
