from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ipcollab.core.errors import NotFound

from . import selectors, services


@login_required
def notification_list(request):
    items = selectors.notification_list_for_user(request.user)[:200]
    return render(request, "notifications/list.html", {"items": items})


@login_required
@require_POST
def notification_read(request, pk):
    try:
        note = selectors.notification_get_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None
    services.mark_read(user=request.user, notification=note)
    if note.link and note.link.startswith("/"):
        return redirect(note.link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    services.mark_all_read(user=request.user)
    return redirect("notifications:list")
