"""Reading examination results from the files the examination authority sends (REG-2).

This module turns bytes into checked rows; it writes nothing. The file is read by
``core.tabular.read_table`` (XLSX, or CSV in UTF-8 with or without a byte-order mark,
GB18030/GBK or UTF-16; anything else refused with a message that says what the file is).
:data:`COLUMNS` declares the columns on the import toolkit (``core.importing``, issue 11):
header names in Chinese and English and a reader per column; :func:`parse_rows` reads every
row with them (``core.importing.read_rows``) and adds the checks across rows (one name per ID
number, one result per person, year and level), collecting every problem as a ``Problem``:
the row number and column header as the user sees them in the file, and a message in the
user's language. :data:`EXAM_IMPORT` is the declaration the page, the command and the API run.

The rules that need the database (existing people, earlier imports) and every write live in
``registry.services.exams``.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.importing import Column, Importer, read_rows
from shegong.core.importing.readers import (
    CellProblem,
    bool_reader,
    choice_reader,
    decimal_reader,
    id_reader,
)
from shegong.core.jobs import job
from shegong.core.spreadsheets import csv_writer
from shegong.core.tabular import FileProblem, Table, read_table
from shegong.core.uploads import import_upload
from shegong.people.models import normalise_name
from shegong.people.validators import parse_national_id

from .choices import Level
from .services import exams
from .services.exams import ExamRow, ImportReport, RowError

NAME_MAX_LENGTH = 50

log = logging.getLogger(__name__)


# --- The columns ----------------------------------------------------------------------------

LEVEL_HELP = "助理社会工作师, 社会工作师, 高级社会工作师 (assistant, intermediate, senior)"
PASSED_HELP = "是/否, 合格/不合格, true/false"
_YEAR = re.compile(r"^(\d{4})(?:年|\.0)?$")

_read_level = choice_reader(
    Level,
    aliases={
        "assistant": Level.ASSISTANT,
        "intermediate": Level.INTERMEDIATE,
        "senior": Level.SENIOR,
        "assistantsocialworker": Level.ASSISTANT,
        "socialworker": Level.INTERMEDIATE,
        "seniorsocialworker": Level.SENIOR,
    },
)
_read_passed = bool_reader({"合格": True, "不合格": False})
_read_score = decimal_reader(places=1, minimum=0, maximum=100)


def read_name(text: str) -> str:
    name = normalise_name(text)
    if not name:
        raise CellProblem(_("The name is empty."))
    if len(name) > NAME_MAX_LENGTH:
        raise CellProblem(_("The name is longer than %(n)d characters.") % {"n": NAME_MAX_LENGTH})
    return name


def read_level(text: str) -> str:
    try:
        return _read_level(text)
    except CellProblem:
        raise CellProblem(
            _("Unknown level %(value)s: write one of %(names)s.")
            % {"value": text, "names": LEVEL_HELP}
        ) from None


def read_passed(text: str) -> bool:
    try:
        return _read_passed(text)
    except CellProblem:
        raise CellProblem(
            _("%(value)s is not a pass mark: write one of %(names)s.")
            % {"value": text, "names": PASSED_HELP}
        ) from None


def read_year(text: str) -> int:
    match = _YEAR.match(text)
    if not match:
        raise CellProblem(
            _("%(value)s is not a year: write four digits, such as 2024.") % {"value": text}
        )
    year = int(match.group(1))
    if year < (first := exams.first_exam_year()):
        raise CellProblem(_("There were no examinations before %(first)d.") % {"first": first})
    if year > timezone.localdate().year:
        raise CellProblem(_("The exam year %(year)d is in the future.") % {"year": year})
    return year


def read_score(text: str) -> Decimal:
    """The score: 0 to 100, one decimal place."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellProblem(
            _("%(value)s is not a score: write a number from 0 to 100.") % {"value": text}
        ) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise CellProblem(_("The score %(value)s is outside 0 to 100.") % {"value": text})
    try:
        return _read_score(text)
    except CellProblem:
        raise CellProblem(
            _("The score %(value)s has more than one decimal place.") % {"value": text}
        ) from None


#: The columns of a results file (``core.importing.Column``), in the order problems are listed.
COLUMNS = (
    Column(
        "national_id",
        ("身份证号", "身份证号码", "公民身份号码", "national_id", "nationalid"),
        id_reader(parse_national_id),
    ),
    Column("name", ("姓名", "name"), read_name, empty=lambda: _("The name is empty.")),
    Column(
        "level", ("级别", "level"), read_level, empty=lambda: _("The level is empty."), cached=True
    ),
    Column(
        "exam_year",
        ("考试年度", "exam_year", "examyear"),
        read_year,
        empty=lambda: _("The exam year is empty."),
        cached=True,
    ),
    Column("score", ("成绩", "score"), read_score, required=False, cached=True),
    Column(
        "passed",
        ("是否合格", "passed"),
        read_passed,
        empty=lambda: _("The pass mark is empty: write one of %(names)s.") % {"names": PASSED_HELP},
        cached=True,
    ),
)


@dataclass
class ParseResult:
    rows: list[ExamRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    #: Column key → header as written in the file (for errors found later, e.g. by services).
    headers: dict[str, str] = field(default_factory=dict)
    total_rows: int = 0


def parse_rows(
    table: Table, progress: Callable[[int], None] | None = None, every: int = 5000
) -> ParseResult:
    """Check every row of ``table``; collect every problem (never stop at the first).

    Rows repeating an earlier row's person, year and level are errors naming the first row;
    rows giving one ID number two different names are errors too.
    """
    result = ParseResult()
    report = ImportReport()
    today = timezone.localdate()  # once: not a clock read per row
    national_id = replace(COLUMNS[0], reader=id_reader(lambda text: parse_national_id(text, today)))
    rows, heads = read_rows(
        table,
        (national_id, *COLUMNS[1:]),
        report,
        no_rows=lambda: _("The file has a header row but no results below it."),
        progress=progress,
        every=every,
        partial=True,
    )
    result.headers, result.errors, result.total_rows = heads, report.errors, report.total_rows
    bad = {e.row for e in report.errors}
    first_of: dict[tuple[str, int, str], int] = {}
    names_of: dict[str, tuple[int, str]] = {}
    problems: dict[int, list[RowError]] = {}
    for number, row in rows:
        if row["national_id"] is None:
            continue
        national_id = row["national_id"].number
        name = row["name"]
        seen = names_of.setdefault(national_id, (number, name)) if name else None
        if seen and seen[1] != name:
            problems.setdefault(number, []).append(
                RowError(
                    number,
                    heads["name"],
                    _(
                        "Row %(row)d gives this ID number the name %(name)s; one person "
                        "cannot have two names."
                    )
                    % {"row": seen[0], "name": seen[1]},
                )
            )
        if row["level"] is None or row["exam_year"] is None:
            continue
        first = first_of.setdefault((national_id, row["exam_year"], row["level"]), number)
        if first != number:
            problems.setdefault(number, []).append(
                RowError(
                    number,
                    heads["national_id"],
                    _(
                        "This row repeats row %(row)d: the same person, year and level "
                        "can have only one result."
                    )
                    % {"row": first},
                )
            )
    if problems:  # in row order, among the problems of single cells
        result.errors = sorted(
            [*report.errors, *(e for found in problems.values() for e in found)],
            key=lambda e: e.row,
        )
    result.rows = [
        ExamRow(
            number,
            row["national_id"].number,
            row["name"],
            row["level"],
            row["exam_year"],
            row["score"],
            row["passed"],
            row["national_id"].birth_date,
            row["national_id"].sex,
        )
        for number, row in rows
        if number not in problems and number not in bad
    ]
    return result


#: For documentation and the upload page: the accepted headers and values.
TEMPLATE_HELP = gettext_lazy(
    "Columns: 身份证号 (national_id), 姓名 (name), 级别 (level), 考试年度 (exam_year), "
    "成绩 (score, optional), 是否合格 (passed)."
)


# --- The import of a file ------------------------------------------------------------------


def import_exam_file(
    actor,
    data: bytes,
    filename: str = "",
    *,
    dry_run: bool = False,
    reason: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Read, check and (unless ``dry_run`` or any problem) import a results file (REG-2).

    ``progress(done, total)`` sees the rows read, then the rows written (``total`` is twice
    the number of rows). The report lists every problem by row and column.
    """
    exams.ensure_can_import(actor)
    try:
        table = read_table(data, filename)
        hint = max(table.size_hint, 1)
        parsed = parse_rows(
            table, progress=(lambda n: progress(n, 2 * max(n, hint))) if progress else None
        )
    except FileProblem as exc:
        return ImportReport(dry_run=dry_run, errors=[RowError(0, "", exc.message)])
    total = parsed.total_rows
    if set(exams.REQUIRED_COLUMNS) - set(parsed.headers):
        return ImportReport(dry_run=dry_run, errors=parsed.errors)
    return exams.import_rows(
        actor,
        parsed.rows,
        parsed.headers,
        errors=parsed.errors,
        total_rows=total,
        dry_run=dry_run,
        reason=reason,
        progress=(lambda n: progress(total + n, 2 * total)) if progress else None,
    )


@job("import_exam_results")
def import_exam_results_job(runner, path: str, filename: str = "", reason: str = ""):
    """The import of a large file, in the background, with a progress bar."""
    report = import_upload(
        runner,
        import_exam_file,
        path,
        filename,
        reason,
        progress=lambda done, total: runner.progress(done, total),
    )
    runner.progress(2 * report.total_rows, 2 * report.total_rows, force=True)
    return f"exam-import-{report.batch}.csv", report_csv(report)


def report_csv(report: ImportReport) -> bytes:
    """The report as CSV (UTF-8 with a byte-order mark, so Excel reads it)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    if report.errors:
        writer.writerow([_("row"), _("column"), _("problem")])
        for error in report.errors:
            writer.writerow([error.row or "", error.column, error.message])
    else:
        for label, value in (
            (_("rows"), report.total_rows),
            (_("people created"), report.created_people),
            (_("results created"), report.created_results),
            (_("unchanged"), report.unchanged),
            (_("sessions created"), ", ".join(report.created_sessions)),
            (_("import batch"), report.batch),
        ):
            writer.writerow([label, value])
    return buffer.getvalue().encode("utf-8-sig")


def _summary(report: ImportReport) -> str:
    summary = (
        f"rows: {report.total_rows}, people created: {report.created_people}, "
        f"results created: {report.created_results}, unchanged: {report.unchanged}"
    )
    if report.created_sessions:
        summary += f", sessions created: {', '.join(report.created_sessions)}"
    return summary


#: The declaration the page, the command and the API run (``core.importing``).
EXAM_IMPORT = Importer(
    name="exam_results",
    run=import_exam_file,
    may_import=lambda user: exams.can_import(user),
    job_kind="import_exam_results",
    job_title=gettext_lazy("Import of examination results: %(name)s"),
    summary=_summary,
)
