"""Command line: ``evidencekit build``, ``evidencekit notebooks``, ``evidencekit figures``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from evidencekit import build as builder


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
    notebooks = commands.add_parser(
        "notebooks", help="re-execute the committed notebooks and strip volatile metadata"
    )
    notebooks.add_argument("--notebooks", default="notebooks", help="notebook folder")
    figures = commands.add_parser("figures", help="write the corpus charts (.vl.json and .svg)")
    figures.add_argument("--corpus", default="seeds", help="folder of documents (default: seeds)")
    figures.add_argument("--figures", default="figures", help="figure folder (default: figures)")
    return parser


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
    if args.command == "notebooks":
        builder.refresh_notebooks(args.notebooks)
        return 0
    if args.command == "figures":
        import evidencekit as ek

        for path in builder.write_figures(ek.load_corpus(args.corpus), args.figures):
            print(path)
        return 0
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
    print(f"summary: {report.summary()}; logs in {Path(args.out) / 'logs'}")
    for failure in report.failed:
        print(f"failed: {failure}", file=sys.stderr)
    print(report.index.resolve())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
