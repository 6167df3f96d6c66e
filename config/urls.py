from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from ipcollab.accounts.views import set_language
from ipcollab.core.api.errors import api_not_found

admin.site.site_header = "IP Collab 知识产权协同保护平台"
admin.site.site_title = "IP Collab"

api_v1 = [
    path("", include("ipcollab.core.api.urls")),
    path("", include("ipcollab.orgs.api.urls")),
    path("", include("ipcollab.accounts.api.urls")),
    path("", include("ipcollab.audit.api.urls")),
    path("", include("ipcollab.events.api.urls")),
    path("", include("ipcollab.notifications.api.urls")),
    path("", include("ipcollab.deadlines.api.urls")),
    path("", include("ipcollab.rulebook.api.urls")),
    path("", include("ipcollab.registry.api.urls")),
    path("", include("ipcollab.preservation.api.urls")),
    path("", include("ipcollab.alerts.api.urls")),
    path("", include("ipcollab.proceedings.api.urls")),
    path("", include("ipcollab.mediation.api.urls")),
    path("", include("ipcollab.adjudication.api.urls")),
    path("", include("ipcollab.consultation.api.urls")),
]

urlpatterns = [
    path("", include("ipcollab.home.urls")),
    path("accounts/", include("ipcollab.accounts.urls")),
    path("orgs/", include("ipcollab.orgs.urls")),
    path("audit/", include("ipcollab.audit.urls")),
    path("deadlines/", include("ipcollab.deadlines.urls")),
    path("notifications/", include("ipcollab.notifications.urls")),
    path("events/", include("ipcollab.events.urls")),
    path("rules/", include("ipcollab.rulebook.urls")),
    path("registry/", include("ipcollab.registry.urls")),
    path("preservation/", include("ipcollab.preservation.urls")),
    path("alerts/", include("ipcollab.alerts.urls")),
    path("proceedings/", include("ipcollab.proceedings.urls")),
    path("mediation/", include("ipcollab.mediation.urls")),
    path("adjudication/", include("ipcollab.adjudication.urls")),
    path("consultation/", include("ipcollab.consultation.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/<path:rest>", api_not_found, name="api-not-found"),
]

handler404 = "ipcollab.core.views.page_not_found"
handler403 = "ipcollab.core.views.permission_denied"
handler500 = "ipcollab.core.views.server_error"
handler400 = "ipcollab.core.views.bad_request"
