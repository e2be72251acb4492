"""Oversight of what the government buys (FIN-5, clause 17: "内部审计、外部监督 … 绩效审计 …
年度工作报告").

- :class:`ReportForm`, :class:`FormSection`, :class:`FormField`: the annual work report form of a
  year, as data (sections and typed fields), seeded by a data migration and versioned per year;
- :class:`AnnualReport`: an organisation's report of a year, its values by field code, filed on
  a day and flagged late after the deadline (``audits.rules``);
- :class:`Audit`: a financial or performance audit of a contract (``procurement.Contract``),
  internal or by an external auditor organisation, with its scope;
- :class:`Finding` and :class:`RequiredAction`: what the audit found, and what must be done, by
  whom and by when, with the follow-up (done, with evidence); an action not done after its
  deadline is overdue (``audits.rules.is_overdue``).

Every write and rule: ``audits.services``; the figures: ``audits.queries``."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shegong.core.models import BaseModel
from shegong.core.permissions import Access
from shegong.core.roles import Role

from .choices import AuditKind, Conductor, FieldKind, Party, Prefill, ReportStatus, Severity

#: FIN-5: the officials who oversee purchased services in their area (a district officer their
#: district's organisations and contracts; city roles all).
OVERSEERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER})
#: The city defines the annual work report form.
FORM_KEEPERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER})
#: Who reads: the overseers, field officers, and an organisation's administrator (its own
#: reports and audits: the ``organisation`` lookups). Auditors (``Role.AUDITOR``) read and
#: export in their area on every model.
READERS = OVERSEERS | {Role.FIELD_OFFICER, Role.ORG_ADMIN}


def bilingual(zh: str, en: str) -> str:
    """A label kept as data in both languages, in the language of the request."""
    return en if (get_language() or "").startswith("en") and en else zh


class ReportForm(BaseModel):
    """FIN-5: the annual work report form of one year (a new year, a new version)."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)

    SMALL_TABLE = True  #: one form a year (ADR 0044)

    access = Access(
        unscoped=True,
        roles={
            "view": READERS,
            "add": FORM_KEEPERS,
            "change": FORM_KEEPERS,
            "export": FORM_KEEPERS,
        },
    )

    class Meta:
        verbose_name = _("annual work report form")
        verbose_name_plural = _("annual work report forms")
        ordering = ["-year"]

    def __str__(self) -> str:
        return bilingual(self.title, self.title_en)


class FormSection(BaseModel):
    """FIN-5: a section of the form (services, staff, finances)."""

    form = models.ForeignKey(
        ReportForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="sections"
    )
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    access = ReportForm.access

    class Meta:
        verbose_name = _("form section")
        verbose_name_plural = _("form sections")
        ordering = ["form", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="audits_section_code_once")
        ]

    def __str__(self) -> str:
        return bilingual(self.title, self.title_en)


class FormField(BaseModel):
    """FIN-5: a field of the form, with its type (values are validated by it), whether it is
    required to file, and where it may be prefilled from."""

    section = models.ForeignKey(
        FormSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="fields"
    )
    code = models.CharField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=FieldKind.choices)
    required = models.BooleanField(_("required"), default=True)
    prefill = models.CharField(
        _("prefilled from"), max_length=30, choices=Prefill.choices, blank=True, default=""
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    access = ReportForm.access

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["section__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="audits_field_code_once")
        ]

    def __str__(self) -> str:
        return bilingual(self.label, self.label_en)

    def clean(self):
        super().clean()
        if self.prefill == Prefill.GOVERNMENT_PURCHASE and self.kind != FieldKind.MONEY:
            raise ValidationError({"prefill": _("Only a money field is prefilled from payments.")})


class AnnualReport(BaseModel):
    """FIN-5: an organisation's annual work report of a year, on that year's form. ``values``:
    the value of each field by its code, as text (money with two decimals). Filed once; the
    deadline in force and whether it was late are kept with it."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    form = models.ForeignKey(
        ReportForm,
        verbose_name=_("report form"),
        on_delete=models.PROTECT,
        related_name="reports",
        editable=False,
    )
    values = models.JSONField(_("values"), default=dict, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        editable=False,
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True, editable=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True, editable=False)
    deadline_rule = models.ForeignKey(
        "core.PolicyParameter",
        verbose_name=_("rule applied"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    is_late = models.BooleanField(_("filed late"), default=False, editable=False)

    access = Access(
        area="organisation__area__path",
        organisation="organisation",
        roles={
            "view": READERS,
            "add": OVERSEERS | {Role.ORG_ADMIN},
            "change": {Role.ORG_ADMIN},
            "export": OVERSEERS,
        },
    )

    class Meta:
        verbose_name = _("annual work report")
        verbose_name_plural = _("annual work reports")
        ordering = ["-year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="audits_one_report_per_year",
                violation_error_message=_("The organisation already has a report for this year."),
            )
        ]

    def __str__(self) -> str:
        return _("%(organisation)s, annual work report %(year)s") % {
            "organisation": self.organisation,
            "year": self.year,
        }


def _audit_access(prefix: str, **roles) -> Access:
    """FIN-5: the buyer district's officials and the city see the audits of their contracts;
    the supplier organisation its own, and an external auditor organisation those it conducts;
    nobody else's."""
    return Access(
        area=f"{prefix}contract__buyer__path",
        organisation=(f"{prefix}contract__supplier", f"{prefix}auditor"),
        roles={
            "view": READERS,
            "add": OVERSEERS,
            "change": OVERSEERS,
            "export": OVERSEERS,
            **roles,
        },
    )


class Audit(BaseModel):
    """FIN-5: a financial or performance audit of a contract, internal (by the buyer) or by an
    external auditor organisation, with its scope and, once done, its report date."""

    contract = models.ForeignKey(
        "procurement.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="audits",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AuditKind.choices)
    conducted_by = models.CharField(_("conducted by"), max_length=10, choices=Conductor.choices)
    auditor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("auditor organisation"),
        on_delete=models.PROTECT,
        related_name="audits_conducted",
        null=True,
        blank=True,
    )
    scope = models.TextField(_("scope"))
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    starts_on = models.DateField(_("starts on"))
    reported_on = models.DateField(_("report issued on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    access = _audit_access("")

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.contract.number}"

    def clean(self):
        super().clean()
        errors = {}
        if self.conducted_by == Conductor.EXTERNAL and not self.auditor_id:
            errors["auditor"] = _("An external audit names the auditor organisation.")
        if self.conducted_by == Conductor.INTERNAL and self.auditor_id:
            errors["auditor"] = _("An internal audit has no auditor organisation.")
        if self.auditor_id and self.contract_id and self.auditor_id == self.contract.supplier_id:
            errors["auditor"] = _("The supplier cannot audit its own contract.")
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors["period_to"] = _("The period ends on or after its start.")
        if self.reported_on and self.starts_on and self.reported_on < self.starts_on:
            errors["reported_on"] = _("The report is issued on or after the audit starts.")
        if errors:
            raise ValidationError(errors)


class Finding(BaseModel):
    """FIN-5: one finding of an audit."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="findings"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    text = models.TextField(_("finding"))

    access = _audit_access("audit__", add=OVERSEERS | {Role.ORG_ADMIN})

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["audit", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "number"],
                name="audits_finding_number_once",
                violation_error_message=_("The audit already has a finding of this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class RequiredAction(BaseModel):
    """FIN-5: what a finding requires, who must do it (the supplier or the buyer, and the
    person or office responsible) and by when (``due_on``, the last day); the follow-up: done on
    a day, with the evidence."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.PROTECT, related_name="actions"
    )
    text = models.TextField(_("required action"))
    party = models.CharField(_("to be done by"), max_length=10, choices=Party.choices)
    owner = models.CharField(_("responsible person or office"), max_length=200)
    due_on = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    evidence = models.TextField(_("evidence"), blank=True, editable=False)

    access = _audit_access(
        "finding__audit__",
        add=OVERSEERS | {Role.ORG_ADMIN},
        change=OVERSEERS | {Role.ORG_ADMIN},
    )

    class Meta:
        verbose_name = _("required action")
        verbose_name_plural = _("required actions")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return self.text[:80]
