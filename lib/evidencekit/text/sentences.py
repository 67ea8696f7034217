"""Split a document's evidence regions into sentences, headings and list items.

Boundaries come from ``data/<lang>/sentences_rules.yaml`` (terminators, closers,
abbreviations, list markers); the rules of all languages are merged, because English
documents quote Chinese and Chinese documents use ASCII punctuation. Every span is
half-open into the original text, so ``text[start:end]`` is the sentence.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from evidencekit.errors import DataFileError
from evidencekit.ingest.layout import heading_content, split_lines
from evidencekit.lang.facts import has_unspaced
from evidencekit.lang.files import data_root, display_path, forget_with_data, node_line, read_data_file
from evidencekit.lang.loader import compile_pattern
from evidencekit.lang.script import detect_language
from evidencekit.records import Document, Region, Sentence
from evidencekit.text.windows import strip as _strip
from evidencekit.text.windows import windows

RULES_FILE = "sentences_rules.yaml"
_CITATION = re.compile(r"\[(\d{1,3})\]")
_CHAR_KEYS = ("terminators", "terminators_next_to_han", "spaced_terminators", "closers", "clause_breaks")
_LIST_KEYS = ("abbreviations", "bullets", "inline_separators")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")
_OPENERS = "([{\"'“‘「『（【《"
_MAX_HEADING_WORDS = 12

Span = tuple[int, int]


@dataclass(frozen=True)
class SentenceRules:
    """The merged sentence rules of every language folder."""

    terminators: frozenset[str]
    terminators_next_to_han: frozenset[str]
    spaced_terminators: frozenset[str]
    closers: frozenset[str]
    clause_breaks: frozenset[str]
    abbreviations: frozenset[str]
    bullet: re.Pattern[str] | None
    inline_separators: tuple[str, ...]

    @cached_property
    def run(self) -> re.Pattern[str]:
        """A run of terminator characters (it may still not end a sentence)."""
        chars = self.terminators | self.terminators_next_to_han | self.spaced_terminators
        return re.compile(_char_class(chars) + "+" if chars else "(?!)")

    @cached_property
    def tail(self) -> re.Pattern[str]:
        """Closers and citation markers that stay with the sentence before them."""
        closers = _char_class(self.closers) + "*" if self.closers else ""
        return re.compile(closers + r"(?:[ \t]*\[\d{1,3}\])*")

    @cached_property
    def separator(self) -> re.Pattern[str]:
        """Any inline list separator."""
        separators = sorted(self.inline_separators, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, separators)) if separators else "(?!)")


def _char_class(chars: frozenset[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


def load_sentence_rules(paths: list[Path] | None = None) -> SentenceRules:
    """Load and merge sentence rule files (default: every ``data/<lang>/sentences_rules.yaml``).

    Raises
    ------
    DataFileError
        Naming the file, line and key of an unknown key, a value of the wrong type, or a
        pattern that does not compile.

    Examples
    --------
    >>> rules = load_sentence_rules()
    >>> "。" in rules.terminators, "Dr." in rules.abbreviations, "dr." in rules.abbreviations
    (True, True, False)
    """
    merged: dict[str, list[Any]] = {key: [] for key in _CHAR_KEYS + _LIST_KEYS}
    for path in paths if paths is not None else sorted(data_root().glob(f"*/{RULES_FILE}")):
        for key, values in _read_rules_file(path).items():
            merged[key].extend(values)
    bullets = merged["bullets"]
    return SentenceRules(
        **{key: frozenset(merged[key]) for key in _CHAR_KEYS},
        abbreviations=frozenset(merged["abbreviations"]),
        bullet=re.compile("|".join(f"(?:{p.pattern})" for p in bullets)) if bullets else None,
        inline_separators=tuple(dict.fromkeys(merged["inline_separators"])),
    )


def _read_rules_file(path: Path) -> dict[str, list[Any]]:
    data, node = read_data_file(path)
    shown = display_path(path)
    checked: dict[str, list[Any]] = {}
    for key, values in data.items():
        line = node_line(node, key)
        if key not in _CHAR_KEYS + _LIST_KEYS:
            known = ", ".join(_CHAR_KEYS + _LIST_KEYS)
            raise DataFileError(shown, f'unknown key "{key}"; expected one of: {known}', line, key)
        if not isinstance(values, list):
            raise DataFileError(shown, f'"{key}" must be a list', line, key)
        checked[key] = [
            _check_value(key, value, shown, node_line(node, key, index)) for index, value in enumerate(values)
        ]
    return checked


def _check_value(key: str, value: Any, shown: Path, line: int | None) -> Any:
    if key == "bullets":
        return compile_pattern(value, shown, line, key)
    if not isinstance(value, str) or not value:
        raise DataFileError(shown, f'"{key}": {value!r} is not a non-empty string', line, key)
    if key in _CHAR_KEYS and len(value) != 1:
        message = f'"{key}": {value!r} must be a single character; list characters one by one'
        raise DataFileError(shown, message, line, key)
    return value


@forget_with_data
@lru_cache(maxsize=1)
def sentence_rules() -> SentenceRules:
    """The sentence rules of the package, loaded once."""
    return load_sentence_rules()


# --- boundaries inside one stretch of text ------------------------------------------------


def _boundary(text: str, found: re.Match[str], limit: int, rules: SentenceRules) -> int | None:
    """End of the sentence that the terminator run ``found`` closes; None if it closes none."""
    run, start = found.group(), found.start()
    tail = rules.tail.match(text, found.end(), limit)
    end = tail.end() if tail else found.end()
    if any(ch in rules.terminators for ch in run):
        return end
    if run[0] in rules.terminators_next_to_han and _next_to_han(text, start, found.end()):
        return end
    if not set(run) <= rules.spaced_terminators:
        return None
    if end < limit and not text[end].isspace():
        return None
    if run == "." and _ends_abbreviation(text, start, rules):
        return None
    return None if _next_is_lowercase(text, end, limit) else end


def _next_to_han(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return has_unspaced(before + after)


def _ends_abbreviation(text: str, dot: int, rules: SentenceRules) -> bool:
    begin = dot
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    word = text[begin : dot + 1].lstrip(_OPENERS)
    return word in rules.abbreviations or bool(_INITIALS.fullmatch(word))


def _next_is_lowercase(text: str, end: int, limit: int) -> bool:
    position = end
    while position < limit and text[position].isspace():
        position += 1
    return position < limit and text[position].islower()


def _cut_terminators(text: str, start: int, end: int, rules: SentenceRules) -> list[Span]:
    """Cut ``[start, end)`` after each sentence end; the last span is the rest (maybe blank)."""
    spans: list[Span] = []
    begin = start
    for found in rules.run.finditer(text, start, end):
        if found.start() < begin:
            continue
        stop = _boundary(text, found, end, rules)
        if stop is not None:
            spans.append((begin, stop))
            begin = stop
    spans.append((begin, end))
    return spans


def _is_inline_heading(text: str) -> bool:
    """A short Title Case label such as "Group 1: AI Development and Policy Discrepancies"
    (in a language without spaces, and so without capitals: short and without commas)."""
    if has_unspaced(text):
        return 0 < len(text) <= 20 and not re.search(r"[，,、]", text)
    words = text.split()
    long_words = [word for word in words if sum(ch.isalpha() for ch in word) >= 4]
    if not long_words or len(words) > _MAX_HEADING_WORDS or not text[0].isupper():
        return False
    return all(word[0].isupper() or word[0].isdigit() for word in long_words)


def _inline_items(text: str, start: int, end: int, rules: SentenceRules) -> list[tuple[Span, bool]]:
    """Sentences of one line, also cut at inline list separators that follow a sentence end,
    or that follow a short heading and precede a capitalised item."""
    stops = [stop for _, stop in _cut_terminators(text, start, end, rules)[:-1]]
    pieces: list[tuple[Span, bool]] = []
    current = start
    for separator in rules.separator.finditer(text, start, end):
        last = max(current, _last_stop(stops, separator.start()))
        rest = _strip(text, last, separator.start())
        heading = rest[0] < rest[1] and _is_inline_heading(text[rest[0] : rest[1]])
        if rest[0] == rest[1] or (heading and _starts_item(text, separator.end(), end)):
            pieces.extend((span, False) for span in _between(stops, current, last))
            pieces.extend([(rest, True)] if heading else [])
            current = separator.end()
    pieces.extend((span, False) for span in _between(stops, current, end))
    return pieces


def _last_stop(stops: list[int], position: int) -> int:
    """The last sentence end at or before ``position`` (or -1)."""
    index = bisect_right(stops, position)
    return stops[index - 1] if index else -1


def _between(stops: list[int], start: int, end: int) -> list[Span]:
    """Spans from ``start`` to ``end`` cut at the sentence ends between them."""
    inner = [stop for stop in stops[bisect_right(stops, start) :] if stop < end]
    bounds = [start, *inner, end]
    return list(itertools.pairwise(bounds))


def _starts_item(text: str, position: int, end: int) -> bool:
    """True when the text after a separator starts like a list item (not lower case)."""
    while position < end and text[position].isspace():
        position += 1
    return position < end and not text[position].islower()


def _line_items(text: str, start: int, end: int, rules: SentenceRules) -> list[tuple[Span, bool]]:
    heading = heading_content(text, start, end)
    if heading:
        return [(heading, True)]
    marker = rules.bullet.match(text, start, end) if rules.bullet else None
    return _inline_items(text, marker.end() if marker else start, end, rules)


def _spans(text: str, start: int, end: int, rules: SentenceRules) -> list[tuple[Span, bool]]:
    """Sentence spans (with a heading flag) of ``text[start:end]``, paragraph by paragraph
    (an over-long sentence as bounded windows: :mod:`evidencekit.text.windows`)."""
    spans: list[tuple[Span, bool]] = []
    for block in _paragraphs(text, start, end, rules):
        for span, heading in _line_items(text, *block, rules):
            spans.extend(
                (window, heading) for window in windows(text, *_strip(text, *span), rules.clause_breaks)
            )
    return [(span, heading) for span, heading in spans if _has_word(text[span[0] : span[1]])]


# --- paragraphs: lines joined where the text was wrapped ----------------------------------

WRAP_WIDTH = 50
"""A line at least this wide (a character written without spaces counts twice, as on screen)
that does not end a sentence was wrapped: the next line continues it."""
_CONTINUES = ",;:%)]}’”、，；：）"


def _paragraphs(text: str, start: int, end: int, rules: SentenceRules) -> list[Span]:
    """Runs of lines that belong together: a line continues the one before when that one was
    hard-wrapped mid-sentence (see :func:`_continues`). Blank lines, headings and list items
    always start a new paragraph. Spans are offsets into ``text``; a paragraph keeps its line
    breaks, so a sentence across a break is one span that covers it."""
    blocks: list[Span] = []
    previous: Span | None = None
    for line in split_lines(text[start:end]):
        here = (start + line.start, start + line.end)
        if line.blank:
            previous = None
            continue
        if previous is not None and blocks and _continues(text, previous, here, rules):
            blocks[-1] = (blocks[-1][0], here[1])
        else:
            blocks.append(here)
        previous = here
    return blocks


def _continues(text: str, previous: Span, line: Span, rules: SentenceRules) -> bool:
    """True when ``line`` goes on with the sentence of ``previous`` (a hard or soft wrap)."""
    if _starts_block(text, line, rules) or heading_content(text, *previous):
        return False
    first = text[line[0]]
    if first.islower() or first in _CONTINUES:
        return True  # "percent of the total.", ", which ..." never start a sentence
    if _ends_sentence(text, previous, rules):
        return False
    return _width(text[previous[0] : previous[1]]) >= WRAP_WIDTH


def _starts_block(text: str, line: Span, rules: SentenceRules) -> bool:
    """A heading, a list item, a table row or a quote: the start of its own paragraph."""
    if heading_content(text, *line) or text[line[0]] in "|>":
        return True
    return bool(rules.bullet and rules.bullet.match(text, *line))


def _ends_sentence(text: str, line: Span, rules: SentenceRules) -> bool:
    body = text[line[0] : line[1]].rstrip()
    body = re.sub(r"(?:\s*\[\d{1,3}\])+$", "", body).rstrip("".join(rules.closers))
    ends = rules.terminators | rules.terminators_next_to_han | rules.spaced_terminators
    return not body or body[-1] in ends


def _width(line: str) -> int:
    return len(line) + sum(1 for ch in line if has_unspaced(ch))


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --- public API ---------------------------------------------------------------------------


def split_text(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans (half-open offsets into ``text``).

    Sentences end at 。！？； anywhere, at ? ! ; next to a Han character, and at . ! ?
    followed by whitespace or the end (not after abbreviations such as U.S., Dr., e.g., nor
    inside 3.5, V3.2 or URLs). Lines, Markdown headings (without their ``#``), list items
    (without their marker) and inline `` - `` list items are separate spans. Citation
    markers and closing quotes after a terminator stay with the sentence before.

    Parameters
    ----------
    text : str
        The whole text; offsets refer to it.
    start, end : int
        The stretch to split (default: all of ``text``).

    Returns
    -------
    list of (int, int)
        Non-empty spans without surrounding whitespace, in order.

    Examples
    --------
    >>> text = "Dr. Li said 3.5% in the U.S. [1]. 中国每年新增电力容量达12%。对吗?是的"
    >>> [text[s:e] for s, e in split_text(text)]
    ['Dr. Li said 3.5% in the U.S. [1].', '中国每年新增电力容量达12%。', '对吗?', '是的']
    """
    stop = len(text) if end is None else end
    return [span for span, _ in _spans(text, start, stop, sentence_rules())]


def split_sentences(document: Document) -> list[Sentence]:
    """Split a document's evidence regions into :class:`~evidencekit.records.Sentence` records.

    Sentences are numbered from 1 in document order. ``speaker`` comes from the region,
    ``heading`` is True for headings (Markdown headings, heading regions, inline labels
    such as "Core Argument - "), ``cites`` holds the citation marker numbers in the
    sentence, and ``lang`` is detected per sentence (the document's language when the
    sentence has no letters). A document whose ``regions`` are empty and whose genre was
    never set (built by hand) is split as a whole.

    Parameters
    ----------
    document : Document
        A document from :func:`evidencekit.read_document`.

    Returns
    -------
    list of Sentence
        ``document.text[s.char_start:s.char_end] == s.text`` for every sentence.

    Examples
    --------
    >>> from pathlib import Path
    >>> from evidencekit.records import Meta
    >>> doc = Document("d", Path("d.txt"), "领先优势仅有三个月。Sachs admitted it.", "", Meta())
    >>> [(s.sentence_id, s.text, s.lang) for s in split_sentences(doc)]
    [(1, '领先优势仅有三个月。', 'zh'), (2, 'Sachs admitted it.', 'en')]
    """
    regions = document.regions
    if not regions and document.meta.genre is None:
        regions = (Region(0, len(document.text)),)
    rules = sentence_rules()
    sentences: list[Sentence] = []
    for region in regions:
        for (start, end), heading in _spans(document.text, region.start, region.end, rules):
            sentences.append(_sentence(document, region, start, end, heading, len(sentences) + 1))
    return sentences


def _sentence(
    document: Document, region: Region, start: int, end: int, heading: bool, number: int
) -> Sentence:
    text = document.text[start:end]
    has_letters = any(ch.isalpha() for ch in text)  # Han characters are letters too
    return Sentence(
        doc_id=document.id,
        sentence_id=number,
        char_start=start,
        char_end=end,
        text=text,
        lang=detect_language(text) if has_letters else document.lang,
        speaker=region.speaker,
        cites=tuple(dict.fromkeys(_CITATION.findall(text))),
        heading=heading or region.kind == "heading",
    )
