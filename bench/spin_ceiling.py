"""How far repair can go on spun pages of an unknown spinner: the ceiling of recall (issue #14).

For every spun page of ``bench/spin_wild/`` it counts the annotated swaps the kit undoes now
and, of those it misses, the ones some independent source could have undone at all:

- ``other pages``: the pair (spun form, original) is annotated on another page of the set, so a
  table grown on earlier pages could hold it (the most an analyst's table can give);
- ``thesaurus``: the original is among the spun form's near-synonyms in the thesauri given
  (files not shipped with the kit: 同义词词林 lines ``Aa01A01= 人 士 人物``, plain lines of
  synonyms ``物理 物质世界``, or CC-CEDICT lines, where words that share an English gloss
  held by fewer than 40 words count as synonyms), the most a table-free repair that picks
  the original among a word's synonyms could give, if it always picked right.

    .venv/bin/python bench/spin_ceiling.py [--thesaurus FILE ...]

The ceiling is (undone + missed but reachable) / annotated swaps; reaching it would take a
perfect choice among the candidates (a word has 17 synonyms on average in 同义词词林).
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

from kit_python import REPO, ensure_kit_python

GLOSS_LIMIT = 40  # a CC-CEDICT gloss shared by more words than this is no synonym set ("to do")


def thesaurus(paths: list[Path]) -> dict[str, set[str]]:
    """Word -> its synonyms (Simplified) over every file in ``paths``."""
    synonyms: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        for group in _groups(path):
            for word in group:
                synonyms[word] |= group
    return synonyms


def _groups(path: Path) -> list[set[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    cedict = re.compile(r"(\S+) (\S+) \[[^\]]*\] /(.*)/")
    if any(cedict.match(line) for line in lines[:200] if not line.startswith("#")):
        by_gloss: dict[str, set[str]] = defaultdict(set)
        for line in lines:
            m = cedict.match(line)
            for gloss in m[3].split("/") if m and not line.startswith("#") else []:
                gloss = re.sub(r"\(.*?\)", "", gloss).strip().lower()
                if gloss and not gloss.startswith(("cl:", "see ", "variant", "old variant", "surname")):
                    by_gloss[gloss].add(m[2])
        return [g for g in by_gloss.values() if 1 < len(g) < GLOSS_LIMIT]
    groups = []
    for line in lines:
        words = line.split()
        if words and words[0].endswith(("=", "#", "@")):
            words = words[1:]  # a 同义词词林 code
        if len(words) > 1:
            groups.append(set(words))
    return groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=REPO / "bench/spin_wild")
    parser.add_argument("--thesaurus", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    ensure_kit_python()
    import yaml
    from spin_wild import _body_offset, _judge, _place

    from evidencekit import spin_report
    from evidencekit.lang.convert import convert

    synonyms = thesaurus(args.thesaurus)
    notes = {
        d.stem: yaml.safe_load((args.set / "annotations" / f"{d.stem}.yaml").read_text(encoding="utf-8"))
        for d in sorted((args.set / "docs").glob("*.txt"))
    }
    spun = {stem: n for stem, n in notes.items() if n.get("spun")}

    def simplified(swap: dict) -> tuple[str, str]:
        return convert(str(swap["spun"]), "t2s"), convert(str(swap["original"]), "t2s")

    pairs_of = {stem: {simplified(s) for s in n.get("swaps") or []} for stem, n in spun.items()}
    print("| page | swaps | undone | missed | on other pages | in the thesauri | either |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    totals = [0] * 6
    for stem, note in spun.items():
        text = (args.set / "docs" / f"{stem}.txt").read_text(encoding="utf-8")
        body = _body_offset(text)
        truth = {}
        for swap in note.get("swaps") or []:
            at = _place(text, body, str(swap["spun"]), int(swap.get("occurrence", 1)))
            if at is not None:
                truth[at] = (str(swap["spun"]), str(swap["original"]))
        report = spin_report(text)
        undone, _, _ = _judge(truth, [c for c in report.changes if c.start >= body])  # in the page's script
        elsewhere = set().union(*(p for s, p in pairs_of.items() if s != stem))
        missed = [simplified({"spun": s, "original": o}) for at, (s, o) in truth.items() if at not in undone]
        other = [p in elsewhere for p in missed]
        listed = [p[1] in synonyms.get(p[0], ()) for p in missed]
        row = [len(truth), len(undone), len(missed), sum(other), sum(listed)]
        row.append(sum(a or b for a, b in zip(other, listed, strict=True)))
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        print(f"| {stem} | " + " | ".join(map(str, row)) + " |")
    swaps, undone_all = totals[0], totals[1]
    print("| all | " + " | ".join(map(str, totals)) + " |")
    for label, reach in (("other pages", totals[3]), ("thesauri", totals[4]), ("either", totals[5])):
        if label != "other pages" and not args.thesaurus:
            print("(no --thesaurus given: the thesaurus columns count nothing)")
            break
        print(f"ceiling with {label}: {(undone_all + reach) / swaps:.2f} (now {undone_all / swaps:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
