"""ORG-3: applications, self-assessment claims, evaluators, scores, grades and appeals
(``grading.models``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.limits import MaxUploadSize
from shegong.core.models import BaseModel
from shegong.core.permissions import OWN, Access, Grant
from shegong.core.roles import Role
from shegong.core.workflow import REVIEWED, SUBJECT, Transition, Workflow

from ..choices import AppealStatus, ApplicationStatus, AssignmentStatus, GradeValue, RecusalKind
from .indicators import KEEPERS, OFFICIALS, GradingCycle, Indicator


@dataclass(frozen=True)
class AssignedAccess(Access):
    """An access policy whose owner grants (every user's own) also reach the rows of the
    applications the user is assigned to evaluate (``assigned``: a user id to the ``Q`` of those
    rows, a subquery, so that a row is never repeated)."""

    assigned: Callable[[int], Q] | None = None

    def grant_q(self, grant: Grant) -> Q | None:
        q = super().grant_q(grant)
        if grant.user_id is None or self.assigned is None:
            return q
        mine = self.assigned(grant.user_id)
        return mine if q is None else q | mine


def assigned_applications(user_id: int):
    """The ids of the applications ``user_id`` is assigned to and still scores."""
    return Assignment.objects.filter(evaluator_id=user_id, status=AssignmentStatus.ACTIVE).values(
        "application_id"
    )


class Application(BaseModel):
    """ORG-3: an organisation's application in a grading cycle, from its self-assessment to
    its published grade. ``total`` is the sum over the indicators of the mean of the scoring
    evaluators' points; ``grade`` follows from the bands in force on ``published_on``
    (``bands_rule``: the parameter row applied)."""

    cycle = models.ForeignKey(
        GradingCycle,
        verbose_name=_("grading cycle"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="grading_applications",
    )
    applied_on = models.DateField(_("applied on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SELF_ASSESSMENT,
        db_index=True,
    )
    submitted_on = models.DateField(_("self-assessment submitted on"), null=True, blank=True)
    committee = models.ForeignKey(
        "governance.Committee",
        verbose_name=_("evaluator body"),
        on_delete=models.PROTECT,
        related_name="grading_applications",
        null=True,
        blank=True,
    )
    total = models.DecimalField(
        _("total points"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField(
        pgettext_lazy("grading", "grade"), max_length=2, choices=GradeValue.choices, blank=True
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    bands_rule = models.ForeignKey(
        "core.PolicyParameter",
        verbose_name=_("score bands applied"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    access = AssignedAccess(
        area="organisation__area__path",
        organisation="organisation",
        assigned=lambda uid: Q(pk__in=assigned_applications(uid)),
        roles={
            "view": OFFICIALS | {Role.ORG_ADMIN, OWN},
            "add": KEEPERS | {Role.ORG_ADMIN},
            "change": KEEPERS | {Role.ORG_ADMIN},
            "decide": KEEPERS,
            "export": OFFICIALS,
        },
    )

    class Meta:
        verbose_name = _("grading application")
        verbose_name_plural = _("grading applications")
        ordering = ["-cycle__year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation"],
                name="one_grading_application_per_cycle",
                violation_error_message=_(
                    "The organisation has already applied in this grading cycle."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.cycle}"


class Claim(BaseModel):
    """ORG-3: the points an organisation claims on one indicator in its self-assessment, with
    its evidence (a text, a file or both)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="claims"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="claims"
    )
    points = models.DecimalField(
        _("points claimed"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to="grading/%Y/",
        blank=True,
        validators=[MaxUploadSize("procurement")],
    )

    access = AssignedAccess(
        area="application__organisation__area__path",
        organisation="application__organisation",
        assigned=lambda uid: Q(application_id__in=assigned_applications(uid)),
        roles={
            "view": OFFICIALS | {Role.ORG_ADMIN, OWN},
            "add": {Role.ORG_ADMIN},
            "change": {Role.ORG_ADMIN},
            "export": OFFICIALS,
        },
    )

    class Meta:
        verbose_name = _("self-assessment claim")
        verbose_name_plural = _("self-assessment claims")
        ordering = ["application", "indicator__group__order", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "indicator"],
                name="one_claim_per_indicator",
                violation_error_message=_("The indicator is already claimed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.points}"

    def clean(self):
        super().clean()
        if (
            self.indicator_id
            and self.points is not None
            and self.points > self.indicator.max_points
        ):
            raise ValidationError(
                {
                    "points": _("At most %(max)d points on %(indicator)s.")
                    % {"max": self.indicator.max_points, "indicator": self.indicator}
                }
            )


class Assignment(BaseModel):
    """ORG-3: an evaluator assigned to an application (a member of the evaluator body, or a
    person named), scoring, or recused: excluded for a tie to the organisation
    (``governance.services.ties``) or a declared recusal, with the reason, kept and shown."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    evaluator = models.ForeignKey(
        "accounts.User",
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="grading_assignments",
    )
    committee = models.ForeignKey(
        "governance.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ACTIVE,
    )
    recusal = models.CharField(_("recusal"), max_length=10, choices=RecusalKind.choices, blank=True)
    recusal_reason = models.CharField(_("reason for the recusal"), max_length=500, blank=True)
    scored_on = models.DateField(_("scores submitted on"), null=True, blank=True)

    access = Access(
        area="application__organisation__area__path",
        organisation="application__organisation",
        owner="evaluator",
        roles={
            "view": OFFICIALS | {Role.ORG_ADMIN, OWN},
            "add": KEEPERS,
            "change": KEEPERS | {OWN},
            "export": OFFICIALS,
        },
    )

    class Meta:
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        ordering = ["application", "status", "evaluator__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"],
                name="one_assignment_per_evaluator",
                violation_error_message=_("This evaluator is already assigned."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} · {self.application}"


class Score(BaseModel):
    """ORG-3: an evaluator's points on one indicator, with a note. Private: the evaluator (while
    they score the application: a recused or excluded evaluator no longer reads even their own,
    ``grant_if`` on ``OWN``, ADR 0055 and 0060) and the city officials running the grading see
    it; the organisation sees only its total."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="scores"
    )
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("evaluator's note"), blank=True)

    access = Access(
        unscoped=True,
        owner="assignment__evaluator",
        roles={"view": KEEPERS | {OWN}, "add": {OWN}, "change": {OWN}, "export": KEEPERS},
        grant_if={OWN: Q(assignment__status=AssignmentStatus.ACTIVE)},
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assignment", "indicator__group__order", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "indicator"],
                name="one_score_per_indicator",
                violation_error_message=_("The indicator is already scored."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.points}"

    def clean(self):
        super().clean()
        if (
            self.indicator_id
            and self.points is not None
            and self.points > self.indicator.max_points
        ):
            raise ValidationError(
                {
                    "points": _("At most %(max)d points on %(indicator)s.")
                    % {"max": self.indicator.max_points, "indicator": self.indicator}
                }
            )


class OrganisationGrade(BaseModel):
    """ORG-3: a published grade, valid from ``published_on`` to ``valid_until``; from
    ``downgraded_on`` it is ``downgraded_to``, from ``revoked_on`` it is no grade, each with
    the reason. The grade in force on a day: ``grading.queries.current_grade``."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="organisation_grades",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="grade_record",
    )
    grade = models.CharField(_("grade awarded"), max_length=2, choices=GradeValue.choices)
    published_on = models.DateField(_("published on"))
    valid_until = models.DateField(_("valid until"))
    downgraded_to = models.CharField(
        _("downgraded to"), max_length=2, choices=GradeValue.choices, blank=True
    )
    downgraded_on = models.DateField(_("downgraded on"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    change_reason = models.CharField(
        _("reason for the downgrade or revocation"), max_length=500, blank=True
    )

    access = Access(
        area="organisation__area__path",
        organisation="organisation",
        roles={
            "view": OFFICIALS | {Role.ORG_ADMIN},
            "change": KEEPERS,
            "decide": KEEPERS,
            "export": OFFICIALS,
        },
    )

    class Meta:
        verbose_name = pgettext_lazy("grading", "grade")
        verbose_name_plural = pgettext_lazy("grading", "grades")
        ordering = ["-published_on", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.shown_grade()}"

    def on(self, day) -> str:
        """The grade held on ``day`` by this record ("" when none)."""
        if day < self.published_on or day > self.valid_until:
            return ""
        if self.revoked_on and day >= self.revoked_on:
            return ""
        if self.downgraded_on and day >= self.downgraded_on:
            return self.downgraded_to
        return self.grade

    def shown_grade(self) -> str:
        if self.revoked_on:
            return _("%(grade)s (revoked)") % {"grade": self.grade}
        if self.downgraded_on:
            return _("%(grade)s (downgraded from %(was)s)") % {
                "grade": self.downgraded_to,
                "was": self.grade,
            }
        return self.grade


class Appeal(BaseModel):
    """ORG-3: an organisation's appeal against its published grade (within
    ``grading.appeal_days`` of publication) and its decision; an upheld appeal may set a
    revised grade."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="appeals"
    )
    lodged_on = models.DateField(_("lodged on"))
    grounds = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.LODGED
    )
    decision = models.TextField(_("decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    revised_grade = models.CharField(
        _("revised grade"), max_length=2, choices=GradeValue.choices, blank=True
    )

    access = Access(
        area="application__organisation__area__path",
        organisation="application__organisation",
        roles={
            "view": OFFICIALS | {Role.ORG_ADMIN},
            "add": {Role.ORG_ADMIN},
            "change": KEEPERS,
            "decide": KEEPERS,
            "export": OFFICIALS,
        },
    )
    #: ORG-3 (issue 15): lodged by the organisation, then upheld (maybe with a revised grade)
    #: or dismissed by the grading officials (``services.decide_appeal``). Separation of
    #: duties (ADR 0030): whoever lodged it, the members of the organisation and the
    #: evaluators whose scores made the disputed grade never decide it.
    workflow = Workflow(
        maker="created_by",
        subject="application__organisation__users",
        reviewed="application__assignments__evaluator",
        field="status",
        initial={AppealStatus.LODGED},
        refusal="status",
        describe=lambda appeal: _("This appeal"),
        messages={
            SUBJECT: _("This appeal is your organisation's, so another official must decide it."),
            REVIEWED: _("You scored the grade under appeal, so another official must decide it."),
        },
        transitions=[
            Transition(
                name,
                {AppealStatus.LODGED},
                target,
                verb=verb,
                permission="decide",
                denied=_("Only the officials running the grading decide an appeal."),
                decision=True,
                reason_required=_("Write the decision and its reasons."),
                reason_field="decision",
            )
            for name, target, verb in (
                ("uphold", AppealStatus.UPHELD, _("upheld")),
                ("dismiss", AppealStatus.DISMISSED, _("dismissed")),
            )
        ],
    )

    class Meta:
        verbose_name = _("grading appeal")
        verbose_name_plural = _("grading appeals")
        ordering = ["-lodged_on", "-id"]

    def __str__(self) -> str:
        return _("Appeal of %(name)s") % {"name": self.application}
