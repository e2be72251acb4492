"""Masking of private personal data (national ID numbers, phones, addresses).

A model lists its private fields in ``PRIVATE_FIELDS``. Roles with the ``view_private`` action
on a row see them in full (and each full view is logged by ``core.audit.record_read``); every
other viewer sees them masked, e.g. ``440304********123X`` or ``138****5678``. Free text
(``PRIVATE_TEXT_FIELDS``, a subset of ``PRIVATE_FIELDS``) is hidden whole: ``******``.
"""

from django.core.exceptions import FieldDoesNotExist

from .permissions import restrict

MASK = "*"


def mask(value) -> str:
    if value in (None, ""):
        return ""
    text = str(value)
    n = len(text)
    if n >= 15:  # national ID numbers: region code and check part stay visible
        return text[:6] + MASK * (n - 10) + text[-4:]
    if n >= 8:  # phones: carrier prefix and last four digits (7 would hide nothing)
        return text[:3] + MASK * (n - 7) + text[-4:]
    return text[:1] + MASK * (n - 1)


#: What a hidden free-text value shows instead (notes, comments: any part would leak).
HIDDEN = MASK * 6


def mask_field(model, field_name: str, value) -> str:
    """``value`` of ``model``'s private field masked: free text listed in the model's
    ``PRIVATE_TEXT_FIELDS`` (e.g. supervision notes) is hidden whole, the rest as :func:`mask`."""
    if field_name in getattr(model, "PRIVATE_TEXT_FIELDS", ()):
        return HIDDEN if value not in (None, "") else ""
    return mask(value)


def is_private(model, field_name: str) -> bool:
    return field_name in getattr(model, "PRIVATE_FIELDS", ())


# --- Filtering, sorting and searching (issue 10) --------------------------------------------------
# A filter, a sort key or a search lookup that reaches a private field answers whether a guess
# matches: with a masked ID number's 8 hidden digits and its check digit, a few requests recover
# it. So the same declaration decides these channels too (see docs/permissions.md).


def private_target(model, lookup: str) -> tuple[type, str, str] | None:
    """Where an ORM ``lookup`` from ``model`` reaches a private field: ``(the model declaring
    it, the relation path from model to that model ("" for model itself), the field's name)``,
    or ``None`` when it reaches none. ``"national_id__iexact"`` on a person gives
    ``(Person, "", "national_id")``; ``"person__phone"`` on a conduct case
    ``(Person, "person", "phone")``; a ``-`` (descending order) is ignored."""
    current, path = model, []
    for part in lookup.lstrip("-").split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:  # a lookup or transform ("iexact", "year"): no field
            return None
        if is_private(current, field.name):
            return current, "__".join(path), field.name
        related = getattr(field, "related_model", None)
        if not field.is_relation or related is None:
            return None
        current = related
        path.append(part)
    return None


def private_rows(queryset, user, target, path: str = ""):
    """``queryset`` narrowed to the rows whose ``target`` row (reached through ``path``) the
    user may ``view_private``: a filter or a search on its private field applies only there."""
    if getattr(user, "is_superuser", False):
        return queryset
    if not path:
        return restrict(queryset, user, "view_private")
    allowed = restrict(target._default_manager.all(), user, "view_private").values("pk")
    return queryset.filter(**{f"{path}__in": allowed})
