"""Spun-Chinese detection and repair, measured (issue #4).

Prints the spin score of every bundled seed, then spins ordinary Chinese text with the
kit's own pair table (``evidencekit.text.spin.simulate_spinning``) at several rates and
measures whether ``spin_report`` detects it, the precision of its repairs (share of
repairs that undo a real swap) and their recall (share of swaps undone).

    .venv/bin/python bench/spin_quality.py [--corpus seeds]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kit_python import REPO, ensure_kit_python

RATES = (1.0, 0.8, 0.6, 0.4, 0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    args = parser.parse_args()
    ensure_kit_python()
    import yaml

    from evidencekit import load_corpus, spin_report
    from evidencekit.text.spin import simulate_spinning

    corpus = load_corpus(args.corpus)
    print("### Spin score of each document\n")
    print("| document | lang | score | spun | swaps undone |\n|---|---|--:|---|--:|")
    ordinary = []
    for document in corpus:
        started = time.perf_counter()
        report = spin_report(document.text)
        seconds = time.perf_counter() - started
        print(
            f"| {document.id} | {document.lang} | {report.score:.3f} | {'yes' if report.spun else 'no'} "
            f"| {len(report.changes)} ({seconds * 1000:.0f} ms) |"
        )
        if document.lang == "zh" and not report.spun:
            ordinary.append((document.id, document.text))
    cases = yaml.safe_load((REPO / "tests/cases/spin/cases.yaml").read_text(encoding="utf-8"))["cases"]
    ordinary += [(c["id"], c["text"]) for c in cases if not c["spun"] and "的" in c["text"]]
    print(f"\n### Ordinary Chinese spun with the pair table ({len(ordinary)} texts)\n")
    print("| spin rate | swaps made | detected | repairs | precision | recall |\n|--:|--:|--:|--:|--:|--:|")
    for rate in RATES:
        made = undone = right = detected = 0
        for _, text in ordinary:
            spun, swaps = simulate_spinning(text, rate=rate, seed=1)
            report = spin_report(spun)
            truth = {(s.start, s.spun, s.original) for s in swaps}
            found = {(c.start, c.spun, c.original) for c in report.changes}
            made, undone, right = made + len(truth), undone + len(found), right + len(truth & found)
            detected += report.spun
        precision = f"{right / undone:.3f}" if undone else "–"
        recall = right / max(1, made)
        print(f"| {rate:.1f} | {made} | {detected}/{len(ordinary)} | {undone} | {precision} | {recall:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
