import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .context import acting


class CorrelationIdMiddleware:
    """Give every request a correlation id (from ``X-Request-ID`` when a proxy sets one).

    Every audit record written while serving the request carries it, and the response
    returns it in ``X-Request-ID`` so that a support call can find the records.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        cid = incoming if incoming.isalnum() and len(incoming) <= 64 else None
        with acting(cid) as cid:
            request.correlation_id = cid
            response = self.get_response(request)
        response["X-Request-ID"] = cid
        return response


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` (issue 10).

    The setting maps a browser feature to the origins allowed to use it; an empty tuple turns
    the feature off for every origin (``camera=()``), ``"self"`` allows the site itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(
            f"{feature}=({' '.join(_origin(origin) for origin in origins)})"
            for feature, origins in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


def _origin(origin: str) -> str:
    return origin if origin in ("self", "*") else f'"{origin}"'


class SlidingSessionMiddleware:
    """Renew a session at most once every ``SESSION_RENEW_SECONDS`` (issue 13).

    The session times out ``SESSION_COOKIE_AGE`` after the user's last request, as with
    ``SESSION_SAVE_EVERY_REQUEST``, but a session saved less than ``SESSION_RENEW_SECONDS``
    ago is not written again: every signed-in page wrote its session (an ``UPDATE`` in a
    transaction) before. So the timeout counts from the last request to within that many
    seconds (30 minutes after the last request, at most one minute earlier by default).
    Only a signed-in user's session is renewed: a visitor's is never written here."""

    KEY = "_renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now  # modified: SessionMiddleware saves it, a new expiry
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user (issue 10).

    Pages and API answers for a signed-in user hold private data: neither the browser nor a
    proxy may keep a copy (a shared computer's back button, a disk cache). A response that
    sets its own ``Cache-Control`` keeps it. Static files never reach this middleware: WhiteNoise
    answers them first. The user is read after the view, so an API call authenticated by a
    token (DRF sets ``request.user``) counts as signed in too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True)
        return response


class NulCharacterMiddleware:
    """Refuse a request whose address or query string holds a NUL character (issue 10).

    PostgreSQL refuses NUL in text, so ``/verify/SZ%00…/`` or ``?q=…%00…`` reached the
    database and failed there (a 500, anonymous). No address, number or search of this
    application holds one: the request is answered with a 400 that says why (JSON for the
    API), before any view runs. Form fields and API fields refuse NUL in bodies already
    (Django's and DRF's ``ProhibitNullCharactersValidator``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        message = _(
            "The request contains a NUL character (U+0000), which no address or search of this "
            "site may hold. Remove it and try again."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(
            request,
            "core/bad_request.html",
            {"title": _("Bad request"), "message": message},
            status=400,
        )
