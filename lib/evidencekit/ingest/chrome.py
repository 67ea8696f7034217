"""Page chrome: which lines of a document are furniture of the page it was saved from.

A saved page carries bylines ("By Jane Doe | March 3, 2025", "作者: user  2023-05-21 20:29"),
timestamps, vote and view counters, field labels ("发布时间：", "Publication date"), share
prompts, navigation, photo credits and promotion boxes around its text. None of that is
evidence, and a number in it is never a claim. The patterns are data
(``data/<lang>/chrome.yaml``: stamps, counters, labels, whole lines, each with a note); this
module combines them, kind by kind rather than page by page:

- a line that matches a ``lines`` entry, has no letters, or holds only links and images;
- a line that is only a label ("原文連結：", "Publication date");
- a line cut into fields (``|`` ``·`` ``•`` or wide spaces) that holds a stamp or a counter
  and leaves only a few words (a name) besides: bylines, datelines, counter bars;
- a "label: value" line with a short value ("来源：新华网", "Source: Reuters");
- a short line without figures right after a label line (the value of a field table);
- a chrome prefix glued to the first words of a paragraph ("时间:2026-01-20 | 阅读:0快科技…",
  "date 2025-01-27 This came…") is cut off, the rest of the line stays evidence.

:func:`byline_date` reads a document's date from such lines, never from inside a web address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from evidencekit.ingest.layout import Line, split_lines
from evidencekit.lang.files import data_cache, languages
from evidencekit.lang.loader import compile_pattern, load_language_file
from evidencekit.records import Region

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_FIELD_BREAK = re.compile(r"\s*[|｜·•丨]\s*|\s{2,}")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BULLET = re.compile(r"(?:[-*+•·▪►‣◦]|\d{1,2}[.)])\s+")
_CITATION_ID = re.compile(r"(?:No\.\s*)?\d+\s+[A-Z][A-Za-z.]{0,5}\s+\d[\d,.-]*")
"""A citation as a field of a metadata line (87 FR 62186, 15 CFR 734): an identifier, no claim."""
_TERMINATORS = ".。!！?？;；"
_MAX_NAME_WORDS = 4
_MAX_NAME_HAN = 12
_MAX_FIELD_WORDS = 6
_MAX_FIELD_HAN = 16
MAX_CHROME_CHARS = 300
MAX_BOX_ITEM = 100
"""Characters of a list item in a box of links (a linked headline); a longer line ends the box."""
_BOX_ITEM = re.compile(r"(?:[-*+•·▪►‣◦]\s*|\d{1,2}(?:[.)、]\s*|(?=[^\d\s.,])))\S")
_NAME_JOINERS = frozenset({"and", "&"})
"""Chrome lines are short: a longer line is text (and a megabyte line is not scanned)."""


@dataclass(frozen=True)
class ChromeRules:
    """The chrome patterns of every language folder, compiled."""

    stamps: tuple[re.Pattern[str], ...]
    counters: tuple[re.Pattern[str], ...]
    label: re.Pattern[str]
    undated: re.Pattern[str]
    lines: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    figures: tuple[re.Pattern[str], ...] = ()  # the title line of a figure (see ingest/captions.py)
    figure_ends: tuple[re.Pattern[str], ...] = ()
    boxes: tuple[re.Pattern[str], ...] = ()  # the header of a box of links; its list items follow


@data_cache
def chrome_rules() -> ChromeRules:
    """The chrome rules of every language's ``chrome.yaml`` (and month names of ``grammar.yaml``)."""
    keys = ("stamps", "counters", "labels", "lines", "boxes", "figures", "figure_ends")
    found: dict[str, list[re.Pattern[str]]] = {key: [] for key in keys}
    found["undated_labels"] = []
    months: dict[str, int] = {}
    for lang in languages():
        data = load_language_file(lang, "chrome")
        for key, entries in data.items():
            shown = f"data/{lang}/chrome.yaml"
            found[key] += [compile_pattern(entry["pattern"], shown, None, key) for entry in entries]  # type: ignore[arg-type]
        names = load_language_file(lang, "grammar").get("month_names") or {}
        months.update({str(name).casefold(): int(number) for name, number in names.items()})
    label = _label_pattern(found["labels"] + found["undated_labels"])
    undated = _label_pattern(found["undated_labels"])
    stamps, counters, boxes = (tuple(found[key]) for key in ("stamps", "counters", "boxes"))
    lines = (*found["lines"], *boxes)
    return ChromeRules(
        stamps,
        counters,
        label,
        undated,
        lines,
        months,
        figures=tuple(found["figures"]),
        figure_ends=tuple(found["figure_ends"]),
        boxes=boxes,
    )


def _label_pattern(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """Any of the labels, at the start of a field: followed by a colon, a space or the field's end."""
    labels = "|".join(f"(?:{pattern.pattern})" for pattern in patterns) or "(?!)"
    return re.compile(rf"(?:{labels})(?=\s*[:：]|\s|$|[|｜·•])\s*(?P<colon>[:：])?", re.IGNORECASE)


# --- one field, one line ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    """A field of a line with its label, stamps and counters taken out."""

    text: str
    label: bool
    colon: bool
    markers: int  # stamps and counters
    rest: str

    @property
    def rest_has_letters(self) -> bool:
        return any(ch.isalpha() for ch in self.rest)

    def short(self, words: int, han: int) -> bool:
        """The rest is a name at most: few words, no figures, no sentence end after words."""
        if not self.rest_has_letters or _CITATION_ID.fullmatch(self.rest):
            return True
        numbers = [token for token in self.rest.split() if any(ch.isdigit() for ch in token)]
        if any(not any(ch.isalpha() for ch in token) for token in numbers):
            return False  # a figure of its own; a user id such as MA40433 is no figure
        if self.text.rstrip()[-1:] in _TERMINATORS:
            return False
        latin = [token for token in self.rest.split() if any(ch.isalpha() and ch.isascii() for ch in token)]
        return len(latin) <= words and len(_HAN.findall(self.rest)) <= han

    @property
    def names_only(self) -> bool:
        """The rest is capitalised words (a byline's names, joined by "and") or a few Han characters."""
        words = [token for token in self.rest.split() if any(ch.isalpha() for ch in token)]
        names = [word for word in words if word.casefold() not in _NAME_JOINERS]
        return (
            self.short(_MAX_FIELD_WORDS, 6)
            and len(names) <= _MAX_NAME_WORDS
            and all(w[0].isupper() or _HAN.match(w) for w in names)
        )


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _field(text: str, rules: ChromeRules) -> _Field:
    label = rules.label.match(text)
    rest = text[label.end() :] if label else text
    spans = [m.span() for pattern in rules.stamps for m in pattern.finditer(rest)]
    counted = [m.span() for pattern in rules.counters for m in pattern.finditer(rest)]
    rest = _blank(_blank(rest, spans), counted)
    colon = bool(label and label["colon"])
    return _Field(text, label is not None, colon, len(spans) + len(counted), rest.strip(" ,，:：-–—()（）[]"))


def _without_links(text: str) -> str:
    return _URL.sub(" ", _LINK.sub(" ", _IMAGE.sub(" ", text)))


def fields_of(text: str, rules: ChromeRules | None = None) -> list[_Field]:
    """The fields of a line (cut at ``|`` ``·`` ``•`` and wide spaces), links taken out."""
    rules = rules or chrome_rules()
    parts = [part for part in _FIELD_BREAK.split(_URL.sub(" ", text).strip()) if part.strip()]
    return [_field(part.strip(), rules) for part in parts]


def is_label_line(text: str) -> bool:
    """A line that is only a field label ("原文連結：", "Publication date")."""
    found = chrome_rules().label.fullmatch(text.strip())
    return found is not None


def is_chrome_line(text: str) -> bool:
    """True for a line of page chrome (see the module docstring for the kinds).

    >>> is_chrome_line("By Jane Doe | March 3, 2025"), is_chrome_line("点赞 12 | 评论 5")
    (True, True)
    >>> is_chrome_line("It launched on May 5, 2024."), is_chrome_line("China added 50 GW in 2024")
    (False, False)
    """
    line = text.strip()
    rules = chrome_rules()
    line = line[bullet.end() :] if (bullet := _BULLET.match(line)) else line
    if not line or len(line) > MAX_CHROME_CHARS:
        return False
    if any(pattern.fullmatch(line) for pattern in rules.lines):
        return True
    if not any(ch.isalpha() for ch in _without_links(line)) or is_label_line(line):
        return True
    fields = fields_of(line, rules)
    if not fields:
        return True
    if all(field.label and not field.rest for field in fields):
        return True
    if len(fields) == 1 and fields[0].label and fields[0].markers == 0:
        field = fields[0]
        return field.short(_MAX_NAME_WORDS + 1, _MAX_NAME_HAN) if field.colon else field.names_only
    if not any(field.markers for field in fields):
        return False
    return all(_field_is_chrome(field, len(fields)) for field in fields)


def _field_is_chrome(field: _Field, count: int) -> bool:
    if field.markers or field.label:
        return field.short(_MAX_NAME_WORDS, _MAX_NAME_HAN) or (field.label and field.names_only)
    return count > 1 and field.short(_MAX_FIELD_WORDS, _MAX_FIELD_HAN)


# --- a chrome prefix glued to a paragraph ------------------------------------------------------


def chrome_prefix(text: str) -> int:
    """Length of a chrome prefix glued to the words of a line (0 when there is none).

    A prefix is a run of fields (label, stamp, counter) that ends in a stamp or a counter, and
    holds a label with a colon, a counter, or starts with a lower-case field name ("date
    2025-01-27 This came…"); the rest of the line must not go on with a comma.

    >>> text = "时间:2026-01-20 | 作者: | 阅读:0快科技1月20日消息"
    >>> text[chrome_prefix(text):]
    '快科技1月20日消息'
    >>> chrome_prefix("By March 3, 2025, firms must report.")
    0
    """
    rules = chrome_rules()
    position = end = 0
    colon = counted = False
    kinds = []
    for kind, found in _prefix_pieces(text, rules):
        kinds.append(kind)
        position = found.end()
        colon = colon or (kind == "label" and found["colon"] is not None)
        counted = counted or kind == "counter"
        if kind != "label" or _at_field_end(text, position):
            end = position
    if not end or text[end:].lstrip()[:1] in ",，、":
        return 0
    lowercase_field = kinds[0] == "label" and text.lstrip()[:1].islower()
    if not (colon or counted or lowercase_field):
        return 0
    while end < len(text) and (text[end].isspace() or text[end] in "|｜·•丨"):
        end += 1
    return end


def _at_field_end(text: str, position: int) -> bool:
    rest = text[position:].lstrip()
    return not rest or rest[0] in "|｜·•丨"


def _prefix_pieces(text: str, rules: ChromeRules) -> Iterator[tuple[str, re.Match[str]]]:
    """Labels, stamps and counters one after the other from the start of ``text``."""
    position = 0
    while position < len(text):
        while position < len(text) and (text[position].isspace() or text[position] in "|｜·•丨"):
            position += 1
        piece = _piece_at(text, position, rules)
        if piece is None:
            return
        yield piece
        position = piece[1].end()


def _piece_at(text: str, position: int, rules: ChromeRules) -> tuple[str, re.Match[str]] | None:
    for kind, patterns in (("stamp", rules.stamps), ("counter", rules.counters)):
        for pattern in patterns:
            found = pattern.match(text, position)
            if found and found.end() > position:
                return kind, found
    label = rules.label.match(text, position)
    return ("label", label) if label and label.end() > position else None


# --- the document's date from its bylines ------------------------------------------------------


def stamp_date(text: str) -> str | None:
    """The first full calendar date that a stamp pattern finds in ``text`` (addresses masked).

    >>> stamp_date("By Jane Doe | March 3, 2025"), stamp_date("2025年03月03日 10:21 来源：新华网")
    ('2025-03-03', '2025-03-03')
    >>> stamp_date("see https://example.com/2024/01/02/report.pdf") is None
    True
    """
    rules = chrome_rules()
    masked = _URL.sub(" ", text)
    found = []
    for pattern in rules.stamps:
        for match in pattern.finditer(masked):
            iso = _iso(match, rules.months)
            if iso:
                found.append((match.start(), iso))
    return min(found)[1] if found else None


def _iso(found: re.Match[str], months: dict[str, int]) -> str | None:
    groups = {k: v for k, v in found.groupdict().items() if v}
    month = groups.get("month") or months.get(groups.get("monthname", "").casefold().rstrip("."))
    if "year" not in groups or not month or "day" not in groups:
        return None
    year, day = int(groups["year"]), int(groups["day"])
    if not (1 <= int(month) <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{int(month):02d}-{day:02d}"


# --- evidence regions without chrome -----------------------------------------------------------


def strip_chrome(text: str, regions: Iterable[Region]) -> list[Region]:
    """The regions with their chrome lines left out and chrome prefixes cut off.

    A region is split where a chrome line was; the value line after a label line ("Sub-agency"
    then "Bureau of Industry and Security") is chrome when it is short and holds no figure.

    >>> text = "Published: 2025-03-03\\nChina added 50 GW."
    >>> [text[r.start : r.end] for r in strip_chrome(text, [Region(0, len(text))])]
    ['China added 50 GW.']
    """
    kept: list[Region] = []
    for region in regions:
        kept.extend(_strip_region(text, region))
    return kept


def is_box_header(text: str) -> bool:
    """A line that heads a box of links (相关阅读, "Related articles", 热门测试游戏)."""
    line = text.strip()
    return any(pattern.fullmatch(line) for pattern in chrome_rules().boxes)


def _in_box(text: str) -> bool:
    """A list item of a box of links: a bullet or numbered line of at most ``MAX_BOX_ITEM`` characters."""
    line = text.strip()
    return _BOX_ITEM.match(line) is not None and len(line) <= MAX_BOX_ITEM


def _strip_region(text: str, region: Region) -> list[Region]:
    pieces: list[tuple[int, int]] = []
    after_label = in_box = False
    said = ""
    for line in split_lines(text[region.start : region.end]):
        if line.blank:
            continue
        start, end = region.start + line.start, region.start + line.end
        boxed = in_box and _in_box(line.text)
        chrome = boxed or is_chrome_line(line.text) or (after_label and _field_value(line.text))
        in_box = boxed or is_box_header(line.text)
        after_label = is_label_line(line.text)
        if chrome:
            pieces.append((-1, -1))
            continue
        if line.text == said and pieces and pieces[-1][0] >= 0:  # a line said twice: kept once
            pieces[-1] = (-1, -1)
        said = line.text
        cut = chrome_prefix(line.text)
        if cut:
            pieces.append((-1, -1))
        pieces.append((start + cut, end))
    return [Region(start, end, region.kind, region.speaker) for start, end in _runs(pieces)]


def _field_value(line: str) -> bool:
    """A short value without figures (a name), as fields of a metadata table hold."""
    return not any(ch.isdigit() for ch in line) and _field(line, chrome_rules()).short(
        _MAX_FIELD_WORDS, _MAX_FIELD_HAN
    )


def _runs(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Consecutive kept lines joined into one span; a (-1, -1) marker breaks the run."""
    runs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for start, end in pieces:
        if start < 0:
            if current:
                runs.append(current)
            current = None
        else:
            current = (current[0], end) if current else (start, end)
    if current:
        runs.append(current)
    return runs


def byline_date(lines: list[Line], first: int = 0, window: int = 40) -> str | None:
    """The date a document's byline or dateline gives: the first full date in a chrome line (or
    a chrome prefix) among the first ``window`` non-blank lines from line ``first``; never a
    date inside a web address.

    >>> from evidencekit.ingest.layout import split_lines
    >>> byline_date(split_lines("Title\\nBy Jane Doe | March 3, 2025\\nIn 2024 sales rose."))
    '2025-03-03'
    """
    seen = 0
    for line in lines[first:]:
        if line.blank:
            continue
        seen += 1
        if seen > window:
            return None
        masked = _URL.sub(" ", line.text)
        if chrome_rules().undated.match(masked):
            continue  # a forum user's registration date is not the post's
        chrome = masked if is_chrome_line(masked) else masked[: chrome_prefix(masked)]
        found = stamp_date(chrome) if chrome.strip() else None
        if found:
            return found
    return None
