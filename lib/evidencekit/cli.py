"""Command line: ``evidencekit build``, ``notebooks``, ``figures`` and ``extract``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from evidencekit.report import build as builder
from evidencekit.report import exports


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidencekit", description="Research notebook kit: build reports from a corpus."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build", help="run the notebooks with papermill and write an offline HTML report"
    )
    build.add_argument("--corpus", default="seeds", help="folder of documents (default: seeds)")
    build.add_argument("--out", default="reports", help="report folder (default: reports)")
    build.add_argument(
        "--figures", default=None, help="figure folder (default: <out>/figures; make report uses figures/)"
    )
    build.add_argument("--notebooks", default="notebooks", help="notebook folder (default: notebooks)")
    build.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=os.cpu_count() or 1,
        help="notebooks run at once, each in its own process (default: the number of cores)",
    )
    build.add_argument(
        "--force", action="store_true", help="rebuild every page, even those unchanged since the last build"
    )
    build.add_argument(
        "--doc",
        action="append",
        dest="docs",
        metavar="DOC_ID",
        help="report on this document only (repeatable; default: every document of the corpus)",
    )
    build.add_argument(
        "--no-wait",
        action="store_true",
        help="fail at once when another build is running on the same --out (default: wait for it)",
    )
    build.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: when stderr is a terminal)",
    )
    _add_limits(build)
    notebooks = commands.add_parser(
        "notebooks", help="re-execute the committed notebooks and strip volatile metadata"
    )
    notebooks.add_argument("--notebooks", default="notebooks", help="notebook folder")
    figures = commands.add_parser("figures", help="write the corpus charts (.vl.json and .svg)")
    figures.add_argument("--corpus", default="seeds", help="folder of documents (default: seeds)")
    figures.add_argument("--figures", default="figures", help="figure folder (default: figures)")
    _extract_parser(commands)
    exports.add_parsers(commands)
    remove = commands.add_parser(
        "remove",
        help="take documents out of an extraction store",
        description="Remove the rows and manifest entries of DOC_IDs from STORE. A later extract of "
        "their folder adds back those whose files are still there.",
    )
    remove.add_argument("store", help="store folder (written by evidencekit extract)")
    remove.add_argument(
        "doc_ids", nargs="+", metavar="DOC_ID", help="document ids (file names without suffix)"
    )
    remove.add_argument("--no-wait", action="store_true", help="fail at once when a run is writing the store")
    pairs = commands.add_parser(
        "spin-pairs",
        help="propose new spin pairs (spun form, likely original) from a corpus",
        description="Mine candidate spin pairs from the Chinese documents of CORPUS: first the swaps "
        "read off a spun copy that sits in the corpus beside its original (put the page a farm copied "
        "next to its copy), then words ordinary Chinese hardly writes, each with the word that reads "
        "best in its places; with counts and contexts. Keep the real ones in spin_pairs.yaml beside "
        "the corpus; repair then uses them.",
    )
    pairs.add_argument("corpus", help="folder of documents (or one document)")
    pairs.add_argument("--top", type=_positive, default=30, help="candidates shown (default: 30)")
    pairs.add_argument(
        "--out",
        default=None,
        help="also write them as a pair table to edit (e.g. CORPUS/spin_pairs.candidates.yaml)",
    )
    return parser


def _extract_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    extract = commands.add_parser(
        "extract",
        help="extract the metrics and evidence of every document into a Parquet store (incremental)",
        description=(
            "Write the metrics and evidence of every document of CORPUS (subfolders included) to "
            "OUT/metrics/ and OUT/evidence/, Parquet datasets partitioned by a hash bucket of the "
            "document id; OUT/manifest.parquet and OUT/build.json record each file's status. Files "
            "unchanged since the last run are skipped, changed ones replaced. One store can hold several "
            "folders: a run adds this folder's documents and keeps the others'; a document leaves the "
            "store when its file is gone from its folder, with --prune, or with `evidencekit remove`. "
            "Read the tables with evidencekit.archive.store.read_store(OUT, 'metrics'), pandas or DuckDB."
        ),
    )
    extract.add_argument("corpus", help="folder of documents (or one file)")
    extract.add_argument("--out", required=True, help="store folder (created)")
    extract.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: in this process (default); dask: a LocalCluster, one worker process per core",
    )
    extract.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="use this existing Dask cluster (implies --engine dask)",
    )
    extract.add_argument(
        "--workers", type=_positive, help="LocalCluster workers (default: the number of cores)"
    )
    extract.add_argument(
        "--batch-size", type=_positive, default=32, help="documents per batch sent to a worker (default: 32)"
    )
    extract.add_argument(
        "--buckets", type=_positive, help="number of buckets of a new store (default: 64; fixed afterwards)"
    )
    extract.add_argument(
        "--force", action="store_true", help="extract every document again, even unchanged ones"
    )
    extract.add_argument(
        "--prune",
        action="store_true",
        help="also remove the documents of other folders (the store then holds CORPUS alone), "
        "and allow removing any number of documents whose files are gone",
    )
    extract.add_argument(
        "--no-wait", action="store_true", help="fail at once when another run is writing to --out"
    )
    extract.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress: a bar on a terminal, else a line every --interval seconds (default: on)",
    )
    extract.add_argument(
        "--interval",
        type=float,
        default=10.0,
        help="seconds between progress lines off a terminal (default: 10)",
    )
    _add_limits(extract)


def _add_limits(command: argparse.ArgumentParser) -> None:
    """The budget of one document (see evidencekit.budget); 0 turns a limit off."""
    from evidencekit.budget import Limits

    default = Limits.from_env()
    limits = command.add_argument_group(
        "budget of one document (over it, the document is left out with a reason)"
    )
    for flag, name, what in (
        ("--max-file-mb", "max_file_mb", "largest file read, in MB"),
        ("--max-seconds", "max_seconds", "longest reading and analysis, in seconds"),
        ("--max-memory-mb", "max_memory_mb", "most memory its analysis may add, in MB"),
    ):
        value = getattr(default, name)
        limits.add_argument(
            flag, type=_limit, default=value, help=f"{what} (default: {value:g}; 0: no limit)"
        )


def _limit(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        message = f"expects a number >= 0 (0 turns the limit off), got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return value


def _apply_limits(args: argparse.Namespace) -> None:
    """Put the command line's limits in the environment, where this process, build's kernels
    and extract's local workers read them."""
    from evidencekit.budget import Limits

    limits = Limits(args.max_file_mb, args.max_seconds, args.max_memory_mb)
    os.environ.update(limits.to_env())


def _extract(args: argparse.Namespace) -> int:
    from evidencekit.archive.runs import extract
    from evidencekit.errors import KitError

    try:
        report = extract(
            args.corpus,
            args.out,
            engine=args.engine,
            scheduler=args.scheduler,
            workers=args.workers,
            batch_size=args.batch_size,
            buckets=args.buckets,
            force=args.force,
            prune=args.prune,
            wait=not args.no_wait,
            progress=args.progress,
            interval=args.interval,
        )
    except KitError as error:
        print(f"evidencekit extract: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a full disk, a folder made read-only: one line, no traceback
        print(
            f"evidencekit extract: {_write_failure(error, 'the previous store is intact')}", file=sys.stderr
        )
        return 2
    print(f"summary: {report.summary()}; details in {Path(args.out) / 'build.json'}")
    for removal in report.removed[:20]:
        print(f"removed: {removal.describe()}")
    if len(report.removed) > 20:
        print(f"... and {len(report.removed) - 20} more removed (build.json lists them all)")
    for warning in report.warnings[:20]:
        print(f"warning: {warning}", file=sys.stderr)
    for failure in report.errors[:20]:
        print(f"error: {failure}", file=sys.stderr)
    if len(report.errors) > 20:
        print(f"... and {len(report.errors) - 20} more errors (build.json lists them all)", file=sys.stderr)
    _say_reviews(args.corpus)
    return 1 if report.errors else 0


def _say_reviews(corpus: str) -> None:
    """Name the corpus's review file: its decisions apply whenever the store is read."""
    from evidencekit.review.decisions import read_decisions
    from evidencekit.review.sources import reviews_file

    file = reviews_file(corpus)
    decisions, problems = read_decisions(file)
    if decisions or problems:
        print(f"reviews: {len(decisions)} decisions in {file} apply to every read of the store")
    for problem in problems[:5]:
        print(f"warning: {problem}", file=sys.stderr)


def _remove(args: argparse.Namespace) -> int:
    from evidencekit.archive.membership import remove_documents
    from evidencekit.errors import KitError

    try:
        report = remove_documents(args.store, args.doc_ids, wait=not args.no_wait)
    except KitError as error:
        print(f"evidencekit remove: {error}", file=sys.stderr)
        return 2
    for removal in report.removed:
        print(f"removed: {removal.describe()}")
    print(f"summary: {report.summary()}")
    return 0


def _spin_pairs(args: argparse.Namespace) -> int:
    from evidencekit.errors import KitError
    from evidencekit.ingest.corpus import load_corpus
    from evidencekit.text.spin_pairs import mine_pairs, write_candidates

    try:
        corpus = load_corpus(args.corpus)
    except KitError as error:
        print(f"evidencekit spin-pairs: {error}", file=sys.stderr)
        return 2
    found = mine_pairs(list(corpus), top=args.top)  # a text the spin check does not find spun is passed over
    if found.empty:
        print(
            "no candidate pairs: no spun copy beside its original, and no word that ordinary Chinese "
            "hardly writes recurs in the corpus"
        )
        return 0
    for row in found.itertuples():
        known = " (already known)" if row.known else ""
        seen = f"{row.count}x in {row.documents} documents, gain {row.gain}, {row.evidence}{known}"
        print(f"{row.spun} -> {row.original}: {seen}")
        print(f"    {row.contexts}")
    if args.out:
        write_candidates(found, Path(args.out))
        print(f"wrote {args.out}: keep the real pairs, then save it as spin_pairs.yaml beside the corpus")
    return 0


def _write_failure(error: OSError, kept: str) -> str:
    """One line on a failed write: what, where, and that what was there is intact."""
    where = f" ({error.filename})" if error.filename else ""
    what = error.strerror or str(error)
    advice = "free space or fix permissions, then run it again"
    return f"cannot write{where}: {what}; the run stopped and {kept}; {advice}"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        message = f"expects a whole number of at least 1, got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (non-zero when anything failed)."""
    args = _parser().parse_args(argv)
    if args.command in ("build", "extract"):
        _apply_limits(args)
    if args.command in ("build", "extract", "notebooks"):
        from evidencekit.lifeline import mark_command

        mark_command()  # the processes this command starts end with it, even on SIGKILL
    if args.command == "extract":
        return _extract(args)
    if args.command == "remove":
        return _remove(args)
    if args.command == "spin-pairs":
        return _spin_pairs(args)
    if args.command in ("export", "accuracy"):
        return exports.run(args)
    if args.command == "notebooks":
        builder.refresh_notebooks(args.notebooks)
        return 0
    if args.command == "figures":
        from evidencekit.ingest.corpus import load_corpus

        for path in builder.write_figures(load_corpus(args.corpus), args.figures):
            print(path)
        return 0
    return _build(args)


def _build(args: argparse.Namespace) -> int:
    """evidencekit build: the report site of a corpus; 2 when it cannot run or write."""
    figures_dir = args.figures or str(
        Path(args.out) / "figures"
    )  # never the repository's figures/ by accident
    try:
        report = builder.build(
            args.corpus,
            args.out,
            figures_dir,
            args.notebooks,
            jobs=args.jobs,
            force=args.force,
            docs=args.docs,
            wait=not args.no_wait,
            progress=args.progress,
        )
    except builder.BuildError as error:
        print(f"evidencekit build: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(
            f"evidencekit build: {_write_failure(error, 'the site built before is intact')}", file=sys.stderr
        )
        return 2
    print(f"summary: {report.summary()}; logs in {Path(args.out) / 'logs'}")
    print(f"documents: {report.document_counts()}; details in {Path(args.out) / 'build.json'}")
    for entry in report.documents:
        if entry["status"] == "warning":  # errors are listed below, with the failed pages
            print(f"{entry['status']}: {entry['path']}: {entry['reason']}", file=sys.stderr)
    for failure in report.failed:
        print(f"failed: {failure}", file=sys.stderr)
    print(report.index.resolve())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
