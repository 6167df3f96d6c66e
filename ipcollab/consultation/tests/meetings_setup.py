"""Shared setup of the meetings tests: court A organises, the IP office takes part."""

import datetime

from django.utils import timezone

from conftest import make_user
from ipcollab.consultation import services


def office_liaison(world):
    from ipcollab.accounts.models import User

    return User.objects.filter(username="m_office_liaison").first() or make_user("m_office_liaison", world.office, ["liaison"], full_name="孙联络")


def in_days(days, hour=9):
    local = timezone.localtime() + datetime.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def meeting_of_court_a(world, *, days=7, agenda_deadline=None, attendees=None, **extra):
    """A meeting court A organises with the IP office as participant (co-signing)."""
    liaison = office_liaison(world)
    people = (
        attendees
        if attendees is not None
        else [
            {"agency": world.court_a, "user": world.judge_a},
            {"agency": world.office, "user": liaison},
            {"agency": world.office, "user": None, "name": "钱处长", "title": "处长"},
        ]
    )
    return services.schedule_meeting(
        actor=world.liaison_a,
        title="第一季度司法与行政协同会商",
        starts_at=in_days(days),
        ends_at=in_days(days, 11),
        place="甲高院第三会议室",
        participants=[{"agency": world.office, "role": "participant"}],
        agenda_deadline=agenda_deadline,
        attendees=people,
        **extra,
    )
