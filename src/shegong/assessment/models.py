"""The annual assessment (REG-6, 考核评估): yearly cycles per area, assessment forms per post
type with weighted criteria, one assessment per person per cycle with a score sheet from the
employing organisation and one from the served unit, and appeals against the result.

Every rule lives in ``rules.py`` (bands, weights, the excellent cap) and ``services.py`` (the
workflow); models hold data and field validation.

Privacy: scores, comments and appeals are seen by the person (only once the results are
published), their organisation, the district and the city (and auditors in their area, by the
platform-wide auditor rule); nobody else.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shegong.core.models import ArchivableModel, BaseModel
from shegong.core.permissions import OWN, Access, Grant
from shegong.core.roles import ALL_ROLES, OFFICIALS, Role
from shegong.core.workflow import Transition, Workflow

from .choices import AppealStatus, Criterion, CycleStatus, Rating, SheetStatus, Side

#: Who runs cycles, hears appeals and may lift a cap demotion: city and district officers.
OFFICERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER})
#: Who maintains the assessment forms (published rules of the city).
FORM_KEEPERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER})
#: Who sees scores, comments and appeals: the officers, the organisation and the person.
RESULT_READERS = OFFICERS | {Role.ORG_ADMIN, OWN}
#: Who scores: the administrator of the scoring organisation (employer or served unit).
SCORERS = frozenset({Role.ORG_ADMIN})
#: Cycle stages in which the person sees their own result.
RESULT_SHOWN = (CycleStatus.PUBLISHED, CycleStatus.CLOSED)

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
SCORE = {"max_digits": 5, "decimal_places": 2, "validators": PERCENT}


@dataclass(frozen=True)
class ResultAccess(Access):
    """An access policy whose owner grants (the person) reach a row only once ``shown_to_owner``
    holds, e.g. after the results are published; organisation and area grants are unchanged."""

    shown_to_owner: Q | None = None

    def grant_q(self, grant: Grant) -> Q | None:
        q = super().grant_q(grant)
        if (
            q is not None
            and grant.area_path is None
            and grant.organisation_id is None
            and grant.user_id is not None
            and self.shown_to_owner is not None
        ):
            return q & self.shown_to_owner
        return q


#: The labels of the rules a cycle stored when its results were computed (``rules``).
RULE_LABELS = {
    "excellent_from": _("excellent from (score)"),
    "competent_from": _("competent from (score)"),
    "basically_competent_from": _("basically competent from (score)"),
    "employer_weight": _("employer's weight (%)"),
    "served_unit_weight": _("served unit's weight (%)"),
    "excellent_target_percent": _("target share rated excellent (%)"),
    "excellent_cap_percent": _("most rated excellent (%)"),
    "excellent_minimum": _("fewest rated excellent per organisation"),
    "parameter_rows": _("policy parameter rows applied"),
}
RULE_LABELS["parameter_rows.*"] = RULE_LABELS


class AssessmentCycle(BaseModel):
    """REG-6: the assessment of one year in one area (the city, or one district), from draft to
    closed. Who is assessed: everyone employed in a post of an organisation in the area on the
    reference date. ``rules`` keeps the parameter values applied when results were computed."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The city, or one district."),
    )
    reference_date = models.DateField(
        _("reference date"), help_text=_("Who is assessed: the people employed on this day.")
    )
    opens_on = models.DateField(_("scoring opens on"))
    closes_on = models.DateField(_("scoring closes on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CycleStatus.choices,
        default=CycleStatus.DRAFT,
        editable=False,
    )
    results_computed_at = models.DateTimeField(
        _("results computed at"), null=True, blank=True, editable=False
    )
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    rules = models.JSONField(_("rules applied"), default=dict, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    JSON_LABELS = {"rules": RULE_LABELS}  # core.display

    access = Access(
        area="area__path",
        reference=True,  # a cycle's year, dates and status are no secret
        roles={
            "view": ALL_ROLES,
            "add": OFFICERS,
            "change": OFFICERS,
            "export": OFFICERS,
        },
    )
    #: REG-6 (issue 11): the stages of a cycle, one service per transition
    #: (``assessment.services.cycles``); opening and computing write their rows in bulk.
    workflow = Workflow(
        field="status",
        initial={CycleStatus.DRAFT},
        refusal="cycle",
        transitions=[
            Transition(
                "open_scoring",
                {CycleStatus.DRAFT},
                CycleStatus.SCORING_OPEN,
                verb=_("scoring can be opened"),
            ),
            Transition(
                "close_scoring",
                {CycleStatus.SCORING_OPEN},
                CycleStatus.SCORING_CLOSED,
                verb=_("scoring can be closed"),
            ),
            Transition(
                "compute_results", {CycleStatus.SCORING_CLOSED}, verb=_("results can be computed")
            ),
            Transition(
                "publish",
                {CycleStatus.SCORING_CLOSED},
                CycleStatus.PUBLISHED,
                verb=_("results can be published"),
                guards=[lambda cycle: cycle.results_missing()],
            ),
            Transition(
                "close",
                {CycleStatus.PUBLISHED},
                CycleStatus.CLOSED,
                verb=_("a cycle can be closed"),
            ),
        ],
    )

    class Meta:
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")
        ordering = ["-year", "area__path"]
        constraints = [
            models.UniqueConstraint(fields=["year", "area"], name="one_cycle_per_year_and_area")
        ]

    def __str__(self) -> str:
        area = self.area if self.area_id else "?"
        return _("Assessment %(year)s, %(area)s") % {"year": self.year, "area": area}

    def results_missing(self):
        """The refusal of publishing results not computed yet (a guard of ``publish``)."""
        if self.results_computed_at is not None:
            return None
        return ValidationError(
            _("Compute the results before publishing them."), code="not_computed"
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.area_id and self.area.level not in ("city", "district"):
            errors["area"] = _("A cycle covers the city or one district.")
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("Scoring cannot close before it opens.")
        if self.area_id and self.year and "area" not in errors:
            path = self.area.path
            overlapping = (
                AssessmentCycle.objects.filter(year=self.year)
                .exclude(pk=self.pk)
                .select_related("area")
            )
            for other in overlapping:
                if other.area.path.startswith(path) or path.startswith(other.area.path):
                    errors["area"] = _(
                        "The cycle %(other)s already covers people of this area in %(year)s."
                    ) % {"other": other, "year": self.year}
                    break
        if errors:
            raise ValidationError(errors)


class AssessmentForm(BaseModel, ArchivableModel):
    """REG-6: how people in posts of one post type are assessed: the weight of each criterion
    in percent (together exactly 100) and the duty specification the scorers apply. One active
    form per post type; an assessment keeps the weights it was created with."""

    post_type = models.ForeignKey(
        "workforce.PostType",
        verbose_name=_("post type"),
        on_delete=models.PROTECT,
        related_name="assessment_forms",
    )
    name = models.CharField(_("name"), max_length=200)
    guidance = models.TextField(
        _("duty specification"), blank=True, help_text=_("What the scorers assess against.")
    )
    weight_ability = models.DecimalField(_("weight of ability (%)"), **SCORE)
    weight_conduct = models.DecimalField(_("weight of conduct (%)"), **SCORE)
    weight_performance = models.DecimalField(_("weight of performance (%)"), **SCORE)
    weight_moral = models.DecimalField(_("weight of moral character (%)"), **SCORE)
    weight_quality = models.DecimalField(_("weight of professional quality (%)"), **SCORE)
    weight_level = models.DecimalField(_("weight of professional level (%)"), **SCORE)

    access = Access(
        unscoped=True,
        reference=True,  # the forms are published rules
        roles={
            "view": ALL_ROLES,
            "add": FORM_KEEPERS,
            "change": FORM_KEEPERS,
            "export": OFFICIALS,
        },
    )

    class Meta:
        verbose_name = _("assessment form")
        verbose_name_plural = _("assessment forms")
        ordering = ["post_type", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["post_type"],
                condition=Q(is_active=True),
                name="one_active_form_per_post_type",
                violation_error_message=_("This post type already has an active form."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def weights(self) -> dict[str, Decimal]:
        return {c: getattr(self, f"weight_{c}") for c in Criterion.values}

    def clean(self):
        super().clean()
        weights = self.weights()
        if all(w is not None for w in weights.values()):
            total = sum(weights.values(), Decimal("0"))
            if total != Decimal("100"):
                raise ValidationError(
                    _("The weights add up to %(total)s %%; they must add up to exactly 100 %%.")
                    % {"total": total},
                    code="weights",
                )


def _result_access(prefix: str, organisation: str, change) -> ResultAccess:
    return ResultAccess(
        area=f"{prefix}organisation__area__path",
        organisation=organisation,
        owner=f"{prefix}person__user",
        shown_to_owner=Q(**{f"{prefix}cycle__status__in": RESULT_SHOWN}),
        roles={
            "view": RESULT_READERS,
            "add": OFFICERS | SCORERS,
            "change": change,
            "export": OFFICERS | {Role.ORG_ADMIN},
        },
    )


class Assessment(BaseModel):
    """REG-6: one person's assessment in a cycle: the employment it is about, the employing
    organisation and the served unit (whose administrator scores for it), the form's weights,
    each side's score, the combined score, the band it reaches (``computed_rating``) and the
    final ``rating`` (after the excellent cap, an officer's award within the hard cap, or an
    appeal; ``rating_note`` says which)."""

    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    employment = models.ForeignKey(
        "workforce.Employment",
        verbose_name=_("employment"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("employing organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    served_unit = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("served unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation served; its administrator scores for it."),
    )
    form = models.ForeignKey(
        AssessmentForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="+"
    )
    weights = models.JSONField(_("criterion weights"), default=dict, editable=False)
    JSON_LABELS = {"weights": Criterion}  # core.display
    employer_score = models.DecimalField(
        _("employer's score"), null=True, blank=True, editable=False, **SCORE
    )
    served_unit_score = models.DecimalField(
        _("served unit's score"), null=True, blank=True, editable=False, **SCORE
    )
    combined_score = models.DecimalField(
        _("combined score"), null=True, blank=True, editable=False, **SCORE
    )
    computed_rating = models.CharField(
        _("band reached"), max_length=20, choices=Rating.choices, blank=True, editable=False
    )
    rating = models.CharField(
        _("rating"), max_length=20, choices=Rating.choices, blank=True, editable=False
    )
    cap_demoted = models.BooleanField(
        _("limited by the excellent cap"), default=False, editable=False
    )
    rating_note = models.CharField(_("note on the rating"), max_length=500, blank=True)

    access = _result_access("", "organisation", change=OFFICERS)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["cycle", "organisation", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="one_assessment_per_cycle")
        ]

    def __str__(self) -> str:
        return _("%(person)s, %(cycle)s") % {"person": self.person, "cycle": self.cycle}

    def clean(self):
        super().clean()
        if self.served_unit_id and self.served_unit_id == self.organisation_id:
            raise ValidationError(
                {
                    "served_unit": _(
                        "The served unit must be another organisation than the employer."
                    )
                }
            )


class ScoreSheet(BaseModel):
    """REG-6: the scores one side gives (the employing organisation or the served unit), one
    per criterion from 0 to 100; ``total`` is their weighted sum (set when submitted). Scored
    by the administrator of ``scoring_organisation``."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, related_name="sheets"
    )
    side = models.CharField(_("side"), max_length=12, choices=Side.choices, editable=False)
    scoring_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("scoring organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SheetStatus.choices,
        default=SheetStatus.PENDING,
        editable=False,
    )
    score_ability = models.DecimalField(Criterion.ABILITY.label, null=True, blank=True, **SCORE)
    score_conduct = models.DecimalField(Criterion.CONDUCT.label, null=True, blank=True, **SCORE)
    score_performance = models.DecimalField(
        Criterion.PERFORMANCE.label, null=True, blank=True, **SCORE
    )
    score_moral = models.DecimalField(Criterion.MORAL.label, null=True, blank=True, **SCORE)
    score_quality = models.DecimalField(Criterion.QUALITY.label, null=True, blank=True, **SCORE)
    score_level = models.DecimalField(Criterion.LEVEL.label, null=True, blank=True, **SCORE)
    total = models.DecimalField(_("weighted total"), null=True, blank=True, editable=False, **SCORE)
    comment = models.TextField(_("comment"), blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)

    access = _result_access("assessment__", "scoring_organisation", change=SCORERS)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["assessment", "side"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "side"], name="one_sheet_per_side")
        ]

    def __str__(self) -> str:
        return _("%(side)s scores: %(assessment)s") % {
            "side": self.get_side_display(),
            "assessment": self.assessment,
        }

    def scores(self) -> dict[str, Decimal | None]:
        return {c: getattr(self, f"score_{c}") for c in Criterion.values}


class Appeal(BaseModel):
    """REG-6: the person's appeal against their published result, within the appeal window,
    heard by a district or city officer: upheld (with the new rating and, if changed, score)
    or dismissed, with reasons."""

    assessment = models.OneToOneField(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, related_name="appeal"
    )
    lodged_on = models.DateField(_("lodged on"), editable=False)
    grounds = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AppealStatus.choices,
        default=AppealStatus.LODGED,
        editable=False,
    )
    previous_rating = models.CharField(
        _("rating appealed"), max_length=20, choices=Rating.choices, editable=False
    )
    previous_score = models.DecimalField(
        _("score appealed"), null=True, blank=True, editable=False, **SCORE
    )
    new_rating = models.CharField(
        _("new rating"), max_length=20, choices=Rating.choices, blank=True, editable=False
    )
    new_score = models.DecimalField(_("new score"), null=True, blank=True, editable=False, **SCORE)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("heard by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True, editable=False)

    access = Access(
        area="assessment__organisation__area__path",
        organisation="assessment__organisation",
        owner="assessment__person__user",
        roles={
            "view": RESULT_READERS,
            "add": {OWN},
            "change": OFFICERS,
            "export": OFFICERS | {Role.ORG_ADMIN},
        },
    )
    #: Separation of duties (issue 10): the appellant, the person assessed and whoever
    #: submitted a score sheet of the disputed assessment never hear the appeal.
    workflow = Workflow(
        maker="created_by",
        subject="assessment__person__user",
        reviewed="assessment__sheets__submitted_by",
        decisions={"decide_appeal"},
    )

    class Meta:
        verbose_name = _("assessment appeal")
        verbose_name_plural = _("assessment appeals")
        ordering = ["-lodged_on", "-pk"]

    def __str__(self) -> str:
        return _("Appeal: %(assessment)s") % {"assessment": self.assessment}
