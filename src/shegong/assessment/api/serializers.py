from shegong.core.api.serializers import RecordSerializer

from ..models import Appeal, Assessment, AssessmentCycle, AssessmentForm, ScoreSheet


class AssessmentCycleSerializer(RecordSerializer):
    class Meta:
        model = AssessmentCycle
        fields = [
            "id",
            "year",
            "area",
            "reference_date",
            "opens_on",
            "closes_on",
            "status",
            "results_computed_at",
            "published_on",
            "rules",
            "note",
            "version",
        ]
        read_only_fields = ["status", "results_computed_at", "published_on", "rules"]


class AssessmentFormSerializer(RecordSerializer):
    class Meta:
        model = AssessmentForm
        fields = [
            "id",
            "post_type",
            "name",
            "guidance",
            "weight_ability",
            "weight_conduct",
            "weight_performance",
            "weight_moral",
            "weight_quality",
            "weight_level",
            "is_active",
            "version",
        ]


class AssessmentSerializer(RecordSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "cycle",
            "person",
            "employment",
            "organisation",
            "served_unit",
            "form",
            "weights",
            "employer_score",
            "served_unit_score",
            "combined_score",
            "computed_rating",
            "rating",
            "cap_demoted",
            "rating_note",
            "version",
        ]
        read_only_fields = fields


class ScoreSheetSerializer(RecordSerializer):
    class Meta:
        model = ScoreSheet
        fields = [
            "id",
            "assessment",
            "side",
            "scoring_organisation",
            "status",
            "score_ability",
            "score_conduct",
            "score_performance",
            "score_moral",
            "score_quality",
            "score_level",
            "total",
            "comment",
            "submitted_by",
            "submitted_at",
            "version",
        ]
        read_only_fields = fields


class AppealSerializer(RecordSerializer):
    class Meta:
        model = Appeal
        fields = [
            "id",
            "assessment",
            "lodged_on",
            "grounds",
            "status",
            "previous_rating",
            "previous_score",
            "new_rating",
            "new_score",
            "decided_by",
            "decided_on",
            "decision_reasons",
            "version",
        ]
        read_only_fields = fields
