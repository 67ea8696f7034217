"""Adapter: ``evidencekit.extract_metrics`` for ``../shared/benchmarks/score_quantities.py``.

    python ../shared/benchmarks/score_quantities.py --adapter bench/adapter.py:extract \
        --kind-filter --accept-interval

Each :class:`evidencekit.Metric` becomes one scorer record (see bench/CONVENTIONS.md):

* ``value``: the low bound (a range is never collapsed to its midpoint); ``low``/``high``
  carry both bounds, which the scorer uses with ``--accept-interval``.
* Money and percent keep the extractor's values: multipliers applied ("$ 75 million" ->
  7.5e7), percent in percent points ("千分之一" -> 0.1), as the suites expect.
* Every other measured kind (durations, power, energy, data, ...) is reported in the unit
  *as written*, because the suites annotate "3 years" as 3 Year and "5 kW" as 5 Kilowatt:
  the canonical value is divided by the factor of ``unit_raw`` (36 month -> 3 year).
* ``unit``: a name the scorer's lenient unit table knows (ISO code, "%", "kilowatt",
  "year"); None for counts, bare numbers, ratios and calendar years, which the suites
  treat as dimensionless.
* ``kind`` (for ``--kind-filter``): number, percent, currency, dimension, age, temperature.

Bare numbers: when ``extract_metrics`` accepts ``numbers=True`` it is passed, so that plain
numbers come back as kind "number" (the Recognizers-Text NumberModel cases expect every
number of the text).
"""

from __future__ import annotations

import inspect
import re
from functools import cache
from typing import Any

from evidencekit import Metric, extract_metrics
from evidencekit.units import Unit, unit_matcher

# evidencekit kind -> scorer kind (Recognizers-Text model); anything else is "dimension".
KIND_MAP = {
    "number": "number",
    "count": "number",
    "ratio": "number",
    "date": "number",
    "percent": "percent",
    "money": "currency",
    "duration": "age",
    "age": "age",
    "temperature": "temperature",
}

# Kinds whose values stay as the extractor gives them (not converted back to unit_raw).
KEEP_VALUE = {"number", "count", "ratio", "date", "percent", "money"}

# Kinds the suites treat as dimensionless: reported without a unit.
NO_UNIT = {"number", "count", "ratio", "date"}

# Units named by an SI prefix on a base unit: kind -> base name, factor -> prefix.
SI_BASES = {"power": "watt", "energy": "watt hour", "data": "byte"}
SI_PREFIXES = {1.0: "", 1e3: "kilo", 1e6: "mega", 1e9: "giga", 1e12: "tera", 1e15: "peta"}

# Durations by their factor to months (data/en/units.yaml).
DURATION_NAMES = {
    0.0013689253935660506: "hour",
    0.03285420944558522: "day",
    0.22997946611909653: "week",
    1.0: "month",
    3.0: "quarter",
    12.0: "year",
    120.0: "decade",
    1200.0: "century",
}


@cache
def _passes_numbers() -> bool:
    """Whether this version of ``extract_metrics`` takes ``numbers=`` (bare numbers)."""
    return "numbers" in inspect.signature(extract_metrics).parameters


def warm_up() -> None:
    """Load the lexicons and jieba's dictionary (about 2 s) before the timed cases.

    The scorer's own warm-up sentence has no Chinese measure word, so without this the
    first case with one ("199个") would carry jieba's start-up time.
    """
    extract("About 12 GW, 5% and $3.2 million by 2028.", "en")
    extract("约199个项目，三到六个月。", "zh")


def extract(text: str, lang: str) -> list[dict[str, Any]]:
    """Score records for ``text``: one dict per metric, in order of appearance."""
    if _passes_numbers():
        metrics = extract_metrics(text, lang=lang, numbers=True)  # type: ignore[call-arg]
    else:
        metrics = extract_metrics(text, lang=lang)
    return [to_record(m) for m in metrics]


def to_record(metric: Metric) -> dict[str, Any]:
    """One metric as a scorer record (value, low, high, unit, kind, surface, span)."""
    low, high, unit = _as_written(metric)
    return {
        "value": low,
        "low": low,
        "high": high,
        "unit": unit,
        "kind": KIND_MAP.get(metric.kind, "dimension"),
        "surface": metric.surface,
        "start": metric.char_start,
        "end": metric.char_end,
        "ek_kind": metric.kind,
        "ek_unit": metric.unit,
    }


def _as_written(metric: Metric) -> tuple[float, float, str | None]:
    """Bounds and unit name in the unit the text used (see the module docstring)."""
    if metric.kind in NO_UNIT:
        return metric.value_low, metric.value_high, None
    if metric.kind == "percent":
        return metric.value_low, metric.value_high, _percent_name(metric)
    if metric.kind == "money":
        return metric.value_low, metric.value_high, metric.unit
    unit = _written_unit(metric.unit_raw)
    if unit is None or unit.kind != metric.kind:
        return metric.value_low, metric.value_high, metric.unit_raw or metric.unit
    name = _unit_name(unit) or metric.unit_raw
    return _divide(metric.value_low, unit.factor), _divide(metric.value_high, unit.factor), name


def _unit_name(unit: Unit) -> str | None:
    """A name the scorer knows for a lexicon unit ("kilowatt", "year"), or None."""
    if unit.kind == "duration":
        return DURATION_NAMES.get(unit.factor)
    if unit.kind == "node":  # process nodes are in nanometres, factor 1
        return "nanometer"
    base = SI_BASES.get(unit.kind)
    prefix = SI_PREFIXES.get(unit.factor)
    if base is None or prefix is None:
        return None
    return prefix + base


def _percent_name(metric: Metric) -> str:
    return "percentage point" if metric.unit == "percentage_point" else "%"


def _written_unit(unit_raw: str) -> Unit | None:
    """The lexicon entry of a unit as written ("years", "个月", "kW"), or None."""
    if not unit_raw:
        return None
    key = re.sub(r"\s+", " ", unit_raw)
    by_form = unit_matcher().by_form
    return by_form.get(key) or by_form.get(key.lower())


def _divide(value: float, factor: float) -> float:
    """``value / factor`` rounded to 12 significant digits (36 / 12 -> 3.0, not 2.9999...)."""
    return float(f"{value / factor:.12g}")


warm_up()
