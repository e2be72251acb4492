"""Demo coordinating committees (GOV-2): one committee per two service fields, each of a
field department (a government body of the city, in turn), with four demo evaluators
(``evaluator_1`` to ``evaluator_4``, the demo password) as chair and members; ``evaluator_3``
declares a seat on the board of the first service organisation (so that grading shows a
recusal). Written through the services; skipped when committees exist."""

from __future__ import annotations

from datetime import date

from shegong.accounts.demo import demo_password_hash
from shegong.accounts.models import User
from shegong.areas.models import Area
from shegong.core.services import create_record
from shegong.organisations.models import Organisation, ServiceField

from .models import Committee, CommitteeMember, DeclaredTie

REASON = "demo data"
EVALUATORS = [
    ("evaluator_1", "林", "慧敏"),
    ("evaluator_2", "郭", "建华"),
    ("evaluator_3", "何", "志远"),
    ("evaluator_4", "罗", "晓燕"),
]


def evaluator_users() -> list[User]:
    city = Area.objects.filter(level="city").order_by("code").first()
    users = []
    for username, last, first in EVALUATORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_record(
                None,
                User,
                {
                    "username": username,
                    "last_name": last,
                    "first_name": first,
                    "email": f"{username}@example.org",
                    "area": city,
                    "password": demo_password_hash(),
                },
                REASON,
            )
        users.append(user)
    return users


def first_provider():
    """The first social work service organisation (by credit code): the demo's graded 4A one."""
    return Organisation.objects.filter(kind="service_provider").order_by("credit_code").first()


def generate(scale, rng, log):
    if Committee.objects.exists():
        log(f"committees: {Committee.objects.count()}")
        return
    bodies = list(
        Organisation.objects.filter(kind="government_body", area__level="city").order_by("name")
    ) or list(Organisation.objects.filter(kind="government_body").order_by("credit_code")[:2])
    fields = list(ServiceField.objects.filter(is_active=True).order_by("code"))
    if not bodies or not fields:
        return
    users = evaluator_users()
    for n in range(0, len(fields), 2):
        pair = fields[n : n + 2]
        committee = create_record(
            None,
            Committee,
            {
                "name": "、".join(f.name for f in pair) + "领域协调委员会",
                "department": bodies[(n // 2) % len(bodies)],
            },
            REASON,
            m2m={"service_fields": pair},
        )
        turn = (n // 2) % len(users)
        seats = [users[turn], users[(turn + 1) % 4], users[(turn + 2) % 4]]
        for i, user in enumerate(seats):
            create_record(
                None,
                CommitteeMember,
                {"committee": committee, "user": user, "role": "chair" if i == 0 else "member"},
                REASON,
            )
    provider = first_provider()
    if provider is not None:
        create_record(
            None,
            DeclaredTie,
            {
                "user": users[2],
                "organisation": provider,
                "kind": "board",
                "declared_on": date(2024, 1, 1),
                "note": "理事",
            },
            REASON,
        )
    log(f"committees: {Committee.objects.count()}")
