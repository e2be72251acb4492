"""Reading examination results from the files the examination authority sends (REG-2).

This module turns bytes into checked rows; it writes nothing. The file is read by
``core.tabular.read_table`` (XLSX, or CSV in UTF-8 with or without a byte-order mark,
GB18030/GBK or UTF-16; anything else refused with a message that says what the file is).
:func:`parse_rows` maps the header (Chinese or
English names), normalises every value (full-width characters, stray spaces) and checks each
row, collecting every problem as a :class:`RowError`: the row number and column header as the
user sees them in the file, and a message in the user's language.

The rules that need the database (existing people, earlier imports) and every write live in
``registry.services.exams``.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.jobs import job
from shegong.core.spreadsheets import csv_writer
from shegong.core.tabular import FileProblem, Table, clean_text, header_key, read_table
from shegong.core.uploads import import_upload
from shegong.people.models import normalise_name
from shegong.people.validators import parse_national_id

from .choices import Level
from .services import exams
from .services.exams import ExamRow, ImportReport, RowError

NAME_MAX_LENGTH = 50
#: Files with more rows than this are imported as a background job (upload page and API).
INLINE_ROWS = 2000

log = logging.getLogger(__name__)


# --- The header -----------------------------------------------------------------------------

#: Column key → the header names accepted for it (compared after NFKC, lower case, no spaces).
COLUMNS = {
    "national_id": ("身份证号", "身份证号码", "公民身份号码", "national_id", "nationalid"),
    "name": ("姓名", "name"),
    "level": ("级别", "level"),
    "exam_year": ("考试年度", "exam_year", "examyear"),
    "score": ("成绩", "score"),
    "passed": ("是否合格", "passed"),
}
REQUIRED = exams.REQUIRED_COLUMNS
#: How a missing column is named in the error: both names of the template.
COLUMN_LABELS = {
    "national_id": "身份证号 / national_id",
    "name": "姓名 / name",
    "level": "级别 / level",
    "exam_year": "考试年度 / exam_year",
    "score": "成绩 / score",
    "passed": "是否合格 / passed",
}


_HEADER_KEYS = {header_key(name): column for column, names in COLUMNS.items() for name in names}


def map_header(header: list[str], header_row: int) -> tuple[dict[str, int], list[RowError]]:
    """Column key → index in the row; or the errors (missing or repeated columns)."""
    found: dict[str, int] = {}
    errors: list[RowError] = []
    for index, title in enumerate(header):
        column = _HEADER_KEYS.get(header_key(title))
        if column is None:
            continue  # other columns (准考证号, 备注 …) are ignored
        if column in found:
            errors.append(
                RowError(
                    header_row,
                    title.strip(),
                    _("This column appears twice; keep only one of them."),
                )
            )
            continue
        found[column] = index
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        return found, [
            RowError(
                header_row,
                "",
                _("Required column(s) missing: %(columns)s.")
                % {"columns": ", ".join(COLUMN_LABELS[c] for c in missing)},
            )
        ]
    return found, errors


# --- Values ----------------------------------------------------------------------------------

LEVEL_NAMES = {
    "助理社会工作师": Level.ASSISTANT,
    "社会工作师": Level.INTERMEDIATE,
    "高级社会工作师": Level.SENIOR,
    "assistant": Level.ASSISTANT,
    "intermediate": Level.INTERMEDIATE,
    "senior": Level.SENIOR,
    "assistantsocialworker": Level.ASSISTANT,
    "socialworker": Level.INTERMEDIATE,
    "seniorsocialworker": Level.SENIOR,
}
PASSED_VALUES = {
    "是": True,
    "否": False,
    "合格": True,
    "不合格": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "yes": True,
    "no": False,
}
LEVEL_HELP = "助理社会工作师, 社会工作师, 高级社会工作师 (assistant, intermediate, senior)"
PASSED_HELP = "是/否, 合格/不合格, true/false"
_YEAR = re.compile(r"^(\d{4})(?:年|\.0)?$")
ONE_DECIMAL = Decimal("0.1")


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
    columns, header_errors = map_header(table.header, table.header_row)
    result.headers = {c: table.header[i].strip() for c, i in columns.items()}
    if header_errors:
        result.errors = header_errors
        return result
    today = timezone.localdate()
    this_year = today.year
    heads = result.headers
    i_id, i_name, i_level = columns["national_id"], columns["name"], columns["level"]
    i_year, i_passed = columns["exam_year"], columns["passed"]
    i_score = columns.get("score")
    width = max(columns.values()) + 1
    errors = result.errors
    append_error = errors.append
    levels: dict[str, str] = {}
    years: dict[str, int | str] = {}
    scores: dict[str, Decimal | None | str] = {}
    passes: dict[str, bool | str] = {}
    first_of: dict[tuple[str, int, str], int] = {}
    names_of: dict[str, tuple[int, str]] = {}
    rows = result.rows
    count = 0
    for number, values in table.rows:
        if len(values) < width:
            values = [*values, *([""] * (width - len(values)))]
        if not "".join(values).strip():  # a blank row
            continue
        count += 1
        if progress is not None and count % every == 0:
            progress(count)
        ok = True

        raw_id = values[i_id]
        try:
            parsed = parse_national_id(raw_id, today)
        except ValidationError as exc:
            append_error(RowError(number, heads["national_id"], exc.messages[0]))
            ok = False
            parsed = None

        name = normalise_name(values[i_name])
        if not name:
            append_error(RowError(number, heads["name"], _("The name is empty.")))
            ok = False
        elif len(name) > NAME_MAX_LENGTH:
            append_error(
                RowError(
                    number,
                    heads["name"],
                    _("The name is longer than %(n)d characters.") % {"n": NAME_MAX_LENGTH},
                )
            )
            ok = False

        # Levels, years, scores and pass marks take few distinct values in a file: each
        # distinct cell is checked once (value, or the message saying what is wrong).
        cell = values[i_level]
        level = levels.get(cell)
        if level is None:
            level = levels[cell] = _level(clean_text(cell))
        if isinstance(level, Message):
            append_error(RowError(number, heads["level"], str(level)))
            ok = False

        cell = values[i_year]
        year = years.get(cell)
        if year is None:
            year = years[cell] = _year(clean_text(cell), this_year)
        if isinstance(year, str):
            append_error(RowError(number, heads["exam_year"], year))
            ok = False

        score = None
        if i_score is not None:
            cell = values[i_score]
            score = scores.get(cell, _UNSEEN)
            if score is _UNSEEN:
                score = scores[cell] = _score(clean_text(cell))
            if isinstance(score, str):
                append_error(RowError(number, heads["score"], score))
                ok = False

        cell = values[i_passed]
        passed = passes.get(cell)
        if passed is None:
            passed = passes[cell] = _passed(clean_text(cell))
        if isinstance(passed, str):
            append_error(RowError(number, heads["passed"], passed))
            ok = False

        if parsed is not None:
            number_id = parsed.number
            if name:
                seen = names_of.get(number_id)
                if seen is None:
                    names_of[number_id] = (number, name)
                elif seen[1] != name:
                    append_error(
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
                    ok = False
            if not isinstance(level, Message) and not isinstance(year, str):
                key = (number_id, year, level)
                first = first_of.get(key)
                if first is None:
                    first_of[key] = number
                else:
                    append_error(
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
                    ok = False
        if ok:
            rows.append(
                ExamRow(
                    number,
                    parsed.number,
                    name,
                    level,
                    year,
                    score,
                    passed,
                    parsed.birth_date,
                    parsed.sex,
                )
            )
    result.total_rows = count
    if progress is not None:
        progress(count)
    if count == 0 and not errors:
        errors.append(
            RowError(
                table.header_row,
                "",
                _("The file has a header row but no results below it."),
            )
        )
    return result


class Message(str):
    """A problem found in a cell (as opposed to a value that is a string, such as a level)."""

    __slots__ = ()


_UNSEEN = object()


def _level(text: str) -> str:
    """The level, or the :class:`Message` saying what is wrong with it."""
    level = LEVEL_NAMES.get(text.lower().replace(" ", ""))
    if level is not None:
        return level
    if not text:
        return Message(_("The level is empty."))
    return Message(
        _("Unknown level %(value)s: write one of %(names)s.") % {"value": text, "names": LEVEL_HELP}
    )


def _passed(text: str) -> bool | str:
    """The pass mark, or the message saying what is wrong with it."""
    passed = PASSED_VALUES.get(text.lower())
    if passed is not None:
        return passed
    if not text:
        return _("The pass mark is empty: write one of %(names)s.") % {"names": PASSED_HELP}
    return _("%(value)s is not a pass mark: write one of %(names)s.") % {
        "value": text,
        "names": PASSED_HELP,
    }


def _year(text: str, this_year: int) -> int | str:
    """The year, or the message saying what is wrong with it."""
    if not text:
        return _("The exam year is empty.")
    match = _YEAR.match(text)
    if not match:
        return _("%(value)s is not a year: write four digits, such as 2024.") % {"value": text}
    year = int(match.group(1))
    if year < (first := exams.first_exam_year()):
        return _("There were no examinations before %(first)d.") % {"first": first}
    if year > this_year:
        return _("The exam year %(year)d is in the future.") % {"year": year}
    return year


def _score(text: str) -> Decimal | None | str:
    """The score (0–100, one decimal place), ``None`` when empty, or the message."""
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return _("%(value)s is not a score: write a number from 0 to 100.") % {"value": text}
    if not value.is_finite() or value < 0 or value > 100:
        return _("The score %(value)s is outside 0 to 100.") % {"value": text}
    rounded = value.quantize(ONE_DECIMAL)
    if rounded != value:
        return _("The score %(value)s has more than one decimal place.") % {"value": text}
    return rounded


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


def count_rows(data: bytes, filename: str = "") -> int | None:
    """The non-blank data rows of a file (``None`` when it cannot be read at all), to choose
    between an import in the request and one in the background."""
    try:
        table = read_table(data, filename)
        return sum(1 for _number, values in table.rows if any(v.strip() for v in values if v))
    except FileProblem:
        return None


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
