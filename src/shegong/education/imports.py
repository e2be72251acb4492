"""EDU-4: attendance recorded by a training provider in bulk, from an XLSX or CSV file (UTF-8
with or without BOM, GB18030, UTF-16), with Chinese or English headers, all or nothing, with
a dry run; the same rules as the examination and pay imports (``core.tabular.read_table``,
``core.importing``, ``core.bulk``, ``core.audit.record_bulk_create``).

Columns (header names compared after NFKC, without spaces, in lower case):

============================ =========================================================
身份证号 / national_id        required; the person must be on the register
班次编号 / session             required; the code of a course session the importer may change
                             (their provider's sessions; the city: every session), of an
                             accredited course
姓名 / name                   optional; when given it must be the person's name
学时 / hours                  optional; default the course's hours
天数 / days                   optional; default the course's days
完成日期 / completed_on        optional; default the session's last day; within the session
============================ =========================================================

Every row is checked and every problem is kept with its row number and column header as in
the file; any problem means nothing is written. A person recorded twice for a session (in the
file, or already) is a problem. Records are written approved (``source=provider``), so a row
about the importer themselves is a problem too (separation of duties, issue 10).
"""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied
from django.utils import timezone
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
from shegong.core.importing.readers import decimal_reader, read_date
from shegong.core.jobs import job
from shegong.core.permissions import can_any, restrict
from shegong.core.spreadsheets import csv_writer
from shegong.core.tabular import FileProblem, read_table
from shegong.core.uploads import import_upload
from shegong.people.models import Person, normalise_name
from shegong.people.validators import read_national_id

from .choices import Accreditation, CpdSource, CpdStatus
from .models import CourseSession, CpdRecord

read_amount = decimal_reader(places=1, minimum=0, maximum=9999)

#: The columns (``core.importing.Column``: header names, reader, required).
COLUMNS = (
    Column(
        "national_id",
        ("身份证号", "身份证号码", "公民身份号码", "national_id", "nationalid"),
        read_national_id,
    ),
    Column(
        "session",
        ("班次编号", "班次", "培训班次", "session", "session_code"),
        title="班次编号 / session_code",
    ),
    Column("name", ("姓名", "name"), required=False),
    Column("hours", ("学时", "hours"), read_amount, required=False),
    Column("days", ("天数", "days"), read_amount, required=False),
    Column(
        "completed_on",
        ("完成日期", "结业日期", "completed_on", "date"),
        read_date,
        required=False,
        title="完成日期 / date",
    ),
)

TEMPLATE_HELP = gettext_lazy(
    "Columns: 身份证号 (national_id), 班次编号 (session); optional 姓名 (name), 学时 (hours), "
    "天数 (days), 完成日期 (completed_on)."
)

AttendanceReport = ImportReport


def can_import(user) -> bool:
    """A provider's organisation administrator or an official who may change sessions."""
    return user is None or (
        can_any(user, "add", CpdRecord) and can_any(user, "change", CourseSession)
    )


def import_attendance(
    actor, data: bytes, filename: str = "", *, dry_run=False, reason="", progress=None
) -> AttendanceReport:
    """EDU-4: import a provider's attendance file, all or nothing."""
    if not can_import(actor):
        raise PermissionDenied(_("You may not record attendance."))
    report = AttendanceReport(dry_run=dry_run)
    try:
        rows, heads = read_rows(read_table(data, filename), COLUMNS, report)
    except FileProblem as exc:
        report.errors = [Problem(0, "", exc.message)]
        return report
    if not rows:
        return report
    today = timezone.localdate()

    def problem(number, key, message):
        report.problem(number, heads.get(key, ""), message)

    parsed = [
        (number, row, row["national_id"], {k: row[k] for k in ("hours", "days", "completed_on")})
        for number, row in rows
    ]
    people = {
        p.national_id: p
        for p in Person.objects.filter(national_id__in={p[2] for p in parsed}).select_related(
            "area"
        )
    }
    codes = {row["session"] for _n, row, _i, _v in parsed}
    sessions = {
        s.code: s for s in CourseSession.objects.filter(code__in=codes).select_related("course")
    }
    allowed = set(
        restrict(CourseSession.objects.filter(code__in=codes), actor, "change").values_list(
            "code", flat=True
        )
        if actor is not None
        else codes
    )
    existing = set(  # a withdrawn claim of the session does not count as a record of it
        CpdRecord.objects.filter(session__code__in=codes, person__national_id__in=set(people))
        .exclude(status=CpdStatus.WITHDRAWN)
        .values_list("person__national_id", "session__code")
    )
    seen: dict[tuple, int] = {}
    good_rows = []
    for number, row, national_id, values in parsed:
        person = people.get(national_id)
        session = sessions.get(row["session"])
        ok = True
        if person is None:
            problem(number, "national_id", _("No person with this ID number is on the register."))
            ok = False
        elif row.get("name") and normalise_name(row["name"]) != person.name:
            problem(number, "name", _("The register has another name for this ID number."))
            ok = False
        elif actor is not None and person.user_id is not None and person.user_id == actor.pk:
            # Separation of duties (issue 10): an imported record is approved at once, so
            # nobody records their own attendance (``CpdRecord.workflow``'s subject).
            problem(
                number,
                "national_id",
                _("This row is about you: someone else must record your attendance."),
            )
            ok = False
        if session is None:
            problem(
                number,
                "session",
                _("No course session has the code %(code)s.") % {"code": row["session"]},
            )
            ok = False
        elif session.code not in allowed:
            problem(
                number,
                "session",
                _("You may not record attendance for session %(code)s.") % {"code": session.code},
            )
            ok = False
        elif session.course.accreditation != Accreditation.ACCREDITED:
            problem(
                number,
                "session",
                _("The course of session %(code)s is not accredited.") % {"code": session.code},
            )
            ok = False
        if not ok:
            continue
        completed = values["completed_on"] or session.ends_on
        if values["completed_on"] and not (session.starts_on <= completed <= session.ends_on):
            problem(
                number,
                "completed_on",
                _("The date is outside the session (%(start)s – %(end)s).")
                % {"start": session.starts_on, "end": session.ends_on},
            )
            continue
        if completed > today:
            problem(
                number,
                "completed_on" if values["completed_on"] else "session",
                _("The session has not ended yet (%(date)s).") % {"date": completed},
            )
            continue
        key = (national_id, session.code)
        if key in seen:
            problem(
                number,
                "national_id",
                _("This row repeats row %(row)d: the same person and session.")
                % {"row": seen[key]},
            )
            continue
        seen[key] = number
        if key in existing:
            problem(
                number,
                "national_id",
                _("This person's attendance of this session is already recorded."),
            )
            continue
        hours, days = values["hours"], values["days"]
        if hours is None and days is None:
            hours, days = session.course.hours, session.course.days
        good_rows.append((number, person, session, hours, days, completed))

    report.sort_problems(heads)
    report.preview = [
        {
            "row": n,
            "national_id": p.national_id,
            "name": p.name,
            "session": s.code,
            "course": s.course.title,
            "hours": h,
            "days": d,
            "completed_on": c,
        }
        for n, p, s, h, d, c in good_rows[:20]
    ]
    if report.errors or dry_run:
        return report
    user = actor if getattr(actor, "is_authenticated", False) else None
    stamp = {"created_by_id": user.pk if user else None, "updated_by_id": user.pk if user else None}

    def write(batch: str) -> int:
        values = [
            {
                "person_id": p.pk,
                "session_id": s.pk,
                "title": s.course.title,
                "kind": s.course.kind,
                "completed_on": c,
                "hours": h,
                "days": d,
                "source": CpdSource.PROVIDER,
                "status": CpdStatus.APPROVED,
                "evidence": "",
                "import_batch": batch,
                **stamp,
            }
            for _n, p, s, h, d, c in good_rows
        ]
        created = bulk.insert(CpdRecord, values)
        audit.record_bulk_create(  # ADR 0022: a record per batch, an index entry per row
            actor,
            CpdRecord,
            (
                (
                    row,
                    f"{p} · {row['title']} ({row['completed_on']})",
                    p.area.path if p.area_id else "",
                )
                for row, (_n, p, _s, _h, _d, _c) in zip(created, good_rows, strict=True)
            ),
            reason or _("Attendance import"),
        )
        return len(created)

    write_all_or_nothing(report, write)
    if progress:
        progress(report.total_rows, report.total_rows)
    return report


@job("import_attendance")
def import_attendance_job(runner, path: str, filename: str = "", reason: str = ""):
    """The import of a large attendance file, in the background, with a progress bar."""
    report = import_upload(
        runner,
        import_attendance,
        path,
        filename,
        reason,
        progress=lambda done, total: runner.progress(done, total, force=True),
    )
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow([_("rows"), report.total_rows])
    writer.writerow([_("import batch"), report.batch])
    return f"attendance-import-{report.batch}.csv", buffer.getvalue().encode("utf-8-sig")


#: The declaration the page, the command and the API run (``core.importing``).
ATTENDANCE_IMPORT = Importer(
    name="attendance",
    run=import_attendance,
    may_import=lambda user: can_import(user),
    job_kind="import_attendance",
    job_title=gettext_lazy("Import of attendance: %(name)s"),
)
