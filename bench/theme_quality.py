"""Theme tagging measured on hand-labelled sentences (issue #4).

Prints precision and recall per theme, per language and overall, on
``tests/cases/themes/labelled.yaml`` (labelled by meaning, written independently of the
lexicons), split into the half whose ids are even (the *dev* half: lexicon terms were
added after reading its misses) and the odd half (*held out*: never looked at while
editing the lexicon). Pass ``--misses`` to list the sentences the tagger gets wrong.

    .venv/bin/python bench/theme_quality.py [--misses] [--labelled FILE]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit_python import REPO, ensure_kit_python


def table(title: str, rows: list[dict[str, object]]) -> str:
    lines = [
        f"### {title}",
        "",
        "| theme | labelled | tagged | precision | recall | F1 |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['theme']} | {row['labelled']} | {row['tagged']} | {row['precision']:.2f} "
            f"| {row['recall']:.2f} | {row['f1']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=REPO / "tests/cases/themes/labelled.yaml")
    parser.add_argument("--misses", action="store_true", help="list the sentences tagged wrongly")
    args = parser.parse_args()
    ensure_kit_python()
    import yaml

    from evidencekit.extract.themes import tag_themes, theme_scores, themes_of

    sentences = yaml.safe_load(args.labelled.read_text(encoding="utf-8"))["sentences"]
    even = [s for s in sentences if int(str(s["id"]).rsplit("-", 1)[1]) % 2 == 0]
    odd = [s for s in sentences if int(str(s["id"]).rsplit("-", 1)[1]) % 2 == 1]
    print(table(f"All {len(sentences)} sentences", theme_scores(sentences)))
    for lang in ("en", "zh"):
        part = [s for s in sentences if s["lang"] == lang]
        print(table(f"{lang}: {len(part)} sentences", theme_scores(part)))
    print(table(f"Held out (odd ids, {len(odd)} sentences)", theme_scores(odd)))
    print(table(f"Dev (even ids, {len(even)} sentences)", theme_scores(even)))
    if args.misses:
        for sentence in sentences:
            found = sorted(themes_of(tag_themes(sentence["text"])))
            labelled = sorted(sentence["themes"] or [])
            if found != labelled:
                print(f"{sentence['id']}: labelled {labelled}, tagged {found}: {sentence['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
