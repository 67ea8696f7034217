#!/usr/bin/env python3
"""Chinese extraction rate vs jieba's own segmentation, with an optional profile (issue #6).

    .venv/bin/python bench/zh_profile.py [--kb 300] [--seed 0] [--mean-kb 2] [--lang zh]
        [--repeat 3] [--cold] [--profile] [--top 25]

1. Builds a sample: the bundled seed documents of the language (``seeds/``; for ``zh`` the
   article 001 and the transcript 003) and ``--kb`` KB of documents of that language from
   ``bench/generate_corpus.py`` (``--seed``, ``--mean-kb``), written to a temporary folder.
2. Warms up (imports, jieba's dictionary, one pass of the pipeline on a short text of each
   language), then times, best of ``--repeat``:
   (a) ``jieba.lcut`` on the text of every document (Chinese only),
   (b) the per-document pipeline, as ``evidencekit extract`` runs it
       (``archive._extract_one``): ``read_document``, ``metrics_table``, ``evidence_table``.
   Each pass starts with the per-document caches of ``evidence`` cleared (a file read
   again is an equal Document, whose analysis would come from the cache). Caches keyed by
   text (a sentence seen before) carry over; the generated corpus repeats sentences (it
   recombines a pool, the share is printed), so ``--cold`` clears every bounded
   ``functools.lru_cache`` of the kit before each document: the rate a corpus of distinct
   sentences would see.
3. With ``--profile``, runs one more pipeline pass under cProfile and prints the top
   ``--top`` functions by cumulative and by own time.

Prints MB/s (10^6 bytes of UTF-8 text per second) and the ratio of the pipeline to jieba.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import os
import platform
import pstats
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kit_python import ensure_kit_python

REPO = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
WARM = {
    "en": "Revenue rose 5% to $3.2 million, about 12 GW by 2028, Sachs said.",
    "zh": "萨克斯承认，价格上涨5%至320万元，约199个项目，差距缩小至约一个季度。",
}


def language_of(text: str) -> str:
    """ "zh" when over 30 % of the characters are Han, "en" when Latin letters carry it, else ""."""
    han = len(HAN.findall(text))
    if han > 0.3 * len(text):
        return "zh"
    return "en" if han == 0 and len(LATIN.findall(text)) > 0.3 * len(text) else ""


def sample_paths(lang: str, kb: int, seed: int, mean_kb: float, work: Path) -> list[Path]:
    """Seed documents of ``lang``, then generated ones until ``kb`` KB of generated text."""
    sys.path.insert(0, str(REPO / "bench"))
    from generate_corpus import documents

    paths = [p for p in sorted((REPO / "seeds").glob("*.txt")) if _file_lang(p) == lang]
    total = 0
    for name, data in documents(1_000_000, seed, mean_kb, 0.0, 0.0):
        if total >= kb * 1000:
            break
        if language_of(data.decode("utf-8")) != lang:
            continue
        path = work / name
        path.write_bytes(data)
        paths.append(path)
        total += len(data)
    return paths


def _file_lang(path: Path) -> str:
    from evidencekit.ingest.readers import read_document

    return read_document(path).lang or ""


def warm_up() -> None:
    import jieba

    from evidencekit.evidence.tables import evidence_table, metrics_table
    from evidencekit.records import Document, Meta

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba.lcut(WARM["zh"])
    for lang, text in WARM.items():
        document = Document(f"warm-{lang}", Path(f"warm-{lang}.txt"), text, text, Meta(language=lang))
        metrics_table(document)
        evidence_table(document)


def bounded_caches() -> list[Any]:
    """Every functools.lru_cache of the kit with a size limit above 1 (caches keyed by text
    or by document; the loaders of data files are unbounded or hold one entry)."""
    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("evidencekit"):
            continue
        for value in vars(module).values():
            params = getattr(value, "cache_parameters", None)
            if callable(params) and (params().get("maxsize") or 0) > 1:
                found.append(value)
    return found


def pipeline(paths: list[Path], cold: bool) -> Callable[[], None]:
    from evidencekit.evidence.tables import analyse_document, document_spin, evidence_table, metrics_table
    from evidencekit.ingest.readers import read_document

    caches = bounded_caches() if cold else []

    def run() -> None:
        # a document read again is equal to the first read: its analysis would come from the cache
        analyse_document.cache_clear()
        document_spin.cache_clear()
        for path in paths:
            for cached in caches:
                cached.cache_clear()
            document = read_document(path)
            metrics_table(document)
            evidence_table(document)

    return run


def segmentation(texts: list[str]) -> Callable[[], None]:
    import jieba

    def run() -> None:
        for text in texts:
            jieba.lcut(text)

    return run


def best_rate(run: Callable[[], None], size: int, repeat: int) -> tuple[float, float, list[float]]:
    """MB/s of the fastest of ``repeat`` runs by wall-clock and by CPU time of this process
    (steadier on a shared machine), and every run's wall-clock seconds."""
    seconds, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return size / 1e6 / min(seconds), size / 1e6 / min(cpu), seconds


def duplicate_share(paths: list[Path]) -> tuple[int, float]:
    """Sentences of the sample, and the share that repeat an earlier one word for word."""
    from evidencekit.ingest.readers import read_document
    from evidencekit.text.sentences import split_sentences

    seen: set[str] = set()
    total = repeated = 0
    for path in paths:
        for sentence in split_sentences(read_document(path)):
            total += 1
            repeated += sentence.text in seen
            seen.add(sentence.text)
    return total, repeated / total if total else 0.0


def profile(run: Callable[[], None], top: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    for order in ("cumulative", "tottime"):
        print(f"\n### cProfile, one pipeline pass, top {top} by {order}\n")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.strip_dirs().sort_stats(order).print_stats(top)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=int, default=300, help="KB of generated documents (default 300)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--mean-kb", type=float, default=2.0, help="mean document size, KB (default 2)")
    ap.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the sample (default zh)")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best counts (default 3)")
    ap.add_argument("--cold", action="store_true", help="clear the kit's bounded caches before each document")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one more pipeline pass")
    ap.add_argument("--top", type=int, default=25, help="functions listed per profile order (default 25)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ensure_kit_python()
    work = Path(tempfile.mkdtemp(prefix="zh-profile-"))
    try:
        paths = sample_paths(args.lang, args.kb, args.seed, args.mean_kb, work)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        size = sum(len(t.encode("utf-8")) for t in texts)
        start = time.perf_counter()
        warm_up()
        warm = time.perf_counter() - start
        sentences, repeated = duplicate_share(paths)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        seeds = sum(1 for p in paths if p.parent != work)
        print(
            f"## {args.lang} sample: {len(paths)} documents ({seeds} seeds), {size / 1e6:.3f} MB, "
            f"{sentences:,} sentences ({repeated:.0%} repeat an earlier one)\n"
        )
        print(
            f"{datetime.date.today().isoformat()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores, load average {load}; warm-up {warm:.1f} s; best of {args.repeat}"
            + ("; caches cleared before each document (--cold)" if args.cold else "")
            + "\n"
        )
        print("| what | MB/s | MB/s by CPU time | wall seconds per pass |")
        print("|---|--:|--:|---|")
        rows: dict[str, tuple[float, float]] = {}
        measured = [("jieba.lcut", segmentation(texts))] if args.lang == "zh" else []
        run = pipeline(paths, args.cold)
        measured.append(("read_document + metrics_table + evidence_table", run))
        for name, job in measured:
            rate, cpu_rate, seconds = best_rate(job, size, args.repeat)
            rows[name] = rate, cpu_rate
            print(f"| {name} | {rate:.3f} | {cpu_rate:.3f} | {', '.join(f'{s:.2f}' for s in seconds)} |")
        if "jieba.lcut" in rows:
            (kit, kit_cpu), (jieba, jieba_cpu) = rows[measured[-1][0]], rows["jieba.lcut"]
            print(
                f"\nThe pipeline runs at {kit / jieba:.2f}× jieba.lcut's rate "
                f"({kit_cpu / jieba_cpu:.2f}× by CPU time)."
            )
        if args.profile:
            profile(run, args.top)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
