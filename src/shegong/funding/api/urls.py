from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("catalogue-items", views.CatalogueItemViewSet, basename="catalogueitem")
router.register("budget-lines", views.BudgetLineViewSet, basename="budgetline")
router.register("ledger-entries", views.LedgerEntryViewSet, basename="ledgerentry")
urlpatterns = router.urls
