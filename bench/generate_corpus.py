#!/usr/bin/env python3
"""Generate a large synthetic corpus for ``evidencekit extract`` (issue #6, scale).

    .venv/bin/python bench/generate_corpus.py --docs 10000 --out /tmp/corpus [--seed 0]
        [--mean-kb 10] [--per-folder 1000] [--bad-share 0] [--html-share 0]

Documents recombine the sentences of ``seeds/*.txt`` and of the metric case files (the
pools of ``bench/throughput.py``) with every number redrawn and unit words swapped within
their family (kW/MW/GW, 万/亿, 个月/年...). About 45 % are English, 45 % Chinese and 10 %
mix both; half are Markdown with YAML front matter (title, date, outlet, url), the rest
plain text (``--html-share`` turns some into saved web pages, ``--bad-share`` into files the
readers refuse: binary content under a ``.txt`` name). Sizes follow a log-normal law around
``--mean-kb`` (1-60 KB), so 10,000 documents make about 100 MB. Files go into numbered
subfolders of ``--per-folder`` files (``0000/``, ``0001/``...) and are written one at a time:
generation holds one document in memory, and 10,000 documents take a few seconds.

Deterministic: the same ``--seed`` and options give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import Varier, sentence_pools  # noqa: E402 - bench/ is not a package

OUTLETS = ("Reuters", "Caixin", "The Information", "观察者网", "toutiao.com", "SemiAnalysis", "新浪科技")
VARIANTS_PER_SENTENCE = 12  # varied copies of each pool sentence, drawn from when writing


def varied_pools(seed: int) -> dict[str, list[str]]:
    """Each pool sentence redrawn ``VARIANTS_PER_SENTENCE`` times (numbers and units varied)."""
    rng = random.Random(seed)
    varier = Varier(rng)
    return {
        lang: [varier.vary(sentence, lang) for sentence in pool for _ in range(VARIANTS_PER_SENTENCE)]
        for lang, pool in sentence_pools().items()
    }


def _paragraph(rng: random.Random, pools: dict[str, list[str]], lang: str) -> str:
    if lang == "mixed":
        lang = rng.choice(("en", "zh"))
    sentences = rng.choices(pools[lang], k=rng.randint(3, 10))
    return (" " if lang == "en" else "").join(sentences)


def _body(rng: random.Random, pools: dict[str, list[str]], lang: str, size: int) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        paragraph = _paragraph(rng, pools, lang)
        parts.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def _front_matter(rng: random.Random, index: int, title: str) -> str:
    date = f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = title.replace('"', "'")[:80]
    return (
        "---\n"
        f'title: "{title}"\n'
        f"date: '{date}'\n"
        f'outlet: "{rng.choice(OUTLETS)}"\n'
        f"url: https://example.com/articles/{index}\n"
        "---\n"
    )


def _html(title: str, body: str) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{title[:80]}</title></head>\n<body><article><h1>{title[:80]}</h1>\n"
        f"{paragraphs}\n</article></body></html>\n"
    )


def documents(
    count: int, seed: int, mean_kb: float, bad_share: float, html_share: float
) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of each document, generated one at a time."""
    rng = random.Random(seed)
    pools = varied_pools(seed)
    for index in range(count):
        lang = rng.choices(("en", "zh", "mixed"), weights=(45, 45, 10))[0]
        size = int(min(max(rng.lognormvariate(0, 0.6) * mean_kb * 1000 * 0.84, 1000), 60_000))
        digest = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:16]
        stem = f"{index:07d}_{digest}"
        draw = rng.random()
        if draw < bad_share:
            yield f"{stem}.txt", b"\x89PNG\r\n\x1a\n" + rng.randbytes(min(size, 4096))
            continue
        body = _body(rng, pools, lang, size)
        title = body.split("\n", 1)[0][:60]
        if draw < bad_share + html_share:
            yield f"{stem}.html", _html(title, body).encode("utf-8")
        elif rng.random() < 0.5:
            yield f"{stem}.md", (_front_matter(rng, index, title) + "\n" + body).encode("utf-8")
        else:
            yield f"{stem}.txt", body.encode("utf-8")


def generate(
    out: Path,
    docs: int,
    *,
    seed: int = 0,
    mean_kb: float = 10.0,
    per_folder: int = 1000,
    bad_share: float = 0.0,
    html_share: float = 0.0,
) -> tuple[int, int]:
    """Write the corpus into ``out``; return (files, bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for index, (name, data) in enumerate(documents(docs, seed, mean_kb, bad_share, html_share)):
        folder = out / f"{index // per_folder:04d}" if per_folder > 0 else out
        if per_folder > 0 and index % per_folder == 0:
            folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
        written += len(data)
    return docs, written


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10000, help="number of documents (default 10000)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    ap.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    ap.add_argument("--mean-kb", type=float, default=10.0, help="mean document size in KB (default 10)")
    ap.add_argument("--per-folder", type=int, default=1000, help="files per subfolder; 0: all in --out")
    ap.add_argument("--bad-share", type=float, default=0.0, help="share of unreadable files (default 0)")
    ap.add_argument("--html-share", type=float, default=0.0, help="share of .html pages (default 0)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    files, size = generate(
        args.out,
        args.docs,
        seed=args.seed,
        mean_kb=args.mean_kb,
        per_folder=args.per_folder,
        bad_share=args.bad_share,
        html_share=args.html_share,
    )
    seconds = time.perf_counter() - start
    print(f"{files:,} documents, {size / 1e6:,.1f} MB in {args.out} ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
