from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import CalendarYearView, DeadlineComputeView, ServiceRecordViewSet

router = SimpleRouter()
router.register("service-records", ServiceRecordViewSet, basename="service-record")
urlpatterns = [
    path("deadlines/compute/", DeadlineComputeView.as_view(), name="deadline-compute"),
    path("calendar/<int:year>/", CalendarYearView.as_view(), name="calendar-year"),
    *router.urls,
]
