#!/usr/bin/env python3
"""Throughput and memory of ``evidencekit extract``: in-process vs Dask, two corpus sizes.

    .venv/bin/python bench/extract_bench.py [--docs 2000] [--small 500] [--mean-kb 2]
        [--workers 2] [--seed 0] [--work DIR] [--save bench/results/extract_bench.md]

1. Generates two corpora with ``bench/generate_corpus.py`` (``--small`` and ``--docs``
   documents, same seed and mean size).
2. Extracts each one into a new store twice: in-process (``--engine local``) and on a Dask
   LocalCluster of ``--workers`` processes (one thread each). Each run is a fresh child
   process: start-up (imports, jieba's dictionary; for Dask the cluster and each worker's
   warm-up) is timed apart from the extraction, so MB/s and documents/s are the steady rate;
   "total" includes start-up. Peak memory is that of the whole process tree: sampled every
   0.2 s with psutil (a dependency of distributed) over the child and all its descendants,
   next to ``ru_maxrss`` of the child (RUSAGE_SELF) and of its largest worker
   (RUSAGE_CHILDREN).
3. Runs ``extract`` again on the large corpus, nothing changed (every document skipped).
4. Times jieba's own segmentation (``jieba.cut``, and ``jieba.posseg.cut``, which the kit
   uses to find speakers) on the Chinese documents of the large corpus, next to the kit's
   read + extract rate on the same documents.

Prints a Markdown report (and writes it to ``--save``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from kit_python import ensure_kit_python

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
HAN = re.compile(r"[\u4e00-\u9fff]")
WARM_EN = "Revenue rose 5% to $3.2 million, about 12 GW by 2028, Sachs said."
WARM_ZH = "萨克斯承认，价格上涨5%至320万元，约199个项目，差距缩小至约一个季度。"


# --- one run, in a child process --------------------------------------------------------------


def _warm_up() -> None:
    from evidencekit.evidence.tables import evidence_table, metrics_table
    from evidencekit.records import Document, Meta

    for lang, text in (("en", WARM_EN), ("zh", WARM_ZH)):
        document = Document(f"warm-{lang}", Path(f"warm-{lang}.txt"), text, text, Meta(language=lang))
        metrics_table(document)
        evidence_table(document)


def child(engine: str, corpus: str, out: str, workers: int) -> None:
    """Run one extraction; print a JSON line with timings and ru_maxrss."""
    start = time.perf_counter()
    from evidencekit.archive.runs import extract

    cluster = client = None
    scheduler = None
    if engine == "dask":
        import logging

        from distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
        client.run(_warm_up)
        scheduler = cluster.scheduler_address
    else:
        _warm_up()
    ready = time.perf_counter()
    load = os.getloadavg()[0]
    report = extract(corpus, out, engine=engine, scheduler=scheduler, progress=False)
    done = time.perf_counter()
    if client is not None:
        client.close()
        cluster.close()  # type: ignore[union-attr]
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    result = {
        "load": load,
        "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "startup": ready - start,
        "seconds": done - ready,
        "bytes": report.bytes_read,
        "counts": report.counts,
        "self_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps(result))


def _tree_rss(process: Any) -> int:
    import psutil

    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def run_child(engine: str, corpus: Path, out: Path, workers: int) -> dict[str, Any]:
    """Run ``child`` in a fresh interpreter; add the sampled peak RSS of its process tree."""
    command = [sys.executable, __file__, "--child", engine, str(corpus), str(out), str(workers)]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=BENCH)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            import psutil

            watched = psutil.Process(process.pid)
        except Exception:  # noqa: BLE001 - psutil missing or the child gone: no sampling
            return
        while not stop.is_set():
            try:
                peak = max(peak, _tree_rss(watched))
            except Exception:  # noqa: BLE001 - the child exited between two samples
                return
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    stop.set()
    sampler.join()
    if process.returncode not in (0, None):
        message = f"{' '.join(command)} exited with {process.returncode}"
        raise SystemExit(message)
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    result["tree_peak_mb"] = peak / 2**20 if peak else None
    result["wall"] = time.perf_counter() - began
    return result


# --- jieba vs the kit on the same Chinese text ------------------------------------------------


def chinese_documents(corpus: Path, limit: int) -> list[Path]:
    """Documents of the corpus that are mostly Chinese, up to ``limit`` bytes in all."""
    found, total = [], 0
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix not in (".txt", ".md"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if len(HAN.findall(text)) > 0.3 * len(text):
            found.append(path)
            total += len(text.encode("utf-8"))
            if total >= limit:
                break
    return found


def segmentation(paths: list[Path]) -> dict[str, float]:
    """MB/s of jieba.cut, jieba.posseg.cut and the kit (read + metrics + evidence) on ``paths``."""
    import jieba
    import jieba.posseg

    from evidencekit.evidence.tables import evidence_table, metrics_table
    from evidencekit.ingest.readers import read_document

    texts = [p.read_text(encoding="utf-8") for p in paths]
    size = sum(len(t.encode("utf-8")) for t in texts)
    jieba.setLogLevel(60)
    jieba.initialize()
    list(jieba.posseg.cut(WARM_ZH))
    _warm_up()
    rates = {"mb": size / 1e6}
    start = time.perf_counter()
    for text in texts:
        list(jieba.cut(text))
    rates["jieba.cut"] = size / 1e6 / (time.perf_counter() - start)
    start = time.perf_counter()
    for text in texts:
        list(jieba.posseg.cut(text))
    rates["jieba.posseg.cut"] = size / 1e6 / (time.perf_counter() - start)
    start = time.perf_counter()
    for path in paths:
        document = read_document(path)
        metrics_table(document)
        evidence_table(document)
    rates["evidencekit"] = size / 1e6 / (time.perf_counter() - start)
    return rates


# --- the report -------------------------------------------------------------------------------


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def run_row(label: str, docs: int, result: dict[str, Any]) -> str:
    mb = result["bytes"] / 1e6
    counts = result["counts"]
    sec = result["seconds"]
    return (
        f"| {label} | {docs:,} | {mb:.1f} | {result['startup']:.1f} | {sec:.1f} | "
        f"{result['startup'] + sec:.1f} | {mb / sec:.3f} | {docs / sec:.1f} | "
        f"{_mb(result['tree_peak_mb'])} | {_mb(result['self_maxrss_mb'])} | "
        f"{_mb(result['children_maxrss_mb'])} | "
        f"{counts.get('extracted', 0):,} / {counts.get('unchanged', 0):,} | {result['cpu']:.0f} | "
        f"{result['load']:.1f} |"
    )


def _memory(results: dict[tuple[str, int], dict[str, Any]], engine: str, small: int, large: int) -> str:
    name = "in-process" if engine == "local" else "Dask"
    before, after = (_mb(results[engine, docs]["tree_peak_mb"]) for docs in (small, large))
    return f"{name} {before} MB ({small:,} docs) → {after} MB ({large:,} docs)"


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{datetime.date.today().isoformat()}, Python {platform.python_version()}, {os.cpu_count()} cores "
        f"**shared with other work while this ran** (load average at start: {load}), so the "
        "timings are noisy and the Dask speed-up is bounded by the cores actually free"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000, help="documents of the large corpus (default 2000)")
    ap.add_argument("--small", type=int, default=500, help="documents of the small corpus (default 500)")
    ap.add_argument("--mean-kb", type=float, default=2.0, help="mean document size, KB (default 2)")
    ap.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument(
        "--zh-kb", type=int, default=300, help="KB of Chinese text for the jieba row (default 300)"
    )
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    ap.add_argument("--save", type=Path, default=None, help="also write the report to this file")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ensure_kit_python()
    from generate_corpus import generate

    work = args.work or Path(tempfile.mkdtemp(prefix="extract-bench-"))
    header = machine()
    lines = [
        "# `evidencekit extract`: in-process vs Dask",
        "",
        f"Run {header}.",
        "",
        f"Corpora from `bench/generate_corpus.py --seed {args.seed} --mean-kb {args.mean_kb:g}`; "
        f"Dask: LocalCluster, {args.workers} worker processes × 1 thread. Start-up = imports and warm-up "
        "(jieba's dictionary; for Dask also the cluster); MB/s and docs/s over the extraction only; "
        "tree peak = sampled RSS of the run's process and all its children (psutil); ru_maxrss of "
        "the driver process and of its largest child (a worker); CPU s = user + system time of the "
        "whole run, start-up included (RUSAGE_SELF + RUSAGE_CHILDREN); load avg = 1-minute load "
        f"when the extraction started ({os.cpu_count()} cores).",
        "",
        "| run | docs | MB | start-up s | extract s | total s | MB/s | docs/s | tree peak MB "
        "| driver ru_maxrss MB | largest child ru_maxrss MB | extracted / unchanged | CPU s (tree) "
        "| load avg |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    results: dict[tuple[str, int], dict[str, Any]] = {}
    try:
        for docs in (args.small, args.docs):
            corpus = work / f"corpus-{docs}"
            if not corpus.exists():
                generate(corpus, docs, seed=args.seed, mean_kb=args.mean_kb)
            for engine in ("local", "dask"):
                out = work / f"store-{engine}-{docs}"
                shutil.rmtree(out, ignore_errors=True)
                print(f"extract {docs} documents, {engine} ...", file=sys.stderr, flush=True)
                result = run_child(engine, corpus, out, args.workers)
                results[engine, docs] = result
                label = "in-process" if engine == "local" else f"Dask, {args.workers} workers"
                lines.append(run_row(label, docs, result))
        print("rerun, nothing changed ...", file=sys.stderr, flush=True)
        rerun = run_child("local", work / f"corpus-{args.docs}", work / f"store-local-{args.docs}", 1)
        lines.append(run_row("in-process, rerun (all unchanged)", args.docs, rerun))
        print("jieba ...", file=sys.stderr, flush=True)
        rates = segmentation(chinese_documents(work / f"corpus-{args.docs}", args.zh_kb * 1000))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    local, dask = results["local", args.docs], results["dask", args.docs]
    speedup = local["seconds"] / dask["seconds"]
    total_speedup = (local["startup"] + local["seconds"]) / (dask["startup"] + dask["seconds"])
    lines += [
        "",
        f"**Speed-up, Dask {args.workers} workers / in-process, {args.docs:,} documents: "
        f"{speedup:.2f}× on extraction** ({total_speedup:.2f}× with start-up); goal ≥ 1.7×. "
        f"CPU time of the whole run: in-process {local['cpu']:.0f} s, Dask {dask['cpu']:.0f} s (driver, "
        f"scheduler and workers). With a free core per worker the Dask run would take about its CPU "
        f"time / {args.workers}: a speed-up of about "
        f"{local['cpu'] / (dask['cpu'] / args.workers):.2f}× (CPU-bound estimate, start-up included).",
        "",
        "Peak memory (tree) vs corpus size: "
        + "; ".join(_memory(results, engine, args.small, args.docs) for engine in ("local", "dask"))
        + ".",
        "",
        f"### Chinese text: jieba's own segmentation vs the kit ({rates['mb']:.2f} MB of the large corpus's "
        "Chinese documents, one process)",
        "",
        "| what | MB/s |",
        "|---|--:|",
        f"| jieba.cut (default mode, HMM) | {rates['jieba.cut']:.3f} |",
        "| jieba.posseg.cut (part-of-speech tagging, used by the kit for speakers) | "
        f"{rates['jieba.posseg.cut']:.3f} |",
        f"| evidencekit read + metrics_table + evidence_table | {rates['evidencekit']:.3f} |",
        "",
        f"The kit extracts at {rates['evidencekit'] / rates['jieba.cut']:.2f}× jieba.cut's speed "
        f"and {rates['evidencekit'] / rates['jieba.posseg.cut']:.2f}× jieba.posseg.cut's.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        sys.path.insert(0, str(BENCH))
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        sys.exit(0)
    sys.exit(main())
