"""Pages of consultation meetings (会商): the list of the meetings my agency takes part in, a new
meeting, and the meeting with its participants, people and attendance, agenda (links, trend
chart), materials and the actions open to the viewer. Thin: selectors read (out of reach → 404),
services write. External users and system accounts get no pages (403 / login)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ipcollab.audit.services import record
from ipcollab.core.errors import NotFound, ServiceError
from ipcollab.core.forms_errors import apply_service_error, get_or_404, post_data
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin
from ipcollab.orgs.models import Agency

from . import forms_meetings as forms
from . import selectors, services, trends
from .action_selectors import actions_for_meeting
from .document_selectors import documents_for_meeting
from .models import AgendaStatus, MeetingKind, MeetingStatus, StandardsFeedback
from .rules import is_staff, manages_for

User = get_user_model()


def _staff_only(user):
    if not (is_staff(user) or is_platform_admin(user)):
        raise DjangoPermissionDenied


def _pk_or_none(value):
    try:
        return parse_pk(value)
    except NotFound:
        return None


# --- the list -------------------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    user = request.user
    _staff_only(user)
    reach = selectors.meetings_for(user)
    form = forms.FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.filtered(
        reach, organiser=data.get("organiser"), kind=data.get("kind", ""), status=data.get("status", ""), year=data.get("year"), when=data.get("when", "")
    )
    page = Paginator(selectors.with_counts(qs).order_by("-starts_at", "-pk"), 50).get_page(request.GET.get("page"))
    upcoming = list(selectors.with_counts(selectors.filtered(reach, when="upcoming")).order_by("starts_at", "pk")[:10])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "upcoming": upcoming,
        "query": query.urlencode(),
        "filters": data,
        "counts": selectors.status_counts(qs),
        "total": page.paginator.count,
        "kinds": MeetingKind.choices,
        "statuses": MeetingStatus.choices,
        "organisers": Agency.objects.filter(pk__in=reach.values("organiser_id")).order_by("name"),
        "years": selectors.years_of(reach),
        "can_organise": user.has_perm("consultation.organise"),
        "now": timezone.now(),
    }
    return render(request, "consultation/meetings_list.html", context)


# --- a new meeting ----------------------------------------------------------------------------------------


def _form_choices(user):
    agencies = Agency.objects.exclude(pk=user.agency_id).filter(is_active=True).order_by("kind", "name", "pk")
    people = User.objects.filter(is_active=True, kind="staff", agency__isnull=False).select_related("agency").order_by("agency__name", "full_name", "pk")
    return agencies, people


def _meeting_input(form, user, agencies):
    """The participants and attendees the form names, as the service takes them; None on a fault."""
    data = form.cleaned_data
    by_pk = {str(a.pk): a for a in agencies}
    rows = [{"agency": by_pk[pk], "role": "participant", "signs": True} for pk in data["participants"]]
    rows += [{"agency": by_pk[pk], "role": "invited", "signs": pk in data["invited_signs"]} for pk in data["invited"]]
    if set(data["invited_signs"]) - set(data["invited"]):
        form.add_error("invited_signs", _("会签纪要的列席单位须同时选为列席单位。"))
    people = [{"user": u, "agency": u.agency} for u in User.objects.filter(pk__in=[int(p) for p in data["people"]]).select_related("agency")]
    for code, name, title in form.guest_rows():
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            form.add_error("guests", _("没有代码为“%(c)s”的单位。") % {"c": code[:30]})
            continue
        people.append({"agency": agency, "user": None, "name": name, "title": title})
    return (rows, people) if not form.errors else (None, None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    user = request.user
    _staff_only(user)
    if not (user.agency_id and manages_for(user, user.agency_id)):
        raise DjangoPermissionDenied
    agencies, people = _form_choices(user)
    form = forms.MeetingForm(post_data(request), agencies=agencies, people=people, initial={"kind": MeetingKind.REGULAR})
    if request.method == "POST" and form.is_valid():
        rows, attendees = _meeting_input(form, user, agencies)
        if rows is not None:
            data = form.cleaned_data
            try:
                meeting = services.schedule_meeting(
                    actor=user,
                    title=data["title"],
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    place=data["place"],
                    video_link=data["video_link"],
                    agenda_deadline=data["agenda_deadline"],
                    participants=rows,
                    attendees=attendees,
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已安排会商会议，并已通知各参会单位的联络人。"))
                return redirect("consultation:meeting_detail", pk=meeting.pk)
    return render(request, "consultation/meetings_new.html", {"form": form}, status=400 if request.method == "POST" else 200)


# --- one meeting ----------------------------------------------------------------------------------------


def _feedback_choices(user):
    if is_platform_admin(user):
        return StandardsFeedback.objects.order_by("-pk")[:200]
    return StandardsFeedback.objects.filter(Q(raised_by_agency_id=user.agency_id) | Q(counterpart_id=user.agency_id)).order_by("-pk")[:200]


def _action_forms(user, m, participants, attendees, agenda):
    out = {}
    organiser = manages_for(user, m.organiser_id)
    takes_part = any(p.agency_id == user.agency_id for p in participants)
    manages_own = bool(user.agency_id) and manages_for(user, user.agency_id) and takes_part
    open_for_items = m.status == MeetingStatus.PLANNED and not (m.agenda_deadline and timezone.localdate() > m.agenda_deadline)
    if manages_own and open_for_items:
        out["propose"] = forms.ProposeForm(feedback=_feedback_choices(user))
    if manages_own and m.status != MeetingStatus.CANCELLED:
        out["material"] = forms.MaterialForm(items=agenda)
    if organiser and m.status == MeetingStatus.PLANNED:
        accepted = [i for i in agenda if i.status == AgendaStatus.ACCEPTED]
        out["hold"] = forms.HoldForm(attendees=attendees, items=accepted, initial={"held_on": timezone.localdate(), "discussed": [str(i.pk) for i in accepted]})
        out["cancel"] = forms.CancelForm()
        local = timezone.localtime(m.starts_at)
        out["reschedule"] = forms.RescheduleForm(
            initial={
                "starts_at": local,
                "ends_at": timezone.localtime(m.ends_at) if m.ends_at else None,
                "place": m.place,
                "video_link": m.video_link,
                "agenda_deadline": m.agenda_deadline,
            }
        )
    return out


def _charts(agenda):
    """The trend data each item carries, for json_script (the chart is drawn by static JS)."""
    return {str(i.pk): i.trend for i in agenda if i.trend}


def _parts_of_others(user, m):
    """The meeting's consensus documents and action items (the documents and actions parts)."""
    return {"documents": documents_for_meeting(user, m), "actions_of_meeting": actions_for_meeting(user, m)}


def _detail_context(request, m, bound=None):
    user = request.user
    participants = selectors.participants_of(m)
    attendees = selectors.attendees_of(m)
    agenda = selectors.agenda_of(m)
    actions = _action_forms(user, m, participants, attendees, agenda)
    if bound:
        actions.update(bound)
    return {
        "m": m,
        "participants": participants,
        "attendees": attendees,
        "agenda": agenda,
        "materials": selectors.materials_of(m),
        "charts": _charts(agenda),
        "forms": actions,
        "is_organiser": manages_for(user, m.organiser_id),
        "trend_labels": dict(trends.CHOICES),
        **_parts_of_others(user, m),
    }


@login_required
def meeting_detail(request, pk):
    _staff_only(request.user)
    m = get_or_404(selectors.get_meeting, request.user, pk)
    return render(request, "consultation/meetings_detail.html", _detail_context(request, m))


ACTIONS = {
    "propose": forms.ProposeForm,
    "decide": forms.DecideForm,
    "move": forms.MoveForm,
    "hold": forms.HoldForm,
    "cancel": forms.CancelForm,
    "reschedule": forms.RescheduleForm,
    "material": forms.MaterialForm,
}
DONE = {
    "propose": gettext_lazy("已提议议题，并已通知召集单位。"),
    "decide": gettext_lazy("已记录对议题的决定。"),
    "move": gettext_lazy("已调整议程顺序。"),
    "hold": gettext_lazy("已记录会议召开情况。"),
    "cancel": gettext_lazy("已取消会议，并已通知各参会单位。"),
    "reschedule": gettext_lazy("已调整会议安排，并已通知各参会单位。"),
    "material": gettext_lazy("已上传会议材料。"),
}


def _item_of(m, pk):
    item = m.agenda_items.filter(pk=_pk_or_none(pk)).first() if _pk_or_none(pk) else None
    if item is None:
        raise NotFound()
    return item


def _run(action, user, m, form):
    data = form.cleaned_data
    if action == "propose":
        trend = None
        if data["trend_code"]:
            trend = trends.compute(data["trend_code"], user=user, start=data["trend_start"], end=data["trend_end"])
        feedback = _feedback_choices(user).model.objects.filter(pk=_pk_or_none(data["feedback"])).first() if data["feedback"] else None
        return services.propose_agenda_item(
            actor=user,
            meeting=m,
            topic=data["topic"],
            background=data["background"],
            trend=trend,
            proceedings=form.proceeding_numbers(),
            rights=form.right_numbers(),
            feedback=feedback,
        )
    if action == "decide":
        return services.decide_agenda_item(actor=user, item=_item_of(m, data["item"]), accept=data["accept"], reason=data["reason"])
    if action == "move":
        return services.move_agenda_item(actor=user, item=_item_of(m, data["item"]), up=data["direction"] == "up")
    if action == "hold":
        present = {int(p) for p in data["present"]}
        attendance = {a.pk: a.pk in present for a in m.attendees.all()}
        return services.hold_meeting(
            actor=user, meeting=m, held_on=data["held_on"], attendance=attendance, summary=data["summary"], discussed=data["discussed"]
        )
    if action == "cancel":
        return services.cancel_meeting(actor=user, meeting=m, reason=data["reason"])
    if action == "reschedule":
        return services.reschedule_meeting(actor=user, meeting=m, **data)
    if action == "material":
        item = _item_of(m, data["agenda_item"]) if data["agenda_item"] else None
        return services.add_material(actor=user, meeting=m, title=data["title"], upload=data["upload"], agenda_item=item)
    raise Http404


def _bound(action, request, m):
    agenda = selectors.agenda_of(m)
    if action == "propose":
        return forms.ProposeForm(request.POST, feedback=_feedback_choices(request.user))
    if action == "hold":
        accepted = [i for i in agenda if i.status == AgendaStatus.ACCEPTED]
        return forms.HoldForm(request.POST, attendees=selectors.attendees_of(m), items=accepted)
    if action == "material":
        return forms.MaterialForm(request.POST, request.FILES, items=agenda)
    return ACTIONS[action](request.POST)


@login_required
@require_POST
def meeting_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    _staff_only(request.user)
    m = get_or_404(selectors.get_meeting, request.user, pk)
    form = _bound(action, request, m)
    if form.is_valid():
        try:
            _run(action, request.user, m, form)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, str(DONE[action]))
            return redirect("consultation:meeting_detail", pk=m.pk)
    fresh = selectors.get_meeting(request.user, m.pk)
    context = _detail_context(request, fresh, {action: form} if action in ("propose", "hold", "cancel", "reschedule", "material") else None)
    if action in ("decide", "move"):
        context["action_errors"] = [str(e) for errors in form.errors.values() for e in errors]
    return render(request, "consultation/meetings_detail.html", {**context, "failed": action}, status=400)


@login_required
def material_file(request, pk, material):
    _staff_only(request.user)
    m = get_or_404(selectors.get_meeting, request.user, pk)
    item = get_or_404(selectors.get_material, m, material)
    record(actor=request.user, action="consultation.material.read", obj=m, agency=m.organiser_id, is_read=True, after={"material": item.pk})
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1], content_type=item.content_type)
