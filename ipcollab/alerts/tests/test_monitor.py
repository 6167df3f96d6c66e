"""Monitor (关注): follows of rights and proceedings, the alerts their events send, automatic
follows of appeals."""

import pytest

from conftest import make_user
from ipcollab.alerts import services
from ipcollab.alerts.models import Follow
from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.core.models import Visibility
from ipcollab.notifications.models import Notification
from ipcollab.proceedings.models import Kind, Stage
from ipcollab.proceedings.signals import APPEAL, DECISION, EVENTS, NEW_PROCEEDING, STATUS_CHANGE, STAY

from .conftest import case, fire, notes


def refused(code, fn, **kwargs):
    before = (Follow.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ServiceError) as info:
        fn(**kwargs)
    assert info.value.code == code
    assert (Follow.objects.count(), AuditEvent.objects.count()) == before
    return info.value


# --- who may follow what ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["judge_a", "judge_b", "examiner", "system", "platform_admin"])
def test_agency_staff_and_systems_follow_a_shared_proceeding(world, persona):
    p = case(world)
    user = getattr(world, persona)
    f = services.follow(actor=user, proceeding=p.pk, events=[DECISION], note="本院关联案件")
    assert (f.user, f.proceeding, f.events, f.note, f.automatic) == (user, p, [DECISION], "本院关联案件", False)
    event = AuditEvent.objects.get(action="alerts.follow")
    assert event.object_id == str(f.pk) and event.after["events"] == [DECISION]


def test_external_party_cannot_follow_a_proceeding_but_can_follow_a_public_right(world, reg):
    p = case(world, rights=[reg.um])
    err = refused(ErrorCode.NOT_FOUND, services.follow, actor=world.external, proceeding=p.pk)
    assert err.status == 404 and "proceeding" in err.fields
    f = services.follow(actor=world.external, right=reg.um)
    assert f.right == reg.um
    fire(p, NEW_PROCEEDING)  # the proceeding stays out of the external party's reach
    assert notes(world.external) == []


def test_private_proceeding_is_followed_by_its_agency_only(world):
    p = case(world, visibility=Visibility.PRIVATE)
    refused(ErrorCode.NOT_FOUND, services.follow, actor=world.judge_b, proceeding=p.pk)
    assert services.follow(actor=world.clerk_a, proceeding=p.pk).proceeding == p
    assert services.follow(actor=world.platform_admin, proceeding=p.pk).proceeding == p


def test_bad_input_is_refused_with_a_code_and_nothing_written(world, reg):
    p = case(world)
    refused(ErrorCode.FOLLOW_TARGET_INVALID, services.follow, actor=world.judge_a)
    refused(ErrorCode.FOLLOW_TARGET_INVALID, services.follow, actor=world.judge_a, right=reg.um.pk, proceeding=p.pk)
    err = refused(ErrorCode.EVENT_TYPE_UNKNOWN, services.follow, actor=world.judge_a, proceeding=p.pk, events=["decision", "verdict"])
    assert "verdict" in str(err.message) and "events" in err.fields
    refused(ErrorCode.REQUIRED, services.follow, actor=world.judge_a, proceeding=p.pk, events=[])
    refused(ErrorCode.INVALID, services.follow, actor=world.judge_a, proceeding=p.pk, events="decision")
    refused(ErrorCode.INVALID, services.follow, actor=world.judge_a, proceeding=p.pk, note="长" * 501)
    refused(ErrorCode.NOT_FOUND, services.follow, actor=world.judge_a, proceeding=2**63)
    refused(ErrorCode.NOT_FOUND, services.follow, actor=world.judge_a, right="abc")
    services.follow(actor=world.judge_a, proceeding=p.pk)
    err = refused(ErrorCode.FOLLOW_DUPLICATE, services.follow, actor=world.judge_a, proceeding=p.pk)
    assert err.status == 409


def test_default_is_every_event_type_in_order(world, reg):
    f = services.follow(actor=world.judge_a, right=reg.um, events=None)
    assert f.events == list(EVENTS)
    f2 = services.follow(actor=world.judge_a, right=reg.mark, events=[STAY, DECISION, STAY])
    assert f2.events == [DECISION, STAY]


def test_edit_note_and_events_then_unfollow_audited(world):
    p = case(world)
    f = services.follow(actor=world.judge_a, proceeding=p, events=[DECISION])
    services.follow_update(actor=world.judge_a, follow=f, note="  等待无效决定  ")
    f.refresh_from_db()
    assert (f.events, f.note) == ([DECISION], "等待无效决定")
    services.follow_update(actor=world.judge_a, follow=f, events=[STAY, APPEAL])
    f.refresh_from_db()
    assert (f.events, f.note) == ([APPEAL, STAY], "等待无效决定")
    with pytest.raises(ServiceError) as info:
        services.follow_update(actor=world.judge_a, follow=f, events=["nope"])
    assert info.value.code == ErrorCode.EVENT_TYPE_UNKNOWN
    f.refresh_from_db()
    assert f.events == [APPEAL, STAY]
    with pytest.raises(ServiceError) as info:
        services.unfollow(actor=world.judge_b, follow=f)
    assert info.value.code == ErrorCode.NOT_FOUND
    services.unfollow(actor=world.judge_a, follow=f)
    assert not Follow.objects.exists()
    actions = list(AuditEvent.objects.filter(action__startswith="alerts.").order_by("id").values_list("action", flat=True))
    assert actions == ["alerts.follow", "alerts.follow_update", "alerts.follow_update", "alerts.unfollow"]
    last = AuditEvent.objects.get(action="alerts.unfollow")
    assert last.before["note"] == "等待无效决定"


# --- alerts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("event", list(EVENTS))
def test_each_event_type_reaches_only_the_followers_who_chose_it(world, event):
    p = case(world)
    services.follow(actor=world.judge_b, proceeding=p, events=[event], note="请留意")
    services.follow(actor=world.examiner, proceeding=p, events=[e for e in EVENTS if e != event])
    fire(p, event, actor=None, result="invalid_all" if event == DECISION else None)
    [n] = notes(world.judge_b)
    assert n.code == f"alerts.{event}"
    assert p.number in n.title and str(EVENTS[event]) in n.title
    assert "备注：请留意" in n.body
    assert n.link == f"/proceedings/{p.pk}/"
    assert notes(world.examiner) == []


def test_following_a_right_alerts_on_every_proceeding_about_it(world, reg):
    services.follow(actor=world.judge_b, right=reg.um, events=[NEW_PROCEEDING, DECISION])
    suit = case(world, rights=[reg.um])
    inval = case(world, kind=Kind.PATENT_INVALIDATION, rights=[reg.um, reg.invention])
    elsewhere = case(world, rights=[reg.invention])
    for p in (suit, inval, elsewhere):
        fire(p, NEW_PROCEEDING)
    fire(inval, DECISION, result="invalid_all")
    got = [(n.code, n.link) for n in notes(world.judge_b)]
    assert got == [
        ("alerts.new_proceeding", f"/proceedings/{suit.pk}/"),
        ("alerts.new_proceeding", f"/proceedings/{inval.pk}/"),
        ("alerts.decision", f"/proceedings/{inval.pk}/"),
    ]
    assert reg.um.number in notes(world.judge_b)[0].body


def test_one_alert_per_event_however_many_follows_lead_to_it(world, reg):
    p = case(world, rights=[reg.um, reg.invention])
    services.follow(actor=world.judge_b, right=reg.um, events=[STAY])
    services.follow(actor=world.judge_b, right=reg.invention, events=[STAY])
    services.follow(actor=world.judge_b, proceeding=p, events=[STAY], note="案件备注")
    fire(p, STAY, stayed=True, started_on="2026-04-01")
    [n] = notes(world.judge_b)
    assert "案件备注" in n.body and "中止审理" in n.body


def test_the_same_signal_twice_alerts_once_a_new_occurrence_again(world):
    p = case(world)
    services.follow(actor=world.judge_b, proceeding=p, events=[STATUS_CHANGE, STAY])
    fire(p, STATUS_CHANGE, status="stayed")
    fire(p, STATUS_CHANGE, status="stayed")
    assert len(notes(world.judge_b)) == 1
    p.status = "stayed"
    p.save()  # a later change of the proceeding
    fire(p, STATUS_CHANGE, status="stayed")
    assert len(notes(world.judge_b)) == 2


def test_the_actor_is_not_alerted_of_their_own_action(world):
    p = case(world)
    services.follow(actor=world.judge_a, proceeding=p, events=[DECISION])
    services.follow(actor=world.judge_b, proceeding=p, events=[DECISION])
    fire(p, DECISION, actor=world.judge_a, result="upheld")
    assert notes(world.judge_a) == []
    assert len(notes(world.judge_b)) == 1


def test_an_alert_goes_only_to_who_can_see_the_proceeding_now(world, reg):
    services.follow(actor=world.judge_b, right=reg.um, events=[NEW_PROCEEDING])
    services.follow(actor=world.clerk_a, right=reg.um, events=[NEW_PROCEEDING])
    services.follow(actor=world.platform_admin, right=reg.um, events=[NEW_PROCEEDING])
    hidden = case(world, rights=[reg.um], visibility=Visibility.PRIVATE)
    fire(hidden, NEW_PROCEEDING)
    assert notes(world.judge_b) == []
    assert len(notes(world.clerk_a)) == 1 and len(notes(world.platform_admin)) == 1
    inactive = make_user("t_gone", world.court_b, ["judge"])
    services.follow(actor=inactive, right=reg.um, events=[NEW_PROCEEDING])
    inactive.is_active = False
    inactive.save()
    fire(case(world, rights=[reg.um]), NEW_PROCEEDING)
    assert notes(inactive) == []


def test_a_follow_of_what_is_no_longer_visible_is_not_listed(world):
    from ipcollab.alerts import selectors

    p = case(world)
    services.follow(actor=world.judge_b, proceeding=p)
    assert [f.proceeding for f in selectors.follows_for_user(world.judge_b)] == [p]
    p.visibility = Visibility.PRIVATE
    p.save()
    assert list(selectors.follows_for_user(world.judge_b)) == []


# --- appeals followed automatically -------------------------------------------------------------


def test_an_appeal_and_the_appeal_of_the_appeal_are_followed_automatically(world, reg):
    first = case(world, rights=[reg.um], status="closed")
    services.follow(actor=world.judge_b, proceeding=first, events=[APPEAL, DECISION], note="关注二审")
    services.follow(actor=world.examiner, proceeding=first, events=[DECISION])  # follows on, not alerted

    appeal = case(world, agency=world.court_b, previous=first, stage=Stage.SECOND_INSTANCE, number="（2026）测乙民终1号", status="closed")
    fire(appeal, NEW_PROCEEDING, actor=world.judge_a)
    fire(first, APPEAL, actor=world.judge_a, next=appeal.pk, number=appeal.number, relation="appeal")  # as the services send it

    auto = Follow.objects.get(user=world.judge_b, proceeding=appeal)
    assert auto.automatic and auto.events == [DECISION, APPEAL]
    assert auto.note == f"自动关注：{first.number}的上诉/再审"
    [n] = notes(world.judge_b)
    assert n.code == "alerts.appeal" and appeal.number in n.title and n.link == f"/proceedings/{appeal.pk}/"
    assert "关注二审" in n.body
    assert Follow.objects.get(user=world.examiner, proceeding=appeal).automatic
    assert notes(world.examiner) == []
    assert AuditEvent.objects.filter(action="alerts.follow_auto").count() == 2

    retrial = case(world, agency=world.court_b, previous=appeal, stage=Stage.RETRIAL, number="（2026）测乙民再1号")
    fire(retrial, NEW_PROCEEDING)
    auto2 = Follow.objects.get(user=world.judge_b, proceeding=retrial)
    assert auto2.automatic and auto2.note == f"自动关注：{appeal.number}的上诉/再审"
    assert [n.code for n in notes(world.judge_b)] == ["alerts.appeal", "alerts.appeal"]

    fire(retrial, DECISION, result="upheld")
    assert notes(world.judge_b)[-1].code == "alerts.decision"
    assert notes(world.examiner)[-1].code == "alerts.decision"


def test_an_appeal_out_of_reach_is_not_followed(world):
    first = case(world, status="closed")
    services.follow(actor=world.judge_b, proceeding=first, events=[APPEAL])
    appeal = case(world, agency=world.court_a, previous=first, visibility=Visibility.PRIVATE, number="（2026）测甲民终2号")
    fire(appeal, NEW_PROCEEDING)
    assert not Follow.objects.filter(proceeding=appeal).exists()
    assert notes(world.judge_b) == []


def test_a_user_already_following_the_appeal_keeps_their_follow(world):
    first = case(world, status="closed")
    appeal = case(world, agency=world.court_b, previous=first, number="（2026）测乙民终3号")
    services.follow(actor=world.judge_b, proceeding=first, events=[APPEAL])
    own = services.follow(actor=world.judge_b, proceeding=appeal, events=[DECISION], note="我的")
    fire(appeal, NEW_PROCEEDING)
    own.refresh_from_db()
    assert (own.automatic, own.note, own.events) == (False, "我的", [DECISION])
    assert Notification.objects.filter(recipient=world.judge_b).count() == 0


def test_a_failure_in_alerts_leaves_the_proceedings_write_alone(world, caplog):
    from django.db import transaction

    p = case(world)
    services.follow(actor=world.judge_b, proceeding=p, events=[DECISION])
    Follow.objects.create(user=world.examiner, proceeding=p, events=7)  # a damaged row: alerting it fails
    with transaction.atomic():
        p.status = "closed"
        p.save()
        fire(p, DECISION, result="upheld")
        p.refresh_from_db()  # the transaction is usable after the failed receiver
    assert p.status == "closed"
    assert notes(world.judge_b) == []  # the whole alerting of that event rolled back to its savepoint
    assert "alerts: proceeding_event decision" in caplog.text


def test_the_alert_says_what_changed(world):
    p = case(world)
    services.follow(actor=world.judge_b, proceeding=p)
    fire(p, DECISION, result="upheld")
    fire(p, STATUS_CHANGE, change="fast_track", fast_track=True)
    fire(p, STATUS_CHANGE, change="priority", priority="granted")
    fire(p, STAY, stayed=False, ended_on="2026-05-01")
    fire(p, APPEAL, next=12345, number="（2026）测乙民终9号", relation="appeal")
    bodies = [n.body for n in notes(world.judge_b)]
    assert "结果：维持专利权有效" in bodies[0]
    assert "标记为快速办理" in bodies[1]
    assert "优先审查：优先审查" in bodies[2]
    assert "恢复审理" in bodies[3]
    assert "上诉/再审案件：（2026）测乙民终9号" in bodies[4]
