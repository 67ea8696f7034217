"""Check the devset annotations against the documents' text, without running evidencekit.

For every annotation file: each ``surface`` must occur in the document (``occurrence`` N
must exist), claims and traps must not overlap, ``kind`` must be one of the allowed kinds.
A claim may carry a reading of its change or multiple: ``direction`` (up, down or none),
``year`` (an integer 1800-2100, or ``none``), ``year_note`` and ``basis`` (non-empty
strings); no other keys are accepted.
With ``--uncovered`` it also lists digit runs (ASCII or Chinese numerals) that no claim or
trap covers, to help an annotator reach completeness.

``--set FOLDER`` checks another set laid out like this one (``FOLDER/docs``,
``FOLDER/annotations``), e.g. ``bench/heldout``. A PDF, DOCX or HTML document is checked
against the reference text saved beside its annotation (the annotation's ``text`` key, or
``annotations/NN_name.extracted.txt``), since its annotation was made on that text.

    python bench/devset/check_annotations.py [--set FOLDER] [--uncovered] [NN_name ...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
KINDS = {
    "percent",
    "money",
    "count",
    "power",
    "energy",
    "duration",
    "date",
    "ratio",
    "multiple",
    "change",
    "other",
}
CLAIM_KEYS = {"surface", "occurrence", "kind", "note", "direction", "year", "year_note", "basis"}
DIRECTIONS = {"up", "down", "none"}
EXTRACTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm"}
DIGITS = re.compile(r"[0-9０-９]+|[零一二两三四五六七八九十百千万亿]+")


def locate(text: str, surface: str, occurrence: int = 1) -> tuple[int, int] | None:
    start = -1
    for _ in range(occurrence):
        start = text.find(surface, start + 1)
        if start < 0:
            return None
    return start, start + len(surface)


def reading_problems(item: dict) -> list[str]:
    """The keys of a claim outside the known ones, and a bad direction, year, year_note or basis."""
    surface = item.get("surface")
    out = [f"claim {surface!r}: unknown key {key!r}" for key in item if key not in CLAIM_KEYS]
    if "direction" in item and item["direction"] not in DIRECTIONS:
        out.append(f"claim {surface!r}: bad direction {item['direction']!r}")
    if "year" in item:
        year = item["year"]
        if not (year == "none" or (type(year) is int and 1800 <= year <= 2100)):
            out.append(f"claim {surface!r}: bad year {year!r}")
    for key in ("year_note", "basis"):
        if key in item and not (isinstance(item[key], str) and item[key].strip()):
            out.append(f"claim {surface!r}: empty or non-string {key} {item[key]!r}")
    return out


def spans(text: str, items: list[dict], label: str, problems: list[str]) -> list[tuple[int, int, str]]:
    out = []
    for item in items or []:
        surface = item.get("surface")
        occ = int(item.get("occurrence", 1))
        if not isinstance(surface, str) or not surface:
            problems.append(f"{label}: empty surface {item!r}")
            continue
        if label == "claim" and item.get("kind") not in KINDS:
            problems.append(f"claim {surface!r}: bad kind {item.get('kind')!r}")
        if label == "claim":
            problems.extend(reading_problems(item))
        span = locate(text, surface, occ)
        if span is None:
            problems.append(f"{label} {surface!r} occurrence {occ}: not found")
            continue
        out.append((span[0], span[1], label))
    return out


def reference_text(root: Path, ann: dict) -> str:
    """The text an annotation was made on: the file itself, or its saved extracted text."""
    doc = root / "docs" / ann["doc"]
    if ann.get("text"):
        return (root / "annotations" / ann["text"]).read_text(encoding="utf-8")
    if doc.suffix.lower() in EXTRACTED_SUFFIXES:
        return (root / "annotations" / f"{doc.stem}.extracted.txt").read_text(encoding="utf-8")
    return doc.read_text(encoding="utf-8")


def check(path: Path, uncovered: bool, root: Path = HERE) -> int:
    ann = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = reference_text(root, ann)
    problems: list[str] = []
    claims = spans(text, ann.get("claims"), "claim", problems)
    traps = spans(text, ann.get("traps"), "trap", problems)
    seen = set()
    for s in claims + traps:
        if (s[0], s[1]) in seen:
            problems.append(f"duplicate span {text[s[0] : s[1]]!r}")
        seen.add((s[0], s[1]))
    for i, c in enumerate(claims):
        for d in claims[i + 1 :]:
            if c[0] < d[1] and d[0] < c[1]:
                problems.append(f"claims overlap: {text[c[0] : c[1]]!r} and {text[d[0] : d[1]]!r}")
        for t in traps:
            if c[0] < t[1] and t[0] < c[1]:
                problems.append(f"claim {text[c[0] : c[1]]!r} overlaps trap {text[t[0] : t[1]]!r}")
    print(f"{path.stem}: {len(claims)} claims, {len(traps)} traps, {len(problems)} problems")
    for p in problems:
        print("   PROBLEM", p)
    if uncovered:
        covered = claims + traps
        for m in DIGITS.finditer(text):
            if not any(a <= m.start() < b for a, b, _ in covered):
                line = text.count("\n", 0, m.start()) + 1
                ctx = text[max(0, m.start() - 15) : m.end() + 15].replace("\n", "⏎")
                print(f"   uncovered line {line}: {m.group()!r} … {ctx}")
    return len(problems)


def main(argv: list[str]) -> int:
    uncovered = "--uncovered" in argv
    root = HERE
    if "--set" in argv:
        at = argv.index("--set")
        root = Path(argv[at + 1]).resolve()
        argv = argv[:at] + argv[at + 2 :]
    names = [a for a in argv if not a.startswith("--")]
    files = sorted((root / "annotations").glob("*.yaml"))
    if names:
        files = [f for f in files if any(f.stem.startswith(n) for n in names)]
    bad = sum(check(f, uncovered, root) for f in files)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
