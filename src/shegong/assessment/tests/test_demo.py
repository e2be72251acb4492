"""The assessment demo: a published cycle within the excellent cap with an appeal waiting, a
second cycle, and nothing new on a second run."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from shegong.assessment import rules
from shegong.assessment.choices import AppealStatus, CycleStatus, Rating
from shegong.assessment.models import Appeal, Assessment, AssessmentCycle, ScoreSheet
from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord


@pytest.mark.django_db
def test_demo_runs_a_cycle_within_the_cap_once():
    call_command("demo_data", "--scale", "district", verbosity=0)
    statuses = set(AssessmentCycle.objects.values_list("status", flat=True))
    assert CycleStatus.PUBLISHED in statuses and len(statuses) == 2
    published = AssessmentCycle.objects.get(status=CycleStatus.PUBLISHED)
    assert published.rules["excellent_cap_percent"] == 20
    groups = (
        Assessment.objects.filter(cycle=published)
        .values("organisation")
        .annotate(n=Count("pk"), excellent=Count("pk", filter=Q(rating=Rating.EXCELLENT)))
    )
    assert groups
    for g in groups:
        assert g["excellent"] <= rules.excellent_slots(g["n"], 20, 1)
    assert not ScoreSheet.objects.filter(assessment__cycle=published, status="pending").exists()
    assert Appeal.objects.filter(status=AppealStatus.LODGED).exists()
    rows = AuditRecord.objects.count()
    call_command("demo_data", "--scale", "district", verbosity=0)
    assert AuditRecord.objects.count() == rows
    assert list(verify_chain()) == []
