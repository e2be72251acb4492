"""Issue 12, point 12: every page of the district demo, as each role, shows values as a person
reads them. Signed in as each demo role, the crawl opens every page of the menu and the first
record of each list (at most ``MAX_PAGES`` in all) with Django's test client, and fails on:

- a raw Python dict or list (``{'`` or ``['``) or a ``\\u`` escape in the visible text;
- ``True``, ``False`` or ``None`` as the whole value of a table cell or a detail field;
- an error page: a status of 500 or more, or Django's bare "Not Found" / "Forbidden" text;
- in Chinese, an English value a person should read in Chinese (:data:`ENGLISH_WORDS`).

The demo is built once in the test (about a minute); the crawl itself takes seconds.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from shegong.accounts.models import User

from .demo_names import demo_username

pytestmark = pytest.mark.django_db

MAX_PAGES = 300
#: The demo roles crawled: the city administrator, a district officer, an organisation
#: administrator, a social worker linked to a person, and the auditor.
ROLES = ("admin", "officer_440304", "orgadmin_36", "worker_36_2", "auditor")
#: English words that are values, not names: none of them is part of a Chinese page.
ENGLISH_WORDS = (
    "None",
    "True",
    "False",
    "Yes",
    "No",
    "city",
    "national",
    "Submitted",
    "Approved",
    "Refused",
    "Pending",
    "Draft",
    "Valid",
    "Recalled",
    "Registered",
    "demo figures",
)
_ENGLISH = re.compile(r"(?<![A-Za-z_./-])(" + "|".join(ENGLISH_WORDS) + r")(?![A-Za-z_/-])")
#: Not read as words: scripts, styles, form values, and identifiers shown as ``<code>`` (a
#: rule's code such as ``city``).
_HIDDEN = re.compile(r"<(script|style|textarea|option|code)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_WHOLE_CELL = re.compile(r"<(td|dd)[^>]*>\s*(True|False|None)\s*</\1>")
_HREF = re.compile(r'href="([^"#?]+)(?:\?[^"]*)?"')
_SKIP = re.compile(
    r"/(logout|signout|delete|download|export|pdf|api|static|media|admin|i18n|jobs/\d+/download)"
    r"|\.(pdf|csv|xlsx|json|png|js|css)$|/setlang"
)


def visible_text(page: str) -> str:
    return html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", page)))


def problems(url: str, response, chinese: bool) -> list[str]:
    found = []
    if response.status_code >= 500:
        return [f"{url}: status {response.status_code}"]
    if "text/html" not in response.get("Content-Type", ""):
        return []
    page = response.content.decode()
    text = visible_text(page)
    if response.status_code in (403, 404) and "<nav" not in page:
        found.append(f"{url}: a bare {response.status_code} page")
    for pattern in ("{'", "['", "\\u"):
        if pattern in text:
            at = text.index(pattern)
            found.append(f"{url}: {pattern!r} in {text[max(at - 40, 0) : at + 60]!r}")
    for match in _WHOLE_CELL.finditer(page):
        found.append(f"{url}: a cell reads {match.group(2)}")
    if chinese:
        main = text.split("Shegong", 1)[-1]
        for match in _ENGLISH.finditer(main):
            at = match.start()
            context = " ".join(main[max(at - 40, 0) : at + 40].split())
            found.append(f"{url}: English {match.group(1)!r} in {context!r}")
    return found


def links(page: str, base: str, region: str | None = None) -> list[str]:
    if region == "nav":
        page = page.split("<nav", 1)[-1].split("</nav>", 1)[0]
    elif region == "first-record":
        body = page.split("<tbody", 1)
        if len(body) < 2:
            return []
        page = body[1].split("</tr>", 1)[0]
    out = []
    for href in _HREF.findall(page):
        url = urljoin(base, html.unescape(href))
        if urlsplit(url).netloc or not url.startswith("/") or _SKIP.search(url):
            continue
        out.append(url)
    return out


def crawl(client, chinese: bool, budget: int) -> tuple[list[str], int]:
    """The menu's pages, then the first record of each; ``(problems, pages visited)``."""
    found: list[str] = []
    seen: set[str] = set()
    lang = {"HTTP_ACCEPT_LANGUAGE": "zh-hans" if chinese else "en"}
    home = client.get("/", follow=True, **lang)
    found += problems("/", home, chinese)
    queue = links(home.content.decode(), "/", "nav")
    firsts = []
    while queue and len(seen) < budget:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, **lang)
        found += problems(url, response, chinese)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            firsts += links(response.content.decode(), url, "first-record")[:1]
    for url in firsts:
        if url in seen or len(seen) >= budget:
            continue
        seen.add(url)
        response = client.get(url, **lang)
        found += problems(url, response, chinese)
        if response.status_code == 200:  # the record's history tab too
            history = client.get(url + "?tab=history", **lang)
            found += problems(url + "?tab=history", history, chinese)
    return found, len(seen)


def test_every_page_of_the_demo_reads_as_a_person_reads_it(client):
    call_command("demo_data", "--scale", "district", verbosity=0)
    found, visited = [], 0
    for username in ROLES:
        client.force_login(User.objects.get(username=demo_username(username)))
        per_role = (MAX_PAGES - visited) // (len(ROLES) - ROLES.index(username))
        role_found, count = crawl(client, chinese=True, budget=per_role)
        found += [f"{username} {p}" for p in role_found]
        visited += count
        client.logout()
    assert visited > 5 * len(ROLES)
    assert found == [], "\n".join(found)
