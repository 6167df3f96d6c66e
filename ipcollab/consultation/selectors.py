"""Reads of meetings (owner of this module: the meetings part). Every read is filtered in SQL by
the user's agency: a meeting is seen by platform admins and by staff of its organiser and of its
participating agencies; anyone else gets NotFound (404)."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin

from .models import AgendaItem, AgendaLink, AgendaStatus, Attendee, Material, Meeting, MeetingStatus, Participant
from .rules import MANAGING_ROLES, is_staff

UPCOMING_DAYS = 14


def agency_member(user):
    """The agency a staff member or an agency system (API only) acts for, or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if getattr(user, "kind", "") not in ("staff", "system"):
        return None
    return user.agency_id


def meetings_for(user):
    qs = Meeting.objects.select_related("organiser")
    if is_platform_admin(user):
        return qs
    agency_id = agency_member(user)
    if agency_id is None:
        return qs.none()
    takes_part = Exists(Participant.objects.filter(meeting=OuterRef("pk"), agency_id=agency_id))
    return qs.filter(takes_part)


def get_meeting(user, pk):
    pk = parse_pk(pk)
    meeting = meetings_for(user).filter(pk=pk).first()
    if meeting is None:
        raise NotFound()
    return meeting


def participant_agency_ids(meeting):
    return set(meeting.participants.values_list("agency_id", flat=True))


# --- the list ------------------------------------------------------------------------------------


def filtered(qs, *, organiser=None, kind="", status="", year=None, when=""):
    """Narrow a meetings queryset; `when` is "upcoming" (planned, from today) or "past"."""
    if organiser:
        qs = qs.filter(organiser_id=organiser)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(starts_at__year=year)
    now = timezone.now()
    if when == "upcoming":
        qs = qs.filter(status=MeetingStatus.PLANNED, starts_at__gte=now - datetime.timedelta(hours=12))
    elif when == "past":
        qs = qs.exclude(status=MeetingStatus.PLANNED, starts_at__gte=now - datetime.timedelta(hours=12))
    return qs


def with_counts(qs):
    return qs.annotate(
        participant_count=Count("participants", distinct=True),
        item_count=Count("agenda_items", filter=~Q(agenda_items__status=AgendaStatus.DECLINED), distinct=True),
    )


def status_counts(qs):
    """{status: count} of a meetings queryset, in one query."""
    rows = qs.order_by().values("status").annotate(n=Count("pk"))
    counts = {s: 0 for s in MeetingStatus.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def years_of(qs):
    return sorted({d.year for d in qs.order_by().dates("starts_at", "year")}, reverse=True)


# --- one meeting ---------------------------------------------------------------------------------


def participants_of(meeting):
    return list(meeting.participants.select_related("agency").order_by("pk"))


def attendees_of(meeting):
    return list(meeting.attendees.select_related("agency", "user").order_by("agency_id", "pk"))


def agenda_of(meeting):
    """The agenda in order, each item with its proposing agency, its links (case, right or feedback
    record) and its materials, in a fixed number of queries."""
    links = AgendaLink.objects.select_related("proceeding", "proceeding__agency", "right", "feedback").order_by("pk")
    return list(
        meeting.agenda_items.select_related("proposed_by_agency", "proposed_by")
        .prefetch_related(Prefetch("links", queryset=links), Prefetch("materials", queryset=Material.objects.order_by("pk")))
        .order_by("position", "pk")
    )


def materials_of(meeting):
    return list(meeting.materials.select_related("agency", "uploaded_by", "agenda_item").order_by("pk"))


def get_material(meeting, pk):
    material = Material.objects.filter(meeting=meeting, pk=parse_pk(pk)).first()
    if material is None:
        raise NotFound()
    return material


def detail_queryset(user):
    """Meetings in reach with everything the API's detail shows, prefetched."""
    links = AgendaLink.objects.select_related("proceeding", "right", "feedback").order_by("pk")
    items = AgendaItem.objects.select_related("proposed_by_agency").prefetch_related(Prefetch("links", queryset=links)).order_by("position", "pk")
    return meetings_for(user).prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("agency").order_by("pk")),
        Prefetch("attendees", queryset=Attendee.objects.select_related("agency").order_by("agency_id", "pk")),
        Prefetch("agenda_items", queryset=items),
    )


# --- who is told ---------------------------------------------------------------------------------


def _memberships():
    """accounts.Membership, reached through the user model (accounts sits above this app)."""
    return get_user_model()._meta.get_field("memberships").related_model.objects


def liaisons_of(agency_ids, *, on=None):
    """{agency id: [users]}: the current designated liaisons (orgs.LiaisonDesignation) of each
    agency; where an agency has none, its active staff with the role liaison."""
    from ipcollab.orgs.models import LiaisonDesignation

    on = on or timezone.localdate()
    agency_ids = set(agency_ids)
    out = {a: [] for a in agency_ids}
    seen = set()
    designations = (
        LiaisonDesignation.objects.filter(agency_id__in=agency_ids, valid_from__lte=on, person__is_active=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("person")
        .order_by("agency_id", "pk")
    )
    for d in designations:
        if (d.agency_id, d.person_id) not in seen:
            seen.add((d.agency_id, d.person_id))
            out[d.agency_id].append(d.person)
    missing = [a for a, people in out.items() if not people]
    if missing:
        users = (
            get_user_model()
            .objects.filter(
                is_active=True,
                kind="staff",
                agency_id__in=missing,
                pk__in=_memberships().filter(role__code="liaison", agency_id__in=missing).values("user_id"),
            )
            .order_by("pk")
        )
        for u in users:
            out[u.agency_id].append(u)
    return out


def managers_of(agency_id):
    """Active staff of an agency who may organise or propose for it (liaison or agency admin)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            kind="staff",
            agency_id=agency_id,
            pk__in=_memberships().filter(role__code__in=MANAGING_ROLES, agency_id=agency_id).values("user_id"),
        )
        .order_by("pk")
    )


# --- attention -----------------------------------------------------------------------------------


def upcoming_for(user, *, days=UPCOMING_DAYS):
    now = timezone.now()
    return meetings_for(user).filter(status=MeetingStatus.PLANNED, starts_at__gte=now, starts_at__lt=now + datetime.timedelta(days=days))


def awaiting_decision(user):
    """Agenda items proposed to planned meetings that the user's agency organises (and so decides)."""
    qs = AgendaItem.objects.filter(status=AgendaStatus.PROPOSED, meeting__status=MeetingStatus.PLANNED)
    if not is_staff(user):
        return qs.none()
    return qs.filter(meeting__organiser_id=user.agency_id)
