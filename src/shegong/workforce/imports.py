"""Imports of pay records (PAY-1) and social insurance contributions (PAY-3) from XLSX or CSV
files, with Chinese or English headers, all or nothing, with a dry run.

Files are read with ``core.tabular.read_table`` (the same encodings and refusals as the
examination import). Every row is checked and every problem collected with its row number and
column header as in the file; any problem means nothing is written. A row names a person by
national ID number and a month; the employment is the one in force in that month in a
post the importer may change (their organisation, district or the city). A pay record takes
the grade and step in force on the month's first day (the latest ``EmploymentGrade``).
Repeating a row of the file, or a month already recorded, is an error. Writes are bulk
inserts with one audit record per batch of one area, with an index entry per row
(``core.bulk``, ``core.audit.record_bulk_create``, ADR 0022).
"""

from __future__ import annotations

import calendar
import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import audit, bulk
from shegong.core.jobs import job
from shegong.core.permissions import can_any, restrict
from shegong.core.spreadsheets import csv_writer
from shegong.core.tabular import FileProblem, clean_text, header_key, read_table
from shegong.core.uploads import import_upload
from shegong.people.validators import parse_national_id
from shegong.registry.services.exams import RowError

from .models import Employment, EmploymentGrade, InsuranceContribution, PayRecord

CENT = Decimal("0.01")
MAX_MONEY = Decimal("9999999999.99")


@dataclass(frozen=True)
class Column:
    key: str
    names: tuple[str, ...]
    kind: str  # id, month, money, date
    required: bool = True

    @property
    def label(self) -> str:
        return f"{self.names[0]} / {self.key}"


PAY_COLUMNS = (
    Column("national_id", ("身份证号", "身份证号码", "national_id"), "id"),
    Column("month", ("月份", "所属月份", "month"), "month"),
    Column("base", ("基本工资", "base"), "money"),
    Column("post", ("岗位工资", "post"), "money"),
    Column("performance", ("绩效工资", "performance"), "money"),
    Column("total", ("应发合计", "合计", "total"), "money", required=False),
)
INSURANCE_COLUMNS = (
    Column("national_id", ("身份证号", "身份证号码", "national_id"), "id"),
    Column("month", ("月份", "所属月份", "month"), "month"),
    Column("base", ("缴费基数", "base"), "money"),
    Column("employer_share", ("单位缴纳", "单位部分", "employer_share"), "money"),
    Column("employee_share", ("个人缴纳", "个人部分", "employee_share"), "money"),
    Column("due_date", ("应缴日期", "due_date"), "date"),
    Column("paid_on", ("实缴日期", "paid_on"), "date", required=False),
    Column("amount_paid", ("实缴金额", "amount_paid"), "money", required=False),
)

_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月)?(?:\s*[-/.]?\s*0?1\s*日?)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass
class PayImportReport:
    """What an import did (or, in a dry run or when refused, would do) and every problem."""

    kind: str
    dry_run: bool = False
    total_rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    batch: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "written": self.written,
            "total_rows": self.total_rows,
            "created": self.created,
            "batch": self.batch if self.written else "",
            "errors": [e.as_dict() for e in self.errors],
        }


def _money(text: str):
    try:
        value = Decimal(text.replace(",", "").replace("¥", ""))
    except InvalidOperation:
        return _("%(value)s is not an amount: write a number such as 5000.00.") % {"value": text}
    if not value.is_finite() or value < 0 or value > MAX_MONEY:
        return _("The amount %(value)s is out of range.") % {"value": text}
    if value.quantize(CENT) != value:
        return _("The amount %(value)s has more than two decimal places.") % {"value": text}
    return value.quantize(CENT)


def _month(text: str):
    match = _MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1)
    return _("%(value)s is not a month: write it as 2026-01.") % {"value": text}


def _date(text: str):
    match = _DATE.match(text.split("T")[0].split(" ")[0])
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    return _("%(value)s is not a date: write it as 2026-01-15.") % {"value": text}


class _Problem(str):
    """A message saying what is wrong with a value (not the value)."""


def _parse_value(column: Column, text: str):
    """The value of a cell, or a :class:`_Problem`."""
    if column.kind == "id":
        try:
            return parse_national_id(text).number
        except ValidationError as exc:
            return _Problem(exc.messages[0])
    parser = {"month": _month, "date": _date, "money": _money}[column.kind]
    value = parser(text)
    return _Problem(value) if isinstance(value, str) else value


def _parse(data: bytes, filename: str, columns: tuple[Column, ...], report: PayImportReport):
    """Rows as ``(row number, {key: value})`` with every problem added to the report."""
    try:
        table = read_table(data, filename)
        header = table.header
        by_key = {header_key(name): c for c in columns for name in c.names}
        index: dict[str, int] = {}
        for i, title in enumerate(header):
            column = by_key.get(header_key(title))
            if column is None:
                continue
            if column.key in index:
                report.errors.append(
                    RowError(
                        table.header_row,
                        title.strip(),
                        _("This column appears twice; keep only one of them."),
                    )
                )
            index[column.key] = i
        missing = [c.label for c in columns if c.required and c.key not in index]
        if missing:
            report.errors.append(
                RowError(
                    table.header_row,
                    "",
                    _("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(missing)},
                )
            )
        if report.errors:
            return [], {}
        heads = {key: header[i].strip() for key, i in index.items()}
        rows = []
        for number, values in table.rows:
            if not any(str(v).strip() for v in values if v):
                continue
            report.total_rows += 1
            row, ok = {}, True
            for column in columns:
                if column.key not in index:
                    row[column.key] = None
                    continue
                i = index[column.key]
                text = clean_text(values[i]) if i < len(values) and values[i] else ""
                if not text:
                    if column.required:
                        report.errors.append(
                            RowError(number, heads[column.key], _("This value is empty."))
                        )
                        ok = False
                    row[column.key] = None
                    continue
                value = _parse_value(column, text)
                if isinstance(value, _Problem):
                    report.errors.append(RowError(number, heads[column.key], value))
                    ok = False
                    value = None
                row[column.key] = value
            if ok:
                rows.append((number, row))
    except FileProblem as exc:
        report.errors = [RowError(0, "", exc.message)]
        return [], {}
    if report.total_rows == 0 and not report.errors:
        report.errors.append(
            RowError(table.header_row, "", _("The file has a header row but no rows below it."))
        )
    return rows, heads


def can_import(user) -> bool:
    return user is None or can_any(user, "add", PayRecord)


def _employments(actor, rows, heads, report) -> dict:
    """(national ID, month) → employment in force in that month, changeable by ``actor``."""
    ids = {r["national_id"] for _n, r in rows}
    months = [r["month"] for _n, r in rows]
    if not ids:
        return {}
    employments = Employment.objects.filter(person__national_id__in=ids)
    if actor is not None:
        employments = restrict(employments, actor, "change")
    first, last = min(months), max(months)
    employments = employments.filter(Q(end__isnull=True) | Q(end__gte=first)).filter(
        start__lte=_month_end(last)
    )
    by_person: dict[str, list] = {}
    for e in employments.select_related("person", "post__organisation__area").order_by("-start"):
        by_person.setdefault(e.person.national_id, []).append(e)
    found = {}
    for number, r in rows:
        month = r["month"]
        match = [
            e
            for e in by_person.get(r["national_id"], [])
            if e.start <= _month_end(month) and (e.end is None or e.end >= month)
        ]
        if not match:
            report.errors.append(
                RowError(
                    number,
                    heads["national_id"],
                    _("No employment of this person in %(month)s in a post you may record pay for.")
                    % {"month": f"{month:%Y-%m}"},
                )
            )
        else:
            found[(r["national_id"], month)] = match[0]
    return found


def _month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _person_name(employments, r) -> str:
    """The name of the person a row is about, for the preview (issue 12, defect 7)."""
    e = employments.get((r["national_id"], r["month"]))
    return e.person.name if e is not None else ""


def _duplicates(rows, heads, report, model, employments) -> None:
    seen: dict = {}
    for number, r in rows:
        key = (r["national_id"], r["month"])
        if key in seen:
            report.errors.append(
                RowError(
                    number,
                    heads["month"],
                    _("This row repeats row %(row)d: the same person and month.")
                    % {"row": seen[key]},
                )
            )
        else:
            seen[key] = number
    pairs = {}
    for number, r in rows:
        e = employments.get((r["national_id"], r["month"]))
        if e is not None:
            pairs.setdefault((e.pk, r["month"]), number)
    if not pairs:
        return
    existing = model.objects.filter(
        employment__in={e for e, _m in pairs}, month__in={m for _e, m in pairs}
    ).values_list("employment_id", "month")
    for key in existing:
        if key in pairs:
            report.errors.append(
                RowError(
                    pairs[key],
                    heads["month"],
                    _("This month is already recorded for this employment."),
                )
            )


def _finish(actor, report, heads, write) -> PayImportReport:
    position = {title: i for i, title in enumerate(heads.values())}
    report.errors.sort(key=lambda e: (e.row, position.get(e.column, -1)))
    if report.errors or report.dry_run:
        return report
    report.batch = f"{timezone.localtime():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
    try:
        with transaction.atomic():
            report.created = write(report.batch)
    except IntegrityError:
        report.errors.append(
            RowError(
                0,
                "",
                _(
                    "Another import wrote some of these rows at the same time. Nothing was "
                    "written: run the import again."
                ),
            )
        )
    return report


def _stamp(actor) -> dict:
    user = actor if getattr(actor, "is_authenticated", False) else None
    pk = user.pk if user else None
    return {"created_by_id": pk, "updated_by_id": pk}


def _insert(actor, model, values: list[dict], employments: list, reason: str) -> int:
    """Insert the rows and record their creation in bulk audit records (ADR 0022: one
    hash-chained record per batch of one area, an index entry per row for its history)."""
    created = bulk.insert(model, values)
    audit.record_bulk_create(
        actor,
        model,
        (
            (row, f"{e} · {row['month']:%Y-%m}", e.post.organisation.area.path)
            for row, e in zip(created, employments, strict=True)
        ),
        reason,
    )
    return len(created)


def import_pay_file(
    actor, data: bytes, filename: str = "", *, dry_run=False, reason=""
) -> PayImportReport:
    """PAY-1: import a file of pay records, all or nothing."""
    if not can_import(actor):
        raise PermissionDenied(_("You may not import pay records."))
    report = PayImportReport("pay", dry_run=dry_run)
    rows, heads = _parse(data, filename, PAY_COLUMNS, report)
    if not rows:
        return _finish(actor, report, heads, None)
    employments = _employments(actor, rows, heads, report)
    grades = {}
    for number, r in rows:
        total = r["base"] + r["post"] + r["performance"]
        if r["total"] is not None and r["total"] != total:
            report.errors.append(
                RowError(
                    number,
                    heads["total"],
                    _("The total %(total)s is not the sum of the components (%(sum)s).")
                    % {"total": r["total"], "sum": total},
                )
            )
        e = employments.get((r["national_id"], r["month"]))
        if e is None:
            continue
        grade = (
            EmploymentGrade.objects.filter(employment=e, valid_from__lte=r["month"])
            .order_by("-valid_from")
            .first()
        )
        if grade is None:
            report.errors.append(
                RowError(
                    number,
                    heads["month"],
                    _("No grade is recorded for this employment on %(month)s.")
                    % {"month": f"{r['month']:%Y-%m-%d}"},
                )
            )
        grades[number] = grade
    _duplicates(rows, heads, report, PayRecord, employments)
    report.preview = [
        {
            "row": n,
            "national_id": r["national_id"],
            "name": _person_name(employments, r),
            "month": f"{r['month']:%Y-%m}",
            "total": r["base"] + r["post"] + r["performance"],
        }
        for n, r in rows[:20]
    ]

    def write(batch):
        stamp = _stamp(actor)
        values, emps = [], []
        for number, r in rows:
            e = employments[(r["national_id"], r["month"])]
            g = grades[number]
            values.append(
                {
                    "employment_id": e.pk,
                    "month": r["month"],
                    "year": r["month"].year,
                    "grade_id": g.grade_id,
                    "step": g.step,
                    "base": r["base"],
                    "post": r["post"],
                    "performance": r["performance"],
                    "total": r["base"] + r["post"] + r["performance"],
                    "import_batch": batch,
                    **stamp,
                }
            )
            emps.append(e)
        return _insert(actor, PayRecord, values, emps, reason)

    return _finish(actor, report, heads, write)


def import_insurance_file(
    actor, data: bytes, filename: str = "", *, dry_run=False, reason=""
) -> PayImportReport:
    """PAY-3: import a file of social insurance contributions, all or nothing."""
    if not can_import(actor):
        raise PermissionDenied(_("You may not import insurance contributions."))
    report = PayImportReport("insurance", dry_run=dry_run)
    rows, heads = _parse(data, filename, INSURANCE_COLUMNS, report)
    if not rows:
        return _finish(actor, report, heads, None)
    employments = _employments(actor, rows, heads, report)
    for number, r in rows:
        if r["amount_paid"] and r["paid_on"] is None:
            report.errors.append(
                RowError(
                    number,
                    heads["amount_paid"],
                    _("An amount paid needs the date it was paid."),
                )
            )
    _duplicates(rows, heads, report, InsuranceContribution, employments)
    report.preview = [
        {
            "row": n,
            "national_id": r["national_id"],
            "name": _person_name(employments, r),
            "month": f"{r['month']:%Y-%m}",
            "total": r["employer_share"] + r["employee_share"],
        }
        for n, r in rows[:20]
    ]

    def write(batch):
        stamp = _stamp(actor)
        values, emps = [], []
        for _number, r in rows:
            e = employments[(r["national_id"], r["month"])]
            values.append(
                {
                    "employment_id": e.pk,
                    "month": r["month"],
                    "base": r["base"],
                    "employer_share": r["employer_share"],
                    "employee_share": r["employee_share"],
                    "amount_due": r["employer_share"] + r["employee_share"],
                    "due_date": r["due_date"],
                    "paid_on": r["paid_on"],
                    "amount_paid": r["amount_paid"] or Decimal("0.00"),
                    "import_batch": batch,
                    **stamp,
                }
            )
            emps.append(e)
        return _insert(actor, InsuranceContribution, values, emps, reason)

    return _finish(actor, report, heads, write)


IMPORTERS: dict[str, Callable] = {"pay": import_pay_file, "insurance": import_insurance_file}


#: Files with more rows than this are imported in the background (the page shows progress).
INLINE_ROWS = 2000


def column_help(columns: tuple[Column, ...]) -> str:
    """The accepted headers of each column, for the upload page."""
    parts = []
    for column in columns:
        names = " / ".join(column.names)
        parts.append(names if column.required else _("%(names)s (optional)") % {"names": names})
    return "; ".join(parts)


@job("import_pay_file")
def import_pay_file_job(runner, kind: str, path: str, filename: str = "", reason: str = ""):
    """PAY-1, PAY-3: a large pay or insurance file, imported in the background."""
    runner.progress(0, 1, force=True)
    report = import_upload(runner, IMPORTERS[kind], path, filename, reason)
    runner.progress(1, 1, force=True)
    return f"{kind}-import-{report.batch}.csv", report_csv(report)


def report_csv(report: PayImportReport) -> bytes:
    """What was imported, as CSV (UTF-8 with a byte-order mark, so Excel reads it)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([_("batch"), _("rows"), _("created")])
    writer.writerow([report.batch, report.total_rows, report.created])
    return buffer.getvalue().encode("utf-8-sig")
