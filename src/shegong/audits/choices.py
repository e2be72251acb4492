from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldKind(models.TextChoices):
    """FIN-5: the type of a field of the annual work report form; values are validated by it."""

    MONEY = "money", _("Money (yuan)")
    INTEGER = "integer", _("Whole number")
    TEXT = "text", _("Text")
    YES_NO = "yes_no", _("Yes or no")


class Prefill(models.TextChoices):
    """FIN-5: where a field's value may be prefilled from."""

    NONE = "", _("Nothing")
    GOVERNMENT_PURCHASE = (
        "government_purchase",
        _("Payments of purchased services to the organisation in the year (funding ledger)"),
    )


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FILED = "filed", _("Filed")


class AuditKind(models.TextChoices):
    """FIN-5: what an audit of a contract looks at."""

    FINANCIAL = "financial", _("Financial audit")
    PERFORMANCE = "performance", _("Performance audit")


class Conductor(models.TextChoices):
    """FIN-5: internal audit, or external supervision by an auditor organisation."""

    INTERNAL = "internal", _("Internal audit")
    EXTERNAL = "external", _("External auditor")


class Severity(models.TextChoices):
    OBSERVATION = "observation", _("Observation")
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")


class Party(models.TextChoices):
    """Who must carry out a required action."""

    SUPPLIER = "supplier", _("Supplier organisation")
    BUYER = "buyer", _("Buyer district")
