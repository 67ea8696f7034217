"""The document picker: every document of the corpus by id and title.

In JupyterLab it is a drop-down (ipywidgets, JupyterLab's own widget manager, nothing
fetched): picking a document shows its summary, claims and source view below it, without
editing a parameter. On a report page (``interactive=False``) it is a list of the documents
linking to their pages. Its plain text (what nbval compares) is the same list either way.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

import pandas as pd

from evidencekit.archive.sets import EvidenceSet

PAGE = "02-document-report-{doc_id}.html"


def _label(doc_id: str, title: object) -> str:
    text = "" if title is None or title is pd.NA or title != title else str(title)
    return f"{doc_id} — {text}" if text else doc_id


class DocumentPicker:
    """Pick a document of ``data`` (see the module documentation)."""

    def __init__(self, data: EvidenceSet, doc_id: str = "", *, interactive: bool = True):
        self.data, self.doc_id, self.interactive = data, doc_id, interactive
        documents = data.documents
        self.options = [
            (_label(str(d), t), str(d)) for d, t in zip(documents["doc_id"], documents["title"], strict=True)
        ]
        self.widget: Any = None
        if interactive:
            self.widget = self._build()

    def _build(self) -> Any:
        import ipywidgets as w

        choice = w.Dropdown(
            options=self.options,
            value=self.doc_id if self.doc_id in {d for _, d in self.options} else None,
            description="document",
            layout=w.Layout(width="90%"),
        )
        shown = w.Output()
        choice.observe(lambda change: self._show(change["new"], shown), names="value")
        self.choice, self.shown = choice, shown
        return w.VBox([choice, shown])

    def _show(self, doc_id: str, shown: Any) -> None:
        from IPython.display import display

        from evidencekit.report.document import claims_table, document_summary, show_document

        shown.clear_output()
        with shown:
            doc = self.data.document(doc_id)
            display(document_summary(doc, doc_id))
            display(claims_table(doc.metrics, doc.documents))
            display(show_document(doc_id, data=self.data, rows=True))

    def __repr__(self) -> str:
        marked = [("* " if doc_id == self.doc_id else "  ") + label for label, doc_id in self.options]
        return "\n".join([f"{len(self.options)} documents (* this one):", *marked])

    def _repr_html_(self) -> str:
        items = []
        for label, doc_id in self.options:
            text = html.escape(label)
            if doc_id == self.doc_id:
                items.append(f"<li><strong>{text}</strong> (this page)</li>")
            else:
                href = html.escape(quote(PAGE.format(doc_id=doc_id)))
                items.append(f"<li><a href='{href}'>{text}</a></li>")
        summary = f"<summary>Documents of this corpus ({len(items)})</summary>"
        return f"<details class='ek-picker'>{summary}<ul>{''.join(items)}</ul></details>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        if self.widget is None:
            return {"text/plain": repr(self), "text/html": self._repr_html_()}
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle = bundle if isinstance(bundle, dict) else {}
        return {**bundle, "text/plain": repr(self)}


def pick_document(data: EvidenceSet, doc_id: str = "", *, interactive: bool = True) -> DocumentPicker:
    """The picker of ``data``'s documents, ``doc_id`` marked as the current one."""
    return DocumentPicker(data, doc_id, interactive=interactive)
