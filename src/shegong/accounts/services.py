"""Accounts: every write about users, memberships and API tokens, with its rules.

Rules:
- administrators manage users within their own area; district officers within their district
  (the scope check after each write, ``core.services``);
- a role can be granted only by a holder of a role allowed to grant it (``roles.GRANTABLE``),
  and only inside the granting membership's own area;
- an API token is shown once, stored as a hash, expires after ``API_TOKEN_DAYS`` and can be
  revoked.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import services
from shegong.core.permissions import grants_of
from shegong.core.roles import GRANTABLE

from .models import ApiToken, Membership, User, hash_token


@transaction.atomic
def create_user(actor, data: dict, password: str | None, reason: str = "") -> User:
    if password:
        try:
            validate_password(password, User(**data))
        except ValidationError as exc:  # shown next to the password field, not atop the form
            raise ValidationError({"password": exc.messages}) from exc
    # ``make_password(None)`` is an unusable password (an account that signs in otherwise).
    return services.create_record(
        actor, User, {**data, "password": make_password(password or None)}, reason
    )


def create_user_from_form(actor, model, data: dict, reason: str = "", m2m=None) -> User:
    password = data.pop("password1", None)
    data.pop("password2", None)
    try:
        return create_user(actor, data, password, reason)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "password" in exc.error_dict:
            exc.error_dict["password1"] = exc.error_dict.pop("password")
        raise


@transaction.atomic
def set_password(actor, user: User, password: str, reason: str = "") -> User:
    validate_password(password, user)
    own = actor is not None and actor.pk == user.pk  # people change their own password
    return services.update_record(
        actor,
        user,
        {"password": make_password(password)},
        reason,
        permission=None if own else "change",
    )


#: What people may change on their own account (not its scope: area, organisation, status).
OWN_CONTACT_FIELDS = ("last_name", "first_name", "email", "phone")


@transaction.atomic
def update_own_contact(actor, data: dict, reason: str = "", expected_version=None) -> User:
    """A signed-in person corrects their own name, e-mail and phone."""
    unknown = set(data) - set(OWN_CONTACT_FIELDS)
    if unknown:
        raise PermissionDenied(
            _("You may change only your name, e-mail and phone here: not %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    user = User.objects.get(pk=actor.pk)
    return services.update_record(actor, user, data, reason, expected_version, permission=None)


def _check_grant(actor, membership: Membership) -> None:
    """The actor must hold a role that may grant this one, in a scope that covers it."""
    if actor is None or actor.is_superuser:
        return
    if membership.area_id:
        target_path = membership.area.path
    elif membership.organisation_id:
        target_path = membership.organisation.area.path
    else:
        target_path = membership.user.area.path if membership.user.area_id else None
    for grant in grants_of(actor):
        if membership.role not in GRANTABLE.get(grant.role, ()):
            continue
        if grant.area_path and target_path and target_path.startswith(grant.area_path):
            return
    raise PermissionDenied(
        _("You may not grant the role “%(role)s” in “%(scope)s”.")
        % {"role": membership.get_role_display(), "scope": membership.scope_label}
    )


@transaction.atomic
def create_membership(actor, model, data: dict, reason: str = "", m2m=None) -> Membership:
    membership = Membership(**data)
    membership.full_clean()
    _check_grant(actor, membership)
    return services.create_record(actor, Membership, data, reason)


@transaction.atomic
def update_membership(actor, membership, data: dict, reason: str = "", **kwargs) -> Membership:
    # The membership as it will be: ``data`` names relations by field name ("area"), which must
    # win over the stored ids ("area_id"), so it is applied after them.
    candidate = Membership(
        **{f.attname: getattr(membership, f.attname) for f in Membership._meta.concrete_fields}
    )
    for name, value in data.items():
        setattr(candidate, name, value)
    _check_grant(actor, candidate)
    return services.update_record(actor, membership, data, reason, **kwargs)


@transaction.atomic
def end_membership(actor, membership: Membership, reason: str = "") -> None:
    _check_grant(actor, membership)
    services.delete_record(actor, membership, reason)


@transaction.atomic
def issue_token(actor, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token; returns it with its key (shown once, never stored)."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied(_("People create their own API tokens."))
    days = days or settings.API_TOKEN_DAYS
    if not 1 <= days <= settings.API_TOKEN_DAYS:
        raise ValidationError(
            {
                "days": _("A token lasts between 1 and %(max)d days.")
                % {"max": settings.API_TOKEN_DAYS}
            }
        )
    prefix = secrets.token_hex(4)
    key = f"sg_{prefix}_{secrets.token_urlsafe(32)}"
    token = services.create_record(
        actor,
        ApiToken,
        {
            "user": user,
            "name": name.strip(),
            "prefix": prefix,
            "key_hash": hash_token(key),
            "expires_at": timezone.now() + timedelta(days=days),
        },
        "",
        permission=None,  # people create their own tokens (checked above)
    )
    return token, key


def revoke_token(actor, token: ApiToken, reason: str = "") -> ApiToken:
    if token.revoked_at:
        raise ValidationError(_("This token is already revoked."))
    return services.update_record(actor, token, {"revoked_at": timezone.now()}, reason)


def find_token(key: str) -> ApiToken | None:
    """The token for a presented key (usable or not), or ``None``."""
    parts = key.split("_", 2)  # the secret part may itself contain "_"
    if len(parts) != 3 or parts[0] != "sg":
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.key_hash, hash_token(key)):
        return None
    return token
