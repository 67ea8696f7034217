"""How each language is written: ``data/<lang>/language.yaml`` (every key optional).

The engine asks these facts instead of naming a language: which script a language's words
are written in, whether it separates words with spaces, which word segmenter cuts it when
it does not, and that segmenter's tag names. A language without the file is a language
written in Latin letters with spaces between words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.lang.files import data_cache, languages
from evidencekit.lang.loader import load_language_file
from evidencekit.lang.script import SCRIPTS

NO_TAG = "\x00"
"""A tag name no segmenter gives: the tags when no language has a segmenter."""


@dataclass(frozen=True)
class SegmenterTags:
    """The part-of-speech tag names of a word segmenter (jieba: n, m, vn, eng, nr, x)."""

    noun: str = NO_TAG  # the prefix of every noun tag (n, nr, ns, nz ...)
    numeral: str = NO_TAG
    verbal_noun: str = NO_TAG
    foreign: str = NO_TAG  # Latin letters and digits inside the text (H20芯片, 5G基站)
    person: str = NO_TAG  # the prefix of person-name tags
    punctuation: str = NO_TAG


@dataclass(frozen=True)
class Writing:
    """How one language is written."""

    code: str
    name: str = ""  # the language's name in English, as reports write it ("Chinese")
    script: str = "latin"
    word_spacing: bool = True
    detect_weight: float = 1
    default: bool = False
    segmenter: str | None = None
    tags: SegmenterTags | None = None


def language_name(code: str) -> str:
    """The name reports give a language ("Chinese" for ``zh``); the code for one the kit lacks.

    >>> language_name("en"), language_name("zh"), language_name("xx")
    ('English', 'Chinese', 'xx')
    """
    known = {lang.code: lang.name for lang in writing()}
    return known.get(code, code)


@data_cache
def writing_of(code: str) -> Writing:
    """The facts of one language (defaults for every key its ``language.yaml`` leaves out).

    >>> writing_of("zh").word_spacing, writing_of("zh").script, writing_of("en").word_spacing
    (False, 'han', True)
    """
    data = load_language_file(code, "language")
    tags = data.get("segmenter_tags")
    return Writing(
        code=code,
        name=str(data.get("name", code)),
        script=str(data.get("script", "latin")),
        word_spacing=bool(data.get("word_spacing", True)),
        detect_weight=data.get("detect_weight", 1),
        default=bool(data.get("default", False)),
        segmenter=data.get("segmenter"),
        tags=SegmenterTags(**{k: str(v) for k, v in tags.items()}) if tags else None,
    )


def writing() -> tuple[Writing, ...]:
    """The facts of every language, in the order of :func:`~evidencekit.lang.files.languages`."""
    return tuple(writing_of(code) for code in languages())


@data_cache
def default_language() -> str:
    """The language of a text without letters: the one marked ``default`` (else the first)."""
    marked = [lang.code for lang in writing() if lang.default]
    return marked[0] if marked else languages()[0]


@data_cache
def unspaced_characters() -> re.Pattern[str]:
    """One character of the scripts of languages written without spaces between words.

    >>> bool(unspaced_characters().match("电")), bool(unspaced_characters().match("A"))
    (True, False)
    """
    classes = sorted({SCRIPTS[lang.script] for lang in writing() if not lang.word_spacing})
    return re.compile(f"[{''.join(classes)}]") if classes else re.compile("(?!)")


def has_unspaced(text: str) -> bool:
    """Whether ``text`` holds a character of a language written without spaces (Han)."""
    return unspaced_characters().search(text) is not None


@data_cache
def segmenter_tags() -> SegmenterTags:
    """The tag names of the word segmenter (of the first language that has one)."""
    for lang in writing():
        if lang.tags is not None:
            return lang.tags
    return SegmenterTags()
