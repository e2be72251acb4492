"""The register's API: read-only lists (``views``) and each workflow part's own routes."""

from rest_framework.routers import SimpleRouter

from . import certificates, conduct, exams, registrations, views

router = SimpleRouter()
for part in (exams, certificates, registrations, conduct, views):
    part.register_routes(router)
urlpatterns = router.urls
