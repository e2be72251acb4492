from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import ApiTokenViewSet, MembershipViewSet, UserViewSet, me

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("tokens", ApiTokenViewSet, basename="apitoken")
urlpatterns = [path("me/", me, name="me"), *router.urls]
