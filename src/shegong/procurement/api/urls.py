from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("purchase-plans", views.PurchasePlanViewSet, basename="purchaseplan")
router.register("plan-items", views.PlanItemViewSet, basename="planitem")
router.register("procurements", views.ProcurementViewSet, basename="procurement")
router.register("procurement-objections", views.ObjectionViewSet, basename="objection")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("contract-payments", views.PaymentViewSet, basename="payment")
router.register("bids", views.BidViewSet, basename="bid")
router.register("bid-openings", views.BidOpeningViewSet, basename="bidopening")
urlpatterns = router.urls
