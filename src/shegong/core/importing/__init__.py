"""The import toolkit every file import is declared with (issue 11, point 1).

A module's import is a declaration: its :class:`Column` list (header names in Chinese and
English, a cell reader from :mod:`.readers`, required or not) and its write step, bundled in an
:class:`Importer`. The shared mechanisms then do the rest, the same way for every import:

- the file is read by ``core.tabular.read_table`` (XLSX or CSV in the encodings offices use),
  the header mapped by :func:`map_header` (missing or repeated columns refused), every cell
  read by :func:`read_rows`, every problem kept as a :class:`Problem` (the row number and
  column header as the user sees them in the file) in an :class:`ImportReport`;
- the web page is ``core.views.imports.ImportPage`` (upload → check → confirm → import),
  the management command :class:`~.command.ImportCommand`, the API
  :class:`~.api.ImportUploadMixin` / :func:`~.api.upload_response`: the same dry run, the
  same all-or-nothing write, and a background job (``core.uploads.import_upload``) for files
  of more than :data:`INLINE_ROWS` rows on the page and the API alike.

Used by the examination results (REG-2), attendance (EDU-4), pay (PAY-1) and insurance
(PAY-3) imports; ``docs/how-to-add-a-model.md`` walks a new import through it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..tabular import FileProblem, Table, clean_text, header_key, read_table
from .readers import CellProblem

#: Files with more rows than this are imported as a background job (page and API alike).
#: Read at each upload (:meth:`Importer.inline_rows`), so tests may lower it.
INLINE_ROWS = 2000
#: Rows shown in the preview of a checked file.
PREVIEW_ROWS = 20

__all__ = [
    "INLINE_ROWS",
    "CellProblem",
    "Column",
    "ImportReport",
    "Importer",
    "Problem",
    "count_rows",
    "map_header",
    "new_batch",
    "read_rows",
    "write_all_or_nothing",
]


@dataclass(frozen=True)
class Problem:
    """One problem: row number and column header as in the file (``""``: the whole row;
    row ``0``: the whole file)."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row or None, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        if not self.row:
            return self.message
        where = _("row %(row)d") % {"row": self.row}
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """What an import did (or, in a dry run or when refused, would do) and every problem.

    An import with more to count than ``created`` subclasses it and overrides
    :meth:`counts` (what ``as_dict``, the API's answer, lists besides the common fields)."""

    dry_run: bool = False
    total_rows: int = 0
    created: int = 0
    errors: list[Problem] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    batch: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def problem(self, row: int, column: str, message: str) -> None:
        self.errors.append(Problem(row, column, message))

    def sort_problems(self, heads: dict[str, str]) -> None:
        """The problems in file order: by row, then by the column's place in the header
        (``heads``: key → header as written, in file order)."""
        position = {title: i for i, title in enumerate(heads.values())}
        self.errors.sort(key=lambda e: (e.row, position.get(e.column, -1)))

    def counts(self) -> dict:
        return {"created": self.created}

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "written": self.written,
            "total_rows": self.total_rows,
            **self.counts(),
            "batch": self.batch if self.written else "",
            "errors": [e.as_dict() for e in self.errors],
        }


def new_batch() -> str:
    """The name of an import batch: when it was written, and a random part."""
    return f"{timezone.localtime():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"


def write_all_or_nothing(
    report: ImportReport, write: Callable[[str], int | None], clash: Callable[[], str] | None = None
) -> ImportReport:
    """Write a checked import in one transaction under a new batch name: ``write(batch)``
    returns the number of records created (``None``: it counted them itself). When another
    import wrote some of the same rows meanwhile (a unique constraint), nothing is written and
    the report says so (``clash``: the message)."""
    report.batch = new_batch()
    try:
        with transaction.atomic():
            created = write(report.batch)
    except IntegrityError:
        report.problem(
            0,
            "",
            clash()
            if clash
            else _(
                "Another import wrote some of these rows at the same time. Nothing was "
                "written: run the import again."
            ),
        )
        return report
    if created is not None:
        report.created = created
    return report


@dataclass(frozen=True)
class Column:
    """One column of an import: its key, the header names accepted for it (Chinese and
    English; compared after NFKC, without spaces, in lower case), the reader turning a cell's
    text into a value (raising :class:`CellProblem`; the default keeps the cleaned text), and
    whether it is required (the column in the header, a value in every row)."""

    key: str
    names: tuple[str, ...]
    reader: Callable[[str], object] | None = None
    required: bool = True
    #: How a missing column is named in the problem (default: ``"<first name> / <key>"``).
    title: str = ""
    #: The message for an empty cell of a required column (default: "This value is empty.").
    empty: Callable[[], str] | None = None
    #: Read each distinct cell once (levels, years, yes/no: few distinct values in a file).
    cached: bool = False

    @property
    def label(self) -> str:
        return self.title or f"{self.names[0]} / {self.key}"


def map_header(
    header: list[str], header_row: int, columns: Iterable[Column]
) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """Column key → index in the row, key → header as written, and the problems of the header
    (a column appearing twice, required columns missing). Other columns are ignored."""
    columns = list(columns)
    by_name = {header_key(name): c.key for c in columns for name in c.names}
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for i, title in enumerate(header):
        key = by_name.get(header_key(title))
        if key is None:
            continue
        if key in index:
            problems.append(
                Problem(
                    header_row,
                    title.strip(),
                    _("This column appears twice; keep only one of them."),
                )
            )
            continue
        index[key] = i
    missing = [c.label for c in columns if c.required and c.key not in index]
    if missing:
        problems.append(
            Problem(
                header_row,
                "",
                _("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(missing)},
            )
        )
    heads = {key: header[i].strip() for key, i in index.items()}
    return index, heads, problems


def read_rows(
    table: Table,
    columns: Iterable[Column],
    report: ImportReport,
    *,
    no_rows: Callable[[], str] | None = None,
    progress: Callable[[int], None] | None = None,
    every: int = 5000,
    partial: bool = False,
) -> tuple[list[tuple[int, dict]], dict[str, str]]:
    """Every non-blank row of ``table`` read by the columns' readers: the rows without a
    problem as ``(row number, {key: value})`` (``None`` for an empty optional cell or a column
    not in the file) and the headers as written; every problem goes into ``report`` (the
    header's alone when it has any). A header without rows is a problem too (``no_rows``:
    its message). ``progress(rows read)`` is called every ``every`` rows and at the end. With
    ``partial``, rows with problems are returned too (their refused cells ``None``), for
    checks across rows that should still see them."""
    columns = list(columns)
    index, heads, problems = map_header(table.header, table.header_row, columns)
    if problems:
        report.errors.extend(problems)
        return [], heads
    present = [
        (c, index[c.key], heads[c.key], {} if c.cached else None) for c in columns if c.key in index
    ]
    absent = {c.key: None for c in columns if c.key not in index}
    width = max(index.values()) + 1
    problem = report.problem
    rows = []
    count = 0
    for number, values in table.rows:
        if not "".join(values).strip():  # a blank row
            continue
        count += 1
        if progress is not None and count % every == 0:
            progress(count)
        if len(values) < width:
            values = [*values, *([""] * (width - len(values)))]
        row, ok = dict(absent), True
        for column, i, head, seen in present:
            cell = values[i]
            if seen is None:
                value = _read_cell(column, clean_text(cell))
            else:  # a cached column: each distinct cell is read once
                value = seen.get(cell, _UNSEEN)
                if value is _UNSEEN:
                    value = seen[cell] = _read_cell(column, clean_text(cell))
            if type(value) is _Refused:
                problem(number, head, value.message)
                value, ok = None, False
            row[column.key] = value
        if ok or partial:
            rows.append((number, row))
    report.total_rows += count
    if progress is not None:
        progress(count)
    if count == 0:
        message = no_rows() if no_rows else _("The file has a header row but no rows below it.")
        problem(table.header_row, "", message)
    return rows, heads


_UNSEEN = object()


@dataclass(frozen=True)
class _Refused:
    message: str


def _read_cell(column: Column, text: str):
    """The value of a cleaned cell, ``None`` when empty and optional, or :class:`_Refused`."""
    if not text:
        if column.required:
            return _Refused(column.empty() if column.empty else _("This value is empty."))
        return None
    if column.reader is None:
        return text
    try:
        return column.reader(text)
    except CellProblem as exc:
        return _Refused(exc.message)


def count_rows(data: bytes, filename: str = "") -> int | None:
    """The non-blank data rows of a file (``None`` when it cannot be read at all), to choose
    between an import in the request and one in the background."""
    try:
        table = read_table(data, filename)
        return sum(1 for _number, values in table.rows if any(v.strip() for v in values if v))
    except FileProblem:
        return None


@dataclass
class Importer:
    """One import, declared: what the page, the command and the API need of it.

    ``run(actor, data, filename, *, dry_run=False, reason="")`` checks (and unless
    ``dry_run`` or any problem, writes) a file and returns an :class:`ImportReport` (or a
    subclass); ``may_import(user)`` says who may; ``job_kind`` is the background job
    (registered with ``core.jobs.job``, taking ``path``, ``filename``, ``reason`` and
    ``job_params``) that imports files of more than :data:`INLINE_ROWS` rows; ``job_title``
    names it (``%(name)s``: the file's name); ``summary(report)`` is the command's one line
    of counts."""

    name: str
    run: Callable
    may_import: Callable
    job_kind: str
    job_title: str
    job_params: dict = field(default_factory=dict)
    summary: Callable = field(default=lambda report: f"rows: {report.total_rows}")

    def inline_rows(self) -> int:
        return INLINE_ROWS

    def in_background(self, rows: int | None) -> bool:
        """Whether a file of ``rows`` rows is imported as a background job."""
        return (rows or 0) > self.inline_rows()
