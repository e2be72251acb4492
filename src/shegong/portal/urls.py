from django.urls import path

from .views import complaints, home, register, sanctions, tenders, verify

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    *register.urlpatterns,
    *verify.urlpatterns,
    *complaints.urlpatterns,
    *tenders.urlpatterns,
    *sanctions.urlpatterns,
]
