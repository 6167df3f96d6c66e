"""Pages of the hearing rooms (审理室): the rooms of protection centres, offices and courts, one
room's week with its bookings and free slots, and booking a slot (the hosting agency, its IP office,
and — for shared rooms — courts' judges and clerks)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ipcollab.core.errors import NotFound, ServiceError
from ipcollab.core.forms_errors import apply_service_error
from ipcollab.core.ids import parse_pk

from . import rooms
from .forms_rooms import BookForm, WeekForm


def _room(user, pk):
    try:
        pk = parse_pk(pk)
    except NotFound:
        raise Http404 from None
    room = rooms.rooms_for(user).filter(pk=pk).first()
    if room is None:
        raise Http404
    return room


def _signed_in_agency(user):
    from ipcollab.core.principals import is_platform_admin

    return bool(user.agency_id) or is_platform_admin(user)


@login_required
@require_http_methods(["GET", "HEAD"])
def room_list(request):
    if not _signed_in_agency(request.user):
        raise DjangoPermissionDenied
    today = timezone.localdate()
    rows = [(r, rooms.day_plan(r, today)) for r in rooms.rooms_for(request.user).order_by("agency__region_id", "agency__name", "name")]
    return render(request, "orgs/room_list.html", {"rows": rows, "today": today})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def room_detail(request, pk):
    if not _signed_in_agency(request.user):
        raise DjangoPermissionDenied
    room = _room(request.user, pk)
    week = WeekForm(request.GET or None)
    first = timezone.localdate()
    if week.is_bound and week.is_valid() and week.cleaned_data.get("week"):
        first = week.cleaned_data["week"]
    bookable = rooms.can_book(request.user, room)
    form = BookForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not bookable:
            raise DjangoPermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                rooms.book_room(actor=request.user, room=room, starts_at=d["starts_at"], ends_at=d["ends_at"], purpose=d["purpose"])
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已预约。"))
                return redirect("orgs:room_detail", pk=room.pk)
        status = 400
        first = form.cleaned_data.get("starts_at").date() if form.cleaned_data.get("starts_at") else first
    plan = rooms.week_plan(room, first)
    return render(
        request,
        "orgs/room_detail.html",
        {
            "room": room,
            "plan": plan,
            "form": form,
            "week": week,
            "bookable": bookable,
            "prev": first - datetime.timedelta(days=7),
            "next": first + datetime.timedelta(days=7),
        },
        status=status,
    )
