"""The social work register (REG-1 to REG-5): examinations, certificates, registration,
conduct cases. Rules live in ``registry/services/``; models hold data and field validation."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.models import BaseModel, actor_field
from shegong.core.permissions import OWN, Access
from shegong.core.roles import OFFICIALS, Role
from shegong.core.workflow import Transition, Workflow

from .choices import (
    AppealOutcome,
    ApplicationKind,
    ApplicationStatus,
    CaseSource,
    CaseStage,
    CertificateStatus,
    Level,
    RecallStatus,
    RegistrationStatus,
    Sanction,
)

#: The register's officials: the city authority (and agencies it delegates, holding the
#: city officer role in a district) and the personnel authority that issues certificates.
REGISTRARS = {Role.CITY_ADMIN, Role.CITY_OFFICER}
ISSUERS = {Role.CITY_ADMIN, Role.CERTIFICATE_ISSUER}
READERS = OFFICIALS | {Role.ORG_ADMIN, OWN}
REGISTRARS_ONLY = _(
    "Only the registering authority may decide this application: the city "
    "authority, or a city officer it has delegated for the person's district."
)


def person_access(add=(), change=(), delete=(), view_private=(), decide=()) -> Access:
    """Records about a person are scoped like the person: district, organisation, self."""
    return Access(
        area="person__area__path",
        organisation="person__organisation",
        owner="person__user",
        roles={
            "view": READERS,
            "add": set(add),
            "change": set(change),
            "delete": set(delete),
            "export": OFFICIALS,
            "view_private": set(view_private) | REGISTRARS | ISSUERS | {OWN},
            "decide": set(decide),
        },
    )


class ExamSession(BaseModel):
    """REG-2: one national examination sitting per level per year."""

    SMALL_TABLE = True  #: a few rows a year: its choice fields stay selects (ADR 0044)

    year = models.PositiveSmallIntegerField(_("exam year"))
    level = models.CharField(
        pgettext_lazy("qualification", "level"), max_length=20, choices=Level.choices
    )
    exam_date = models.DateField(_("exam date"), null=True, blank=True)

    access = Access(
        unscoped=True,
        reference=True,
        roles={"view": OFFICIALS, "add": ISSUERS, "change": ISSUERS, "export": OFFICIALS},
    )

    class Meta:
        verbose_name = _("examination session")
        verbose_name_plural = _("examination sessions")
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["year", "level"], name="one_session_per_level_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_level_display()}"


class ExamResult(BaseModel):
    """REG-2: a person's result at one session (imported from the examination authority).

    Indexes (issue 13: each costs every row an import writes): unique (session, person) finds
    a session's results (leading column) and the import's existing results; ``person_id``'s a
    person's results (their page, certificates, renewal rules); ``import_batch``'s one import's
    rows (the results filter, equality). None on ``session_id`` alone (covered), the actors or
    LIKE on the batch: no query reads them."""

    session = models.ForeignKey(
        ExamSession, models.PROTECT, "results", verbose_name=_("session"), db_index=False
    )
    person = models.ForeignKey(
        "people.Person", models.PROTECT, "exam_results", verbose_name=_("person")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"))
    import_batch = models.CharField(_("import batch"), max_length=64, blank=True)
    created_by = actor_field(_("created by"), db_index=False)
    updated_by = actor_field(_("updated by"), db_index=False)

    access = person_access(add=ISSUERS, change=ISSUERS)

    class Meta:
        verbose_name = _("examination result")
        verbose_name_plural = _("examination results")
        ordering = ["-session__year", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_result_per_session")
        ]
        indexes = [models.Index(fields=["import_batch"], name="registry_examresult_batch")]

    def __str__(self) -> str:
        return f"{self.person} · {self.session}"


class Certificate(BaseModel):
    """REG-2: a professional-level certificate (职业水平证书), issued for a pass; REG-4: it
    can be recalled (收回)."""

    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    level = models.CharField(
        pgettext_lazy("qualification", "level"), max_length=20, choices=Level.choices
    )
    exam_result = models.OneToOneField(
        ExamResult,
        verbose_name=_("examination result"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    issue_date = models.DateField(_("issue date"))
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    recalled_on = models.DateField(_("recalled on"), null=True, blank=True)
    recall_reason = models.TextField(_("reason for recall"), blank=True)
    signature = models.TextField(_("signature"), blank=True, editable=False)
    #: The whole signed QR payload as issued (``registry.signing``): printed on every PDF.
    payload = models.TextField(_("signed payload"), blank=True, editable=False)

    access = person_access(add=ISSUERS, change=ISSUERS)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issue_date", "number"]

    def __str__(self) -> str:
        return self.number


class CodeOfConduct(BaseModel):
    """REG-4: a version of the code of conduct (社工守则) that applicants accept."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    effective_from = models.DateField(_("effective from"))

    access = Access(
        unscoped=True,
        reference=True,
        roles={"view": OFFICIALS, "add": REGISTRARS, "change": REGISTRARS},
        public=Q(pk__isnull=False),
    )

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("codes of conduct")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class Registration(BaseModel):
    """REG-3: a register entry: number, status, validity, history (audit trail)."""

    register_number = models.CharField(_("register number"), max_length=20, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    level = models.CharField(
        pgettext_lazy("qualification", "level"), max_length=20, choices=Level.choices
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    rule = models.ForeignKey(
        "core.PolicyParameter",
        verbose_name=_("period rule applied"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    access = Access(
        area="person__area__path",
        organisation="person__organisation",
        owner="person__user",
        public=Q(pk__isnull=False),
        roles={
            "view": READERS,
            "change": REGISTRARS,
            "export": OFFICIALS,
            "view_private": REGISTRARS | {OWN},
        },
    )
    #: REG-3/REG-4 (issue 11): registered by the approval of an application
    #: (``registrations.approve``); the daily jobs expire and lift in bulk.
    workflow = Workflow(
        field="status",
        initial={RegistrationStatus.REGISTERED},
        refusal="status",
        describe=lambda registration: _("Registration %(number)s") % {"number": registration},
        transitions=[
            Transition(
                "suspend",
                {RegistrationStatus.REGISTERED},
                RegistrationStatus.SUSPENDED,
                verb=_("suspended"),
                reason_required=_("Give the reason for the suspension."),
            ),
            Transition("change_suspension_end", {RegistrationStatus.SUSPENDED}, verb=_("changed")),
            Transition(
                "reinstate",
                {RegistrationStatus.SUSPENDED},
                RegistrationStatus.REGISTERED,
                verb=_("reinstated"),
            ),
            Transition(
                "cancel",
                {
                    RegistrationStatus.REGISTERED,
                    RegistrationStatus.SUSPENDED,
                    RegistrationStatus.EXPIRED,
                },
                RegistrationStatus.CANCELLED,
                verb=_("cancelled"),
                reason_required=_("Give the reason for the cancellation."),
            ),
            Transition(
                "expire",
                {RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED},
                RegistrationStatus.EXPIRED,
                system=True,
            ),
            Transition(
                "lift_suspension",
                {RegistrationStatus.SUSPENDED},
                RegistrationStatus.REGISTERED,
                system=True,
            ),
            Transition(
                "register_again",
                {RegistrationStatus.EXPIRED},
                RegistrationStatus.REGISTERED,
                verb=_("registered"),
            ),
        ],
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["register_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(status="cancelled"),
                name="one_live_registration_per_person",
            )
        ]

    def __str__(self) -> str:
        return self.register_number


class RegistrationApplication(BaseModel):
    """REG-3/REG-4: an application to register (or renew), with the code of conduct accepted."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="registration_applications",
    )
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ApplicationKind.choices, default=ApplicationKind.FIRST
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("applying organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registration_applications",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    code_of_conduct = models.ForeignKey(
        CodeOfConduct,
        verbose_name=_("code of conduct accepted"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    conduct_accepted_at = models.DateTimeField(_("code of conduct accepted at"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)

    access = person_access(
        add=REGISTRARS | {OWN, Role.ORG_ADMIN},
        change=REGISTRARS | {OWN, Role.ORG_ADMIN},
        decide=REGISTRARS,
    )
    #: REG-3 (issue 11). Separation of duties (issue 10): whoever filed the application (the
    #: person, their organisation's administrator, a registrar) and the person applying never
    #: decide it. Deciding is the registrars' in scope (``decide``).
    workflow = Workflow(
        maker="created_by",
        subject="person__user",
        field="status",
        initial={ApplicationStatus.SUBMITTED},
        refusal="status",
        describe=lambda application: _("This application"),
        transitions=[
            Transition(
                "approve",
                {ApplicationStatus.SUBMITTED},
                ApplicationStatus.APPROVED,
                verb=_("approved"),
                permission="decide",
                denied=REGISTRARS_ONLY,
                decision=True,
            ),
            Transition(
                "refuse",
                {ApplicationStatus.SUBMITTED},
                ApplicationStatus.REFUSED,
                verb=_("refused"),
                permission="decide",
                denied=REGISTRARS_ONLY,
                decision=True,
                reason_required=_("Give the reasons for the refusal."),
                reason_field="reasons",
            ),
            Transition(
                "withdraw",
                {ApplicationStatus.SUBMITTED},
                ApplicationStatus.WITHDRAWN,
                verb=_("withdrawn"),
            ),
        ],
    )

    class Meta:
        verbose_name = _("registration application")
        verbose_name_plural = _("registration applications")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.get_status_display()}"


class RecallRequest(BaseModel):
    """REG-4: a request from the registering body to the issuer to recall a certificate."""

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.PROTECT,
        related_name="recall_requests",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recall_requests",
    )
    conduct_case = models.ForeignKey(
        "ConductCase",
        verbose_name=_("conduct case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recall_requests",
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=RecallStatus.choices, default=RecallStatus.OPEN
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    access = Access(
        area="certificate__person__area__path",
        roles={"view": OFFICIALS, "change": ISSUERS, "export": OFFICIALS},
    )
    #: Separation of duties (issue 10): the registrar who asked for the recall (cancelling
    #: for misconduct) and the holder never decide it (``certificates.recall_on_request``,
    #: ``certificates.reject_recall_request``; a recall without a request checks each request
    #: it closes).
    workflow = Workflow(
        maker="created_by", subject="certificate__person__user", decisions={"recall", "reject"}
    )

    class Meta:
        verbose_name = _("recall request")
        verbose_name_plural = _("recall requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.certificate} · {self.get_status_display()}"


class ConductCase(BaseModel):
    """REG-4: a conduct case (违纪处理): complaint → investigation → hearing → decision →
    sanction → appeal. Sanctions in force show on the public register (REG-5)."""

    number = models.CharField(_("case number"), max_length=20, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person concerned"),
        on_delete=models.PROTECT,
        related_name="conduct_cases",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conduct_cases",
    )
    source = models.CharField(_("complaint from"), max_length=15, choices=CaseSource.choices)
    complainant_name = models.CharField(_("complainant"), max_length=100, blank=True)
    complainant_contact = models.CharField(_("complainant contact"), max_length=200, blank=True)
    summary = models.TextField(_("complaint"))
    stage = models.CharField(
        _("stage"),
        max_length=15,
        choices=CaseStage.choices,
        default=CaseStage.INTAKE,
        db_index=True,
    )
    findings = models.TextField(_("findings of the investigation"), blank=True)
    hearing_date = models.DateField(_("hearing date"), null=True, blank=True)
    hearing_notice_sent_on = models.DateField(_("hearing notice sent on"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    sanction = models.CharField(_("sanction"), max_length=15, choices=Sanction.choices, blank=True)
    sanction_conditions = models.TextField(_("conditions"), blank=True)
    sanction_from = models.DateField(_("sanction from"), null=True, blank=True)
    sanction_until = models.DateField(_("sanction until"), null=True, blank=True)
    appeal_lodged_on = models.DateField(_("appeal lodged on"), null=True, blank=True)
    appeal_outcome = models.CharField(
        _("appeal outcome"), max_length=12, choices=AppealOutcome.choices, blank=True
    )
    appeal_decided_on = models.DateField(_("appeal decided on"), null=True, blank=True)

    PRIVATE_FIELDS = ("complainant_name", "complainant_contact")
    access = Access(
        area="person__area__path",
        owner="person__user",
        roles={
            "view": REGISTRARS | {Role.DISTRICT_OFFICER, OWN},
            "add": REGISTRARS | {Role.DISTRICT_OFFICER},
            "change": REGISTRARS | {Role.DISTRICT_OFFICER},
            "export": REGISTRARS | {Role.DISTRICT_OFFICER},
            "view_private": REGISTRARS | {Role.DISTRICT_OFFICER},
        },
    )
    #: Separation of duties (issue 10): the official who opened the case (or the signed-in
    #: complainant) and the person concerned never decide it or its appeal.
    workflow = Workflow(
        maker="created_by",
        subject="person__user",
        field="stage",
        initial={CaseStage.INTAKE},
        refusal="case",
        transitions=[
            Transition(
                "start_investigation",
                {CaseStage.INTAKE},
                CaseStage.INVESTIGATION,
                verb=_("investigated"),
            ),
            Transition(
                "schedule_hearing",
                {CaseStage.INVESTIGATION},
                CaseStage.HEARING,
                verb=_("sent to a hearing"),
            ),
            Transition(
                "decide", {CaseStage.HEARING}, CaseStage.DECIDED, verb=_("decided"), decision=True
            ),
            Transition("lodge_appeal", {CaseStage.DECIDED}, CaseStage.APPEAL, verb=_("appealed")),
            Transition(
                "decide_appeal",
                {CaseStage.APPEAL},
                verb=_("decided on appeal"),
                decision=True,
                guards=[lambda case: case.appeal_already_decided()],
                reason_required=_("Give the reasons for the appeal decision."),
            ),
            Transition(
                "close",
                {CaseStage.INTAKE, CaseStage.INVESTIGATION, CaseStage.DECIDED, CaseStage.APPEAL},
                CaseStage.CLOSED,
                verb=_("closed"),
            ),
        ],
        messages={
            "maker": _("You opened this case, so someone else must decide it."),
            "subject": _("This case is about you, so someone else must decide it."),
        },
    )

    class Meta:
        verbose_name = _("conduct case")
        verbose_name_plural = _("conduct cases")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number

    def appeal_already_decided(self) -> str | None:
        """The refusal of a second decision on the appeal (a guard of ``decide_appeal``)."""
        if not self.appeal_outcome:
            return None
        return _("The appeal of case %(number)s was already decided (%(outcome)s).") % {
            "number": self.number,
            "outcome": self.get_appeal_outcome_display(),
        }
