"""Contract monitoring and evaluation visits (FIN-5, policy clause 17: 评估探访制度).

- :class:`QualityStandard`: the service quality standards, a list that is data (sixteen by
  default, seeded with their source), versioned by edition and the dates it applies.
- :class:`SelfAssessment` / :class:`SelfAssessmentItem`: the supplier's yearly assessment of a
  contract against each standard in force (met / partly met / not met, with evidence).
- :class:`StatisticsReturn`: the supplier's return on the contract's outputs for a period,
  due a number of days after it (late: flagged).
- :class:`Complaint`: a complaint about a contract's service, received by the buyer (a risk).
- :class:`VisitDraw` / :class:`DrawEntry`: the year's visit sample, drawn at random weighted by
  risk; the seed and every contract's weight are kept (officials only).
- :class:`Visit`: an evaluation visit, announced or unannounced, planned and recorded.
- :class:`Evaluation` / :class:`EvaluatorAssignment`: the mid-term and final evaluations, their
  evaluators (users) with recusal, scores and the rating.

Every write and rule: ``oversight.services``; the numbers: ``oversight.rules``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.core.models import BaseModel, ReferenceModel
from shegong.core.permissions import OWN, Access
from shegong.core.roles import ALL_ROLES, Role

from .choices import (
    AssessmentStatus,
    EvaluationStatus,
    Rating,
    Stage,
    StandardResult,
    VisitKind,
    VisitStatus,
)

#: FIN-5: the officials who oversee purchased services: the buyer district and the city.
OVERSEERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER})
#: Who reads the monitoring of a contract: the overseers and field departments.
READERS = OVERSEERS | {Role.FIELD_OFFICER}
#: The supplier's administrator, who files self-assessments and returns.
SUPPLIER = frozenset({Role.ORG_ADMIN})


def _contract_access(prefix: str = "contract__", *, supplier_writes=False, **extra) -> Access:
    """FIN-5: the buyer district (and the city) reach a contract's monitoring; the supplier its
    own contracts' records; nobody else."""
    writers = OVERSEERS | (SUPPLIER if supplier_writes else frozenset())
    roles = {
        "view": READERS | SUPPLIER,
        "add": writers,
        "change": writers,
        "export": READERS | SUPPLIER,
    }
    roles.update(extra.pop("roles", {}))
    return Access(
        area=f"{prefix}buyer__path", organisation=f"{prefix}supplier", roles=roles, **extra
    )


class QualityStandard(ReferenceModel):
    """FIN-5: a service quality standard a contract is assessed against. Versioned: an edition
    applies from ``valid_from`` until ``valid_until`` (empty: still); an assessment keeps the
    rows it used, so a new edition leaves past assessments as they were."""

    description = models.TextField(_("description"), blank=True)
    edition = models.CharField(_("edition"), max_length=20)
    valid_from = models.DateField(_("applies from"))
    valid_until = models.DateField(_("applies until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)

    access = Access(
        reference=True,
        unscoped=True,
        roles={
            "view": ALL_ROLES,
            "add": {Role.CITY_ADMIN, Role.CITY_OFFICER},
            "change": {Role.CITY_ADMIN, Role.CITY_OFFICER},
            "export": READERS,
        },
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("service quality standard")
        verbose_name_plural = _("service quality standards")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end is before the start.")})


class SelfAssessment(BaseModel):
    """FIN-5: the supplier's assessment of one contract for one year against the standards in
    force when it was opened; submitted once every standard has a result."""

    contract = models.ForeignKey(
        "procurement.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        editable=False,
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    summary = models.TextField(_("summary"), blank=True)

    access = _contract_access(supplier_writes=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-year", "contract"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year"],
                name="self_assessment_once_a_year",
                violation_error_message=_("The contract already has a self-assessment this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.year}"


class SelfAssessmentItem(BaseModel):
    """FIN-5: one standard of a self-assessment: met, partly met or not met, with evidence."""

    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("self-assessment"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    standard = models.ForeignKey(
        QualityStandard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(
        _("result"), max_length=20, choices=StandardResult.choices, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True)

    access = _contract_access("assessment__contract__", supplier_writes=True)

    class Meta:
        verbose_name = _("self-assessment item")
        verbose_name_plural = _("self-assessment items")
        ordering = ["assessment", "standard__sort_order", "standard__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "standard"], name="item_standard_once")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.standard.code}"


class StatisticsReturn(BaseModel):
    """FIN-5: the supplier's figures on the contract's outputs for one period, due
    ``oversight.return_due_days`` after it; submitted after the due date (or not at all by
    then) it is late (``rules.return_is_late``)."""

    contract = models.ForeignKey(
        "procurement.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="statistics_returns",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    due_on = models.DateField(_("due on"), editable=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    people_served = models.PositiveIntegerField(_("people served"), null=True, blank=True)
    activities = models.PositiveIntegerField(_("activities held"), null=True, blank=True)
    service_hours = models.DecimalField(
        _("service hours"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    access = _contract_access(supplier_writes=True)

    class Meta:
        verbose_name = _("statistics return")
        verbose_name_plural = _("statistics returns")
        ordering = ["contract", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "period_start"], name="return_period_once")
        ]
        indexes = [models.Index(fields=["due_on", "submitted_on"], name="return_due")]

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"


class Complaint(BaseModel):
    """FIN-5: a complaint about the service of a contract, received by the buyer (a risk in the
    visit draw). The complainant's words are private to the officials."""

    contract = models.ForeignKey(
        "procurement.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    received_on = models.DateField(_("received on"))
    summary = models.TextField(_("summary"))

    access = _contract_access(roles={"view": READERS, "export": READERS})

    class Meta:
        verbose_name = _("service complaint")
        verbose_name_plural = _("service complaints")
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.received_on}"


class VisitDraw(BaseModel):
    """FIN-5: the year's visit sample of an area (a district, or the city: every district
    drawn separately), at random weighted by risk. The seed, the share in force and each
    contract's weight are kept: drawing again with the seed gives the same sample. Officials
    only: suppliers never see weights."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_on = models.DateField(_("drawn on"))
    seed = models.CharField(_("seed"), max_length=64)
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    rule = models.CharField(_("rule applied"), max_length=300)
    running = models.PositiveIntegerField(_("contracts running"))
    drawn = models.PositiveIntegerField(_("contracts drawn"))

    #: A draw or two per area and year: a select on the visit form (``forms.VisitForm``), whose
    #: choices the form widens to the city's draws that chose a contract of the district.
    SMALL_TABLE = True

    access = Access(
        area="area__path",
        roles={"view": READERS, "add": OVERSEERS, "change": OVERSEERS, "export": READERS},
    )

    class Meta:
        verbose_name = _("visit draw")
        verbose_name_plural = _("visit draws")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return f"{self.area} {self.year} · {self.seed}"


class DrawEntry(BaseModel):
    """FIN-5: one running contract of a draw, its risk weight and why, and whether it was drawn."""

    draw = models.ForeignKey(
        VisitDraw, verbose_name=_("visit draw"), on_delete=models.CASCADE, related_name="entries"
    )
    contract = models.ForeignKey(
        "procurement.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        "areas.Area", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.PositiveIntegerField(_("risk weight"))
    risks = models.CharField(_("risks"), max_length=300, blank=True)
    chosen = models.BooleanField(_("drawn"), default=False)

    access = Access(
        area="district__path",  # a district officer reads the entries of their district
        roles={"view": READERS, "export": READERS},
    )

    class Meta:
        verbose_name = _("draw entry")
        verbose_name_plural = _("draw entries")
        ordering = ["draw", "-chosen", "-weight", "contract"]

    def __str__(self) -> str:
        return f"{self.draw} · {self.contract_id}"


class Visit(BaseModel):
    """FIN-5 (评估探访): an evaluation visit to a contract's service, announced or unannounced,
    planned and then recorded (date, evaluators, findings) by its lead evaluator or an official.
    The supplier sees an announced visit when it is planned and an unannounced one once it is
    recorded (``disclosed_to``); the notes are private to the lead evaluator and the
    officials."""

    contract = models.ForeignKey(
        "procurement.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    draw = models.ForeignKey(
        VisitDraw,
        verbose_name=_("visit draw"),
        on_delete=models.PROTECT,
        related_name="visits",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    planned_on = models.DateField(_("planned for"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VisitStatus.choices,
        default=VisitStatus.PLANNED,
        editable=False,
    )
    lead_evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead evaluator"),
        on_delete=models.PROTECT,
        related_name="oversight_visits_led",
    )
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("other evaluators"),
        blank=True,
        related_name="oversight_visits",
    )
    findings = models.TextField(_("findings"), blank=True, editable=False)
    notes = models.TextField(_("evaluators' notes"), blank=True, editable=False)
    disclosed_to = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("shown to the supplier"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    PRIVATE_FIELDS = ("notes",)
    PRIVATE_TEXT_FIELDS = ("notes",)
    access = Access(
        area="contract__buyer__path",
        organisation="disclosed_to",
        owner="lead_evaluator",
        roles={
            "view": READERS | SUPPLIER | {OWN},
            "add": OVERSEERS,
            "change": OVERSEERS | {OWN},
            "export": READERS,
            "view_private": OVERSEERS | {OWN},
        },
    )

    class Meta:
        verbose_name = _("evaluation visit")
        verbose_name_plural = _("evaluation visits")
        ordering = ["-planned_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.planned_on}"


class Evaluation(BaseModel):
    """FIN-5: a mid-term or final evaluation of a contract by evaluators (users named one by
    one, or the members of a coordinating committee of GOV-2 as the evaluator body; a declared
    or found tie to the supplier recuses one). The score is the mean of the evaluators' scores;
    the rating follows from the bands in force on the day (``rules.rating_for``). The final
    one is held at least ``oversight.final_evaluation_months_before_end`` before the end. An
    evaluator reaches it through their :class:`EvaluatorAssignment`; the supplier sees its
    score and rating, never the evaluators' own scores or notes."""

    contract = models.ForeignKey(
        "procurement.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    held_on = models.DateField(_("held on"))
    committee = models.ForeignKey(
        "governance.Committee",
        verbose_name=_("evaluator body"),
        on_delete=models.PROTECT,
        related_name="oversight_evaluations",
        null=True,
        blank=True,
        help_text=_(
            "A coordinating committee: its active members evaluate, except those tied to the "
            "supplier (recorded as recused)."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.PLANNED,
        editable=False,
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    rating = models.CharField(
        _("rating"), max_length=30, choices=Rating.choices, blank=True, editable=False
    )
    rated_on = models.DateField(_("rated on"), null=True, blank=True, editable=False)
    rule = models.CharField(_("rule applied"), max_length=500, blank=True, editable=False)
    conclusion = models.TextField(_("conclusion"), blank=True, editable=False)

    access = _contract_access(roles={"add": OVERSEERS, "change": OVERSEERS})

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "stage"],
                name="evaluation_stage_once",
                violation_error_message=_("The contract already has an evaluation of this stage."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.get_stage_display()}"


class EvaluatorAssignment(BaseModel):
    """FIN-5: one evaluator of an evaluation, their score (0-100) and private notes, or their
    recusal with its reason (kept; a recused evaluator's score does not count). Seen by the
    evaluator and the officials; the supplier sees only the evaluation's score and rating."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="oversight_assignments",
    )
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    notes = models.TextField(_("evaluator's notes"), blank=True, editable=False)
    recused = models.BooleanField(_("recused"), default=False, editable=False)
    recusal_reason = models.TextField(_("reason for recusal"), blank=True, editable=False)

    PRIVATE_FIELDS = ("notes",)
    PRIVATE_TEXT_FIELDS = ("notes",)
    access = Access(
        area="evaluation__contract__buyer__path",
        owner="evaluator",
        roles={
            "view": READERS | {OWN},
            "add": OVERSEERS,
            "change": OVERSEERS | {OWN},
            "export": READERS,
            "view_private": OVERSEERS | {OWN},
        },
    )

    class Meta:
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        ordering = ["evaluation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "evaluator"], name="evaluator_once_per_evaluation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.evaluator}"
