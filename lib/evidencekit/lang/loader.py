"""Load and validate the language data: the one loader of ``data/``.

Every data file is read once, validated when loaded, and cached. A malformed file
raises :class:`~evidencekit.errors.DataFileError` naming the file, line and key.
The supported languages are the sub-folders of the data folder
(:func:`~evidencekit.lang.files.data_root`, which also reads files for other loaders).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evidencekit.errors import DataFileError
from evidencekit.lang.files import DATA_ROOT as DATA_ROOT  # re-exported: the packaged data
from evidencekit.lang.files import PACKAGE_ROOT as PACKAGE_ROOT
from evidencekit.lang.files import data_cache, data_root, has_language_file, languages, line_of, read_yaml
from evidencekit.lang.schemas import OPTIONAL_FILES, QUALIFIER_NAMES, SCHEMAS, UNIT_KEYS
from evidencekit.lang.script import SCRIPTS

__all__ = ["OPTIONAL_FILES", "QUALIFIER_NAMES", "SCHEMAS", "UNIT_KEYS"]


@data_cache
def load_kinds() -> dict[str, dict[str, Any]]:
    """The kinds of metric and their canonical units (``data/units.yaml``)."""
    path = data_root() / "units.yaml"
    data = read_yaml(path)
    kinds = data.get("kinds") if isinstance(data, dict) else None
    if not isinstance(kinds, dict) or not kinds:
        message = 'expected a mapping "kinds: {<kind>: {unit: ..., dimension: ...}}"'
        raise DataFileError(path, message, line=1, key="kinds")
    for kind, spec in kinds.items():
        if not isinstance(spec, dict) or "dimension" not in spec or "unit" not in spec:
            message = f'kind "{kind}" needs "unit" and "dimension"'
            raise DataFileError(path, message, line=line_of(path, f"{kind}:"), key=kind)
    return kinds


@data_cache
def load_language_file(lang: str, name: str) -> dict[str, Any]:
    """One validated data file, ``data/<lang>/<name>.yaml`` (empty when an optional one is missing)."""
    if name in OPTIONAL_FILES and not has_language_file(lang, name):
        return {}
    return validate_language_file(data_root() / lang / f"{name}.yaml", name)


def validate_language_file(path: Path, name: str) -> dict[str, Any]:
    """Read a language data file of kind ``name`` (numbers, units, grammar, themes) and check it."""
    if not path.is_file():
        message = f"missing data file; every language folder needs {name}.yaml"
        raise DataFileError(path, message)
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise DataFileError(path, "expected a mapping at the top level", line=1)
    schema = SCHEMAS[name]
    for key in data:
        if key not in schema:
            message = f'unknown key "{key}"; allowed: {", ".join(schema)}'
            raise DataFileError(path, message, line=line_of(path, f"{key}:"), key=key)
    for key, required in schema.items():
        if required and key not in data:
            raise DataFileError(path, f'missing required key "{key}"', key=key)
    check = _CHECKS.get(name)
    if check is not None:
        check(path, data)
    return data


def _check_chrome(path: Path, data: dict[str, Any]) -> None:
    """``chrome.yaml``: every key a list of ``{pattern, note}`` entries; each pattern compiles
    and says in its note what kind of page it comes from."""
    for key, entries in data.items():
        if not isinstance(entries, list):
            raise DataFileError(
                path, f'"{key}" must be a list of {{pattern, note}} entries', line_of(path, f"{key}:"), key
            )
        for entry in entries:
            shown = entry.get("pattern") if isinstance(entry, dict) else entry
            line = line_of(path, str(shown)) or line_of(path, f"{key}:")
            if not isinstance(entry, dict) or set(entry) != {"pattern", "note"} or not entry["note"]:
                message = (
                    f'"{key}": each entry needs exactly "pattern" and a non-empty "note" '
                    f"(the kind of page it comes from); got {entry!r}"
                )
                raise DataFileError(path, message, line, key)
            compile_pattern(entry["pattern"], path, line, key)


def _check_variants(path: Path, data: dict[str, Any]) -> None:
    for source, target in (data.get("variants") or {}).items():
        if len(str(source)) != 1 or len(str(target)) != 1:
            message = (
                f'variant "{source}" -> "{target}" must map one character to one (offsets must not move)'
            )
            raise DataFileError(path, message, line=line_of(path, f"{source}:"), key=str(source))


@data_cache
def load_variants() -> dict[str, str]:
    """Character variants of every language that has ``variants.yaml`` (Traditional -> Simplified)."""
    table: dict[str, str] = {}
    for lang in languages():
        table.update(load_language_file(lang, "variants").get("variants", {}))
    return table


@data_cache
def load_taxonomy() -> dict[str, Any]:
    """The theme taxonomy (``data/themes.yaml``): ids, labels and the minimum score."""
    path = data_root() / "themes.yaml"
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("themes"), dict):
        raise DataFileError(path, 'expected "themes: {<id>: {label: ..., description: ...}}"', line=1)
    if not isinstance(data.get("min_score"), int | float):
        raise DataFileError(path, 'missing numeric "min_score"', key="min_score")
    return data


def _check_themes(path: Path, data: dict[str, Any]) -> None:
    known = load_taxonomy()["themes"]
    for theme, terms in (data.get("themes") or {}).items():
        if theme not in known:
            message = f'unknown theme "{theme}"; add it to data/themes.yaml or use one of: {", ".join(known)}'
            raise DataFileError(path, message, line=line_of(path, f"{theme}:"), key=theme)
        for term, weight in (terms or {}).items():
            if not isinstance(weight, int | float) or not 0 < weight <= 1:
                message = (
                    f'term "{term}" of theme "{theme}" has weight {weight!r}; expected a number in (0, 1]'
                )
                raise DataFileError(path, message, line=line_of(path, f"{term}:"), key=str(term))


def _check_units(path: Path, data: dict[str, Any]) -> None:
    kinds = load_kinds()
    seen: dict[str, str] = {}
    for section in ("units", "prefixes"):
        for entry in data.get(section) or []:
            forms = entry.get("forms") if isinstance(entry, dict) else None
            first = str(forms[0]) if forms else str(entry)
            line = line_of(path, first)
            if not forms:
                raise DataFileError(path, 'a unit entry needs "forms"', line=line, key=section)
            unknown = set(entry) - UNIT_KEYS
            if unknown:
                message = f'unit "{first}": unknown keys {sorted(unknown)}; allowed: {sorted(UNIT_KEYS)}'
                raise DataFileError(path, message, line=line, key=first)
            _check_unit_entry(path, entry, first, line, kinds)
            for form in forms:
                slot = f"{section}:{form}"
                if slot in seen:
                    message = f'surface form "{form}" is claimed twice in {section}'
                    raise DataFileError(path, message, line=line, key=str(form))
                seen[slot] = first


def _check_unit_entry(
    path: Path,
    entry: dict[str, Any],
    first: str,
    line: int | None,
    kinds: dict[str, dict[str, Any]],
) -> None:
    kind = entry.get("kind")
    if kind not in kinds:
        message = f'unit "{first}" has kind {kind!r}; expected one of: {", ".join(kinds)}'
        raise DataFileError(path, message, line=line, key=first)
    if not isinstance(entry.get("factor"), int | float):
        message = f'unit "{first}" has no numeric "factor" (the multiplier to {kind} units)'
        raise DataFileError(path, message, line=line, key=first)
    if kind == "money" and not entry.get("currency"):
        message = f'money unit "{first}" needs "currency" (an ISO 4217 code such as USD)'
        raise DataFileError(path, message, line=line, key=first)
    qualifier = entry.get("qualifier")
    if qualifier is not None and qualifier not in QUALIFIER_NAMES:
        message = f'unit "{first}": qualifier {qualifier!r}; expected one of: {", ".join(QUALIFIER_NAMES)}'
        raise DataFileError(path, message, line=line, key=first)


def _check_grammar(path: Path, data: dict[str, Any]) -> None:
    for key, value in data.items():
        items = value if isinstance(value, list) else list(value or {})
        for item in items:
            if not isinstance(item, str):
                message = (
                    f'"{key}" holds {item!r}, not a string; quote it (YAML reads on/off/yes/no as booleans)'
                )
                raise DataFileError(path, message, line=line_of(path, f"{key}:"), key=key)
    for section in ("qualifiers_before", "qualifiers_after"):
        for phrase, qualifier in (data.get(section) or {}).items():
            if qualifier not in QUALIFIER_NAMES:
                message = (
                    f'qualifier "{phrase}" maps to {qualifier!r}; '
                    f"expected one of: {', '.join(QUALIFIER_NAMES)}"
                )
                raise DataFileError(path, message, line=line_of(path, f"{phrase}:"), key=phrase)


LANGUAGE_TYPES: dict[str, tuple[Any, str]] = {
    "script": (str, "a script name"),
    "word_spacing": (bool, "true or false"),
    "detect_weight": (int | float, "a number"),
    "default": (bool, "true or false"),
    "segmenter": (str, "a segmenter name"),
    "segmenter_tags": (dict, "a mapping of tag roles to tag names"),
}
SEGMENTERS = ("jieba",)
SEGMENTER_TAGS = ("noun", "numeral", "verbal_noun", "foreign", "person", "punctuation")


def _check_language(path: Path, data: dict[str, Any]) -> None:
    """``language.yaml``: value types, a known script and segmenter, and a segmenter with all
    its tag names for a language written without spaces."""
    for key, (wanted, described) in LANGUAGE_TYPES.items():
        if key in data and not isinstance(data[key], wanted):
            message = f'"{key}" is {data[key]!r}; expected {described}'
            raise DataFileError(path, message, line=line_of(path, f"{key}:"), key=key)
    tags = set(data.get("segmenter_tags", SEGMENTER_TAGS))
    checks = (
        ("script", data.get("script", "latin") in SCRIPTS, f"one of: {', '.join(SCRIPTS)}"),
        ("segmenter", data.get("segmenter", "jieba") in SEGMENTERS, f"one of: {', '.join(SEGMENTERS)}"),
        ("segmenter", data.get("word_spacing", True) or "segmenter" in data, "one (word_spacing is false)"),
        (
            "segmenter_tags",
            "segmenter" not in data or "segmenter_tags" in data,
            "the tag names of the segmenter",
        ),
        ("segmenter_tags", tags == set(SEGMENTER_TAGS), f"exactly the roles: {', '.join(SEGMENTER_TAGS)}"),
    )
    for key, ok, expected in checks:
        if not ok:  # a missing key is named at the line of the key that needs it
            line = line_of(path, f"{key}:") or line_of(path, "word_spacing:") or line_of(path, "segmenter:")
            raise DataFileError(path, f'"{key}": expected {expected}', line=line, key=key)


def _check_words(path: Path, data: dict[str, Any]) -> None:
    """``change.yaml``, ``subjects.yaml``: every word a string (YAML reads a bare on, off, yes
    or no as a boolean)."""
    for key, value in data.items():
        items = value if isinstance(value, list) else []
        if isinstance(value, dict):
            items = [w for v in value.values() for w in (v if isinstance(v, list) else [v])]
        for item in items:
            if not isinstance(item, str | int | float) or isinstance(item, bool):
                message = (
                    f'"{key}" holds {item!r}, not a word; quote it (YAML reads on/off/yes/no as booleans)'
                )
                raise DataFileError(path, message, line=line_of(path, f"{key}:"), key=key)


_CHECKS: dict[str, Callable[[Path, dict[str, Any]], None]] = {
    "change": _check_words,
    "subjects": _check_words,
    "units": _check_units,
    "grammar": _check_grammar,
    "themes": _check_themes,
    "variants": _check_variants,
    "language": _check_language,
    "chrome": _check_chrome,
}
"""The checks of each kind of language file beyond its keys."""


def compile_pattern(
    source: Any, shown: Path, line: int | None, key: str, groups: tuple[str, ...] = ()
) -> re.Pattern[str]:
    """Compile one pattern of a data file, checking that it captures the named ``groups``."""
    if not isinstance(source, str) or not source:
        raise DataFileError(shown, f'"{key}": patterns must be non-empty strings', line, key)
    try:
        pattern = re.compile(source, re.IGNORECASE)
    except re.error as error:
        message = f'"{key}": pattern {source!r} is not a valid regular expression ({error})'
        raise DataFileError(shown, message, line, key) from error
    missing = [name for name in groups if name not in pattern.groupindex]
    if missing:
        message = f'"{key}": pattern {source!r} must capture {", ".join(missing)} as (?P<name>...)'
        raise DataFileError(shown, message, line, key)
    return pattern
