"""Imports of pay records (PAY-1) and social insurance contributions (PAY-3) from XLSX or CSV
files, with Chinese or English headers, all or nothing, with a dry run.

Both are declarations on the import toolkit (``core.importing``, issue 11): their columns
(:data:`PAY_COLUMNS`, :data:`INSURANCE_COLUMNS`) and write steps, as :data:`PAY_IMPORT` and
:data:`INSURANCE_IMPORT` for the page, the command and the API. Every row is checked and
every problem collected with its row number and column header as in the file; any problem
means nothing is written. A row names a person by national ID number and a month; the
employment is the one in force in that month in a post the importer may change (their
organisation, district or the city). A pay record takes the grade and step in force on the
month's first day (the latest ``EmploymentGrade``). Repeating a row of the file, or a month already
recorded, is an error. Writes are bulk inserts with one audit record per batch of one area,
with an index entry per row (``core.bulk``, ``core.audit.record_bulk_create``, ADR 0022).
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core import audit, bulk
from shegong.core.importing import (
    Column,
    Importer,
    ImportReport,
    Problem,
    read_rows,
    write_all_or_nothing,
)
from shegong.core.importing.readers import id_reader, read_date, read_money, read_month
from shegong.core.jobs import job
from shegong.core.permissions import can_any, restrict
from shegong.core.spreadsheets import csv_writer
from shegong.core.tabular import FileProblem, read_table
from shegong.core.uploads import import_upload
from shegong.people.validators import parse_national_id

from .models import Employment, EmploymentGrade, InsuranceContribution, PayRecord

read_id = id_reader(lambda text: parse_national_id(text).number)

PAY_COLUMNS = (
    Column("national_id", ("身份证号", "身份证号码", "national_id"), read_id),
    Column("month", ("月份", "所属月份", "month"), read_month),
    Column("base", ("基本工资", "base"), read_money),
    Column("post", ("岗位工资", "post"), read_money),
    Column("performance", ("绩效工资", "performance"), read_money),
    Column("total", ("应发合计", "合计", "total"), read_money, required=False),
)
INSURANCE_COLUMNS = (
    Column("national_id", ("身份证号", "身份证号码", "national_id"), read_id),
    Column("month", ("月份", "所属月份", "month"), read_month),
    Column("base", ("缴费基数", "base"), read_money),
    Column("employer_share", ("单位缴纳", "单位部分", "employer_share"), read_money),
    Column("employee_share", ("个人缴纳", "个人部分", "employee_share"), read_money),
    Column("due_date", ("应缴日期", "due_date"), read_date),
    Column("paid_on", ("实缴日期", "paid_on"), read_date, required=False),
    Column("amount_paid", ("实缴金额", "amount_paid"), read_money, required=False),
)


@dataclass
class PayImportReport(ImportReport):
    """The report of a pay or insurance import (``kind``: which)."""

    kind: str = ""

    def counts(self) -> dict:
        return {"kind": self.kind, "created": self.created}


def _parse(data: bytes, filename: str, columns: tuple[Column, ...], report: PayImportReport):
    """Rows as ``(row number, {key: value})`` with every problem added to the report."""
    try:
        return read_rows(read_table(data, filename), columns, report)
    except FileProblem as exc:
        report.errors = [Problem(0, "", exc.message)]
        return [], {}


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
                Problem(
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
                Problem(
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
                Problem(
                    pairs[key],
                    heads["month"],
                    _("This month is already recorded for this employment."),
                )
            )


def _finish(actor, report, heads, write) -> PayImportReport:
    report.sort_problems(heads)
    if report.errors or report.dry_run:
        return report
    return write_all_or_nothing(report, write)


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
    report = PayImportReport(kind="pay", dry_run=dry_run)
    rows, heads = _parse(data, filename, PAY_COLUMNS, report)
    if not rows:
        return _finish(actor, report, heads, None)
    employments = _employments(actor, rows, heads, report)
    grades = {}
    for number, r in rows:
        total = r["base"] + r["post"] + r["performance"]
        if r["total"] is not None and r["total"] != total:
            report.errors.append(
                Problem(
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
                Problem(
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
    report = PayImportReport(kind="insurance", dry_run=dry_run)
    rows, heads = _parse(data, filename, INSURANCE_COLUMNS, report)
    if not rows:
        return _finish(actor, report, heads, None)
    employments = _employments(actor, rows, heads, report)
    for number, r in rows:
        if r["amount_paid"] and r["paid_on"] is None:
            report.errors.append(
                Problem(
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


def _summary(report: PayImportReport) -> str:
    return f"rows: {report.total_rows}"


#: The declarations the page, the command and the API run (``core.importing``).
PAY_IMPORT = Importer(
    name="pay",
    run=import_pay_file,
    may_import=lambda user: can_import(user),
    job_kind="import_pay_file",
    job_title=gettext_lazy("Import of pay records: %(name)s"),
    job_params={"kind": "pay"},
    summary=_summary,
)
INSURANCE_IMPORT = Importer(
    name="insurance",
    run=import_insurance_file,
    may_import=lambda user: can_import(user),
    job_kind="import_pay_file",
    job_title=gettext_lazy("Import of insurance contributions: %(name)s"),
    job_params={"kind": "insurance"},
    summary=_summary,
)
DECLARATIONS = {"pay": PAY_IMPORT, "insurance": INSURANCE_IMPORT}


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
