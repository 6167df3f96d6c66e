from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ipcollab.core import attention


@require_GET
@login_required
def index(request):
    user = request.user
    roles = list(user.memberships.filter(agency_id=user.agency_id).select_related("role").order_by("role__order")) if user.agency_id else []
    return render(
        request,
        "home/index.html",
        {"attention_items": attention.items_for(user), "memberships": roles},
    )
