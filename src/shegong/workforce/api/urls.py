from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("post-types", views.PostTypeViewSet, basename="posttype")
router.register("post-standards", views.PostStandardViewSet, basename="poststandard")
router.register("service-units", views.ServiceUnitViewSet, basename="serviceunit")
router.register("posts", views.PostViewSet, basename="post")
router.register("employments", views.EmploymentViewSet, basename="employment")
router.register("conversion-plans", views.ConversionPlanViewSet, basename="conversionplan")
urlpatterns = router.urls
