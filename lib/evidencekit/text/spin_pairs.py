"""A corpus's own spin pairs, and mining new ones from a corpus.

Spinners use many tables; the built-in one (``data/<lang>/spin.yaml``) was drawn from the
pages seen so far. An analyst keeps the pairs of their own corpus in ``spin_pairs.yaml``
beside it (the corpus folder or a folder above a document), in the built-in file's format
(``pairs: [{spun, original, weight, flips, note}]``); repair uses the built-in pairs plus
those. :func:`mine_pairs` proposes candidates from a corpus for the analyst to accept:
words of its Chinese documents that ordinary Chinese hardly writes (rare in jieba's
dictionary), each with the common word that reads best in their places (by the reference's
word pairs), chosen among the word with a known swap undone inside it and common words that
share a character with it, with counts and contexts as evidence.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from evidencekit.errors import DataFileError
from evidencekit.ingest.corpus import USER_PAIRS
from evidencekit.lang.convert import convert_keeping_offsets
from evidencekit.lang.segmenter import log_total, tokenizer, word_count
from evidencekit.text.collocations import log_likelihood, reference
from evidencekit.text.spin import spin_report
from evidencekit.text.spin_model import SpinPair, SpinTable, _log_probability, _pair, build_table, spin_table

LEVELS = 4  # folders above a document searched for a pair table


def user_pairs_file(document_path: Path | str) -> Path | None:
    """The ``spin_pairs.yaml`` nearest above a document (its folder first), if any."""
    folder = Path(document_path).resolve().parent
    for _ in range(LEVELS):
        candidate = folder / USER_PAIRS
        if candidate.is_file():
            return candidate
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def table_for(document_path: Path | str | None) -> SpinTable:
    """The built-in pairs, plus those of the corpus a document belongs to."""
    found = user_pairs_file(document_path) if document_path else None
    if found is None:
        return spin_table()
    stat = found.stat()
    return _with_user_pairs(str(found), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _with_user_pairs(path: str, _mtime: int, _size: int) -> SpinTable:
    return build_table([*spin_table().pairs, *read_user_pairs(Path(path))], base=spin_table())


def read_user_pairs(path: Path) -> list[SpinPair]:
    """The pairs of a user pair table; a clear error naming the file and line otherwise."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DataFileError(path, f"cannot be read as YAML ({error}); fix it or remove the file") from error
    if not isinstance(data, dict) or not isinstance(data.get("pairs", []), list):
        raise DataFileError(path, 'expected "pairs:" followed by a list of {spun, original, note}')
    return [_pair(path, entry) for entry in data.get("pairs") or []]


# --- mining -------------------------------------------------------------------------------

RARE = 30  # jieba count under which a word is one ordinary Chinese hardly writes
COMMON = 300  # jieba count from which a word may be proposed as an original
RATIO = 5  # a swapped character's word must be this many times commoner than the word found
VERY_COMMON = 5000  # jieba count from which a spun form is a very common word (能够, 应用)
CONTEXTS = 3  # example contexts kept per candidate


@dataclass
class _Seen:
    left: str
    right: str
    document: str
    context: str


def mine_pairs(documents: list[Any], top: int = 30, min_count: int = 2) -> Any:
    """Candidate spin pairs of ``documents`` (records with ``id``, ``text`` and ``path``).

    First the swaps read off a spun copy beside its original (two documents of the corpus that
    share much of their text, aligned by :func:`evidencekit.text.spin_align.aligned_swaps`;
    ``evidence`` "aligned"), most often seen first; then guesses from the spun texts alone
    (``evidence`` "rare word"), those seen in most documents first. For the guesses each text
    is read in its spun paragraphs as the known pairs
    (built-in and the corpus's ``spin_pairs.yaml``) repaired them, so known swaps are gone and
    the words around a candidate are the original ones where the table knows them; a text the
    check does not find spun is left out. A DataFrame with ``spun``, ``original``, ``count``
    (occurrences), ``documents``, ``gain`` (mean log-likelihood gain of the repair in its
    places), ``rare`` (jieba's count of the spun form), ``contexts`` (a few places) and
    ``known`` (already a known pair)."""
    import pandas as pd

    columns = ["spun", "original", "count", "documents", "gain", "rare", "contexts", "known", "evidence"]
    aligned = _aligned_rows(documents)

    table = spin_table()
    seen: dict[str, list[_Seen]] = defaultdict(list)
    known: set[str] = set(table.by_spun)
    for document in documents:
        own = table_for(getattr(document, "path", None))  # with the corpus's accepted pairs
        known |= set(own.by_spun)
        report = spin_report(document.text, own)
        if not report.spun:
            continue  # only text the check finds spun: a topic's rare words are no swaps
        text = convert_keeping_offsets(report.repaired, table.analysis_conversion)
        spans = [(report.to_repaired(s.start), report.to_repaired(s.end)) for s in report.sections if s.spun]
        for word, left, right, at in _suspects(text):
            if not any(start <= at < end for start, end in spans):
                continue
            context = text[max(0, at - 6) : at + len(word) + 6].replace("\n", " ")
            seen[word].append(_Seen(left, right, str(document.id), context))
    ref = reference()
    rows = []
    for word, places in seen.items():
        if len(places) < min_count or ref is None:
            continue
        best = _best_original(word, places)
        if best is None:
            continue
        original, gain = best
        rows.append(
            {
                "spun": word,
                "original": original,
                "count": len(places),
                "documents": len({p.document for p in places}),
                "gain": round(gain, 2),
                "rare": word_count(word),
                "contexts": " | ".join(dict.fromkeys(p.context for p in places[:CONTEXTS])),
                "known": word in known,
                "evidence": "rare word",
            }
        )
    for row in aligned:
        row["known"] = row["spun"] in known
    aligned.sort(key=lambda r: r["known"])  # new pairs first (stable: most often seen first)
    read_off = {a["spun"] for a in aligned}
    guessed = pd.DataFrame([r for r in rows if r["spun"] not in read_off], columns=columns)
    if not guessed.empty:
        # a spinner's swap recurs across its pages, a topic word in one
        guessed["score"] = guessed["gain"] * guessed["count"].map(lambda n: 1 + math.log(n))
        order = ["documents", "score", "spun"]
        guessed = guessed.sort_values(order, ascending=[False, False, True], kind="stable")
        guessed = guessed.drop(columns="score")
    frame = (
        pd.concat([pd.DataFrame(aligned, columns=columns), guessed], ignore_index=True)
        if aligned
        else guessed
    )
    return frame.head(top).reset_index(drop=True)


def _aligned_rows(documents: list[Any]) -> list[dict[str, Any]]:
    """The swaps of every spun copy the corpus holds beside its original, counted per pair:
    most often seen first, then in most copies, then the larger gain."""
    from evidencekit.text.spin_align import aligned_swaps, copies

    conversion = spin_table().analysis_conversion
    texts = {str(i): convert_keeping_offsets(d.text, conversion) for i, d in enumerate(documents)}
    seen: dict[tuple[str, str], list[tuple[str, float, str]]] = defaultdict(list)
    for first, second, _share in copies(texts):
        for swap in aligned_swaps(texts[first], texts[second]):
            copy = first if swap.in_first else second  # the position of the copy in ``documents``
            seen[(swap.spun, swap.original)].append((copy, swap.gain, swap.context))
    rows: list[dict[str, Any]] = []
    for (spun, original), places in seen.items():
        gain = sum(g for _, g, _ in places) / len(places)
        if gain <= 0:
            continue  # the copy's word reads as well as the original's: an edit, not a swap
        rows.append(
            {
                "spun": spun,
                "original": original,
                "count": len(places),
                "documents": len({c for c, _, _ in places}),
                "gain": round(gain, 2),
                "rare": word_count(spun),
                "contexts": " | ".join(dict.fromkeys(c for _, _, c in places[:CONTEXTS])),
                "evidence": "aligned",
            }
        )
    rows.sort(key=lambda r: (-r["count"], -r["documents"], -r["gain"], r["spun"]))
    return rows


def _suspects(text: str) -> list[tuple[str, str, str, int]]:
    """Words of ``text`` ordinary Chinese hardly writes, with their neighbours and offset."""
    words = []
    at = 0
    for word in tokenizer().cut(text, HMM=True):
        start = text.find(word, at)
        at = start + len(word)
        words.append((word, start))
    out = []
    for i, (word, start) in enumerate(words):
        if len(word) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in word):
            continue
        if word_count(word) >= RARE and not _swapped(word):
            continue  # a common word is a suspect only where a known character swap explains it
        left = words[i - 1][0] if i else ""
        right = words[i + 1][0] if i + 1 < len(words) else ""
        out.append((word, left, right, start))
    return out


def _best_original(word: str, places: list[_Seen]) -> tuple[str, float] | None:
    """The common word that reads best where ``word`` stands, with its mean gain."""
    candidates: dict[str, float] = {}
    derived = _undone(word) | set(_swapped(word))
    for option in _options(word):
        gains = [
            log_likelihood([p.left, option, p.right] if p.left else [option, p.right])
            - log_likelihood([p.left, word, p.right] if p.left else [word, p.right])
            for p in places
            if p.right
        ]
        if gains and sum(g > 0 for g in gains) >= 0.6 * len(gains):
            candidates[option] = sum(gains) / len(gains)
    if not candidates:
        return None
    known = [o for o in candidates if o in derived]  # a known swap undone inside it comes first
    option = max(known or candidates, key=lambda o: (candidates[o], o))
    return (option, candidates[option]) if candidates[option] > 1.0 else None


def _options(word: str) -> set[str]:
    """Common words that could have stood where ``word`` stands: the word with a known swap
    undone inside it (从义者 -> 主义者 by 从义 -> 主义, 严沉 -> 严重 by 沉 -> 重), and common
    words of its length that share a character with it at the same place (国度 -> 国家)."""
    shared = {w for w in _shared(word) if w != word} if word_count(word) < RARE else set()
    return _undone(word) | set(_swapped(word)) | shared


@lru_cache(maxsize=1)
def _character_swaps() -> dict[str, frozenset[str]]:
    """Character swaps the known pairs make (pairs of one length that differ in one character:
    默许/默认 gives 许 -> 认): spinners swap characters by a table too."""
    swaps: dict[str, set[str]] = defaultdict(set)
    for pair in spin_table().pairs:
        if len(pair.spun) == len(pair.original) >= 2:
            differ = [(a, b) for a, b in zip(pair.spun, pair.original, strict=True) if a != b]
            if len(differ) == 1:
                swaps[differ[0][0]].add(differ[0][1])
    return {k: frozenset(v) for k, v in swaps.items()}


@lru_cache(maxsize=65536)
def _swapped(word: str) -> frozenset[str]:
    """Common words that ``word`` becomes with one known character swap undone, where the
    word itself is much rarer than that one (a spinner's form is the rarer synonym)."""
    swaps = _character_swaps()
    found = set()
    for i, char in enumerate(word):
        for original in swaps.get(char, ()):
            option = word[:i] + original + word[i + 1 :]
            if word_count(option) >= COMMON and word_count(option) > RATIO * word_count(word):
                found.add(option)
    return frozenset(found)


def _undone(word: str) -> set[str]:
    """``word`` with one known swap undone inside it, where that makes a dictionary word."""
    options = set()
    for pair in spin_table().pairs:
        at = word.find(pair.spun)
        while at >= 0:
            options.add(word[:at] + pair.original + word[at + len(pair.spun) :])
            at = word.find(pair.spun, at + 1)
    return {w for w in options if w != word and word_count(w) >= RARE}


@lru_cache(maxsize=4096)
def _shared(word: str) -> frozenset[str]:
    """Common dictionary words of ``word``'s length that share a character with it at the
    same place (国度 -> 国家, 康健 -> 健康 is not: see the reference's neighbours)."""
    index = _by_position()
    found: set[str] = set()
    for i, char in enumerate(word):
        found |= index.get((len(word), i, char), set())
    return frozenset(found)


@lru_cache(maxsize=1)
def _by_position() -> dict[tuple[int, int, str], set[str]]:
    index: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    for word, count in tokenizer().FREQ.items():  # every word of the dictionary, once
        if count >= COMMON and 2 <= len(word) <= 4:
            for i, char in enumerate(word):
                index[(len(word), i, char)].add(word)
    return index


def mined_weight(spun: str) -> float:
    """The weight of a new pair: 1 for a form ordinary Chinese hardly writes (设置装备摆设),
    0.5 for an ordinary word that is also a spun form (普通, 不一样), 0.3 for a very common one
    (咱们). How often a form is written is jieba's count of it, or for a form the dictionary does not
    hold, the count its best cut into words would have (不一样 = 不 + 一样 is common).

    >>> mined_weight("设置装备摆设"), mined_weight("不一样"), mined_weight("咱们")
    (1.0, 0.5, 0.3)
    """
    count = word_count(spun) or math.exp(_log_probability(spun) + log_total())
    return 1.0 if count < RARE else 0.5 if count < VERY_COMMON else 0.3


def write_candidates(frame: Any, path: Path) -> None:
    """Write candidates as a user pair table for the analyst to edit: keep the pairs that
    are real, delete the others (each has its evidence in the note)."""
    pairs = [
        {
            "spun": row.spun,
            "original": row.original,
            "weight": mined_weight(row.spun),
            "note": f"mined ({row.evidence}): {row.count}x in {row.documents} documents, gain {row.gain}; "
            f"{row.contexts}",
        }
        for row in frame.itertuples()
        if not row.known
    ]
    header = (
        "# Candidate spin pairs mined by `evidencekit spin-pairs`: keep the real ones, delete the\n"
        f"# others, and save the file as {USER_PAIRS} beside the corpus (format: data/zh/spin.yaml).\n"
    )
    text = header + yaml.safe_dump({"pairs": pairs}, allow_unicode=True, sort_keys=False, width=200)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


__all__ = ["USER_PAIRS", "mine_pairs", "read_user_pairs", "table_for", "user_pairs_file", "write_candidates"]
