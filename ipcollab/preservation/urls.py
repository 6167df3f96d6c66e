from django.urls import path, re_path

from . import urls_delivery, urls_documents, views

app_name = "preservation"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    re_path(r"^orders/(?P<pk>[0-9]+)/(?P<action>register|return|release|renew|convert|dispose|assign)/$", views.order_action, name="order_action"),
    path("orders/<int:pk>/handoffs/<int:handoff>/acknowledge/", views.handoff_acknowledge, name="handoff_acknowledge"),
    path("orders/<int:pk>/attachments/", views.order_attach, name="order_attach"),
    path("orders/<int:pk>/attachments/<int:attachment>/", views.order_attachment, name="order_attachment"),
    path("inquiry/", views.inquiry, name="inquiry"),
    *urls_documents.urlpatterns,
    *urls_delivery.urlpatterns,
]
