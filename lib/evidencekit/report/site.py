"""The report site's index page and the inline charts it shows.

Everything a document says is untrusted input: titles, outlets and quotes reach the index
only through :func:`html.escape`, and charts are inlined only after :func:`inline_svg`
has rebuilt them from a parsed tree (no script, no event handler, no foreign object, no
link out of the chart), so a document holding ``<script>`` or ``<img onerror=...>``
shows as text. The page loads nothing: its style sheet is inline, it has no script.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import quote

from evidencekit.extract.themes import theme_ids
from evidencekit.ingest.corpus import Corpus
from evidencekit.report.palette import theme_colour

OVERVIEW, DOCUMENT, THEME = "01-corpus-overview", "02-document-report", "03-theme-report"


# The corpus charts the index shows inline, with a caption saying how to read each.
INDEX_CHARTS: tuple[tuple[str, str], ...] = (
    ("theme-heatmap", "Share of each document's evidence sentences per theme (the count in each cell)."),
    ("energy-claims", "Power (W) and energy (Wh) claims on log scales, one panel per unit."),
    ("lag-estimates", "How far behind China is said to be, one panel per object (models, chips)."),
    ("talent-claims", "Talent claims: percentages and money, one panel each."),
    ("control-timeline", "Export-control events by the date the documents give."),
)


class PageLike(Protocol):
    """What the index needs of a :class:`evidencekit.report.build.Page`."""

    notebook: str
    name: str
    title: str
    error: str | None
    last_good: bool

    @property
    def html(self) -> str: ...

    @property
    def last_good_html(self) -> str: ...


def _href(path: str) -> str:
    """A relative link, percent-encoded, then escaped for an attribute."""
    return html.escape(quote(path))


def page_link(page: PageLike, label: str | None = None) -> str:
    """A link to a page, marked FAILED with its error (and its last good page) when it failed."""
    status = ""
    if page.error:
        status = (
            f" <strong class='failed'>FAILED</strong> <span class='error'>{html.escape(page.error)}</span>"
        )
        if page.last_good:
            status += f" (<a href='{_href(page.last_good_html)}'>last good page</a>)"
    text = html.escape(label or page.title)
    return f"<a href='{_href(page.html)}'>{text}</a>{status}"


# --- the index ----------------------------------------------------------------------------


def _theme_bar(themes: Mapping[str, int], order: Sequence[str]) -> str:
    """A stacked bar of the theme counts (widths in percent of their sum) and the top three."""
    total = sum(themes.values())
    if not total:
        return "<span class='muted'>no theme</span>"
    order = [*order, *(theme for theme in themes if theme not in order)]
    segments = []
    for theme in order:
        count = themes.get(theme, 0)
        if count:
            width = 100 * count / total
            tip = html.escape(f"{theme}: {count} sentence{'s' if count != 1 else ''}")
            style = f"width:{width:.1f}%;background:{theme_colour(theme)}"
            segments.append(f"<span class='seg' style='{style}' title='{tip}'></span>")
    top = sorted(((n, t) for t, n in themes.items() if n), key=lambda item: (-item[0], order.index(item[1])))
    words = ", ".join(f"{html.escape(t)}&nbsp;{n}" for n, t in top[:3])
    more = f" <span class='muted'>+{len(top) - 3}</span>" if len(top) > 3 else ""
    return f"<div class='bar'>{''.join(segments)}</div><div class='top'>{words}{more}</div>"


def _spin_cell(summary: Mapping[str, Any] | None) -> str:
    if not summary or summary.get("spin") is None:
        return "<td class='num muted'>?</td>"
    score = float(summary["spin"])
    if summary.get("spun"):
        tip = "spun Chinese (伪原创): repaired before extraction"
        return f"<td class='num'><span class='badge spun' title='{tip}'>spun</span> {score:.2f}</td>"
    return f"<td class='num muted'>{score:.2f}</td>"


def _opening(text: str, limit: int = 90) -> str:
    """The first line of a text without a title (front matter skipped), cut to ``limit``."""
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
    if lines and lines[0] == "---" and "---" in lines[1:]:
        lines = lines[lines.index("---", 1) + 1 :]
    first = next((line for line in lines if line), "")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _document_rows(
    corpus: Corpus,
    by_name: Mapping[str, PageLike],
    claims: Mapping[str, int] | None,
    documents: Mapping[str, Mapping[str, Any]] | None,
    order: Sequence[str],
) -> list[str]:
    rows = []
    for doc in corpus:
        meta, summary = doc.meta, (documents or {}).get(doc.id)
        page = by_name[f"{DOCUMENT}-{doc.id}"]
        if meta.title:
            title = f"<span class='title'>{html.escape(str(meta.title))}</span>"
        else:
            title = f"<span class='title muted'>{html.escape(_opening(doc.text))}</span>"
        count = "?" if claims is None or doc.id not in claims else str(claims[doc.id])
        themes = _theme_bar(summary["themes"], order) if summary else "<span class='muted'>?</span>"
        cells = [
            f"<td class='doc'>{page_link(page, doc.id)}<br>{title}</td>",
            f"<td>{html.escape(str(meta.outlet or ''))}</td>",
            f"<td class='nowrap'>{html.escape(str(meta.date or ''))}</td>",
            f"<td>{html.escape(doc.lang)}</td>",
            f"<td>{html.escape(doc.genre)}</td>",
            f"<td class='num'>{count}</td>",
            f"<td class='themes'>{themes}</td>",
            _spin_cell(summary),
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return rows


def _theme_rows(
    pages: Iterable[PageLike], documents: Mapping[str, Mapping[str, Any]] | None, order: Sequence[str]
) -> list[str]:
    rows = []
    for page in pages:
        theme = page.name.removeprefix(f"{THEME}-")
        counts = [d["themes"].get(theme, 0) for d in (documents or {}).values()]
        sentences = str(sum(counts)) if documents is not None else "?"
        in_docs = str(sum(1 for n in counts if n)) if documents is not None else "?"
        swatch = f"<span class='swatch' style='background:{theme_colour(theme)}'></span>"
        rows.append(
            f"<tr><td>{swatch}{page_link(page, theme)}</td>"
            f"<td class='num'>{sentences}</td><td class='num'>{in_docs}</td></tr>"
        )
    return rows


def _charts_section(charts: Mapping[str, str], figures_href: str | None, missing: str | None) -> str:
    parts = []
    for name, caption in INDEX_CHARTS:
        svg = charts.get(name, "")
        links = ""
        if figures_href is not None:
            base = f"{figures_href.rstrip('/')}/{name}" if figures_href else name
            links = (
                f" <a href='{_href(base + '.svg')}'>SVG</a> · <a href='{_href(base + '.vl.json')}'>spec</a>"
            )
        body = svg or "<p class='muted'>chart not available</p>"
        parts.append(
            f"<figure id='chart-{name}'>{body}<figcaption>{html.escape(caption)}{links}</figcaption></figure>"
        )
    note = f"<p class='failed'>{html.escape(missing)}</p>" if missing else ""
    hint = "<p class='muted'>Hover a mark for its quote, document and location.</p>"
    figures = f"<div class='figures'>{''.join(parts)}</div>"
    return f"<section id='charts'><h2>Corpus charts</h2>{hint}{note}{figures}</section>"


def index_html(
    corpus: Corpus,
    pages: Sequence[PageLike],
    claims: Mapping[str, int] | None,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    charts: Mapping[str, str] | None = None,
    *,
    figures_href: str | None = None,
    figures_error: str | None = None,
    built: datetime.datetime | None = None,
) -> str:
    """Return the index page: the corpus at a glance, links to every page, the key charts.

    ``claims``: claims per document id; ``documents``: per document id its ``themes``
    (evidence sentences per theme), ``spin`` score and ``spun`` flag; ``charts``: inline
    SVG (from :func:`inline_svg`) by figure name; ``figures_href``: the figure folder
    relative to the index, for links to the chart files. Missing data shows as "?".
    """
    order = [*theme_ids(), "no theme"]
    by_name = {page.name: page for page in pages}
    overview = [page_link(p) for p in pages if p.notebook == OVERVIEW]
    theme_pages = [p for p in pages if p.notebook == THEME]
    failed = [p for p in pages if p.error]
    rows = _document_rows(corpus, by_name, claims, documents, order)
    total = "?" if claims is None else str(sum(claims.get(doc.id, 0) for doc in corpus))
    langs = ", ".join(f"{n} {lang}" for lang, n in sorted(_count(doc.lang for doc in corpus).items()))
    when = f" on {built:%Y-%m-%d %H:%M}" if built else ""  # none by default: same inputs, same page
    stats = (
        f"{len(corpus)} document{'s' if len(corpus) != 1 else ''} ({html.escape(langs or 'none')}) · "
        f"{total} claims · built{when} from <code>{html.escape(str(corpus.path))}</code>"
    )
    alert = ""
    if failed or corpus.errors:
        problems = len(failed) + len(corpus.errors)
        alert = (
            f"<p class='alert'>{problems} problem{'s' if problems != 1 else ''}: "
            f"{len(failed)} page{'s' if len(failed) != 1 else ''} failed"
            f"{f', {len(corpus.errors)} unreadable file(s)' if corpus.errors else ''} (see below).</p>"
        )
    errors = "".join(f"<li>{html.escape(str(e))}</li>" for e in corpus.errors)
    head = (
        "<tr><th>document</th><th>outlet</th><th>date</th><th>lang</th><th>kind</th>"
        "<th class='num'>claims</th><th>themes (evidence sentences)</th><th class='num'>spin</th></tr>"
    )
    theme_head = "<tr><th>theme</th><th class='num'>sentences</th><th class='num'>documents</th></tr>"
    body = [
        "<header><h1>evidencekit report</h1>",
        f"<p class='stats'>{stats}</p>{alert}",
        f"<nav>{' · '.join(overview)} · <a href='#documents'>documents</a> · <a href='#themes'>themes</a>"
        " · <a href='#charts'>charts</a></nav></header>",
        "<section id='documents'><h2>Documents</h2>",
        "<p class='muted'>Each document links to its report. <em>themes</em>: its evidence sentences "
        "per theme (bar) and the three largest counts; <em>spin</em>: spun-Chinese score (0–1), "
        "<span class='badge spun'>spun</span> when the document was repaired before extraction.</p>",
        f"<div class='scroll'><table class='documents'><thead>{head}</thead><tbody>",
        "\n".join(rows),
        "</tbody></table></div></section>",
        "<section id='themes'><h2>Themes</h2>",
        f"<div class='scroll'><table class='themes-table'><thead>{theme_head}</thead><tbody>",
        "\n".join(_theme_rows(theme_pages, documents, order)),
        "</tbody></table></div></section>",
        _charts_section(charts or {}, figures_href, figures_error),
    ]
    if errors:
        body.append(f"<section id='unreadable'><h2>Unreadable files</h2><ul>{errors}</ul></section>")
    body.append("<footer>Generated by evidencekit; every page opens offline.</footer>")
    return INDEX_HEAD + "\n".join(body) + "\n</body></html>\n"


def _count(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


INDEX_CSS = """
:root { --ink: #1d1d1f; --muted: #6b6b70; --line: #e2e2e6; --head: #f5f5f7; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 82rem; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
  "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 1.8rem; margin: 0 0 .2rem; letter-spacing: -.01em; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 1px solid var(--line); }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
code { font-size: .9em; background: var(--head); padding: 0 .25em; border-radius: 3px; }
nav { margin: .6rem 0 0; }
.stats, .muted, figcaption, footer { color: var(--muted); }
.stats { margin: 0; }
.alert { background: #fdecea; border: 1px solid #f5c2bd; color: #8a1c12; padding: .5rem .8rem;
  border-radius: 6px; }
.failed { color: #b00020; } .error { color: #8a1c12; font-size: .9em; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { padding: .45rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; white-space: nowrap; }
tbody tr:hover { background: #fafafc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
td.doc { min-width: 16rem; max-width: 30rem; }
td.doc > a { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .88em; }
.title { display: block; overflow-wrap: break-word; }
.title.muted { font-style: italic; }
td.themes { min-width: 13rem; }
.bar { display: flex; height: .7rem; border-radius: 3px; overflow: hidden; background: var(--line);
  margin-top: .35rem; }
.seg { display: block; height: 100%; }
.top { font-size: .85em; color: var(--muted); margin-top: .2rem; }
.swatch { display: inline-block; width: .75em; height: .75em; border-radius: 2px; margin-right: .45em; }
.badge { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: .8em; font-weight: 600; }
.badge.spun { background: #fff1d6; color: #8a5300; border: 1px solid #f0c36d; }
table.themes-table { width: auto; min-width: 28rem; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem 3rem; align-items: flex-start; }
figure { margin: .8rem 0 1.2rem; max-width: 100%; }
figcaption { max-width: 40rem; }
svg.chart { display: block; max-width: 100%; height: auto; }
figcaption { font-size: .9em; margin-top: .3rem; }
footer { margin-top: 3rem; font-size: .85em; }
"""

INDEX_HEAD = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    f"<title>evidencekit report</title>\n<style>{INDEX_CSS}</style></head><body>\n"
)
