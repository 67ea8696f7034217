"""Table-driven cases for ``evidencekit.extract.metrics.extract_metrics``.

Every ``tests/cases/metrics/*.yaml`` file is loaded and checked against the case format of
``tests/cases/metrics/README.md``; a malformed file stops collection with an error naming
the file and the case. Each case then runs as one test whose id is the case id.
"""

from __future__ import annotations

import math
import pprint
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml

CASES_DIR = Path(__file__).parent / "cases" / "metrics"
SEEDS_DIR = Path(__file__).parent.parent / "seeds"

REL_TOL = 1e-9
GROUPS = ("seed", "hand", "trap", "bug")
LANGS = ("en", "zh")
UNITS = {  # kind -> its canonical unit(s); money takes an ISO currency code instead
    "power": ("W",),
    "energy": ("Wh",),
    "percent": ("percent", "percentage_point"),
    "duration": ("month",),
    "count": ("count",),
    "ratio": ("ratio",),
    "multiple": ("times",),
    "date": ("year",),
    "node": ("nm",),
    "data": ("B",),
    "compute": ("FLOP",),
    "compute_rate": ("FLOP/s",),
    "length": ("m",),
    "mass": ("kg",),
    "area": ("m2",),
    "volume": ("m3",),
    "speed": ("m/s",),
    "temperature": ("degC",),
    "frequency": ("Hz",),
    "number": ("1",),  # a bare number: only in cases with `numbers: true`
}
CURRENCY = re.compile(r"[A-Z]{3}")  # money: an ISO 4217 code
QUALIFIERS = ("approximate", "at least", "more than", "at most", "less than")
CASE_KEYS = {
    "id": True,
    "group": True,
    "text": True,
    "expect": True,
    "note": False,
    "xfail": False,
    "numbers": False,
}
METRIC_KEYS = {
    "surface": True,
    "kind": True,
    "low": True,
    "high": True,
    "unit": True,
    "qualifier": False,
    "noun": False,
    "direction": False,
    "basis": False,
    "role": False,
    "period": False,
    "year": False,
    "per": False,
    "subject": False,
}
OPTIONAL = ("noun", "direction", "basis", "role", "period", "year", "per", "subject")
"""Checked only when a case gives them; ``none`` (or null) asserts that the kit finds none."""
CHOICES = {
    "direction": ("up", "down"),
    "role": ("start", "end"),
    "period": ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY"),
}
Fail = Callable[[str], NoReturn]
CASE_ID = re.compile(r"(?P<lang>[a-z]{2})-[a-z0-9]+(?:-[a-z0-9]+)*-\d{2,}")


class CaseFormatError(ValueError):
    """A case file does not follow tests/cases/metrics/README.md."""

    def __init__(self, path: Path, message: str, case_id: str | None = None) -> None:
        where = path.name if case_id is None else f"{path.name}, case {case_id}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Case:
    path: Path
    id: str
    group: str
    text: str
    expect: tuple[dict[str, Any], ...]
    note: str | None = None
    xfail: str | None = None
    numbers: bool = False  # run extract_metrics(text, numbers=True): bare numbers are metrics too

    @property
    def lang(self) -> str:
        return self.id.split("-", 1)[0]


@cache
def _seed_texts() -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt")))


def _check_keys(raw: dict[str, Any], spec: dict[str, bool], what: str, fail: Fail) -> None:
    unknown = sorted(set(raw) - set(spec), key=str)
    if unknown:
        fail(f"{what} has unknown key(s) {unknown}; allowed: {sorted(spec)}")
    missing = [key for key, required in spec.items() if required and key not in raw]
    if missing:
        fail(f"{what} misses key(s) {missing}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_unit(kind: Any, unit: Any, what: str, fail: Fail) -> None:
    if kind == "money":
        if not isinstance(unit, str) or not CURRENCY.fullmatch(unit):
            fail(f"{what}: a money unit is an ISO currency code such as USD, got {unit!r}")
    elif kind not in UNITS:
        fail(f"{what}: kind must be one of {sorted([*UNITS, 'money'])}, got {kind!r}")
    elif unit not in UNITS[kind]:
        units = " or ".join(map(repr, UNITS[kind]))
        fail(f"{what}: the unit of kind {kind} is {units}, got {unit!r}")


def _check_metric(
    raw: Any, position: int, text: str, previous: tuple[int, int], fail: Fail
) -> tuple[int, int]:
    """Check one expected metric; return its expected span."""
    what = f"expect[{position}]"
    if not isinstance(raw, dict):
        fail(f"{what} must be a mapping, got {raw!r}")
    _check_keys(raw, METRIC_KEYS, what, fail)
    surface, kind, unit = raw["surface"], raw["kind"], raw["unit"]
    if not isinstance(surface, str) or not surface:
        fail(f"{what}: surface must be a non-empty string, got {surface!r}")
    _check_unit(kind, unit, what, fail)
    low, high = raw["low"], raw["high"]
    if low is None and high is None and kind == "date":
        pass  # a period named alone ("Q3") is a date with no value
    elif not _is_number(low) or not _is_number(high):
        fail(f"{what}: low and high must be numbers (write floats as 5.0e+10), got {low!r}, {high!r}")
    elif low > high:
        fail(f"{what}: low {low!r} is greater than high {high!r}")
    if raw.get("qualifier") not in (None, *QUALIFIERS):
        fail(f"{what}: qualifier must be null or one of {QUALIFIERS}, got {raw['qualifier']!r}")
    if "noun" in raw and (not isinstance(raw["noun"], str) or not raw["noun"]):
        fail(f"{what}: noun must be a non-empty string, got {raw['noun']!r}")
    _check_reading(raw, what, fail)
    start = text.find(surface, previous[0])
    if start < 0:
        fail(f"{what}: surface {surface!r} does not occur in the text at or after {previous[0]}")
    if start < previous[1]:
        fail(
            f"{what}: surface {surface!r} first occurs at {start}, inside the previous expected "
            f"span {previous}; the expected spans would overlap"
        )
    return start, start + len(surface)


def _check_reading(raw: dict[str, Any], what: str, fail: Fail) -> None:
    """The optional keys of how a figure reads: direction, role, period, year, basis, per, subject."""
    for key, choices in CHOICES.items():
        if key in raw and raw[key] not in (None, "none", *choices):
            fail(f"{what}: {key} must be none or one of {choices}, got {raw[key]!r}")
    if "year" in raw and raw["year"] not in (None, "none") and not isinstance(raw["year"], int):
        fail(f"{what}: year must be a calendar year such as 2024 or none, got {raw['year']!r}")
    for key in ("basis", "per", "subject"):
        if key in raw and raw[key] not in (None, "none") and (not isinstance(raw[key], str) or not raw[key]):
            fail(f"{what}: {key} must be a non-empty string or none, got {raw[key]!r}")


def _check_numbers(raw: dict[str, Any], fail: Fail) -> None:
    """`numbers: true` asks for bare numbers (kind number); only such cases may expect them."""
    if "numbers" in raw and not isinstance(raw["numbers"], bool):
        fail(f"numbers must be true or false, got {raw['numbers']!r}")
    bare = any(isinstance(m, dict) and m.get("kind") == "number" for m in raw["expect"])
    if bare and not raw.get("numbers"):
        fail("kind number (a bare number) is only returned with `numbers: true`")


def _check_case(path: Path, index: int, raw: Any) -> Case:
    case_id = raw.get("id") if isinstance(raw, dict) else None
    label = case_id if isinstance(case_id, str) else f"#{index + 1}"

    def fail(message: str) -> NoReturn:
        raise CaseFormatError(path, message, label)

    if not isinstance(raw, dict):
        fail(f"a case must be a mapping, got {raw!r}")
    _check_keys(raw, CASE_KEYS, "the case", fail)
    match = CASE_ID.fullmatch(case_id) if isinstance(case_id, str) else None
    if match is None:
        fail(f"id must look like <lang>-<feature>-NN (such as zh-range-07), got {case_id!r}")
    if match["lang"] not in LANGS or (path.stem in LANGS and match["lang"] != path.stem):
        fail(f"the id's language {match['lang']!r} does not fit the file {path.name}")
    if raw["group"] not in GROUPS:
        fail(f"group must be one of {GROUPS}, got {raw['group']!r}")
    text = raw["text"]
    if not isinstance(text, str) or not text:
        fail(f"text must be a non-empty string, got {text!r}")
    if raw["group"] == "seed" and not any(text in seed for seed in _seed_texts()):
        fail(f"a seed case's text must be copied verbatim from {SEEDS_DIR.name}/*.txt")
    for key in ("note", "xfail"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            fail(f"{key} must be a non-empty string, got {raw[key]!r}")
    if not isinstance(raw["expect"], list):
        fail(f"expect must be a list ([] for none), got {raw['expect']!r}")
    _check_numbers(raw, fail)
    span = (0, 0)
    for position, metric in enumerate(raw["expect"]):
        span = _check_metric(metric, position, text, span, fail)
    return Case(
        path=path,
        id=label,
        group=raw["group"],
        text=text,
        expect=tuple(raw["expect"]),
        note=raw.get("note"),
        xfail=raw.get("xfail"),
        numbers=bool(raw.get("numbers", False)),
    )


def load_case_file(path: Path) -> list[Case]:
    """Read and check one case file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CaseFormatError(path, f"not valid YAML: {error}") from error
    if not isinstance(data, dict) or set(data) != {"cases"} or not isinstance(data["cases"], list):
        raise CaseFormatError(path, "the file must be a mapping with the single key 'cases' (a list)")
    return [_check_case(path, index, raw) for index, raw in enumerate(data["cases"])]


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    """Read and check every ``*.yaml`` case file of ``directory``; ids are unique across files."""
    cases: list[Case] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.yaml")):
        for case in load_case_file(path):
            if case.id in seen:
                first = seen[case.id].name
                raise CaseFormatError(path, f"duplicate id (first used in {first})", case.id)
            seen[case.id] = path
            cases.append(case)
    return cases


def expected_spans(case: Case) -> list[tuple[int, int]]:
    """Each expected surface's first occurrence at or after the previous expected start."""
    spans, after = [], 0
    for metric in case.expect:
        after = case.text.index(metric["surface"], after)
        spans.append((after, after + len(metric["surface"])))
    return spans


def _row(metric: Any, expected: dict[str, Any] | None) -> dict[str, Any]:
    row = {
        "surface": metric.surface,
        "kind": metric.kind,
        "low": metric.value_low,
        "high": metric.value_high,
        "unit": metric.unit,
        "qualifier": metric.qualifier,
    }
    for key in OPTIONAL:
        if expected is not None and key in expected:
            value = getattr(metric, key)
            if key == "subject" and value is not None and isinstance(expected[key], str):
                # the subject must contain the expected text (case ignored)
                value = expected[key] if expected[key].casefold() in value.casefold() else value
            row[key] = value
    return row


def _same(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    if expected.keys() != actual.keys():
        return False
    for key, value in expected.items():
        if key in ("low", "high") and value is None:
            if actual[key] == actual[key]:  # no value: NaN, the only value not equal to itself
                return False
        elif key in ("low", "high"):
            if not _is_number(actual[key]) or not math.isclose(value, actual[key], rel_tol=REL_TOL):
                return False
        elif (None if value == "none" else value) != actual[key]:
            return False
    return True


def _report(case: Case, problem: str, expected: Any, actual: Any) -> str:
    return (
        f"{case.path.name} :: {case.id}: {problem}\n"
        f"text: {case.text!r}\n"
        f"expected:\n{pprint.pformat(expected, sort_dicts=False, width=120)}\n"
        f"actual:\n{pprint.pformat(actual, sort_dicts=False, width=120)}"
    )


ALL_CASES = load_cases()


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else [],
        )
        for case in ALL_CASES
    ],
)
def test_metric_case(case: Case) -> None:
    from evidencekit.extract.metrics import extract_metrics

    metrics = list(extract_metrics(case.text, numbers=case.numbers))
    expected = [
        {key: metric.get(key) for key in METRIC_KEYS if key not in OPTIONAL or key in metric}
        for metric in case.expect
    ]
    actual = [_row(metric, expected[i] if i < len(expected) else None) for i, metric in enumerate(metrics)]
    if len(expected) != len(actual) or not all(map(_same, expected, actual)):
        pytest.fail(_report(case, "metrics differ", expected, actual), pytrace=False)

    bad = [
        (m.surface, m.char_start, m.char_end, case.text[m.char_start : m.char_end])
        for m in metrics
        if case.text[m.char_start : m.char_end] != m.surface
    ]
    if bad:
        problem = "text[char_start:char_end] != surface for (surface, start, end, slice)"
        pytest.fail(_report(case, problem, [], bad), pytrace=False)

    spans = [(m.char_start, m.char_end) for m in metrics]
    if spans != expected_spans(case):
        problem = "spans differ (expected: first occurrence at or after the previous start)"
        pytest.fail(_report(case, problem, expected_spans(case), spans), pytrace=False)


def test_case_counts() -> None:
    langs = Counter(case.lang for case in ALL_CASES)
    traps = sum(case.group == "trap" for case in ALL_CASES)
    assert sum(langs.values()) >= 60, f"only {sum(langs.values())} metric cases: {dict(langs)}"
    assert all(langs[lang] for lang in LANGS), f"cases of both languages are needed: {dict(langs)}"
    assert traps >= 15, f"only {traps} trap cases"


BAD_FILES = {
    "unknown key": "cases:\n  - {id: en-x-01, group: hand, text: a, expect: [], extra: 1}\n",
    "misses key": "cases:\n  - {id: en-x-01, group: hand, text: a}\n",
    "duplicate id": (
        "cases:\n  - {id: en-x-01, group: hand, text: a, expect: []}\n"
        "  - {id: en-x-01, group: hand, text: b, expect: []}\n"
    ),
    "must be numbers": (
        "cases:\n  - {id: en-x-01, group: hand, text: 5 GW, expect: "
        "[{surface: 5 GW, kind: power, low: 5e9, high: 5e9, unit: W}]}\n"
    ),
    "does not occur": (
        "cases:\n  - {id: en-x-01, group: hand, text: 5 GW, expect: "
        "[{surface: 6 GW, kind: power, low: 6.0e+9, high: 6.0e+9, unit: W}]}\n"
    ),
    "spans would overlap": (
        "cases:\n  - {id: en-x-01, group: hand, text: up 3.5% and 4%, expect: "
        "[{surface: 3.5%, kind: percent, low: 3.5, high: 3.5, unit: percent},"
        " {surface: 5%, kind: percent, low: 5, high: 5, unit: percent}]}\n"
    ),
}


def test_case_format_errors(tmp_path: Path) -> None:
    """The loader rejects malformed case files, naming the file and the case."""
    for message, content in BAD_FILES.items():
        (tmp_path / "en.yaml").write_text(content, encoding="utf-8")
        with pytest.raises(CaseFormatError, match=message) as raised:
            load_cases(tmp_path)
        assert "en.yaml, case en-x-01" in str(raised.value)
