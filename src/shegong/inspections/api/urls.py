from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("inspection-findings", views.FindingViewSet, basename="inspection-finding")
router.register("violation-cases", views.CaseViewSet, basename="violation-case")
router.register("sanction-decisions", views.DecisionViewSet, basename="sanction-decision")
router.register("sanctions", views.SanctionViewSet, basename="sanction")
router.register("sanction-appeals", views.AppealViewSet, basename="sanction-appeal")
router.register("disciplinary-measures", views.DisciplineViewSet, basename="disciplinary-measure")
urlpatterns = router.urls
