"""Charts built from the metrics and evidence tables alone, and the only code that writes figures.

Every chart is an altair spec whose data is inlined as plain values (no dataset
hashes, no auto-numbered selections), so the same table gives the same spec byte
for byte. Every mark carries a tooltip with the quote, the document (``doc_id``) and
the exact location (``location``: "chars 1336–1352", the ``char_start``–``char_end``
of the claim or sentence in the document's text, after its page for a paged document:
"page 2, chars 166–269"). Every chart renders on an empty
table: its title then says "no claims" (or "no evidence").

Units are never mixed on one axis: power (W) and energy (Wh) get one panel each in
:func:`chart_energy_claims`, percent and each currency one panel each in
:func:`chart_talent_claims`, and lag estimates one panel per object (models, chips).

Fonts: :func:`chart_spec` sets the config font of every chart to :data:`CJK_FONT`, a
family list whose first installed member has Chinese glyphs, and every conversion first
registers the CJK font folders of :data:`FONT_DIRS` with vl_convert
(:func:`register_fonts`). ``scripts/system-deps.sh`` installs the Debian package
(fonts-wqy-microhei); without a CJK font, PNGs show Chinese as empty boxes.

``show_chart`` renders a chart to a static SVG for notebooks: the output holds no
script, no CDN link and no random element id, so nbval and the HTML report both get
the same inline picture, offline.
"""

from evidencekit.report.charts.common import (
    NO_OBJECT,
    NO_THEME,
    NO_YEAR,
    OBJECTS_FILE,
    THEMES,
)
from evidencekit.report.charts.corpus import (
    chart_duration_ranges,
    chart_evidence_positions,
    chart_metrics_by_kind,
    chart_power_claims,
    chart_theme_heatmap,
    chart_theme_mix,
    documents_table,
    theme_heat,
    theme_rows,
)
from evidencekit.report.charts.render import (
    CJK_FONT,
    FONT_DIRS,
    GENERATED_NOTE,
    JUPYTERLAB_VL_VERSION,
    PNG_SCALE,
    VL_VERSION,
    ChartSVG,
    chart_spec,
    chart_to_png,
    chart_to_svg,
    chart_to_vega,
    register_fonts,
    save_chart,
    show_chart,
)
from evidencekit.report.charts.sets import (
    THEME_FIGURES,
    figure_set,
    theme_figures,
)
from evidencekit.report.charts.topics import (
    chart_chip_counts,
    chart_control_timeline,
    chart_electricity_shares,
    chart_energy_claims,
    chart_lag_estimates,
    chart_objects,
    chart_talent_claims,
    claim_object,
    event_dates,
)

__all__ = [
    "CJK_FONT",
    "ChartSVG",
    "FONT_DIRS",
    "GENERATED_NOTE",
    "JUPYTERLAB_VL_VERSION",
    "NO_OBJECT",
    "NO_THEME",
    "NO_YEAR",
    "OBJECTS_FILE",
    "PNG_SCALE",
    "THEMES",
    "THEME_FIGURES",
    "VL_VERSION",
    "chart_chip_counts",
    "chart_control_timeline",
    "chart_duration_ranges",
    "chart_electricity_shares",
    "chart_energy_claims",
    "chart_evidence_positions",
    "chart_lag_estimates",
    "chart_metrics_by_kind",
    "chart_objects",
    "chart_power_claims",
    "chart_spec",
    "chart_talent_claims",
    "chart_theme_heatmap",
    "chart_theme_mix",
    "chart_to_png",
    "chart_to_svg",
    "chart_to_vega",
    "claim_object",
    "documents_table",
    "event_dates",
    "figure_set",
    "register_fonts",
    "save_chart",
    "show_chart",
    "theme_figures",
    "theme_heat",
    "theme_rows",
]
