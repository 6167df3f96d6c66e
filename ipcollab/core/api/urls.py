from django.urls import path

from .views import QuotaView

urlpatterns = [path("quotas/", QuotaView.as_view(), name="quotas")]
