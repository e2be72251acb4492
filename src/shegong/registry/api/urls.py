"""The register's API; each part adds its routes to ``router`` in its own module."""

from rest_framework.routers import SimpleRouter

from .views import register_routes

router = SimpleRouter()
register_routes(router)
urlpatterns = router.urls
