"""Unit lexicon: surface forms written after or before a number, and their canonical units.

The forms come from ``data/<lang>/units.yaml`` of every language; canonical units per
kind from ``data/units.yaml``. Matching is longest-form-first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.errors import UnknownUnitError
from evidencekit.lang.facts import has_unspaced, unspaced_characters
from evidencekit.lang.files import data_cache
from evidencekit.lang.loader import languages, load_kinds, load_language_file
from evidencekit.lang.patterns import phrases


@dataclass(frozen=True)
class Unit:
    """One unit entry: a surface form and what it means."""

    form: str
    kind: str
    factor: float
    unit: str
    lang: str
    qualifier: str | None = None
    offset: float = 0.0
    tens_factor: float | None = None  # the factor for numbers of 10 or more (75折 = 75%, 八折 = 80%)
    date_if_year: bool = False
    requires_scale: bool = False


@dataclass(frozen=True)
class UnitMatcher:
    """Compiled matchers over every language's unit forms."""

    after: re.Pattern[str]
    after_exact: re.Pattern[str]
    before: re.Pattern[str]
    before_exact: re.Pattern[str]
    by_form: dict[str, Unit]
    prefix_by_form: dict[str, Unit]
    prefix_ends: frozenset[str]  # last characters of the prefix forms, case-folded: a cheap first test


def canonical_unit(kind: str, currency: str | None = None) -> str:
    """The canonical unit of a kind of metric.

    >>> canonical_unit("power"), canonical_unit("money", "USD")
    ('W', 'USD')
    """
    kinds = load_kinds()
    if kind not in kinds:
        message = f"unknown kind {kind!r}; known kinds: {', '.join(kinds)}"
        raise UnknownUnitError(message)
    return kinds[kind]["unit"] or (currency or "")


def _entries(section: str) -> list[tuple[Unit, bool]]:
    out = []
    for lang in languages():
        for entry in load_language_file(lang, "units").get(section) or []:
            for form in entry["forms"]:
                unit = Unit(
                    form=str(form),
                    kind=entry["kind"],
                    factor=float(entry["factor"]),
                    unit=entry.get("unit") or canonical_unit(entry["kind"], entry.get("currency")),
                    lang=lang,
                    qualifier=entry.get("qualifier"),
                    offset=float(entry.get("offset", 0.0)),
                    tens_factor=entry.get("tens_factor"),
                    date_if_year=bool(entry.get("date_if_year", False)),
                    requires_scale=bool(entry.get("requires_scale", False)),
                )
                out.append((unit, bool(entry.get("case_sensitive", False))))
    return out


def _alternation(forms: list[str], fold: bool) -> str:
    return phrases(forms, ignore_case=fold, render=_form_pattern)


def _form_pattern(form: str) -> str:
    if all(map(unspaced_characters().match, form)):  # forms without spaces may be spaced: 百 分 之
        return r"[ \t]*".join(map(re.escape, form))
    escaped = re.escape(form).replace(r"\ ", r"\s+")
    # a form that ends in a Latin letter must end a word: "5 W" but not "5 Washington"; a
    # one-letter or digit-final symbol followed by digits is a part number ("24703L202",
    # "5012m212"), while "50 GW2" may carry a footnote
    if form[-1].isascii() and form[-1].isalpha():
        escaped += r"(?![A-Za-z0-9])" if len(form) == 1 else r"(?![A-Za-z])"
    elif form[-1].isdigit():
        escaped += r"(?!\d)"
    return escaped


@data_cache
def unit_matcher() -> UnitMatcher:
    """Compile every language's unit forms into four regular expressions."""
    after = _entries("units")
    before = _entries("prefixes")
    # "5 kg", "16-bit", "20 (kg)" (closed in unit_after); spaces include no-break and thin ones
    gap = r"(?:[ \t\u00a0\u202f\u2009]*-?|-|[ \t\u00a0\u202f\u2009]*[(\[{<])"
    return UnitMatcher(
        after=re.compile(
            gap + "(" + _alternation([u.form for u, cs in after if not cs], fold=True) + ")", re.IGNORECASE
        ),
        after_exact=re.compile(gap + "(" + _alternation([u.form for u, cs in after if cs], fold=False) + ")"),
        before=re.compile(
            "(" + _alternation([u.form for u, cs in before if not cs], fold=True) + r")\s?$", re.IGNORECASE
        ),
        before_exact=re.compile(
            "(" + _alternation([u.form for u, cs in before if cs], fold=False) + r")\s?$"
        ),
        by_form={u.form.lower() if not cs else u.form: u for u, cs in after},
        prefix_by_form={u.form.lower() if not cs else u.form: u for u, cs in before},
        prefix_ends=frozenset(u.form[-1].casefold() for u, _ in before),
    )


_SPACES = re.compile(r"\s+")


def _lookup(table: dict[str, Unit], surface: str) -> Unit | None:
    key = _SPACES.sub(" ", surface)
    if has_unspaced(key):
        key = key.replace(" ", "")  # 个 百 分 点 is 个百分点
    return table.get(key) or table.get(key.lower())


def unit_after(text: str, pos: int) -> tuple[Unit, int, int] | None:
    """The longest unit form starting at ``pos`` (after an optional space or hyphen).

    Returns the unit, the start and the end of its surface form, or None.

    >>> unit, start, end = unit_after("50 GW by 2028", 2)
    >>> unit.kind, unit.factor, (start, end)
    ('power', 1000000000.0, (3, 5))
    """
    matcher = unit_matcher()
    best: tuple[Unit, int, int] | None = None
    for pattern in (matcher.after_exact, matcher.after):
        found = pattern.match(text, pos)
        if not found:
            continue
        unit = _lookup(matcher.by_form, found.group(1))
        start, closed = found.start(1), found.end()
        end = _close_bracket(text, start, closed) if start and text[start - 1] in _BRACKETS else closed
        if unit and end and (best is None or end - found.start(1) > best[2] - best[1]):
            best = (unit, found.start(1), end)
    return best


_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}


def _close_bracket(text: str, start: int, end: int) -> int | None:
    """The end of a unit form, through its closing bracket when one opened it ("20 (kg)");
    None when the bracket is not closed right after the form."""
    closer = _BRACKETS.get(text[start - 1 : start]) if start else None
    if closer is None:
        return end
    return end + 1 if text[end : end + 1] == closer else None


def unit_before(text: str, pos: int) -> tuple[Unit, int] | None:
    """The longest prefix unit (``$``, ``US$``, 人民币, 百分之) ending right before ``pos``.

    >>> unit, start = unit_before("a fee of US$100,000", 12)
    >>> unit.unit, start
    ('USD', 9)
    """
    matcher = unit_matcher()
    window = text[max(0, pos - 12) : pos]
    tail = window.rstrip()
    if not tail or tail[-1].casefold() not in matcher.prefix_ends:
        return None
    best: tuple[Unit, int] | None = None
    for pattern in (matcher.before_exact, matcher.before):
        for found in pattern.finditer(window):
            unit = _lookup(matcher.prefix_by_form, found.group(1))
            start = pos - len(window) + found.start(1)
            if unit and (best is None or start < best[1]) and _prefix_boundary(text, start, unit):
                best = (unit, start)
    return best


def _prefix_boundary(text: str, start: int, unit: Unit) -> bool:
    """A Latin prefix (USD, RMB) must start a word; symbols and Han forms need not."""
    if not unit.form[0].isascii() or not unit.form[0].isalpha() or start == 0:
        return True
    return not text[start - 1].isascii() or not text[start - 1].isalnum()
