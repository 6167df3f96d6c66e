from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ipcollab.core.errors import NotFound

from . import selectors
from .forms import AuditFilterForm


@require_GET
@login_required
def event_list(request):
    if not selectors.can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.audit_events_for_user(request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    template = "audit/_rows.html" if request.htmx else "audit/list.html"
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@login_required
def event_detail(request, pk):
    try:
        event = selectors.audit_event_get_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None
    keys = (
        sorted(set((event.before or {}).keys()) | set((event.after or {}).keys()))
        if isinstance(event.before or {}, dict) and isinstance(event.after or {}, dict)
        else []
    )
    changes = [(k, (event.before or {}).get(k), (event.after or {}).get(k)) for k in keys]
    return render(request, "audit/detail.html", {"event": event, "changes": changes})
