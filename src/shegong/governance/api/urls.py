from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("committee-members", views.CommitteeMemberViewSet, basename="committeemember")
router.register("declared-ties", views.DeclaredTieViewSet, basename="declaredtie")
urlpatterns = router.urls
