"""The grading pages (ORG-3): generic lists and forms for the indicators and cycles; an
application's page (its self-assessment, its evaluators with their recusals, the total and
grade, appeals) and the pages of each step: apply, self-assess, submit, assign, recuse, score,
publish, appeal, decide an appeal, downgrade and revoke. Every write goes through
``grading.services``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from shegong.accounts.models import User
from shegong.core.permissions import can, restrict
from shegong.core.roles import Role
from shegong.core.views import RecordActionView, RecordDetailView
from shegong.governance.models import Committee
from shegong.organisations.models import Organisation

from . import services
from .choices import ApplicationStatus, AssignmentStatus
from .forms import (
    AppealForm,
    ApplyForm,
    AssignForm,
    ClaimsForm,
    DecideAppealForm,
    DowngradeForm,
    ReasonForm,
    RequiredReasonForm,
    ScoresForm,
)
from .models import Appeal, Application, Assignment, Claim, GradingCycle, OrganisationGrade, Score

S = ApplicationStatus


def administered(user):
    """The organisations ``user`` administers (and may apply for)."""
    ids = [
        g.organisation_id
        for g in user.get_grants()
        if g.role == Role.ORG_ADMIN and g.organisation_id is not None
    ]
    return Organisation.objects.filter(pk__in=ids)


def may_apply(user, cycle) -> bool:
    return administered(user).exists()


def my_assignment(user, application):
    return Assignment.objects.filter(application=application, evaluator_id=user.pk).first()


class IndicatorSystemDetailView(RecordDetailView):
    """ORG-3: a system's groups and indicators with their points, and the check of the total."""

    template_name = "grading/indicatorsystem_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        system = self.object
        groups = system.groups.prefetch_related("indicators").order_by("order", "code")
        ctx["groups"] = [
            (g, list(g.indicators.all()), sum(i.max_points for i in g.indicators.all()))
            for g in groups
        ]
        ctx["points"] = sum(total for _g, _i, total in ctx["groups"])
        ctx["balanced"] = ctx["points"] == system.total
        ctx["in_use"] = system.in_use()
        return ctx


class ApplicationDetailView(RecordDetailView):
    """ORG-3: an application as its reader may see it (``grading.models``: who sees what)."""

    template_name = "grading/application_detail.html"
    detail_fields = (
        "organisation",
        "cycle",
        "applied_on",
        "status",
        "submitted_on",
        "committee",
        "total",
        "grade",
        "published_on",
        "bands_rule",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        app, user = self.object, self.request.user
        claims = Claim.objects.filter(application=app).select_related("indicator__group")
        ctx["claims"] = restrict(claims, user, "view")
        assignments = Assignment.objects.filter(application=app).select_related(
            "evaluator", "committee"
        )
        ctx["assignments"] = restrict(assignments, user, "view")
        mine = my_assignment(user, app)
        ctx["mine"] = mine
        if mine is not None:
            ctx["my_scores"] = Score.objects.filter(assignment=mine).select_related("indicator")
        ctx["appeals"] = restrict(Appeal.objects.filter(application=app), user, "view")
        grade = OrganisationGrade.objects.filter(application=app).first()
        ctx["grade"] = grade if grade is not None and can(user, "view", grade) else None
        if grade is not None:
            ctx["appeal_deadline"] = services.appeal_deadline(grade)
        ctx["next_step"] = self.next_step(app, user, mine)
        return ctx

    def next_step(self, app, user, mine) -> str:
        is_admin = administered(user).filter(pk=app.organisation_id).exists()
        if app.status == S.SELF_ASSESSMENT and is_admin:
            return _("Next: claim points on every indicator with your evidence, then submit.")
        if app.status == S.SUBMITTED and can(user, "decide", app):
            return _("Next: assign the evaluators (a committee or named persons).")
        scoring = mine is not None and mine.status == AssignmentStatus.ACTIVE
        if app.status == S.EVALUATION and scoring and not mine.scored_on:
            return _("Next: score each indicator and submit your scores.")
        if app.status == S.EVALUATION and can(user, "decide", app):
            return _("Next: publish the grade once every evaluator has submitted their scores.")
        if app.status == S.PUBLISHED and is_admin:
            return _("The grade is published. You may appeal within the appeal period.")
        return ""


class ApplyView(RecordActionView):
    model = GradingCycle
    action = "view"
    form_class = ApplyForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Apply for grading")
    submit_label = gettext_lazy("Apply")
    success_message = gettext_lazy("Application made: %(name)s")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not administered(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisations": administered(self.request.user)}

    def notes(self):
        cycle = self.object
        return [
            _(
                "Applications from %(opens)s to %(closes)s. An organisation may apply after two "
                "full years registered and when it holds no grade still in force."
            )
            % {"opens": cycle.opens_on, "closes": cycle.closes_on}
        ]

    def perform(self, form):
        data = form.cleaned_data
        return services.apply(
            self.request.user, self.object, data["organisation"], reason=data["reason"]
        )


class SelfAssessView(RecordActionView):
    model = Application
    form_class = ClaimsForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Self-assessment")
    submit_label = gettext_lazy("Save the self-assessment")
    success_message = gettext_lazy("Self-assessment saved: %(name)s")

    def get_form_kwargs(self):
        app = self.object
        claims = {c.indicator_id: (c.points, c.evidence) for c in app.claims.all()}
        return {
            **super().get_form_kwargs(),
            "indicators": services.indicators_of(app),
            "initial_rows": claims,
        }

    def notes(self):
        return [_("Claim the points you believe you meet on each indicator, with the evidence.")]

    def perform(self, form):
        services.save_claims(self.request.user, self.object, form.rows())
        return self.object


class SubmitView(RecordActionView):
    model = Application
    form_class = ReasonForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Submit the self-assessment")
    submit_label = gettext_lazy("Submit")
    success_message = gettext_lazy("Self-assessment submitted: %(name)s")

    def notes(self):
        return [_("Once submitted, the self-assessment can no longer change.")]

    def perform(self, form):
        return services.submit(self.request.user, self.object, reason=form.cleaned_data["reason"])


class AssignView(RecordActionView):
    model = Application
    action = "decide"
    form_class = AssignForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Assign evaluators")
    submit_label = gettext_lazy("Assign")
    success_message = gettext_lazy("Evaluators assigned: %(name)s")

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "committees": restrict(Committee.objects.filter(is_active=True), user, "view"),
            "users": User.objects.filter(is_active=True),
        }

    def notes(self):
        return [
            _(
                "Anyone tied to the organisation (employed by it, its administrator, on its "
                "board, or a declared tie) is kept off the scoring, as a recusal with the reason."
            )
        ]

    def perform(self, form):
        data = form.cleaned_data
        services.assign(
            self.request.user,
            self.object,
            committee=data["committee"],
            evaluators=list(data["evaluators"]),
            reason=data["reason"],
        )
        return self.object


class RecuseView(RecordActionView):
    model = Assignment
    form_class = RequiredReasonForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Declare a recusal")
    submit_label = gettext_lazy("Stand aside")
    success_message = gettext_lazy("Recusal recorded: %(name)s")

    def perform(self, form):
        """ORG-3: back to the application when the user still sees it (an official recording
        the recusal); an evaluator who stood aside no longer does (``Application.access``), so
        to the assignment's page, which shows the recusal and its reason (not a 404)."""
        done = services.recuse(self.request.user, self.object, form.cleaned_data["reason"])
        application = Application.objects.filter(pk=done.application_id)
        if restrict(application, self.request.user, "view").exists():
            return done.application
        return done


class ScoreView(RecordActionView):
    model = Assignment
    form_class = ScoresForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Score the application")
    submit_label = gettext_lazy("Save the scores")
    success_message = gettext_lazy("Scores saved: %(name)s")

    def get_object(self):
        obj = super().get_object()
        if obj.evaluator_id != self.request.user.pk:
            raise PermissionDenied
        return obj

    def get_form_kwargs(self):
        assignment = self.object
        rows = {s.indicator_id: (s.points, s.note) for s in assignment.scores.all()}
        claimed = {c.indicator_id: c.points for c in assignment.application.claims.all()}
        return {
            **super().get_form_kwargs(),
            "indicators": services.indicators_of(assignment.application),
            "initial_rows": rows,
            "claimed": claimed,
        }

    def notes(self):
        return [
            _(
                "Score each indicator from 0 to its maximum. Your scores and notes are seen "
                "only by you and the city's grading officials; the organisation sees its total."
            )
        ]

    def perform(self, form):
        services.score(
            self.request.user,
            self.object,
            form.rows(),
            final=form.cleaned_data.get("final", False),
        )
        return self.object.application


class PublishView(RecordActionView):
    model = Application
    action = "decide"
    form_class = ReasonForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Publish the grade")
    submit_label = gettext_lazy("Publish")
    success_message = gettext_lazy("Grade published: %(name)s")

    def notes(self):
        total = services.total_of(self.object)
        return [
            _("Total so far: %(total)s points. The grade follows from the bands in force today.")
            % {"total": total}
        ]

    def perform(self, form):
        services.publish(self.request.user, self.object, reason=form.cleaned_data["reason"])
        return self.object


class AppealView(RecordActionView):
    model = Application
    action = "view"
    form_class = AppealForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Appeal the grade")
    submit_label = gettext_lazy("Lodge the appeal")
    success_message = gettext_lazy("Appeal lodged: %(name)s")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_appeal(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        services.lodge_appeal(self.request.user, self.object, form.cleaned_data["grounds"])
        return self.object


def can_appeal(user, application) -> bool:
    return (
        application.status == S.PUBLISHED
        and administered(user).filter(pk=application.organisation_id).exists()
    )


class DecideAppealView(RecordActionView):
    model = Appeal
    action = "decide"
    #: Separation of duties (``Appeal.workflow``): both outcomes have the same parties.
    transition = "uphold"
    form_class = DecideAppealForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Decide the appeal")
    submit_label = gettext_lazy("Record the decision")
    success_message = gettext_lazy("Decision recorded: %(name)s")

    def perform(self, form):
        data = form.cleaned_data
        services.decide_appeal(
            self.request.user,
            self.object,
            data["outcome"],
            data["decision"],
            revised_grade=data["revised_grade"],
        )
        return self.object


class DowngradeView(RecordActionView):
    model = OrganisationGrade
    action = "decide"
    form_class = DowngradeForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Downgrade")
    submit_label = gettext_lazy("Downgrade")
    success_message = gettext_lazy("Grade lowered: %(name)s")

    def perform(self, form):
        data = form.cleaned_data
        return services.downgrade(self.request.user, self.object, data["to"], data["reason"])


class RevokeView(RecordActionView):
    model = OrganisationGrade
    action = "decide"
    form_class = RequiredReasonForm
    template_name = "grading/action_form.html"
    title = gettext_lazy("Revoke the grade")
    submit_label = gettext_lazy("Revoke")
    success_message = gettext_lazy("Grade revoked: %(name)s")

    def perform(self, form):
        return services.revoke(self.request.user, self.object, form.cleaned_data["reason"])


def grade_note(request, organisation) -> list[tuple[str, object]]:
    """The organisation page's line (``organisations.notes``): the grade held today."""
    held = services.current_grade(organisation, timezone.localdate())
    if held is None:
        return [(pgettext("grading", "grade"), _("no grade in force"))]
    return [
        (
            pgettext("grading", "grade"),
            _("%(grade)s (valid until %(until)s)")
            % {"grade": held.grade, "until": held.valid_until},
        )
    ]
