"""The source view: a document's own text with every claim highlighted where it stands.

Each claim is an ``<a id="c-KEY">`` around its exact span of the raw text (its ``claim_key``,
:mod:`evidencekit.evidence.keys`), coloured by theme (:mod:`evidencekit.report.palette`),
linking to its row of the claims table (``id="row-c-KEY"``), whose claim cell links back.
Hovering a highlight shows its normalised value, kind, year, subject, speaker and review.
Reviewed claims carry a mark: confirmed ✓, corrected ✎, added +, rejected ✗ (struck out).

The view is plain HTML and an inline style sheet: no script, nothing fetched. Every piece of
the document reaches it through :func:`html.escape`, so hostile text stays text. It renders
the same in JupyterLab (:func:`show_document`), in nbval's comparison and in report pages.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from evidencekit.report.palette import theme_colour
from evidencekit.report.tables import cell_text

STYLE = """<style>
.ek-source { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.6; max-height: 36rem;
  overflow-y: auto; border: 1px solid #ddd; padding: .75rem 1rem; background: #fcfcfc;
  font-family: var(--jp-content-font-family, sans-serif); }
.ek-source .ek-claim { color: inherit; text-decoration: none; border-radius: 2px; padding: 0 1px; }
.ek-source .ek-claim:target, tr.ek-row:target { outline: 3px solid #d62728; background: #ffe08a !important; }
.ek-source .ek-claim, tr.ek-row { scroll-margin-top: 4rem; }
.ek-source .ek-sentence { color: #999; font-size: 70%; text-decoration: none; margin-right: .15rem; }
.ek-source .ek-sentence:target { outline: 3px solid #d62728; color: #d62728; }
.ek-source .ek-rejected { text-decoration: line-through; }
.ek-source .ek-mark { font-size: 75%; vertical-align: super; color: #555; }
.ek-legend span { display: inline-block; margin-right: .8rem; }
.ek-legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .25rem;
  vertical-align: middle; }
</style>"""
BOX = "white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.6;max-height:36rem;overflow-y:auto"
REVIEW_MARKS = {"confirmed": "✓", "corrected": "✎", "added": "+", "rejected": "✗"}
_HINT_FIELDS = (
    ("kind", "kind"),
    ("year", "year"),
    ("subject", "subject"),
    ("speaker", "speaker"),
    ("cites", "cites"),
)


@dataclass(frozen=True)
class Mark:
    """One highlight: a claim's span of the raw text and what hovering it says."""

    start: int
    end: int
    key: str
    theme: str | None
    hint: str
    review: str = ""


def marks_of(claims: pd.DataFrame) -> list[Mark]:
    """The highlights of a claims table (``METRIC_COLUMNS`` or a review table of the same shape)."""
    marks = []
    for row in claims.to_dict("records"):
        if _empty(row.get("char_start")) or _empty(row.get("claim_key")):
            continue
        marks.append(
            Mark(
                int(row["char_start"]),
                int(row["char_end"]),
                str(row["claim_key"]),
                None if _empty(row.get("theme")) else str(row["theme"]),
                _hint(row),
                "" if _empty(row.get("review")) else str(row["review"]),
            )
        )
    return sorted(marks, key=lambda mark: (mark.start, -mark.end, mark.key))


def _empty(value: object) -> bool:
    return cell_text(value) == ""


def _hint(row: dict[str, object]) -> str:
    parts = [str(row.get("display") or row.get("surface") or "")]
    parts += [f"{label}: {row[name]}" for name, label in _HINT_FIELDS if not _empty(row.get(name))]
    if not _empty(row.get("theme")):
        parts.append(f"theme: {row['theme']}")
    if not _empty(row.get("review")):
        parts.append(f"review: {row['review']}")
    return " · ".join(parts)


def source_html(
    text: str,
    claims: pd.DataFrame,
    *,
    lang: str = "",
    rows: bool = True,
    sentences: pd.DataFrame | None = None,
) -> str:
    """The text with each claim of ``claims`` highlighted (see the module documentation).

    ``rows``: the highlights link to ``#row-KEY`` (a claims table on the same page).
    ``sentences``: evidence sentences (``sentence_key``, ``char_start``, ``themes``): each gets a
    small ▸ at its start, ``id=sentence_key``, linking to ``#row-sentence_key`` (the evidence table).

    >>> claims = pd.DataFrame({"char_start": [6], "char_end": [11], "claim_key": ["c-1"],
    ...                        "theme": ["energy"], "display": ["50 GW"], "kind": ["power"]})
    >>> page = source_html("Added 50 GW <b>.", claims).split("</style>")[1]
    >>> print(page.split("'>", 1)[1].replace("' ", "'\\n"))
    Added <a class='ek-claim'
    id='c-1'
    href='#row-c-1'
    style='background:#4c78a833;border-bottom:2px solid #4c78a8'
    title='50 GW · kind: power · theme: energy'>50 GW</a> &lt;b&gt;.</div>
    """
    outer, inner = _layers(marks_of(claims), len(text))
    starts = _sentence_starts(sentences, outer, rows)
    pieces: list[str] = []
    at = 0
    for mark in outer:
        pieces.append(_plain(text, at, mark.start, starts))
        pieces += [_anchor(held, rows) for held in inner.get(mark.key, ())]
        pieces.append(_open(mark, rows) + html.escape(text[mark.start : mark.end]) + _close(mark))
        at = mark.end
    pieces.append(_plain(text, at, len(text) + 1, starts))
    lang_attr = f" lang='{html.escape(lang)}'" if lang else ""
    # the box's own style inline too: JupyterLab drops <style> from a widget's output
    return f"{STYLE}<div class='ek-source' style='{BOX}'{lang_attr}>{''.join(pieces)}</div>"


def _sentence_starts(sentences: pd.DataFrame | None, outer: list[Mark], rows: bool) -> dict[int, str]:
    """Offset -> the ▸ anchors of the evidence sentences starting there (moved to the start of a
    highlight when a sentence would start inside one)."""
    if sentences is None or not len(sentences) or "sentence_key" not in sentences:
        return {}
    found: dict[int, str] = {}
    for row in sentences.itertuples():
        start = int(row.char_start)
        holder = next((m for m in outer if m.start < start < m.end), None)
        start = holder.start if holder is not None else start
        key = html.escape(str(row.sentence_key))
        themes = html.escape(str(getattr(row, "themes", "") or "").strip() or "evidence sentence")
        href = f" href='#row-{key}'" if rows else ""
        anchor = f"<a class='ek-sentence' id='{key}'{href} title='{themes}'>▸</a>"
        found[start] = found.get(start, "") + anchor
    return found


def _plain(text: str, start: int, end: int, starts: dict[int, str]) -> str:
    """``text[start:end]`` escaped, with the sentence anchors that fall in ``[start, end)``."""
    inside = sorted(at for at in starts if start <= at < end)
    pieces, at = [], start
    for point in inside:
        pieces += [html.escape(text[at:point]), starts[point]]
        at = point
    pieces.append(html.escape(text[at:end]))
    return "".join(pieces)


def _layers(marks: Iterable[Mark], length: int) -> tuple[list[Mark], dict[str, list[Mark]]]:
    """The marks that are highlighted (in text order, none overlapping, clipped to the text)
    and, by the key of the highlight that holds them, the marks inside one (a date inside a
    range, two readings of one span): those become an empty anchor just before their holder,
    so that their row still links to their place and the page holds no nested links."""
    outer: list[Mark] = []
    inner: dict[str, list[Mark]] = {}
    for mark in marks:
        start, stop = max(0, min(mark.start, length)), max(0, min(mark.end, length))
        clipped = Mark(start, stop, mark.key, mark.theme, mark.hint, mark.review)
        if outer and start < outer[-1].end:
            inner.setdefault(outer[-1].key, []).append(clipped)
        else:
            outer.append(clipped)
    return outer, inner


def _link(mark: Mark, rows: bool) -> str:
    classes = "ek-claim" + (f" ek-{mark.review}" if mark.review else "")
    href = f" href='#row-{html.escape(mark.key)}'" if rows else ""
    return f"<a class='{classes}' id='{html.escape(mark.key)}'{href}"


def _anchor(mark: Mark, rows: bool) -> str:
    return f"{_link(mark, rows)} title='{html.escape(mark.hint)}'></a>"


def _open(mark: Mark, rows: bool) -> str:
    colour = theme_colour(mark.theme)
    style = f"background:{colour}33;border-bottom:2px solid {colour}"
    return f"{_link(mark, rows)} style='{style}' title='{html.escape(mark.hint)}'>"


def _close(mark: Mark) -> str:
    sign = REVIEW_MARKS.get(mark.review, "")
    return "</a>" + (f"<span class='ek-mark'>{sign}</span>" if sign else "")


def legend_html(themes: Iterable[str]) -> str:
    """A line of the theme colours used on the page."""
    items = "".join(
        f"<span><i style='background:{theme_colour(theme)}'></i>{html.escape(theme)}</span>"
        for theme in themes
    )
    marks = " ".join(f"{sign} {name}" for name, sign in REVIEW_MARKS.items())
    return f"<div class='ek-legend'>{items}<span class='muted'>reviews: {html.escape(marks)}</span></div>"


class SourceView:
    """A document's text with its claims highlighted, for notebooks (``_repr_html_``) and pages."""

    def __init__(
        self,
        doc_id: str,
        text: str,
        claims: pd.DataFrame,
        lang: str = "",
        rows: bool = True,
        sentences: pd.DataFrame | None = None,
    ):
        self.doc_id, self.text, self.claims, self.lang, self.rows = doc_id, text, claims, lang, rows
        self.sentences = sentences

    def _repr_html_(self) -> str:
        themes = sorted(set(self.claims["theme"].dropna())) if "theme" in self.claims else []
        view = source_html(self.text, self.claims, lang=self.lang, rows=self.rows, sentences=self.sentences)
        return legend_html(themes) + view

    def __repr__(self) -> str:
        return (
            f"source of {self.doc_id}: {len(self.text):,} characters, "
            f"{len(marks_of(self.claims))} claims highlighted"
        )
