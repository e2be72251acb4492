"""Governance (GOV-2): the coordinating committees of the field departments.

- :class:`Committee`: a field department's (a government body's) committee for one or more
  service fields, with the organisations and social workers it helps assess; it can be named
  the evaluator body of a grading (``grading``) and of evaluations.
- :class:`CommitteeMember`: a user on a committee, as chair or member.
- :class:`DeclaredTie`: a tie a person declares with an organisation (a board seat, former
  employment, another interest): one of the reasons they are kept off its evaluations
  (``governance.services.ties``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.core.models import ArchivableModel, BaseModel
from shegong.core.permissions import OWN, Access
from shegong.core.roles import Role
from shegong.organisations.choices import OrganisationKind

from .choices import MemberRole, TieKind

#: GOV-2: the city officials keep the committees.
KEEPERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER})
#: Officials who see the committees of their area.
READERS = KEEPERS | {Role.DISTRICT_OFFICER, Role.FIELD_OFFICER}


class Committee(BaseModel, ArchivableModel):
    """GOV-2: a field department's coordinating committee."""

    name = models.CharField(_("name"), max_length=200)
    department = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("field department"),
        on_delete=models.PROTECT,
        related_name="committees",
        limit_choices_to={"kind": OrganisationKind.GOVERNMENT_BODY},
    )
    service_fields = models.ManyToManyField(
        "organisations.ServiceField",
        verbose_name=_("service fields"),
        related_name="committees",
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations it helps assess"),
        related_name="assessing_committees",
        blank=True,
    )
    social_workers = models.ManyToManyField(
        "people.Person",
        verbose_name=_("social workers it helps assess"),
        related_name="assessing_committees",
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)

    #: A few committees per department: a select, not a search-as-you-type field.
    SMALL_TABLE = True

    access = Access(
        area="department__area__path",
        roles={"view": READERS, "add": KEEPERS, "change": KEEPERS, "export": READERS},
    )

    class Meta:
        verbose_name = _("coordinating committee")
        verbose_name_plural = _("coordinating committees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        """GOV-2: a committee belongs to a field department, i.e. a government body."""
        super().clean()
        if self.department_id and self.department.kind != OrganisationKind.GOVERNMENT_BODY:
            raise ValidationError(
                {"department": _("A coordinating committee belongs to a government body.")}
            )


class CommitteeMember(BaseModel):
    """GOV-2: a user on a committee (chair or member); members see their own seats."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    role = models.CharField(
        _("role on the committee"),
        max_length=10,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
    )
    is_active = models.BooleanField(_("active"), default=True)

    access = Access(
        area="committee__department__area__path",
        owner="user",
        roles={
            "view": READERS | {OWN},
            "add": KEEPERS,
            "change": KEEPERS,
            "delete": KEEPERS,
            "export": READERS,
        },
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user"],
                name="one_seat_per_user_and_committee",
                violation_error_message=_("This person already sits on the committee."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class DeclaredTie(BaseModel):
    """GOV-2, ORG-3: a tie a person declares with an organisation; it excludes them from
    evaluating it (``governance.services.ties``)."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="declared_ties",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="declared_ties",
    )
    kind = models.CharField(_("kind of tie"), max_length=20, choices=TieKind.choices)
    declared_on = models.DateField(_("declared on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=300, blank=True)

    access = Access(
        area="organisation__area__path",
        owner="user",
        roles={
            "view": READERS | {OWN},
            "add": KEEPERS | {OWN},
            "change": KEEPERS,
            "delete": KEEPERS,
            "export": READERS,
        },
    )

    class Meta:
        verbose_name = _("declared tie")
        verbose_name_plural = _("declared ties")
        ordering = ["-declared_on", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_kind_display()})"
