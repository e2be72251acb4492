"""Issue 12, point 6 (WCAG 2.1 AA), the rules that hold without a browser: every field a page
shows has a name a screen reader can read, every progress bar is named, and the first thing a
keyboard reaches is a link to the page's content. The browser journey (``browser/
test_screens.py``) runs axe-core on the pages themselves; these tests name the template at
fault in seconds. The rules are listed in docs/architecture.md, "Accessibility"."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

import shegong
from shegong.core.testing import factories

SRC = Path(shegong.__file__).resolve().parent
TEMPLATES = sorted(p for p in SRC.glob("*/templates/**/*.html") if p.is_file())
LABEL = re.compile(r"<label\b[^>]*>", re.S)
PROGRESSBAR = re.compile(r"<[a-z]+\b[^>]*role=\"progressbar\"[^>]*>", re.S)


class Controls(HTMLParser):
    """The form controls of a page, the ids that a ``<label for>`` names, the focusable
    elements in document order, and the ``<main>`` element's attributes."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.labelled: set[str] = set()
        self.focusable: list[tuple[str, dict]] = []
        self.main: dict | None = None
        self._in_label = 0
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "label":
            self._in_label += 1
            if attrs.get("for"):
                self.labelled.add(attrs["for"])
        if tag == "main" and self.main is None:
            self.main = attrs
        if tag in ("input", "select", "textarea"):
            hidden = attrs.get("type") in ("hidden", "submit", "button", "reset", "image")
            if not hidden:
                self.controls.append({**attrs, "tag": tag, "wrapped": self._in_label > 0})
        if (
            (tag == "a" and attrs.get("href"))
            or tag in ("button", "select", "textarea")
            or (tag == "input" and attrs.get("type") != "hidden")
        ):
            self.focusable.append((tag, attrs))
            if tag == "a" and len(self.focusable) == 1:
                self._text = []

    def handle_endtag(self, tag):
        if tag == "label":
            self._in_label -= 1
        if tag == "a" and self._text is not None:
            self.focusable[0][1]["text"] = "".join(self._text).strip()
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def unnamed(self) -> list[str]:
        return [
            f"<{c['tag']} name={c.get('name')!r} id={c.get('id')!r}>"
            for c in self.controls
            if not (
                c["wrapped"]
                or c.get("id") in self.labelled
                or c.get("aria-label", "").strip()
                or c.get("aria-labelledby", "").strip()
                or c.get("title", "").strip()
            )
        ]


def controls(response) -> Controls:
    assert response.status_code == 200, response.status_code
    parser = Controls()
    parser.feed(response.content.decode())
    return parser


def test_every_label_in_the_templates_names_its_field():
    """A ``<label>`` without ``for`` names nothing (the staffing gap's and the CPD compliance
    page's filters were such: axe's critical ``label`` and ``select-name``)."""
    loose = [
        f"{path.relative_to(SRC)}: {tag}"
        for path in TEMPLATES
        for tag in LABEL.findall(path.read_text(encoding="utf-8"))
        if "for=" not in tag
    ]
    assert loose == []


def test_every_progress_bar_in_the_templates_has_a_name():
    """A progress bar is read as "progress bar, 40 %": it needs to say of what (the CPD
    panel's had no name: axe's serious ``aria-progressbar-name``)."""
    bars = {
        str(path.relative_to(SRC)): PROGRESSBAR.findall(path.read_text(encoding="utf-8"))
        for path in TEMPLATES
    }
    assert sum(len(found) for found in bars.values()) >= 2  # the job's and the CPD panel's
    unnamed = [
        f"{path}: {tag}"
        for path, found in bars.items()
        for tag in found
        if "aria-label=" not in tag and "aria-labelledby=" not in tag
    ]
    assert unnamed == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "workforce:staffing_gap",
        "education:compliance",
        "workforce:compliance_dashboard",
        "procurement:procurement_list",
        "reports:overview",
        "registry:registration_list",
        "registry:certificate_issue",
        "funding:budgetline_list",
        "portal:register",
        "portal:tenders",
        "accounts:login",
    ],
)
def test_every_field_of_the_page_has_a_name(client, tree, name):
    admin = factories.user("cityadmin", role="city_admin", scope=tree["city"])
    if name != "accounts:login":
        client.force_login(admin)
    page = controls(client.get(reverse(name)))
    assert page.controls, "the page shows no field: the test would prove nothing"
    # the navbar's language switch is among them, named by its aria-label
    assert any(c.get("name") == "language" for c in page.controls)
    assert page.unnamed() == []


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "text"), [("zh-hans", "跳到正文"), ("en", "Skip to content")])
def test_the_first_thing_a_keyboard_reaches_is_a_link_to_the_content(client, language, text):
    client.cookies["django_language"] = language
    page = controls(client.get(reverse("accounts:login")))
    tag, attrs = page.focusable[0]
    assert (tag, attrs["href"], attrs["text"]) == ("a", "#content", text)
    assert "visually-hidden-focusable" in attrs["class"]  # shown when it has the focus
    assert page.main is not None and page.main["id"] == "content"


@pytest.mark.django_db
def test_a_choice_filter_offers_all_as_its_empty_choice_once(client, tree):
    """A screen reader reads the empty choice of a filter: "全部", not "---------" (django-filter's
    own empty choice, which the filter form showed before "全部" on the registrations list)."""
    client.force_login(factories.user("cityadmin", role="city_admin", scope=tree["city"]))
    page = client.get(reverse("registry:registration_list")).content.decode()
    select = re.search(r'<select name="status".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options == [
        ("", "全部"),
        ("registered", "已登记"),
        ("suspended", "已暂停"),
        ("cancelled", "已取消登记"),
        ("expired", "已过期"),
    ]
