"""Writes of people's records beyond the generic path (``core.services``).

An ID number is an identity: it is typed once, when the person is registered, and is not
changed by an ordinary edit. A wrong number is corrected by a city administrator with
:func:`correct_national_id`, which needs a reason and is kept in the audit trail.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shegong.core import services
from shegong.core.permissions import can, restrict_to_roles
from shegong.core.roles import Role

from .models import Person
from .validators import normalise

#: Roles that may correct a registered person's ID number (within their area).
ID_CORRECTORS = frozenset({Role.CITY_ADMIN})

create_person = services.create_record


def update_person(actor, obj, data: dict, reason: str = "", expected_version=None, m2m=None):
    """The generic update, refusing a change of the ID number (see :func:`correct_national_id`)."""
    data = dict(data)
    if "national_id" in data:
        stored = Person.objects.filter(pk=obj.pk).values_list("national_id", flat=True).first()
        if normalise(data["national_id"]) != stored:
            raise ValidationError(
                {
                    "national_id": _(
                        "The ID number of a registered person cannot be changed by an edit. "
                        "A city administrator corrects a wrong number, giving a reason."
                    )
                },
                code="national_id_locked",
            )
        del data["national_id"]
    return services.update_record(actor, obj, data, reason, expected_version, m2m)


def may_correct_national_id(user, person: Person) -> bool:
    """A city administrator whose area holds the person (or the system, or a superuser)."""
    if user is None or getattr(user, "is_superuser", False):
        return True
    return restrict_to_roles(Person.objects.filter(pk=person.pk), user, ID_CORRECTORS).exists()


@transaction.atomic
def correct_national_id(actor, person: Person, new_id: str, reason: str) -> Person:
    """Replace a wrongly registered ID number (and the birth date and sex derived from it)."""
    current = (
        Person.objects.select_for_update(of=("self",)).select_related("area").get(pk=person.pk)
    )
    if actor is not None and not (
        can(actor, "change", current) and may_correct_national_id(actor, current)
    ):
        raise PermissionDenied(_("Only a city administrator may correct an ID number."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for the correction (e.g. the document checked).")}
        )
    number = normalise(new_id)
    if number == current.national_id:
        raise ValidationError({"national_id": _("This is the number already on file.")})
    return services.update_record(actor, current, {"national_id": number}, reason)
