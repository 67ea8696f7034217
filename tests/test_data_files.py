"""The language data under evidencekit/data: every file loads and is consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.errors import DataFileError
from evidencekit.extract.themes import theme_ids
from evidencekit.lang.loader import (
    DATA_ROOT,
    OPTIONAL_FILES,
    SCHEMAS,
    languages,
    load_kinds,
    load_language_file,
    validate_language_file,
)


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_data_file_loads(lang: str, name: str) -> None:
    if name in OPTIONAL_FILES and not (DATA_ROOT / lang / f"{name}.yaml").is_file():
        pytest.skip(f"{lang} has no optional {name}.yaml")
    assert load_language_file(lang, name)


def test_languages_are_the_data_folders() -> None:
    assert languages() == ("en", "zh")


@pytest.mark.parametrize("lang", languages())
def test_every_unit_has_a_known_kind_and_a_factor(lang: str) -> None:
    kinds = load_kinds()
    for section in ("units", "prefixes"):
        for entry in load_language_file(lang, "units").get(section, []):
            assert entry["kind"] in kinds, entry
            assert isinstance(entry["factor"], int | float), entry


def test_no_surface_form_is_claimed_by_two_units_across_languages() -> None:
    owners: dict[tuple[str, str], tuple[str, str]] = {}
    for lang in languages():
        for section in ("units", "prefixes"):
            for entry in load_language_file(lang, "units").get(section, []):
                for form in entry["forms"]:
                    exact = entry.get("case_sensitive", False)
                    key = (section, str(form) if exact else str(form).lower())
                    meaning = (entry["kind"], entry.get("currency", ""))
                    assert owners.setdefault(key, meaning) == meaning, (lang, form)


def test_theme_lexicons_cover_the_same_themes() -> None:
    covered = {lang: set(load_language_file(lang, "themes")["themes"]) for lang in languages()}
    for lang, themes in covered.items():
        assert themes == set(theme_ids()), lang


BAD_FILES = [
    (
        "units",
        "units:\n  - {forms: [公斤], kind: weight, factor: 1}\n",
        "line 2: unit \"公斤\" has kind 'weight'; expected one of: power, energy, money, percent, "
        "duration, count, ratio, multiple, date, node, data, compute, compute_rate, number, length, "
        "mass, area, volume, speed, temperature, frequency",
    ),
    (
        "units",
        "units:\n  - {forms: [瓦], kind: power}\n",
        'line 2: unit "瓦" has no numeric "factor" (the multiplier to power units)',
    ),
    (
        "units",
        "units:\n  - {forms: [美元], kind: money, factor: 1}\n",
        'line 2: money unit "美元" needs "currency" (an ISO 4217 code such as USD)',
    ),
    (
        "units",
        "units:\n  - {forms: [瓦], kind: power, factor: 1}\n  - {forms: [瓦], kind: power, factor: 1}\n",
        'line 2: surface form "瓦" is claimed twice in units',
    ),
    (
        "grammar",
        "qualifiers_before: {约: roughly}\nqualifiers_after: {}\nrange_connectors: []\n",
        "line 1: qualifier \"约\" maps to 'roughly'; expected one of: approximate, at least, "
        "more than, at most, less than",
    ),
    (
        "grammar",
        "qualifiers_before: {}\nqualifiers_after: {}\nrange_connectors: []\nstopwords: [on]\n",
        'line 4: unknown key "stopwords"',
    ),
    (
        "grammar",
        "qualifiers_before: {}\nqualifiers_after: {}\nrange_connectors: [on]\n",
        'line 3: "range_connectors" holds True, not a string; '
        "quote it (YAML reads on/off/yes/no as booleans)",
    ),
    ("numbers", "words: {one: 1\n", "not valid YAML"),
    ("language", "script: cyrillic\n", 'line 1: "script": expected one of: latin, han'),
    ("language", "word_spacing: no\n", 'line 1: "segmenter": expected one (word_spacing is false)'),
    ("language", "word_spacing: 0\n", 'line 1: "word_spacing" is 0; expected true or false'),
    (
        "language",
        "word_spacing: false\nsegmenter: jieba\nsegmenter_tags: {noun: n}\n",
        'line 3: "segmenter_tags": expected exactly the roles: noun, numeral',
    ),
    (
        "themes",
        "themes:\n  weather:\n    rain: 1\n",
        'line 2: unknown theme "weather"; '
        "add it to data/themes.yaml or use one of: energy, talent, chip-control",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[m[:30] for *_, m in BAD_FILES])
def test_malformed_data_file_names_file_line_and_key(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        validate_language_file(path, name)
    assert str(caught.value).startswith(path.as_posix())
    assert message in str(caught.value)
