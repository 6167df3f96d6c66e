"""Reads of meetings (owner of this module: the meetings part). Every read is filtered in SQL by
the user's agency: a meeting is seen by platform admins and by staff of its organiser and of its
participating agencies; anyone else gets NotFound (404)."""

from django.db.models import Exists, OuterRef

from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin

from .models import Meeting, Participant
from .rules import is_staff


def meetings_for(user):
    qs = Meeting.objects.select_related("organiser")
    if is_platform_admin(user):
        return qs
    if not is_staff(user):
        return qs.none()
    takes_part = Exists(Participant.objects.filter(meeting=OuterRef("pk"), agency_id=user.agency_id))
    return qs.filter(takes_part)


def get_meeting(user, pk):
    pk = parse_pk(pk)
    meeting = meetings_for(user).filter(pk=pk).first()
    if meeting is None:
        raise NotFound()
    return meeting


def participant_agency_ids(meeting):
    return set(meeting.participants.values_list("agency_id", flat=True))
