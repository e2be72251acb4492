"""Users, their memberships (role + scope) and their API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.core.models import BaseModel
from shegong.core.permissions import OWN, Access, Grant, RestrictedQuerySet
from shegong.core.roles import ROLE_SCOPE, USER_MANAGERS, Role, ScopeKind


class UserManager(DjangoUserManager.from_queryset(RestrictedQuerySet)):
    """Django's user manager, with ``restrict`` on its querysets."""


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("home area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("The area whose administrators manage this account."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    PRIVATE_FIELDS = ("phone",)
    AUDITED = True

    objects = UserManager()
    access = Access(
        area="area__path",
        organisation="organisation",
        owner="pk",
        roles={
            "view": USER_MANAGERS | {Role.CITY_OFFICER, Role.ORG_ADMIN, OWN},
            "add": USER_MANAGERS,
            # People change their own password and tokens, not their account's scope.
            "change": USER_MANAGERS,
            "delete": {Role.CITY_ADMIN},
            "export": USER_MANAGERS,
            "view_private": USER_MANAGERS | {OWN},
        },
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names are family name first, with no space.
        return f"{self.last_name}{self.first_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    def get_grants(self) -> list[Grant]:
        """The user's memberships in force today, as permission grants."""
        grants = []
        for m in self.memberships.in_force().select_related("area"):
            if m.area_id:
                grants.append(Grant(m.role, area_path=m.area.path))
            elif m.organisation_id:
                grants.append(Grant(m.role, organisation_id=m.organisation_id))
            else:
                grants.append(Grant(m.role, user_id=self.pk))
        return grants


class MembershipQuerySet(RestrictedQuerySet):
    def in_force(self, day=None):
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Membership(BaseModel):
    """One role held by one user in one scope, from a date (and until a date)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    access = Access(
        area="user__area__path",
        owner="user",
        roles={
            "view": USER_MANAGERS | {OWN},
            "add": USER_MANAGERS,
            "change": USER_MANAGERS,
            "delete": USER_MANAGERS,
            "export": USER_MANAGERS,
        },
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.area_id:
            return str(self.area)
        if self.organisation_id:
            return str(self.organisation)
        return str(_("own records"))

    def clean(self):
        super().clean()
        kind = ROLE_SCOPE.get(self.role)
        errors = {}
        if kind == ScopeKind.AREA:
            if not self.area_id:
                errors["area"] = _("This role is held in an area: choose one.")
            if self.organisation_id:
                errors["organisation"] = _("This role is held in an area, not an organisation.")
        elif kind == ScopeKind.ORGANISATION:
            if not self.organisation_id:
                errors["organisation"] = _("This role is held in an organisation: choose one.")
            if self.area_id:
                errors["area"] = _("This role is held in an organisation, not an area.")
        elif kind == ScopeKind.SELF and (self.area_id or self.organisation_id):
            errors["area"] = _(
                "This role covers the person's own records only: leave the scope empty."
            )
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(BaseModel):
    """A personal API token. Only its hash is stored; it expires and can be revoked."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    access = Access(
        area="user__area__path",
        owner="user",
        roles={
            "view": USER_MANAGERS | {OWN},
            "add": {OWN},
            "change": USER_MANAGERS | {OWN},
        },
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
