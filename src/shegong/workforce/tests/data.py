"""Small builders for the workforce tests, writing through the services like real use."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from shegong.core.services import create_record
from shegong.organisations.models import ServiceField
from shegong.people.models import Person
from shegong.people.validators import check_digit
from shegong.registry.models import Certificate, Registration
from shegong.workforce.models import Post, PostStandard, PostType, ServiceUnit

_seq = count(1)


def today() -> date:
    return timezone.localdate()


def field(code="01") -> ServiceField:
    return ServiceField.objects.get(code=code)


def person(area, organisation=None, name=None, user=None) -> Person:
    n = next(_seq)
    first17 = f"440304{19800101 + n % 28:08d}{n % 1000:03d}"
    return create_record(
        None,
        Person,
        {
            "national_id": first17 + check_digit(first17),
            "name": name or f"张{n}",
            "area": area,
            "organisation": organisation,
            "user": user,
        },
    )


def certificate(who, level="assistant", issued=None, status="valid") -> Certificate:
    return create_record(
        None,
        Certificate,
        {
            "number": f"A{2020000000 + next(_seq)}",
            "person": who,
            "level": level,
            "issue_date": issued or today() - timedelta(days=400),
            "issuing_body": "深圳市人事局",
            "status": status,
        },
    )


def registration(who, cert, valid_from=None, valid_until=None, status="registered"):
    return create_record(
        None,
        Registration,
        {
            "register_number": f"R{next(_seq):08d}",
            "person": who,
            "certificate": cert,
            "level": cert.level,
            "status": status,
            "valid_from": valid_from or today() - timedelta(days=300),
            "valid_until": valid_until or today() + timedelta(days=300),
        },
    )


def credentialed(area, organisation=None, level="assistant", **kw) -> Person:
    who = person(area, organisation)
    registration(who, certificate(who, level), **kw)
    return who


def post_type(code=None, level="assistant", designated=True, field_code="01") -> PostType:
    n = next(_seq)
    return create_record(
        None,
        PostType,
        {
            "code": code or f"T{n}",
            "name": f"岗位类型{n}",
            "field": field(field_code),
            "grade": 2,
            "required_level": level,
            "designated": designated,
        },
    )


def standard(ptype, basis, n, weight="1.00", valid_from=None) -> PostStandard:
    return create_record(
        None,
        PostStandard,
        {
            "post_type": ptype,
            "basis": basis,
            "units_per_post": n,
            "difficulty_weight": Decimal(weight),
            "valid_from": valid_from or date(2020, 1, 1),
        },
    )


def unit(area, field_code="01", organisation=None, **numbers) -> ServiceUnit:
    return create_record(
        None,
        ServiceUnit,
        {
            "name": f"服务单元{next(_seq)}",
            "field": field(field_code),
            "area": area,
            "organisation": organisation,
            **numbers,
        },
    )


def post(organisation, ptype, service_unit=None, **extra) -> Post:
    n = next(_seq)
    return create_record(
        None,
        Post,
        {
            "code": f"P{n:05d}",
            "name": f"岗位{n}",
            "organisation": organisation,
            "post_type": ptype,
            "service_unit": service_unit,
            **extra,
        },
    )
