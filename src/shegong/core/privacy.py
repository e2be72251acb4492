"""Masking of private personal data (national ID numbers, phones, addresses).

A model lists its private fields in ``PRIVATE_FIELDS``. Roles with the ``view_private`` action
on a row see them in full (and each full view is logged by ``core.audit.record_read``); every
other viewer sees them masked, e.g. ``440304********123X`` or ``138****5678``. Free text
(``PRIVATE_TEXT_FIELDS``, a subset of ``PRIVATE_FIELDS``) is hidden whole: ``******``.
"""

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
