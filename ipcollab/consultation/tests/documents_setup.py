"""Shared setup of the consensus-document tests: a meeting held by court A with the IP office
taking part and court B sitting in, each signing agency's signer, and minutes drafted on it.

The meeting rows are written directly (the meetings part's services are tested by its own tests);
every document write goes through documents.py."""

import datetime

from django.utils import timezone

from conftest import make_user
from ipcollab.consultation import documents
from ipcollab.consultation.models import Meeting, MeetingStatus, Participant, ParticipantRole

TEXT = (
    "一、会议认为，双方应当建立专利确权与侵权诉讼的信息互通机制。\n\n"
    "二、测试知识产权局在作出无效宣告请求审查决定后五个工作日内，将决定书推送至测试甲高级人民法院。\n\n"
    "三、双方每季度召开一次例行会商。"
)


def add_people(world):
    world.signer_a = make_user("t_signer_a", world.court_a, ["signer"], full_name="刘签发")
    world.signer_o = make_user("t_signer_o", world.office, ["signer"], full_name="孙签发")
    world.signer_b = make_user("t_signer_b", world.court_b, ["signer"], full_name="钱签发")
    world.liaison_o = make_user("t_liaison_o", world.office, ["liaison"], full_name="吴联络")
    return world


def held_meeting(world, *, status=MeetingStatus.HELD, title="2026年第四季度知识产权协同保护例行会商"):
    starts = timezone.now() - datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        title=title,
        organiser=world.court_a,
        starts_at=starts,
        place="测试甲高级人民法院第三会议室",
        status=status,
        held_on=timezone.localdate(starts) if status == MeetingStatus.HELD else None,
    )
    Participant.objects.create(meeting=meeting, agency=world.court_a, role=ParticipantRole.ORGANISER, signs=True)
    Participant.objects.create(meeting=meeting, agency=world.office, role=ParticipantRole.PARTICIPANT, signs=True)
    Participant.objects.create(meeting=meeting, agency=world.court_b, role=ParticipantRole.INVITED, signs=False)
    return meeting


def minutes(world, meeting=None, **extra):
    meeting = meeting or held_meeting(world)
    kwargs = {
        "actor": world.liaison_a,
        "kind": "minutes",
        "title": f"{meeting.title}纪要",
        "text": TEXT,
        "meeting": meeting,
        "main_recipients": "测试甲高级人民法院各业务庭，测试知识产权局各处室",
        "copy_to": "测试乙高级人民法院",
        "items": [
            {"text": "建立无效宣告审查决定推送机制", "responsible_agency": world.office},
            {"text": "每季度召开例行会商", "responsible_agency": world.court_a},
        ],
    }
    kwargs.update(extra)
    return documents.draft_document(**kwargs)


def to_signing(world, document, number=None):
    number = number or f"测甲知会〔{timezone.localdate().year}〕3号"
    documents.circulate(actor=world.liaison_a, document=document)
    documents.open_signing(actor=world.liaison_a, document=document, number=number)
    document.refresh_from_db()
    return document


def signed(world, document=None):
    document = document or minutes(world)
    to_signing(world, document)
    digest = documents.current_version(document).sha256
    documents.sign(actor=world.signer_a, document=document, text_hash=digest)
    documents.sign(actor=world.signer_o, document=document, text_hash=digest)
    document.refresh_from_db()
    return document
