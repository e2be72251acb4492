from rest_framework.routers import SimpleRouter

from .views import EducationViewSet, PersonViewSet, WorkHistoryViewSet

router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")
router.register("education", EducationViewSet, basename="education")
router.register("work-history", WorkHistoryViewSet, basename="workhistory")
urlpatterns = router.urls
