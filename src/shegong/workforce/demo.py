"""Demo workforce data (POST-1 to POST-3): post types for the pilot fields and their dated
standards, service units in every district, posts in the demo service organisations, people
with registrations hired into them through ``services.hire``, and a few conversion plans of
existing staff (one overdue). Idempotent: skipped when posts exist.

At city scale (thousands of hires) the posts and employments are written in bulk, as an
import's rows (``core.services.create_records_in_bulk``), after the same checks
``services.hire`` makes (the post type's required level against the person's certificates;
every hired person holds a registration from today)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from shegong.areas.models import Area
from shegong.core.services import create_record, create_records_in_bulk
from shegong.organisations.models import Organisation, ServiceField
from shegong.people.models import Person
from shegong.registry.choices import LEVEL_RANK, CertificateStatus, Level, RegistrationStatus
from shegong.registry.models import Certificate, Registration

from . import services
from .choices import EmploymentKind, StandardBasis
from .models import Employment, Post, PostStandard, PostType, ServiceUnit

REASON = "demo data"
#: code, name, English name, field code, grade, required level, designated, duties
POST_TYPES = [
    (
        "SQ",
        "社区社工",
        "Community social worker",
        "01",
        2,
        Level.ASSISTANT,
        True,
        "社区走访、个案与小组工作、社区活动",
    ),
    (
        "SQDD",
        "社区督导",
        "Community supervisor",
        "01",
        4,
        Level.INTERMEDIATE,
        True,
        "督导一线社工、项目评估",
    ),
    (
        "XX",
        "学校社工",
        "School social worker",
        "03",
        2,
        Level.ASSISTANT,
        True,
        "学生个案辅导、家校沟通、预防欺凌",
    ),
    (
        "JZ",
        "矫正社工",
        "Community corrections social worker",
        "05",
        3,
        Level.INTERMEDIATE,
        True,
        "社区矫正对象的帮教与回归",
    ),
    (
        "JD",
        "禁毒社工",
        "Drug control social worker",
        "07",
        2,
        Level.ASSISTANT,
        True,
        "戒毒康复人员跟进、禁毒宣传",
    ),
    (
        "CJ",
        "残障康复社工",
        "Disability rehabilitation social worker",
        "08",
        2,
        Level.ASSISTANT,
        True,
        "康复服务、就业支持",
    ),
    (
        "ZL",
        "社工助理",
        "Social work assistant",
        "02",
        1,
        Level.ASSISTANT,
        False,
        "协助救助审核与资料整理",
    ),
]
#: post type code, basis, units per post, weight
STANDARDS = [
    ("SQ", StandardBasis.SERVED_PEOPLE, 10000, "1.00"),
    ("SQDD", StandardBasis.COMMUNITIES, 8, "1.00"),
    ("XX", StandardBasis.SCHOOLS, 1, "1.00"),
    ("JZ", StandardBasis.SERVED_PEOPLE, 50, "1.20"),
    ("JD", StandardBasis.SERVED_PEOPLE, 100, "1.30"),
    ("CJ", StandardBasis.SERVED_PEOPLE, 300, "1.00"),
]
STANDARDS_FROM = date(2020, 1, 1)


def _post_types() -> dict[str, PostType]:
    fields = {f.code: f for f in ServiceField.objects.all()}
    types = {}
    for code, name, name_en, field, grade, level, designated, duties in POST_TYPES:
        existing = PostType.objects.filter(code=code).first()
        types[code] = existing or create_record(
            None,
            PostType,
            {
                "code": code,
                "name": name,
                "name_en": name_en,
                "field": fields[field],
                "grade": grade,
                "required_level": level,
                "designated": designated,
                "duties": duties,
                "sort_order": len(types) + 1,
            },
            REASON,
        )
    for code, basis, n, weight in STANDARDS:
        if not PostStandard.objects.filter(post_type=types[code], basis=basis).exists():
            create_record(
                None,
                PostStandard,
                {
                    "post_type": types[code],
                    "basis": basis,
                    "units_per_post": n,
                    "difficulty_weight": Decimal(weight),
                    "valid_from": STANDARDS_FROM,
                    "source": "演示数据（参照试点岗位设置标准）",
                },
                REASON,
            )
    return types


def _units(rng, fields) -> dict[tuple[int, str], ServiceUnit]:
    units = {}
    for district in Area.objects.filter(level="district").order_by("code"):
        specs = [
            (
                "01",
                f"{district.name}社区服务",
                {"served_people": rng.randint(150, 600) * 1000, "communities": rng.randint(20, 60)},
            ),
            ("03", f"{district.name}中小学", {"schools": rng.randint(10, 40)}),
            ("05", f"{district.name}社区矫正", {"served_people": rng.randint(200, 800)}),
            ("08", f"{district.name}残障康复", {"served_people": rng.randint(2000, 8000)}),
            ("07", f"{district.name}禁毒康复", {"served_people": rng.randint(300, 1500)}),
        ]
        for field, name, numbers in specs:
            units[(district.pk, field)] = create_record(
                None,
                ServiceUnit,
                {"name": name, "field": fields[field], "area": district, **numbers},
                REASON,
            )
    return units


def _post_fields(org, ptype, n, units) -> dict:
    return {
        "code": f"G{org.pk:04d}{n:02d}",
        "name": f"{org.name}{ptype.name}{n}",
        "organisation": org,
        "post_type": ptype,
        "service_unit": units.get((org.area_id, ptype.field.code)),
    }


def _post(org, ptype, n, units) -> Post:
    return create_record(None, Post, _post_fields(org, ptype, n, units), REASON)


def generate(scale, rng, log):
    if Post.objects.exists():
        log("workforce: already loaded")
    else:
        _posts_and_staff(scale, rng, log)
    generate_pay(rng, log)


def _posts_and_staff(scale, rng, log):
    fields = {f.code: f for f in ServiceField.objects.all()}
    if not fields:
        return
    types = _post_types()
    units = _units(rng, fields)
    today = timezone.localdate()
    cap = 40 if scale == "district" else 120
    if scale != "district":
        hired, plans, posts = _posts_and_staff_in_bulk(rng, types, units, cap, log)
        log(
            f"workforce: {len(types)} post types, {len(units)} service units, "
            f"{posts} posts, {hired} hires, {plans} conversion plans"
        )
        return
    hired = plans = 0
    for org in Organisation.objects.filter(kind="service_provider").order_by("pk"):
        staff = list(Person.objects.filter(organisation=org).order_by("national_id"))
        registered = {
            r.person_id: r
            for r in Registration.objects.filter(
                person__in=staff, status=RegistrationStatus.REGISTERED
            )
        }
        n = 0
        for person in staff:
            registration = registered.get(person.pk)
            if registration is None or n >= cap:
                continue
            start = max(today - timedelta(days=rng.randint(0, 300)), registration.valid_from)
            ptype = types[rng.choice(list(types))]
            if services.credential_problems(person, ptype.required_level, start):
                ptype = types["SQ"]
            n += 1
            post = _post(org, ptype, n, units)
            services.hire(None, person, post, start, EmploymentKind.NEW_HIRE, reason=REASON)
            hired += 1
        for _ in range(rng.randint(1, 2)):  # vacant posts
            n += 1
            _post(org, types[rng.choice(list(types))], n, units)
        unregistered = [p for p in staff if p.pk not in registered]
        for person in unregistered[: max(0, 2 - plans)]:
            overdue = plans == 0
            n += 1
            services.hire(
                None,
                person,
                _post(org, types["SQ"], n, units),
                today - timedelta(days=500),
                EmploymentKind.CONVERSION,
                reason=REASON,
                training_batch=f"{today.year - 1}年第{plans + 1}期转岗培训",
                exam_year=today.year - 1 if overdue else today.year,
                deadline=today - timedelta(days=30) if overdue else today + timedelta(days=180),
            )
            plans += 1
    log(
        f"workforce: {len(types)} post types, {len(units)} service units, "
        f"{Post.objects.count()} posts, {hired} hires, {plans} conversion plans"
    )


def _posts_and_staff_in_bulk(rng, types, units, cap, log) -> tuple[int, int, int]:
    """:func:`_posts_and_staff` for thousands of people: the same choices per organisation,
    the posts and employments inserted in bulk; the two conversion plans through
    ``services.hire``."""
    today = timezone.localdate()
    step = getattr(log, "step", None)
    organisations = list(
        Organisation.objects.filter(kind="service_provider").select_related("area").order_by("pk")
    )
    staff_of: dict[int, list] = {}
    for person in (
        Person.objects.filter(organisation__in=organisations)
        .select_related("area")
        .order_by("national_id")
    ):
        staff_of.setdefault(person.organisation_id, []).append(person)
    registered = {
        r.person_id: r
        for r in Registration.objects.filter(
            status=RegistrationStatus.REGISTERED, valid_from__lte=today
        )
    }
    best: dict[int, str] = {}  # a person's best valid certificate level, issued by today
    for person_id, level in Certificate.objects.filter(
        status=CertificateStatus.VALID, issue_date__lte=today
    ).values_list("person_id", "level"):
        if person_id not in best or LEVEL_RANK[level] > LEVEL_RANK[best[person_id]]:
            best[person_id] = level
    posts, hires, conversions = [], [], []
    for org in organisations:
        n = 0
        staff = staff_of.get(org.pk, [])
        for person in staff:
            registration = registered.get(person.pk)
            if registration is None or n >= cap:
                continue
            start = max(today - timedelta(days=rng.randint(0, 300)), registration.valid_from)
            ptype = types[rng.choice(list(types))]
            level = best.get(person.pk)
            credentialed = (
                level is not None
                and LEVEL_RANK[level] >= LEVEL_RANK[ptype.required_level]
                and registration.valid_from <= start <= registration.valid_until
            )
            if not credentialed:
                ptype = types["SQ"]
            n += 1
            posts.append(Post(**_post_fields(org, ptype, n, units)))
            hires.append((person, posts[-1], start))
        for _ in range(rng.randint(1, 2)):  # vacant posts
            n += 1
            posts.append(Post(**_post_fields(org, types[rng.choice(list(types))], n, units)))
        unregistered = [p for p in staff if p.pk not in registered]
        for person in unregistered[: max(0, 2 - len(conversions))]:
            n += 1
            conversions.append((org, person, n))
    if step:
        step("workforce: posts and employments", 0, len(posts) + len(hires))
    create_records_in_bulk(None, posts, REASON)
    create_records_in_bulk(
        None,
        [
            Employment(person=person, post=post, start=start, kind=EmploymentKind.NEW_HIRE)
            for person, post, start in hires
        ],
        REASON,
    )
    if step:
        step("workforce: posts and employments", len(posts) + len(hires), len(posts) + len(hires))
    for plans, (org, person, n) in enumerate(conversions):
        overdue = plans == 0
        services.hire(
            None,
            person,
            _post(org, types["SQ"], n, units),
            today - timedelta(days=500),
            EmploymentKind.CONVERSION,
            reason=REASON,
            training_batch=f"{today.year - 1}年第{plans + 1}期转岗培训",
            exam_year=today.year - 1 if overdue else today.year,
            deadline=today - timedelta(days=30) if overdue else today + timedelta(days=180),
        )
    return len(hires), len(conversions), len(posts) + len(conversions)


# --- Grades, pay and insurance (PAY-1 to PAY-3) ------------------------------------------------

#: code, name, English name, order, required level, minimum years in the grade below
GRADES = [
    ("ZL3", "助理社工三级", "Assistant social worker, grade 3", 1, Level.ASSISTANT, 0),
    ("ZL2", "助理社工二级", "Assistant social worker, grade 2", 2, Level.ASSISTANT, 2),
    ("ZL1", "助理社工一级", "Assistant social worker, grade 1", 3, Level.ASSISTANT, 2),
    ("SG3", "社工三级", "Social worker, grade 3", 4, Level.INTERMEDIATE, 2),
    ("SG2", "社工二级", "Social worker, grade 2", 5, Level.INTERMEDIATE, 3),
    ("SG1", "社工一级", "Social worker, grade 1", 6, Level.INTERMEDIATE, 3),
    ("GJ", "高级社工", "Senior social worker", 7, Level.SENIOR, 3),
]
#: Guidance of the first grade, step 1 (base, post, performance); each grade adds 8 %, each
#: of the three steps 3 %. Technician pay: 98 % of the guidance total. Illustrative figures.
FIRST_GUIDANCE = (Decimal("3200.00"), Decimal("1600.00"), Decimal("800.00"))
STEPS = 3


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def generate_pay(rng, log):
    """A grade ladder, this year's guidance and technician tables, three months of pay and
    insurance for up to 12 current employments (one month below the floor, one late and one
    short payment). Only what is missing is created."""
    from . import pay  # noqa: PLC0415
    from .models import (  # noqa: PLC0415
        EmploymentGrade,
        Grade,
        InsuranceContribution,
        PayGuidance,
        PayRecord,
        TechnicianPay,
    )

    grades = {}
    for code, name, name_en, order, level, years in GRADES:
        grades[order] = Grade.objects.filter(code=code).first() or create_record(
            None,
            Grade,
            {
                "code": code,
                "name": name,
                "name_en": name_en,
                "order": order,
                "required_level": level,
                "min_years": years,
                "sort_order": order,
            },
            REASON,
        )
    today = timezone.localdate()
    first_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    months = []
    for _ in range(3):
        months.insert(0, first_month)
        first_month = (first_month - timedelta(days=1)).replace(day=1)
    for year, order, grade in (
        (y, o, g)
        for y in sorted({today.year, *(m.year for m in months)})
        for o, g in grades.items()
    ):
        for step in range(1, STEPS + 1):
            factor = Decimal("1.08") ** (order - 1) * Decimal("1.03") ** (step - 1)
            base, post, perf = (_money(v * factor) for v in FIRST_GUIDANCE)
            if not PayGuidance.objects.filter(year=year, grade=grade, step=step).exists():
                create_record(
                    None,
                    PayGuidance,
                    {
                        "year": year,
                        "grade": grade,
                        "step": step,
                        "base": base,
                        "post": post,
                        "performance": perf,
                    },
                    REASON,
                )
            if not TechnicianPay.objects.filter(year=year, grade=grade, step=step).exists():
                create_record(
                    None,
                    TechnicianPay,
                    {
                        "year": year,
                        "grade": grade,
                        "step": step,
                        "total": _money((base + post + perf) * Decimal("0.98")),
                        "source": "示例数据",
                    },
                    REASON,
                )
    employments = list(
        services.current_employments(today)
        .filter(start__lt=today.replace(day=1))
        .select_related("post__organisation__area")
        .order_by("start", "pk")[:12]
    )
    level_order = {Level.ASSISTANT: 1, Level.INTERMEDIATE: 4, Level.SENIOR: 7}
    created_pay = created_si = 0
    for i, employment in enumerate(employments):
        held = EmploymentGrade.objects.filter(employment=employment).order_by("valid_from").first()
        if held is None:
            start = employment.start
            order = level_order.get(employment.post.post_type.required_level, 1)
            held = pay.set_grade(
                None, employment, grades[order], 1 + i % STEPS, start, reason=REASON
            )
        for m, month in enumerate(months):
            guidance = PayGuidance.objects.filter(
                year=month.year, grade=held.grade_id, step=held.step
            ).first()
            if guidance is None or month < employment.start.replace(day=1):
                continue
            below = i == 0 and m == len(months) - 1  # one month below the floor
            if not PayRecord.objects.filter(employment=employment, month=month).exists():
                create_record(
                    None,
                    PayRecord,
                    {
                        "employment": employment,
                        "month": month,
                        "grade": held.grade,
                        "step": held.step,
                        "base": guidance.base - (100 if below else 0),
                        "post": guidance.post,
                        "performance": _money(
                            guidance.performance * Decimal(rng.choice(["1.00", "1.05", "1.10"]))
                        )
                        if not below
                        else guidance.performance,
                    },
                    REASON,
                )
                created_pay += 1
            if not InsuranceContribution.objects.filter(
                employment=employment, month=month
            ).exists():
                due = month.replace(day=15)
                employer = _money(guidance.base * Decimal("0.16"))
                employee = _money(guidance.base * Decimal("0.08"))
                late = i == 0 and m == 0  # one late payment
                short = i == 0 and m == 1  # one short payment
                create_record(
                    None,
                    InsuranceContribution,
                    {
                        "employment": employment,
                        "month": month,
                        "base": guidance.base,
                        "employer_share": employer,
                        "employee_share": employee,
                        "due_date": due,
                        "paid_on": due + timedelta(days=10) if late else due,
                        "amount_paid": employer + employee - (50 if short else 0),
                    },
                    REASON,
                )
                created_si += 1
    log(
        f"workforce: {len(grades)} grades, pay tables, {created_pay} pay records, "
        f"{created_si} insurance contributions"
    )
