"""A visitor's page from a kept shell: the layout rendered once, the request's part each time
(issue 13).

A page for everyone, such as the public register, is the same layout (``base.html``: the
bar, the language form, the footer) and the same headings and texts for every visitor of one
address in one language; only a part depends on the request (the search form with what the
visitor typed, and the results). Rendering the whole template for every visitor cost the
public register page three times the public API's CPU. :func:`visitor_page` renders the page
once per template, part, language and path around placeholders (the *shell*), keeps it in
this process, and for each visitor renders only the part and puts it, the visitor's own
CSRF token and the address for the language form into the shell.

How a page uses it: its template includes its per-request part with ``{% include part %}``
and its view answers with ``visitor_page(request, "app/page.html", "app/part.html",
context)``. Everything outside the part may depend only on the language, the path and the
context's values that are the same for every visitor (a title); the part is rendered with the
context alone (no context processors), plus ``csrf_token``. A signed-in user, or a visitor
with a session or a flash message (:func:`for_everyone`), gets the whole template rendered
with the request, as any page.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import engines
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

#: Placeholders of the shell, unguessable, so that nothing a visitor types can be one.
_TOKEN = secrets.token_hex(12)
PART = f"shell-part-{_TOKEN}"
CSRF = f"shell-csrf-{_TOKEN}"
NEXT = f"shell-next-{_TOKEN}"
_SLOTS = re.compile(f"({re.escape(PART)}|{re.escape(CSRF)}|{re.escape(NEXT)})")

#: The shells kept in this process, by template, part, language and path: each a list of
#: literal text and slot names. At most :data:`SHELLS_KEPT`; beyond, they are rendered afresh.
_SHELLS: dict[tuple[str, str, str, str], list[str]] = {}
SHELLS_KEPT = 200


def for_everyone(request) -> bool:
    """Whether the request's page is the same for every visitor of its address and language:
    a GET by a visitor who is not signed in, with no session and no flash message, outside
    htmx."""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "htmx", False)
    )


def visitor_page(request, template_name: str, part_name: str, context: dict) -> HttpResponse:
    """The page of ``template_name``; for a visitor (:func:`for_everyone`), its kept shell
    around ``part_name`` rendered for this request."""
    if not for_everyone(request):
        return render(request, template_name, {**context, "part": part_name})
    return HttpResponse(visitor_html(request, template_name, part_name, context))


def visitor_html(request, template_name: str, part_name: str, context: dict, token=None) -> str:
    """The HTML of :func:`visitor_page` for a visitor, with ``token`` as the CSRF token
    (default: the visitor's own, whose cookie is then set, as rendering the token does; a
    caller that keeps the page for other visitors gives a placeholder)."""
    token = token or get_token(request)
    part = render_to_string(part_name, {**context, "csrf_token": token})
    values = {PART: part, CSRF: token, NEXT: escape(request.get_full_path())}
    return "".join(
        values.get(piece, piece) for piece in _shell(request, template_name, part_name, context)
    )


def _shell(request, template_name: str, part_name: str, context: dict) -> list[str]:
    key = (template_name, part_name, get_language(), request.path)
    shell = _SHELLS.get(key)
    if shell is None:
        html = render_to_string(
            template_name,
            {
                **context,
                "part": engines["django"].from_string(PART).template,
                "csrf_token": CSRF,
                "language_next": NEXT,
            },
            request,
        )
        shell = _SLOTS.split(html)
        if not settings.DEBUG:  # in development a changed template shows at once
            if len(_SHELLS) >= SHELLS_KEPT:
                _SHELLS.clear()
            _SHELLS[key] = shell
    return shell
