"""Hand-offs of a freeze order (service records, receipts, acknowledgement): see views_delivery."""

from django.urls import path

from .views_delivery import FreezeHandoffAcknowledgeView, FreezeHandoffListView

urlpatterns = [
    path("freezes/<int:pk>/handoffs/", FreezeHandoffListView.as_view(), name="freeze-handoffs"),
    path("freezes/<int:pk>/handoffs/<int:handoff_pk>/acknowledge/", FreezeHandoffAcknowledgeView.as_view(), name="freeze-handoff-acknowledge"),
]
