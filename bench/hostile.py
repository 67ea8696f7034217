#!/usr/bin/env python3
"""Hostile input: one-line documents of growing size, and a corpus mixing hostile files with good ones.

Part 1 extracts one-line documents (English or Chinese, a figure every ~50 characters, no
sentence end) of each ``--sizes`` megabytes, each in a fresh process with no budget, and
prints seconds and peak memory; linear means the ratio to the smallest size stays near the
ratio of the sizes. Part 2 runs ``evidencekit extract`` (default budget) on the bundled
corpus alone, then on the same corpus with hostile files beside it, and prints both runs side
by side with every file's status, code and reason.

    .venv/bin/python bench/hostile.py                      # sizes 1 5 20 MB, big file 20 MB
    .venv/bin/python bench/hostile.py --sizes 1 5 --big-mb 5 --engines local dask
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
UNITS = {
    "en": "the grid needs 50 GW by 2028 and chips cost $3 billion, ",
    "zh": "美国AI产业新增电力需求将达到500亿瓦，",
}
CHILD = """
import sys, time, resource
from pathlib import Path
from evidencekit import read_document
from evidencekit.evidence.tables import tables_of
start = time.perf_counter()
document = read_document(Path(sys.argv[1]))
rows = len(tables_of(document)["metrics"])
seconds = time.perf_counter() - start
print(rows, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def one_line(path: Path, megabytes: float, unit: str) -> None:
    size = int(megabytes * 1024 * 1024)
    piece = unit.encode("utf-8")
    with path.open("wb") as stream:
        for _ in range(size // len(piece)):
            stream.write(piece)


def part_one(sizes: list[float], folder: Path) -> None:
    print("one-line documents: read + analyse (no budget), each in its own process")
    header = ("lang", "MB", "metrics", "seconds", "s/MB", "peak MB", "time x", "size x")
    print(" ".join(f"{name:>{width}}" for name, width in zip(header, (4, 5, 8, 8, 6, 8, 7, 7), strict=True)))
    for lang, unit in UNITS.items():
        first: float | None = None
        for megabytes in sizes:
            path = folder / f"one-line-{lang}-{megabytes:g}.txt"
            one_line(path, megabytes, unit)
            env = {**os.environ, "EVIDENCEKIT_MAX_FILE_MB": "0", "EVIDENCEKIT_MAX_SECONDS": "0",
                   "EVIDENCEKIT_MAX_MEMORY_MB": "0"}  # fmt: skip
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env, check=True
            )
            rows, seconds, peak = done.stdout.split()
            first = first or float(seconds)
            print(
                f"{lang:4} {megabytes:5g} {rows:>8} {float(seconds):8.1f} {float(seconds) / megabytes:6.1f} "
                f"{float(peak):8.0f} {float(seconds) / first:7.1f} {megabytes / sizes[0]:7.1f}"
            )
            path.unlink()


def hostile_files(corpus: Path, outside: Path, big_mb: float) -> None:
    """The bad company: every kind of file that once stalled or sank a run."""
    one_line(corpus / "h_one_line_en.txt", big_mb, UNITS["en"] + "and ")
    (corpus / "h_zh_numerals.txt").write_text("一二三四五六七八九十百千万亿" * 70_000, encoding="utf-8")
    (corpus / "h_commas.txt").write_text("1," * 500_000, encoding="utf-8")
    (corpus / "h_digits.txt").write_text("1234567890" * 100_000, encoding="utf-8")
    (corpus / "h_overflow.md").write_text("A 1e400 W plant, 10^309 FLOPs and 9" * 3 + ".\n", encoding="utf-8")
    (corpus / "h_front_matter.txt").write_text("---\nnot: [yaml\nThe grid needs 50 GW.\n", encoding="utf-8")
    (corpus / "h_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with (corpus / "h_sparse.txt").open("wb") as stream:
        stream.truncate(64 * 1024**3)
    os.mkfifo(corpus / "h_fifo.txt")
    (corpus / "h_loop_a.txt").symlink_to(corpus / "h_loop_b.txt")
    (corpus / "h_loop_b.txt").symlink_to(corpus / "h_loop_a.txt")
    with (outside / "huge.txt").open("wb") as stream:
        stream.truncate(8 * 1024**3)
    (corpus / "h_link_out.txt").symlink_to(outside / "huge.txt")


def run_extract(corpus: Path, store: Path, engine: str) -> tuple[float, float, int, pd.DataFrame]:
    """Wall seconds, peak memory of the run's processes (MB), exit status, the manifest."""
    shim = (
        "import resource, subprocess, sys; status = subprocess.run(sys.argv[1:]).returncode; "
        "print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    command = [
        str(Path(sys.executable).with_name("evidencekit")),
        "extract",
        str(corpus),
        "--out",
        str(store),
    ]
    command += ["--engine", engine, "--no-progress"]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", shim, *command], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    status, peak = done.stdout.split()[-2:]
    from evidencekit.archive.store import read_manifest

    return seconds, float(peak), int(status), read_manifest(store)


def part_two(big_mb: float, engines: list[str], folder: Path) -> None:
    good = folder / "good"
    shutil.copytree(ROOT / "seeds", good)
    mixed, outside = folder / "mixed", folder / "outside"
    shutil.copytree(good, mixed)
    outside.mkdir()
    hostile_files(mixed, outside, big_mb)
    print(
        f"\nevidencekit extract, default budget; hostile files beside the seeds (one line of {big_mb:g} MB)"
    )
    print(f"{'run':24} {'seconds':>8} {'peak MB':>8} {'exit':>5} {'ok':>4} {'warn':>5} {'error':>6}")
    manifests = {}
    for engine in engines:
        for name, corpus in (("seeds alone", good), ("seeds + hostile", mixed)):
            seconds, peak, status, manifest = run_extract(
                corpus, folder / f"store-{engine}-{name[-5:]}", engine
            )
            counts = manifest["status"].value_counts()
            label = f"{name} ({engine})"
            print(
                f"{label:24} {seconds:8.1f} {peak:8.0f} {status:5} {counts.get('ok', 0):4} "
                f"{counts.get('warning', 0):5} {counts.get('error', 0):6}"
            )
            manifests[label] = manifest
    last = next(reversed(manifests.values()))
    print("\nevery file of the mixed corpus:")
    for row in last.sort_values("path").itertuples():
        print(f"  {row.path:28} {row.status:8} {row.code:13} {str(row.reason)[:90]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20], help="one-line sizes in MB")
    parser.add_argument("--big-mb", type=float, default=20, help="size of the hostile one-line file")
    parser.add_argument("--engines", nargs="+", default=["local"], choices=["local", "dask"])
    parser.add_argument("--skip-sizes", action="store_true", help="only the hostile corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ek-hostile-") as name:
        folder = Path(name)
        if not args.skip_sizes:
            part_one(args.sizes, folder)
        part_two(args.big_mb, args.engines, folder)
    print(f"\npeak memory of this script: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
