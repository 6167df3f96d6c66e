"""The adjudication workflow through its services: competence, acceptance, hearing-room clash,
suspension for an invalidation, decision, per-party service and windows, demand, enforcement
application windows, the court's 行审 handling — and the dates at the edges (adjusted working days
around National Day 2025 and Spring Festival 2026)."""

import datetime

import pytest

from ipcollab.adjudication import services
from ipcollab.adjudication.models import Adjudication, ApplicationStatus, LogEntry, LogKind, Stage
from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ServiceError
from ipcollab.notifications.models import Notification
from ipcollab.orgs.models import HearingRoom, RoomBooking
from ipcollab.proceedings import services as proceedings

from .conftest import D, decided, demanded, receive, served

pytestmark = pytest.mark.django_db


def dt(y, m, d, h, mi=0):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(y, m, d, h, mi))


def test_receive_numbers_in_office_style_and_sets_acceptance_limit(bench):
    a = receive(bench)
    assert a.number == "京知执字〔2025〕1号"
    assert a.office == bench.office and a.stage == Stage.RECEIVED
    # 5 working days from Monday 2025-06-02 (not counted): 3, 4, 5, 6, 9 June
    assert a.accept_due == D(2025, 6, 9)
    assert sorted(a.parties.values_list("side", flat=True)) == ["requester", "respondent"]
    assert receive(bench, received_on=D(2025, 6, 3)).number == "京知执字〔2025〕2号"
    assert AuditEvent.objects.filter(action="adjudication.receive").count() == 2
    assert Notification.objects.filter(code="adjudication.received", recipient=bench.handler).exists()


def test_idempotent_by_source(bench):
    first = receive(bench, source_system="bjipo", source_id="REQ-1", actor=bench.office_system)
    again = receive(bench, source_system="bjipo", source_id="REQ-1", actor=bench.office_system)
    assert first.pk == again.pk and Adjudication.objects.count() == 1


def test_wrong_office_is_refused_naming_the_competent_one(bench):
    with pytest.raises(ServiceError) as exc:
        receive(bench, actor=bench.sh_handler)
    assert exc.value.code == "adjudication_office_not_competent"
    assert "北京市知识产权局" in str(exc.value.message)
    assert Adjudication.objects.count() == 0


def test_major_dispute_goes_to_cnipa(bench):
    with pytest.raises(ServiceError) as exc:
        receive(bench, major=True)
    assert exc.value.code == "adjudication_office_not_competent" and "国家知识产权局" in str(exc.value.message)
    a = receive(bench, major=True, actor=bench.cnipa_examiner)
    assert a.number.startswith("国知执字〔2025〕")


def test_patent_not_in_force_or_bad_claims_refused(bench, world):
    from ipcollab.registry import services as register

    with pytest.raises(ServiceError) as exc:
        receive(bench, claims=[11])
    assert exc.value.code == "claims_not_in_right"
    register.record_event(world.examiner, bench.patent, "lapsed_unpaid_annuity", D(2025, 1, 1))
    with pytest.raises(ServiceError) as exc:
        receive(bench)
    assert exc.value.code == "adjudication_right_not_in_force"
    assert Adjudication.objects.count() == 0


def test_accept_refuse_and_state_errors(bench):
    a = receive(bench)
    with pytest.raises(ServiceError) as exc:
        services.decide(actor=bench.handler, adjudication=a, decision="infringement", decided_on=D(2025, 7, 1), decision_number="x", reasons="y")
    assert exc.value.code == "adjudication_state"
    with pytest.raises(ServiceError) as exc:
        services.accept(actor=bench.handler, adjudication=a, accepted_on=D(2025, 6, 3), handlers=[bench.viewer])
    assert exc.value.fields["handlers"]
    services.accept(actor=bench.handler, adjudication=a, accepted_on=D(2025, 6, 3), handlers=[bench.handler2, bench.handler])
    a.refresh_from_db()
    assert a.stage == Stage.ACCEPTED and a.decide_due == D(2025, 9, 3)
    assert a.handlers.get(lead=True).user == bench.handler2
    b = receive(bench, received_on=D(2025, 6, 4))
    services.refuse(actor=bench.handler, adjudication=b, refused_on=D(2025, 6, 6), reason="请求人未提交专利权有效的证明。")
    b.refresh_from_db()
    assert b.stage == Stage.REFUSED and b.is_closed


def test_other_office_and_court_cannot_act(bench):
    a = receive(bench)
    for actor in (bench.sh_handler, bench.judge, bench.viewer):
        with pytest.raises(ServiceError) as exc:
            services.accept(actor=actor, adjudication=a, accepted_on=D(2025, 6, 3), handlers=[bench.handler])
        assert exc.value.status == 403


def test_hearing_books_protection_centre_room_and_clash_is_refused_court_shares_it(bench):
    from ipcollab.orgs import rooms

    a = receive(bench)
    services.accept(actor=bench.handler, adjudication=a, accepted_on=D(2025, 6, 3), handlers=[bench.handler])
    hearing = services.schedule_hearing(actor=bench.handler, adjudication=a, room=bench.room, starts_at=dt(2025, 7, 8, 9), ends_at=dt(2025, 7, 8, 12))
    assert hearing.booking.agency == bench.office and hearing.booking.record_label == a.number
    # a court books the same shared room: an overlapping slot is refused, a free one is taken
    with pytest.raises(ServiceError) as exc:
        rooms.book_room(actor=bench.ip_judge, room=bench.room, starts_at=dt(2025, 7, 8, 11), ends_at=dt(2025, 7, 8, 15), purpose="巡回审理")
    assert exc.value.code == "room_clash" and "北京市知识产权局" in str(exc.value.message) or "京" in str(exc.value.message)
    court_booking = rooms.book_room(
        actor=bench.ip_judge, room=bench.room, starts_at=dt(2025, 7, 8, 14), ends_at=dt(2025, 7, 8, 17), purpose="巡回审理（2025）京73民初88号"
    )
    assert court_booking.agency == bench.ip_court
    # the office's next hearing over the court's slot is refused, nothing written
    with pytest.raises(ServiceError) as exc:
        services.schedule_hearing(actor=bench.handler, adjudication=a, room=bench.room, starts_at=dt(2025, 7, 8, 16), ends_at=dt(2025, 7, 8, 18))
    assert exc.value.code == "room_clash"
    assert RoomBooking.objects.count() == 2 and a.hearings.count() == 1
    # a room not shared with courts: courts cannot book it
    private = HearingRoom.objects.create(agency=bench.centre, name="调解室", shared_with_courts=False)
    with pytest.raises(ServiceError) as exc:
        rooms.book_room(actor=bench.ip_judge, room=private, starts_at=dt(2025, 7, 9, 9), ends_at=dt(2025, 7, 9, 10), purpose="x")
    assert exc.value.code == "room_not_bookable"
    plan = rooms.day_plan(bench.room, D(2025, 7, 8))
    assert [(s.hour, e.hour, bool(b)) for s, e, b in plan] == [(9, 12, True), (12, 14, False), (14, 17, True), (17, 18, False)]


def test_suspend_for_pending_invalidation_and_resume_on_decision(bench, world):
    from ipcollab.orgs.models import Agency

    a = receive(bench)
    services.accept(actor=bench.handler, adjudication=a, accepted_on=D(2025, 6, 3), handlers=[bench.handler])
    with pytest.raises(ServiceError) as exc:
        services.suspend(actor=bench.handler, adjudication=a, invalidation=None, started_on=D(2025, 6, 10))
    assert exc.value.code == "adjudication_not_suspendable"
    inv = proceedings.record_office_proceeding(
        actor=bench.cnipa_examiner,
        kind="patent_invalidation",
        number="4W118001",
        right=bench.patent,
        filed_on=D(2025, 6, 5),
        parties=[{"party": bench.rival, "role": "requester"}, {"party": bench.owner, "role": "owner"}],
        grounds=["专利法第22条第3款：不具备创造性"],
        claims=[1, 2],
        handler=bench.cnipa_examiner,
    )
    services.suspend(actor=bench.handler, adjudication=a, invalidation=inv, started_on=D(2025, 6, 10), reason="被请求人提出无效宣告请求")
    a.refresh_from_db()
    assert a.suspended
    with pytest.raises(ServiceError) as exc:
        services.decide(actor=bench.handler, adjudication=a, decision="infringement", decided_on=D(2025, 7, 1), decision_number="x", reasons="y")
    assert exc.value.code == "adjudication_state"
    assert Agency.objects.get(code="cnipa")
    proceedings.decide(actor=bench.cnipa_examiner, proceeding=inv, result="upheld", decided_on=D(2025, 8, 1), decision_number="第580001号")
    a.refresh_from_db()
    assert not a.suspended
    s = a.suspensions.get()
    assert s.resumed_on == D(2025, 8, 1) and "第580001号" in s.resumed_because
    # the time limit is extended by the 52 days suspended
    assert a.decide_due == D(2025, 9, 3) + datetime.timedelta(days=52)
    assert Notification.objects.filter(code="adjudication.resumed", recipient=bench.handler).exists()


def test_each_party_window_runs_from_its_own_service(bench):
    a = served(bench, requester_on=D(2025, 8, 25), respondent_on=D(2025, 9, 1))
    rows = {p.party_id: p for p in a.parties.all()}
    assert rows[bench.owner.pk].window_ends_on == D(2025, 9, 9)
    assert rows[bench.rival.pk].window_ends_on == D(2025, 9, 16)
    assert a.stage == Stage.SERVED and a.window_ends_on == D(2025, 9, 16)
    assert a.apply_by == D(2025, 12, 16)
    assert LogEntry.objects.filter(adjudication=a, kind=LogKind.HAND_OFF, to_party=bench.rival).exists()


def test_window_ending_on_an_adjusted_working_sunday_does_not_roll(bench):
    # served 2025-09-13: day 15 is Sunday 2025-09-28, an adjusted working day (调休) before National Day
    a = served(bench, requester_on=D(2025, 9, 13), respondent_on=D(2025, 9, 13))
    assert a.window_ends_on == D(2025, 9, 28)


def test_window_ending_in_national_day_rolls_to_next_working_day(bench):
    a = served(bench, requester_on=D(2025, 9, 17), respondent_on=D(2025, 9, 17))
    assert a.window_ends_on == D(2025, 10, 9)


def test_suit_by_respondent_stops_enforcement(bench):
    a = served(bench)
    services.record_suit(actor=bench.handler, adjudication=a, party=bench.rival, suit_number="（2025）京0108行初301号", filed_on=D(2025, 9, 10))
    a.refresh_from_db()
    assert a.stage == Stage.SUED and a.is_closed and a.suit_by == bench.rival
    with pytest.raises(ServiceError) as exc:
        services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 10, 20))
    assert exc.value.code == "enforcement_not_available"
    b = served(bench)
    with pytest.raises(ServiceError) as exc:
        services.record_suit(actor=bench.handler, adjudication=b, party=bench.rival, suit_number="（2025）京0108民初301号", filed_on=D(2025, 9, 10))
    assert "suit_number" in exc.value.fields


def test_compliance_only_after_window_and_compliance_closes(bench):
    a = served(bench)
    with pytest.raises(ServiceError) as exc:
        services.record_compliance(actor=bench.handler, adjudication=a, complied=True, checked_on=D(2025, 9, 16))
    assert exc.value.code == "adjudication_state" and "2025-09-16" in str(exc.value.message)
    services.record_compliance(actor=bench.handler, adjudication=a, complied=True, checked_on=D(2025, 9, 17))
    a.refresh_from_db()
    assert a.stage == Stage.COMPLIED


def test_demand_counts_ten_working_days_across_national_day(bench):
    # served Friday 2025-09-26: 28 Sep (Sunday, adjusted working) 1, 29 2, 30 3, 1–8 Oct holiday,
    # 9 4, 10 5, 11 Oct (Saturday, adjusted working) 6, 13 7, 14 8, 15 9, 16 10
    a = demanded(bench, demand_on=D(2025, 9, 26))
    assert a.demand_ends_on == D(2025, 10, 16)
    with pytest.raises(ServiceError) as exc:
        services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 10, 16))
    assert exc.value.code == "enforcement_too_early"
    assert "行政强制法" in str(exc.value.message) and "2025-10-16" in str(exc.value.message)
    app = services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 10, 17))
    assert app.court == bench.court and app.status == ApplicationStatus.FILED
    # court acceptance: 5 working days from Friday 17 Oct over the weekend → Friday 24 Oct
    assert app.accept_due == D(2025, 10, 24)
    assert Notification.objects.filter(code="adjudication.enforcement_applied", recipient__in=[bench.judge, bench.clerk]).count() == 2


def test_demand_counts_ten_working_days_across_spring_festival_2026(bench):
    # served Thursday 2026-02-12: 13 Feb 1, 14 Feb (Saturday, adjusted) 2, 15–23 Feb holiday,
    # 24 3, 25 4, 26 5, 27 6, 28 Feb (Saturday, adjusted) 7, 2 Mar 8, 3 Mar 9, 4 Mar 10
    a = demanded(
        bench, demand_on=D(2026, 2, 12), received_on=D(2025, 10, 9), decided_on=D(2025, 12, 22), requester_on=D(2025, 12, 29), respondent_on=D(2026, 1, 5)
    )
    assert a.window_ends_on == D(2026, 1, 20)
    assert a.demand_ends_on == D(2026, 3, 4)


def test_enforcement_before_window_refused_naming_the_rule(bench):
    a = served(bench)
    with pytest.raises(ServiceError) as exc:
        services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 9, 16))
    assert exc.value.code == "enforcement_too_early"
    assert "专利法" in str(exc.value.message) and "2025-09-16" in str(exc.value.message)
    assert not hasattr(Adjudication.objects.get(pk=a.pk), "enforcement_cache")


def test_enforcement_last_day_of_three_months_accepted_a_day_later_refused(bench):
    a = demanded(bench, demand_on=D(2025, 11, 20))
    assert a.apply_by == D(2025, 12, 16)
    with pytest.raises(ServiceError) as exc:
        services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 12, 17))
    assert exc.value.code == "enforcement_too_late"
    assert "行政强制法" in str(exc.value.message) and "2025-12-16" in str(exc.value.message)
    a.refresh_from_db()
    assert a.stage == Stage.DEMANDED
    app = services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 12, 16))
    assert app.apply_by == D(2025, 12, 16)


def test_no_infringement_cannot_be_enforced(bench):
    a = served(bench, decision="no_infringement")
    assert a.apply_by is None
    with pytest.raises(ServiceError) as exc:
        services.record_compliance(actor=bench.handler, adjudication=a, complied=False, checked_on=D(2025, 9, 20))
    assert exc.value.code == "adjudication_state"


def test_court_accepts_with_review_number_and_rules(bench):
    a = demanded(bench)
    app = services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 10, 17))
    for bad in ("（2025）京0108行初5号", "（2025）京0105行审5号", "garbage"):
        with pytest.raises(ServiceError) as exc:
            services.court_accept(actor=bench.judge, application=app, case_number=bad, accepted_on=D(2025, 10, 20))
        assert exc.value.code == "case_number_invalid"
    with pytest.raises(ServiceError) as exc:
        services.court_accept(actor=bench.other_judge, application=app, case_number="（2025）京0105行审5号", accepted_on=D(2025, 10, 20))
    assert exc.value.status == 403
    services.court_accept(actor=bench.clerk, application=app, case_number="（2025）京0108行审5号", accepted_on=D(2025, 10, 20), judge=bench.judge)
    app.refresh_from_db()
    # 7 working days from Monday 20 Oct: 21, 22, 23, 24, 27, 28, 29
    assert app.status == ApplicationStatus.ACCEPTED and app.rule_due == D(2025, 10, 29) and app.judge == bench.judge
    services.court_hear(actor=bench.judge, application=app, decided_on=D(2025, 10, 22))
    app.refresh_from_db()
    assert app.hearing and app.rule_due == D(2025, 11, 19)
    services.court_rule(
        actor=bench.judge, application=app, ruling="enforce", ruled_on=D(2025, 11, 10), reasons="裁决认定事实清楚，适用法律正确，准予强制执行。"
    )
    a.refresh_from_db()
    assert a.stage == Stage.ENFORCED
    assert Notification.objects.filter(code="adjudication.court_ruled", recipient=bench.handler).exists()
    texts = list(a.log.values_list("text", flat=True))
    assert any("行审" in t for t in texts) and any("准予强制执行" in t for t in texts)


def test_court_does_not_accept(bench):
    a = demanded(bench)
    app = services.apply_enforcement(actor=bench.handler, adjudication=a, applied_on=D(2025, 10, 17))
    services.court_not_accept(actor=bench.judge, application=app, decided_on=D(2025, 10, 21), reasons="申请材料不全。")
    a.refresh_from_db()
    assert a.stage == Stage.NOT_ENFORCED


def test_damages_only_by_administrative_mediation(bench, world):
    from ipcollab.mediation import services as mediation_services

    a = served(bench)
    with pytest.raises(ServiceError) as exc:
        services.mediate_damages(actor=bench.handler, adjudication=a, received_on=D(2025, 9, 20))
    assert "调解组织" in str(exc.value.message)
    mediation_services.register_organisation(actor=world.platform_admin, agency=bench.office, fields=["patent"], registered_on=D(2025, 1, 2))
    m = services.mediate_damages(actor=bench.handler, adjudication=a, received_on=D(2025, 9, 20), claim_amount=500000)
    a.refresh_from_db()
    assert a.mediation == m and m.source == "administrative" and m.office == bench.office
    assert sorted(m.parties.values_list("side", flat=True)) == ["applicant", "respondent"]
    with pytest.raises(ServiceError) as exc:
        services.mediate_damages(actor=bench.handler, adjudication=a, received_on=D(2025, 9, 21))
    assert exc.value.code == "adjudication_state"
    b = served(bench, decision="no_infringement")
    with pytest.raises(ServiceError) as exc:
        services.mediate_damages(actor=bench.handler, adjudication=b, received_on=D(2025, 9, 20))
    assert exc.value.code == "adjudication_state"


def test_withdraw_before_decision_only(bench):
    a = receive(bench)
    services.accept(actor=bench.handler, adjudication=a, accepted_on=D(2025, 6, 3), handlers=[bench.handler])
    services.withdraw(actor=bench.handler, adjudication=a, withdrawn_on=D(2025, 6, 20), reason="双方已和解")
    a.refresh_from_db()
    assert a.stage == Stage.WITHDRAWN and a.is_closed and a.withdrawn_on == D(2025, 6, 20)
    b = decided(bench)
    with pytest.raises(ServiceError) as exc:
        services.withdraw(actor=bench.handler, adjudication=b, withdrawn_on=D(2025, 8, 21))
    assert exc.value.code == "adjudication_state"
