"""One huge document on one line: time and peak memory of reading it and extracting from it.

Writes a file of ``--mb`` megabytes (default 50) with no line break (English and Chinese
sentences joined by commas, a figure every ~50 characters), reads it with
``read_document`` and runs ``extract_metrics`` on the first ``--extract-mb`` megabytes of its
text, and on a quarter of that, to show how extraction scales (linear: about 4x the time
for 4x the text). Prints seconds and peak RSS after each step.

    .venv/bin/python bench/big_file.py                 # 50 MB read, extraction on 1 MB
    .venv/bin/python bench/big_file.py --mb 5 --extract-mb 5
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

UNIT = "The grid needs 50 GW by 2028 and chips cost $3 billion, 美国AI产业新增电力需求将达到500亿瓦，"
T = TypeVar("T")


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def timed(label: str, function: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    print(f"{label:<40} {seconds:8.2f} s   peak RSS {peak_rss_mb():7.0f} MB", flush=True)
    return result, seconds


def write_one_line(path: Path, megabytes: float) -> int:
    """Write ``megabytes`` of UTF-8 text without a line break, in pieces; return its size."""
    piece = UNIT.encode("utf-8") * 1000
    total = int(megabytes * 1_000_000)
    with path.open("wb") as handle:
        while handle.tell() + len(piece) <= total:
            handle.write(piece)
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the file (default 50)")
    parser.add_argument(
        "--extract-mb", type=float, default=1.0, help="megabytes of text to extract from (default 1)"
    )
    args = parser.parse_args(argv)

    from evidencekit import extract_metrics
    from evidencekit.ingest.readers import read_document

    _, _ = timed("imports and warm-up", lambda: extract_metrics("warm-up: 50 GW, 500亿瓦"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one_line.txt"
        size, _ = timed(f"write {args.mb:g} MB on one line", lambda: write_one_line(path, args.mb))
        document, read_s = timed(f"read_document ({size / 1e6:.1f} MB)", lambda: read_document(path))
    text = document.text
    print(f"  {len(text):,} characters, {len(document.regions)} region(s), genre {document.meta.genre}")
    if read_s:
        print(f"  read at {size / 1e6 / read_s:.1f} MB/s")
    chars = int(args.extract_mb * 1_000_000 / len(UNIT.encode("utf-8")) * len(UNIT))
    quarter, full = text[: chars // 4], text[:chars]
    small, small_s = timed(f"extract_metrics ({len(quarter):,} chars)", lambda: extract_metrics(quarter))
    large, large_s = timed(f"extract_metrics ({len(full):,} chars)", lambda: extract_metrics(full))
    print(f"  {len(small):,} and {len(large):,} metrics")
    ratio = large_s / small_s if small_s else float("nan")
    verdict = "linear" if ratio < 6 else "NOT linear (quadratic would be 16x)"
    print(f"  4x the text took {ratio:.1f}x the time: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
