"""Examination sessions and results (REG-1, REG-2): the rules and the writes.

REG-1 names three levels (``choices.Level``); REG-2 says sessions are held per year and level
and that results come from the examination authority. Results arrive in bulk, so the import
is built for it: the file is read and checked in Python in one pass (``registry.imports``),
existing people and results are fetched by national ID in chunks, and people, results and
their audit records are inserted in bulk (``core.bulk.insert``: ``COPY`` on PostgreSQL) in
one transaction.

The import is all-or-nothing: :func:`import_rows` writes only when no row has a problem, and
a dry run writes nothing at all. The rules, each stated where it is applied:

- a person is found by national ID number; a new one is created with the file's name, and
  sex and birth date taken from the number, in the importing user's home district (or in no
  district when the importer is not held in one);
- an existing person whose name differs from the file's (after normalisation) is an error for
  that row, never an overwrite;
- a session is found, or created, per exam year and level;
- a result for the same person and session that is already stored with the same pass mark
  and score is "unchanged" (nothing written; importing a file twice creates nothing new);
  with different values it is an error, never an overwrite (the stored result is corrected
  with :func:`correct_result`, then the file imported again);
- only roles that may add examination results (``ISSUERS``) may import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import audit, bulk, parameters, services
from shegong.core.importing import ImportReport as BaseImportReport
from shegong.core.importing import Problem, write_all_or_nothing
from shegong.core.permissions import can, can_any, restrict
from shegong.core.privacy import mask
from shegong.people.models import Person, normalise_name

from .. import parameters as keys
from ..choices import CertificateStatus
from ..models import Certificate, ExamResult, ExamSession

#: People and results per INSERT, and national IDs per prefetch query on SQLite (999
#: parameters a statement; PostgreSQL gets them all as one array, ``core.bulk.matching``).
BATCH_SIZE = 2000
PREFETCH_CHUNK = 900
#: Results written (and reported to ``progress``) per step.
WRITE_CHUNK = 20000
#: Rows shown in the preview of an upload.
PREVIEW_ROWS = 100
#: The columns a results file must have (``score`` is optional).
REQUIRED_COLUMNS = ("national_id", "name", "level", "exam_year", "passed")


#: One problem, by row and column (the import toolkit's ``Problem``).
RowError = Problem


@dataclass
class ExamRow:
    """A row of a results file that passed the checks of the file alone."""

    row: int
    national_id: str
    name: str
    level: str
    year: int
    score: Decimal | None
    passed: bool
    birth_date: date
    sex: str


@dataclass
class ImportReport(BaseImportReport):
    """What an import did (or, in a dry run or when refused, would do) and every problem."""

    created_people: int = 0
    created_results: int = 0
    created_sessions: list[str] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict:
        return {
            "created_people": self.created_people,
            "created_results": self.created_results,
            "created_sessions": self.created_sessions,
            "unchanged": self.unchanged,
        }


# --- Sessions --------------------------------------------------------------------------------


def first_exam_year(on: date | None = None) -> int:
    """The earliest examination year the register holds: the parameter
    ``registry.first_exam_year`` in force ``on`` (today by default; issue 11)."""
    return int(parameters.value(keys.FIRST_EXAM_YEAR, on))


def check_exam_year(year) -> None:
    """REG-2: sessions exist from the first exam year (2008) up to this year."""
    this_year = timezone.localdate().year
    if year is None:
        return
    if year < first_exam_year() or year > this_year:
        raise ValidationError(
            {
                "year": _("The exam year must be between %(first)d and %(last)d.")
                % {"first": first_exam_year(), "last": this_year}
            }
        )


def create_session(actor, model=ExamSession, data=None, reason: str = "", m2m=None):
    """REG-2: a session per year and level (the model refuses a second one)."""
    data = dict(data or {})
    check_exam_year(data.get("year"))
    return services.create_record(actor, ExamSession, data, reason)


def update_session(actor, obj, data, reason: str = "", expected_version=None, m2m=None):
    """A session's date can be corrected; its year and level carry its results."""
    fixed = sorted(
        name for name in ("year", "level") if name in data and data[name] != getattr(obj, name)
    )
    if fixed:
        raise ValidationError(
            {
                name: _(
                    "The year and level of a session cannot change: its results belong to them."
                )
                for name in fixed
            }
        )
    return services.update_record(actor, obj, data, reason, expected_version=expected_version)


# --- The import ------------------------------------------------------------------------------


def can_import(user) -> bool:
    """Who may import results: roles that may add results and people (REG-2: ``ISSUERS``)."""
    if user is None:
        return True
    return can_any(user, "add", ExamResult) and can_any(user, "add", Person)


def ensure_can_import(user) -> None:
    if not can_import(user):
        raise PermissionDenied(_("You may not import examination results."))


def home_area(actor):
    """New people belong to the importer's home area (a district, or the city for the city's
    personnel authority), so that the importer's scope, and everyone above it, sees them.
    A district is set later from the person's organisation or by an officer."""
    return getattr(actor, "area", None) if actor is not None else None


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Plan:
    people: dict[str, ExamRow] = field(default_factory=dict)  # new people by national ID
    results: list[ExamRow] = field(default_factory=list)  # new results
    existing: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # id → pk, name, path
    sessions: dict[tuple[int, str], ExamSession] = field(default_factory=dict)
    missing_sessions: list[tuple[int, str]] = field(default_factory=list)


def _passed_text(value: bool) -> str:
    return _("passed") if value else _("not passed")


def _name_errors(actor, mismatched, column: str, errors: list[RowError]) -> None:
    """REG-2: a name that does not match the ID number's person is an error, not an overwrite.
    The registered name is shown only to an importer who may see that person."""
    pks = sorted({pk for _r, pk, _name in mismatched})
    visible = set()
    for chunk in _chunks(pks, PREFETCH_CHUNK):
        queryset = Person.objects.filter(pk__in=chunk)
        if actor is not None:
            queryset = restrict(queryset, actor, "view")
        visible.update(queryset.values_list("pk", flat=True))
    for r, pk, name in mismatched:
        if pk in visible:
            message = _(
                "The register holds this ID number under the name %(name)s, not %(file)s. "
                "Nothing is overwritten: check the file or the person's record."
            ) % {"name": name, "file": r.name}
        else:
            message = _(
                "The register holds this ID number under a different name than %(file)s. "
                "Nothing is overwritten: check the file."
            ) % {"file": r.name}
        errors.append(RowError(r.row, column, message))


def _plan(actor, rows: list[ExamRow], headers: dict[str, str], report: ImportReport) -> _Plan:
    """REG-2: match the rows to the register (people, sessions, earlier results)."""
    plan = _Plan()
    ids = sorted({r.national_id for r in rows})
    for match in bulk.matching("national_id", ids, PREFETCH_CHUNK):
        for pk, number, name, path in Person.objects.filter(match).values_list(
            "pk", "national_id", "name", "area__path"
        ):
            plan.existing[number] = (pk, name, path or "")
    keys = sorted({(r.year, r.level) for r in rows})
    years = {year for year, _level in keys}
    for session in ExamSession.objects.filter(year__in=years):
        plan.sessions[(session.year, session.level)] = session
    plan.missing_sessions = [k for k in keys if k not in plan.sessions]
    stored: dict[tuple[int, int], tuple[int, bool, Decimal | None]] = {}
    person_pks = sorted(pk for pk, _name, _path in plan.existing.values())
    session_pks = {s.pk for s in plan.sessions.values()}
    if person_pks and session_pks:
        # By person only (the index on person_id); the sessions are filtered here. With both
        # in the query PostgreSQL chose to scan every result once per chunk.
        for match in bulk.matching("person_id", person_pks, PREFETCH_CHUNK):
            for pk, person_id, session_id, passed, score in ExamResult.objects.filter(
                match
            ).values_list("pk", "person_id", "session_id", "passed", "score"):
                if session_id in session_pks:
                    stored[(person_id, session_id)] = (pk, passed, score)

    errors = report.errors
    name_head, passed_head = headers["name"], headers["passed"]
    score_head = headers.get("score", passed_head)
    mismatched: list[tuple[ExamRow, int, str]] = []
    for r in rows:
        status = "new_result"
        person = plan.existing.get(r.national_id)
        if person is None:
            if r.national_id not in plan.people:
                plan.people[r.national_id] = r
                status = "new_person"
        else:
            pk, name, _path = person
            if normalise_name(name) != r.name:
                mismatched.append((r, pk, name))
                continue
            session = plan.sessions.get((r.year, r.level))
            prior = stored.get((pk, session.pk)) if session is not None else None
            if prior is not None:
                result_pk, old_passed, old_score = prior
                if old_passed == r.passed and old_score == r.score:
                    report.unchanged += 1
                    _preview(report, r, "unchanged")
                    continue
                message = _(
                    "This result was already imported with different values (%(passed)s, "
                    "score %(score)s). Nothing is overwritten: if the file is right, correct "
                    "the stored result first (examination result %(id)d: “Correct the result” "
                    "on its page, or POST /api/v1/exam-results/%(id)d/correct/), then import "
                    "the file again."
                ) % {
                    "passed": _passed_text(old_passed),
                    "score": "—" if old_score is None else old_score,
                    "id": result_pk,
                }
                errors.append(
                    RowError(r.row, passed_head if old_passed != r.passed else score_head, message)
                )
                continue
        plan.results.append(r)
        _preview(report, r, status)
    if mismatched:
        _name_errors(actor, mismatched, name_head, errors)
    report.created_people = len(plan.people)
    report.created_results = len(plan.results)
    report.created_sessions = [
        str(ExamSession(year=year, level=level)) for year, level in plan.missing_sessions
    ]
    return plan


def _preview(report: ImportReport, r: ExamRow, status: str) -> None:
    if len(report.preview) < PREVIEW_ROWS:
        report.preview.append(
            {
                "row": r.row,
                "national_id": mask(r.national_id),
                "name": r.name,
                "level": r.level,
                "year": r.year,
                "score": r.score,
                "passed": r.passed,
                "status": status,
            }
        )


def import_rows(
    actor,
    rows: list[ExamRow],
    headers: dict[str, str],
    *,
    errors: list[RowError] | None = None,
    total_rows: int | None = None,
    dry_run: bool = False,
    reason: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """REG-2: import checked rows of a results file, all or nothing.

    ``errors`` are the problems the file already showed (``registry.imports``); any problem,
    found there or here, means nothing is written. ``progress(n)`` is told how many rows have
    been written. Returns the report (counts, preview, every problem by row and column).
    """
    ensure_can_import(actor)
    report = ImportReport(
        dry_run=dry_run,
        total_rows=len(rows) if total_rows is None else total_rows,
        errors=list(errors or []),
    )
    if rows:
        plan = _plan(actor, rows, headers, report)
    report.sort_problems(headers)
    if report.errors or dry_run or not rows:
        return report
    return write_all_or_nothing(
        report,
        lambda batch: _write(actor, plan, batch, reason, progress),
        clash=lambda: _(
            "Another import wrote some of these results at the same time. Nothing was "
            "written: run the import again."
        ),
    )


def _write(actor, plan: _Plan, batch: str, reason: str, progress) -> None:
    """Insert sessions, people, results and their audit records (one transaction).

    The creations of people and results are recorded in bulk audit records
    (``audit.record_bulk_create``: one hash-chained record per up to 5,000 rows of one area,
    and an index entry per row, so each row's history shows its creation by this import).
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    for year, level in plan.missing_sessions:
        plan.sessions[(year, level)] = create_session(
            actor, ExamSession, {"year": year, "level": level}, reason
        )
    area = home_area(actor)
    scope = area.path if area is not None else ""
    area_id = area.pk if area is not None else None
    user_id = user.pk if user else None
    people = bulk.insert(
        Person,
        [
            {
                "national_id": r.national_id,
                "name": r.name,
                "sex": r.sex,
                "birth_date": r.birth_date,
                "area_id": area_id,
                "created_by_id": user_id,
                "updated_by_id": user_id,
            }
            for r in plan.people.values()
        ],
        batch_size=BATCH_SIZE,
    )
    audit.record_bulk_create(actor, Person, ((p, p["name"], scope) for p in people), reason)
    person_of = {p["national_id"]: (p["id"], p["name"], scope) for p in people}
    person_of.update(plan.existing)
    if progress is not None:
        progress(0)

    session_names = {key: str(session) for key, session in plan.sessions.items()}
    session_ids = {key: session.pk for key, session in plan.sessions.items()}
    done = 0
    for chunk in _chunks(plan.results, WRITE_CHUNK):
        people_of = [person_of[r.national_id] for r in chunk]
        results = bulk.insert(
            ExamResult,
            [
                {
                    "session_id": session_ids[(r.year, r.level)],
                    "person_id": person[0],
                    "score": r.score,
                    "passed": r.passed,
                    "import_batch": batch,
                    "created_by_id": user_id,
                    "updated_by_id": user_id,
                }
                for r, person in zip(chunk, people_of, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        audit.record_bulk_create(
            actor,
            ExamResult,
            (
                (result, f"{person[1]} · {session_names[(r.year, r.level)]}", person[2])
                for r, person, result in zip(chunk, people_of, results, strict=True)
            ),
            reason,
        )
        done += len(chunk)
        if progress is not None:
            progress(done)


# --- Correcting a stored result --------------------------------------------------------------

SCORE_STEP = Decimal("0.1")


def check_score(score) -> Decimal | None:
    """A score is empty or a number from 0 to 100 with at most one decimal place."""
    if score is None or score == "":
        return None
    try:
        value = Decimal(str(score))
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or value < 0 or value > 100:
        raise ValidationError({"score": _("The score must be a number from 0 to 100.")})
    if value.quantize(SCORE_STEP) != value:
        raise ValidationError({"score": _("The score has at most one decimal place.")})
    return value.quantize(SCORE_STEP)


def issued_certificate(result: ExamResult) -> Certificate | None:
    """The certificate issued for ``result`` that is still valid (it blocks a correction)."""
    return (
        Certificate.objects.filter(exam_result_id=result.pk, status=CertificateStatus.VALID)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def correct_result(
    actor,
    result: ExamResult,
    *,
    score,
    passed: bool,
    reason: str,
    expected_version: int | None = None,
) -> ExamResult:
    """REG-2: correct a stored result (score, pass mark), with a reason, in the audit trail.

    Only issuers (``city_admin``, ``certificate_issuer`` in scope) may correct. A result whose
    certificate is still valid is refused: the certificate must be recalled first. The result
    is compared with the version the corrector saw (``expected_version``, by default the
    version of ``result`` as passed): a change made meanwhile refuses the correction.
    """
    if actor is not None and not can(actor, "change", result):
        raise PermissionDenied(
            _("Only a certificate issuer responsible for this person may correct the result.")
        )
    expected = result.version if expected_version is None else expected_version
    current = ExamResult.objects.select_for_update().get(pk=result.pk)  # before issuers
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    certificate = issued_certificate(current)
    if certificate is not None:
        raise ValidationError(
            _(
                "Certificate %(number)s was issued for this result. Recall the certificate "
                "first (with its reason), then correct the result."
            )
            % {"number": certificate.number},
            code="certificate_issued",
        )
    score = check_score(score)
    passed = bool(passed)
    if current.version == expected and (current.score, current.passed) == (score, passed):
        raise ValidationError(
            _("The result already has these values: nothing to correct."), code="unchanged"
        )
    return services.update_record(
        actor,
        current,
        {"score": score, "passed": passed},
        reason,
        expected_version=expected,
    )
