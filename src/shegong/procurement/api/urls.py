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
router.register("evaluation-experts", views.ExpertViewSet, basename="expert")
router.register("evaluation-panels", views.PanelViewSet, basename="panel")
router.register("panel-members", views.PanelMemberViewSet, basename="panelmember")
router.register("evaluation-scores", views.ScoreViewSet, basename="score")
router.register("evaluation-rankings", views.ResultViewSet, basename="result")
router.register("procurement-awards", views.AwardViewSet, basename="award")
router.register("procurement-challenges", views.ChallengeViewSet, basename="challenge")
urlpatterns = router.urls
