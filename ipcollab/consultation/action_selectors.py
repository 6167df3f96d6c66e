"""Reads of action items (落实事项), filtered in SQL. An item is seen by platform admins and by
the staff (and the agency system) of its responsible agency, of its meeting's participating
agencies and of its document's signatories; anyone else gets NotFound (404)."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When

from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin

from .actions import ACTIVE, today
from .models import ActionItem, ActionStatus, ActionUpdate, ConsensusItem, Participant, Signatory


def _agency_member(user):
    """The agency a staff member or an agency system acts for, or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if getattr(user, "kind", "") not in ("staff", "system"):
        return None
    return user.agency_id


def _reach(user, agency_field="agency_id", meeting_field="meeting_id", document_field="document_id"):
    agency_id = _agency_member(user)
    return (
        Q(**{agency_field: agency_id})
        | Q(Exists(Participant.objects.filter(meeting_id=OuterRef(meeting_field), agency_id=agency_id)))
        | Q(Exists(Signatory.objects.filter(document_id=OuterRef(document_field), agency_id=agency_id)))
    )


def actions_for(user):
    qs = ActionItem.objects.select_related("agency", "owner", "meeting", "document")
    if is_platform_admin(user):
        return qs
    if _agency_member(user) is None:
        return qs.none()
    return qs.filter(_reach(user))


def get_action(user, pk):
    pk = parse_pk(pk)
    item = actions_for(user).select_related("consensus_item", "document__drafting_agency", "meeting__organiser").filter(pk=pk).first()
    if item is None:
        raise NotFound()
    return item


def with_overdue(qs, on=None):
    """Annotate `is_overdue` (1 for an open or in-progress item past its due date) and order overdue first."""
    on = on or today()
    return qs.annotate(is_overdue=Case(When(status__in=ACTIVE, due_on__lt=on, then=Value(1)), default=Value(0), output_field=IntegerField())).order_by(
        "-is_overdue", "due_on", "pk"
    )


def actions_for_meeting(user, meeting):
    return with_overdue(actions_for(user).filter(meeting=meeting))


def updates_of(item):
    return ActionUpdate.objects.filter(item=item).select_related("author").order_by("-created_at", "-pk")


def consensus_items_for(user):
    """Consensus items the user sees: its document's drafting agency, signatories, meeting
    participants and the responsible agency."""
    qs = ConsensusItem.objects.select_related("document__meeting", "document__drafting_agency", "responsible_agency")
    if is_platform_admin(user):
        return qs
    agency_id = _agency_member(user)
    if agency_id is None or getattr(user, "kind", "") != "staff":
        return qs.none()
    return qs.filter(
        Q(responsible_agency_id=agency_id)
        | Q(document__drafting_agency_id=agency_id)
        | Q(Exists(Participant.objects.filter(meeting_id=OuterRef("document__meeting_id"), agency_id=agency_id)))
        | Q(Exists(Signatory.objects.filter(document_id=OuterRef("document_id"), agency_id=agency_id)))
    )


def get_consensus_item(user, pk):
    pk = parse_pk(pk)
    item = consensus_items_for(user).filter(pk=pk).first()
    if item is None:
        raise NotFound()
    return item


# ---------------------------------------------------------------- the open-items list


STATUS_ACTIVE = "active"


@dataclass
class ActionFilters:
    agency: int | None = None
    meeting: int | None = None
    status: str = ""  # "", "active" or an ActionStatus value
    owner: int | None = None
    due_after: datetime.date | None = None
    due_before: datetime.date | None = None
    overdue: bool = False


def default_filters(user):
    """My agency's open items (open and in progress)."""
    return ActionFilters(agency=getattr(user, "agency_id", None), status=STATUS_ACTIVE)


def filter_actions(qs, filters, on=None):
    on = on or today()
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    if filters.meeting:
        qs = qs.filter(meeting_id=filters.meeting)
    if filters.status == STATUS_ACTIVE:
        qs = qs.filter(status__in=ACTIVE)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.owner:
        qs = qs.filter(owner_id=filters.owner)
    if filters.due_after:
        qs = qs.filter(due_on__gte=filters.due_after)
    if filters.due_before:
        qs = qs.filter(due_on__lte=filters.due_before)
    if filters.overdue:
        qs = qs.filter(status__in=ACTIVE, due_on__lt=on)
    return with_overdue(qs, on)


def open_actions_by_agency(user, on=None):
    """Per responsible agency among the items the user sees: open (not overdue), overdue and done
    counts, in one query; the agencies with overdue items first."""
    on = on or today()
    rows = (
        actions_for(user)
        .order_by()
        .values("agency_id", "agency__name")
        .annotate(
            open=Count("pk", filter=Q(status__in=ACTIVE, due_on__gte=on)),
            overdue=Count("pk", filter=Q(status__in=ACTIVE, due_on__lt=on)),
            done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        )
    )
    return sorted(
        ({"agency_id": r["agency_id"], "agency": r["agency__name"], "open": r["open"], "overdue": r["overdue"], "done": r["done"]} for r in rows),
        key=lambda r: (-r["overdue"], -r["open"], r["agency"]),
    )


def filter_choices(user):
    """The agencies, meetings and owners that occur among the items the user sees (for the filter form)."""
    from django.contrib.auth import get_user_model

    from ipcollab.orgs.models import Agency

    from .models import Meeting

    visible = actions_for(user).order_by()
    agencies = list(Agency.objects.filter(pk__in=visible.values("agency_id")).order_by("name").values_list("pk", "name"))
    meetings = list(Meeting.objects.filter(pk__in=visible.values("meeting_id")).order_by("-starts_at", "-pk").values_list("pk", "title")[:200])
    owners = list(
        get_user_model().objects.filter(pk__in=visible.values("owner_id")).order_by("full_name", "username").values_list("pk", "full_name", "username")[:500]
    )
    return agencies, meetings, [(pk, full or username) for pk, full, username in owners]


def attention_querysets(user, days=7, on=None):
    """For the home page: my agency's overdue items, my own items due within `days`."""
    on = on or today()
    active = ActionItem.objects.filter(status__in=ACTIVE)
    return (
        active.filter(agency_id=user.agency_id, due_on__lt=on),
        active.filter(owner_id=user.pk, due_on__gte=on, due_on__lte=on + datetime.timedelta(days=days)),
    )
