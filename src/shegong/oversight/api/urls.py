from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("quality-standards", views.QualityStandardViewSet, basename="qualitystandard")
router.register("self-assessments", views.SelfAssessmentViewSet, basename="selfassessment")
router.register(
    "self-assessment-items", views.SelfAssessmentItemViewSet, basename="selfassessmentitem"
)
router.register("statistics-returns", views.StatisticsReturnViewSet, basename="statisticsreturn")
router.register("service-complaints", views.ComplaintViewSet, basename="servicecomplaint")
router.register("visit-draws", views.VisitDrawViewSet, basename="visitdraw")
router.register("draw-entries", views.DrawEntryViewSet, basename="drawentry")
router.register("visits", views.VisitViewSet, basename="visit")
router.register("contract-evaluations", views.EvaluationViewSet, basename="contractevaluation")
router.register(
    "evaluator-assignments", views.EvaluatorAssignmentViewSet, basename="evaluatorassignment"
)
urlpatterns = router.urls
