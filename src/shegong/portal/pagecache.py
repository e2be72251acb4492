"""The public register page's answers kept for visitors (REG-5; issue 13).

The register changes a few times a day and the same searches come again (the empty page, a
number an employer checks, a name in the news): a visitor's answer (the page's HTML) is kept in
the shared cache for ``PUBLIC_REGISTER_PAGE_SECONDS``, by the address with its query string,
the language and the day (a sanction comes into force or ends on a date, without a write).

**Never stale after a change.** Every change is audited; ``core.audit.changed`` is sent when
the transaction commits, with the models it changed. A change of a model the register shows
(:data:`SHOWN`) gives the register a new version (a random token in the shared cache); an
answer is kept with the version read *before* its search ran, and served only while that
version is current. An answer that raced a change carries the old version and is never
served. When the version is missing from the cache (evicted, a restart), nothing is served
until a new version is set.

**Only what is the same for every visitor is kept.** Only a visitor who is not signed in and
has no session or flash message gets a kept answer; the page is rendered with a placeholder for
the CSRF token, which each response replaces with the visitor's own token (``get_token``, which
also sets the visitor's cookie as rendering does). The layout holds no nonce (ADR 0035: the
policy allows no inline script or style, so there is none to reuse). Headers are made afresh
for every response by the middleware, as for any page.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from shegong.core import audit, shells

#: What the public register shows (``registry.services.public``): a change of one of these
#: gives the register a new version.
SHOWN = frozenset(
    {
        "registry.registration",
        "registry.certificate",
        "registry.conductcase",
        "people.person",
        "organisations.organisation",
        "areas.area",
    }
)
VERSION_KEY = "portal:register-page:version"
#: Rendered in place of the CSRF token, replaced by each visitor's own. The same in every
#: process with the same ``SECRET_KEY`` (an answer kept by one gunicorn worker or server is
#: served by the others: a placeholder drawn at random in each process stayed in the page as
#: the visitor's token, and their language switch was refused), and unguessable without the
#: key, so no search can put it in a page.
CSRF_PLACEHOLDER = "csrf-" + salted_hmac("shegong.portal.pagecache", "csrf").hexdigest()[:32]


def seconds() -> int:
    return settings.PUBLIC_REGISTER_PAGE_SECONDS


def for_everyone(request) -> bool:
    """Whether the request's answer is kept: when answers are kept at all, and the page is the
    same for every visitor with the same address and language (``core.shells.for_everyone``:
    a GET by a visitor who is not signed in, with no session and no flash message)."""
    return seconds() > 0 and shells.for_everyone(request)


def _key(request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"portal:register-page:{get_language()}:{timezone.localdate().isoformat()}:{address}"


class Kept:
    """One lookup: :attr:`html` the kept answer (``None``: render it), :meth:`keep` to keep a
    rendered one under the version read before the search."""

    def __init__(self, request):
        self.key = _key(request)
        found = cache.get_many([VERSION_KEY, self.key])
        self.version = found.get(VERSION_KEY)
        entry = found.get(self.key)
        self.html = None
        if self.version is not None and entry is not None and entry[0] == self.version:
            self.html = entry[1]

    def keep(self, html: str) -> None:
        if self.version is None:  # no current version: start one; keep from the next request
            cache.add(VERSION_KEY, secrets.token_hex(8), None)
            return
        cache.set(self.key, (self.version, html), seconds())


def new_version(sender=None, labels=frozenset(), **kwargs) -> None:
    """A change of what the register shows: every kept answer is dropped."""
    if labels & SHOWN:
        cache.set(VERSION_KEY, secrets.token_hex(8), None)


audit.changed.connect(new_version, dispatch_uid="portal-register-page-version")
