"""The error summary at the top of a form (issue 12, point 4; the GOV.UK pattern).

``{% error_summary form %}`` draws a box headed with the number of problems, listing each
field's errors as a link to the field (``href="#id_<name>"``) and the form's own errors, which
the site's script (``core/shegong.js``) focuses when the page loads. The fields themselves
carry ``aria-invalid`` and ``aria-describedby`` (Django's ``BoundField``) pointing at the
message under them, ``<auto_id>_error`` in ``core/partials/form_fields.html``.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def summary_items(form) -> list[dict]:
    """Each problem of a bound ``form`` as ``{"text", "href"}``: the form's own errors first
    (no link), then each field's, in the order of the fields (linked to the field)."""
    if form is None or not getattr(form, "is_bound", False) or not form.errors:
        return []
    items = [{"text": str(error), "href": ""} for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:  # e.g. a stale version: nothing to go to
                items.append({"text": str(error), "href": ""})
                continue
            label = str(field.label or "").strip()
            text = _("%(field)s: %(error)s") % {"field": label, "error": error} if label else error
            target = field.id_for_label
            items.append({"text": str(text), "href": f"#{target}" if target else ""})
    return items


@register.inclusion_tag("core/partials/error_summary.html", takes_context=True)
def error_summary(context, form, id="error-summary"):  # noqa: A002 - the HTML attribute's name
    """The summary of ``form``'s errors; the view's ``form_warning`` (what happens if the
    next try fails too: the sign-in lockout) closes it."""
    items = summary_items(form)
    if items:
        # The summary takes the focus: a field's autofocus (the sign-in form's user name)
        # would take it back.
        for field in form.fields.values():
            field.widget.attrs.pop("autofocus", None)
    warning = context.get("form_warning", "") if items else ""
    return {"items": items, "summary_id": id, "warning": warning}
