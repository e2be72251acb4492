"""Issue 3, "Done when", through the API: results imported (a bad file rejected with every
error), a certificate issued, the person applies, the officer approves, the public register
and verification page show it, a conduct case ends in cancellation and both the register and
the certificate verification show that; every step is in the (intact) audit trail."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shegong.core import services
from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.people.models import Person
from shegong.people.validators import check_digit
from shegong.registry.models import Certificate, ExamResult, Registration


def nid(serial: int, birth: str = "19900101") -> str:
    first17 = f"440304{birth}{serial:03d}"
    return first17 + check_digit(first17)


HEADER = "身份证号,姓名,级别,考试年度,成绩,是否合格\n"


def upload(rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("results.csv", ("\ufeff" + HEADER + rows).encode("utf-8"))


def test_register_journey_through_the_api(client, tree, english):
    issuer = factories.user("issuer", role="certificate_issuer", scope=tree["city"])
    registrar = factories.user("registrar", role="city_officer", scope=tree["city"])
    # Separation of duties (issue 10): the official who opens a conduct case does not decide it.
    adjudicator = factories.user("adjudicator", role="city_admin", scope=tree["city"])
    worker_account = factories.user("zhangwei", role="social_worker", home=tree["futian"])
    year = timezone.localdate().year - 1

    # 1. A bad file is refused whole, every problem listed by row and column.
    client.force_login(issuer)
    bad = upload(f"{nid(11)[:-1]}0,张伟,助理社会工作师,{year},80,是\n12345,李娜,社工,{year},,否\n")
    response = client.post("/api/v1/exam-results/import/", {"file": bad})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} >= {
        (2, "身份证号"),
        (3, "身份证号"),
        (3, "级别"),
    }
    assert not Person.objects.exists() and not ExamResult.objects.exists()

    # 2. The good file: one pass, one fail; a dry run first writes nothing.
    good = f"{nid(11)},张伟,助理社会工作师,{year},80,是\n{nid(12)},李娜,社会工作师,{year},50,否\n"
    dry = client.post("/api/v1/exam-results/import/", {"file": upload(good), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["written"] is False
    assert not ExamResult.objects.exists()
    done = client.post("/api/v1/exam-results/import/", {"file": upload(good)})
    assert done.status_code == 200, done.content
    assert done.json()["created_results"] == 2
    passed = ExamResult.objects.get(passed=True)

    # 3. The issuer issues the certificate.
    response = client.post(
        "/api/v1/certificates/issue/", {"exam_result": passed.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    certificate = Certificate.objects.get()
    assert certificate.number.startswith(f"A{year}")

    # 4. The person (linked to their account) applies, accepting the code of conduct.
    person = Person.objects.get(national_id=nid(11))
    services.update_record(None, person, {"user": worker_account, "area": tree["futian"]})
    client.force_login(worker_account)
    response = client.post(
        "/api/v1/registration-applications/apply/",
        {"person": person.pk, "accept_code_of_conduct": True},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    application_id = response.json()["id"]

    # 5. The registrar approves.
    client.force_login(registrar)
    response = client.post(
        f"/api/v1/registration-applications/{application_id}/decide/",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    registration = Registration.objects.get()
    number = registration.register_number

    # 6. The public sees it, with no private data.
    client.logout()
    public = client.get(f"/api/v1/public/register/?q={number}")
    assert public.status_code == 200
    entry = public.json()["results"][0]
    assert (entry["name"], entry["status"]["code"]) == ("张伟", "registered")
    assert nid(11) not in public.content.decode()
    page = client.get(f"/verify/{number}/")
    assert page.status_code == 200 and "张伟" in page.content.decode()

    # 7. A conduct case ends in cancellation; the certificate is recalled on request.
    client.force_login(registrar)
    case = client.post(
        "/api/v1/conduct-cases/open/",
        {"person": person.pk, "source": "staff", "summary": "Accepted gifts from a client."},
        content_type="application/json",
    ).json()
    for step, body in [
        ("investigate", {}),
        ("hearing", {"hearing_date": timezone.localdate().isoformat()}),
        ("decide", {"decision": "Cancelled for misconduct.", "sanction": "cancellation"}),
    ]:
        if step == "decide":
            client.force_login(adjudicator)
        response = client.post(
            f"/api/v1/conduct-cases/{case['id']}/{step}/", body, content_type="application/json"
        )
        assert response.status_code == 200, (step, response.content)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    client.force_login(issuer)
    recall = client.get("/api/v1/recall-requests/?status=open").json()["results"][0]
    response = client.post(
        f"/api/v1/recall-requests/{recall['id']}/decide/",
        {"decision": "recall", "note": "Registration cancelled for misconduct."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content

    # 8. The register and the certificate verification show the outcome.
    client.logout()
    entry = client.get(f"/api/v1/public/register/?q={number}").json()["results"][0]
    assert entry["status"]["code"] == "cancelled"
    assert [s["sanction"]["code"] for s in entry["sanctions"]] == ["cancellation"]
    page = client.get(f"/verify/{certificate.number}/").content.decode()
    assert "Recalled" in page or "recalled" in page

    # 9. Every step is in the audit trail, and the trail is intact.
    models = set(AuditRecord.objects.values_list("model", flat=True))
    assert {
        "people.person",
        "registry.examresult",
        "registry.certificate",
        "registry.registrationapplication",
        "registry.registration",
        "registry.conductcase",
        "registry.recallrequest",
    } <= models
    assert list(verify_chain()) == []
