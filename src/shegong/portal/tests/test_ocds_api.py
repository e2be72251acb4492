"""The public OCDS API (issue 14, point 7): anonymous, rate-limited, valid packages, a page of
records in a bounded number of queries, never a draft; the bulk ZIP job."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shegong.core.testing import factories
from shegong.procurement import services
from shegong.procurement.ocds import jsonout, validation
from shegong.procurement.tests.data import criteria, item, plan, tender, today


@pytest.fixture
def futian(tree):
    district = tree["futian"]
    return {
        "officer": factories.user("futian_officer", role="district_officer", scope=district),
        "plan": plan(district),
    }


def _publish(futian, n: int):
    for i in range(n):
        draft = tender(
            item(futian["plan"]),
            title=f"长者服务项目公开招标{i}",
            bid_deadline=today() + timedelta(days=30),
        )
        criteria(draft)
        services.publish(futian["officer"], draft)


def _get(client, name, **params):
    response = client.get(reverse(f"api:{name}"), params)
    assert response.status_code == 200, response.content
    return jsonout.loads(response.content)


def test_records_and_releases_are_public_and_valid(client, futian):
    _publish(futian, 2)
    tender(item(futian["plan"]), title="草稿不公开")
    records = _get(client, "public_ocds_records")
    assert validation.errors(records, "record-package") == []
    assert len(records["records"]) == 2
    assert "草稿" not in jsonout.dumps(records)
    releases = _get(client, "public_ocds_releases")
    assert validation.errors(releases, "release-package") == []
    assert len(releases["releases"]) == 4
    one = _get(client, "public_ocds_releases", ocid=records["records"][0]["ocid"])
    assert {r["ocid"] for r in one["releases"]} == {records["records"][0]["ocid"]}
    url = records["records"][0]["releases"][0]["url"]
    assert "/api/v1/public/ocds/releases/?ocid=ocds-shegong-" in url


def test_a_bad_page_is_a_clear_400(client):
    response = client.get(reverse("api:public_ocds_records"), {"page": "x"})
    assert response.status_code == 400
    assert response.json() == {"page": ["A page number is a whole number from 1."]}


@pytest.mark.parametrize("n", [1, 30])
def test_a_page_of_records_costs_the_same_queries(client, futian, n):
    _publish(futian, n)
    client.get(reverse("api:public_ocds_records"))  # warm caches (parameters, sessions)
    with CaptureQueriesContext(connection) as queries:
        records = _get(client, "public_ocds_records")
    assert len(records["records"]) == n
    # the page, its procurements, their criteria, documents, clarifications and contracts (the
    # contracts' payments only when there are contracts): a fixed number, whatever n
    assert len(queries) <= 6, [q["sql"] for q in queries]


def test_the_bulk_download_is_a_zip_of_both_packages(client, futian):
    _publish(futian, 3)
    assert client.get(reverse("api:public_ocds_bulk")).status_code == 404
    assert client.post(reverse("api:public_ocds_bulk")).status_code in (401, 403)
    client.force_login(futian["officer"])
    started = client.post(reverse("api:public_ocds_bulk"))
    assert started.status_code == 202
    assert started.json()["status"] == "done"
    client.logout()
    response = client.get(reverse("api:public_ocds_bulk"))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        releases = jsonout.loads(zf.read("release-package.json"))
        records = jsonout.loads(zf.read("record-package.json"))
    assert validation.errors(releases, "release-package") == []
    assert validation.errors(records, "record-package") == []
    assert len(records["records"]) == 3


def test_the_api_is_rate_limited_per_client(client, settings, db):
    settings.PUBLIC_REGISTER_RATE = "2/minute"
    url = reverse("api:public_ocds_records")
    # Nothing is published: each answer is a 404 (an empty package is invalid), counted alike.
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 429]
    other = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 404
    assert client.get(reverse("api:public_register"), {"q": "SW2026000123"}).status_code == 200


def test_a_page_without_releases_is_a_404_never_an_invalid_empty_package(client, futian):
    # OCDS 1.1.5: "releases" and "records" hold at least one item (minItems: 1).
    for name in ("public_ocds_records", "public_ocds_releases"):
        nothing = client.get(reverse(f"api:{name}"))
        assert nothing.status_code == 404
        assert nothing.json() == {"detail": "No procurement is published here yet."}
    _publish(futian, 1)
    past = client.get(reverse("api:public_ocds_records"), {"page": 2})
    assert past.status_code == 404
    assert past.json() == {"detail": "There is no page 2: the last page is before it."}
    unknown = client.get(reverse("api:public_ocds_releases"), {"ocid": "ocds-shegong-999999"})
    assert unknown.status_code == 404


def test_the_bulk_job_refuses_to_write_an_empty_package(client, futian):
    from shegong.core.models import Job

    client.force_login(futian["officer"])
    started = client.post(reverse("api:public_ocds_bulk"))
    assert started.json()["status"] == "failed"
    assert Job.objects.get().errors == [
        "No procurement is published yet: there is nothing to download."
    ]


def test_each_published_document_has_its_public_download_url(client, futian, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shegong.procurement.models import TenderDocument

    settings.PUBLIC_URL = "https://shegong.example.gov.cn"
    draft = tender(item(futian["plan"]), bid_deadline=today() + timedelta(days=30))
    criteria(draft)
    document = services.add_document(
        futian["officer"],
        TenderDocument,
        {
            "procurement": draft,
            "title": "招标文件",
            "file": SimpleUploadedFile("招标文件.pdf", b"%PDF-1.4", "application/pdf"),
        },
    )
    services.publish(futian["officer"], draft)
    releases = _get(client, "public_ocds_releases")
    assert validation.errors(releases, "release-package") == []
    tender_release = next(r for r in releases["releases"] if "tender" in r["tag"])
    url = tender_release["tender"]["documents"][0]["url"]
    assert url == f"https://shegong.example.gov.cn/tenders/documents/{document.pk}/"
    download = client.get(url.removeprefix("https://shegong.example.gov.cn"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4"
