"""What the report notebooks show, one call each: a summary in words, the claims and evidence
tables (:class:`~evidencekit.report.tables.ReportTable`), the source view, the reviews.

Notebooks stay thin: they call these and display the result, the same in JupyterLab, in
nbval's comparison and on the report pages.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from evidencekit.archive.sets import EvidenceSet, open_evidence
from evidencekit.errors import plural
from evidencekit.lang.facts import language_name
from evidencekit.report.source import SourceView
from evidencekit.report.tables import ReportTable, cell_text
from evidencekit.report.views import claims_view, counts_view, evidence_view, meta_view, reviews_view
from evidencekit.text.spin_model import spin_table

DOCUMENT_PAGE = "02-document-report-{doc_id}.html"


class Prose:
    """Sentences for a page: plain text in ``repr`` (nbval, papermill logs), paragraphs in HTML."""

    def __init__(self, *paragraphs: str, links: Iterable[tuple[str, str]] = ()):
        self.paragraphs = [p for p in paragraphs if p]
        self.links = [(label, url) for label, url in links if url]

    def __repr__(self) -> str:
        lines = [*self.paragraphs, *(f"{label}: {url}" for label, url in self.links)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        links = " · ".join(
            f"<a href='{html.escape(url)}' rel='noopener noreferrer'>{html.escape(label)}</a>"
            for label, url in self.links
            if url.lower().startswith(("http://", "https://"))  # never javascript:, data: or a path
        )
        return body + (f"<p>{links}</p>" if links else "")


def _top(table: pd.DataFrame, column: str, limit: int = 4) -> str:
    counts = counts_view(table, column, column)
    shown = [f"{name} ({n})" for name, n in zip(counts[column], counts["claims"], strict=True)][:limit]
    more = len(counts) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def document_summary(doc: EvidenceSet, doc_id: str) -> Prose:
    """Who says it, when, in what language; how many claims, of what kinds and themes; spin."""
    meta = doc.meta(doc_id)
    title = cell_text(meta.get("title")) or doc_id
    said = ", ".join(x for x in (cell_text(meta.get("outlet")), cell_text(meta.get("date"))) if x)
    language = language_name(cell_text(meta.get("lang"))) if cell_text(meta.get("lang")) else ""
    kind = f"{language} {cell_text(meta.get('genre')) or 'text'}".strip()
    first = (
        f"{title}" + (f" ({said})" if said else "") + f": {kind}, {int(meta.get('chars') or 0):,} characters."
    )
    metrics = doc.metrics
    if len(metrics):
        second = (
            f"{plural(len(metrics), 'claim')} in {plural(len(doc.evidence), 'evidence sentence')}; "
            f"kinds: {_top(metrics, 'kind')}; themes: {_top(metrics, 'theme')}."
        )
    else:
        second = "No quantitative claim found."
    third = ""
    if meta.get("spun"):
        share = float(meta.get("spun_share") or 0)
        third = (
            f"Spun Chinese (伪原创): {plural(int(meta.get('swaps') or 0), 'swap')} undone, "
            f"{share:.0%} of its text in spun paragraphs; quotes below are shown repaired, "
            "the source's own words folded under each."
        )
    reviewed = doc.reviews
    fourth = ""
    if len(reviewed):
        orphans = int((reviewed["status"] == "orphan").sum())
        lost = f", {orphans} no longer anchored (listed under Reviews)" if orphans else ""
        fourth = f"{plural(len(reviewed), 'reviewed claim')}{lost}."
    return Prose(first, second, third, fourth, links=[("original", cell_text(meta.get("url")))])


def claims_table(
    metrics: pd.DataFrame, documents: pd.DataFrame, export_to: str = "", *, pages: bool = False
) -> ReportTable:
    """The claims as a readable table linked to the source view on the same page, or with
    ``pages`` to the highlight on each document's page (theme pages)."""
    view = claims_view(metrics, documents)
    hide: tuple[str, ...] = ("doc_id", "title", "outlet", "date", "url", "source")
    if metrics["doc_id"].nunique() > 1:  # one column says where each claim comes from
        view = view.assign(source=_sources(view))
        hide = ("title", "outlet", "date", "url", "doc_id")
    if metrics["theme"].nunique() == 1 and len(metrics) > 1:
        hide += ("theme",)
    page = DOCUMENT_PAGE if pages else ""
    return ReportTable(view, "claims", link="claim", export_to=export_to, hide=hide, page=page)


def _sources(view: pd.DataFrame) -> pd.Series:
    """ "Title · outlet, date" (the document id when it states no title)."""
    parts = []
    for row in view[["doc_id", "title", "outlet", "date"]].itertuples(index=False):
        said = ", ".join(cell_text(v) for v in (row.outlet, row.date) if cell_text(v))
        parts.append((cell_text(row.title) or str(row.doc_id)) + (f" · {said}" if said else ""))
    return pd.Series(parts, index=view.index, dtype="string")


def evidence_table(
    evidence: pd.DataFrame, export_to: str = "", *, single: bool = True, pages: bool = False
) -> ReportTable:
    """The evidence sentences; each quote links to its place in the source view (on the same
    page, or with ``pages`` on its document's page)."""
    hide = ("doc_id",) if single else ()
    page = DOCUMENT_PAGE if pages else ""
    return ReportTable(
        evidence_view(evidence), "evidence", export_to=export_to, hide=hide, link="quote", page=page
    )


def reviews_table(doc: EvidenceSet, export_to: str = "") -> ReportTable | Prose:
    """The claims reviewed, orphans first named; or how to review when there is none."""
    if not len(doc.reviews):
        return Prose(
            "No claim of this document has been reviewed. Confirm, reject or correct a claim, or add "
            "one the kit missed, with ek.review_claims(doc_id, corpus_dir) in JupyterLab or "
            "ek.review_claim(...); "
            "decisions go to reviews.jsonl beside the corpus and apply on every rebuild."
        )
    return ReportTable(reviews_view(doc.reviews), "reviews", export_to=export_to, hide=("doc_id",))


def swaps_table(doc: EvidenceSet, doc_id: str, export_to: str = "") -> ReportTable | Prose:
    """The swaps the spin repair undid in a spun document, counted, with what each repair
    stands on (``likelier``: nats by which ordinary Chinese reads the repaired words likelier,
    on average; ``form_count``: jieba's count of the spun form, 0 for one ordinary Chinese
    never writes); or one sentence for a document that is not spun."""
    meta = doc.meta(doc_id)
    if not meta.get("spun"):
        score, threshold = float(meta.get("spin_score") or 0), spin_table().threshold
        return Prose(f"Not spun (spin score {score:.3f}, spun from {threshold}): no word of it was repaired.")
    view = doc.swaps(doc_id)[["spun", "original", "count", "likelier", "form_count", "flips"]]
    return ReportTable(view, "swaps", export_to=export_to)


def meta_table(doc: EvidenceSet, doc_id: str) -> ReportTable:
    return ReportTable(meta_view(doc.meta(doc_id)), "metadata")


def show_document(
    doc_id: str,
    corpus_dir: str | Path | None = None,
    store_dir: str | Path | None = None,
    *,
    data: EvidenceSet | None = None,
    rows: bool = False,
) -> SourceView:
    """A document's text with its claims highlighted (theme colours, review marks, hover for the
    value, year, subject, speaker). ``rows``: highlights link to a claims table on the same page.

    >>> view = show_document("004", "seeds")  # doctest: +SKIP
    """
    data = data if data is not None else open_evidence(corpus_dir, store_dir)
    doc_id = _resolve(data, doc_id)
    doc = data.document(doc_id)
    sentences = doc.evidence.drop_duplicates("sentence_id")
    cites = sentences.set_index("sentence_id")["cites"] if len(sentences) else pd.Series(dtype="string")
    claims = doc.metrics.assign(cites=doc.metrics["sentence_id"].map(cites).replace("", pd.NA))
    if len(doc.reviews):
        claims = pd.concat([claims, _rejected(doc.reviews)], ignore_index=True)
    lang = cell_text(doc.documents["lang"].iloc[0]) if len(doc.documents) else ""
    marks = evidence_view(doc.evidence) if rows else None
    return SourceView(doc_id, data.text(doc_id), claims, lang=lang, rows=rows, sentences=marks)


def _rejected(reviews: pd.DataFrame) -> pd.DataFrame:
    """Rejected claims still anchored: shown struck out in the source view."""
    rows = reviews[(reviews["action"] == "reject") & (reviews["status"] != "orphan")]
    return rows[["doc_id", "claim_key", "char_start", "char_end", "surface", "theme", "display"]].assign(
        review="rejected"
    )


def _resolve(data: EvidenceSet, doc_id: str) -> str:
    from evidencekit.report.parameters import resolve_document

    return resolve_document(doc_id, data.documents)


def theme_summary(theme: str, claims: pd.DataFrame, sentences: pd.DataFrame) -> Prose:
    """How much the corpus says on a theme, in which documents, in what kinds of figures."""
    if not len(claims) and not len(sentences):
        return Prose(f"No document of the corpus says anything tagged {theme}.")
    docs = sorted(set(claims["doc_id"].dropna()) | set(sentences["doc_id"].dropna()))
    first = (
        f"{theme}: {plural(len(claims), 'claim')} and {plural(len(sentences), 'evidence sentence')} "
        f"in {plural(len(docs), 'document')}."
    )
    second = f"Kinds: {_top(claims, 'kind')}." if len(claims) else ""
    third = f"Most claims: {_top(claims, 'doc_id', 3)}." if len(claims) else ""
    return Prose(first, second, third)


ACROSS = ["claim_id", "display", "subject", "year", "sources", "corroborated_by", "doc_id", "outlet", "quote"]


def across_sources(data: EvidenceSet, theme: str, export_to: str = "") -> ReportTable:
    """The theme's claims compared across documents (:func:`evidencekit.compare_claims`)."""
    from evidencekit.report.claims import compare_claims

    compared = compare_claims(data, theme=theme)
    view = compared[[c for c in ACROSS if c in compared.columns]].rename(columns={"display": "value"})
    return ReportTable(view, "across-sources", export_to=export_to)


def documents_table(data: EvidenceSet, export_to: str = "") -> ReportTable:
    """One row per document: title, outlet, date, language, genre, size, claims, spin."""
    documents = data.documents
    claims = data.metrics["doc_id"].value_counts()
    view = pd.DataFrame(
        {
            "doc_id": documents["doc_id"],
            "title": documents["title"],
            "outlet": documents["outlet"],
            "date": documents["date"],
            "lang": documents["lang"],
            "genre": documents["genre"],
            "chars": documents["chars"],
            "claims": documents["doc_id"].map(claims).fillna(0).astype("Int64"),
            "spun": documents["spun"].map({True: "spun", False: ""}).astype("string"),
            "spin_score": documents["spin_score"].round(3),
            "url": documents["url"],
        }
    )
    return ReportTable(view, "documents", export_to=export_to)


def corpus_summary(data: EvidenceSet) -> Prose:
    """The corpus in words: documents by language, unreadable files, claims by kind and theme."""
    documents, metrics = data.documents, data.metrics
    languages = ", ".join(
        f"{n} {language_name(str(lang))}" for lang, n in documents["lang"].value_counts().sort_index().items()
    )
    first = f"{data.source}: {plural(len(documents), 'document')} ({languages or 'none'})"
    first += f", {plural(len(data.errors), 'unreadable file')}." if data.errors else "."
    second = (
        f"{plural(len(metrics), 'claim')}; kinds: {_top(metrics, 'kind')}; themes: {_top(metrics, 'theme')}."
    )
    spun = int(documents["spun"].fillna(False).sum())
    third = f"{plural(spun, 'spun Chinese document')} read through repair." if spun else ""
    return Prose(first, second if len(metrics) else "No quantitative claim found.", third)


def problems(data: EvidenceSet) -> Prose:
    """The files that could not be read or read with a warning, each with why."""
    lines = [*(f"error: {e}" for e in data.errors), *(f"warning: {w}" for w in data.warnings)]
    return Prose(*lines) if lines else Prose("Every file was read.")
