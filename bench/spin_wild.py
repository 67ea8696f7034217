"""Spun Chinese found on the web: detection and repair, measured (issue #14).

Scores every document of ``bench/spin_wild/`` (spun pages ``docs/01``-``49``, ordinary texts
that use spun-looking words legitimately ``docs/51``-) against its blind annotation
(``annotations/*.yaml``: ``spun``, ``swaps`` with ``spun``/``original``/``occurrence``,
``spun_paragraphs``/``clean_paragraphs`` of mixed pages) and prints one row per document:
detected or not, share of spun text, annotated swaps, swaps undone right (the repairs inside
the annotated span write its original: 不必然 -> 不一定 is undone by 必然 -> 一定 too), repairs
made, precision and recall; then the totals. Repairs at spans annotated ``unsure`` (spun, the
original not certain) are counted as wrong in the precision and shown apart.

    .venv/bin/python bench/spin_wild.py [--set bench/spin_wild] [--misses NN]
"""

from __future__ import annotations

import argparse
import bisect
from dataclasses import dataclass
from pathlib import Path

from kit_python import REPO, ensure_kit_python


@dataclass
class Row:
    name: str
    spun: bool
    detected: bool
    share: float
    swaps: int
    right: int
    repairs: int
    sections_right: str = ""
    unsure: int = 0  # wrong repairs at spans annotated unsure (a second precision leaves them out)
    right_repairs: int = 0  # repairs that make an annotated swap's original (a swap may take two)


def _body_offset(text: str) -> int:
    """Where the body starts: after the YAML front matter, if any."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return end + 5
    return 0


def _place(text: str, body: int, form: str, occurrence: int) -> int | None:
    at = body - 1
    for _ in range(occurrence):
        at = text.find(form, at + 1)
        if at < 0:
            return None
    return at


def _unsure_offsets(text: str, body: int, note: dict) -> set[int]:
    """Every offset of a span the annotator marked ``unsure`` (spun, original not certain)."""
    offsets: set[int] = set()
    for swap in note.get("unsure") or []:
        at = _place(text, body, str(swap["spun"]), int(swap.get("occurrence", 1)))
        if at is not None:
            offsets.update(range(at, at + len(str(swap["spun"]))))
    return offsets


def _judge(truth: dict[int, tuple[str, str]], changes: list) -> tuple[set[int], int, list]:
    """Repairs matched to the annotated swaps by what they write: an annotated swap is undone
    when the repairs inside its span turn it into its original (不必然 -> 不一定 undone as
    必然 -> 一定 is undone). Returns the starts of the swaps undone, the number of repairs that
    undid them, and the other repairs."""
    starts = sorted(truth)
    inside: dict[int, list] = {}
    others = []
    for c in changes:
        i = bisect.bisect_right(starts, c.start) - 1
        if i >= 0 and c.end <= starts[i] + len(truth[starts[i]][0]):
            inside.setdefault(starts[i], []).append(c)
        else:
            others.append(c)
    undone: set[int] = set()
    right = 0
    for at, found in inside.items():
        spun, original = truth[at]
        written, cursor = [], at
        for c in found:
            written += [spun[cursor - at : c.start - at], c.original]
            cursor = c.end
        written.append(spun[cursor - at :])
        if "".join(written) == original:
            undone.add(at)
            right += len(found)
        else:
            others += found
    return undone, right, sorted(others, key=lambda c: c.start)


def score(doc: Path, note: dict, report: object, misses: bool) -> Row:
    text = doc.read_text(encoding="utf-8")
    body = _body_offset(text)
    truth = {}
    for swap in note.get("swaps") or []:
        at = _place(text, body, str(swap["spun"]), int(swap.get("occurrence", 1)))
        if at is None:
            print(f"  PROBLEM {doc.name}: {swap['spun']!r} occurrence {swap.get('occurrence', 1)} not found")
            continue
        truth[at] = (str(swap["spun"]), str(swap["original"]))
    unsure = _unsure_offsets(text, body, note)
    changes = [c for c in report.changes if c.start >= body]  # the front matter is not annotated
    undone, right_repairs, others = _judge(truth, changes)
    doubtful = [c for c in others if c.start in unsure]
    if misses:
        for c in others:
            kind = "unsure" if c in doubtful else "wrong"
            print(f"  {kind} repair {c.spun}->{c.original}: {text[max(0, c.start - 8) : c.end + 8]!r}")
        for at, (spun, original) in sorted(truth.items()):
            if at not in undone:
                print(f"  missed {spun}->{original}: {text[max(0, at - 8) : at + len(spun) + 8]!r}")
    sections = ""
    if (
        note.get("clean_paragraphs")
        or note.get("spun_paragraphs")
        and note.get("clean_paragraphs") is not None
    ):
        good = total = 0
        for key, want in (("spun_paragraphs", True), ("clean_paragraphs", False)):
            for prefix in note.get(key) or []:
                at = text.find(str(prefix), body)
                section = (
                    next((s for s in report.sections if s.start <= at < s.end), None) if at >= 0 else None
                )
                total += 1
                good += (section is not None and section.spun) is want  # no Han characters: not spun
        sections = f"{good}/{total}"
    return Row(
        doc.stem,
        bool(note.get("spun")),
        report.spun,
        report.spun_share,
        len(truth),
        len(undone),
        len(changes),
        sections,
        len(doubtful),
        right_repairs,
    )


def learned_table(notes: list[dict], without_wild: bool = False) -> object:
    """The built-in pairs plus the annotated swaps of ``notes`` (read as Simplified), each
    weighted as ``evidencekit spin-pairs`` weights a mined pair; ``without_wild`` leaves out the
    built-in pairs drawn from this set ("wild:" notes), for a leave-one-out measure."""
    from collections import Counter

    from evidencekit.lang.convert import convert
    from evidencekit.text.spin_model import SpinPair, build_table, spin_table
    from evidencekit.text.spin_pairs import mined_weight

    table = spin_table()
    if without_wild:
        table = build_table([p for p in table.pairs if not p.note.startswith("wild:")], base=table)
    counts: Counter[tuple[str, str]] = Counter()
    for note in notes:
        for swap in note.get("swaps") or []:
            spun = convert(str(swap["spun"]), table.analysis_conversion)
            original = convert(str(swap["original"]), table.analysis_conversion)
            if spun not in table.by_spun and spun != original:
                counts[(spun, original)] += 1
    learned = {}
    for (spun, original), n in counts.most_common():
        if counts[(original, spun)] * 3 > n or spun in learned:
            continue  # both ways (上面/下面, 对象/工具): no pair says which was written
        learned[spun] = SpinPair(spun, original, mined_weight(spun), note="learned")
    return build_table([*table.pairs, *learned.values()], base=table)


def _corpus(folder: Path) -> list:
    """The spun pages and, where found, the originals they were copied from (``originals/``)."""
    from evidencekit import read_document

    docs = sorted(p for p in (folder / "docs").glob("*.txt") if int(p.name[:2]) < 50)
    return [read_document(d) for d in [*docs, *sorted((folder / "originals").glob("*.txt"))]]


def aligned_table(folder: Path, read: bool = False) -> object:
    """The built-in pairs plus every pair ``evidencekit spin-pairs`` reads off a spun page beside
    its original (``originals/``), all accepted unread: an analyst who put the originals in the
    corpus and kept every aligned candidate; with ``read``, only the candidates the annotation
    holds (an analyst who read them and kept the real ones)."""
    from evidencekit.text.spin_model import SpinPair, build_table, spin_table
    from evidencekit.text.spin_pairs import mine_pairs, mined_weight

    found = mine_pairs(_corpus(folder), top=100_000)
    aligned = found[(found["evidence"] == "aligned") & ~found["known"]]
    real = _annotated_pairs(folder) if read else None
    pairs = [
        SpinPair(r.spun, r.original, mined_weight(r.spun), note="aligned")
        for r in aligned.itertuples()
        if real is None or r.original in real.get(r.spun, ())
    ]
    print(f"aligned pairs accepted: {len(pairs)}")
    return build_table([*spin_table().pairs, *pairs], base=spin_table())


def _annotated_pairs(folder: Path) -> dict[str, set[str]]:
    """Spun form -> its annotated originals (read as Simplified), over the spun pages."""
    import yaml

    from evidencekit.lang.convert import convert

    truth: dict[str, set[str]] = {}
    for path in sorted((folder / "annotations").glob("*.yaml")):
        note = yaml.safe_load(path.read_text(encoding="utf-8"))
        for swap in note.get("swaps") or []:
            spun, original = convert(str(swap["spun"]), "t2s"), convert(str(swap["original"]), "t2s")
            truth.setdefault(spun, set()).add(original)
    return truth


def mined(folder: Path, top: int) -> int:
    """How many of the top mined candidates on the spun pages are annotated swaps: the spun
    form and its original (right), or the spun form only (form right)."""
    from evidencekit.text.spin_pairs import mine_pairs

    truth = _annotated_pairs(folder)
    found = mine_pairs(_corpus(folder), top=top)
    right = form = 0
    print("| spun | proposed original | count | documents | gain | annotated as |\n|---|---|--:|--:|--:|---|")
    for row in found.itertuples():
        annotated = truth.get(row.spun, set())
        right += row.original in annotated
        form += bool(annotated)
        print(
            f"| {row.spun} | {row.original} | {row.count} | {row.documents} | {row.gain} "
            f"| {', '.join(sorted(annotated)) or '–'} |"
        )
    print(
        f"\ntop {len(found)} candidates: {right} real pairs, "
        f"{form} real spun forms ({form - right} with another original)"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=REPO / "bench/spin_wild")
    parser.add_argument("--misses", help="number or file-stem prefix of one document: list its misses")
    parser.add_argument(
        "--learn",
        choices=("none", "others", "all", "aligned", "aligned-read"),
        default="none",
        help="add to the built-in pairs the annotated swaps of the other spun documents (others: "
        "leave-one-out, an analyst's table grown on earlier pages; the built-in pairs drawn from this "
        "set are left out) or of all of them (all: in-sample, an analyst who accepted every real pair); "
        "aligned: the pairs read off the spun pages beside their originals (originals/), all accepted; "
        "aligned-read: only those that are real (by the annotation)",
    )
    parser.add_argument(
        "--mine", type=int, metavar="N", help="score the top N pairs `evidencekit spin-pairs` proposes"
    )
    parser.add_argument(
        "--pairs", type=Path, help="a pair table (the format of spin_pairs.yaml) added to the built-in pairs"
    )
    args = parser.parse_args()
    ensure_kit_python()
    if args.mine:
        return mined(args.set, args.mine)
    import yaml

    from evidencekit import spin_report

    docs = sorted((args.set / "docs").glob("*.txt"))
    notes = {
        d.stem: yaml.safe_load((args.set / "annotations" / f"{d.stem}.yaml").read_text(encoding="utf-8"))
        for d in docs
    }
    rows = []
    aligned = None
    if args.learn.startswith("aligned"):
        aligned = aligned_table(args.set, read=args.learn == "aligned-read")
    if args.pairs:
        from evidencekit.text.spin_model import build_table, spin_table
        from evidencekit.text.spin_pairs import read_user_pairs

        aligned = build_table([*spin_table().pairs, *read_user_pairs(args.pairs)], base=spin_table())
    for doc in docs:
        note = notes[doc.stem]
        show = bool(args.misses) and doc.stem.startswith(
            args.misses.zfill(2) if args.misses.isdigit() else args.misses
        )
        if args.misses and not show:
            continue
        if show:
            print(f"== {doc.stem}")
        table = aligned if args.learn.startswith("aligned") or args.pairs else None
        if args.learn in ("others", "all"):
            sources = [n for stem, n in notes.items() if args.learn == "all" or stem != doc.stem]
            table = learned_table(sources, without_wild=args.learn == "others")
        rows.append(score(doc, note, spin_report(doc.read_text(encoding="utf-8"), table), show))
    print(
        "| document | spun (annotated) | detected | spun share | paragraphs right | swaps "
        "| undone right | repairs | precision | recall |"
    )
    print("|---|---|---|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        precision = f"{r.right_repairs / r.repairs:.2f}" if r.repairs else "–"
        recall = f"{r.right / r.swaps:.2f}" if r.swaps else "–"
        print(
            f"| {r.name} | {'yes' if r.spun else 'no'} | {'yes' if r.detected else 'no'} | {r.share:.2f} "
            f"| {r.sections_right or '–'} | {r.swaps} | {r.right} | {r.repairs} | {precision} | {recall} |"
        )
    spun = [r for r in rows if r.spun]
    ordinary = [r for r in rows if not r.spun]
    swaps, right, repairs, doubtful, right_repairs = (
        sum(getattr(r, k) for r in spun) for k in ("swaps", "right", "repairs", "unsure", "right_repairs")
    )
    false_repairs = sum(r.repairs for r in ordinary)
    print(
        f"\nspun documents detected: {sum(r.detected for r in spun)} of {len(spun)}; "
        f"ordinary texts flagged: {sum(r.detected for r in ordinary)} of {len(ordinary)} "
        f"({false_repairs} repairs)"
    )
    if swaps:
        precision = right_repairs / repairs if repairs else 0.0
        judged = repairs - doubtful
        print(
            f"swaps undone right: {right} of {swaps} (recall {right / swaps:.2f}); "
            f"precision {precision:.2f} ({repairs} repairs); "
            f"{right_repairs / judged if judged else 0.0:.2f} leaving out the {doubtful} at spans annotated unsure"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
