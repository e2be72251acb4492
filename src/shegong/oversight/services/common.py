"""Helpers shared by the oversight services."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.procurement.choices import ContractStatus
from shegong.procurement.models import Contract


def _today() -> date:
    return timezone.localdate()


def _require_running(contract: Contract) -> None:
    if contract.status != ContractStatus.IN_FORCE:
        raise ValidationError(_("The contract is terminated; it is no longer monitored."))
