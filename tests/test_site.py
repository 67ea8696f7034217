"""The report site: the index at a glance, and document text shown as text everywhere.

A document is untrusted input. ``tests/fixtures/site/hostile.md`` carries ``<script>``,
``<img onerror>``, ``</table>`` and ``<svg onload>`` in its title, outlet and quotes; every
page built from it (index, document page, theme page, and the charts inside them) must show
those as text and hold no live script, event handler or foreign image.

The real build (papermill on the committed notebooks) is shared with
``tests/test_site_browser.py``: whichever runs first builds it into the session's temporary
folder, the other reuses it.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import evidencekit as ek
from evidencekit.report import build, charts, site
from evidencekit.report.notebook import DISPLAY_OPTIONS
from evidencekit.report.svg import inline_svg

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "fixtures" / "site" / "hostile.md"
# One English and one Chinese (spun) document of the seeds, beside the hostile one.
SEED_DOCS = ("000_98eda4eeaede7d8e.txt", "001_8ad4a4114da0a702.txt")
SITE_THEMES = ("energy",)
# What the hostile document says, which every page must show as text.
TITLE = "<script>alert('title')</script> Power & <b>chips</b>"
OUTLET = "<img src=x onerror=alert('outlet')>"
QUOTE_SCRIPT = "said <script>alert(1)</script> the energy secretary"
QUOTE_TABLE = "data centres </table><img src=x onerror=alert(2)> will reach 945 TWh"


def build_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build (once per session) the site of the two seeds and the hostile document.

    Themes are limited to :data:`SITE_THEMES` to keep the build short. Returns the
    folder holding ``corpus/`` and ``out/``.
    """
    root = tmp_path_factory.getbasetemp() / "site-build"
    if (root / "built").exists():
        return root
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name in SEED_DOCS:
        shutil.copy(ROOT / "seeds" / name, corpus / name)
    shutil.copy(HOSTILE, corpus / HOSTILE.name)
    out = root / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "THEMES", SITE_THEMES)
        report = build.build(
            str(corpus), out, out / "figures", ROOT / "notebooks", jobs=2, progress=False, wait=True
        )
    assert report.failed == [], report.failed
    (root / "built").write_text(report.summary(), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site_out(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory) / "out"


# --- parsing what a page holds --------------------------------------------------------------


class Page(HTMLParser):
    """Every tag and attribute of a page, its text per table cell, and its whole text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = text
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        if tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    def svg_images(self) -> list[str]:
        """The charts of a report page: inline ``<svg class="chart">`` elements, as text."""
        return re.findall(r'<svg\b[^>]*class="chart".*?</svg>', self.source, flags=re.DOTALL)


def assert_inert(page: Page, where: str) -> None:
    """No script, no event handler, no frame, no image but an embedded SVG chart."""
    for tag, attrs in page.tags:
        assert tag not in {"script", "iframe", "object", "embed", "foreignobject"}, (where, tag, attrs)
        handlers = [name for name in attrs if name.lower().startswith("on")]
        assert not handlers, (where, tag, attrs)
        if tag == "img":
            assert attrs.get("src", "").startswith("data:image/svg+xml;base64,"), (where, attrs)
        for name in ("href", "src", "xlink:href"):
            assert not attrs.get(name, "").lower().lstrip().startswith("javascript:"), (where, attrs)
    for svg in page.svg_images():
        assert_inert_svg(svg, where)


def assert_inert_svg(svg: str, where: str) -> str:
    """Parse an SVG; assert it holds nothing live; return its text (labels and titles)."""
    root = ET.fromstring(svg)
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        assert local not in {"script", "foreignObject", "iframe", "image"}, (where, local)
        assert not [a for a in element.attrib if a.rsplit("}", 1)[-1].lower().startswith("on")], where
    return "".join(root.itertext()) + " ".join(e.get("aria-label", "") for e in root.iter())


def _read(out: Path, name: str) -> Page:
    return Page((out / name).read_text(encoding="utf-8"))


# --- the built site (real notebooks) ----------------------------------------------------------


@pytest.mark.slow
def test_every_page_shows_the_hostile_document_as_text(site_out):
    pages = sorted(site_out.glob("*.html"))
    assert {p.name for p in pages} >= {
        "index.html",
        "01-corpus-overview.html",
        "02-document-report-hostile.html",
        "03-theme-report-energy.html",
    }
    for path in pages:
        assert_inert(Page(path.read_text(encoding="utf-8")), path.name)

    index = _read(site_out, "index.html")
    assert TITLE in index.all_text
    assert OUTLET in index.all_text

    document = _read(site_out, "02-document-report-hostile.html")
    for text in (TITLE, OUTLET):
        assert any(text in cell for cell in document.cells), text  # the metadata table
    # the quotes stay whole inside their cells: "</table>" closed nothing
    for quote in (QUOTE_SCRIPT, QUOTE_TABLE):
        assert any(quote in cell for cell in document.cells), quote

    theme = _read(site_out, "03-theme-report-energy.html")
    for quote in (QUOTE_SCRIPT, QUOTE_TABLE):
        assert any(quote in cell for cell in theme.cells), quote
    assert any(OUTLET in cell for cell in theme.cells)  # "across sources" lists the outlet


@pytest.mark.slow
def test_chart_labels_and_tooltips_show_the_outlet_as_text(site_out):
    index = (site_out / "index.html").read_text(encoding="utf-8")
    start = index.index("<svg", index.index("id='chart-energy-claims'"))
    svg = index[start : index.index("</svg>", start) + len("</svg>")]
    text = assert_inert_svg(svg, "index energy-claims")
    assert OUTLET in text  # in the mark's tooltip (<title>) and aria-label, in full
    theme = _read(site_out, "03-theme-report-energy.html")
    labels = " ".join(assert_inert_svg(svg, "theme chart") for svg in theme.svg_images())
    assert "hostile" in labels


@pytest.mark.slow
def test_index_shows_the_corpus_at_a_glance(site_out):
    index = _read(site_out, "index.html")
    links = {attrs["href"] for tag, attrs in index.tags if tag == "a" and "href" in attrs}
    expected = {"01-corpus-overview.html", "03-theme-report-energy.html"}
    expected |= {f"02-document-report-{Path(name).stem}.html" for name in (*SEED_DOCS, HOSTILE.name)}
    assert expected <= links
    assert {"figures/theme-heatmap.svg", "figures/energy-claims.vl.json"} <= links
    text = index.all_text
    for word in ("Guan Cha Zhe Wang", "2025-12-04", "summary", "article", "zh", "spun"):
        assert word in text, word
    charts_inline = [attrs for tag, attrs in index.tags if tag == "svg" and attrs.get("class") == "chart"]
    assert [c["aria-label"] for c in charts_inline] == [name for name, _ in site.INDEX_CHARTS]
    rows = (site_out / "index.html").read_text(encoding="utf-8")
    # the spun seed is flagged, with its score
    spun_row = rows[rows.index("02-document-report-001_8ad4a4114da0a702.html") :].split("</tr>")[0]
    assert "badge spun" in spun_row
    assert "energy&nbsp;" in spun_row  # its theme mix


# --- fast checks (no notebook run) ------------------------------------------------------------


def _html_table(**columns: list[str]) -> str:
    """A DataFrame's HTML as the notebooks show it (their display options: quotes never cut)."""
    options = [item for pair in DISPLAY_OPTIONS.items() for item in pair]
    with pd.option_context(*options):
        return pd.DataFrame(columns)._repr_html_()


def test_vl_convert_escapes_text_and_pandas_escapes_cells():
    cells = Page(_html_table(quote=[QUOTE_TABLE], outlet=[OUTLET])).cells
    assert QUOTE_TABLE in cells
    assert OUTLET in cells
    chart = alt.Chart(alt.Data(values=[{"x": 1, "q": OUTLET}]))
    chart = chart.mark_point().encode(x="x:Q", y="q:N", tooltip="q:N").properties(title=TITLE)
    svg = charts.chart_to_svg(chart)
    text = assert_inert_svg(svg, "vl-convert")
    assert TITLE in text
    assert OUTLET in text


def test_inline_svg_drops_what_could_run_and_keeps_text():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100" height="50" onload="alert(1)"><script>alert(2)</script>'
        '<defs><clipPath id="clip1"><rect width="10" height="10"/></clipPath></defs>'
        '<g clip-path="url(#clip1)"><path aria-label="quote: &lt;img src=x onerror=alert(3)&gt;" d="M0,0"/>'
        '<a xlink:href="javascript:alert(4)"><text>&lt;/svg&gt;&lt;script&gt;</text></a>'
        '<image href="https://example.org/x.png"/><use href="#clip1"/>'
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
        '<set attributeName="href" to="javascript:alert(5)"/></g></svg>'
    )
    inlined = inline_svg(svg, "c1", "demo", scale=2)
    page = Page(inlined)
    assert_inert(page, "inline_svg")
    tags = [tag for tag, _ in page.tags]
    assert "foreignobject" not in tags
    assert "set" not in tags
    assert "script" not in tags
    attrs = {tag: a for tag, a in page.tags}
    assert attrs["svg"]["width"] == "200"
    assert attrs["svg"]["viewbox"] == "0 0 100 50"
    assert attrs["clippath"]["id"] == "c1-clip1"
    assert attrs["g"]["clip-path"] == "url(#c1-clip1)"
    assert attrs["use"]["href"] == "#c1-clip1"
    assert "image" not in attrs  # an image could fetch: charts never need one
    assert "xlink:href" not in attrs["a"]
    assert "quote: <img src=x onerror=alert(3)>" in page.all_text  # the tooltip, as text
    assert "</svg><script>" in page.all_text
    assert inline_svg("<svg", "c2") == ""
    assert inline_svg("<html/>", "c3") == ""


def test_index_html_escapes_metadata_and_keeps_failures(tmp_path):
    shutil.copy(HOSTILE, tmp_path / "a b#1.md")
    corpus = ek.load_corpus(tmp_path)
    pages = build.plan_pages(str(tmp_path), corpus.ids)
    pages[1].error = "ValueError: <script>boom</script>"
    pages[1].last_good = True
    documents = {"a b#1": {"themes": {"energy": 2, "<b>x</b>": 1}, "spin": 0.1, "spun": False}}
    index = site.index_html(corpus, pages, {"a b#1": 3}, documents, {})
    page = Page(index)
    assert_inert(page, "index")
    assert TITLE in page.all_text
    assert OUTLET in page.all_text
    assert "ValueError: <script>boom</script>" in page.all_text
    assert index.count("FAILED") == 1
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert "02-document-report-a%20b%231.html" in hrefs  # a file name is a URL path, quoted
    assert "02-document-report-a%20b%231.last-good.html" in hrefs
    assert "chart not available" in page.all_text  # no charts given: said, not hidden
    unknown = site.index_html(corpus, pages, None)
    assert "<td class='num'>?</td>" in unknown


def test_report_page_escapes_outputs_and_parameters(tmp_path):
    chart = alt.Chart(alt.Data(values=[{"x": 1, "q": OUTLET}])).mark_point()
    svg = charts.chart_to_svg(chart.encode(x="x:Q", y="q:N"))
    nb = new_notebook(cells=[new_markdown_cell("# Report"), new_code_cell("x")])
    nb.cells[1].outputs = [
        new_output("stream", name="stdout", text=QUOTE_SCRIPT + "\n"),
        new_output("execute_result", data={"text/html": _html_table(quote=[QUOTE_TABLE]), "text/plain": "t"}),
        new_output("display_data", data={"image/svg+xml": svg, "text/plain": f"[chart] {TITLE}"}),
    ]
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    parameters = {"corpus_dir": "c", "doc_id": "<img src=x onerror=alert(1)>|`x`"}
    html = build.to_html(path, build.Page("p", "p", f"Document {TITLE}", parameters))
    page = Page(html)
    assert_inert(page, "page")
    assert QUOTE_SCRIPT in page.all_text
    assert QUOTE_TABLE in page.cells
    assert "<img src=x onerror=alert(1)>|`x`" in page.cells  # the parameters table
    assert f"<title>Document {TITLE.replace('<', '&lt;').replace('>', '&gt;')}" in html.replace("&amp;", "&")
    assert any(OUTLET in assert_inert_svg(s, "chart") for s in page.svg_images())
    assert [attrs["aria-label"] for tag, attrs in page.tags if tag == "svg"] == [f"[chart] {TITLE}"]
    assert "href='index.html'" in html or 'href="index.html"' in html  # back to the index
