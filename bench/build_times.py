"""Time `evidencekit build` on the bundled corpus: a full build, then a rebuild with nothing changed.

Both run the real command (``.venv/bin/evidencekit build``, so interpreter start-up and
imports count) on a snapshot of ``lib/evidencekit``, ``notebooks/`` and ``seeds/`` copied
to a temporary folder (imported through ``PYTHONPATH``), so edits made to the working
tree meanwhile do not count as changes: first with ``--force`` (every notebook runs),
then again without changes (every page is skipped; the index is rewritten). Prints a
Markdown table with both wall times and their ratio::

    .venv/bin/python bench/build_times.py [--jobs N] [--serial] > bench/results/build_times.md

``--serial`` adds a full build with ``--jobs 1`` to show what the parallel run saves.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"^summary: (.*)$", re.M)


def snapshot(folder: Path) -> Path:
    """Copy what a build reads (library, notebooks, corpus) into ``folder``."""
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    shutil.copytree(ROOT / "lib" / "evidencekit", folder / "lib" / "evidencekit", ignore=ignore)
    for name in ("notebooks", "seeds"):
        shutil.copytree(ROOT / name, folder / name, ignore=ignore)
    return folder


def run(project: Path, *options: str) -> tuple[float, str, int]:
    """Run one build in ``project``; return its wall time, its summary line and its exit status."""
    out = project / "reports"
    command = [str(Path(sys.executable).with_name("evidencekit")), "build", "--corpus", "seeds",
               "--out", str(out), "--figures", str(out / "figures"), "--no-progress", *options]  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(project / "lib")}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    match = SUMMARY.search(done.stdout)
    if match is None:
        sys.stderr.write(done.stdout + done.stderr)
    summary = match[1].split("; logs in")[0] if match else "(no summary)"
    return seconds, summary, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--serial", action="store_true", help="also time a full build with --jobs 1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="evidencekit-bench-") as folder:
        project = snapshot(Path(folder))
        rows = [("full build (--force)", *run(project, "--force", "--jobs", str(args.jobs)))]
        rows.append(("no-change rebuild", *run(project, "--jobs", str(args.jobs))))
        if args.serial:
            rows.append(("full build (--force --jobs 1)", *run(project, "--force", "--jobs", "1")))
    full, unchanged = rows[0][1], rows[1][1]
    print("# `evidencekit build` times on seeds/\n")
    print(f"Run {datetime.date.today()} on {os.cpu_count()} cores (shared with other work, so timings are "
          f"noisy), Python {platform.python_version()}, `--jobs {args.jobs}`; wall time of the whole "
          "command, interpreter start-up and imports included.\n")  # fmt: skip
    print("| build | wall time | exit | summary |\n|---|--:|--:|---|")
    for name, seconds, summary, status in rows:
        print(f"| {name} | {seconds:.1f} s | {status} | {summary} |")
    print(f"\nNo-change rebuild / full build: **{unchanged / full:.3f}** ({full / unchanged:.0f}× faster).")


if __name__ == "__main__":
    main()
