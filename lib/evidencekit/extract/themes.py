"""Theme tagging: the lexicons of every language (``data/<lang>/themes.yaml``) -> :class:`ThemeHit` records.

Terms of a language written with spaces (English) match whole words, case-insensitively
and singular or plural. Terms of a language without spaces (Chinese, ``word_spacing:
false`` in its ``language.yaml``) match the segmenter's tokens, with every lexicon term
added to a private jieba dictionary so that it stays one token. Both matchers run on every
text, so English names inside Chinese text ("英伟达H20") are found too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from evidencekit.lang.facts import has_unspaced, writing_of
from evidencekit.lang.files import data_cache
from evidencekit.lang.loader import languages, load_language_file, load_taxonomy
from evidencekit.records import ThemeHit


@dataclass(frozen=True)
class Lexicon:
    """Compiled theme terms of every language."""

    spaced_terms: dict[str, list[tuple[str, float]]]
    spaced_index: dict[str, str]  # term with hyphens and spaces folded to one space -> term
    term_names: dict[str, str]  # lower-case term -> the term as the lexicon writes it ("Nvidia")
    segmented_terms: dict[str, list[tuple[str, float]]]
    min_score: float
    theme_ids: tuple[str, ...]
    spaced_matcher: Alternation  # every term of a spaced language, as one alternation (``.pattern``)
    not_matcher: Alternation  # phrases whose terms do not count ("a bargaining chip")


class Alternation:
    """``before(?:alt_1|alt_2|...)after`` that tries, at each position, only the alternatives
    whose first character can match there.

    ``finditer`` returns exactly the matches of the whole pattern (:attr:`pattern`): at every
    position the engine tries the alternatives in order and takes the first that succeeds,
    and an alternative that starts with a literal character fails at once where that
    character does not match. So the first alternative to succeed among those whose first
    character matches is the first to succeed among them all. A term that does not start
    with a literal character (none does today) puts the matcher back on the whole pattern.
    """

    def __init__(self, before: str, alternatives: list[tuple[str, str]], after: str, flags: int) -> None:
        self.pattern = re.compile(
            f"{before}(?:{'|'.join(a for _, a in alternatives) or '(?!)'}){after}", flags
        )
        self._before, self._after, self._flags = before, after, flags
        self._alternatives = alternatives
        firsts = list(dict.fromkeys(first for first, _ in alternatives))
        literal = all(re.escape(first) == alt[: len(re.escape(first))] for first, alt in alternatives)
        self._whole = (
            not alternatives or not literal or not all(len(f) == 1 and not f.isspace() for f in firsts)
        )
        self._firsts = tuple(firsts)
        self._literals = [re.compile(re.escape(first), flags) for first in firsts]
        lead = "|".join(map(re.escape, firsts)) or "(?!)"
        self._start = re.compile(f"{before}(?={lead})", flags)
        self._keys: dict[str, tuple[str, ...]] = {}
        self._buckets: dict[tuple[str, ...], re.Pattern[str]] = {}

    def _bucket(self, char: str) -> re.Pattern[str] | None:
        key = self._keys.get(char)
        if key is None:
            key = tuple(f for f, lit in zip(self._firsts, self._literals, strict=True) if lit.fullmatch(char))
            self._keys[char] = key
        if not key:
            return None
        bucket = self._buckets.get(key)
        if bucket is None:
            kept = "|".join(alt for first, alt in self._alternatives if first in key)
            bucket = re.compile(f"{self._before}(?:{kept}){self._after}", self._flags)
            self._buckets[key] = bucket
        return bucket

    def finditer(self, text: str) -> list[re.Match[str]]:
        """The matches of :attr:`pattern` in ``text``, left to right, never overlapping."""
        if self._whole:
            return list(self.pattern.finditer(text))
        found: list[re.Match[str]] = []
        position, size = 0, len(text)
        search = self._start.search
        while position < size:
            start = search(text, position)
            if start is None:
                break
            at = start.start()
            bucket = self._bucket(text[at])
            match = bucket.match(text, at) if bucket is not None else None
            if match is not None:  # never empty: every alternative starts with a character
                found.append(match)
                position = match.end()
            else:
                position = at + 1
        return found


def theme_ids() -> tuple[str, ...]:
    """The themes of the taxonomy, in its order.

    >>> theme_ids()
    ('energy', 'talent', 'chip-control', 'capability-gap', 'military-security', 'governance', 'economy')
    """
    return tuple(load_taxonomy()["themes"])


@data_cache
def lexicon() -> Lexicon:
    """Load every language's theme terms."""
    latin: dict[str, list[tuple[str, float]]] = defaultdict(list)
    han: dict[str, list[tuple[str, float]]] = defaultdict(list)
    names: dict[str, str] = {}
    for lang in languages():
        table = latin if writing_of(lang).word_spacing else han
        for theme, terms in load_language_file(lang, "themes")["themes"].items():
            for term, weight in terms.items():
                table[str(term) if table is han else str(term).lower()].append((theme, float(weight)))
                names.setdefault(str(term).lower(), str(term))
    ordered = sorted(latin, key=lambda t: (-len(t), t))
    alternatives = [(t[:1], re.escape(t).replace(r"\ ", r"[\s-]+") + r"(?:e?s)?") for t in ordered]
    # the lookahead lets the engine skip spaces, digits and Han text without trying every term
    spaced_matcher = Alternation(
        r"(?<![A-Za-z])(?=[A-Za-z0-9])", alternatives, r"(?![A-Za-z0-9])", re.IGNORECASE
    )
    taxonomy = load_taxonomy()
    not_terms = [
        str(t) for lang in languages() for t in load_language_file(lang, "themes").get("not_terms", [])
    ]
    excluded = [
        (t[:1], re.escape(t).replace(r"\ ", r"\s+")) for t in sorted(not_terms, key=len, reverse=True)
    ]
    not_matcher = Alternation(r"(?<![A-Za-z])", excluded, r"(?![A-Za-z])", re.IGNORECASE)
    index = {re.sub(r"[\s-]+", " ", term): term for term in latin}
    return Lexicon(
        dict(latin),
        index,
        names,
        dict(han),
        float(taxonomy["min_score"]),
        theme_ids(),
        spaced_matcher,
        not_matcher,
    )


@data_cache
def _theme_tokenizer() -> object:
    """A private jieba tokenizer whose dictionary holds every term of a language without spaces."""
    import jieba

    from evidencekit.lang.segmenter import tokenizer

    tokenizer()  # initialises jieba quietly
    private = jieba.Tokenizer()
    private.initialize()
    for term in lexicon().segmented_terms:
        # a frequency high enough that jieba keeps the term whole
        private.add_word(term, freq=max(private.suggest_freq(term, tune=False), 1000))
    return private


@data_cache
def _segment_blocks() -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """jieba's block pattern, and an alternation of every Chinese term (None when a term has a
    character outside jieba's blocks: then every block is tokenized)."""
    import jieba

    block = jieba.re_han_default
    terms = sorted(lexicon().segmented_terms, key=len, reverse=True)
    if not terms or not all(block.fullmatch(term) for term in terms):
        return block, None
    return block, re.compile("|".join(map(re.escape, terms)))


def _segmented_tokens(text: str) -> list[tuple[str, int, int]]:
    """The private tokenizer's tokens of ``text`` that may hold a Chinese term, with offsets.

    jieba cuts a text block by block (runs of Han, Latin letters and digits, split at
    punctuation and spaces) and each block on its own; a token outside these blocks is one
    character or a space, never a term. A token is a term, or ends with one, only inside a
    block that contains the term: blocks without any term are not cut at all. The tokens
    returned are exactly those of ``tokenize(text)`` in the blocks that contain a term.
    """
    block, terms = _segment_blocks()
    private = _theme_tokenizer()
    if terms is None:
        return list(private.tokenize(text))  # type: ignore[attr-defined]
    if terms.search(text) is None:
        return []
    out: list[tuple[str, int, int]] = []
    for found in block.finditer(text):
        start, end = found.span()
        if terms.search(text, start, end) is None:
            continue
        for word, begin, stop in private.tokenize(found.group()):  # type: ignore[attr-defined]
            out.append((word, start + begin, start + stop))
    return out


_FOLD = re.compile(r"[\s-]+")


def _spaced_key(surface: str) -> str:
    """The lexicon term a matched surface stands for ("Data Centers" -> "data center")."""
    key = _FOLD.sub(" ", surface.lower())
    index = lexicon().spaced_index
    for candidate in (key, key[:-1], key[:-2]):  # as written, or without the plural s/es
        if candidate in index:
            return index[candidate]
    return key


def _segmented_term(word: str, lex: Lexicon) -> tuple[str, int]:
    """The lexicon term a jieba token stands for: itself, or the term that ends it.

    Chinese compounds put their head last, and jieba keeps compounds it knows whole: 弹道导弹
    is a kind of 导弹 and 美国国会 a 国会, while 安全感 is no kind of 安全. So a token that is
    not a term itself counts as its longest final term of two characters or more.
    """
    if word in lex.segmented_terms or len(word) < 3:
        return word, 0
    for offset in range(1, len(word) - 1):
        if word[offset:] in lex.segmented_terms:
            return word[offset:], offset
    return word, 0


def tag_themes(text: str, lang: str | None = None) -> list[ThemeHit]:
    """Every lexicon term in ``text``, as theme hits with exact offsets.

    ``lang`` is accepted for symmetry with :func:`extract_metrics`; both languages'
    terms are always matched.

    >>> [(h.theme, h.term) for h in tag_themes("Data centers need gigawatts; 美国收紧出口管制")]
    [('energy', 'data center'), ('energy', 'gigawatt'), ('chip-control', '出口管制')]
    """
    lex = lexicon()
    hits: list[ThemeHit] = []
    for found in lex.spaced_matcher.finditer(text):
        key = _spaced_key(found.group())
        name = lex.term_names.get(key, key)
        for theme, weight in lex.spaced_terms.get(key, []):
            hits.append(ThemeHit(theme, name, found.start(), found.end(), weight))
    if has_unspaced(text):
        for word, start, end in _segmented_tokens(text):
            term, offset = _segmented_term(word, lex)
            for theme, weight in lex.segmented_terms.get(term, []):
                hits.append(ThemeHit(theme, term, start + offset, end, weight))
    excluded = [(m.start(), m.end()) for m in lex.not_matcher.finditer(text)]
    hits = [h for h in hits if not any(s < h.char_end and h.char_start < e for s, e in excluded)]
    hits.sort(key=lambda h: (h.char_start, h.theme))
    return hits


def themes_of(hits: list[ThemeHit]) -> list[str]:
    """Themes whose hits add up to the minimum score, strongest first, then taxonomy order."""
    lex = lexicon()
    scores: dict[str, float] = defaultdict(float)
    for hit in hits:
        scores[hit.theme] += hit.weight
    kept = [t for t in lex.theme_ids if scores[t] >= lex.min_score]
    return sorted(kept, key=lambda t: (-scores[t], lex.theme_ids.index(t)))


def theme_scores(sentences: list[dict[str, object]]) -> list[dict[str, object]]:
    """Precision and recall of the tagger per theme on hand-labelled sentences.

    ``sentences`` are mappings with ``text`` and ``themes`` (the ids a reader assigned);
    the result has one row per theme plus ``all`` (micro-averaged): ``theme``, ``labelled``,
    ``tagged``, ``right``, ``precision``, ``recall``, ``f1``. Use it to check a lexicon you
    edit against sentences you labelled (``bench/theme_quality.py`` prints it).

    >>> rows = theme_scores([{"text": "Data centers need gigawatts.", "themes": ["energy"]}])
    >>> [(r["theme"], r["precision"], r["recall"]) for r in rows if r["labelled"]]
    [('energy', 1.0, 1.0), ('all', 1.0, 1.0)]
    """
    counts = {theme: [0, 0, 0] for theme in (*theme_ids(), "all")}  # labelled, tagged, right
    for sentence in sentences:
        truth = set(sentence.get("themes") or [])  # type: ignore[call-overload]
        found = set(themes_of(tag_themes(str(sentence["text"]))))
        for theme in theme_ids():
            hit = (theme in truth, theme in found, theme in truth and theme in found)
            for key in (theme, "all"):
                counts[key] = [total + int(flag) for total, flag in zip(counts[key], hit, strict=True)]
    rows = []
    for theme, (labelled, tagged, right) in counts.items():
        precision = right / tagged if tagged else 0.0
        recall = right / labelled if labelled else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(
            {
                "theme": theme,
                "labelled": labelled,
                "tagged": tagged,
                "right": right,
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "f1": round(f1, 3),
            }
        )
    return rows
