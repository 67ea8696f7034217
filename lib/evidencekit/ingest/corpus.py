"""A corpus: the documents of a folder (or one file), read one by one.

One bad document never stops the others. Every file of the folder gets a status
(:attr:`Corpus.statuses`, :meth:`Corpus.status_table`):

- ``ok``: read; it is one of the corpus's documents;
- ``warning``: a problem the user should know of, and nothing is wrong with the kit's input
  as a whole: an empty file (no bytes, a byte order mark or whitespace only) or a symbolic
  link that points outside the folder (links are not followed out of the corpus), both not
  read; or a document read all the same whose front matter is broken or uses refused YAML
  (``front-matter``, ``unsafe-yaml``: the block is left out, the body read; the document is
  one of the corpus's documents). Kept in :attr:`Corpus.warnings`;
- ``error``: the file cannot be read (binary content, an encoding the kit does not read,
  an unsupported format, no permission, a duplicate id...). Kept in :attr:`Corpus.errors`.

Subfolders are read too (an archive sorted by year or outlet). Symbolic links that point to
a file inside the folder are read like the file itself, under the link's own name (its id is
the link's name without suffix); links to folders are not followed. Hidden files and
folders and ``README*`` files are not documents and get no status.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.errors import DocumentError, DocumentWarning, KitError, NotAFileError, shown_path
from evidencekit.ingest.readers import read_document
from evidencekit.records import Document

if TYPE_CHECKING:
    import pandas as pd

STATUSES = ("ok", "warning", "error")
STATUS_COLUMNS = ("path", "doc_id", "status", "code", "reason", "line", "offset")


class SkippedFile(DocumentError):
    """A file of the folder that is deliberately not read (a link pointing outside it)."""

    level = "warning"
    default_code = "link-outside"


@dataclass(frozen=True)
class DocumentStatus:
    """What happened to one file: ``ok``, ``warning`` or ``error``, and why.

    ``code`` is ``ok`` or the kind of problem (``empty``, ``binary``, ``encoding``,
    ``front-matter``, ``unsupported``, ``permission``, ``link-outside``, ...); ``reason`` is
    the message (empty when ok); ``line`` (1-based) and ``offset`` (bytes) say where.
    """

    path: Path
    doc_id: str
    status: str
    code: str = "ok"
    reason: str = ""
    line: int | None = None
    offset: int | None = None

    @classmethod
    def of_error(cls, error: DocumentError) -> DocumentStatus:
        """The status of a file that raised ``error``."""
        line, offset = error.line, error.offset
        return cls(error.path, error.path.stem, error.level, error.code, error.reason, line, offset)

    def as_dict(self) -> dict[str, object]:
        """The status as a record; ``path`` and ``doc_id`` as printable text (a file name that
        is not UTF-8 shows its bytes as ``\\xff``)."""
        record = {name: getattr(self, name) for name in STATUS_COLUMNS}
        record["path"] = shown_path(self.path)
        record["doc_id"] = shown_path(self.doc_id)
        return record


class Corpus:
    """Documents in file-name order, looked up by id (the file name without its suffix).

    Examples
    --------
    >>> corpus = load_corpus("seeds")  # doctest: +SKIP
    >>> corpus.ids[:2], len(corpus.errors)  # doctest: +SKIP
    (('000_98eda4eeaede7d8e', '001_8ad4a4114da0a702'), 0)
    """

    def __init__(
        self,
        path: Path,
        documents: list[Document],
        errors: list[DocumentError] | None = None,
        warnings: list[DocumentError] | None = None,
    ) -> None:
        self.path = path
        self.errors: list[DocumentError] = list(errors or [])
        read = [_warning_of(document) for document in documents if document.warnings]
        self.warnings: list[DocumentError] = _by_name([*(warnings or []), *read])
        self._documents = {document.id: document for document in documents}

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the documents that were read, in file-name order."""
        return tuple(self._documents)

    @property
    def statuses(self) -> list[DocumentStatus]:
        """One status per file, documents, warnings and errors together, in file-name order."""
        found = [DocumentStatus(doc.path, doc.id, "ok") for doc in self if not doc.warnings]
        found += [DocumentStatus.of_error(problem) for problem in (*self.warnings, *self.errors)]
        return sorted(found, key=lambda status: (status.path.name, STATUSES.index(status.status)))

    def status_table(self) -> pd.DataFrame:
        """The statuses as a table: path, doc_id, status, code, reason, line, offset.

        Examples
        --------
        >>> load_corpus("seeds").status_table()[["doc_id", "status"]].head(2)  # doctest: +SKIP
                         doc_id status
        0  000_98eda4eeaede7d8e     ok
        1  001_8ad4a4114da0a702     ok
        """
        import pandas as pd

        records = [status.as_dict() for status in self.statuses]
        table = pd.DataFrame.from_records(records, columns=list(STATUS_COLUMNS))
        return table.astype({"line": "Int64", "offset": "Int64"})

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


def _warning_of(document: Document) -> DocumentWarning:
    """The status-bearing warning of a document read with problems (its first one)."""
    first = document.warnings[0]
    return DocumentWarning(document.path, first.message, line=first.line, code=first.code)


USER_PAIRS = "spin_pairs.yaml"
REVIEWS = "reviews.jsonl"
"""A corpus's review decisions (``evidencekit.review``): beside the documents, not one."""
"""A corpus's own spin pair table (``evidencekit.text.spin_pairs``): beside the documents, not one."""


def _is_listed(path: Path) -> bool:
    """Not a hidden file, not a README, not the corpus's own spin pair table or review file."""
    name = path.name
    return not (name.startswith(".") or name.upper().startswith("README") or name in (USER_PAIRS, REVIEWS))


def _link_problem(path: Path, folder: Path) -> DocumentError | None:
    """Why a symbolic link is not read: it points outside ``folder``, loops, or is broken."""
    try:
        target = path.resolve(strict=False)
    except (RuntimeError, OSError) as error:  # a loop of links
        message = f"symbolic link that loops ({error}); fix or remove the link"
        return DocumentError(path, message, code="link-loop")
    if not target.is_relative_to(folder.resolve()):
        message = (
            f"symbolic link to {shown_path(target)}, outside the corpus folder: not followed; "
            "copy the file into the folder to include it"
        )
        return SkippedFile(path, message)
    if not target.exists():
        message = f"broken symbolic link (its target {shown_path(target)} does not exist); fix or remove it"
        return DocumentError(path, message, code="broken-link")
    return None


def iter_files(root: Path) -> Iterator[tuple[Path, DocumentError | None]]:
    """The files of a corpus folder and of its subfolders, lazily (one folder listed at a time).

    Yields ``(path, None)`` for a file to read, ``(path, problem)`` for a link not followed
    or a subfolder that cannot be listed. Within a folder, files come in file-name order,
    then its subfolders (each in turn). Hidden entries and ``README*`` files are skipped.
    Raises :class:`KitError` when ``root`` itself cannot be listed.
    """
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted((e for e in listing if _is_listed(Path(e.name))), key=lambda e: e.name)
        except OSError as error:
            message = f"cannot list the folder ({error.strerror or error}); check its permissions"
            if folder == root:
                raise KitError(f"{folder}: {message}") from error  # noqa: EM102
            yield folder, DocumentError(folder, message, code="unreadable")
            continue
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                problem = _link_problem(path, root)
                if problem is None and not path.is_dir():
                    problem = None if path.is_file() else _special_file(path, follow=True)
                if problem is not None or path.is_file():
                    yield path, problem
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append(path)
            elif entry.is_file(follow_symlinks=False):
                yield path, None
            else:
                yield path, _special_file(path)
        pending.extend(reversed(subfolders))


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _special_file(path: Path, follow: bool = False) -> DocumentError:
    """Why an entry that is neither a file, a folder nor a link (or a link to one) is not read."""
    try:
        mode = (path.stat() if follow else path.lstat()).st_mode
    except OSError as error:
        return DocumentError(path, f"cannot be examined ({error.strerror or error})", code="unreadable")
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a regular file")
    message = (
        f"{kind}, not a regular file: not read (reading it could block); move it out of the corpus folder"
    )
    return NotAFileError(path, message)


def _read_one(path: Path) -> Document | DocumentError:
    """The document, or why it cannot be read; never raises."""
    try:
        return read_document(path)
    except DocumentError as error:
        return error
    except Exception as error:  # noqa: BLE001 - one bad file never stops the corpus
        message = (
            f"internal error while reading ({type(error).__name__}: {error}); please report it with the file"
        )
        return DocumentError(path, message, code="internal")


def _read_all(paths: Iterable[Path], root: Path) -> tuple[list[Document], list[DocumentError]]:
    documents: list[Document] = []
    problems: list[DocumentError] = []
    seen: dict[str, Path] = {}
    for path in paths:
        document = _read_one(path)
        if isinstance(document, DocumentError):
            problems.append(document)
        elif document.id in seen:
            first = seen[document.id].relative_to(root).as_posix()
            message = f"duplicate document id {document.id!r} (also {first}); rename one of the files"
            problems.append(DocumentError(path, message, code="duplicate"))
        else:
            seen[document.id] = path
            documents.append(document)
    return documents, problems


def load_corpus(path: str | Path) -> Corpus:
    """Read every document of a folder, or a single file, into a :class:`Corpus`.

    Parameters
    ----------
    path : str or Path
        A folder: every regular file in it and in its subfolders is read (file-name
        order within a folder, see :func:`iter_files`), except hidden files and folders
        and ``README*`` files; a document's id is its file name without suffix, so two
        files of the same name in different subfolders are a ``duplicate`` error.
        Links that point outside the folder are not followed (status ``warning``), nor
        are empty files read (``warning``); files that cannot be read, including
        unsupported formats, are listed in ``corpus.errors`` (status ``error``) instead of
        stopping the others. A file: a corpus of that one document; errors reading it are
        raised.

    Returns
    -------
    Corpus

    Raises
    ------
    KitError
        When ``path`` does not exist or the folder cannot be listed. Nothing else for a
        folder.
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
    listed = list(iter_files(path))
    documents, problems = _read_all([file for file, problem in listed if problem is None], path)
    problems += [problem for _, problem in listed if problem is not None]
    errors = [problem for problem in problems if problem.level == "error"]
    warnings = [problem for problem in problems if problem.level != "error"]
    return Corpus(path, documents, _by_name(errors), _by_name(warnings))


def _by_name(problems: list[DocumentError]) -> list[DocumentError]:
    return sorted(problems, key=lambda problem: problem.path.name)
