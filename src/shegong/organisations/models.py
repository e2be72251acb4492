"""Organisations: employers of social workers and scopes of organisation administrators.

ORG-1: kind, origin, credit code, registration, district, service fields, status, contacts.
ORG-2: the supervising authority, either a government body (``supervising_body``) or the
social work authority of an area (``supervising_area``), exactly one of them; the rule that
picks it is ``services.supervising_authority_for``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.core.models import ArchivableModel, BaseModel, ReferenceModel
from shegong.core.permissions import Access
from shegong.core.roles import ALL_ROLES, Role

from .choices import OrganisationKind, OrganisationOrigin, OrganisationStatus
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
    origin = models.CharField(
        _("origin"), max_length=20, choices=OrganisationOrigin.choices, blank=True
    )
    registration_authority = models.CharField(
        _("registration authority"), max_length=200, blank=True
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
        db_index=True,
    )
    line_department = models.CharField(
        _("line department"),
        max_length=100,
        blank=True,
        help_text=_(
            "Government bodies only: the line department it is (matched against the service "
            "fields' line departments), e.g. 教育."
        ),
    )
    service_fields = models.ManyToManyField(
        "organisations.ServiceField",
        verbose_name=_("service fields"),
        blank=True,
        related_name="organisations",
    )
    supervising_body = models.ForeignKey(
        "self",
        verbose_name=_("supervising body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_organisations",
        limit_choices_to={"kind": OrganisationKind.GOVERNMENT_BODY},
    )
    supervising_area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("supervising social work authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_organisations",
        help_text=_("The social work authority of this area (city or district) supervises."),
    )
    supervision_set_by_official = models.BooleanField(
        _("supervising authority set by an official"),
        default=False,
        help_text=_(
            "When unticked, the rule picks the supervising authority again on every change."
        ),
    )
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    PRIVATE_FIELDS = ("contact_phone", "contact_email")

    access = Access(
        area="area__path",
        organisation="pk",
        roles={
            "view": ALL_ROLES - {Role.SOCIAL_WORKER, Role.SUPERVISOR},
            "add": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER},
            "change": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.ORG_ADMIN},
            "delete": {Role.CITY_ADMIN},
            "export": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER},
            "view_private": {
                Role.CITY_ADMIN,
                Role.CITY_OFFICER,
                Role.DISTRICT_OFFICER,
                Role.ORG_ADMIN,
            },
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
        if self.status and self.status != OrganisationStatus.ACTIVE:
            self.is_active = False  # a suspended or deregistered organisation is archived
        errors = {}
        if self.line_department and self.kind != OrganisationKind.GOVERNMENT_BODY:
            errors["line_department"] = _("Only a government body has a line department.")
        unsupervised = not (self.supervising_body_id or self.supervising_area_id)
        if not self.supervision_set_by_official and unsupervised and self.area_id:
            # Records created outside the organisation services (imports, fixtures) get the
            # rule's answer from the fields they have.
            from .services import supervising_authority_for

            self.supervising_body, self.supervising_area, _why = supervising_authority_for(self)
        if unsupervised and not self.area_id:
            pass  # the rule needs the area, whose own "required" message says what is missing
        elif bool(self.supervising_body_id) == bool(self.supervising_area_id):
            errors["supervising_body"] = _(
                "Give exactly one supervising authority: a government body or the social work "
                "authority of an area."
            )
        elif self.supervising_body_id:
            body = self.supervising_body
            if body.kind != OrganisationKind.GOVERNMENT_BODY:
                errors["supervising_body"] = _("The supervising body must be a government body.")
            elif self.pk and body.pk == self.pk:
                errors["supervising_body"] = _("An organisation cannot supervise itself.")
        elif self.supervising_area.level not in ("city", "district"):
            errors["supervising_area"] = _(
                "The social work authority is the city's or a district's."
            )
        if errors:
            raise ValidationError(errors)


class ServiceField(ReferenceModel):
    """POST-2: the eleven service fields of clause 7 (服务领域), as reference data.

    ``is_pilot``: the fields the policy pilots first (education, justice, civil affairs and
    the disability federation); ``line_department``: the field department that guides it.
    """

    is_pilot = models.BooleanField(_("pilot field"), default=False)
    line_department = models.CharField(_("line department"), max_length=100, blank=True)
    #: Changes apply from the day of the edit; the past keeps its value (``core.dated``).
    dated_fields = ("is_pilot",)

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
