"""Command line: ``evidencekit build``, ``evidencekit notebooks``, ``evidencekit figures``."""

from __future__ import annotations

import argparse
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
    notebooks = commands.add_parser(
        "notebooks", help="re-execute the committed notebooks and strip volatile metadata"
    )
    notebooks.add_argument("--notebooks", default="notebooks", help="notebook folder")
    figures = commands.add_parser("figures", help="write the corpus charts (.vl.json and .svg)")
    figures.add_argument("--corpus", default="seeds", help="folder of documents (default: seeds)")
    figures.add_argument("--figures", default="figures", help="figure folder (default: figures)")
    return parser


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
    report = builder.build(args.corpus, args.out, figures_dir, args.notebooks)
    for failure in report.failed:
        print(f"failed: {failure}", file=sys.stderr)
    print(report.index.resolve())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
