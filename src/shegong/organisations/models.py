"""Organisations: employers of social workers and scopes of organisation administrators.

This is the base record the platform needs for scoped roles (issue 2); the organisations
module (ORG-1, ORG-2) adds origins, supervising authorities and the rest.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.core.models import ArchivableModel, BaseModel, ReferenceModel
from shegong.core.permissions import Access
from shegong.core.roles import ALL_ROLES, Role

from .choices import OrganisationKind
from .validators import validate_credit_code


class Organisation(BaseModel, ArchivableModel):
    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    access = Access(
        area="area__path",
        organisation="pk",
        roles={
            "view": ALL_ROLES - {Role.SOCIAL_WORKER, Role.SUPERVISOR},
            "add": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER},
            "change": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.ORG_ADMIN},
            "delete": {Role.CITY_ADMIN},
            "export": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER},
        },
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()


class ServiceField(ReferenceModel):
    """POST-2: the eleven service fields of clause 7 (服务领域), as reference data.

    ``is_pilot``: the fields the policy pilots first (education, justice, civil affairs and
    the disability federation); ``line_department``: the field department that guides it.
    """

    is_pilot = models.BooleanField(_("pilot field"), default=False)
    line_department = models.CharField(_("line department"), max_length=100, blank=True)

    access = Access(
        unscoped=True,
        reference=True,
        roles={
            "view": ALL_ROLES,
            "add": {Role.CITY_ADMIN},
            "change": {Role.CITY_ADMIN},
            "export": {Role.CITY_ADMIN, Role.CITY_OFFICER},
        },
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("service field")
        verbose_name_plural = _("service fields")
