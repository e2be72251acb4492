"""The workbench (工作台, issue 12 point 1): the home page after sign-in shows what waits for
the user, within their scope and never their own requests, oldest first; a social worker sees
their own registration, continuing education and certificates there."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from shegong.core import workbench
from shegong.core.testing import factories
from shegong.registry.models import RegistrationApplication
from shegong.registry.services import registrations as svc
from shegong.registry.tests.test_registrations import build_world, code

pytestmark = pytest.mark.django_db


def apply(actor, person, submitted: str):
    application = svc.apply(actor, person, code_of_conduct=code(), accepted=True)
    moment = timezone.make_aware(datetime.fromisoformat(submitted))
    RegistrationApplication.objects.filter(pk=application.pk).update(submitted_at=moment)
    return application


@pytest.fixture
def world(tree):
    w = build_world(tree)
    w["second"] = factories.user("second", role="city_officer", scope=tree["futian"])
    # Newest first in the database; the workbench lists them oldest first.
    w["luohu_app"] = apply(None, w["outsider"], "2026-11-20T09:00")
    w["futian_app"] = apply(w["registrar"], w["colleague"], "2026-11-02T09:00")
    return w


def queue(response, key):
    return next((q for q in response.context["waiting"] if q.queue.key == key), None)


def test_the_city_admins_workbench_lists_the_applications_waiting_oldest_first(world, client):
    client.force_login(world["admin"])
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["title"] == "Workbench"
    waiting = queue(response, "registry.applications")
    assert waiting.count == 2
    assert [row["text"] for row in waiting.rows] == [
        "周二 · First registration",
        "吴三 · First registration",
    ]
    page = response.content.decode()
    assert "Registration applications to decide" in page
    assert reverse("registry:registrationapplication_detail", args=[world["futian_app"].pk]) in page
    assert reverse("registry:registration_review") in page
    assert "Review applications" in page and "Import exam results" in page  # short cuts


def test_a_district_registrar_sees_only_their_district_and_not_what_they_filed(world, client):
    client.force_login(world["second"])
    rows = queue(client.get("/"), "registry.applications").rows
    assert [row["text"] for row in rows] == ["周二 · First registration"]
    # The registrar who filed 周二's application does not decide it: nothing waits for them.
    client.force_login(world["registrar"])
    response = client.get("/")
    assert queue(response, "registry.applications") is None
    assert "Nothing is waiting for you." in response.content.decode()
    client.force_login(world["luohu_registrar"])
    rows = queue(client.get("/"), "registry.applications").rows
    assert [row["text"] for row in rows] == ["吴三 · First registration"]


def test_a_social_worker_sees_their_registration_and_certificates(world, client):
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    registration = svc.approve(world["second"], application)
    registration.refresh_from_db()
    client.force_login(world["worker_user"])
    response = client.get("/")
    page = response.content.decode()
    assert "My status" in page
    assert registration.register_number in page
    assert "Registered" in page
    days = (registration.valid_until - timezone.localdate()).days
    assert f"{days} days left" in page
    assert reverse("registry:certificate_pdf", args=[world["cert"].pk]) in page
    assert world["cert"].number in page
    assert f"{days} days left" in page and "Valid until" in page
    assert formats.date_format(registration.valid_until, "DATE_FORMAT") in page
    # Continuing-education progress this year, against the rules in force (education panel).
    year = timezone.localdate().year
    assert f"0 of 15 days in {year}: 15 days missing" in page
    assert "0 of 72 hours in the registration period" in page
    # No record yet: said in words, not an empty bullet with a dash.
    assert '<p class="text-muted" id="cpd-records">No continuing-education records yet.</p>' in page
    assert "<li>—</li>" not in page
    # Nothing of others' work waits for a social worker; their short cuts are their own.
    assert response.context["waiting"] == []
    assert "Claim continuing education" in page and "Import exam results" not in page
    assert "Apply for registration" not in page  # registered: renewal is in the panel


def test_anonymous_visitors_keep_the_public_front_page(world, client):
    response = client.get("/")
    assert response.status_code == 200 and "Workbench" not in response.content.decode()


@pytest.mark.parametrize("key", sorted(workbench.QUEUES))
def test_every_declared_queue_is_restricted_to_the_users_scope(tree, key):
    """A user with no role sees nothing in any queue, and an official of one district only
    rows they may view (a queue's query must go through ``restrict``). The rows themselves,
    in two districts, are checked for the register above and for notifications below."""
    from shegong.core.permissions import restrict

    queue_ = workbench.QUEUES[key]
    nobody = factories.user("nobody")
    assert queue_.query(nobody).count() == 0
    official = factories.user("lh", role="district_officer", scope=tree["luohu"])
    rows = queue_.query(official)
    assert set(rows.values_list("pk", flat=True)) <= set(
        restrict(rows.model.objects.all(), official).values_list("pk", flat=True)
    )


# --- Notifications ------------------------------------------------------------------------------


def test_a_new_application_notifies_the_registrars_who_may_decide_it(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    """Filed by a Futian registrar for 周二 of Futian: the other Futian registrar and the city
    administrator are told (in the site and by e-mail where they have an address); Luohu's
    registrar is not (another district), nor the registrar who filed it (their own request)."""
    from shegong.accounts.models import User
    from shegong.core.models import Notification
    from shegong.registry.tests.test_registrations import make_certificate, make_person

    User.objects.filter(username__in=["second", "lh_reg", "registrar"]).update(
        email="reg@example.cn"
    )
    person = make_person("王六", world["futian"], world["org"])
    make_certificate(person)
    with django_capture_on_commit_callbacks(execute=True):
        application = svc.apply(world["registrar"], person, code_of_conduct=code(), accepted=True)
    told = Notification.objects.filter(url=application.get_absolute_url())
    assert sorted(told.values_list("user__username", flat=True)) == ["cityadmin", "second"]
    assert set(told.values_list("title", flat=True)) == {
        "Registration applications to decide: 王六 · First registration"
    }
    assert [m.to for m in mailoutbox] == [["reg@example.cn"]]  # the city admin has no address
    assert mailoutbox[0].subject == "Registration applications to decide: 王六 · First registration"

    client.force_login(world["second"])
    page = client.get("/").content.decode()
    assert "Notifications: 1 unread" in page  # the bell
    listing = client.get(reverse("core:notification_list")).content.decode()
    assert "Registration applications to decide: 王六 · First registration" in listing
    mine = told.get(user=world["second"])
    response = client.post(reverse("core:notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert "Notifications: 0 unread" in client.get("/").content.decode()
    # Someone else's notification is not found, and stays unread.
    other = told.get(user=world["admin"])
    assert client.post(reverse("core:notification_open", args=[other.pk])).status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_a_batch_refused_as_a_whole_notifies_no_one(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    """周二's application is created, then 郑四's is refused (no certificate): the batch is all
    or nothing, so no registrar is told of 周二's."""
    from django.core.exceptions import ValidationError

    from shegong.accounts.models import User
    from shegong.core.models import Notification

    User.objects.filter(username="second").update(email="reg@example.cn")
    people = [world["colleague"], world["no_cert"]]
    RegistrationApplication.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        svc.apply_batch(
            world["org_admin"], world["org"], people, code_of_conduct=code(), accepted=True
        )
    assert RegistrationApplication.objects.count() == 0
    assert Notification.objects.count() == 0 and mailoutbox == []


def test_a_cpd_claim_waits_for_the_officials_of_its_district_only(
    world, client, django_capture_on_commit_callbacks
):
    """A claim by 陈一 of Futian: Futian's district officer, Futian's two city officers and the
    city admin find it on their workbench and are notified; Luohu's officers neither; 陈一
    never (their own)."""
    from django.utils import timezone as tz

    from shegong.core.models import Notification
    from shegong.education import services as education

    futian = factories.user("ft_officer", role="district_officer", scope=world["futian"])
    luohu = factories.user("lh_officer", role="district_officer", scope=world["luohu"])
    data = {"title": "线上课程", "kind": "online", "completed_on": tz.localdate(), "days": 1}
    with django_capture_on_commit_callbacks(execute=True):
        record = education.claim(world["worker_user"], world["worker"], data)
    told = Notification.objects.filter(url=record.get_absolute_url())
    assert sorted(told.values_list("user__username", flat=True)) == [
        "cityadmin",
        "ft_officer",
        "registrar",
        "second",
    ]
    for user, expected in ((futian, ["陈一 · 线上课程"]), (world["admin"], ["陈一 · 线上课程"])):
        client.force_login(user)
        assert [r["text"] for r in queue(client.get("/"), "education.claims").rows] == expected
    for user in (luohu, world["worker_user"]):
        client.force_login(user)
        assert queue(client.get("/"), "education.claims") is None
