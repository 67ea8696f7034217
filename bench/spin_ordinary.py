"""False alarms of the spin check on ordinary Chinese at scale (issue #14).

Runs the spin check over every ``*.md`` and ``*.txt`` file under the folders given (texts no
spinner touched: translations, news, laws) and prints how many it finds spun, how many repairs
it makes there (every one of them wrong), the pairs it repairs most and the files it flags.

    .venv/bin/python bench/spin_ordinary.py FOLDER [FOLDER ...] [--top 20]

The folders are not shipped. The run in docs/benchmarks.md used the 7,976 published LCTT
translations (``published/`` of LCTT/TranslateProject at 4948360, technical Chinese written by
people, Apache-2.0) and the three folders of LawRefBook/Laws at 2f4c5c2 that the reference does
not read (部门规章, 案例, 其他).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from kit_python import ensure_kit_python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--top", type=int, default=20, help="pairs and files to list")
    args = parser.parse_args()
    ensure_kit_python()
    from evidencekit import spin_report

    files = sorted(p for folder in args.folders for p in folder.rglob("*") if p.suffix in (".md", ".txt"))
    pairs: Counter[tuple[str, str]] = Counter()
    flagged = []
    began = time.perf_counter()
    for path in files:
        report = spin_report(path.read_text(encoding="utf-8", errors="replace"))
        pairs.update((c.spun, c.original) for c in report.changes)
        if report.spun:
            flagged.append((report.spun_share, len(report.changes), path))
    seconds = time.perf_counter() - began
    print(
        f"{len(files)} texts in {seconds:.0f} s: {len(flagged)} found spun "
        f"({len(flagged) / max(len(files), 1):.2%}), {sum(pairs.values())} repairs"
    )
    print("\n| repaired | into | times |\n|---|---|--:|")
    for (spun, original), n in pairs.most_common(args.top):
        print(f"| {spun} | {original} | {n} |")
    print("\n| spun share | repairs | file |\n|--:|--:|---|")
    for share, n, path in sorted(flagged, key=lambda f: (-f[0], str(f[2])))[: args.top]:
        print(f"| {share:.2f} | {n} | {path.name} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
