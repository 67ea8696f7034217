"""Scripts (the characters languages are written in), language detection by script, and
width normalisation that keeps offsets."""

from __future__ import annotations

import re

from evidencekit.lang.files import data_cache

HAN_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""The Han characters (CJK unified ideographs, extension A, compatibility ideographs), as
the inside of a regex character class: the one definition the kit uses."""
HAN = re.compile(f"[{HAN_CLASS}]")
_HAN = HAN
SCRIPTS = {"latin": "A-Za-z", "han": HAN_CLASS}
"""The scripts a language may declare (``script`` in ``data/<lang>/language.yaml``), each as
the inside of a regex character class of its letters."""

# Full-width digits, letters and a few symbols map one character to one character,
# so a text translated with this table keeps every offset of the original.
_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update({0x3000: 0x20})
# the ideographic comma and full stop are punctuation, not separators in numbers
for _keep in ("，", "。", "；", "：", "！", "？", "（", "）"):
    _WIDTH_TABLE.pop(ord(_keep), None)


def detect_language(text: str) -> str:
    """The language whose script carries the text: the most letters of its script, each
    weighted by the language's ``detect_weight`` (one Han character carries about as much as
    a short English word); ties go to the heavier weight, then to the first language. A text
    without letters of any language's script is in the ``default`` language.

    >>> detect_language("美国AI产业仅新增电力需求就将达到500亿瓦")
    'zh'
    >>> detect_language("an additional 50 billion watts by 2028")
    'en'
    """
    detectors, default = _detectors()
    counts: dict[str, int] = {}
    best: tuple[float, float, str] | None = None
    for code, script, pattern, weight in detectors:
        if script not in counts:  # languages that share a script count it once
            counts[script] = _count(pattern, text)
        count = counts[script]
        if count and (best is None or (count * weight, weight) > best[:2]):
            best = (count * weight, weight, code)
    return best[2] if best is not None else default


@data_cache
def _detectors() -> tuple[tuple[tuple[str, str, re.Pattern[str], float], ...], str]:
    """Each language's code, script, script pattern and weight; and the default language."""
    from evidencekit.lang.facts import default_language, writing

    found = []
    for lang in writing():
        found.append((lang.code, lang.script, re.compile(f"[{SCRIPTS[lang.script]}]"), lang.detect_weight))
    return tuple(found), default_language()


def _count(pattern: re.Pattern[str], text: str, chunk: int = 1 << 20) -> int:
    """Matches of a one-character pattern, counted a megabyte at a time (memory stays flat)."""
    return sum(len(pattern.findall(text, at, at + chunk)) for at in range(0, len(text), chunk))


def normalise_width(text: str) -> str:
    """Map full-width digits, letters and signs to ASCII, one character for one.

    >>> normalise_width("１２％")
    '12%'
    """
    return text.translate(_WIDTH_TABLE)


@data_cache
def _matching_table() -> dict[int, int]:
    from evidencekit.lang.loader import load_variants

    table = dict(_WIDTH_TABLE)
    table.update({ord(source): ord(target) for source, target in load_variants().items()})
    return table


_FULL_WIDTH_THOUSANDS = re.compile(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")


def normalise_for_matching(text: str) -> str:
    """Width and character variants (個 -> 个) mapped one character for one: offsets never move.

    A full-width comma between full-width digits separates thousands (１２，５００); elsewhere
    it separates clauses and stays.

    >>> normalise_for_matching("１２個百分點，１２，５００万")
    '12个百分点，12,500万'
    """
    return _FULL_WIDTH_THOUSANDS.sub(",", text).translate(_matching_table())


def has_han(text: str) -> bool:
    """True when ``text`` contains at least one Han character."""
    return bool(HAN.search(text))


def is_han(char: str) -> bool:
    """True when ``char`` (one character) is a Han character.

    >>> is_han("电"), is_han("A"), is_han("")
    (True, False, False)
    """
    return len(char) == 1 and HAN.match(char) is not None


def han_count(text: str) -> int:
    """The number of Han characters in ``text`` (counted a megabyte at a time).

    >>> han_count("AI电力需求")
    4
    """
    return _count(HAN, text)
