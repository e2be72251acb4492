from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("incubation/bases", views.BaseViewSet, basename="incubation-base")
router.register("incubation/places", views.PlaceViewSet, basename="incubation-place")
router.register(
    "incubation/priority-rules", views.PriorityRuleViewSet, basename="incubation-priorityrule"
)
router.register("incubation/calls", views.CallViewSet, basename="incubation-call")
router.register(
    "incubation/applications", views.ApplicationViewSet, basename="incubation-application"
)
router.register("incubation/occupancies", views.OccupancyViewSet, basename="incubation-occupancy")
router.register("incubation/milestones", views.MilestoneViewSet, basename="incubation-milestone")
urlpatterns = router.urls
