#!/usr/bin/env python3
"""Snapshot the tables of a corpus, or check them against an earlier snapshot.

A refactoring must not change what the kit extracts. This script records the documents,
metrics, evidence, spin and files tables of the bundled corpus and of a generated corpus
(``bench/generate_corpus.py``, 300 documents by default), then, run again after the change,
compares rows, columns and dtypes exactly and prints the MB/s of the pipeline::

    .venv/bin/python bench/equivalence.py snapshot /tmp/before     # on the old code
    .venv/bin/python bench/equivalence.py check /tmp/before        # on the new code

``check`` exits 1 and names the first differing table, column and row when anything differs.
It also counts the calls of the per-document analysis (``analysed`` per document).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import evidencekit as ek

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("documents", "metrics", "evidence", "spin", "files")


def corpora(work: Path, docs: int) -> dict[str, Path]:
    generated = work / "generated"
    if not generated.exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "generate_corpus.py"),
                "--docs",
                str(docs),
                "--out",
                str(generated),
                "--seed",
                "11",
                "--per-folder",
                "100",
                "--html-share",
                "0.1",
                "--bad-share",
                "0.02",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return {"seeds": ROOT / "seeds", "generated": generated}


def counted_analyses() -> Callable[[], int]:
    """Count the analyses of documents from now on (the function that computes one, not the cache)."""
    try:
        from evidencekit.evidence import analysis
    except ImportError:  # before the one-analysis path existed
        return lambda: -1
    calls = [0]
    real = analysis._analyse

    def counting(document: object) -> object:
        calls[0] += 1
        return real(document)  # type: ignore[arg-type]

    analysis._analyse = counting  # type: ignore[assignment]
    return lambda: calls[0]


def tables_of(folder: Path) -> tuple[dict[str, pd.DataFrame], float, int]:
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    count = counted_analyses()
    start = time.perf_counter()
    data = ek.open_evidence(corpus_dir=str(folder))
    frames = {name: getattr(data, name) for name in TABLES}
    seconds = time.perf_counter() - start
    return frames, size / 1e6 / seconds, count()


def first_difference(name: str, old: pd.DataFrame, new: pd.DataFrame) -> str | None:
    if list(old.columns) != list(new.columns):
        return f"{name}: columns {list(old.columns)} != {list(new.columns)}"
    if dict(old.dtypes.astype(str)) != dict(new.dtypes.astype(str)):
        return f"{name}: dtypes {dict(old.dtypes.astype(str))} != {dict(new.dtypes.astype(str))}"
    if len(old) != len(new):
        return f"{name}: {len(old)} rows != {len(new)} rows"
    for column in old.columns:
        a, b = old[column].reset_index(drop=True), new[column].reset_index(drop=True)
        same = a.astype(object).where(a.notna(), None) == b.astype(object).where(b.notna(), None)
        same |= a.isna().to_numpy() & b.isna().to_numpy()
        if not bool(same.all()):
            row = int((~same).to_numpy().nonzero()[0][0])
            return f"{name}.{column} row {row}: {a[row]!r} != {b[row]!r}"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=("snapshot", "check"))
    ap.add_argument("folder", type=Path, help="where the snapshot is (written by snapshot, read by check)")
    ap.add_argument("--docs", type=int, default=300, help="generated documents (default 300)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "evidencekit-equivalence")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    failed = False
    for label, folder in corpora(args.work, args.docs).items():
        frames, rate, analyses = tables_of(folder)
        per_document = analyses / max(len(frames["documents"]), 1) if analyses >= 0 else float("nan")
        print(
            f"{label}: {len(frames['documents'])} documents, {len(frames['metrics'])} metrics, "
            f"{len(frames['evidence'])} evidence rows, {rate:.3f} MB/s, "
            f"{per_document:.2f} analyses per document"
        )
        for name, frame in frames.items():
            path = args.folder / label / f"{name}.pkl"
            if args.action == "snapshot":
                path.parent.mkdir(parents=True, exist_ok=True)
                frame.to_pickle(path)
                continue
            problem = first_difference(name, pd.read_pickle(path), frame)
            print(f"  {name}: {'identical' if problem is None else 'DIFFERENT: ' + problem}")
            failed |= problem is not None
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
