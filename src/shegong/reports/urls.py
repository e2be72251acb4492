from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("figures/<slug:key>/xlsx/", views.figure_xlsx, name="figure_xlsx"),
    path("reports/", views.reports, name="reports"),
    path("purchasing/", views.money_dashboard, name="money"),
    path("purchasing/<slug:key>/xlsx/", views.money_export, name="money_export"),
    path("oversight/", views.oversight_dashboard, name="oversight"),
    path("oversight/<slug:key>/xlsx/", views.oversight_export, name="oversight_export"),
]
