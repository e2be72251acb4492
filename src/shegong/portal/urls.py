from django.urls import path

from . import complaints, register, verify, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    *register.urlpatterns,
    *verify.urlpatterns,
    *complaints.urlpatterns,
]
