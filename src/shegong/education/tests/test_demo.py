"""The education demo on a small world: every part present, written through the services (in
the audit trail), and a second run creates nothing."""

from __future__ import annotations

import random
from datetime import date

import pytest

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.education import demo
from shegong.education.models import (
    CourseSession,
    CpdRecord,
    Supervision,
    SupervisionSession,
    Supervisor,
    TrainingProvider,
    TrainingTarget,
)

from . import data

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(tree):
    org = factories.organisation(tree["futian"])
    for i in range(12):
        who = data.person(tree["futian"], org)
        data.certificate(who, "senior" if i < 2 else "assistant", issued=date(2020, 1, 1))
    messages = []
    demo.generate("district", random.Random(1), messages.append)
    assert TrainingProvider.objects.count() == 4
    assert TrainingProvider.objects.filter(organisation=org).count() == 1
    assert CourseSession.objects.exists()
    assert CpdRecord.objects.filter(status="approved", source="provider").count() > 12
    assert CpdRecord.objects.filter(status="claimed").count() == 5
    assert Supervisor.objects.count() == 2 and Supervision.objects.count() == 10
    assert SupervisionSession.objects.exists() or date.today().month < 3
    assert TrainingTarget.objects.count() == 3
    created = AuditRecord.objects.filter(model="education.cpdrecord", action="create")
    # one record per claim; the imported attendance in bulk records, a row each
    assert sum(r.bulk_count or 1 for r in created) == CpdRecord.objects.count()
    records = CpdRecord.objects.count()
    demo.generate("district", random.Random(2), messages.append)
    assert CpdRecord.objects.count() == records and messages[-1] == "education: already loaded"
