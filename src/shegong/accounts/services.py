"""Accounts: every write about users, memberships and API tokens, with its rules.

Rules:
- administrators manage users within their own area; district officers within their district
  (the scope check after each write, ``core.services``);
- a role can be granted only by a holder of a role allowed to grant it (``roles.GRANTABLE``),
  and only inside the granting membership's own area;
- who may change whom (issue 10): a user account (any field, its memberships, a password reset)
  is changed only by someone who could grant every membership the account holds
  (:func:`manageable`, :func:`may_manage`); nobody manages their own account through the
  administrators' pages, and nobody grants themselves a role or widens their own membership;
- nobody sets another user's password: an administrator starts a reset (a one-time link, e-mailed
  or shown once) and the user chooses the password (:func:`start_password_reset`);
- an API token is shown once, stored as a hash, expires after ``API_TOKEN_DAYS`` and can be
  revoked.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core import audit, services
from shegong.core.models import AuditAction
from shegong.core.permissions import grants_of, restrict
from shegong.core.roles import GRANTABLE

from .models import ApiToken, Membership, User, hash_token

#: The message of a refused self-grant (issue 10).
SELF_GRANT_REFUSED = gettext_lazy(
    "Nobody grants themselves a role or changes their own membership: ask another "
    "administrator who may grant this role."
)


# --- Who may change whom (issue 10) -----------------------------------------------------------


def _grantable_memberships(actor) -> Q | None:
    """The memberships ``actor`` could grant (``_check_grant`` as a query); ``None``: every one."""
    if actor is None or actor.is_superuser:
        return None
    q = Q(pk__in=[])
    for grant in grants_of(actor):
        roles = GRANTABLE.get(grant.role)
        if not roles or not grant.area_path:
            continue
        path = grant.area_path
        q |= Q(role__in=roles) & (
            Q(area__path__startswith=path)
            | Q(area__isnull=True, organisation__area__path__startswith=path)
            | Q(area__isnull=True, organisation__isnull=True, user__area__path__startswith=path)
        )
    return q


def manageable(actor, queryset=None):
    """The users ``actor`` may manage, narrowed from ``queryset`` (``User`` rows).

    A user is managed (any field changed, a membership granted, changed or ended, a password
    reset started) only by someone who holds ``change`` on the account (its home area, see
    ``User.access``) and could grant every membership the account holds, in force, ended or
    still to come (``roles.GRANTABLE`` inside the granting membership's area, as
    :func:`_check_grant`). Nobody manages their own account here, and a superuser's account is
    managed by superusers only. ``actor=None`` is the system. A queryset, so that lists can show
    edit buttons with the same rule as the services."""
    queryset = User.objects.all() if queryset is None else queryset
    if actor is None:
        return queryset
    queryset = restrict(queryset, actor, "change")
    if actor.is_superuser:
        return queryset
    grantable = Membership.objects.filter(_grantable_memberships(actor)).values("pk")
    not_grantable = Membership.objects.exclude(pk__in=grantable).values("user_id")
    return queryset.exclude(pk=actor.pk).exclude(is_superuser=True).exclude(pk__in=not_grantable)


def may_manage(actor, target: User) -> bool:
    """Whether ``actor`` may change ``target``'s account (see :func:`manageable`)."""
    return manageable(actor, User.objects.filter(pk=target.pk)).exists()


def ensure_may_manage(actor, target: User) -> None:
    """Refuse, saying why, when ``actor`` may not manage ``target`` (a 403 in the API)."""
    if may_manage(actor, target):
        return
    if actor is not None and actor.pk == target.pk:
        raise PermissionDenied(
            _(
                "You may not change your own account here: change your details and password "
                "under “My account”; your roles are changed by another administrator."
            )
        )
    services.ensure_allowed(actor, "change", target)
    if target.is_superuser:
        raise PermissionDenied(
            _("Only a superuser may change the account of “%(user)s”.") % {"user": target}
        )
    for membership in target.memberships.select_related("area", "organisation__area", "user"):
        if _grant_refusal(actor, membership):
            raise PermissionDenied(
                _(
                    "You may not change the account of “%(user)s”: it holds the role "
                    "“%(role)s” in “%(scope)s”, which you may not grant."
                )
                % {
                    "user": target,
                    "role": membership.get_role_display(),
                    "scope": membership.scope_label,
                }
            )
    raise PermissionDenied(  # pragma: no cover - every refusal above names its reason
        _("You may not %(action)s this record.") % {"action": services.ACTION_NAMES["change"]()}
    )


# --- Users ------------------------------------------------------------------------------------


@transaction.atomic
def create_user(actor, data: dict, password: str | None, reason: str = "") -> User:
    """A new account. Only the system (``actor=None``: demo data, commands) gives it a
    password; an administrator creates it without one and starts a password reset, so that
    nobody but the person knows it (issue 10)."""
    if password and actor is not None:
        raise ValidationError({"password": PASSWORD_BY_ADMIN_REFUSED})
    if password:
        try:
            validate_password(password, User(**data))
        except ValidationError as exc:  # shown next to the password field, not atop the form
            raise ValidationError({"password": exc.messages}) from exc
    # ``make_password(None)`` is an unusable password (an account that signs in otherwise).
    return services.create_record(
        actor, User, {**data, "password": make_password(password or None)}, reason
    )


PASSWORD_BY_ADMIN_REFUSED = gettext_lazy(
    "Nobody sets another person's password: save the account without it and start a "
    "password reset, which lets the person choose their own."
)


def create_user_from_form(actor, model, data: dict, reason: str = "", m2m=None) -> User:
    return create_user(actor, data, None, reason)


@transaction.atomic
def update_user(actor, user: User, data: dict, reason: str = "", **kwargs) -> User:
    """Change an account: only someone who may manage it, before and after the change."""
    if "password" in data:
        raise ValidationError({"password": PASSWORD_BY_ADMIN_REFUSED})
    ensure_may_manage(actor, user)
    updated = services.update_record(actor, user, data, reason, **kwargs)
    ensure_may_manage(actor, updated)  # e.g. not moved to where it holds roles beyond the actor
    return updated


@transaction.atomic
def delete_user(actor, user: User, reason: str = "") -> None:
    ensure_may_manage(actor, user)
    services.delete_record(actor, user, reason)


@transaction.atomic
def set_password(actor, user: User, password: str, reason: str = "") -> User:
    """A person's new password, chosen by that person (or set by the system)."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied(PASSWORD_BY_ADMIN_REFUSED)
    validate_password(password, user)
    # Only the person (or the system) gets here: written without a "change" check.
    return services.update_record(
        actor, user, {"password": make_password(password)}, reason, permission=None
    )


@dataclass(frozen=True)
class ResetStarted:
    """A started password reset: ``link`` is set only when it was not e-mailed (show it once)."""

    email: str
    link: str | None


def reset_path(user: User) -> str:
    """The one-time link's path: Django's token, which hashes the password and the last sign-in
    (so it works once) and expires after ``PASSWORD_RESET_TIMEOUT``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", args=[uid, token])


@transaction.atomic
def start_password_reset(actor, user: User, reason: str = "", *, absolute=lambda p: p):
    """An administrator who may manage ``user`` starts a reset: a one-time link to a page where
    the person chooses a password, e-mailed when the account has an address, else returned to
    be shown once. ``absolute(path)`` makes the link absolute (``request.build_absolute_uri``).
    Audited without the link."""
    ensure_may_manage(actor, user)
    if not user.is_active:
        raise ValidationError(
            _("This account is switched off: switch it on before resetting its password.")
        )
    link = absolute(reset_path(user))
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    before = audit.snapshot(user)
    after = {**before, "password_reset": "e-mailed" if user.email else "link shown"}
    audit.record_change(
        actor, AuditAction.UPDATE, user, before, after, reason or _("Password reset started")
    )
    if not user.email:
        return ResetStarted(email="", link=link)
    body = _(
        "Hello %(name)s,\n\nAn administrator of the social work platform has started a "
        "password reset for your account “%(username)s”. Open this link to choose a new "
        "password (it works once, for %(hours)d hours):\n\n%(link)s\n\nIf you did not "
        "expect this message, tell your administrator."
    ) % {"name": user, "username": user.username, "hours": hours, "link": link}
    try:
        send_mail(_("Choose your password"), body, None, [user.email])
    except OSError as exc:  # SMTP errors are OSErrors; nothing is recorded then
        raise ValidationError(
            _("The link could not be e-mailed to %(email)s (%(error)s). Try again later.")
            % {"email": user.email, "error": exc}
        ) from exc
    return ResetStarted(email=user.email, link=None)


def complete_password_reset(user: User, password: str) -> User:
    """The person, through a valid reset link, sets their password (which ends the link)."""
    return set_password(user, user, password, _("Password chosen through a reset link"))


#: What people may change on their own account (not its scope: area, organisation, status).
OWN_CONTACT_FIELDS = ("last_name", "first_name", "email", "phone")


@transaction.atomic
def update_own_contact(
    actor, data: dict, reason: str = "", expected_version=None, current_password=None
) -> User:
    """A signed-in person corrects their own name, e-mail and phone. A new e-mail address
    needs the current password (reset links go there)."""
    unknown = set(data) - set(OWN_CONTACT_FIELDS)
    if unknown:
        raise PermissionDenied(
            _("You may change only your name, e-mail and phone here: not %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    user = User.objects.get(pk=actor.pk)
    email_changes = "email" in data and data["email"] != user.email
    if email_changes and not (current_password and user.check_password(current_password)):
        raise ValidationError(
            {"current_password": _("Enter your current password to change your e-mail address.")}
        )
    return services.update_record(actor, user, data, reason, expected_version, permission=None)


# --- Memberships ------------------------------------------------------------------------------


def _grant_refusal(actor, membership: Membership) -> bool:
    """Whether ``actor`` may not grant ``membership`` (role and scope)."""
    if actor is None or actor.is_superuser:
        return False
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
            return False
    return True


def _check_grant(actor, membership: Membership) -> None:
    """The actor must hold a role that may grant this one, in a scope that covers it."""
    if _grant_refusal(actor, membership):
        raise PermissionDenied(
            _("You may not grant the role “%(role)s” in “%(scope)s”.")
            % {"role": membership.get_role_display(), "scope": membership.scope_label}
        )


def _refuse_self_grant(actor, membership: Membership) -> None:
    """Nobody grants themselves a role or changes their own membership (issue 10)."""
    if actor is not None and not actor.is_superuser and membership.user_id == actor.pk:
        raise PermissionDenied(SELF_GRANT_REFUSED)


def _check_member(actor, membership: Membership) -> None:
    """Another person's membership is granted, changed or ended only by someone who may manage
    that person (:func:`may_manage`); ending one's own is allowed, by the grant rule."""
    if actor is None or actor.is_superuser or membership.user_id == actor.pk:
        return
    ensure_may_manage(actor, membership.user)


def ensure_may_change_membership(actor, membership: Membership, *, ending: bool = False) -> None:
    """Refuse, saying why, a change (or, with ``ending``, the end) of ``membership`` that the
    services would refuse: for the edit and delete pages and their buttons."""
    if not ending:
        _refuse_self_grant(actor, membership)
    _check_grant(actor, membership)
    _check_member(actor, membership)


def may_change_membership(actor, membership: Membership, *, ending: bool = False) -> bool:
    try:
        ensure_may_change_membership(actor, membership, ending=ending)
    except PermissionDenied:
        return False
    return True


@transaction.atomic
def create_membership(actor, model, data: dict, reason: str = "", m2m=None) -> Membership:
    membership = Membership(**data)
    membership.full_clean()
    _refuse_self_grant(actor, membership)
    _check_grant(actor, membership)
    _check_member(actor, membership)
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
    _refuse_self_grant(actor, membership)
    _refuse_self_grant(actor, candidate)
    _check_grant(actor, candidate)
    _check_member(actor, membership)
    _check_member(actor, candidate)
    return services.update_record(actor, membership, data, reason, **kwargs)


@transaction.atomic
def end_membership(actor, membership: Membership, reason: str = "") -> None:
    ensure_may_change_membership(actor, membership, ending=True)
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
    if actor is not None and actor.pk != token.user_id:
        ensure_may_manage(actor, token.user)  # someone else's token: who may change whom
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
