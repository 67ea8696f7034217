#!/usr/bin/env python3
"""Spin pairs read off real spun pages beside their originals (``bench/spin_sources``).

Each folder of ``bench/spin_sources/`` holds a farm's spun copy (``spun.txt``) and the article
it was copied from (``original.txt``). The two are aligned by the kit's own
:func:`evidencekit.text.spin_align.aligned_swaps`; every swap whose original reads likelier in
place than the spun word is counted, and the pairs the built-in table does not know yet are
printed as entries of ``data/zh/spin.yaml``, with the folders they were seen in as their note:

    .venv/bin/python scripts/spin_sources.py [--min-sources 2] [--sources bench/spin_sources]

A pair is printed when its swaps read likelier undone on average, it was seen in at least
``--min-sources`` folders (a swap seen on one page may be the copier's own edit or a spinner's
one-off) and not also the other way round (如下/以下: neither form says which was written).
The entries are for a person to read and paste.
The collection is independent of ``bench/spin_wild`` (the development set of the spin check),
so that set still measures how far a table grown elsewhere carries.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=REPO / "bench/spin_sources")
    parser.add_argument("--min-sources", type=int, default=2, help="folders a pair must be seen in")
    args = parser.parse_args(argv)

    from evidencekit import read_document
    from evidencekit.lang.convert import convert_keeping_offsets
    from evidencekit.text.spin_align import aligned_swaps
    from evidencekit.text.spin_model import spin_table
    from evidencekit.text.spin_pairs import mined_weight

    table = spin_table()
    seen: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    folders = sorted(p for p in args.sources.iterdir() if (p / "spun.txt").is_file())

    def analysed(path: Path) -> str:
        return convert_keeping_offsets(read_document(path).text, table.analysis_conversion)

    for folder in folders:
        swaps = aligned_swaps(analysed(folder / "spun.txt"), analysed(folder / "original.txt"))
        if swaps and not swaps[0].in_first:
            print(f"# {folder.name}: the original reads as the spun one; check the files", file=sys.stderr)
        for swap in swaps:
            seen[(swap.spun, swap.original)].append((folder.name[:2], swap.gain))
    print(f"# {len(folders)} pairs of pages, {sum(map(len, seen.values()))} swaps read off", file=sys.stderr)
    for (spun, original), places in sorted(seen.items(), key=lambda item: (-len(item[1]), item[0])):
        gain = sum(g for _, g in places) / len(places)
        sources = sorted({s for s, _ in places})
        if spun in table.by_spun or gain <= 0 or len(sources) < args.min_sources:
            continue
        if (original, spun) in seen:
            continue  # swapped both ways (如下/以下): neither form says which was written
        note = f"aligned: {len(places)}x in spin_sources {','.join(sources)}"
        print(f'  - {{spun: {spun}, original: {original}, weight: {mined_weight(spun)}, note: "{note}"}}')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
