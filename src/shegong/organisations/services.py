"""Organisations: the writes with their rules.

ORG-1: an organisation administrator maintains their own organisation's data (name, address,
contacts, service fields), but the official facts (district, kind, credit code, origin,
registration, status and the supervising authority) are kept by officials of its area.

ORG-2: the supervising authority follows the line of business (:func:`supervising_authority_for`);
it is picked again on every create and change unless an official has set it.
"""

from __future__ import annotations

import copy
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from shegong.core import services
from shegong.core.permissions import holds
from shegong.core.roles import Role

from .choices import SUPERVISED_BY_LINE, OrganisationKind, OrganisationStatus
from .models import Organisation

#: Fields an organisation administrator may not change on their own organisation.
OFFICIAL_FIELDS = (
    "area",
    "kind",
    "credit_code",
    "is_active",
    "origin",
    "registration_authority",
    "registered_on",
    "status",
    "line_department",
    "supervising_body",
    "supervising_area",
    "supervision_set_by_official",
)
SUPERVISION_FIELDS = ("supervising_body", "supervising_area")


class Supervision(NamedTuple):
    """A supervising authority: a government body or an area's social work authority."""

    body: Organisation | None
    area: object | None  # areas.Area
    reason: str


def authority_area(area):
    """The area whose social work authority supervises: the district for an organisation in a
    district (or below it), the city for a city-level one."""
    node = area
    while node is not None and node.level not in ("district", "city"):
        node = node.parent
    return node or area


def supervising_authority_for(organisation, service_fields=None, bodies=None) -> Supervision:
    """ORG-2: who supervises ``organisation`` by rule.

    - A service organisation, association or volunteer organisation is supervised by the
      government body whose ``line_department`` is one of its service fields' line
      departments, when exactly one active body fits in its district (or, when none fits
      there, in the city).
    - Otherwise (no service field with a line department, no body, several candidates, or a
      government body or public institution) the social work authority supervises: the
      district's for an organisation in a district, the city's for a city-level one.

    ``service_fields`` replaces the stored ones (a change not saved yet). ``bodies`` is
    :func:`government_bodies` read once for a whole list (the API's list of organisations),
    so the rule costs no query per row; without it the candidates are queried.
    """
    home = authority_area(organisation.area)
    if organisation.kind not in SUPERVISED_BY_LINE:
        return Supervision(
            None,
            home,
            _("by rule: %(kind)s is supervised by the social work authority")
            % {"kind": organisation.get_kind_display()},
        )
    if service_fields is None:
        service_fields = organisation.service_fields.all() if organisation.pk else []
    departments = {f.line_department for f in service_fields if f.line_department}
    no_fit = Supervision(None, home, _("by rule: no line department fits"))
    if not departments:
        return no_fit
    if bodies is None:
        bodies = government_bodies(departments)
    scopes = [home]
    if home.level == "district" and home.parent_id:
        scopes.append(home.parent)
    for scope in scopes:
        found = [
            body
            for body in bodies
            if body.area_id == scope.pk
            and body.line_department in departments
            and body.pk != organisation.pk
        ][:5]
        if len(found) == 1:
            body = found[0]
            return Supervision(
                body,
                None,
                _("line department %(department)s → %(body)s")
                % {"department": body.line_department, "body": body.name},
            )
        if found:
            return Supervision(
                None,
                home,
                _("by rule: several line departments fit (%(bodies)s)")
                % {"bodies": ", ".join(b.name for b in found)},
            )
    return no_fit


def government_bodies(departments=None) -> list[Organisation]:
    """The active government bodies with a line department (by name), the candidates of
    :func:`supervising_authority_for`; only those of ``departments`` when given."""
    bodies = Organisation.objects.filter(
        kind=OrganisationKind.GOVERNMENT_BODY, status=OrganisationStatus.ACTIVE
    ).exclude(line_department="")
    if departments is not None:
        bodies = bodies.filter(line_department__in=departments)
    return list(bodies.order_by("name", "pk"))


def authority_name(organisation) -> str:
    if organisation.supervising_body_id:
        return organisation.supervising_body.name
    if organisation.supervising_area_id:
        return _("%(area)s social work authority") % {"area": organisation.supervising_area.name}
    return ""


def supervision_reason(organisation, bodies=None) -> str:
    """Why the stored supervising authority is the one it is (for the detail page);
    ``bodies`` as for :func:`supervising_authority_for`."""
    if organisation.supervision_set_by_official:
        return _("set by an official")
    rule = supervising_authority_for(organisation, bodies=bodies)
    if (rule.body and rule.body.pk) == organisation.supervising_body_id and (
        rule.area and rule.area.pk
    ) == organisation.supervising_area_id:
        return rule.reason
    return _("by rule when last changed; the rule would now give: %(reason)s") % {
        "reason": rule.reason
    }


def is_official(actor) -> bool:
    """Whether ``actor`` keeps the official facts (an area role that may change organisations)."""
    allowed = Organisation.access.roles_for("change") - {Role.ORG_ADMIN}
    return actor is None or holds(actor, allowed)


def _check_official_fields(actor, current, data: dict) -> None:
    if is_official(actor):
        return
    changed = [
        name
        for name in OFFICIAL_FIELDS
        if name in data and data[name] != getattr(current, name, None)
    ]
    if changed:
        labels = ", ".join(str(Organisation._meta.get_field(name).verbose_name) for name in changed)
        raise PermissionDenied(
            _("Only officials of the organisation's area may change: %(fields)s.")
            % {"fields": labels}
        )


def _with_rules(actor, current, data: dict, m2m: dict) -> dict:
    """``data`` with the status kept in step with ``is_active`` and the supervising authority
    picked by rule, unless an official sets it in this change or has set it before."""
    data = dict(data)
    probe = copy.copy(current) if current is not None else Organisation()
    for name, value in data.items():
        setattr(probe, name, value)
    if data.get("status") == OrganisationStatus.ACTIVE and (
        current is None or current.status != OrganisationStatus.ACTIVE
    ):
        data["is_active"] = True
    if not is_official(actor):
        for name in SUPERVISION_FIELDS + ("supervision_set_by_official",):
            data.pop(name, None)
        keep = current is not None and current.supervision_set_by_official
    else:
        changed = [
            name
            for name in SUPERVISION_FIELDS
            if name in data and data[name] != getattr(current, name, None)
        ]
        released = (
            current is not None
            and current.supervision_set_by_official
            and data.get("supervision_set_by_official") is False
        )
        if changed and not released:
            data["supervision_set_by_official"] = True
            if len(changed) == 1 and data[changed[0]] is not None:
                # Choosing a body clears the area, and the other way round.
                other = [n for n in SUPERVISION_FIELDS if n != changed[0]][0]
                data[other] = None
            return data
        keep = probe.supervision_set_by_official and not released
    if keep:
        return data
    fields = m2m.get("service_fields")
    if fields is None and current is None:
        fields = []
    rule = supervising_authority_for(probe, fields)
    data.update(
        supervising_body=rule.body,
        supervising_area=rule.area,
        supervision_set_by_official=False,
    )
    return data


def create_organisation(actor, model, data: dict, reason: str = "", m2m=None):
    m2m = dict(m2m or {})
    data = _with_rules(actor, None, data, m2m)
    return services.create_record(actor, Organisation, data, reason, m2m=m2m)


def update_organisation(actor, organisation, data: dict, reason: str = "", **kwargs):
    _check_official_fields(actor, organisation, data)
    m2m = dict(kwargs.pop("m2m", None) or {})
    data = _with_rules(actor, organisation, data, m2m)
    return services.update_record(actor, organisation, data, reason, m2m=m2m, **kwargs)
