from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("purchase-plans", views.PurchasePlanViewSet, basename="purchaseplan")
router.register("plan-items", views.PlanItemViewSet, basename="planitem")
router.register("procurements", views.ProcurementViewSet, basename="procurement")
router.register("procurement-objections", views.ObjectionViewSet, basename="objection")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("contract-payments", views.PaymentViewSet, basename="payment")
urlpatterns = router.urls
