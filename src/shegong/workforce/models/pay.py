"""Grades, pay and social insurance (PAY-1 to PAY-3): the grade ladder (职级体系), the yearly
pay guidance and professional-technician tables, an employment's grade from a date, pay
records and insurance contributions per employment and month, promotion applications.
Every rule lives in ``pay.py``; models hold data and field validation."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.core.models import BaseModel, ReferenceModel
from shegong.core.permissions import OWN, Access
from shegong.core.roles import Role
from shegong.core.workflow import Transition, Workflow
from shegong.registry.choices import Level

#: Who maintains the grade ladder and the pay tables (reference data): the city authority.
TABLE_KEEPERS = {Role.CITY_ADMIN, Role.CITY_OFFICER}
#: Who records pay, insurance and promotion applications, each in their scope.
PAY_WRITERS = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.ORG_ADMIN}
#: Who decides promotion applications: city and district officials.
PROMOTION_DECIDERS = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER}
#: Pay and insurance are private: the organisation, the district and the city (auditors read
#: by the auditor rule); the person sees their own. Not field officers or other roles.
PAY_READERS = PAY_WRITERS | {OWN}
MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def table_access() -> Access:
    """The ladder and the pay tables are published rules: every signed-in user reads them."""
    return Access(
        unscoped=True,
        reference=True,
        roles={
            "view": PAY_READERS,
            "add": TABLE_KEEPERS,
            "change": TABLE_KEEPERS,
            "delete": TABLE_KEEPERS,
            "export": TABLE_KEEPERS | {Role.DISTRICT_OFFICER},
        },
    )


def pay_access(change=PAY_WRITERS) -> Access:
    """Private to the employment's organisation, its district, the city and the person."""
    return Access(
        area="employment__post__organisation__area__path",
        organisation="employment__post__organisation",
        owner="employment__person__user",
        roles={
            "view": PAY_READERS,
            "add": PAY_WRITERS,
            "change": change,
            "delete": change,
            "export": PAY_WRITERS,
        },
    )


class Grade(ReferenceModel):
    """PAY-2: a rung of the grade ladder (e.g. 助理社工三级 … 高级社工), with its conditions:
    the qualification level required and the years served in the grade below."""

    order = models.PositiveSmallIntegerField(
        _("position on the ladder"), unique=True, help_text=_("1 is the lowest grade.")
    )
    required_level = models.CharField(
        _("required level"), max_length=20, choices=Level.choices, default=Level.ASSISTANT
    )
    min_years = models.PositiveSmallIntegerField(_("minimum years in the grade below"), default=0)

    access = table_access()
    #: Changes apply from the day of the edit; the past keeps its value (``core.dated``).
    dated_fields = ("required_level", "min_years")

    class Meta(ReferenceModel.Meta):
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["order"]


class PayGuidance(BaseModel):
    """PAY-1: the pay guidance (薪酬指导价) of one year for a grade and step, in components;
    ``total`` is their sum (set on save)."""

    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.ForeignKey(
        Grade, verbose_name=_("grade"), on_delete=models.PROTECT, related_name="guidance"
    )
    step = models.PositiveSmallIntegerField(_("step"), default=1, validators=[MinValueValidator(1)])
    base = models.DecimalField(_("base pay"), **MONEY)
    post = models.DecimalField(_("post pay"), **MONEY)
    performance = models.DecimalField(_("performance pay"), **MONEY)
    total = models.DecimalField(_("monthly total"), editable=False, **MONEY)

    access = table_access()

    class Meta:
        verbose_name = _("pay guidance")
        verbose_name_plural = _("pay guidance")
        ordering = ["-year", "grade__order", "step"]
        constraints = [
            models.UniqueConstraint(fields=["year", "grade", "step"], name="one_guidance_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.grade} / {self.step}: {self.total}"

    def clean(self):
        super().clean()
        self.total = (self.base or 0) + (self.post or 0) + (self.performance or 0)


class TechnicianPay(BaseModel):
    """PAY-1: the monthly pay of a professional technician (专业技术人员) of the same year,
    at the grade and step held to be equivalent."""

    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.ForeignKey(
        Grade,
        verbose_name=_("equivalent grade"),
        on_delete=models.PROTECT,
        related_name="technician_pay",
    )
    step = models.PositiveSmallIntegerField(_("step"), default=1, validators=[MinValueValidator(1)])
    total = models.DecimalField(_("monthly total"), **MONEY)
    source = models.CharField(_("source"), max_length=300, blank=True)

    access = table_access()

    class Meta:
        verbose_name = _("professional-technician pay")
        verbose_name_plural = _("professional-technician pay")
        ordering = ["-year", "grade__order", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "grade", "step"], name="one_technician_pay_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.grade} / {self.step}: {self.total}"


class EmploymentGrade(BaseModel):
    """PAY-2: the grade and step an employment holds from a date (the row with the latest
    ``valid_from`` on or before a day is in force)."""

    employment = models.ForeignKey(
        "workforce.Employment",
        verbose_name=_("employment"),
        on_delete=models.PROTECT,
        related_name="grades",
    )
    grade = models.ForeignKey(
        Grade, verbose_name=_("grade"), on_delete=models.PROTECT, related_name="+"
    )
    step = models.PositiveSmallIntegerField(_("step"), default=1, validators=[MinValueValidator(1)])
    valid_from = models.DateField(_("from"))

    access = pay_access()

    class Meta:
        verbose_name = _("grade held")
        verbose_name_plural = _("grades held")
        ordering = ["employment", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "valid_from"], name="one_grade_per_employment_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employment} · {self.grade} / {self.step} ({self.valid_from})"


def _same_year_grade_step(table) -> models.ForeignObject:
    """A join (not a column) from a pay record to the row of a pay table (guidance or
    technician pay) with the same year, grade and step; NULL where the table has none."""
    return models.ForeignObject(
        table,
        on_delete=models.DO_NOTHING,
        from_fields=("year", "grade", "step"),
        to_fields=("year", "grade", "step"),
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class PayRecord(BaseModel):
    """PAY-1: what an employment was paid in a month (``month``: its first day), with the
    grade and step in force on that day (taken at import) to compare with the tables."""

    employment = models.ForeignKey(
        "workforce.Employment",
        verbose_name=_("employment"),
        on_delete=models.PROTECT,
        related_name="pay_records",
    )
    month = models.DateField(_("month"))
    grade = models.ForeignKey(
        Grade, verbose_name=_("grade"), on_delete=models.PROTECT, related_name="+"
    )
    step = models.PositiveSmallIntegerField(_("step"), default=1)
    base = models.DecimalField(_("base pay"), **MONEY)
    post = models.DecimalField(_("post pay"), **MONEY)
    performance = models.DecimalField(_("performance pay"), **MONEY)
    total = models.DecimalField(_("monthly total"), editable=False, **MONEY)
    import_batch = models.CharField(_("import batch"), max_length=40, blank=True)
    #: The year of ``month``, stored so that the tables of that year join on (year, grade,
    #: step) instead of being looked up row by row (the dashboard counts 100,000s of rows).
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    #: The pay guidance and the technician pay of the record's year, grade and step: joins,
    #: not columns (no row in the table: NULL, and the record is not compared).
    guidance = _same_year_grade_step(PayGuidance)
    technician = _same_year_grade_step(TechnicianPay)

    access = pay_access()

    class Meta:
        verbose_name = _("pay record")
        verbose_name_plural = _("pay records")
        # The newest month first, ties by employment id (not the employment's own order, which
        # joins the post and organisation): a page of the list reads its rows from the index
        # below instead of sorting a year of the city's records (issue 13).
        ordering = ["-month", "employment_id"]
        indexes = [models.Index(fields=["-month", "employment"], name="payrecord_newest_first")]
        constraints = [
            models.UniqueConstraint(fields=["employment", "month"], name="one_pay_record_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.employment} · {self.month:%Y-%m}"

    def clean_fields(self, exclude=None):
        # The joins to the pay tables are not values to validate (reading them would look up
        # a table row that may not exist).
        return super().clean_fields(exclude={*(exclude or ()), "guidance", "technician"})

    def clean(self):
        super().clean()
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A month is given by its first day.")})
        self.total = (self.base or 0) + (self.post or 0) + (self.performance or 0)
        if self.month:
            self.year = self.month.year


class InsuranceContribution(BaseModel):
    """PAY-3: the social insurance contribution of an employment for a month: the base, the
    employer's and the employee's shares (``amount_due`` is their sum), when it was due, when
    it was paid and how much."""

    employment = models.ForeignKey(
        "workforce.Employment",
        verbose_name=_("employment"),
        on_delete=models.PROTECT,
        related_name="insurance_contributions",
    )
    month = models.DateField(_("month"))
    base = models.DecimalField(_("contribution base"), **MONEY)
    employer_share = models.DecimalField(_("employer share"), **MONEY)
    employee_share = models.DecimalField(_("employee share"), **MONEY)
    amount_due = models.DecimalField(_("amount due"), editable=False, **MONEY)
    due_date = models.DateField(_("due date"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    amount_paid = models.DecimalField(_("amount paid"), default=Decimal("0"), **MONEY)
    import_batch = models.CharField(_("import batch"), max_length=40, blank=True)

    access = pay_access()

    class Meta:
        verbose_name = _("insurance contribution")
        verbose_name_plural = _("insurance contributions")
        ordering = ["-month", "employment"]
        constraints = [
            models.UniqueConstraint(fields=["employment", "month"], name="one_contribution_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.employment} · {self.month:%Y-%m}"

    def clean(self):
        super().clean()
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A month is given by its first day.")})
        self.amount_due = (self.employer_share or 0) + (self.employee_share or 0)


class PromotionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PromotionApplication(BaseModel):
    """PAY-2: an application to move an employment up to a grade. Eligibility is computed from
    the data when it is submitted (``reasons``: each condition, met or not); an official
    approves (the new grade holds from ``effective_from``) or refuses."""

    employment = models.ForeignKey(
        "workforce.Employment",
        verbose_name=_("employment"),
        on_delete=models.PROTECT,
        related_name="promotion_applications",
    )
    to_grade = models.ForeignKey(
        Grade, verbose_name=_("to grade"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("submitted on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PromotionStatus.choices,
        default=PromotionStatus.SUBMITTED,
    )
    eligible = models.BooleanField(_("eligible"), default=False)
    reasons = models.JSONField(_("eligibility reasons"), default=list, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)

    access = pay_access(change=PROMOTION_DECIDERS)
    #: Separation of duties (issue 10): whoever submitted the application and the person to
    #: be promoted never approve or refuse it (``pay.approve``, ``pay.refuse``).
    workflow = Workflow(
        maker="created_by",
        subject="employment__person__user",
        field="status",
        initial={PromotionStatus.SUBMITTED},
        refusal="decided",
        transitions=[
            Transition(
                "approve",
                {PromotionStatus.SUBMITTED},
                PromotionStatus.APPROVED,
                verb=_("approved"),
                decision=True,
                guards=[lambda application: application.unmet_conditions()],
            ),
            Transition(
                "refuse",
                {PromotionStatus.SUBMITTED},
                PromotionStatus.REFUSED,
                verb=_("refused"),
                decision=True,
                reason_required=_("Give the reason for the refusal."),
            ),
        ],
    )

    class Meta:
        verbose_name = _("promotion application")
        verbose_name_plural = _("promotion applications")
        ordering = ["-submitted_on", "-pk"]

    def unmet_conditions(self) -> str | None:
        """Why an ineligible application cannot be approved (a guard of ``approve``)."""
        if self.eligible:
            return None
        return _("The application does not meet the conditions: %(reasons)s") % {
            "reasons": "; ".join(r["message"] for r in self.reasons if r["met"] is False)
        }

    def __str__(self) -> str:
        return _("Promotion of %(employment)s to %(grade)s") % {
            "employment": self.employment,
            "grade": self.to_grade,
        }
