"""Demo register: exam results for most demo people, certificates for the passes,
registrations for most holders (a few refused or pending), and conduct cases at several
stages (one ending in cancellation and recall). Everything goes through the services, so the
demo's audit trail is the real one. Idempotent: skipped when results already exist.

At city scale (thousands of holders) the certificates, applications and registrations are
written in bulk, as an import's rows (``core.services.create_records_in_bulk``: ``COPY`` on
PostgreSQL, bulk audit records): the same rows the services write one at a time (numbers from
the same counters, the same rule of registration), each application in its final state."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from shegong.accounts.demo import name_after_person
from shegong.accounts.models import User
from shegong.core import sequences
from shegong.core import services as core_services
from shegong.organisations.models import Organisation
from shegong.people.models import Person

from . import parameters as keys
from .choices import ApplicationKind, ApplicationStatus, CaseSource, Level, Sanction
from .models import ExamResult, Registration, RegistrationApplication
from .services import certificates, conduct, exams, registrations

LEVEL_WEIGHTS = [(Level.ASSISTANT, 6), (Level.INTERMEDIATE, 3), (Level.SENIOR, 1)]
YEARS = [2021, 2022, 2023, 2024, 2025]
HEADERS = {c: c for c in exams.REQUIRED_COLUMNS}


def _level(rng) -> str:
    return rng.choices([lv for lv, _ in LEVEL_WEIGHTS], [w for _, w in LEVEL_WEIGHTS])[0]


def _rows(rng, people):
    rows = []
    for n, person in enumerate(people, start=2):
        if rng.random() > 0.8:
            continue
        passed = rng.random() < 0.75
        score = Decimal(rng.randint(60, 98) if passed else rng.randint(30, 59))
        rows.append(
            exams.ExamRow(
                row=n,
                national_id=person.national_id,
                name=person.name,
                level=_level(rng),
                year=rng.choice(YEARS),
                score=score,
                passed=passed,
                birth_date=person.birth_date,
                sex=person.sex,
            )
        )
    return rows


def _link_demo_workers(people_by_org) -> None:
    """Give the demo social worker accounts (``worker_<org>_<n>``) a person record, and the
    account the person's name (issue 12, defect 9: ``worker_36_2`` was shown as 孙志强 but
    linked to 卢国平)."""
    for user in User.objects.filter(username__startswith="worker_").order_by("username"):
        if hasattr(user, "person"):
            continue
        org_pk = int(user.username.split("_")[1])
        candidates = [p for p in people_by_org.get(org_pk, []) if p.user_id is None]
        if candidates:
            person = candidates[0]
            person.user_id = user.pk
            core_services.update_record(None, person, {"user": user}, "demo data")
            name_after_person(user, person)


def generate(scale, rng, log):
    if ExamResult.objects.exists():
        log("register: already loaded")
        return
    people = list(Person.objects.select_related("organisation").order_by("national_id"))
    if not people:
        return
    people_by_org: dict[int, list[Person]] = {}
    for person in people:
        people_by_org.setdefault(person.organisation_id, []).append(person)
    _link_demo_workers(people_by_org)

    report = exams.import_rows(None, _rows(rng, people), HEADERS, reason="demo data")
    passes = list(ExamResult.objects.filter(passed=True).select_related("session", "person"))
    today = timezone.localdate()
    city = scale != "district"
    step = getattr(log, "step", None)
    if step:
        step("register: certificates", 0, len(passes))
    issued = certificates.issue_certificates(
        None, passes, issue_date=today, reason="demo data", in_bulk=city
    )
    if step:
        step("register: certificates", len(issued), len(passes))

    code = registrations.current_code_of_conduct(today)
    holders = {}
    for certificate in sorted(issued, key=lambda c: c.number):
        best = holders.get(certificate.person_id)
        if best is None or certificate.level > best.level:
            holders[certificate.person_id] = certificate
    if city:
        registered = _register_in_bulk(rng, list(holders.values()), code, today, step)
    else:
        registered = _register_one_by_one(rng, holders, code)

    _conduct_cases(registered, today)
    log(
        f"register: {report.created_results} exam results, {len(issued)} certificates, "
        f"{len(registered)} registrations"
    )


def _register_one_by_one(rng, holders, code) -> list[Registration]:
    """Each holder's application and its decision through the services (district scale)."""
    registered = []
    for i, certificate in enumerate(holders.values()):
        if rng.random() > 0.85:
            continue
        application = registrations.apply(
            None,
            certificate.person,
            code_of_conduct=code,
            accepted=True,
            certificate=certificate,
            organisation=certificate.person.organisation,
            reason="demo data",
        )
        if i % 17 == 5:
            continue  # left for the reviewer: the demo's review queue
        if i % 23 == 7:
            registrations.refuse(None, application, reasons=REFUSAL)
            continue
        registered.append(registrations.approve(None, application, reason="demo data"))
    return registered


def _register_in_bulk(rng, holders, code, today, step) -> list[Registration]:
    """The same choices as :func:`_register_one_by_one` (about 85 % apply; every 17th
    application waits for the reviewer, every 23rd is refused), written in bulk: the
    register entries first (numbers reserved from the register's counter in one step), then
    the applications in their final state (approved with their entry, refused with the
    reasons, or submitted)."""
    now = timezone.now()
    period = registrations.rule(keys.REGISTRATION_YEARS, today)
    valid_until = registrations.period_end(today, int(period.value))
    decisions = []
    for i, certificate in enumerate(holders):
        if rng.random() > 0.85:
            continue
        if i % 17 == 5:
            decisions.append((certificate, ApplicationStatus.SUBMITTED))
        elif i % 23 == 7:
            decisions.append((certificate, ApplicationStatus.REFUSED))
        else:
            decisions.append((certificate, ApplicationStatus.APPROVED))
    approved = [c for c, status in decisions if status == ApplicationStatus.APPROVED]
    key = f"registry.register_number.{today.year}"
    numbers = sequences.next_values(key, len(approved)) if approved else []
    if step:
        step("register: registrations", 0, len(decisions))
    entries = core_services.create_records_in_bulk(
        None,
        [
            Registration(
                register_number=f"SW{today.year}{n:06d}",
                person=c.person,
                certificate=c,
                level=c.level,
                valid_from=today,
                valid_until=valid_until,
                rule=period,
                status_changed_on=today,
            )
            for c, n in zip(approved, numbers, strict=True)
        ],
        "demo data",
    )
    entry_of = {e.certificate_id: e for e in entries}
    organisations = Organisation.objects.in_bulk(
        {c.person.organisation_id for c, _status in decisions} - {None}
    )
    applications = []
    for certificate, status in decisions:
        decided = status != ApplicationStatus.SUBMITTED
        applications.append(
            RegistrationApplication(
                person=certificate.person,
                certificate=certificate,
                kind=ApplicationKind.FIRST,
                organisation=organisations.get(certificate.person.organisation_id),
                code_of_conduct=code,
                conduct_accepted_at=now,
                submitted_at=now,
                status=status,
                registration=entry_of.get(certificate.pk),
                decided_at=now if decided else None,
                decision_reason=REFUSAL if status == ApplicationStatus.REFUSED else "",
            )
        )
    core_services.create_records_in_bulk(None, applications, "demo data")
    if step:
        step("register: registrations", len(decisions), len(decisions))
    return entries


REFUSAL = "材料不全：缺少所在机构的在职证明。"


def _conduct_cases(registered, today) -> None:
    if len(registered) < 4:
        return
    public = registered[0]
    conduct.open_case(
        None,
        public.person,
        source=CaseSource.PUBLIC,
        registration=public,
        summary="服务过程中多次迟到，且未按约定回访。",
        complainant_name="陈女士",
        complainant_contact="13800000000",
        reason="demo data",
    )
    hearing = conduct.open_case(
        None,
        registered[1].person,
        source=CaseSource.ORGANISATION,
        registration=registered[1],
        summary="机构反映：未经同意向第三方透露服务对象信息。",
        reason="demo data",
    )
    hearing = conduct.start_investigation(None, hearing, reason="demo data")
    conduct.schedule_hearing(
        None,
        hearing,
        hearing_date=today + timedelta(days=14),
        findings="已调取服务记录并约谈机构督导。",
        reason="demo data",
    )
    cancelled = registered[2]
    _decided_case(
        cancelled,
        "收受服务对象财物，违反社工守则。",
        "经听证，违纪事实清楚，取消登记并提请发证机关收回证书。",
        Sanction.CANCELLATION,
        today,
    )
    request = cancelled.recall_requests.filter(status="open").first()
    if request is not None:
        certificates.recall_certificate(
            None,
            request.certificate,
            "违反社工守则，登记已被取消。",
            recalled_on=today,
            recall_request=request,
        )
    _decided_case(
        registered[3],
        "未按规定参加年度继续教育。",
        "给予警告，公示一年。",
        Sanction.WARNING,
        today,
        sanction_until=today + timedelta(days=365),
    )


def _decided_case(registration, summary, decision, sanction, today, **dates):
    """A staff complaint taken through investigation and a hearing today to a decision."""
    case = conduct.open_case(
        None,
        registration.person,
        source=CaseSource.STAFF,
        registration=registration,
        summary=summary,
        reason="demo data",
    )
    case = conduct.start_investigation(None, case, reason="demo data")
    case = conduct.schedule_hearing(None, case, hearing_date=today, reason="demo data")
    return conduct.decide(
        None,
        case,
        decision=decision,
        sanction=sanction,
        decision_date=today,
        sanction_from=today,
        reason="demo data",
        **dates,
    )
