"""Demo continuing education and supervision (EDU-1 to EDU-4): one provider of each kind (the
training institution run by a demo organisation, whose administrator records attendance),
accredited courses and past sessions, attendance imported through the real import for most
certificate holders (some short of the city rule on purpose), a few claims awaiting approval,
supervisors among the senior holders with supervision and sessions, this year's training
targets, and the reminders the daily job writes. Idempotent: skipped when providers exist."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from shegong.areas.models import Area
from shegong.core.services import create_record, update_record
from shegong.organisations.models import Organisation, ServiceField
from shegong.registry.choices import CertificateStatus, Level
from shegong.registry.models import Certificate

from . import imports, services
from .models import (
    Course,
    CourseSession,
    CpdRecord,
    Supervision,
    SupervisionSession,
    Supervisor,
    TrainingProvider,
    TrainingTarget,
)

REASON = "demo data"

PROVIDERS = [
    ("深圳大学社会工作系", "university"),
    ("深圳市社会工作培训中心", "training_institution"),
    ("福田区社工实训基地", "practice_base"),
    ("中共深圳市委党校（深圳行政学院）", "party_school"),
]
#: provider index, code, title, kind, topic, hours, days
COURSES = [
    (0, "SZU-01", "社会工作理论前沿", "academic", "理论", "24", "3"),
    (1, "TC-01", "个案工作实务", "course", "个案", "40", "5"),
    (1, "TC-02", "社工伦理与督导", "course", "伦理", "16", "2"),
    (1, "TC-03", "网络课程：社区治理", "online", "社区", "24", "3"),
    (2, "PB-01", "社区实务实训", "practice", "社区", "32", "4"),
    (3, "PS-01", "主体班社会工作课程", "course", "社会工作与社会治理", "16", "2"),
    (1, "HK-01", "香港社会服务交流考察", "exchange", "交流", "40", "5"),
]


def generate(scale, rng, log):
    if TrainingProvider.objects.exists():
        log("education: already loaded")
        return
    today = timezone.localdate()
    year = today.year
    # The first demo service organisation has an administrator account (orgadmin_<id>).
    training_org = (
        Organisation.objects.filter(kind="service_provider").order_by("credit_code").first()
    )
    providers = [
        create_record(
            None,
            TrainingProvider,
            {"name": name, "kind": kind, "organisation": training_org if i == 1 else None},
            REASON,
        )
        for i, (name, kind) in enumerate(PROVIDERS)
    ]
    courses = [
        create_record(
            None,
            Course,
            {
                "provider": providers[p],
                "code": code,
                "title": title,
                "kind": kind,
                "topic": topic,
                "hours": Decimal(hours),
                "days": Decimal(days),
                "accreditation": "accredited",
            },
            REASON,
        )
        for p, code, title, kind, topic, hours, days in COURSES
    ]
    create_record(
        None,
        Course,
        {
            "provider": providers[1],
            "code": "TC-99",
            "title": "待认定课程：危机干预",
            "kind": "course",
            "hours": Decimal("8"),
            "days": Decimal("1"),
        },
        REASON,
    )
    sessions = []
    for i, course in enumerate(courses):
        for n in range(2):
            start = date(year, 1 + (i * 2 + n * 5) % 10, 3 + n * 7)
            start = min(start, today - timedelta(days=int(course.days) + 1))
            sessions.append(
                create_record(
                    None,
                    CourseSession,
                    {
                        "course": course,
                        "code": f"{course.code}-{year}-{n + 1}",
                        "starts_on": start,
                        "ends_on": start + timedelta(days=int(course.days) - 1),
                        "place": "深圳市福田区" if n == 0 else "深圳市南山区",
                    },
                    REASON,
                )
            )
    holders = list(
        Certificate.objects.filter(status=CertificateStatus.VALID)
        .select_related("person")
        .order_by("person__national_id")
    )
    people = list({c.person_id: c.person for c in holders}.values())
    rows = []
    for person in people:
        # Most reach the city's 15 days; about a quarter stay short, for the compliance list.
        target = rng.choice([5, 6, 7]) if rng.random() < 0.75 else rng.choice([1, 2])
        for session in rng.sample(sessions, k=min(target, len(sessions))):
            rows.append(f"{person.national_id},{person.name},{session.code}")
    body = ("身份证号,姓名,班次编号\n" + "\n".join(rows) + "\n").encode("utf-8-sig")
    report = imports.import_attendance(None, body, "demo.csv", reason=REASON)
    for person in people[:5]:
        services.claim(
            None,
            person,
            {
                "title": "香港社会福利署交流讲座",
                "kind": "seminar",
                "completed_on": today - timedelta(days=10),
                "hours": Decimal("6"),
            },
            REASON,
        )
    supervisors = []
    seniors = [c.person for c in holders if c.level == Level.SENIOR]
    for person in seniors[:3]:
        supervisors.append(
            services.appoint_supervisor(None, Supervisor, {"person": person}, REASON)
        )
    _link_demo_supervisor(supervisors)
    supervisees = [p for p in people if p not in seniors]
    for i, person in enumerate(supervisees[: 8 * len(supervisors)]):
        supervision = services.start_supervision(
            None,
            Supervision,
            {
                "supervisor": supervisors[i % len(supervisors)],
                "supervisee": person,
                "starts_on": date(year, 1, 1),
            },
            REASON,
        )
        for month in (3, 6, 9):
            held = date(year, month, 15)
            if held <= today:
                create_record(
                    None,
                    SupervisionSession,
                    {
                        "supervision": supervision,
                        "held_on": held,
                        "hours": Decimal("2"),
                        "topic": rng.choice(["个案督导", "伦理困境", "小组工作", "危机干预"]),
                        "notes": "督导记录（示例）：讨论个案进展与下一步计划。",
                    },
                    REASON,
                )
    city = Area.objects.filter(level="city").order_by("code").first()
    if city is not None:
        create_record(
            None,
            TrainingTarget,
            {
                "year": year,
                "area": city,
                "people": max(len(people), 10),
                "days": Decimal(15 * max(len(people), 10)),
                "note": "全市继续教育全覆盖",
            },
            REASON,
        )
        field = ServiceField.objects.filter(code="01").first()
        for level, share in ((Level.ASSISTANT, 60), (Level.INTERMEDIATE, 30)):
            create_record(
                None,
                TrainingTarget,
                {
                    "year": year,
                    "area": city,
                    "level": level,
                    "field": field,
                    "people": share,
                    "days": Decimal(share * 15),
                },
                REASON,
            )
    reminders = services.create_reminders(today, force=True)
    log(
        f"education: {len(providers)} providers, {len(courses) + 1} courses, {len(sessions)} "
        f"sessions, {report.created} attendances ({len(report.errors)} problems), "
        f"{CpdRecord.objects.filter(status='claimed').count()} claims waiting, "
        f"{len(supervisors)} supervisors, {Supervision.objects.count()} supervisions, "
        f"{reminders} reminders"
    )


def _link_demo_supervisor(supervisors) -> None:
    """The demo account ``supervisor`` becomes the first supervisor's person, so that signing
    in as it shows the supervision and its private notes."""
    from shegong.accounts.demo import name_after_person  # noqa: PLC0415 - demo only
    from shegong.accounts.models import User  # noqa: PLC0415 - demo only

    user = User.objects.filter(username="supervisor").first()
    if not supervisors or user is None or hasattr(user, "person"):
        return
    person = supervisors[0].person
    if person.user_id is None:
        update_record(None, person, {"user": user}, REASON)
        name_after_person(user, person)
