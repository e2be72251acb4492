"""The menu by task (issue 12, point 2; ``core/menu.py``): each role gets a short bar of work
groups (register, workforce, continuing education, assessment, purchasing, statistics,
administration) with only the entries the user may use; a social worker gets their own records;
a visitor the public pages. A module adds its group and entries by declaring them in its
``apps.py``."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core import checks
from django.utils import translation

from shegong.core.menu import SETTINGS, Entry, Group, menu_for
from shegong.core.permissions import can_any
from shegong.core.testing import factories

pytestmark = pytest.mark.django_db

SET = "— Settings and reference data —"
SUPERVISION = "— Supervision —"
PAY = "— Pay and insurance —"
GRADING = "— Grading —"
INCUBATION = "— Incubation —"
FUNDS = "— Funds and plans —"
TENDERS = "— Tenders and award —"
CONTRACTS = "— Contracts and payments —"
MONITORING = "— Monitoring and evaluation —"
AUDITS = "— Audits and annual reports —"
INSPECTIONS = "— Inspections and sanctions —"
COMMITTEES = "— Committees —"

#: Issue 15: the work of purchase of services and of oversight, which had piled up in one
#: drop-down of 32 entries, is two groups; grading and incubation are the organisations' group;
#: inside each, the everyday work in titled sections, the settings and reference data last.
CITY_ADMIN = {
    "Register": [
        "Applications to decide",
        "Registration applications",
        "Registrations",
        "Certificates",
        "Examinations",
        "Recall requests",
        "Conduct cases",
        SET,
        "Code of conduct",
    ],
    "Workforce": [
        "People",
        "Service units",
        "Posts",
        "Employment",
        "Conversion plans",
        "Promotion applications",
        "Staffing gap",
        "Compliance dashboard",
        PAY,
        "Pay records",
        "Insurance contributions",
        SET,
        "Post types",
        "Post standards",
        "Grades",
        "Pay guidance",
        "Technician pay",
    ],
    "Training": [
        "Continuing-education records",
        "Compliance",
        "Reminders",
        "Training plan",
        "Training providers",
        "Courses",
        "Course sessions",
        SUPERVISION,
        "Supervisors",
        "Supervision pairs",
        "Supervision sessions",
        SET,
        "Continuing-education rules",
    ],
    "Assessment": [
        "Assessment cycles",
        "Assessments",
        "Score sheets",
        "Assessment appeals",
        SET,
        "Assessment forms",
    ],
    "Organisations": [
        "Organisations",
        GRADING,
        "Grading cycles",
        "Grading applications",
        "Organisation grades",
        INCUBATION,
        "Incubation bases",
        "Calls for applicants",
        "Incubation applications",
        "Occupancy",
        SET,
        "Service fields",
        "Indicator systems",
        "Priority rules",
    ],
    "Purchasing": [
        FUNDS,
        "Budget lines",
        "Ledger",
        "Purchase plans",
        TENDERS,
        "Procurements",
        "Clarifications",
        "Objections",
        "Bids",
        "Bid openings",
        "Panel seats",
        "Awards",
        "Challenges",
        CONTRACTS,
        "Contracts",
        "Payment schedule",
        "Payments",
        SET,
        "Service catalogue",
        "Evaluation experts",
    ],
    "Oversight": [
        MONITORING,
        "Visits dashboard",
        "Visit draws",
        "Evaluation visits",
        "Evaluations",
        "Self-assessments",
        "Statistics returns",
        "Service complaints",
        AUDITS,
        "Annual work reports",
        "Audits",
        "Required actions",
        INSPECTIONS,
        "Inspections",
        "Findings",
        "Cases of violation",
        "Decisions",
        "Sanctions",
        "Appeals",
        "Associations' own measures",
        COMMITTEES,
        "Coordinating committees",
        "Declared ties",
        SET,
        "Service quality standards",
        "Annual work report forms",
    ],
    "Statistics": [
        "Statistics overview",
        "Statistical reports",
        "Register reports",
        "Purchased services dashboard",
        "Oversight dashboard",
    ],
    "System": [
        "Users",
        "Audit trail",
        SET,
        "Areas",
        "Policy parameters",
        "Official calendar",
    ],
}


def outline(user) -> dict[str, list[str]]:
    """The user's menu as a reader sees it: group label → entries, section titles between."""
    with translation.override("en"):
        found = {}
        for group in menu_for(user):
            lines = []
            for section in group["sections"]:
                if section["title"]:
                    lines.append(f"— {section['title']} —")
                lines += [str(item["label"]) for item in section["items"]]
            found[str(group["label"])] = lines
        return found


@pytest.fixture
def org(tree):
    return factories.organisation(tree["futian"])


def test_the_city_administrator_gets_nine_groups_of_work(tree):
    admin = factories.user(role="city_admin", scope=tree["city"])
    assert outline(admin) == CITY_ADMIN


def test_a_district_officer_decides_no_applications_and_keeps_no_audit_trail(tree):
    officer = factories.user(role="district_officer", scope=tree["futian"])
    expected = {
        **CITY_ADMIN,
        "Register": CITY_ADMIN["Register"][1:],  # the registrars (city) decide applications
        "System": ["Users", SET, "Areas", "Policy parameters", "Official calendar"],
    }
    assert outline(officer) == expected


def test_an_organisation_administrator_gets_their_organisations_work(org):
    manager = factories.user(role="org_admin", scope=org)
    assert outline(manager) == {
        "Register": [
            "Registration applications",
            "Registrations",
            "Certificates",
            "Examinations",
            SET,
            "Code of conduct",
        ],
        "Workforce": CITY_ADMIN["Workforce"],
        "Training": [
            "Continuing-education records",
            "Compliance",
            "Reminders",
            "Training providers",
            "Courses",
            "Course sessions",
            SUPERVISION,
            "Supervisors",
            "Supervision pairs",
            "Supervision sessions",
            SET,
            "Continuing-education rules",
        ],
        "Assessment": CITY_ADMIN["Assessment"],
        # Organisations grade themselves (ORG-3) and apply to incubation bases.
        "Organisations": CITY_ADMIN["Organisations"],
        # Organisations see the published procurements of every district (FIN-3), no plans,
        # and the grants they receive (FIN-4); the expert pool and the catalogue are the
        # officials'.
        "Purchasing": [
            FUNDS,
            "Budget lines",
            "Ledger",
            TENDERS,
            "Procurements",
            "Clarifications",
            "Objections",
            "Bids",
            "Bid openings",
            "Panel seats",
            "Awards",
            "Challenges",
            CONTRACTS,
            "Contracts",
            "Payment schedule",
            "Payments",
        ],
        # FIN-5: their own contracts' visits, evaluations, self-assessments and returns, their
        # annual work reports and audits; ORG-5: their own findings, decisions, sanctions and
        # appeals; no committees (GOV-2, the officials').
        "Oversight": [
            MONITORING,
            "Evaluation visits",
            "Evaluations",
            "Self-assessments",
            "Statistics returns",
            AUDITS,
            "Annual work reports",
            "Audits",
            "Required actions",
            INSPECTIONS,
            "Findings",
            "Decisions",
            "Sanctions",
            "Appeals",
            SET,
            "Service quality standards",
        ],
        "Statistics": ["Register reports"],
        "System": ["Users", SET, "Areas", "Policy parameters", "Official calendar"],
    }


def test_a_field_department_officer_gets_their_fields_work(tree):
    """A field department (GOV-2) keeps its committees, the incubation and the purchase of its
    services; it grades no organisations, keeps no ledger, sanctions no one (ORG-5 is the
    registration authority's: it sees the associations' own measures only)."""
    officer = factories.user(role="field_officer", scope=tree["futian"])
    found = outline(officer)
    assert list(found) == [
        "Register",
        "Workforce",
        "Training",
        "Assessment",
        "Organisations",
        "Purchasing",
        "Oversight",
        "Statistics",
        "System",
    ]
    assert found["Organisations"] == [
        "Organisations",
        INCUBATION,
        "Incubation bases",
        "Calls for applicants",
        "Incubation applications",
        "Occupancy",
        SET,
        "Service fields",
        "Priority rules",
    ]
    assert found["Purchasing"] == [
        FUNDS,
        "Purchase plans",
        TENDERS,
        "Procurements",
        "Clarifications",
        "Objections",
        "Bids",
        "Bid openings",
        "Panel seats",
        "Awards",
        "Challenges",
        CONTRACTS,
        "Contracts",
        "Payment schedule",
        "Payments",
        SET,
        "Evaluation experts",
    ]
    assert found["Oversight"] == [
        MONITORING,
        "Visits dashboard",
        "Visit draws",
        "Evaluation visits",
        "Evaluations",
        "Self-assessments",
        "Statistics returns",
        "Service complaints",
        AUDITS,
        "Annual work reports",
        "Audits",
        "Required actions",
        INSPECTIONS,
        "Associations' own measures",
        COMMITTEES,
        "Coordinating committees",
        "Declared ties",
        SET,
        "Service quality standards",
        "Annual work report forms",
    ]


def test_an_auditor_reads_what_a_district_officer_reads_and_the_audit_trail(tree):
    auditor = factories.user(role="auditor", scope=tree["futian"])
    assert outline(auditor) == {
        **CITY_ADMIN,
        "Register": CITY_ADMIN["Register"][1:],
        "Statistics": [
            "Statistics overview",
            "Statistical reports",
            "Register reports",
            "Oversight dashboard",
        ],
    }


def test_an_evaluator_without_a_role_gets_their_evaluations_as_a_link(client, tree, monkeypatch):
    """FIN-5: an expert named to evaluate a contract holds no role; their menu is the page of
    their assignments, a link in the bar (who is an evaluator: ``oversight/tests``)."""
    evaluator = factories.user("evaluator1", home=tree["futian"])
    other = factories.user("evaluator2", home=tree["futian"])
    config = apps.get_app_config("oversight")
    monkeypatch.setattr(
        config,
        "navigation",
        tuple(
            dataclasses.replace(e, shows=lambda user: user == evaluator)
            if e.url_name == "oversight:evaluatorassignment_list"
            else e
            for e in config.navigation
        ),
    )
    assert outline(evaluator) == {"My records": ["My evaluations"]}
    assert outline(other) == {}
    client.force_login(evaluator)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    menu = page.split('id="menu"', 1)[1].split("</ul>", 1)[0]
    assert "dropdown" not in menu
    assert _links(menu) == ["工作台", "我的评估任务"]


def test_a_social_worker_gets_their_own_records_not_the_officials_lists():
    worker = factories.user(role="social_worker")
    assert outline(worker) == {
        "My records": [
            "My registration",
            "My continuing education",
            "My assessment",
            "My certificates",
        ]
    }


def test_a_supervisor_also_gets_their_supervision():
    supervisor = factories.user(role="supervisor")
    assert outline(supervisor)["My records"][-1] == "My supervision"


def test_a_visitor_gets_no_work_menu():
    assert menu_for(AnonymousUser()) == []


def test_the_group_labels_are_short_in_chinese(tree):
    admin = factories.user(role="city_admin", scope=tree["city"])
    with translation.override("zh-hans"):
        labels = [str(g["label"]) for g in menu_for(admin)]
        mine = [str(g["label"]) for g in menu_for(factories.user(role="social_worker"))]
    assert labels == [
        "登记管理",
        "人员与岗位",
        "继续教育",
        "考核评估",
        "社会组织",
        "购买服务",
        "监督管理",
        "统计分析",
        "系统管理",
    ]
    assert mine == ["我的"]


def _bar(page: str) -> str:
    return page.split('id="menu-bar"', 1)[1].split("</nav>", 1)[0]


def _links(html: str) -> list[str]:
    """The text of each link (the workbench's name is hidden behind its icon on a wide screen)."""
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", t)).strip()
        for t in re.findall(r"<a [^>]*>(.*?)</a>", html, re.S)
    ]


def test_the_bar_of_a_city_administrator_is_nine_drop_downs(client, tree):
    client.force_login(factories.user("cityadmin", role="city_admin", scope=tree["city"]))
    bar = _bar(client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    toggles = re.findall(r'data-menu-group="(\w+)"', bar)
    assert toggles == [
        "register",
        "workforce",
        "education",
        "assessment",
        "organisations",
        "purchasing",
        "oversight",
        "statistics",
        "system",
    ]
    # The workbench: an icon on a wide screen, named for screen readers and as its tooltip.
    assert 'class="nav-link menu-home active" aria-current="page" href="/" title="工作台">' in bar
    assert '<span class="menu-home-label">工作台</span></a>' in bar
    assert '<div class="dropdown-header" id="menu-workforce-2-1">薪酬与社保</div>' in bar
    assert 'href="/api/docs/">API 文档</a>' in bar  # in the user's menu, not the bar


def _columns(bar: str, group: str) -> list[list[str]]:
    """The section titles of each column of a group's drop-down."""
    menu = bar.split(f'data-menu-group="{group}"', 1)[1].split('class="nav-item', 1)[0]
    return [
        re.findall(r'class="dropdown-header"[^>]*>(.*?)</div>', column)
        for column in menu.split('<div class="menu-column">')[1:]
    ]


def test_a_long_drop_down_shows_its_sections_in_at_most_three_columns(client, tree):
    """Issue 15: the oversight drop-down (21 entries for a city administrator) reads as three
    short columns, no section split; the drop-downs of the bar's right half open leftwards so
    they stay in the window; a short one is one column."""
    client.force_login(factories.user(role="city_admin", scope=tree["city"]))
    bar = _bar(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert _columns(bar, "oversight") == [
        ["Monitoring and evaluation"],
        ["Audits and annual reports", "Inspections and sanctions"],
        ["Committees", "Settings and reference data"],
    ]
    assert _columns(bar, "purchasing") == [
        ["Funds and plans"],
        ["Tenders and award"],
        ["Contracts and payments", "Settings and reference data"],
    ]
    assert _columns(bar, "workforce") == [
        [],  # the everyday work, untitled
        ["Pay and insurance", "Settings and reference data"],
    ]
    assert _columns(bar, "register") == [["Settings and reference data"]]
    opening_left = re.findall(
        r'data-menu-group="(\w+)">\s*<a[^>]*>[^<]*</a>\s*<div class="dropdown-menu[^"]*-end"', bar
    )
    assert opening_left == ["organisations", "purchasing", "oversight", "statistics", "system"]


def test_a_social_worker_sees_their_records_as_links_in_the_bar(client):
    client.force_login(factories.user("worker", role="social_worker"))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    menu = page.split('id="menu"', 1)[1].split("</ul>", 1)[0]
    assert "dropdown" not in menu
    assert _links(menu) == ["工作台", "我的登记", "我的继续教育", "我的考核", "我的证书"]


def test_own_records_of_a_user_with_work_to_do_are_in_their_account_menu(client, org):
    """Issue 15: an organisation's administrator who is a social worker too finds their own
    records at the top of their account menu; the bar keeps the groups of work."""
    from shegong.accounts import services as account_services

    both = factories.user("both", role="org_admin", scope=org)
    account_services.create_membership(None, None, {"user": both, "role": "social_worker"})
    client.force_login(both)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    bar = page.split('id="menu"', 1)[1].split('class="navbar-user', 1)[0]
    assert 'data-menu-group="mine"' not in bar and "我的登记" not in bar
    assert re.findall(r'data-menu-group="(\w+)"', bar)[:2] == ["register", "workforce"]
    account = page.split('id="user-menu"', 1)[1]
    assert '<div class="dropdown-header" id="menu-mine">我的</div>' in account
    assert _links(account)[:5] == ["我的登记", "我的继续教育", "我的考核", "我的证书", "我的账户"]


def test_a_visitor_gets_the_public_pages(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    menu = page.split('id="menu"', 1)[1].split("</ul>", 1)[0]
    assert _links(menu) == ["登记公示", "登记查验", "采购公告", "处罚公示", "投诉"]
    assert 'href="/public-register/"' in menu
    with translation.override("en"):
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    menu = page.split('id="menu"', 1)[1].split("</ul>", 1)[0]
    assert _links(menu) == [
        "Public register",
        "Verify registrations",
        "Tenders",
        "Sanctions",
        "Complaints",
    ]


def test_the_page_the_user_is_on_is_marked_in_its_group(client, tree):
    client.force_login(factories.user(role="city_admin", scope=tree["city"]))
    bar = _bar(client.get("/workforce/posts/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert 'class="dropdown-item active" aria-current="page" href="/workforce/posts/">Posts' in bar
    workforce = bar.split('data-menu-group="workforce"', 1)[1]
    assert workforce.split(">", 1)[0] == ""  # the <li> itself
    assert 'class="nav-link dropdown-toggle active"' in workforce.split("</a>", 1)[0]
    assert bar.count('aria-current="page"') == 1


def test_a_list_page_works_out_the_menu_once(client, tree, monkeypatch):
    """Issue 13: the table of a list page is rendered with the page's context, which runs the
    context processors again; the menu and the bell's count are worked out once a request."""
    from shegong.core import context_processors

    calls = []
    real = context_processors.menu_and_key
    monkeypatch.setattr(
        context_processors, "menu_and_key", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    client.force_login(factories.user(role="city_admin", scope=tree["city"]))
    factories.organisation(tree["futian"])
    page = client.get("/workforce/posts/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and 'id="menu"' in page.content.decode()
    assert calls == [1]


def test_a_module_adds_its_group_and_entries_in_its_app_config(client, tree, monkeypatch):
    """A later module declares its group and entries (as purchase of services did); base.html
    and the menu code stay as they are."""
    config = apps.get_app_config("portal")
    monkeypatch.setattr(config, "menu_groups", (Group("services", "Services", order=55),))
    monkeypatch.setattr(
        config,
        "navigation",
        (
            Entry("Service contracts", "areas:area_list", "areas.area", "services"),
            Entry(
                "Contract rules", "core:calendarday_list", "core.calendarday", "services", SETTINGS
            ),
            # A titled section declared after the settings still comes before them.
            Entry(
                "Contract audits", "core:policyparameter_list", "areas.area", "services", "Audits"
            ),
            Entry("Hidden", "core:auditrecord_list", lambda user: False, "services"),
        ),
    )
    admin = factories.user(role="city_admin", scope=tree["city"])
    groups = list(outline(admin))
    assert groups.index("Services") == groups.index("Purchasing") + 1
    assert groups.index("Oversight") == groups.index("Services") + 1
    assert outline(admin)["Services"] == [
        "Service contracts",
        "— Audits —",
        "Contract audits",
        SET,
        "Contract rules",
    ]
    client.force_login(admin)
    bar = _bar(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert 'data-menu-group="services"' in bar
    assert "Hidden" not in bar


def test_every_entry_names_a_declared_group():
    assert [e for e in checks.run_checks() if e.id == "shegong.E003"] == []


def test_an_entry_of_an_undeclared_group_fails_the_system_check(monkeypatch):
    config = apps.get_app_config("portal")
    monkeypatch.setattr(
        config, "navigation", (Entry("Lost", "areas:area_list", "areas.area", "nowhere"),)
    )
    errors = [e for e in checks.run_checks() if e.id == "shegong.E003"]
    assert [e.msg for e in errors] == [
        "portal's menu entry 'Lost' names the group 'nowhere', which no app declares"
    ]


def test_own_records_do_not_count_for_an_officials_list(tree, org):
    from shegong.areas.models import Area  # noqa: PLC0415
    from shegong.registry.models import Registration  # noqa: PLC0415

    worker = factories.user(role="social_worker")
    manager = factories.user(role="org_admin", scope=org)
    assert can_any(worker, "view", Registration)  # their own registration
    assert not can_any(worker, "view", Registration, own=False)
    assert can_any(manager, "view", Registration, own=False)
    # Reference data (areas): every signed-in user may read it, only office holders get it
    # in the menu.
    assert can_any(worker, "view", Area)
    assert not can_any(worker, "view", Area, own=False)
    assert can_any(manager, "view", Area, own=False)


def test_the_workbench_lists_the_pages_by_the_same_groups(client, tree):
    client.force_login(factories.user(role="district_officer", scope=tree["futian"]))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    modules = page.split('id="modules"', 1)[1].split("</details>", 1)[0]
    assert re.findall(r'<h3 class="h6 fw-semibold mb-1" id="modules-\w+">(.*?)</h3>', modules) == [
        "登记管理",
        "人员与岗位",
        "继续教育",
        "考核评估",
        "社会组织",
        "购买服务",
        "监督管理",
        "统计分析",
        "系统管理",
    ]


def test_the_menu_bar_is_rendered_once_per_distinct_bar(client, tree, monkeypatch):
    """Issue 13: the bar was a third of the layout of every signed-in page. It is rendered once
    per distinct bar (entries, page marked, language) in a process; another user with the same
    menu gets the same HTML, a user with another menu, another page or language gets their own."""
    from django.template import loader

    from shegong.core import context_processors

    monkeypatch.setattr(context_processors, "_BARS", {})
    rendered = []
    real = loader.get_template

    def counting(name, *args, **kwargs):
        if name == "core/partials/menu_bar.html":
            rendered.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(context_processors, "get_template", counting)
    first = factories.user(role="city_admin", scope=tree["city"])
    second = factories.user(role="city_admin", scope=tree["city"])
    officer = factories.user(role="district_officer", scope=tree["futian"])
    bars = []
    for user, path, language in [
        (first, "/workforce/posts/", "en"),
        (first, "/workforce/posts/", "en"),
        (second, "/workforce/posts/", "en"),
        (first, "/workforce/posts/", "zh-hans"),
        (first, "/", "en"),
        (officer, "/workforce/posts/", "en"),
    ]:
        client.force_login(user)
        page = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        bars.append(page.split('id="menu"', 1)[1].split('class="navbar-user', 1)[0])
    assert len(rendered) == 4  # city (en), city (zh), the workbench marked, the officer's
    assert bars[0] == bars[1] == bars[2]
    assert ">Posts</a>" in bars[0] and ">岗位</a>" in bars[3]
    assert 'aria-current="page" href="/workforce/posts/"' in bars[0]
    assert 'aria-current="page" href="/" title="Workbench">' in bars[4]
    assert 'aria-current="page"' not in bars[4].split("Workbench", 1)[1]
    assert "Audit trail" in bars[0] and "Audit trail" not in bars[5]


def test_can_any_asks_the_policy_once_per_set_of_grants(tree, org):
    """Issue 13: the menu asks ``can_any`` some fifty times a page; the answer is kept per set
    of grants. A new grant is another set: it is asked again, never answered from the old."""
    from shegong.accounts import services as account_services
    from shegong.accounts.models import Membership
    from shegong.core import permissions
    from shegong.registry.models import Registration

    manager = factories.user(role="org_admin", scope=org)
    asked = []
    policy = permissions.policy_of(Registration)

    class Counting(type(policy)):
        def roles_for(self, action):
            asked.append(action)
            return super().roles_for(action)

    counting = Counting(**{f: getattr(policy, f) for f in policy.__dataclass_fields__})
    try:
        Registration.access = counting
        assert not permissions.can_any(manager, "change", Registration)
        after_first = len(asked)
        assert after_first >= 1
        assert not permissions.can_any(manager, "change", Registration)
        assert len(asked) == after_first  # kept
        account_services.create_membership(
            None, None, {"user": manager, "role": "city_admin", "area": tree["city"]}
        )
        manager = type(manager).objects.get(pk=manager.pk)  # the next request's user
        assert Membership.objects.filter(user=manager).count() == 2
        assert permissions.can_any(manager, "change", Registration)
        assert len(asked) > after_first  # another set of grants: asked again
    finally:
        Registration.access = policy


def test_the_menu_asks_about_models_once_per_set_of_grants(tree, monkeypatch):
    """Issue 13: the menu's questions about a model's rows (some ninety for a city
    administrator) are asked on a user's first page and kept for their set of grants; an entry
    whose ``shows`` is a function is asked on every page (it may read the database); a new
    grant, a changed policy or a changed declaration is asked afresh, never answered from the
    old."""
    from shegong.accounts import services as account_services
    from shegong.core import menu as menu_module
    from shegong.core import permissions
    from shegong.registry.models import Certificate

    asked, functions = [], []
    real = menu_module.can_any
    monkeypatch.setattr(menu_module, "can_any", lambda *a, **k: asked.append(a[2]) or real(*a, **k))
    manager = factories.user(role="social_worker", home=tree["futian"])
    config = apps.get_app_config("registry")
    monkeypatch.setattr(
        config,
        "navigation",
        (
            *config.navigation,
            Entry("Counted", "areas:area_list", lambda user: functions.append(1), "register"),
        ),
    )
    first = outline(manager)
    assert "Register" not in first and "My certificates" in first["My records"]
    assert len(asked) > 50 and len(functions) == 1
    asked.clear()
    assert outline(manager) == first
    assert asked == [] and len(functions) == 2  # the models kept, the function asked again

    # A new grant: another set of grants, asked again; the officials' lists now show.
    account_services.create_membership(
        None, None, {"user": manager, "role": "city_admin", "area": tree["city"]}
    )
    manager = type(manager).objects.get(pk=manager.pk)  # the next request's user
    widened = outline(manager)
    assert len(asked) > 50
    assert "Certificates" in widened["Register"]

    # A changed policy (the certificates' rows closed to everyone): asked again.
    asked.clear()
    policy = permissions.policy_of(Certificate)
    monkeypatch.setattr(Certificate, "access", permissions.Access())
    assert "Certificates" not in outline(manager).get("Register", [])
    assert len(asked) > 50
    monkeypatch.setattr(Certificate, "access", policy)
    assert "Certificates" in outline(manager)["Register"]

    # A changed declaration: the new entry shows at once.
    monkeypatch.setattr(
        config,
        "navigation",
        (*config.navigation, Entry("Added", "areas:area_list", "areas.area", "register")),
    )
    assert "Added" in outline(manager)["Register"]


def test_the_menu_bar_of_two_users_with_the_same_entries_is_one_rendering(
    client, tree, org, monkeypatch
):
    """The kept bar (issue 13) is keyed by the entries shown and the one marked: two users with
    the same entries on the same page share one rendering; an organisation's administrator,
    whose entries differ, never gets the city administrator's bar."""
    from shegong.core import context_processors

    monkeypatch.setattr(context_processors, "_BARS", {})
    first = factories.user(role="city_admin", scope=tree["city"])
    second = factories.user(role="city_admin", scope=tree["city"])
    manager = factories.user(role="org_admin", scope=org)
    bars = {}
    for user in (first, second, manager):
        client.force_login(user)
        page = client.get("/workforce/posts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        bars[user.username] = page.split('id="menu"', 1)[1].split("csrfmiddlewaretoken", 1)[0]
    assert bars[first.username] == bars[second.username]
    assert bars[manager.username] != bars[first.username]
    assert "Audit trail" in bars[first.username] and "Audit trail" not in bars[manager.username]
    assert len(context_processors._BARS) == 2
