"""A small register for the public-register tests (registry and portal), written through
``core.services.create_record`` only, so that it does not depend on the workflow services."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.people.models import Person
from shegong.people.validators import check_digit
from shegong.registry.models import Certificate, ConductCase, ExamResult, ExamSession, Registration

_seq = count(1)
PHONE = "13912345678"
ADDRESS = "福田区某某路1号"


def national_id(n: int, birth: str = "19900101") -> str:
    first17 = f"440304{birth}{n % 1000:03d}"
    return first17 + check_digit(first17)


def person(name: str, area, organisation=None) -> Person:
    n = next(_seq)
    return create_record(
        None,
        Person,
        {
            "national_id": national_id(n),
            "name": name,
            "phone": PHONE,
            "address": ADDRESS,
            "area": area,
            "organisation": organisation,
        },
    )


def session(year: int, level: str) -> ExamSession:
    existing = ExamSession.objects.filter(year=year, level=level).first()
    return existing or create_record(None, ExamSession, {"year": year, "level": level})


def certificate(p: Person, level: str, number: str, year: int = 2022) -> Certificate:
    result = create_record(
        None, ExamResult, {"session": session(year, level), "person": p, "passed": True}
    )
    return create_record(
        None,
        Certificate,
        {
            "number": number,
            "person": p,
            "level": level,
            "exam_result": result,
            "issue_date": date(year, 12, 1),
            "issuing_body": "深圳市人事局",
        },
    )


def registration(
    p: Person,
    cert: Certificate,
    number: str,
    status: str = "registered",
    valid_until: date | None = None,
    valid_from: date | None = None,
) -> Registration:
    today = timezone.localdate()
    return create_record(
        None,
        Registration,
        {
            "register_number": number,
            "person": p,
            "certificate": cert,
            "level": cert.level,
            "status": status,
            "valid_from": valid_from or date(2023, 1, 1),
            "valid_until": valid_until or today + timedelta(days=200),
        },
    )


def sanction(p: Person, kind: str, start: date, until: date | None, stage: str = "decided"):
    return create_record(
        None,
        ConductCase,
        {
            "number": f"C{next(_seq):06d}",
            "person": p,
            "source": "public",
            "summary": "投诉",
            "complainant_name": "投诉人",
            "complainant_contact": "13800000000",
            "stage": stage,
            "sanction": kind,
            "sanction_from": start,
            "sanction_until": until,
        },
    )


def build_register(tree) -> dict:
    """Five people in two districts: each status, a certificate without a registration, a
    sanction in force, a sanction that has ended, a namesake in the other district."""
    today = timezone.localdate()
    futian_org = factories.organisation(tree["futian"], "福田社工服务中心")
    luohu_org = factories.organisation(tree["luohu"], "罗湖社工服务中心")
    people = {
        "zhang": person("张三丰", tree["futian_street"], futian_org),
        "li": person("李四", tree["futian"], futian_org),
        "wang": person("王五", tree["luohu"], luohu_org),
        "zhao": person("赵六", tree["luohu"], None),
        "zhang2": person("张三丰", tree["luohu"], luohu_org),
        "qian": person("钱七", tree["futian"], futian_org),
    }
    certs = {
        "zhang": certificate(people["zhang"], "intermediate", "I2022000001"),
        "li": certificate(people["li"], "assistant", "A2022000002"),
        "wang": certificate(people["wang"], "senior", "S2021000003", year=2021),
        "zhao": certificate(people["zhao"], "assistant", "A2022000004"),
        "zhang2": certificate(people["zhang2"], "assistant", "A2022000005"),
        "qian": certificate(people["qian"], "assistant", "A2022000006"),
    }
    regs = {
        "zhang": registration(people["zhang"], certs["zhang"], "SZ2023000001"),
        "li": registration(
            people["li"], certs["li"], "SZ2023000002", "suspended", today + timedelta(days=30)
        ),
        "wang": registration(
            people["wang"],
            certs["wang"],
            "SZ2021000003",
            "cancelled",
            date(2024, 1, 1),
            valid_from=date(2021, 1, 1),
        ),
        "zhao": registration(
            people["zhao"], certs["zhao"], "SZ2022000004", "expired", today - timedelta(days=1)
        ),
        "zhang2": registration(
            people["zhang2"], certs["zhang2"], "SZ2023000005", valid_until=today + timedelta(10)
        ),
    }
    cases = {
        "in_force": sanction(people["li"], "suspension", today - timedelta(days=10), None),
        "ended": sanction(
            people["zhang"], "warning", today - timedelta(days=400), today - timedelta(days=30)
        ),
        "undecided": sanction(
            people["zhang"], "warning", today - timedelta(days=5), None, stage="hearing"
        ),
    }
    return {
        "people": people,
        "certs": certs,
        "regs": regs,
        "cases": cases,
        "orgs": {"futian": futian_org, "luohu": luohu_org},
    }
