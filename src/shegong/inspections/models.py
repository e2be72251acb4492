"""ORG-5: supervision of organisations. An inspection (planned or on a complaint, by two
assigned inspectors) records findings; a finding or a complaint opens a case of violation,
which is investigated and decided; a decision imposes sanctions (a bar from tenders also
writes a ``procurement.TenderBar``); an appeal upheld lifts them. Associations record their
own disciplinary measures on their members. Every write: ``inspections.services``; the rules
of being in force and overdue: ``inspections.rules``."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.models import BaseModel
from shegong.core.permissions import OWN, Access
from shegong.core.roles import Role
from shegong.core.workflow import MAKER, REVIEWED, SUBJECT, Transition, Workflow
from shegong.organisations.choices import OrganisationKind

from .choices import (
    AppealOutcome,
    CaseStatus,
    InspectionOrigin,
    InspectionStatus,
    MemberMeasure,
    SanctionKind,
    ViolationKind,
)

#: ORG-5: the social work authority's officers who oversee organisations in their area (the
#: authority of the district and the city): they plan inspections, open cases and decide.
AUTHORITIES = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER}


def _inspection_access(prefix: str, *, organisation: bool, add=None) -> Access:
    """ORG-5: authority officers in the organisation's area see and write; the two inspectors see
    only the inspections they are assigned to (and write their findings); the organisation's
    administrator reads its own findings when ``organisation``."""
    return Access(
        area=f"{prefix}organisation__area__path",
        organisation=f"{prefix}organisation" if organisation else None,
        owner=(f"{prefix}lead_inspector", f"{prefix}second_inspector"),
        roles={
            "view": AUTHORITIES | {OWN} | ({Role.ORG_ADMIN} if organisation else set()),
            "add": add or AUTHORITIES,
            "change": add or AUTHORITIES,
            "export": AUTHORITIES,
            "view_private": AUTHORITIES,
        },
    )


class Inspection(BaseModel):
    """ORG-5: an inspection of an organisation on a date, of a scope, by two inspectors,
    planned or on a complaint (the complainant's identity is private)."""

    PRIVATE_FIELDS = ("complainant",)

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    origin = models.CharField(_("origin"), max_length=12, choices=InspectionOrigin.choices)
    complaint = models.TextField(_("complaint"), blank=True)
    complainant = models.CharField(_("complainant"), max_length=100, blank=True)
    scheduled_on = models.DateField(_("date of inspection"))
    scope = models.TextField(_("scope of the inspection"))
    lead_inspector = models.ForeignKey(
        "accounts.User",
        verbose_name=_("lead inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    second_inspector = models.ForeignKey(
        "accounts.User",
        verbose_name=_("second inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
        editable=False,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    summary = models.TextField(_("summary"), blank=True, editable=False)

    access = _inspection_access("", organisation=False)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-scheduled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.scheduled_on:%Y-%m-%d}"

    def clean(self):
        super().clean()
        if self.lead_inspector_id and self.lead_inspector_id == self.second_inspector_id:
            raise ValidationError(
                {"second_inspector": _("An inspection has two different inspectors.")}
            )
        if self.origin == InspectionOrigin.COMPLAINT and not self.complaint.strip():
            raise ValidationError({"complaint": _("Describe the complaint that led to it.")})


class Finding(BaseModel):
    """ORG-5: what an inspection found; a finding of a violation may open a case."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="inspection_findings",
        editable=False,
    )
    text = models.TextField(_("finding"))
    is_violation = models.BooleanField(_("suspected violation"), default=False)

    access = _inspection_access("inspection__", organisation=True, add=AUTHORITIES | {OWN})

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


def _case_access(prefix: str, *, organisation: bool, add=None) -> Access:
    """ORG-5: authority officers in the organisation's area; its administrator reads its own
    decisions, sanctions and appeals, never another organisation's, never a complainant."""
    return Access(
        area=f"{prefix}organisation__area__path",
        organisation=f"{prefix}organisation" if organisation else None,
        roles={
            "view": AUTHORITIES | ({Role.ORG_ADMIN} if organisation else set()),
            "add": add or AUTHORITIES,
            "change": AUTHORITIES,
            "export": AUTHORITIES,
            "view_private": AUTHORITIES,
        },
    )


class Case(BaseModel):
    """ORG-5: a case of violation, opened from a finding or a complaint, investigated and
    decided."""

    PRIVATE_FIELDS = ("complainant",)

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="violation_cases",
    )
    kind = models.CharField(_("kind of violation"), max_length=20, choices=ViolationKind.choices)
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    complaint = models.TextField(_("complaint"), blank=True)
    complainant = models.CharField(_("complainant"), max_length=100, blank=True)
    opened_on = models.DateField(_("opened on"))
    facts = models.TextField(_("facts"))
    investigation = models.TextField(_("investigation"), blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=CaseStatus.choices,
        default=CaseStatus.INVESTIGATING,
        editable=False,
    )
    closed_reason = models.TextField(_("reason for closing"), blank=True, editable=False)

    access = _case_access("", organisation=False)
    #: ORG-5 (issue 15): investigated (notes added), then decided (``services.decide`` writes
    #: the ``Decision``) or closed without a sanction. Separation of duties (ADR 0030; the
    #: separation of investigation and decision of the Administrative Penalty Law): the
    #: official who opened the case never decides it.
    workflow = Workflow(
        maker="created_by",
        field="status",
        initial={CaseStatus.INVESTIGATING},
        refusal="status",
        describe=lambda case: _("This case"),
        messages={MAKER: _("You opened this case, so another official must decide it.")},
        transitions=[
            Transition(
                "record_investigation",
                {CaseStatus.INVESTIGATING},
                verb=_("investigated"),
            ),
            Transition(
                "decide",
                {CaseStatus.INVESTIGATING},
                CaseStatus.DECIDED,
                verb=_("decided"),
                decision=True,
            ),
            Transition(
                "close",
                {CaseStatus.INVESTIGATING},
                CaseStatus.CLOSED,
                verb=_("closed"),
                reason_required=_("Give the reason for closing the case."),
            ),
        ],
    )

    class Meta:
        verbose_name = _("case of violation")
        verbose_name_plural = _("cases of violation")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_kind_display()}"

    def clean(self):
        super().clean()
        if not self.finding_id and not self.complaint.strip():
            raise ValidationError(
                {"finding": _("A case is opened from a finding or from a complaint.")}
            )
        if (
            self.finding_id
            and self.organisation_id
            and (self.finding.organisation_id != self.organisation_id)
        ):
            raise ValidationError({"finding": _("The finding is about another organisation.")})


class Decision(BaseModel):
    """ORG-5: the decision on a case, with its number, date and grounds; its sanctions."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="decision"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="sanction_decisions",
        editable=False,
    )
    number = models.CharField(_("decision number"), max_length=50, unique=True)
    decided_on = models.DateField(_("decided on"))
    grounds = models.TextField(_("grounds of the decision"))

    access = _case_access("", organisation=True)
    #: ORG-5 (issue 15): written only by the ``decide`` transition of ``Case.workflow``, whose
    #: separation of duties keeps the official who opened the case from making it; who made it
    #: (``created_by``) never hears an appeal against it (``Appeal.workflow``). It has no
    #: states of its own (``field``: its number, which has no choices).
    workflow = Workflow(maker="case__created_by", field="number")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.number


class Sanction(BaseModel):
    """ORG-5: one sanction of a decision. In force from ``starts``: a rectification order
    until it is rectified (overdue after its ``deadline``); the others until ``ends``
    inclusive; none after it is lifted (``rules.in_force``)."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="sanctions"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="sanctions",
        editable=False,
    )
    kind = models.CharField(_("kind of sanction"), max_length=20, choices=SanctionKind.choices)
    starts = models.DateField(_("in force from"))
    ends = models.DateField(_("in force until (inclusive)"), null=True, blank=True)
    deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    buyer = models.ForeignKey(
        "areas.Area",
        verbose_name=_("buyer district"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_(
            "Bar from tenders only. Empty: every buyer in the deciding authority's area "
            "(the city's for a city decision, the district's for a district's)."
        ),
    )
    authority = models.CharField(
        _("registration authority"),
        max_length=200,
        blank=True,
        help_text=_("Deregistration recommended only: the authority it is sent to."),
    )
    requirement = models.TextField(_("what is required"), blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True, editable=False)
    evidence = models.TextField(_("evidence of rectification"), blank=True, editable=False)
    bar = models.OneToOneField(
        "procurement.TenderBar",
        verbose_name=_("bar from tenders"),
        on_delete=models.PROTECT,
        related_name="sanction",
        null=True,
        blank=True,
        editable=False,
    )
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True, editable=False)
    lifted_reason = models.TextField(_("reason for lifting"), blank=True, editable=False)

    access = _case_access("", organisation=True)

    class Meta:
        verbose_name = pgettext_lazy("organisation", "sanction")
        verbose_name_plural = pgettext_lazy("organisation", "sanctions")
        ordering = ["-starts", "-pk"]
        indexes = [models.Index(fields=["kind", "starts"], name="sanction_kind_starts")]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_kind_display()}"

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == SanctionKind.RECTIFICATION:
            if not self.deadline:
                errors["deadline"] = _("A rectification order has a deadline.")
            elif self.starts and self.deadline < self.starts:
                errors["deadline"] = _("The deadline is on or after the order's start.")
            if not self.requirement.strip():
                errors["requirement"] = _("Say what the organisation must put right.")
        else:
            if not self.ends:
                errors["ends"] = _("Give the last day the sanction is in force.")
            elif self.starts and self.ends < self.starts:
                errors["ends"] = _("A sanction ends on or after the day it starts.")
            if self.deadline:
                errors["deadline"] = _("Only a rectification order has a deadline.")
        if self.buyer_id and self.kind != SanctionKind.TENDER_BAR:
            errors["buyer"] = _("Only a bar from tenders names a buyer district.")
        if self.kind == SanctionKind.DEREGISTRATION and not self.authority.strip():
            errors["authority"] = _("Name the registration authority the recommendation goes to.")
        if errors:
            raise ValidationError(errors)


class Appeal(BaseModel):
    """ORG-5: an appeal against a decision; upheld, it lifts the decision's sanctions."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="appeals"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="sanction_appeals",
        editable=False,
    )
    lodged_on = models.DateField(_("lodged on"))
    grounds = models.TextField(_("grounds of appeal"))
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=AppealOutcome.choices,
        default=AppealOutcome.PENDING,
        editable=False,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    outcome_reason = models.TextField(_("reasons of the outcome"), blank=True, editable=False)

    #: ORG-5: the organisation's administrator lodges its own appeal; authority officers decide it.
    access = _case_access("", organisation=True, add=AUTHORITIES | {Role.ORG_ADMIN})
    #: ORG-5 (issue 15): pending, then upheld (the sanctions lifted) or dismissed by an
    #: authority officer (``services.decide_appeal``). Separation of duties (ADR 0030): who
    #: lodged it and the official who made the decision under appeal never decide it.
    workflow = Workflow(
        maker="created_by",
        reviewed="decision__created_by",
        field="outcome",
        initial={AppealOutcome.PENDING},
        refusal="status",
        describe=lambda appeal: pgettext_lazy("inspections", "This appeal"),
        messages={
            REVIEWED: _("You made the decision under appeal; another official decides the appeal."),
        },
        transitions=[
            Transition(
                name,
                {AppealOutcome.PENDING},
                target,
                verb=verb,
                decision=True,
                reason_required=_("Give the reasons of the outcome."),
            )
            for name, target, verb in (
                ("uphold", AppealOutcome.UPHELD, _("upheld")),
                ("dismiss", AppealOutcome.DISMISSED, _("dismissed")),
            )
        ],
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-lodged_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision} · {self.lodged_on:%Y-%m-%d}"


class Discipline(BaseModel):
    """ORG-5 (self-regulation): a disciplinary measure an association takes on one of its
    members (an organisation or a social worker), seen by the association and officials."""

    association = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="disciplinary_measures",
    )
    member_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    member_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("member social worker"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    measure = models.CharField(_("measure"), max_length=12, choices=MemberMeasure.choices)
    decided_on = models.DateField(_("decided on"))
    grounds = models.TextField(_("grounds of the measure"))

    access = Access(
        area="association__area__path",
        organisation="association",
        roles={
            "view": AUTHORITIES | {Role.FIELD_OFFICER, Role.ORG_ADMIN},
            "add": {Role.ORG_ADMIN},
            "change": {Role.ORG_ADMIN},
            "export": AUTHORITIES | {Role.ORG_ADMIN},
        },
    )
    #: ORG-5 (issue 15): recorded once, as decided by the association (no states; ``field``:
    #: the measure). Separation of duties (ADR 0030): the member social worker, and the people
    #: of the member organisation, never record a measure on themselves
    #: (``services.record_discipline`` asks :meth:`Workflow.conflict` before it is written).
    workflow = Workflow(
        maker=(),
        subject=("member_person__user", "member_organisation__users"),
        field="measure",
        decisions={"record"},
        messages={
            SUBJECT: _(
                "This measure is about you or your organisation, so someone else of the "
                "association must record it."
            )
        },
    )

    class Meta:
        verbose_name = _("disciplinary measure")
        verbose_name_plural = _("disciplinary measures")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        member = self.member_organisation or self.member_person
        return f"{self.association} · {member} · {self.get_measure_display()}"

    def clean(self):
        super().clean()
        if self.association_id and self.association.kind != OrganisationKind.ASSOCIATION:
            raise ValidationError(
                {"association": _("Only an association records disciplinary measures.")}
            )
        if bool(self.member_organisation_id) == bool(self.member_person_id):
            raise ValidationError(
                {"member_organisation": _("Name one member: an organisation or a social worker.")}
            )
        if self.member_organisation_id and self.member_organisation_id == self.association_id:
            raise ValidationError(
                {"member_organisation": _("An association does not discipline itself.")}
            )
