"""Incubation bases (ORG-4, clause 10: "建立社会组织孵化基地 … 优先孵化").

- :class:`Base`: an incubation base run by the city or a district, by an operator organisation;
- :class:`Place`: a desk or a room of a base, holding up to ``capacity`` organisations at once;
- :class:`PriorityRule`: a priority rule of a base, a row with its points and its condition
  (the rules are data, ``incubation.rules`` applies them);
- :class:`Call`: a call for applicants, open from one day to another, offering places;
- :class:`Application`: an organisation's application, or that of an organisation still in
  preparation (a name and a contact, private), with its score and the decision;
- :class:`Occupancy`: which admitted applicant holds which place from when to when, and how it
  ended (graduated or exited, with the reason);
- :class:`Milestone`: a planned step of an incubation, met on a day.

Every write and rule: ``incubation.services``; the figures: ``incubation.queries``."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.limits import MaxUploadSize
from shegong.core.models import ArchivableModel, BaseModel
from shegong.core.permissions import Access
from shegong.core.roles import Role
from shegong.core.workflow import MAKER, SUBJECT, Transition, Workflow

from .choices import ApplicationStatus, Condition, Outcome, PlaceKind

#: ORG-4: the officials who set up bases, calls and rules and decide applications in their
#: area (a district officer their district's bases; city roles every base).
KEEPERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER})
#: Who reads a base's records: the keepers, field officers of the area, and the administrator
#: of the operator organisation (``organisation`` lookups below).
READERS = KEEPERS | {Role.FIELD_OFFICER, Role.ORG_ADMIN}
#: ORG-4 (issue 15): the kinds of file a milestone's evidence may be (size: ``evidence``).
EVIDENCE_TYPES = ("pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx")
#: The refusal of a decision to whoever is not a keeper in the call's area.
KEEPERS_ONLY = _("Only the officials who keep the base decide its applications.")


def _access(prefix: str, **roles) -> Access:
    return Access(
        area=f"{prefix}area__path",
        organisation=f"{prefix}operator",
        roles={
            "view": READERS,
            "add": KEEPERS,
            "change": KEEPERS,
            "delete": KEEPERS,
            "export": KEEPERS,
            **roles,
        },
    )


class Base(BaseModel, ArchivableModel):
    """ORG-4: an incubation base of the city or a district, run by an operator organisation."""

    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("run by (city or district)"),
        on_delete=models.PROTECT,
        related_name="incubation_bases",
        limit_choices_to={"level__in": ["city", "district"]},
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("operator organisation"),
        on_delete=models.PROTECT,
        related_name="operated_bases",
        null=True,
        blank=True,
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    SMALL_TABLE = True  #: a few bases per district: its choice fields stay selects (ADR 0044)

    access = _access("")

    class Meta:
        verbose_name = _("incubation base")
        verbose_name_plural = _("incubation bases")
        ordering = ["area__code", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.area_id and self.area.level not in ("city", "district"):
            raise ValidationError(
                {"area": _("An incubation base is run by the city or a district.")}
            )


class Place(BaseModel, ArchivableModel):
    """ORG-4: a desk or a room of a base; ``capacity``: how many organisations it holds at
    once (checked on every occupancy, ``services.occupy``)."""

    base = models.ForeignKey(
        Base, verbose_name=_("incubation base"), on_delete=models.PROTECT, related_name="places"
    )
    code = models.CharField(_("code"), max_length=32)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    capacity = models.PositiveSmallIntegerField(
        _("capacity (organisations)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    access = _access("base__")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["base", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "code"],
                name="incubation_place_code_once",
                violation_error_message=_("The base already has a place of this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.base} · {self.code}"


class PriorityRule(BaseModel, ArchivableModel):
    """ORG-4 (priority places for qualifying organisations): one rule of a base, a row with
    its points and its condition; ``years`` for the conditions on the age of the organisation,
    ``field`` for "serves the named field". Applied by ``incubation.rules.score``."""

    base = models.ForeignKey(
        Base,
        verbose_name=_("incubation base"),
        on_delete=models.PROTECT,
        related_name="priority_rules",
    )
    name = models.CharField(_("name"), max_length=200)
    condition = models.CharField(_("condition"), max_length=30, choices=Condition.choices)
    points = models.PositiveSmallIntegerField(
        _("points"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    years = models.PositiveSmallIntegerField(
        _("years"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("For the conditions on how long ago the organisation was registered."),
    )
    field = models.ForeignKey(
        "organisations.ServiceField",
        verbose_name=_("service field"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("For the condition “serves the named service field”."),
    )

    access = _access("base__")

    class Meta:
        verbose_name = _("priority rule")
        verbose_name_plural = _("priority rules")
        ordering = ["base", "-points", "name"]

    def __str__(self) -> str:
        return f"{self.name} (+{self.points})"

    def clean(self):
        super().clean()
        errors = {}
        needs_years = self.condition in (Condition.REGISTERED_WITHIN, Condition.NEW_IN_PILOT_FIELD)
        if needs_years and not self.years:
            errors["years"] = _("This condition counts years since registration: give them.")
        if not needs_years and self.years:
            errors["years"] = _("Only the conditions on the years since registration take years.")
        if self.condition == Condition.SERVES_FIELD and not self.field_id:
            errors["field"] = _("Name the service field of this condition.")
        if self.condition != Condition.SERVES_FIELD and self.field_id:
            errors["field"] = _("Only the condition “serves the named service field” names one.")
        if errors:
            raise ValidationError(errors)


class Call(BaseModel):
    """ORG-4: a call for applicants to a base: open from ``opens_on`` to ``closes_on``
    (inclusive, Asia/Shanghai), offering ``places_offered`` places; decided once after it
    closes (``services.decide_call``)."""

    base = models.ForeignKey(
        Base, verbose_name=_("incubation base"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    places_offered = models.PositiveSmallIntegerField(
        _("places offered"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    incubation_starts_on = models.DateField(_("incubation starts on"))
    description = models.TextField(_("description"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)

    SMALL_TABLE = True  #: a few calls a year: its choice fields stay selects (ADR 0044)

    access = Access(
        area="base__area__path",
        organisation="base__operator",
        # ORG-4: every organisation may read the calls, to apply.
        open_to_organisations=Q(pk__isnull=False),
        roles={
            "view": READERS,
            "add": KEEPERS,
            "change": KEEPERS,
            "delete": KEEPERS,
            "export": KEEPERS,
            "decide": KEEPERS,
        },
    )
    #: ORG-4, separation of duties (ADR 0030): an official who filed an application to the
    #: call (a paper application entered for an applicant) or who belongs to an applicant
    #: organisation never decides the call (``services.decide_call``); the ranking itself
    #: admits or refuses each application through ``Application.workflow``.
    #: It has no states of its own (``field``: the day it was decided, which has no choices).
    workflow = Workflow(
        field="decided_on",
        maker="applications__created_by",
        subject="applications__organisation__users",
        decisions={"decide"},
        messages={
            MAKER: _("You filed an application to this call, so another official must decide it."),
            SUBJECT: _(
                "Your organisation applied to this call, so another official must decide it."
            ),
        },
    )

    class Meta:
        verbose_name = _("call for applicants")
        verbose_name_plural = _("calls for applicants")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("A call closes on or after the day it opens.")
        if (
            self.closes_on
            and self.incubation_starts_on
            and self.incubation_starts_on <= self.closes_on
        ):
            errors["incubation_starts_on"] = _("Incubation starts after the call closes.")
        if errors:
            raise ValidationError(errors)


class Application(BaseModel):
    """ORG-4: an application to a call, by a registered organisation or by one still in
    preparation (its planned name and a contact: private data). Scored by the base's priority
    rules when the call is decided; ``points`` keeps which rules gave how many points."""

    call = models.ForeignKey(
        Call,
        verbose_name=_("call for applicants"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="incubation_applications",
        null=True,
        blank=True,
        help_text=_("Empty for an organisation still in preparation."),
    )
    applicant_name = models.CharField(
        _("applicant name"),
        max_length=200,
        blank=True,
        help_text=_("The planned name of an organisation in preparation."),
    )
    contact_person = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    service_fields = models.ManyToManyField(
        "organisations.ServiceField",
        verbose_name=_("service fields"),
        related_name="+",
        blank=True,
    )
    plan = models.TextField(_("incubation plan"))
    submitted_at = models.DateTimeField(_("submitted at"), editable=False, null=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        editable=False,
    )
    score = models.PositiveIntegerField(
        pgettext_lazy("incubation", "score"), null=True, blank=True, editable=False
    )
    points = models.JSONField(_("points by rule"), default=list, blank=True, editable=False)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)

    PRIVATE_FIELDS = ("contact_phone", "contact_email")

    access = Access(
        area="call__base__area__path",
        organisation=("organisation", "call__base__operator"),
        roles={
            "view": READERS,
            "add": KEEPERS | {Role.ORG_ADMIN},
            "change": KEEPERS,
            "export": KEEPERS,
            "decide": KEEPERS,
            "view_private": KEEPERS | {Role.ORG_ADMIN},
            # ORG-4: the applicant organisation takes back its application before the decision
            # (``services.withdraw_application``; only its own administrator, not the
            # operator's).
            "withdraw": {Role.ORG_ADMIN},
        },
    )
    #: ORG-4 (issue 15): submitted, then admitted or refused by the keepers (one by one, or
    #: all at once when the call is decided), or withdrawn by the applicant before that.
    #: Separation of duties (ADR 0030): whoever filed the application and the members of the
    #: applicant organisation never decide it.
    workflow = Workflow(
        maker="created_by",
        subject="organisation__users",
        field="status",
        initial={ApplicationStatus.SUBMITTED},
        refusal="status",
        describe=lambda application: _("This application"),
        messages={
            MAKER: _("You filed this application, so another official must decide it."),
            SUBJECT: _(
                "This application is your organisation's, so another official must decide it."
            ),
        },
        transitions=[
            Transition(
                "admit",
                {ApplicationStatus.SUBMITTED},
                ApplicationStatus.ADMITTED,
                verb=_("admitted"),
                permission="decide",
                denied=KEEPERS_ONLY,
                decision=True,
            ),
            Transition(
                "refuse",
                {ApplicationStatus.SUBMITTED},
                ApplicationStatus.REFUSED,
                verb=_("refused"),
                permission="decide",
                denied=KEEPERS_ONLY,
                decision=True,
                reason_required=_("Give the reasons."),
            ),
            Transition(
                "withdraw",
                {ApplicationStatus.SUBMITTED},
                ApplicationStatus.WITHDRAWN,
                verb=_("withdrawn"),
                permission="withdraw",
                denied=_("Only the administrator of the applicant organisation withdraws it."),
            ),
        ],
    )

    class Meta:
        verbose_name = _("incubation application")
        verbose_name_plural = _("incubation applications")
        ordering = ["call", "rank", "submitted_at", "pk"]

    def __str__(self) -> str:
        return self.applicant

    @property
    def applicant(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return str(_("%(name)s (in preparation)") % {"name": self.applicant_name})

    def clean(self):
        super().clean()
        if not self.organisation_id and not self.applicant_name.strip():
            raise ValidationError(
                {
                    "applicant_name": _(
                        "Choose the organisation, or give the planned name of an organisation "
                        "in preparation."
                    )
                }
            )
        if self.organisation_id and self.applicant_name:
            self.applicant_name = ""


class Occupancy(BaseModel):
    """ORG-4: an admitted applicant holds a place from ``starts_on`` to ``ends_on`` (the last
    day, inclusive; empty while incubated). Its end is a graduation or an exit with reasons."""

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="occupancies"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("incubation application"),
        on_delete=models.PROTECT,
        related_name="occupancies",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, editable=False
    )
    outcome_reason = models.TextField(_("reasons"), blank=True, editable=False)

    access = Access(
        area="place__base__area__path",
        organisation=("application__organisation", "place__base__operator"),
        roles={
            "view": READERS,
            "add": KEEPERS,
            "change": KEEPERS,
            "export": KEEPERS,
        },
    )

    class Meta:
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["place", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.application} · {self.place.code}"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An occupancy ends on or after its start.")})


class Milestone(BaseModel):
    """ORG-4: a planned step of an incubation (registration, first project, …), met on a day."""

    occupancy = models.ForeignKey(
        Occupancy, verbose_name=_("occupancy"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("planned for"))
    met_on = models.DateField(_("met on"), null=True, blank=True, editable=False)
    evidence = models.TextField(_("evidence"), blank=True, editable=False)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to="incubation/%Y/",
        blank=True,
        editable=False,
        validators=[MaxUploadSize("evidence"), FileExtensionValidator(EVIDENCE_TYPES)],
        help_text=_("Served only to who may see the incubation."),
    )

    access = Access(
        area="occupancy__place__base__area__path",
        organisation=("occupancy__application__organisation", "occupancy__place__base__operator"),
        roles={
            "view": READERS,
            "add": KEEPERS | {Role.ORG_ADMIN},
            "change": KEEPERS | {Role.ORG_ADMIN},
            "export": KEEPERS,
        },
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["occupancy", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title
