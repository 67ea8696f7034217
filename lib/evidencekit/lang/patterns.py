"""Regular expressions from word lists: one alternation, longest first, fast to reject.

Python's regular-expression engine tries the alternatives of ``a|b|c`` one by one at every
position, so a list of 545 unit forms cost about 17 µs wherever a number ended, matched or
not. :func:`phrases` groups the words by their first character behind one character-class
test: a position whose character starts no word is left after that test, and one that does
tries only the words of its group. The order within a group stays longest first, so the
match is the same as the plain alternation's ("GWh" before "GW").

:class:`Ending` does the same for expressions searched at the end of a short window (the
words before a number: "more than", 约, "$"): a window whose last character can end none of
the words is left without running the expression over each of its positions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

CLAUSE_BREAK = re.compile(r"(?<![A-Z])\.(?=\s|$)|[;:!?。；：！？\n,，、(（)）\"“”]")
"""Where a clause ends: punctuation of either script (not the point of "U.S.")."""
LATIN_WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*[\w]|[A-Za-z0-9]")
"""A word of a text written with spaces ("H-1B", "U.S", "Nvidia's")."""


def bounded(words: Iterable[str]) -> str:
    """One alternation of ``words`` (any case): words of Latin letters stand whole, words of a
    script written without spaces match anywhere; ``(?!)`` for none.

    >>> bool(re.search(bounded(["up"]), "set-up")), bool(re.search(bounded(["up"]), "setup"))
    (True, False)
    """
    words = [w for w in words if w]
    latin = [w for w in words if w.isascii()]
    other = [w for w in words if not w.isascii()]
    parts = [rf"(?<![A-Za-z])(?:{phrases(latin, ignore_case=True)})(?![A-Za-z])"] if latin else []
    parts += [f"(?:{phrases(other, ignore_case=True)})"] if other else []
    return "|".join(parts) or "(?!)"


def spaced(word: str) -> str:
    """A word as a pattern: spaces match any run of white space.

    >>> spaced("more than")
    'more\\\\s+than'
    """
    return re.escape(word).replace(r"\ ", r"\s+")


def phrases(words: Iterable[str], *, ignore_case: bool, render: Callable[[str], str] = spaced) -> str:
    """One alternation of ``words`` (longest first), grouped by first character.

    ``ignore_case`` must match the flags of the expression it goes into (words whose first
    letters differ only in case share a group there). ``render`` turns a word into its pattern
    and must begin with the escaped first character. Returns ``(?!)`` (never matches) for no words.

    >>> phrases(["GW", "GWh", "kW"], ignore_case=False)
    '(?=[Gk])(?:G(?:Wh|W)|kW)'
    >>> bool(re.fullmatch(phrases(["gw", "GWh"], ignore_case=True), "gwh", re.IGNORECASE))
    True
    """
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not ordered:
        return "(?!)"
    groups: dict[str, list[str]] = {}
    for word in ordered:
        groups.setdefault(word[0].casefold() if ignore_case else word[0], []).append(word)
    parts = [_group(members, render) for members in groups.values()]
    firsts = sorted({_class_char(w[0]) for w in ordered})
    return f"(?=[{''.join(firsts)}])(?:{'|'.join(parts)})"


class Ending:
    """An expression of ``words`` that must end a window (``(?:words)\\s*$``), with a cheap
    test first: past trailing white space, the window's last character must end a word.

    The expression may require or allow only white space after the word, and no word may end
    in white space (so stripping it always lands on the word's last character).

    >>> before = Ending(r"(?:more than|约)\\s*$", ["more than", "约"], re.IGNORECASE)
    >>> before.search("it has MORE THAN ").group(), before.search("about 5 and 6 ") is None
    ('MORE THAN ', True)
    """

    __slots__ = ("_fold", "_last", "pattern")

    def __init__(self, pattern: str, words: Iterable[str], flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags)
        self._fold = bool(flags & re.IGNORECASE)
        self._last = frozenset(self._key(w[-1]) for w in words if w)

    def _key(self, char: str) -> str:
        return char.casefold() if self._fold else char

    def search(self, window: str) -> re.Match[str] | None:
        tail = window.rstrip()
        if not tail:
            return None
        last = tail[-1].casefold() if self._fold else tail[-1]  # (inline: called for every number)
        return self.pattern.search(window) if last in self._last else None


def _group(members: list[str], render: Callable[[str], str]) -> str:
    if len(members) == 1:
        return render(members[0])
    head = re.escape(members[0][0])
    rests = []
    for word in members:
        pattern, own_head = render(word), re.escape(word[0])
        if not pattern.startswith(own_head):
            message = f"the pattern of {word!r} must begin with its first character: {pattern!r}"
            raise ValueError(message)
        rests.append(pattern[len(own_head) :])
    return f"{head}(?:{'|'.join(rests)})"


def _class_char(char: str) -> str:
    """A character escaped for use inside ``[...]``."""
    return "\\" + char if char in "\\]^-[" else char


class FirstOf:
    """``finditer`` of the alternation ``a|b|c`` of many expressions, the same matches, faster.

    Python's engine tries every alternative at every position; with dozens of expressions
    (the traps) most of a scan is alternatives failing one by one. Here each expression
    scans on its own (with the engine's own fast skip to where it can start), and the scan
    takes, from the current position, the leftmost start any expression finds, the first
    expression in the list on a tie: exactly the match the alternation makes. An expression
    whose next match falls inside a match taken searches again after it. An empty match
    (where finditer's rules for empty matches would apply) hands the text to the alternation.
    """

    __slots__ = ("alternation", "parts")

    def __init__(self, parts: list[re.Pattern[str]], alternation: re.Pattern[str]) -> None:
        self.parts = parts
        self.alternation = alternation

    def spans(self, text: str) -> list[tuple[int, int, int]]:
        """``(start, end, index of the expression)`` of each non-empty match, left to right."""
        found: list[re.Match[str] | None] = [p.search(text) for p in self.parts]
        out: list[tuple[int, int, int]] = []
        while True:
            best, at = -1, len(text) + 1
            for index, match in enumerate(found):
                if match is not None and match.start() < at:
                    best, at = index, match.start()
            if best < 0:
                return out
            match = found[best]
            assert match is not None
            end = match.end()
            if end == at:
                return self._alternation(text)
            out.append((at, end, best))
            for index, other in enumerate(found):
                if other is not None and other.start() < end:
                    found[index] = self.parts[index].search(text, end)

    def _alternation(self, text: str) -> list[tuple[int, int, int]]:
        out = []
        for m in self.alternation.finditer(text):
            if m.end() > m.start() and m.lastgroup is not None:
                out.append((m.start(), m.end(), int(m.lastgroup[1:])))
        return out
