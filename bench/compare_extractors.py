#!/usr/bin/env python3
"""Score evidencekit, quantulum3 and Recognizers-Text side by side on the peer suites.

    .venv/bin/python bench/compare_extractors.py [--benchmarks DIR] [--out DIR] [--no-peers]

One run scores, on the same cases and with the same shared scorer
(``<repo>/../shared/benchmarks/score_quantities.py``):

* evidencekit, in this process, through ``bench/adapter.py`` (run it with the repo's
  ``.venv`` python; the script re-executes itself with it when evidencekit is not
  importable);
* quantulum3 0.10.0 (English cases only: it has no Chinese) and Recognizers-Text 1.0.2a2
  (generic mode: its six models merged; English and Chinese), each in a subprocess of the
  peers venv (``bench/setup_peers.sh``, run first; quick when already installed) with the
  shared peer adapters in ``<benchmarks>/quantities/peers/``.

It prints a markdown table (P, R, F1 and F1(v+u) per suite / language and per
Recognizers-Text kind, one column group per extractor) and the throughput ratios, and
writes to ``bench/results/``: the scorer's ``--json`` summary per extractor
(``<name>.json``: paths made relative to the repo; timings and ``env`` vary between runs),
its per-case predictions (``<name>.cases.jsonl``, deterministic: per-case times dropped)
and the table (``summary.md``).

Scorer options, the same for every extractor:

``--kind-filter``
    Each Recognizers-Text file annotates ONE model: a CurrencyModel case lists the money
    amounts of its sentence but not its plain numbers or percentages, and a NumberModel
    case lists numbers but not "180.25ml" (a dimension). A general extractor, like ours
    and like quantulum3, answers everything in the sentence, and without the filter every
    correct answer of another kind would count as a false positive. The filter drops, on
    RT cases only, the predictions whose ``kind`` differs from the case's model; it does
    not touch the quantulum3 suites. The anchor results in
    ``<benchmarks>/quantities/results/`` show both ways.
``--accept-interval``
    evidencekit keeps a range as one metric with two bounds ("8- to 16-meter" ->
    low 8, high 16; STYLE: never collapse a range to a mean). quantulum3 annotates
    ranges as midpoint +- uncertainty (value 12), so without this option a faithful
    range could only miss. With it, a prediction whose low/high equal the interval's
    endpoints (ours), or one endpoint (the other is then absorbed: RT's separate
    numbers), or the midpoint itself (quantulum3's own answer) all match. It only
    concerns the 15 quantulum3 items that carry an ``interval``, so peers lose nothing.

Throughput ratio: evidencekit chars/s / peer chars/s per language, over the time spent
inside each adapter on the same cases (the scorer's ``chars_per_s``; short texts, so per
call overhead weighs in). ``bench/throughput.py`` measures bulk throughput.

Where the suites annotate differently from evidencekit: bench/CONVENTIONS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit_python import ensure_kit_python

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
SCORER_FLAGS = ["--kind-filter", "--accept-interval"]
SUITE_ROWS = [
    ("quantulum3", "en"),
    ("quantulum3-ambiguity", "en"),
    ("recognizers-text", "en"),
    ("recognizers-text", "zh"),
]
RT_KINDS = ["number", "percent", "currency", "dimension", "age", "temperature"]


@dataclass(frozen=True)
class Extractor:
    """One scored extractor: its label, adapter spec and the languages it covers."""

    name: str
    adapter: str
    langs: str
    peer: bool


def extractors(benchmarks: Path) -> list[Extractor]:
    """evidencekit and the two peers, in the order of the table's columns."""
    peers = benchmarks / "quantities" / "peers"
    return [
        Extractor("evidencekit", str(BENCH / "adapter.py") + ":extract", "en,zh", peer=False),
        Extractor("quantulum3", str(peers / "quantulum3_adapter.py") + ":extract", "en", peer=True),
        Extractor("recognizers-text", str(peers / "rt_adapter.py") + ":extract", "en,zh", peer=True),
    ]


def setup_peers() -> Path:
    """Run bench/setup_peers.sh (idempotent) and return the peers venv's python."""
    subprocess.run(["bash", str(BENCH / "setup_peers.sh")], check=True, stdout=sys.stderr)
    venv = Path(os.environ.get("PEERS_VENV", BENCH / ".peers-venv"))
    return venv / "bin" / "python"


def scorer_argv(ex: Extractor, out: Path) -> list[str]:
    return [
        "--adapter", ex.adapter, "--langs", ex.langs, "--name", ex.name, *SCORER_FLAGS,
        "--json", str(out / f"{ex.name}.json"), "--dump", str(out / f"{ex.name}.cases.jsonl"),
    ]  # fmt: skip


def score_in_process(scorer: Path, argv: list[str]) -> str:
    """Run the shared scorer's main() here (evidencekit's adapter imports the kit)."""
    spec = importlib.util.spec_from_file_location("score_quantities", scorer)
    if spec is None or spec.loader is None:
        message = f"cannot load the scorer {scorer}"
        raise SystemExit(message)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    buffer = io.StringIO()
    with contextlib.chdir(REPO), contextlib.redirect_stdout(buffer):
        module.main(argv)
    return buffer.getvalue()


def score_in_peers_venv(python: Path, scorer: Path, argv: list[str]) -> str:
    done = subprocess.run(
        [str(python), str(scorer), *argv], cwd=REPO, check=True, capture_output=True, text=True
    )
    return done.stdout


def relativize(value: Any, roots: list[Path]) -> Any:
    """Replace absolute paths under ``roots`` in a JSON value by paths relative to the repo."""
    if isinstance(value, dict):
        return {k: relativize(v, roots) for k, v in value.items()}
    if isinstance(value, list):
        return [relativize(v, roots) for v in value]
    if isinstance(value, str):
        for root in roots:
            value = value.replace(str(root), os.path.relpath(root, REPO))
    return value


def tidy_outputs(name: str, out: Path, benchmarks: Path) -> dict[str, Any]:
    """Make the written JSON commit-ready and return the summary."""
    roots = [benchmarks.resolve(), BENCH]
    summary_path = out / f"{name}.json"
    summary = relativize(json.loads(summary_path.read_text(encoding="utf-8")), roots)
    summary["slowest_cases"] = strip_case_times(out / f"{name}.cases.jsonl")
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return summary


def strip_case_times(cases_path: Path) -> dict[str, dict[str, Any]]:
    """Drop the per-case times from the dump (so it is deterministic); return the slowest per lang."""
    lines, slowest = [], {}
    for line in cases_path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        seconds = case.pop("time_s", 0.0)
        if seconds > slowest.get(case["lang"], {}).get("seconds", -1.0):
            slowest[case["lang"]] = {"id": case["id"], "seconds": seconds, "chars": len(case["text"])}
        lines.append(json.dumps(case, ensure_ascii=False, sort_keys=True))
    cases_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return slowest


def run_all(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Score every extractor (peers skipped with --no-peers: their saved JSON is reused)."""
    scorer = args.benchmarks / "score_quantities.py"
    args.out.mkdir(parents=True, exist_ok=True)
    peers_python = None if args.no_peers else setup_peers()
    results = {}
    for ex in extractors(args.benchmarks):
        argv = scorer_argv(ex, args.out)
        if not ex.peer:
            print(f"scoring {ex.name} ...", file=sys.stderr)
            score_in_process(scorer, argv)
        elif peers_python is not None:
            print(f"scoring {ex.name} (peers venv) ...", file=sys.stderr)
            score_in_peers_venv(peers_python, scorer, argv)
        elif not (args.out / f"{ex.name}.json").exists():
            print(f"no saved results for {ex.name}; run without --no-peers", file=sys.stderr)
            continue
        results[ex.name] = tidy_outputs(ex.name, args.out, args.benchmarks)
    return results


def rows_by_key(summary: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["suite"], r["lang"], r["kind"]): r for r in summary["rows"]}


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def score_cells(row: dict[str, Any] | None) -> list[str]:
    if row is None:
        return ["–"] * 4
    return [pct(row["precision"]), pct(row["recall"]), f"**{pct(row['f1'])}**", pct(row["strict_f1"])]


def table_keys() -> list[tuple[str, str, str]]:
    keys = []
    for suite, lang in SUITE_ROWS:
        keys.append((suite, lang, "ALL"))
        if suite == "recognizers-text":
            keys.extend((suite, lang, kind) for kind in RT_KINDS)
    return [*keys, ("ALL", "en", "ALL"), ("ALL", "zh", "ALL")]


def scores_table(results: dict[str, dict[str, Any]]) -> str:
    """Markdown: one row per suite/lang(/kind), P R F1 F1(v+u) per extractor."""
    names = list(results)
    by_name = {n: rows_by_key(results[n]) for n in names}
    head = "| suite | lang | kind | cases | exp |" + "".join(f" {n} P | R | F1 | F1(v+u) |" for n in names)
    lines = [head, "|---|---|---|--:|--:|" + "--:|" * 4 * len(names)]
    for key in table_keys():
        ref = next((by_name[n][key] for n in names if key in by_name[n]), None)
        if ref is None:
            continue
        cells = [*key, str(ref["cases"]), str(ref["expected"])]
        for n in names:
            cells += score_cells(by_name[n].get(key))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def throughput_table(results: dict[str, dict[str, Any]]) -> str:
    """Markdown: chars/s inside each adapter per language, and evidencekit's ratio to each peer."""
    peers = [n for n in results if n != "evidencekit"]
    head = "| lang | evidencekit chars/s | its slowest case |" + "".join(
        f" {p} chars/s | ratio vs {p} |" for p in peers
    )
    lines = [head, "|---|--:|---|" + "--:|--:|" * len(peers)]
    for lang in ("en", "zh"):
        ours = rows_by_key(results["evidencekit"]).get(("ALL", lang, "ALL"), {}).get("chars_per_s")
        slow = results["evidencekit"].get("slowest_cases", {}).get(lang)
        slow_cell = f"{slow['id']}: {slow['seconds']:.2f} s, {slow['chars']} chars" if slow else "–"
        cells = [lang, f"{ours:,.0f}" if ours else "–", slow_cell]
        for p in peers:
            theirs = rows_by_key(results[p]).get(("ALL", lang, "ALL"), {}).get("chars_per_s")
            cells.append(f"{theirs:,.0f}" if theirs else "–")
            cells.append(f"{ours / theirs:.1f}×" if ours and theirs else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(results: dict[str, dict[str, Any]]) -> str:
    flags = " ".join(SCORER_FLAGS)
    return "\n".join(
        [
            f"### Peer suites: value P / R / F1 and value+unit F1 (scorer flags: {flags})",
            "",
            scores_table(results),
            "",
            "### Throughput on the suite cases (time inside each adapter)",
            "",
            throughput_table(results),
            "",
        ]
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--benchmarks",
        type=Path,
        default=REPO.parent / "shared" / "benchmarks",
        help="folder with score_quantities.py and quantities/ (default: <repo>/../shared/benchmarks)",
    )
    ap.add_argument(
        "--out", type=Path, default=BENCH / "results", help="where the JSON goes (default: bench/results)"
    )
    ap.add_argument(
        "--no-peers",
        action="store_true",
        help="score evidencekit only; reuse the peers' saved JSON from --out",
    )
    return ap.parse_args(argv)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.benchmarks = args.benchmarks.resolve()
    if not (args.benchmarks / "score_quantities.py").exists():
        message = f"no score_quantities.py in {args.benchmarks}; pass --benchmarks DIR"
        raise SystemExit(message)
    ensure_kit_python()
    results = run_all(args)
    text = report(results)
    (args.out / "summary.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
