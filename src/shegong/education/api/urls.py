from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("training-providers", views.TrainingProviderViewSet, basename="trainingprovider")
router.register("courses", views.CourseViewSet, basename="course")
router.register("course-sessions", views.CourseSessionViewSet, basename="coursesession")
router.register("cpd-rules", views.CpdRuleViewSet, basename="cpdrule")
router.register("training-targets", views.TrainingTargetViewSet, basename="trainingtarget")
# Before cpd-records, so that import/ is not taken for an id.
router.register("cpd-records/import", views.AttendanceImportViewSet, basename="cpdrecord-import")
router.register("cpd-records", views.CpdRecordViewSet, basename="cpdrecord")
router.register("cpd-reminders", views.CpdReminderViewSet, basename="cpdreminder")
router.register("cpd-compliance", views.ComplianceViewSet, basename="cpdcompliance")
router.register("cpd-progress", views.ProgressViewSet, basename="cpdprogress")
router.register("supervisors", views.SupervisorViewSet, basename="supervisor")
router.register("supervisions", views.SupervisionViewSet, basename="supervision")
router.register(
    "supervision-sessions", views.SupervisionSessionViewSet, basename="supervisionsession"
)
urlpatterns = router.urls
