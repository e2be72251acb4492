"""``{% load money %}{{ amount|yuan }}``: money as every page shows it (``core.money.yuan``)."""

from django import template

from shegong.core.money import yuan as _yuan

register = template.Library()


@register.filter
def yuan(amount) -> str:
    return _yuan(amount)
