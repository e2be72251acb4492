"""The pages of the evaluation (FIN-3): form the panel (the buyer's officer), a member's page
with their recusal and score sheet, finish the evaluation, award, lodge a challenge (a bidder's
administrator) and answer it (the buyer's officer), and the evaluation's part of a
procurement's page. What a user sees is what ``restrict`` gives them (``models.evaluation``:
private to the panel and the buyer district until the award); private values shown in full are
logged as reads, as on a record's page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core import audit
from shegong.core.permissions import can, can_any, restrict
from shegong.core.views import RecordActionView, RecordDetailView
from shegong.organisations.models import Organisation

from .. import rules, services
from ..choices import SCORED_METHODS, ChallengeStatus, MemberStatus, ProcurementStatus
from ..forms import (
    ChallengeAnswerForm,
    ChallengeForm,
    PanelForm,
    ReasonForm,
    RecusalForm,
    ScoreSheetForm,
)
from ..models import (
    Challenge,
    Panel,
    PanelDraw,
    PanelMember,
    Procurement,
    Result,
    Score,
)
from ..services.evaluation import live_bids, score_sheet, scoring_progress
from .bids import _administered

S = ProcurementStatus


def _readable(queryset, user) -> set[int]:
    """The pks of ``queryset`` whose private fields ``user`` may read."""
    return set(restrict(queryset, user, "view_private").values_list("pk", flat=True))


def _log_reads(user, rows, readable: set[int], fields, reason: str) -> None:
    for row in rows:
        if row.pk in readable:
            audit.record_read(user, row, fields, reason)


def procurement_evaluation(procurement: Procurement, user) -> dict:
    """The evaluation's part of a procurement's page: the panel with its draws (seeds) and
    recusals, the scoring progress, the ranking, the award and the challenges, each as far as
    ``user`` may see them; and the acts ``user`` may take now."""
    if procurement.method not in SCORED_METHODS or procurement.status in (S.DRAFT, S.PUBLISHED):
        return {"evaluation": False}
    writer = can(user, "change", procurement)
    panel = restrict(Panel.objects.filter(procurement=procurement), user).first()
    members, draws, progress = [], [], {}
    if panel is not None:
        members = list(
            restrict(PanelMember.objects.filter(panel=panel), user).select_related(
                "replaced_by", "expert"
            )
        )
        draws = list(restrict(PanelDraw.objects.filter(panel=panel), user))
        if writer and procurement.status == S.BIDS_CLOSED:
            progress = scoring_progress(panel)
    reasons = _readable(PanelMember.objects.filter(panel=panel), user) if panel else set()
    recused = [m for m in members if m.status == MemberStatus.RECUSED]
    _log_reads(user, recused, reasons, ["recusal_reason"], _("procurement page"))
    results = list(
        restrict(Result.objects.filter(procurement=procurement), user)
        .select_related("bid__organisation")
        .order_by("rank")
    )
    totals = _readable(Result.objects.filter(procurement=procurement), user)
    _log_reads(user, results, totals, ["quality_score", "price_score", "total"], _("ranking"))
    awards = list(procurement.awards.select_related("supplier").order_by("number"))
    awards = [a for a in awards if can(user, "view", a)] if awards else []
    challenges = list(
        restrict(Challenge.objects.filter(procurement=procurement), user).select_related(
            "organisation"
        )
    )
    current = next((a for a in awards if a.status == "active"), None)
    return {
        "evaluation": True,
        "panel": panel,
        "members": [(m, m.pk in reasons, progress.get(m.pk)) for m in members],
        "recusals": [(m, m.pk in reasons) for m in recused],
        "draws": draws,
        "results": [(r, r.pk in totals) for r in results],
        "awards": awards,
        "current_award": current,
        "challenge_end": rules.challenge_deadline(current.noticed_on) if current else None,
        "contract_end": rules.contract_deadline(current.noticed_on) if current else None,
        "challenges": challenges,
        "evaluation_acts": _acts(procurement, user, writer, panel),
    }


def _acts(procurement, user, writer, panel) -> list[tuple[str, str, str]]:
    found = []
    if writer and procurement.status == S.BIDS_CLOSED:
        if panel is None:
            found.append((_("Form the evaluation panel"), "procurement:panel_form", "success"))
        else:
            found.append((_("Finish the evaluation"), "procurement:evaluate", "success"))
    if writer and procurement.status == S.EVALUATED:
        found.append((_("Award to the top-ranked bid"), "procurement:award_bid", "success"))
    if (
        procurement.status == S.AWARDED
        and procurement.awarded_on
        and timezone.localdate() <= rules.challenge_deadline(procurement.awarded_on)
        and _challengers(procurement, user).exists()
    ):
        found.append((_("Lodge a challenge"), "procurement:challenge", "outline-danger"))
    return found


def _challengers(procurement, user):
    """The bidders of ``procurement`` for whom ``user`` may lodge a challenge: those they
    administer, or every bidder for the buyer's officer (a challenge received on paper)."""
    bidders = live_bids(procurement).values("organisation")
    if can(user, "change", procurement):
        return Organisation.objects.filter(pk__in=bidders)
    return _administered(user).filter(pk__in=bidders)


class FormPanelView(RecordActionView):
    model = Procurement
    form_class = PanelForm
    title = gettext_lazy("Form the evaluation panel")
    submit_label = gettext_lazy("Draw the experts and form the panel")
    success_message = gettext_lazy("Panel formed: %(name)s")

    def notes(self):
        return [
            _(
                "The panel has at least 5 members, an odd number, at least two thirds of them "
                "experts drawn at random from the pool (the service field's experts first). "
                "Experts employed by a bidder or with a declared tie to one are left out."
            ),
            _("The draw's seed is kept, so anyone may check the draw again."),
        ]

    def perform(self, form):
        data = form.cleaned_data
        panel = services.form_panel(
            self.request.user,
            self.object,
            data["size"],
            data["expert_seats"],
            data["representatives"].splitlines(),
            reason=data["reason"],
        )
        return panel.procurement


class EvaluateView(RecordActionView):
    model = Procurement
    form_class = ReasonForm
    title = gettext_lazy("Finish the evaluation")
    submit_label = gettext_lazy("Rank the bids")
    success_message = gettext_lazy("Bids ranked: %(name)s")

    def notes(self):
        return [
            _(
                "Each bid's score is the mean of the members' points plus the price score "
                "(the lowest valid price divided by the bid's price, times the price weight); "
                "equal totals go to the lower price."
            )
        ]

    def perform(self, form):
        return services.evaluate(self.request.user, self.object, reason=form.cleaned_data["reason"])


class AwardBidView(RecordActionView):
    model = Procurement
    form_class = ReasonForm
    title = gettext_lazy("Award to the top-ranked bid")
    submit_label = gettext_lazy("Award and publish the notice")
    success_message = gettext_lazy("Awarded: %(name)s")

    def notes(self):
        top = Result.objects.filter(procurement=self.object, rank=1).select_related(
            "bid__organisation"
        )
        found = [
            _("The award goes to %(org)s, ranked first; the award notice is published today.")
            % {"org": r.bid.organisation}
            for r in top
        ]
        return [
            *found,
            _(
                "Bidders may challenge within 7 working days of the notice; the contract is "
                "signed within 30 days of it."
            ),
        ]

    def perform(self, form):
        made = services.award(self.request.user, self.object, reason=form.cleaned_data["reason"])
        return made.procurement


class ChallengeView(RecordActionView):
    """A bidder's administrator (or the buyer's officer, for one received on paper) lodges a
    challenge of the award."""

    model = Procurement
    action = "view"
    form_class = ChallengeForm
    title = gettext_lazy("Lodge a challenge")
    submit_label = gettext_lazy("Lodge the challenge")
    success_message = gettext_lazy("Challenge lodged: %(name)s")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_any(request.user, "add", Challenge):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisations": _challengers(self.object, self.request.user),
        }

    def notes(self):
        if not self.object.awarded_on:
            return []
        end = rules.challenge_deadline(self.object.awarded_on)
        return [
            _("A bidder may challenge the award until %(end)s (7 working days after the notice).")
            % {"end": end.isoformat()}
        ]

    def perform(self, form):
        data = form.cleaned_data
        return services.lodge_challenge(
            self.request.user, self.object, data["organisation"], data["text"]
        )


class ChallengeDetailView(RecordDetailView):
    template_name = "procurement/challenge_detail.html"
    detail_fields = (
        "procurement",
        "award",
        "organisation",
        "lodged_on",
        "text",
        "answer_due",
        "status",
        "decided_on",
        "decision_reasons",
        "outcome",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx.update(
            can_change=False,
            can_answer=obj.status == ChallengeStatus.PENDING
            and can(self.request.user, "decide", obj),
        )
        return ctx


class AnswerChallengeView(RecordActionView):
    model = Challenge
    action = "decide"
    form_class = ChallengeAnswerForm
    title = gettext_lazy("Answer the challenge")
    submit_label = gettext_lazy("Record the answer")
    success_message = gettext_lazy("Challenge answered: %(name)s")

    def notes(self):
        return [
            _("The answer is due by %(due)s (7 working days after the challenge).")
            % {"due": self.object.answer_due.isoformat()}
        ]

    def perform(self, form):
        data = form.cleaned_data
        return services.decide_challenge(
            self.request.user,
            self.object,
            data["decision"] == "uphold",
            data["reasons"],
            data["outcome"],
        )


class PanelMemberDetailView(RecordDetailView):
    template_name = "procurement/panelmember_detail.html"
    detail_fields = (
        "panel",
        "kind",
        "name",
        "expert",
        "status",
        "recused_on",
        "recusal_reason",
        "replaced_by",
        "draw",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        member, user = self.object, self.request.user
        procurement = member.panel.procurement
        open_ = procurement.status == S.BIDS_CLOSED and member.serving
        scorer = member.user_id == user.pk or can(user, "change", procurement)
        scores = restrict(Score.objects.filter(member=member), user).select_related(
            "bid__organisation", "criterion"
        )
        readable = _readable(Score.objects.filter(member=member), user)
        _log_reads(user, scores, readable, ["points"], _("panel member page"))
        ctx.update(
            can_change=False,
            procurement=procurement,
            scores=[(s, s.pk in readable) for s in scores],
            can_score=open_ and scorer,
            can_recuse=open_ and can(user, "change", member) and not member.scores.exists(),
        )
        return ctx


class RecuseView(RecordActionView):
    model = PanelMember
    form_class = RecusalForm
    title = gettext_lazy("Declare a recusal")
    submit_label = gettext_lazy("Record the recusal")
    success_message = gettext_lazy("Recusal recorded; replaced by %(name)s")

    def notes(self):
        return [
            _(
                "A member tied to a bidder recuses themselves before scoring. The reason is "
                "kept; an expert is replaced by a new random draw."
            )
        ]

    def perform(self, form):
        data = form.cleaned_data
        return services.recuse(
            self.request.user, self.object, data["reason"], replacement=data["replacement"]
        )


class ScoreView(RecordActionView):
    """A member's score sheet: entered by the member, or from their signed sheet by the
    buyer's officer."""

    model = PanelMember
    action = "view"
    form_class = ScoreSheetForm
    title = gettext_lazy("Score the bids")
    submit_label = gettext_lazy("Save the scores")
    success_message = gettext_lazy("Scores saved: %(name)s")

    def get_object(self):
        member = super().get_object()
        user = self.request.user
        if not (member.user_id == user.pk or can(user, "change", member.panel.procurement)):
            raise PermissionDenied
        return member

    def get_form_kwargs(self):
        bids, criteria = score_sheet(self.object.panel.procurement)
        current = {
            (s.bid_id, s.criterion_id): s.points
            for s in restrict(Score.objects.filter(member=self.object), self.request.user)
        }
        return {**super().get_form_kwargs(), "bids": bids, "criteria": criteria, "current": current}

    def notes(self):
        return [
            _(
                "Score each criterion of each valid bid from 0 to its weight. The price is "
                "scored by the formula, not by the panel. Scores are seen by the panel and the "
                "buyer until the award."
            )
        ]

    def perform(self, form):
        services.record_scores(
            self.request.user, self.object, form.points(), reason=form.cleaned_data["reason"]
        )
        return self.object
