from django.urls import path
from rest_framework.routers import SimpleRouter

from . import compliance, views

router = SimpleRouter()
router.register("post-types", views.PostTypeViewSet, basename="posttype")
router.register("post-standards", views.PostStandardViewSet, basename="poststandard")
router.register("service-units", views.ServiceUnitViewSet, basename="serviceunit")
router.register("posts", views.PostViewSet, basename="post")
router.register("employments", views.EmploymentViewSet, basename="employment")
router.register("conversion-plans", views.ConversionPlanViewSet, basename="conversionplan")

from . import pay  # noqa: E402

router.register("grades", pay.GradeViewSet, basename="grade")
router.register("pay-guidance", pay.PayGuidanceViewSet, basename="payguidance")
router.register("technician-pay", pay.TechnicianPayViewSet, basename="technicianpay")
router.register("employment-grades", pay.EmploymentGradeViewSet, basename="employmentgrade")
router.register("pay-records", pay.PayRecordViewSet, basename="payrecord")
router.register(
    "insurance-contributions", pay.InsuranceContributionViewSet, basename="insurancecontribution"
)
router.register(
    "promotion-applications", pay.PromotionApplicationViewSet, basename="promotionapplication"
)
urlpatterns = [
    path(
        "workforce/compliance/",
        compliance.ComplianceDashboardView.as_view(),
        name="compliance-dashboard",
    ),
    path("workforce/staffing-gap/", compliance.StaffingGapView.as_view(), name="staffing-gap"),
    *router.urls,
]
