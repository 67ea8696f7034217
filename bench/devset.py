"""Score evidencekit on the devset of real documents (bench/devset/).

For each annotation file in bench/devset/annotations/ the document is read with
``evidencekit.read_document`` and its ``evidencekit.metrics_table`` (kind ``date`` rows
included) is matched against the annotated claims by character-span overlap. Annotated
surfaces are located in ``document.text`` (occurrence N = the Nth match).

    PYTHONPATH=lib python bench/devset.py                 # one row per document + totals
    PYTHONPATH=lib python bench/devset.py --misses 21     # missed claims, false rows, trap hits
    PYTHONPATH=lib python bench/devset.py --json out.json # per-document numbers as JSON
    PYTHONPATH=lib python bench/devset.py --set bench/heldout  # another set laid out alike

A document whose format the kit has no reader for (``ingest.readers.supported_suffixes``) is
listed as skipped, not scored. A surface that is not in ``document.text`` as written is also
looked for with LF written CR LF (a reader that keeps a file's CR LF), then reported.

Columns: claims (annotated), found (claims overlapped by a kit row), recall, rows (kit rows),
match (rows overlapping a claim), precision, traps (annotated), trap hits (rows overlapping a
trap), F1. Totals are micro-averaged (summed counts). Below the table: the claims annotated
with a ``direction`` or ``year`` (changes and multiples) and how many the kit reads the same.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

import evidencekit
from evidencekit.ingest.readers import supported_suffixes

HERE = Path(__file__).resolve().parent / "devset"


@dataclass
class Span:
    start: int
    end: int
    surface: str
    kind: str = ""
    note: str = ""
    reading: dict = field(default_factory=dict)  # annotated direction and year, where given

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass
class Result:
    name: str
    lang: str
    claims: list[Span]
    traps: list[Span]
    rows: list[dict]
    problems: list[str] = field(default_factory=list)
    chrome_rows: list[str] = field(default_factory=list)  # evidence quotes holding annotated chrome
    chrome_only: list[str] = field(default_factory=list)  # evidence quotes made of it

    @property
    def found(self) -> list[Span]:
        return [c for c in self.claims if any(c.overlaps(r["char_start"], r["char_end"]) for r in self.rows)]

    @property
    def missed(self) -> list[Span]:
        return [
            c for c in self.claims if not any(c.overlaps(r["char_start"], r["char_end"]) for r in self.rows)
        ]

    def _hits(self, spans: list[Span], row: dict) -> bool:
        return any(s.overlaps(row["char_start"], row["char_end"]) for s in spans)

    @property
    def matched_rows(self) -> list[dict]:
        return [r for r in self.rows if self._hits(self.claims, r)]

    @property
    def false_rows(self) -> list[dict]:
        return [r for r in self.rows if not self._hits(self.claims, r)]

    @property
    def trap_rows(self) -> list[dict]:
        return [r for r in self.rows if self._hits(self.traps, r)]


def locate(text: str, surface: str, occurrence: int) -> tuple[int, int] | None:
    start = -1
    for _ in range(occurrence):
        start = text.find(surface, start + 1)
        if start < 0:
            return None
    return start, start + len(surface)


def locate_any(text: str, surface: str, occurrence: int) -> tuple[int, int] | None:
    """The surface as written, or with its line breaks written CR LF."""
    where = locate(text, surface, occurrence)
    if where is None and "\n" in surface and "\r\n" in text:
        where = locate(text, surface.replace("\n", "\r\n"), occurrence)
    return where


def spans_of(text: str, items: list[dict] | None, problems: list[str]) -> list[Span]:
    out = []
    for item in items or []:
        surface = item["surface"]
        occurrence = int(item.get("occurrence", 1))
        where = locate_any(text, surface, occurrence)
        if where is None:
            problems.append(f"surface {surface!r} occurrence {occurrence} not found in document.text")
            continue
        reading = {key: item[key] for key in ("direction", "year") if key in item}
        out.append(
            Span(
                where[0],
                where[1],
                surface,
                item.get("kind", ""),
                item.get("note") or item.get("why", ""),
                reading,
            )
        )
    return out


def readable(root: Path, path: Path) -> str | None:
    """None when the kit can read the annotated document, else why it is skipped."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))["doc"]
    suffix = Path(doc).suffix.lower()
    if suffix not in supported_suffixes():
        return f"skipped {path.stem}: the kit has no reader for {suffix} files yet"
    return None


def score(path: Path, root: Path = HERE) -> Result:
    ann = yaml.safe_load(path.read_text(encoding="utf-8"))
    document = evidencekit.read_document(root / "docs" / ann["doc"])
    text = document.text
    problems: list[str] = []
    claims = spans_of(text, ann.get("claims"), problems)
    traps = spans_of(text, ann.get("traps"), problems)
    table = evidencekit.metrics_table(document)
    rows = [
        {
            "char_start": int(r.char_start),
            "char_end": int(r.char_end),
            "surface": str(r.surface),
            "kind": str(r.kind),
            "direction": None if pd.isna(r.direction) else str(r.direction),
            "year": None if pd.isna(r.year) else int(r.year),
        }
        for r in table.itertuples(index=False)
    ]
    evidence = evidencekit.evidence_table(document)
    chrome = [t for t in traps if CHROME_WHY.search(t.note)]
    holding, made_of = [], []
    for r in evidence.itertuples(index=False):
        start, end = int(r.char_start), int(r.char_end)
        inside = [t for t in chrome if start <= t.start and t.end <= end]
        if inside:
            holding.append(str(r.quote))
            rest = "".join(
                ch
                for i, ch in enumerate(text[start:end], start)
                if not any(t.start <= i < t.end for t in inside)
            )
            if sum(ch.isalpha() for ch in rest) < 12:  # hardly a word left once the chrome is gone
                made_of.append(str(r.quote))
    return Result(path.stem, ann.get("lang", ""), claims, traps, rows, problems, holding, made_of)


CHROME_WHY = re.compile(r"chrome|timestamp|counter|vote|dateline|byline|footer|navigation", re.IGNORECASE)
"""Trap notes that say the trap is page chrome: an evidence row holding one is made of chrome."""


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:4.2f}"


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None or p + r == 0:
        return None if p is None or r is None else 0.0
    return 2 * p * r / (p + r)


HEADER = (
    f"{'document':42} {'lang':4} {'claims':>6} {'found':>5} {'recall':>6} {'rows':>5} {'match':>5}"
    f" {'prec':>5} {'traps':>5} {'trap hits':>9} {'F1':>5}"
)


def line(name: str, lang: str, c: int, fo: int, rows: int, m: int, t: int, th: int) -> str:
    r, p = ratio(fo, c), ratio(m, rows)
    return (
        f"{name[:42]:42} {lang:4} {c:6d} {fo:5d} {fmt(r):>6} {rows:5d} {m:5d}"
        f" {fmt(p):>5} {t:5d} {th:9d} {fmt(f1(p, r)):>5}"
    )


def numbers(res: Result) -> dict:
    return {
        "doc": res.name,
        "lang": res.lang,
        "claims": len(res.claims),
        "found": len(res.found),
        "rows": len(res.rows),
        "matched_rows": len(res.matched_rows),
        "traps": len(res.traps),
        "trap_hits": len(res.trap_rows),
        "problems": res.problems,
    }


def table(results: list[Result]) -> str:
    out = [HEADER, "-" * len(HEADER)]
    for res in results:
        n = numbers(res)
        out.append(
            line(
                res.name,
                res.lang,
                n["claims"],
                n["found"],
                n["rows"],
                n["matched_rows"],
                n["traps"],
                n["trap_hits"],
            )
        )
    out.append("-" * len(HEADER))
    for lang in ("en", "zh", None):
        group = [numbers(r) for r in results if lang is None or r.lang == lang]
        if not group:
            continue
        s = {
            k: sum(g[k] for g in group)
            for k in ("claims", "found", "rows", "matched_rows", "traps", "trap_hits")
        }
        label = f"TOTAL {lang}" if lang else f"TOTAL ({len(group)} documents)"
        out.append(
            line(
                label,
                lang or "all",
                s["claims"],
                s["found"],
                s["rows"],
                s["matched_rows"],
                s["traps"],
                s["trap_hits"],
            )
        )
    problems = [(r.name, p) for r in results for p in r.problems]
    for name, p in problems:
        out.append(f"PROBLEM {name}: {p}")
    return "\n".join(out)


def readings(res: Result) -> list[tuple[Span, dict | None, bool, bool]]:
    """Each claim annotated with a direction or a year, the kit row read for it (the first one
    overlapping it that is not a date, else the first one) and whether direction and year agree."""
    out = []
    for claim in res.claims:
        if not claim.reading:
            continue
        rows = [r for r in res.rows if claim.overlaps(r["char_start"], r["char_end"])]
        row = next((r for r in rows if r["kind"] != "date"), rows[0] if rows else None)
        want_direction = claim.reading.get("direction", "none")
        got_direction = (row or {}).get("direction") or "none"
        want_year = claim.reading.get("year", "none")
        got_year = (row or {}).get("year") or "none"
        direction_ok = row is not None and (want_direction == got_direction or "direction" not in claim.reading)
        year_ok = row is not None and (str(want_year) == str(got_year) or "year" not in claim.reading)
        out.append((claim, row, direction_ok, year_ok))
    return out


def reading_summary(results: list[Result]) -> str:
    checked = [x for r in results for x in readings(r)]
    if not checked:
        return "changes and multiples with an annotated direction or year: none"
    found = sum(row is not None for _, row, _, _ in checked)
    both = sum(d and y for _, _, d, y in checked)
    direction = sum(d for _, _, d, _ in checked)
    year = sum(y for _, _, _, y in checked)
    return (
        f"changes and multiples with an annotated direction or year: {len(checked)}; found {found}, "
        f"direction right {direction}, year right {year}, both right {both}"
    )


def misses(res: Result) -> str:
    out = [
        f"== {res.name} ({res.lang})",
        line(
            res.name,
            res.lang,
            len(res.claims),
            len(res.found),
            len(res.rows),
            len(res.matched_rows),
            len(res.traps),
            len(res.trap_rows),
        ),
    ]
    out.append(f"-- missed claims ({len(res.missed)})")
    for c in res.missed:
        out.append(f"   [{c.start}:{c.end}] {c.surface!r} ({c.kind}) {c.note}")
    out.append(f"-- kit rows matching no claim ({len(res.false_rows)}); * = overlaps a trap")
    for r in res.false_rows:
        mark = "*" if any(t.overlaps(r["char_start"], r["char_end"]) for t in res.traps) else " "
        out.append(f" {mark} [{r['char_start']}:{r['char_end']}] {r['surface']!r} ({r['kind']})")
    out.append(f"-- trap hits ({len(res.trap_rows)})")
    for r in res.trap_rows:
        hit = [t for t in res.traps if t.overlaps(r["char_start"], r["char_end"])]
        why = "; ".join(f"{t.surface!r}: {t.note}" for t in hit)
        out.append(f"   [{r['char_start']}:{r['char_end']}] {r['surface']!r} ({r['kind']}) <- {why}")
    wrong = [x for x in readings(res) if not (x[2] and x[3])]
    out.append(f"-- changes and multiples read wrong ({len(wrong)}): annotated -> kit")
    for claim, row, _, _ in wrong:
        got = "not found" if row is None else f"{row['surface']!r} {row.get('direction')} {row.get('year')}"
        want = f"{claim.reading.get('direction', '-')} {claim.reading.get('year', '-')}"
        out.append(f"   {claim.surface!r}: {want} -> {got}")
    for p in res.problems:
        out.append(f"PROBLEM {p}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", metavar="DOC", help="number or file-stem prefix of one document")
    ap.add_argument("--json", metavar="PATH", help="write per-document numbers as JSON")
    ap.add_argument("--set", metavar="FOLDER", help="a set laid out like bench/devset (docs/, annotations/)")
    args = ap.parse_args(argv)
    root = Path(args.set).resolve() if args.set else HERE
    files = sorted((root / "annotations").glob("*.yaml"))
    skipped = [why for f in files if (why := readable(root, f))]
    files = [f for f in files if readable(root, f) is None]
    if args.misses:
        key = args.misses.zfill(2) if args.misses.isdigit() else args.misses
        files = [f for f in files if f.stem.startswith(key)]
        if not files:
            print(f"no annotation file starts with {key!r}", file=sys.stderr)
            return 2
        for f in files:
            print(misses(score(f, root)))
        return 0
    results = [score(f, root) for f in files]
    print(table(results))
    print(reading_summary(results))
    holding = sum(len(r.chrome_rows) for r in results)
    made_of = [(r.name, quote) for r in results for quote in r.chrome_only]
    print(
        f"evidence rows made of annotated page chrome: {len(made_of)} "
        f"(rows holding some, as a prefix: {holding})"
    )
    for name, quote in made_of:
        print(f"  {name}: {quote[:100]!r}")
    for why in skipped:
        print(why)
    if args.json:
        Path(args.json).write_text(
            json.dumps([numbers(r) for r in results], ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return 1 if any(r.problems for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
