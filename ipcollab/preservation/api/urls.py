from django.urls import path
from rest_framework.routers import SimpleRouter

from . import urls_delivery, urls_documents
from .views import FreezeInquiryView, FreezeOrderViewSet

router = SimpleRouter()
router.register("freezes", FreezeOrderViewSet, basename="freeze")

# Fixed paths before the router's: freezes/inquiry/ is not an order.
urlpatterns = [
    path("freezes/inquiry/", FreezeInquiryView.as_view(), name="freeze-inquiry"),
    *urls_documents.urlpatterns,
    *urls_delivery.urlpatterns,
    *router.urls,
]
