"""Executed notebooks to offline HTML pages (no script, stylesheet or font from the network),
and notebooks cleaned of volatile metadata."""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from nbconvert import HTMLExporter

from evidencekit.report.build.pages import KERNELSPEC, Page
from evidencekit.report.svg import inline_svg

# The lab template minus everything it would fetch from a CDN (require.js, MathJax,
# mermaid, widget manager): report pages open offline. CSS is inlined by nbconvert.
OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">{{ resources.evidencekit_css }}</style>
{%- endblock html_head_css -%}
{%- block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
{{ output.data['image/svg+xml'] | inline_chart(output.data.get('text/plain', 'chart')) }}
</div>
{%- endblock data_svg -%}
"""
# Report pages: a readable measure, text left-aligned (quotes are long), wide tables
# scroll in their own box, charts a little larger than vl-convert draws them.
PAGE_CSS = """
.ek-nav { font-size: var(--jp-ui-font-size1); margin: 0 0 .5rem; }
.ek-nav a, .jp-RenderedHTMLCommon a { color: #1f5fa8; text-decoration: none; }
.jp-Notebook { max-width: 92rem; margin: 0 auto; }
.jp-RenderedHTMLCommon table.ek-parameters { margin-left: 0; }
.jp-RenderedHTMLCommon table.ek-parameters th,
.jp-RenderedHTMLCommon table.ek-parameters td { text-align: left; }
.jp-OutputArea-output.jp-RenderedHTMLCommon { overflow-x: auto; }
.jp-OutputArea-output.jp-RenderedHTMLCommon table { table-layout: auto; }
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td,
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th { text-align: left; vertical-align: top; }
.jp-OutputArea-output.jp-RenderedHTMLCommon td { overflow-wrap: break-word; }
.jp-OutputArea-output.jp-RenderedHTMLCommon .dataframe tbody tr th { vertical-align: top; }
.jp-RenderedSVG svg.chart { max-width: 100%; height: auto; }
.ek-about { margin-top: 2rem; font-size: 85%; color: #555; border-top: 1px solid #ddd; }
"""
SVG_SCALE = 1.25  # report pages show charts at this multiple of their drawn size
NAV_HTML = "<nav class='ek-nav'><a href='index.html'>\u2190 report index</a></nav>"


def parameters_html(parameters: Mapping[str, object]) -> str:
    """The parameters of a page as an HTML table, every name and value escaped.

    Raw HTML rather than a Markdown table: a value holding a backtick, a ``|`` or markup
    (a file name is user input) can then neither break the table nor inject anything.

    >>> parameters_html({"doc_id": "<b>x|`y`</b>"})  # doctest: +NORMALIZE_WHITESPACE
    "<table class='ek-parameters'><thead><tr><th>parameter</th><th>value</th></tr></thead><tbody>\
<tr><td><code>doc_id</code></td><td><code>&lt;b&gt;x|`y`&lt;/b&gt;</code></td></tr></tbody></table>"
    """
    rows = "".join(
        f"<tr><td><code>{html.escape(str(key))}</code></td><td><code>{html.escape(str(value))}</code></td></tr>"
        for key, value in parameters.items()
    )
    head = "<thead><tr><th>parameter</th><th>value</th></tr></thead>"
    return f"<table class='ek-parameters'>{head}<tbody>{rows}</tbody></table>"


def _chart_inliner() -> Any:
    """A template filter inlining each chart's SVG, sanitised, with ids unique in the page.

    Inline (not an ``<img>``) so that hovering a mark shows its tooltip: quote, document and
    location. :func:`evidencekit.report.site.inline_svg` drops anything that could run or fetch.
    """
    counter = itertools.count(1)

    def inline(svg: str, label: str) -> str:
        number = next(counter)
        drawn = inline_svg(svg, f"chart{number}-", str(label), SVG_SCALE)
        return drawn or f"<p>{html.escape(str(label))}: the chart could not be drawn</p>"

    return inline


def to_html(notebook: Path, page: Page) -> str:
    """Convert an executed notebook to an offline HTML page, inputs hidden, its parameters in a
    small "about this page" footer."""
    nb = nbformat.read(notebook, as_version=4)
    nb.metadata["title"] = page.title
    about = f"<footer class='ek-about'><h4>About this page</h4>{parameters_html(page.parameters)}</footer>"
    nb.cells.append(nbformat.v4.new_markdown_cell(about))
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(NAV_HTML))
    exporter = HTMLExporter(
        template_name="lab",
        template_file="offline.html.j2",
        extra_loaders=[jinja2.DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})],
        filters={"inline_chart": _chart_inliner()},
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"evidencekit_css": PAGE_CSS})
    return body


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip volatile metadata (timings, papermill state, interpreter patch version).

    Cell ids, random when papermill adds them, become their position: ``cell-00``...
    """
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number:02d}"
        for key in ("papermill", "execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if not cell.metadata.get("tags", True):
            del cell.metadata["tags"]
    return nb
