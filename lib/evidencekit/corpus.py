"""A corpus: the documents of a folder (or one file), read one by one.

One bad document never stops the others: its error is kept in :attr:`Corpus.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from evidencekit.errors import DocumentError, KitError
from evidencekit.readers import read_document
from evidencekit.records import Document


class Corpus:
    """Documents in file-name order, looked up by id (the file name without its suffix).

    Examples
    --------
    >>> corpus = load_corpus("seeds")  # doctest: +SKIP
    >>> corpus.ids[:2], len(corpus.errors)  # doctest: +SKIP
    (('000_98eda4eeaede7d8e', '001_8ad4a4114da0a702'), 0)
    """

    def __init__(
        self, path: Path, documents: list[Document], errors: list[DocumentError] | None = None
    ) -> None:
        self.path = path
        self.errors: list[DocumentError] = list(errors or [])
        self._documents = {document.id: document for document in documents}

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the documents that were read, in file-name order."""
        return tuple(self._documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._documents.values())

    def __len__(self) -> int:
        return len(self._documents)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._documents

    def __getitem__(self, doc_id: str) -> Document:
        try:
            return self._documents[doc_id]
        except KeyError:
            known = ", ".join(self.ids) or "none"
            message = f"no document {doc_id!r} in {self.path}; known ids: {known}"
            raise KeyError(message) from None

    def __repr__(self) -> str:
        return f"Corpus({str(self.path)!r}, documents={len(self)}, errors={len(self.errors)})"


def _is_candidate(path: Path, folder: Path) -> bool:
    """A non-hidden file that is not a README, and no link pointing outside ``folder``."""
    if path.name.startswith(".") or path.name.upper().startswith("README"):
        return False
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(folder.resolve()):
            return False
        return target.is_file() or not target.exists()
    return path.is_file()


def _read_all(paths: list[Path]) -> tuple[list[Document], list[DocumentError]]:
    documents: list[Document] = []
    errors: list[DocumentError] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            document = read_document(path)
        except DocumentError as error:
            errors.append(error)
            continue
        if document.id in seen:
            message = (
                f"duplicate document id {document.id!r} (also {seen[document.id].name}); "
                "rename one of the files"
            )
            errors.append(DocumentError(path, message))
            continue
        seen[document.id] = path
        documents.append(document)
    return documents, errors


def load_corpus(path: str | Path) -> Corpus:
    """Read every document of a folder, or a single file, into a :class:`Corpus`.

    Parameters
    ----------
    path : str or Path
        A folder: every regular file in it (not in subfolders) is read in file-name order,
        except hidden files, ``README*`` files and links that point outside the folder.
        Files that cannot be read (including unsupported formats) are listed in
        ``corpus.errors`` instead of stopping the others. A file: a corpus of that one
        document; errors reading it are raised.

    Returns
    -------
    Corpus

    Raises
    ------
    KitError
        When ``path`` does not exist.
    DocumentError
        When ``path`` is a single file that cannot be read.

    Examples
    --------
    >>> corpus = load_corpus("seeds")  # doctest: +SKIP
    >>> corpus["001_8ad4a4114da0a702"].meta.language  # doctest: +SKIP
    'zh'
    """
    path = Path(path)
    if not path.exists():
        message = (
            f"{path}: no such file or folder; give a document or a folder of documents "
            "(relative paths start from the current working directory)"
        )
        raise KitError(message)
    if not path.is_dir():
        return Corpus(path, [read_document(path)])
    files = sorted((p for p in path.iterdir() if _is_candidate(p, path)), key=lambda p: p.name)
    documents, errors = _read_all(files)
    return Corpus(path, documents, errors)
