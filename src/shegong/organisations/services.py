"""Organisations: the writes with their rules.

ORG-2 (scope): an organisation administrator maintains their own organisation's contact data,
but the facts that decide who supervises it (district, kind, credit code, status) are kept
by officials of its area.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from shegong.core import services
from shegong.core.permissions import grants_of
from shegong.core.roles import Role

from .models import Organisation

#: Fields an organisation administrator may not change on their own organisation.
OFFICIAL_FIELDS = ("area", "kind", "credit_code", "is_active")


def _is_official(actor) -> bool:
    if actor is None or actor.is_superuser:
        return True
    allowed = Organisation.access.roles_for("change") - {Role.ORG_ADMIN}
    return any(g.role in allowed and g.area_path for g in grants_of(actor))


def update_organisation(actor, organisation, data: dict, reason: str = "", **kwargs):
    if not _is_official(actor):
        changed = [
            name
            for name in OFFICIAL_FIELDS
            if name in data and data[name] != getattr(organisation, name)
        ]
        if changed:
            labels = ", ".join(
                str(Organisation._meta.get_field(name).verbose_name) for name in changed
            )
            raise PermissionDenied(
                _("Only officials of the organisation's area may change: %(fields)s.")
                % {"fields": labels}
            )
    return services.update_record(actor, organisation, data, reason, **kwargs)
