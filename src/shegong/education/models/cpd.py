"""Continuing education and supervision (EDU-1 to EDU-4, policy clause 5): training providers,
courses and their sessions, attendance (continuing-education records), the rules that say how
much a person needs, supervisors, supervision and its sessions, and the training plan. Rules
live in ``rules.py`` (EDU-2, computed in the database) and ``services.py``; models hold data
and field validation.

Who is who:

- the city and district officials (``EDU_OFFICERS``) keep providers, approve claimed records,
  appoint supervisors and set the plan;
- a training provider's staff are the **organisation administrators of the provider's
  organisation** (``TrainingProvider.organisation``): they keep its courses and sessions and
  import attendance for them. No new role: the provider is an organisation like any other.
- a person claims their own records (with evidence) and sees their progress.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.limits import MaxUploadSize
from shegong.core.models import PARAMETER_SCOPES, ArchivableModel, BaseModel, ReferenceModel
from shegong.core.permissions import OWN, Access
from shegong.core.roles import ALL_ROLES, OFFICIALS, Role
from shegong.core.workflow import Transition, Workflow
from shegong.registry.choices import Level

from ..choices import (
    Accreditation,
    CourseKind,
    CpdSource,
    CpdStatus,
    ProviderKind,
    RuleBasis,
    RuleUnit,
)

#: Officials who keep continuing education and supervision in their area.
EDU_OFFICERS = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER}
#: Who keeps the rules and accredits courses: the city authority.
RULE_KEEPERS = {Role.CITY_ADMIN, Role.CITY_OFFICER}
#: Who sees supervision (and its private notes): the city, the district, the supervisee's
#: organisation and the pair.
SUPERVISION_READERS = EDU_OFFICERS | {Role.ORG_ADMIN, OWN}

POSITIVE = [MinValueValidator(Decimal("0"))]


def provider_access(prefix: str) -> Access:
    """Providers, courses, sessions: every signed-in user may read them (to choose a course);
    the city keeps them, and the provider's own organisation administrators too."""
    return Access(
        unscoped=True,
        reference=True,
        organisation=f"{prefix}organisation",
        roles={
            "view": ALL_ROLES,
            "add": RULE_KEEPERS | {Role.ORG_ADMIN},
            "change": RULE_KEEPERS | {Role.ORG_ADMIN},
            "delete": RULE_KEEPERS,
            "export": OFFICIALS,
        },
    )


class TrainingProvider(BaseModel, ArchivableModel):
    """EDU-4: a university, training institution, practice base, or party school /
    administration college that offers continuing education."""

    name = models.CharField(pgettext_lazy("provider", "name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ProviderKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_providers",
        help_text=_("Its administrators keep the provider's courses and record attendance."),
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    access = provider_access("")

    class Meta:
        verbose_name = _("training provider")
        verbose_name_plural = _("training providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Course(BaseModel, ArchivableModel):
    """EDU-4: a course with its duration (hours and days), level, topic, kind and whether the
    city has accredited it (only accredited courses are recorded in bulk)."""

    provider = models.ForeignKey(
        TrainingProvider,
        verbose_name=_("training provider"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    code = models.CharField(_("course code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    level = models.CharField(
        pgettext_lazy("qualification", "level"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text=_("Empty: for every level."),
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, validators=POSITIVE)
    days = models.DecimalField(_("days"), max_digits=5, decimal_places=1, validators=POSITIVE)
    accreditation = models.CharField(
        _("accreditation"),
        max_length=12,
        choices=Accreditation.choices,
        default=Accreditation.PENDING,
    )

    access = provider_access("provider__")

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["provider", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CourseSession(BaseModel):
    """EDU-4: one running of a course: dates and place."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    code = models.CharField(
        _("session code"),
        max_length=40,
        unique=True,
        help_text=_("Attendance files name the session by this code."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)

    access = provider_access("course__provider__")

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["-starts_on", "code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.starts_on})"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The session ends before it starts.")})


class CpdRecord(BaseModel):
    """EDU-2/EDU-4: a continuing-education record (继续教育): attendance recorded by the
    provider (approved as imported) or claimed by the person with evidence and approved or
    refused by an official. Counted in the calendar year of ``completed_on``."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="cpd_records",
    )
    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("course session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, null=True, blank=True, validators=POSITIVE
    )
    days = models.DecimalField(
        _("days"), max_digits=5, decimal_places=1, null=True, blank=True, validators=POSITIVE
    )
    source = models.CharField(_("source"), max_length=10, choices=CpdSource.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=CpdStatus.choices, default=CpdStatus.CLAIMED
    )
    evidence = models.FileField(
        _("evidence"), upload_to="cpd/%Y/", blank=True, validators=[MaxUploadSize("evidence")]
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    import_batch = models.CharField(_("import batch"), max_length=64, blank=True, db_index=True)

    access = Access(
        area="person__area__path",
        organisation=("person__organisation", "session__course__provider__organisation"),
        owner="person__user",
        roles={
            "view": OFFICIALS | {Role.ORG_ADMIN, OWN},
            "add": EDU_OFFICERS | {Role.ORG_ADMIN, OWN},
            "change": EDU_OFFICERS,
            "export": OFFICIALS | {Role.ORG_ADMIN},
            # The claimant takes back a claim not yet decided (``services.withdraw``).
            "withdraw": {Role.ORG_ADMIN, OWN},
        },
    )
    #: Separation of duties (issue 10): whoever filed a claim, and the person it is about,
    #: never approve or refuse it (``services.approve``, ``services.refuse``).
    #: EDU-1 (issue 11): claimed by the person's side, decided by an official in scope;
    #: imported attendance is approved from the start.
    workflow = Workflow(
        maker="created_by",
        subject="person__user",
        field="status",
        initial={CpdStatus.CLAIMED, CpdStatus.APPROVED},
        refusal="claim",
        transitions=[
            Transition(
                "approve",
                {CpdStatus.CLAIMED},
                CpdStatus.APPROVED,
                verb=_("approved"),
                decision=True,
            ),
            Transition(
                "refuse",
                {CpdStatus.CLAIMED},
                CpdStatus.REFUSED,
                verb=_("refused"),
                decision=True,
                reason_required=_("Give the reason for the refusal."),
            ),
            Transition(
                "withdraw",
                {CpdStatus.CLAIMED},
                CpdStatus.WITHDRAWN,
                verb=_("withdrawn"),
                permission="withdraw",
                stamp_decision=True,
            ),
            Transition(
                "revoke",
                {CpdStatus.APPROVED},
                CpdStatus.REVOKED,
                verb=_("revoked"),
                stamp_decision=True,
                refusal="approved_record",
                reason_required=_("Give the reason for withdrawing the approval."),
            ),
        ],
    )

    class Meta:
        verbose_name = _("continuing-education record")
        verbose_name_plural = _("continuing-education records")
        ordering = ["-completed_on", "person"]
        indexes = [
            # The compliance query: a person's approved records in a date range.
            models.Index(
                fields=["person", "completed_on"],
                name="cpd_person_date",
                condition=models.Q(status="approved"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "session"],
                condition=models.Q(session__isnull=False) & ~models.Q(status="withdrawn"),
                name="cpd_once_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=False) | models.Q(days__isnull=False),
                name="cpd_hours_or_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.title} ({self.completed_on})"

    def clean(self):
        super().clean()
        if self.hours is None and self.days is None:
            raise ValidationError({"hours": _("Give the hours or the days (or both).")})


class CpdRule(ReferenceModel):
    """EDU-2: a continuing-education rule, as data. ``basis`` says what is counted over (each
    calendar year, or each registration period), ``unit`` in what (days or hours), how much
    each level needs, how hours convert to days (empty: the parameter
    ``education.hours_per_day``), which kinds count and at what weight (``weights``: kind →
    weight; a kind not listed does not count), the most each kind may contribute (``caps``:
    kind → amount in the unit), and the first year it applies (a later row with the same
    ``code`` replaces it from its own year)."""

    code = models.CharField(_("code"), max_length=32)  # unique with from_year, not alone
    scope = models.CharField(
        _("scope"),
        max_length=20,
        default="city",
        help_text=_("city or national: renewal checks the rules of the register's scope."),
    )
    basis = models.CharField(_("counted over"), max_length=10, choices=RuleBasis.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=RuleUnit.choices)
    required_assistant = models.DecimalField(
        _("required (assistant)"), max_digits=6, decimal_places=1, validators=POSITIVE
    )
    required_intermediate = models.DecimalField(
        _("required (intermediate)"), max_digits=6, decimal_places=1, validators=POSITIVE
    )
    required_senior = models.DecimalField(
        _("required (senior)"), max_digits=6, decimal_places=1, validators=POSITIVE
    )
    hours_per_day = models.DecimalField(
        _("hours per day"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Empty: the policy parameter education.hours_per_day."),
    )
    weights = models.JSONField(_("weights by kind"), default=dict, blank=True)
    caps = models.JSONField(_("caps by kind"), default=dict, blank=True)
    JSON_LABELS = {"weights": CourseKind, "caps": CourseKind}  # core.display
    IDENTIFIER_FIELDS = ("code",)  # core.display: shown as <code>, as in the list

    def get_scope_display(self) -> str:
        return str(PARAMETER_SCOPES.get(self.scope, self.scope))

    from_year = models.PositiveSmallIntegerField(_("applies from year"))
    checked_at_renewal = models.BooleanField(_("checked at renewal"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    access = Access(
        unscoped=True,
        reference=True,
        roles={
            "view": ALL_ROLES,
            "add": RULE_KEEPERS,
            "change": RULE_KEEPERS,
            "export": OFFICIALS,
        },
    )

    class Meta:
        verbose_name = _("continuing-education rule")
        verbose_name_plural = _("continuing-education rules")
        ordering = ["sort_order", "code", "-from_year"]
        constraints = [
            models.UniqueConstraint(fields=["code", "from_year"], name="cpd_rule_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.from_year})"

    def required_for(self, level: str) -> Decimal:
        return {
            Level.ASSISTANT: self.required_assistant,
            Level.INTERMEDIATE: self.required_intermediate,
            Level.SENIOR: self.required_senior,
        }[level]

    def clean(self):
        super().clean()
        errors = {}
        for name in ("weights", "caps"):
            value = getattr(self, name)
            if not isinstance(value, dict):
                errors[name] = _('Write an object of kind: number, e.g. {"course": 1}.')
                continue
            for kind, number in value.items():
                if kind not in CourseKind.values:
                    errors[name] = _("%(kind)s is not a course kind (use %(kinds)s).") % {
                        "kind": kind,
                        "kinds": ", ".join(CourseKind.values),
                    }
                elif (
                    isinstance(number, bool)
                    or not isinstance(number, int | float)
                    or not 0 <= number <= 1000
                ):
                    errors[name] = _("%(kind)s: %(value)s is not a number from 0 to 1000.") % {
                        "kind": kind,
                        "value": number,
                    }
        if errors:
            raise ValidationError(errors)


class CpdReminder(BaseModel):
    """EDU-2: a reminder, before the year ends, to a person short of a yearly rule; written by
    the daily job ``shegong cpd_reminders`` once per person, rule and year."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="cpd_reminders",
    )
    rule = models.ForeignKey(
        CpdRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    credited = models.DecimalField(_("credited"), max_digits=7, decimal_places=1)
    required = models.DecimalField(_("required"), max_digits=7, decimal_places=1)
    message = models.TextField(_("message"))

    access = Access(
        area="person__area__path",
        organisation="person__organisation",
        owner="person__user",
        roles={"view": EDU_OFFICERS | {Role.ORG_ADMIN, OWN}, "export": EDU_OFFICERS},
    )

    class Meta:
        verbose_name = _("continuing-education reminder")
        verbose_name_plural = _("continuing-education reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "rule", "year"], name="cpd_reminder_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.rule.name} {self.year}"


class TrainingTarget(BaseModel):
    """EDU-1: a target of the training plan: in a year, for a level and a service field (empty:
    all), how many people are to be trained and how many days in total."""

    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The city or a district."),
    )
    level = models.CharField(
        pgettext_lazy("qualification", "level"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text=_("Empty: every level."),
    )
    field = models.ForeignKey(
        "organisations.ServiceField",
        verbose_name=_("service field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: every field."),
    )
    people = models.PositiveIntegerField(_("people to train"))
    days = models.DecimalField(_("days of training"), max_digits=9, decimal_places=1)
    note = models.TextField(_("note"), blank=True)

    access = Access(
        area="area__path",
        roles={
            "view": EDU_OFFICERS | {Role.FIELD_OFFICER},
            "add": EDU_OFFICERS,
            "change": EDU_OFFICERS,
            "delete": EDU_OFFICERS,
            "export": EDU_OFFICERS | {Role.FIELD_OFFICER},
        },
    )

    class Meta:
        verbose_name = _("training target")
        verbose_name_plural = _("training plan")
        ordering = ["-year", "area", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "area", "level", "field"], name="training_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.area} {self.get_level_display() or ''}".strip()
