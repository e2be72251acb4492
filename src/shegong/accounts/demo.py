"""Demo accounts, one or more per role, all with the password ``DEMO_PASSWORD``.

The demo administrator (``admin``) is a city administrator of Shenzhen, not a superuser, so
the demo shows the permission rules at work.
"""

import functools

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password

from shegong.areas.models import Area
from shegong.core import services as core_services
from shegong.core.roles import Role
from shegong.organisations.models import Organisation

from . import services
from .models import User

DEMO_PASSWORD = "Shegong-demo-2026"  # noqa: S105 - the documented demo login
FAMILY = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "周",
    "吴",
    "徐",
    "孙",
    "朱",
    "马",
    "胡",
    "郭",
]
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "晓东",
    "海燕",
    "志强",
    "丹",
]


@functools.cache
def demo_password_hash() -> str:
    """``DEMO_PASSWORD`` hashed once for every demo account: hashing is slow on purpose (about
    a second each), and a city demo has a hundred accounts."""
    validate_password(DEMO_PASSWORD)
    return make_password(DEMO_PASSWORD)


def person(rng):
    return rng.choice(FAMILY), rng.choice(GIVEN)


def ensure_user(rng, username, role, *, area=None, organisation=None, home=None):
    user = User.objects.filter(username=username).first()
    if user is None:
        last, first = person(rng)
        # ``services.create_user`` with the password hashed once (demo_password_hash).
        user = core_services.create_record(
            None,
            User,
            {
                "username": username,
                "last_name": last,
                "first_name": first,
                "email": f"{username}@example.org",
                "phone": f"13{rng.randint(100000000, 999999999)}",
                "area": home or area or (organisation.area if organisation else None),
                "organisation": organisation,
                "password": demo_password_hash(),
            },
            "demo data",
        )
    if not user.memberships.filter(role=role).exists():
        services.create_membership(
            None,
            None,
            {"user": user, "role": role, "area": area, "organisation": organisation},
            "demo data",
        )
    return user


def name_after_person(user, person) -> None:
    """A demo account linked to a person takes the person's name (issue 12, defect 9)."""
    last, first = person.name[:1], person.name[1:]
    if (user.last_name, user.first_name) != (last, first):
        core_services.update_record(
            None, user, {"last_name": last, "first_name": first}, "demo data"
        )


def generate(scale, rng, log):
    city = Area.objects.get(code="4403")
    ensure_user(rng, "admin", Role.CITY_ADMIN, area=city)
    ensure_user(rng, "city_officer", Role.CITY_OFFICER, area=city)
    ensure_user(rng, "cert_issuer", Role.CERTIFICATE_ISSUER, area=city)
    ensure_user(rng, "auditor", Role.AUDITOR, area=city)
    ensure_user(rng, "vol_federation", Role.VOLUNTEER_FEDERATION, area=city)
    ensure_user(rng, "education_officer", Role.FIELD_OFFICER, area=city)
    for district in Area.objects.filter(level="district").order_by("code"):
        ensure_user(rng, f"officer_{district.code}", Role.DISTRICT_OFFICER, area=district)
    organisations = Organisation.objects.filter(kind="service_provider").order_by("credit_code")
    for org in organisations[: 3 if scale == "district" else 30]:
        ensure_user(rng, f"orgadmin_{org.pk}", Role.ORG_ADMIN, organisation=org)
        for n in range(1, 3):
            ensure_user(rng, f"worker_{org.pk}_{n}", Role.SOCIAL_WORKER, home=org.area)
    ensure_user(rng, "supervisor", Role.SUPERVISOR, home=city)
    log(f"users: {User.objects.count()} (demo password: {DEMO_PASSWORD})")
