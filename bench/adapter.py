"""Adapter: evidencekit.extract_metrics for ../shared/benchmarks/score_quantities.py.

Maps each Metric to the scorer's record: value (percent in percent points; durations back
into the unit the text used, since the suites annotate "3 years" as 3 Year), unit, kind,
surface, and low/high for ranges.
"""

from __future__ import annotations

from evidencekit import extract_metrics

KIND_MAP = {"percent": "percent", "money": "currency", "date": "number", "count": "number",
            "ratio": "number", "duration": "age", "power": "dimension", "energy": "dimension"}


def extract(text: str, lang: str) -> list[dict[str, object]]:
    out = []
    for metric in extract_metrics(text, lang=lang):
        low, high, unit = metric.value_low, metric.value_high, metric.unit
        if metric.kind == "duration" and metric.unit_raw:
            # report in the unit as written: 36 months written "3 years" -> 3 years
            factor = metric.value_low / _as_written(metric) if _as_written(metric) else 1.0
            low, high, unit = low / factor, high / factor, metric.unit_raw
        out.append({"value": low, "low": low, "high": high, "unit": unit,
                    "kind": KIND_MAP.get(metric.kind, "number"), "surface": metric.surface})
    return out


def _as_written(metric) -> float:  # type: ignore[no-untyped-def]
    from evidencekit.units import unit_matcher

    unit = unit_matcher().by_form.get(metric.unit_raw.lower()) or unit_matcher().by_form.get(metric.unit_raw)
    return metric.value_low / unit.factor if unit else 0.0
