from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("indicator-systems", views.IndicatorSystemViewSet, basename="indicatorsystem")
router.register("indicator-groups", views.IndicatorGroupViewSet, basename="indicatorgroup")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("grading-cycles", views.GradingCycleViewSet, basename="gradingcycle")
router.register("grading-applications", views.ApplicationViewSet, basename="gradingapplication")
router.register("grading-claims", views.ClaimViewSet, basename="gradingclaim")
router.register("grading-assignments", views.AssignmentViewSet, basename="gradingassignment")
router.register("grading-scores", views.ScoreViewSet, basename="gradingscore")
router.register("organisation-grades", views.GradeViewSet, basename="organisationgrade")
router.register("grading-appeals", views.AppealViewSet, basename="gradingappeal")
urlpatterns = router.urls
