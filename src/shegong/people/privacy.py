"""Masking of a person's private fields. ID numbers, phones and addresses use the platform's
:func:`shegong.core.privacy.mask`; a birth date keeps only its year (``1990-**-**``)."""

from shegong.core.privacy import mask


def mask_field(name: str, value) -> str:
    if value in (None, ""):
        return ""
    if name == "birth_date":
        return f"{str(value)[:4]}-**-**"
    return mask(value)
