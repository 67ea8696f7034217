#!/usr/bin/env python3
"""Bulk throughput of ``extract_metrics`` on generated English/Chinese text, and vs the peers.

    .venv/bin/python bench/throughput.py [--mb 100] [--seed 0] [--sample-chars 20000] [--no-peers]

1. Generates, deterministically from ``--seed``, about ``--mb`` megabytes (10^6 bytes of
   UTF-8) of paragraphs: each paragraph is 3-10 sentences of one language (English or
   Chinese, 50/50) drawn from ``seeds/*.txt`` and the case texts of
   ``tests/cases/metrics/*.yaml``, with every Arabic number redrawn (years stay years)
   and unit words swapped within their family (kW/MW/GW, 万/亿, 个月/年/周, ...).
   Paragraphs (1-3 KB) are the size of the passages the readers produce.
2. Streams the paragraphs through ``extract_metrics(paragraph, lang)`` one at a time (a
   generator: neither the corpus nor the metrics are kept, only counted) and prints
   MB/s and metrics/s over the time spent inside ``extract_metrics``, per language and
   overall, and the peak RSS of the process (``resource.getrusage``, ru_maxrss).
3. Times quantulum3 (English) and Recognizers-Text (generic mode, English and Chinese)
   on the first ``--sample-chars`` characters per language of the same stream, in the
   peers venv (``bench/setup_peers.sh``, ``bench/peer_timer.py``), times evidencekit on
   the same sample, and prints the ratios of chars/s (goals: >= 100x quantulum3 on
   English, >= 10x Recognizers-Text on Chinese).

Run it with the repo's .venv python (it re-executes itself with it when needed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from kit_python import ensure_kit_python

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_END = re.compile(r"(?<=[.!?。！？；])\s*")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A unit word is swapped only right after a number ("5 GW", "3个月"; not 天 in 天然气).
AFTER_NUMBER = {"en": r"(?<=\d )", "zh": r"(?<=[\d万亿十百千两一二三四五六七八九])"}
UNIT_FAMILIES = {
    "en": [
        ["kW", "MW", "GW", "TW"],
        ["kWh", "MWh", "GWh", "TWh"],
        ["thousand", "million", "billion"],
        ["days", "weeks", "months", "years"],
        ["dollars", "yuan", "euros"],
    ],
    "zh": [
        ["千瓦", "兆瓦", "吉瓦"],
        ["千瓦时", "兆瓦时", "度电"],
        ["万", "亿"],
        ["天", "周", "个月", "年"],
        ["美元", "元", "欧元", "港元"],
    ],
}


def sentence_lang(sentence: str) -> str | None:
    """ "zh" when a fifth of the characters are Han, "en" when it has Latin words, else None."""
    if len(CJK.findall(sentence)) >= len(sentence) / 5:
        return "zh"
    return "en" if re.search(r"[A-Za-z]{3,}", sentence) else None


def seed_sentences() -> Iterator[str]:
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            yield from (s.strip() for s in SENTENCE_END.split(line))


def case_texts() -> Iterator[tuple[str, str]]:
    import yaml

    for path in sorted((REPO / "tests" / "cases" / "metrics").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            yield str(case["id"]).split("-", 1)[0], str(case["text"])  # the language of its id


def sentence_pools() -> dict[str, list[str]]:
    """English and Chinese sentences (20-400 characters) from the seeds and the case files."""
    pools: dict[str, list[str]] = {"en": [], "zh": []}
    for sentence in seed_sentences():
        lang = sentence_lang(sentence)
        if lang and 20 <= len(sentence) <= 400:
            pools[lang].append(sentence)
    for lang, text in case_texts():
        pools[lang].append(text)
    return pools


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class Varier:
    """Redraws the numbers and swaps the unit words of a sentence (seeded)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.family = {
            lang: {w: fam for fam in families for w in fam} for lang, families in UNIT_FAMILIES.items()
        }
        self.unit_re = {
            lang: re.compile(AFTER_NUMBER[lang] + "(?:" + _alternation(list(table)) + r")(?![A-Za-z])")
            for lang, table in self.family.items()
        }

    def number(self, match: re.Match[str]) -> str:
        digits = match.group()
        if re.fullmatch(r"(19|20)\d\d", digits):
            return str(self.rng.randint(1990, 2035))
        value = self.rng.randint(1, 10 ** min(len(re.sub(r"\D", "", digits)), 6))
        if "." in digits:
            return f"{value / 10:.1f}"
        return f"{value:,}" if "," in digits else str(value)

    def vary(self, sentence: str, lang: str) -> str:
        sentence = NUMBER.sub(self.number, sentence)
        table = self.family[lang]
        return self.unit_re[lang].sub(lambda m: self.rng.choice(table[m.group()]), sentence)


def paragraphs(seed: int) -> Iterator[tuple[str, str]]:
    """An endless, seeded stream of (lang, paragraph)."""
    rng = random.Random(seed)
    pools = sentence_pools()
    varier = Varier(rng)
    while True:
        lang = rng.choice(("en", "zh"))
        picked = [varier.vary(rng.choice(pools[lang]), lang) for _ in range(rng.randint(3, 10))]
        yield lang, (" " if lang == "en" else "").join(picked)


def take_bytes(stream: Iterator[tuple[str, str]], limit: int) -> Iterator[tuple[str, str]]:
    """Paragraphs of ``stream`` until ``limit`` UTF-8 bytes have been yielded."""
    total, step = 0, max(limit // 10, 1)
    for lang, text in stream:
        if total >= limit:
            return
        size = len(text.encode("utf-8"))
        if (total + size) // step > total // step:
            print(f"  {(total + size) / 1e6:,.0f} MB ...", file=sys.stderr)
        total += size
        yield lang, text


def take_sample(seed: int, chars: int) -> list[tuple[str, str]]:
    """The first paragraphs of the stream, until each language has ``chars`` characters."""
    seen: Counter[str] = Counter()
    sample = []
    for lang, text in paragraphs(seed):
        if seen[lang] < chars:
            sample.append((lang, text))
            seen[lang] += len(text)
        if min(seen["en"], seen["zh"]) >= chars:
            return sample
    return sample


def warm_up() -> None:
    from evidencekit import extract_metrics

    extract_metrics("Revenue rose 5% to $3.2 million, about 12 GW by 2028.", "en")
    extract_metrics("价格上涨5%至320万元，约199个项目，三到六个月。", "zh")


def measure(stream: Iterator[tuple[str, str]]) -> dict[str, Counter[str]]:
    """Run extract_metrics over the stream; per-language bytes, chars, metrics, microseconds."""
    from evidencekit import extract_metrics

    stats: dict[str, Counter[str]] = {"en": Counter(), "zh": Counter()}
    for lang, text in stream:
        start = time.perf_counter()
        found = len(extract_metrics(text, lang))
        elapsed = time.perf_counter() - start
        s = stats[lang]
        s["us"] += int(elapsed * 1e6)
        s["bytes"] += len(text.encode("utf-8"))
        s["chars"] += len(text)
        s["metrics"] += found
        s["paragraphs"] += 1
    return stats


def stream_table(stats: dict[str, Counter[str]]) -> str:
    total = sum(stats.values(), Counter())
    lines = [
        "| lang | MB | paragraphs | seconds | MB/s | chars/s | metrics | metrics/s |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, s in [*stats.items(), ("all", total)]:
        sec = s["us"] / 1e6 or 1e-9
        lines.append(
            f"| {name} | {s['bytes'] / 1e6:.1f} | {s['paragraphs']:,} | {sec:.1f} | "
            f"{s['bytes'] / 1e6 / sec:.2f} | {s['chars'] / sec:,.0f} | {s['metrics']:,} | "
            f"{s['metrics'] / sec:,.0f} |"
        )
    return "\n".join(lines)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def peer_seconds(python: Path, adapter: Path, sample_path: Path, langs: str) -> dict[str, dict[str, float]]:
    done = subprocess.run(
        [str(python), str(BENCH / "peer_timer.py"), str(adapter), str(sample_path), langs],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, dict[str, float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def time_peers(sample: list[tuple[str, str]], benchmarks: Path) -> dict[str, dict[str, dict[str, float]]]:
    """chars and seconds of quantulum3 (en) and Recognizers-Text (en, zh) on the sample."""
    subprocess.run(["bash", str(BENCH / "setup_peers.sh")], check=True, stdout=sys.stderr)
    python = Path(os.environ.get("PEERS_VENV", BENCH / ".peers-venv")) / "bin" / "python"
    peers = benchmarks / "quantities" / "peers"
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for lang, text in sample:
            f.write(json.dumps({"lang": lang, "text": text}, ensure_ascii=False) + "\n")
    try:
        print("timing quantulum3 and Recognizers-Text on the sample ...", file=sys.stderr)
        return {
            "quantulum3": peer_seconds(python, peers / "quantulum3_adapter.py", Path(f.name), "en"),
            "recognizers-text": peer_seconds(python, peers / "rt_adapter.py", Path(f.name), "en,zh"),
        }
    finally:
        os.unlink(f.name)


def ratio_table(sample: list[tuple[str, str]], peers: dict[str, dict[str, dict[str, float]]]) -> str:
    ours = {lang: s["chars"] / (s["us"] / 1e6) for lang, s in measure(iter(sample)).items()}
    lines = [
        "| peer | lang | sample chars | peer chars/s | evidencekit chars/s | ratio | goal |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    goals = {("quantulum3", "en"): "≥ 100×", ("recognizers-text", "zh"): "≥ 10×"}
    for peer, by_lang in peers.items():
        for lang, s in by_lang.items():
            theirs = s["chars"] / s["seconds"]
            lines.append(
                f"| {peer} | {lang} | {s['chars']:,.0f} | {theirs:,.0f} | {ours[lang]:,.0f} | "
                f"{ours[lang] / theirs:,.1f}× | {goals.get((peer, lang), '')} |"
            )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--mb", type=float, default=100, help="megabytes (10^6 bytes UTF-8) to stream (default 100)"
    )
    ap.add_argument("--seed", type=int, default=0, help="seed of the generated text (default 0)")
    ap.add_argument(
        "--sample-chars",
        type=int,
        default=20000,
        help="characters per language timed for the peer ratios (default 20000)",
    )
    ap.add_argument(
        "--benchmarks",
        type=Path,
        default=REPO.parent / "shared" / "benchmarks",
        help="folder with quantities/peers/ (default: <repo>/../shared/benchmarks)",
    )
    ap.add_argument("--no-peers", action="store_true", help="skip the peer timings")
    return ap.parse_args(argv)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ensure_kit_python()
    warm_up()
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    stats = measure(take_bytes(paragraphs(args.seed), int(args.mb * 1e6)))
    wall = time.perf_counter() - start
    print(f"### Stream: {args.mb:g} MB, seed {args.seed}, one paragraph per call\n")
    print(stream_table(stats))
    print(
        f"\nwall {wall:.1f} s (with text generation); peak RSS {peak_rss_mb():.0f} MB "
        f"({rss_before:.0f} MB after imports and warm-up)\n"
    )
    if not args.no_peers:
        sample = take_sample(args.seed, args.sample_chars)
        peers = time_peers(sample, args.benchmarks.resolve())
        print(f"### Peers on the first {args.sample_chars:,} characters per language of the stream\n")
        print(ratio_table(sample, peers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
