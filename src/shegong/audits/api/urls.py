from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("audits/report-forms", views.ReportFormViewSet, basename="audits-reportform")
router.register("audits/form-sections", views.FormSectionViewSet, basename="audits-formsection")
router.register("audits/form-fields", views.FormFieldViewSet, basename="audits-formfield")
router.register("audits/annual-reports", views.AnnualReportViewSet, basename="audits-annualreport")
router.register("audits/audits", views.AuditViewSet, basename="audits-audit")
router.register("audits/findings", views.FindingViewSet, basename="audits-finding")
router.register(
    "audits/required-actions", views.RequiredActionViewSet, basename="audits-requiredaction"
)
urlpatterns = router.urls
