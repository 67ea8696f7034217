"""Adapter: ``evidencekit.extract_metrics`` for ``../shared/benchmarks/score_quantities.py``.

    python ../shared/benchmarks/score_quantities.py --adapter bench/adapter.py:extract \
        --kind-filter --accept-interval

Each :class:`evidencekit.Metric` becomes one scorer record (see bench/CONVENTIONS.md):

* ``value``: the low bound (a range is never collapsed to its midpoint); ``low``/``high``
  carry both bounds, which the scorer uses with ``--accept-interval``.
* Money and percent keep the extractor's values: multipliers applied ("$ 75 million" ->
  7.5e7), percent in percent points ("千分之一" -> 0.1), as the suites expect.
* Every other measured kind (durations, power, energy, data, length, mass, area, volume,
  speed, temperature, frequency) is reported in the unit *as written*, because the suites
  annotate "3 years" as 3 Year, "5 kW" as 5 Kilowatt and "5 km" as 5 Kilometer: the
  canonical value minus the offset of ``unit_raw``, divided by its factor (36 month -> 3
  year, 5000 m -> 5 km, 37 degC -> 98.6 degF). Money written in a fraction of a currency
  ("50 cents" = 0.5 USD) is reported the same way (50 cent), as the suites annotate it.
* ``unit``: a name the scorer's lenient unit table knows (ISO code, "%", "kilowatt",
  "year"); None for counts, bare numbers, ratios and calendar years, which the suites
  treat as dimensionless.
* ``kind`` (for ``--kind-filter``): number, percent, currency, dimension (power, energy, data,
  node, compute, length, mass, area, volume, speed, frequency), age, temperature.

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
from evidencekit.extract.units import Unit, unit_matcher

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

# Units of the other measured kinds by (kind, factor to the canonical unit, offset), named
# as the scorer's UNIT_ALIASES know them (data/en/units.yaml, data/zh/units.yaml).
UNIT_NAMES = {
    ("length", 1e-6, 0.0): "micrometer",
    ("length", 1e-3, 0.0): "millimeter",
    ("length", 1e-2, 0.0): "centimeter",
    ("length", 0.1, 0.0): "decimeter",
    ("length", 1.0, 0.0): "meter",
    ("length", 1e3, 0.0): "kilometer",
    ("length", 0.0254, 0.0): "inch",
    ("length", 0.3048, 0.0): "foot",
    ("length", 0.9144, 0.0): "yard",
    ("length", 1609.344, 0.0): "mile",
    ("length", 1852.0, 0.0): "nautical mile",
    ("mass", 1e-9, 0.0): "microgram",
    ("mass", 1e-6, 0.0): "milligram",
    ("mass", 1e-3, 0.0): "gram",
    ("mass", 1.0, 0.0): "kilogram",
    ("mass", 0.5, 0.0): "jin",
    ("mass", 1e3, 0.0): "tonne",
    ("mass", 907.18474, 0.0): "short ton",
    ("mass", 0.45359237, 0.0): "pound-mass",
    ("mass", 0.028349523125, 0.0): "ounce",
    ("mass", 0.0311034768, 0.0): "troy ounce",
    ("area", 1.0, 0.0): "square meter",
    ("area", 1e6, 0.0): "square kilometer",
    ("area", 0.09290304, 0.0): "square foot",
    ("area", 2589988.110336, 0.0): "square mile",
    ("area", 1e4, 0.0): "hectare",
    ("area", 4046.8564224, 0.0): "acre",
    ("area", 666.6666666666666, 0.0): "mu",
    ("volume", 1e-6, 0.0): "milliliter",
    ("volume", 1e-3, 0.0): "liter",
    ("volume", 1.0, 0.0): "cubic meter",
    ("volume", 1e9, 0.0): "cubic kilometer",
    ("volume", 0.028316846592, 0.0): "cubic foot",
    ("volume", 0.003785411784, 0.0): "gallon",
    ("volume", 0.158987294928, 0.0): "barrel",
    ("speed", 0.2777777777777778, 0.0): "kilometer per hour",
    ("speed", 0.44704, 0.0): "mile per hour",
    ("speed", 1.0, 0.0): "meter per second",
    ("speed", 0.5144444444444445, 0.0): "knot",
    ("temperature", 1.0, 0.0): "degree celsius",
    ("temperature", 0.5555555555555556, -17.77777777777778): "degree fahrenheit",
    ("temperature", 1.0, -273.15): "kelvin",
    ("frequency", 1.0, 0.0): "hertz",
    ("frequency", 1e3, 0.0): "kilohertz",
    ("frequency", 1e6, 0.0): "megahertz",
    ("frequency", 1e9, 0.0): "gigahertz",
    ("frequency", 1e12, 0.0): "terahertz",
}

# Money written in a fraction of a currency ("50 cents", "470 pence", "5美分"): the scorer
# keeps cents and pence apart from dollars and pounds.
FRACTION_NAMES = {("USD", 0.01): "cent", ("GBP", 0.01): "pence"}

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
    unit = _written_unit(metric.unit_raw)
    if metric.kind == "money":
        fraction = FRACTION_NAMES.get((metric.unit, unit.factor)) if unit is not None else None
        if unit is None or unit.kind != "money" or fraction is None:
            return metric.value_low, metric.value_high, metric.unit
        return _as_unit(metric.value_low, unit), _as_unit(metric.value_high, unit), fraction
    if unit is None or unit.kind != metric.kind:
        return metric.value_low, metric.value_high, metric.unit_raw or metric.unit
    name = _unit_name(unit) or metric.unit_raw
    return _as_unit(metric.value_low, unit), _as_unit(metric.value_high, unit), name


def _unit_name(unit: Unit) -> str | None:
    """A name the scorer knows for a lexicon unit ("kilowatt", "year"), or None."""
    if unit.kind == "duration":
        return DURATION_NAMES.get(unit.factor)
    if unit.kind == "node":  # process nodes are in nanometres, factor 1
        return "nanometer"
    named = UNIT_NAMES.get((unit.kind, unit.factor, unit.offset))
    if named is not None:
        return named
    base = SI_BASES.get(unit.kind)
    prefix = SI_PREFIXES.get(unit.factor)
    if base is None or prefix is None:
        return None
    return prefix + base


def _percent_name(metric: Metric) -> str:
    return "percentage point" if metric.unit == "percentage_point" else "%"


def _written_unit(unit_raw: str) -> Unit | None:
    """The lexicon entry of a unit as written ("years", "个月", "kW", prefix "华氏"), or None."""
    if not unit_raw:
        return None
    key = re.sub(r"\s+", " ", unit_raw)
    matcher = unit_matcher()
    for table in (matcher.by_form, matcher.prefix_by_form):
        unit = table.get(key) or table.get(key.lower())
        if unit is not None:
            return unit
    return None


def _as_unit(value: float, unit: Unit) -> float:
    """A canonical value in ``unit``: ``(value - offset) / factor``, rounded to 12 significant
    digits (36 / 12 -> 3.0, not 2.9999...; 37 degC -> 98.6 degF)."""
    return float(f"{(value - unit.offset) / unit.factor:.12g}")


warm_up()
