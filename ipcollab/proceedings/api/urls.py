from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import ProceedingViewSet
from .views_exchange import ChangesView, PushView

router = SimpleRouter()
router.register("proceedings", ProceedingViewSet, basename="proceeding")

# Fixed paths before the router's: proceedings/push/ is not a proceeding.
urlpatterns = [
    path("proceedings/push/", PushView.as_view(), name="proceeding-push"),
    path("proceedings/changes/", ChangesView.as_view(), name="proceeding-changes"),
    *router.urls,
]
