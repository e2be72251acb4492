"""Small factories for tests: an area tree, users holding a role in a scope.

They write through the services (actor ``None``, the system), so the audit trail of a test
looks like the real one.
"""

from __future__ import annotations

from itertools import count

from shegong.accounts import services as account_services
from shegong.accounts.models import User
from shegong.areas.models import Area
from shegong.core import services
from shegong.core.roles import ROLE_SCOPE, Role, ScopeKind
from shegong.organisations.models import Organisation
from shegong.organisations.validators import credit_code_check_char

PASSWORD = "Correct-Horse-Battery-9"  # noqa: S105 - test password
_seq = count(1)


def area(code: str, name: str, level: str, parent: Area | None = None) -> Area:
    existing = Area.objects.filter(code=code).first()
    if existing:
        return existing
    return services.create_record(
        None, Area, {"code": code, "name": name, "level": level, "parent": parent}
    )


def city_tree() -> dict[str, Area]:
    """Shenzhen with two districts (Futian, Luohu) and one street and community in each."""
    province = area("44", "广东省", "province")
    city = area("4403", "深圳市", "city", province)
    futian = area("440304", "福田区", "district", city)
    luohu = area("440303", "罗湖区", "district", city)
    return {
        "province": province,
        "city": city,
        "futian": futian,
        "luohu": luohu,
        "futian_street": area("440304001", "园岭街道", "street", futian),
        "luohu_street": area("440303001", "东门街道", "street", luohu),
    }


def credit_code(n: int | None = None) -> str:
    body = f"52440300{(n or next(_seq)):09d}"
    return body + credit_code_check_char(body)


def organisation(district: Area, name: str | None = None) -> Organisation:
    n = next(_seq)
    return services.create_record(
        None,
        Organisation,
        {
            "name": name or f"测试社工机构{n}",
            "credit_code": credit_code(n),
            "kind": "service_provider",
            "area": district,
        },
    )


def user(
    username: str | None = None, *, role: str | None = None, scope=None, home=None, **fields
) -> User:
    """A user; with ``role``, a membership in ``scope`` (an Area, an Organisation, or None)."""
    username = username or f"user{next(_seq)}"
    if home is None:
        home = scope.area if isinstance(scope, Organisation) else scope
    data = {"username": username, "area": home, **fields}
    if isinstance(scope, Organisation):
        data.setdefault("organisation", scope)
    u = account_services.create_user(None, data, PASSWORD)
    if role:
        kind = ROLE_SCOPE[Role(role)]
        account_services.create_membership(
            None,
            None,
            {
                "user": u,
                "role": role,
                "area": scope if kind == ScopeKind.AREA else None,
                "organisation": scope if kind == ScopeKind.ORGANISATION else None,
            },
        )
    return u


def parameter(key: str, value, valid_from, scope: str = "city"):
    """A policy parameter row from a date (issue 11: a change from a date keeps the past)."""
    from shegong.core.models import PolicyParameter

    return PolicyParameter.objects.create(
        key=key, scope=scope, value=value, valid_from=valid_from, source="test"
    )
