from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("assessment-cycles", views.AssessmentCycleViewSet, basename="assessmentcycle")
router.register("assessment-forms", views.AssessmentFormViewSet, basename="assessmentform")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("score-sheets", views.ScoreSheetViewSet, basename="scoresheet")
router.register("assessment-appeals", views.AppealViewSet, basename="assessmentappeal")
urlpatterns = router.urls
