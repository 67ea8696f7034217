#!/usr/bin/env python3
"""Fuzz the extractor and the readers: no exception escapes, no short input is slow.

    .venv/bin/python bench/fuzz.py [--texts 100000] [--files 2000] [--seed 0] [--limit-ms 50] [--jobs 1]

Texts (up to 2,000 characters) are drawn from pieces that stress the extractor: digit runs of
every length (hundreds of digits included), exponents ("1e400", "10^309"), separators, signs,
Chinese numerals and their runs, units and qualifiers of both languages, citations, URLs,
brackets, emoji and random code points. Each goes through ``extract_metrics`` (both
languages and ``numbers=True``) and ``tag_themes``; every exception is a failure, and so
is any call slower than ``--limit-ms``: a slow call is timed twice more at once, and the
calls still slow are timed five times again after the run; the fastest run counts (a moment
when the machine was busy is not the input's fault). Files (random bytes and mangled front
matter under .txt, .md and .html names; random bytes, and a real PDF or Word file truncated
or with bytes changed, under .pdf and .docx names) go through ``read_document``, where only
a ``DocumentError`` may come out. The script prints the counts, the slowest texts and exits
1 on any failure. With ``--jobs N`` the texts are shared among N processes, each drawing its
own stream (from ``--seed`` and its number); the slow calls are re-timed in the main process
after all have finished, with nothing else running.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from evidencekit import extract_metrics, read_document, tag_themes
from evidencekit.errors import DocumentError

PIECES = [
    "0",
    "1",
    "2",
    "7",
    "9",
    "12",
    "2024",
    "1,000",
    "1.5",
    ".5",
    "3,5",
    "1e400",
    "10^309",
    "10^25",
    "3.8×10^24",
    "-",
    "–",
    "~",
    "%",
    "％",
    "$",
    "¥",
    "€",
    "US$",
    " GW",
    " MW",
    " kWh",
    " TWh",
    " W",
    " percent",
    " per cent",
    " million",
    " billion",
    " bn",
    "k",
    "x",
    "×",
    "-fold",
    " times",
    " months",
    " years",
    " days",
    " to ",
    " and ",
    " between ",
    " from ",
    " about ",
    " over ",
    " under ",
    " nearly ",
    "H100",
    "GPT-4",
    "15 U.S.C. 4651(7)",
    "§ 734.9",
    "Executive Order 14110",
    "© 2008–2024",
    "https://example.com/2024/12/",
    "[7][8]",
    "(1)",
    "1.",
    "Q2 2025",
    "FY2024",
    "3h ago",
    "128 points",
    "一",
    "二",
    "三",
    "十",
    "百",
    "千",
    "万",
    "亿",
    "两",
    "零",
    "〇",
    "半",
    "几",
    "多",
    "余",
    "约",
    "近",
    "超过",
    "至",
    "到",
    "～",
    "个月",
    "年",
    "月",
    "日",
    "倍",
    "翻了一番",
    "同比增长",
    "下降了",
    "百分之",
    "个百分点",
    "亿元",
    "万美元",
    "千瓦时",
    "吉瓦",
    "人",
    "家",
    "项",
    "次/人",
    "第",
    "ICP备",
    "号",
    "：",
    "，",
    "。",
    "\n",
    "\n\n",
    " ",
    "\t",
    "\u3000",
    "（",
    "）",
    "“",
    "”",
    "'",
    '"',
    "🙂",
    "\u200b",
    "\ufeff",
]


def random_text(rng: random.Random) -> str:
    parts: list[str] = []
    size = rng.choice((5, 20, 80, 300, 2000))
    while sum(map(len, parts)) < size:
        roll = rng.random()
        if roll < 0.70:
            parts.append(rng.choice(PIECES))
        elif roll < 0.80:
            parts.append(rng.choice("0123456789") * rng.choice((3, 30, 400)))
        elif roll < 0.88:
            parts.append(
                "".join(rng.choice("零一二三四五六七八九十百千万亿") for _ in range(rng.choice((3, 50, 500))))
            )
        elif roll < 0.94:
            parts.append("1," * rng.choice((3, 100, 600)))
        else:
            parts.append("".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(1, 12))))
    return "".join(parts)[:2000]


CALLS: list[tuple[str, Callable[[str], object]]] = [
    ("extract_metrics en", lambda text: extract_metrics(text, lang="en")),
    ("extract_metrics zh", lambda text: extract_metrics(text, lang="zh")),
    ("extract_metrics numbers", lambda text: extract_metrics(text, lang="en", numbers=True)),
    ("tag_themes en", lambda text: tag_themes(text, "en")),
    ("tag_themes zh", lambda text: tag_themes(text, "zh")),
]


def timed(call: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    call(text)
    return time.perf_counter() - start


def fuzz_texts(
    count: int, rng: random.Random, limit: float
) -> tuple[list[str], list[tuple[float, str, str]]]:
    """Each text through each call; a call over ``limit`` ms is timed twice more and counts as
    slow only if its fastest run is (a pause of the machine is not the input's fault).

    Returns the failures and every call's time over a fifth of the limit, slowest first."""
    failures: list[str] = []
    slow: list[tuple[float, str, str]] = []
    for _ in range(count):
        text = random_text(rng)
        for name, call in CALLS:
            try:
                taken = timed(call, text)
                if taken * 1000 > limit:
                    taken = min(taken, timed(call, text), timed(call, text))
            except Exception as error:  # noqa: BLE001 - every exception is a finding
                failures.append(f"{name}: {type(error).__name__}: {error} <- {text[:200]!r}")
                continue
            if taken * 1000 > limit / 5:
                slow.append((taken, name, text))
    return failures, sorted(slow, reverse=True)


def retimed(slow: list[tuple[float, str, str]], limit: float) -> list[tuple[float, str, str]]:
    """The slow calls timed again after the run, five times each: a call slow during the run
    only (the machine was busy for a moment) is no slow input."""
    calls = dict(CALLS)
    out = []
    for _, name, text in slow:
        gc.collect()
        taken = min(timed(calls[name], text) for _ in range(5))
        if taken * 1000 > limit:
            out.append((taken, name, text))
    return sorted(out, reverse=True)


def paged_seeds() -> dict[str, bytes]:
    """A small real PDF (fpdf2, a dev dependency) and Word file (python-docx), to be mangled."""
    import io

    import docx
    from fpdf import FPDF

    pdf = FPDF()
    for line in ("By 2028 the United States will need 50 GW.", "Page two: 20%."):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(0, 10, line)
    word = docx.Document()
    word.add_heading("The Power Gap", level=1)
    word.add_paragraph("Data centers will need an additional 50 GW by 2028.")
    word.add_table(rows=1, cols=2).rows[0].cells[1].text = "120 GW"
    buffer = io.BytesIO()
    word.save(buffer)
    return {".pdf": bytes(pdf.output()), ".docx": buffer.getvalue()}


def mangled(rng: random.Random, data: bytes) -> bytes:
    """``data`` cut short, with a few bytes changed, or with a run of bytes removed."""
    roll = rng.random()
    if roll < 0.4:
        return data[: rng.randrange(len(data))]
    if roll < 0.8:
        changed = bytearray(data)
        for _ in range(rng.choice((1, 5, 50))):
            changed[rng.randrange(len(changed))] = rng.randrange(256)
        return bytes(changed)
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randrange(1, 2000) :]


def random_file(rng: random.Random, folder: Path, index: int, seeds: dict[str, bytes]) -> Path:
    suffix = rng.choice((".txt", ".md", ".html", ".pdf", ".docx"))
    path = folder / f"f{index}{suffix}"
    if suffix in seeds:
        roll = rng.random()
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 400))) if roll < 0.2 else None
        path.write_bytes(data if data is not None else mangled(rng, seeds[suffix]))
        return path
    roll = rng.random()
    if roll < 0.4:
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(0, 400))))
    else:
        head = rng.choice(
            ("---\n", "---\ntitle: x\n", "\ufeff---\n", "<!--\n", "", "---\ndate: 2024-13-45\n---\n")
        )
        body = random_text(rng)
        tail = rng.choice(("", "---\n", "-->\n", "date: 99999-1-1\n---\n", ": : :\n---\n"))
        path.write_text(
            head + tail + body, encoding=rng.choice(("utf-8", "utf-16", "gb18030")), errors="replace"
        )
    return path


def fuzz_files(count: int, rng: random.Random) -> list[str]:
    failures = []
    seeds = paged_seeds()
    with tempfile.TemporaryDirectory() as folder:
        for index in range(count):
            path = random_file(rng, Path(folder), index, seeds)
            try:
                read_document(path)
            except DocumentError:
                pass
            except Exception as error:  # noqa: BLE001 - only DocumentError may come out
                failures.append(f"{type(error).__name__}: {error} <- {path.read_bytes()[:120]!r}")
    return failures


def _warm_up() -> None:
    for _, call in CALLS:  # data files, jieba and its tagger load once, not in the first timing
        call("warm up 5 GW 三个月, 3,5人 GPT-4，777GPT-4次/人人个百分点 六千一 percent")


def _worker(job: tuple[int, int, float]) -> tuple[list[str], list[tuple[float, str, str]]]:
    count, seed, limit = job
    _warm_up()
    return fuzz_texts(count, random.Random(seed), limit)


def fuzz_texts_parallel(
    count: int, seed: int, limit: float, jobs: int
) -> tuple[list[str], list[tuple[float, str, str]]]:
    """``fuzz_texts`` in ``jobs`` processes, each with its own stream of texts."""
    import multiprocessing

    shares = [count // jobs + (1 if i < count % jobs else 0) for i in range(jobs)]
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        parts = pool.map(_worker, [(n, seed * 1000 + i, limit) for i, n in enumerate(shares)])
    failures = [f for part, _ in parts for f in part]
    slow = sorted((t for _, part in parts for t in part), reverse=True)
    return failures, slow


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit-ms", type=float, default=50.0)
    ap.add_argument("--jobs", type=int, default=1, help="processes sharing the texts")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    _warm_up()
    started = time.perf_counter()
    if args.jobs > 1:
        failures, timings = fuzz_texts_parallel(args.texts, args.seed, args.limit_ms, args.jobs)
    else:
        failures, timings = fuzz_texts(args.texts, rng, args.limit_ms)
    seconds = time.perf_counter() - started
    slow = [t for t in timings if t[0] * 1000 > args.limit_ms]
    confirmed = retimed(slow, args.limit_ms)
    slowest = timings[0][0] * 1000 if timings else 0.0
    file_failures = fuzz_files(args.files, rng)
    print(
        f"texts: {args.texts:,} in {seconds:.1f} s, {len(failures)} exceptions, "
        f"{len(slow)} slower than {args.limit_ms:.0f} ms; slowest call "
        f"{slowest:.1f} ms, {len(timings)} calls over {args.limit_ms / 5:.0f} ms; "
        f"timed again at the end (fastest of 5): {len(confirmed)} still slower"
    )
    for taken, name, text in timings[:10]:
        print(f"  {taken * 1000:7.1f} ms  {name:24s} {len(text):5d} chars  {text[:60]!r}")
    print(f"files: {args.files:,} read, {len(file_failures)} exceptions other than DocumentError")
    for line in (failures + file_failures)[:20]:
        print("  " + line)
    return 1 if failures or file_failures or confirmed else 0


if __name__ == "__main__":
    sys.exit(main())
