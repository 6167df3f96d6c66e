"""Service records: presumed receipt, per-recipient clocks, receipts, reach."""

import datetime

import pytest
from django.utils import timezone

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.deadlines import presumptions, selectors, services
from ipcollab.deadlines.models import ServiceRecord

D = datetime.date
pytestmark = pytest.mark.django_db
CST = datetime.timezone(datetime.timedelta(hours=8))


def at(y, m, d, hh=10, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=CST)


def serve(actor, recipient="甲公司", regime="patent", method="post", when=None, **kw):
    return services.record_dispatch(
        actor=actor,
        document_title="无效宣告请求审查决定书",
        document_number="第12345号",
        recipient_name=recipient,
        regime=regime,
        method=method,
        dispatched_at=when or at(2025, 1, 14),
        **kw,
    )


def test_cnipa_post_is_presumed_received_fifteen_days_after_dispatch(world):
    record = serve(world.examiner)
    assert record.presumed_received_on == D(2025, 1, 29)  # not rolled: 正月初一 is still the presumed day
    assert record.effective_receipt_date == D(2025, 1, 29)
    assert record.receipt_basis == "presumed"
    assert record.presumption_key == "patent.post"
    assert record.agency_id == world.office.pk
    event = AuditEvent.objects.get(action="deadlines.service.dispatch")
    assert event.after["presumed_received_on"] == "2025-01-29"


def test_the_dispatch_day_is_the_local_day():
    # 2025-01-13 23:30 in Beijing is 15:30 UTC the same day; 2025-01-13 17:00 UTC is the 14th in Beijing
    day, rule = services.presumed_receipt("patent", "post", datetime.datetime(2025, 1, 13, 17, 0, tzinfo=datetime.UTC))
    assert day == D(2025, 1, 29) and rule.code == "cnipa.presumed_receipt" and rule.amount == 15


def test_methods_without_a_presumption_wait_for_the_actual_receipt(world):
    record = serve(world.judge_a, regime="civil_procedure", method="post")
    assert record.presumed_received_on is None and record.effective_receipt_date is None
    with pytest.raises(ServiceError) as err:
        services.deadline_from_service(record, 15, "days")
    assert err.value.code == ErrorCode.SERVICE_NOT_RECEIVED


def test_announcements_have_their_own_period(world):
    assert serve(world.judge_a, regime="civil_procedure", method="announcement").presumed_received_on == D(2025, 2, 13)
    assert serve(world.examiner, method="announcement").presumed_received_on == D(2025, 2, 14)  # one month


@pytest.mark.django_db
def test_every_presumption_is_a_rule_of_the_registry_with_its_basis():
    for row in presumptions.PRESUMPTIONS:
        assert presumptions.for_service(row.regime, row.method) is row
        rule = presumptions.applied(row, D(2025, 1, 14))
        assert rule.code == row.rule_code and rule.amount >= 1 and "依据" in rule.label
        assert ("[R]" in rule.label) == (not rule.verified)


@pytest.mark.django_db
def test_the_announcement_period_follows_the_law_version_in_force():
    old = presumptions.applied(presumptions.by_key("civil.announcement"), D(2023, 12, 1))
    new = presumptions.applied(presumptions.by_key("civil.announcement"), D(2024, 1, 2))
    assert (old.amount, new.amount) == (60, 30)


def test_two_recipients_of_one_document_have_their_own_clocks(world):
    a = serve(world.examiner, recipient="请求人甲")
    b = serve(world.examiner, recipient="专利权人乙", method="in_person")
    services.record_receipt(actor=world.examiner, record=b, received_on=D(2025, 1, 20), proof="签收记录")
    b.refresh_from_db()
    # 甲: presumed 01-29 + 15 days = 02-13; 乙: received 01-20 + 15 days = 02-04 (春节) → 02-05
    assert services.deadline_from_service(a, 15, "days") == D(2025, 2, 13)
    assert services.deadline_from_service(b, 15, "days") == D(2025, 2, 5)
    # a proven earlier receipt moves 甲's clock too
    services.record_receipt(actor=world.examiner, record=a, received_on=D(2025, 1, 16), proof="邮件妥投记录")
    a.refresh_from_db()
    assert a.receipt_basis == "actual"
    assert services.deadline_from_service(a, 15, "days") == D(2025, 2, 5)  # 01-31 in the break → 02-05


def test_a_receipt_before_dispatch_is_refused(world):
    record = serve(world.examiner)
    with pytest.raises(ServiceError) as err:
        services.record_receipt(actor=world.examiner, record=record, received_on=D(2025, 1, 13), proof="回证")
    assert err.value.code == ErrorCode.RECEIPT_BEFORE_DISPATCH
    with pytest.raises(ServiceError) as err:
        services.record_receipt(actor=world.examiner, record=record, received_on=timezone.localdate() + datetime.timedelta(days=1), proof="回证")
    assert err.value.code == ErrorCode.SERVICE_IN_FUTURE
    with pytest.raises(ServiceError) as err:
        services.record_receipt(actor=world.examiner, record=record, received_on=D(2025, 1, 20), proof="  ")
    assert err.value.code == ErrorCode.REQUIRED
    record.refresh_from_db()
    assert record.received_on is None
    # the day of dispatch itself is fine
    services.record_receipt(actor=world.examiner, record=record, received_on=D(2025, 1, 14), proof="当面签收")


def test_a_dispatch_in_the_future_or_with_bad_choices_is_refused(world):
    with pytest.raises(ServiceError) as err:
        serve(world.examiner, when=timezone.now() + datetime.timedelta(days=1))
    assert err.value.code == ErrorCode.SERVICE_IN_FUTURE
    with pytest.raises(ServiceError) as err:
        serve(world.examiner, method="pigeon")
    assert err.value.code == ErrorCode.INVALID and "method" in err.value.fields
    with pytest.raises(ServiceError) as err:
        serve(world.examiner, when=at(443, 1, 31))
    assert err.value.code == ErrorCode.INVALID and "dispatched_at" in err.value.fields
    assert not ServiceRecord.objects.exists()


def test_deadline_codes_pass_through(world):
    record = serve(world.examiner)
    with pytest.raises(ServiceError) as err:
        services.deadline_from_service(record, 1, "fortnights")
    assert err.value.code == ErrorCode.BAD_UNIT
    late = serve(world.examiner, when=at(2026, 11, 20))
    with pytest.raises(ServiceError) as err:
        services.deadline_from_service(late, 3, "months")
    assert err.value.code == ErrorCode.CALENDAR_UNPUBLISHED


def test_who_may_record(world):
    serve(world.clerk_a)
    serve(world.system)  # an agency system serves for its own agency
    with pytest.raises(PermissionDenied):
        serve(world.external)
    from conftest import make_user

    viewer = make_user("t_viewer_a", world.court_a, ["viewer"])
    with pytest.raises(PermissionDenied):
        serve(viewer)
    record = serve(world.judge_a)
    with pytest.raises(PermissionDenied):
        services.record_receipt(actor=world.judge_b, record=record, received_on=D(2025, 1, 20), proof="回证")


def test_selectors_follow_agency_and_visibility(world):
    private = serve(world.judge_a, recipient="甲")
    network = serve(world.judge_a, recipient="乙", visibility="network")
    other = serve(world.judge_b, recipient="丙")
    assert set(selectors.service_records_for_user(world.clerk_a)) == {private, network}
    assert set(selectors.service_records_for_user(world.examiner)) == {network}
    assert set(selectors.service_records_for_user(world.platform_admin)) == {private, network, other}
    assert set(selectors.service_records_for_user(world.clerk_a, q="乙")) == {network}
    from ipcollab.core.errors import NotFound

    with pytest.raises(NotFound):
        selectors.service_record_get(private.pk, world.judge_b)
    with pytest.raises(NotFound):
        selectors.service_record_get("abc", world.judge_a)


def test_a_document_link_is_kept(world):
    record = serve(world.examiner, document=world.office)
    assert list(selectors.service_records_for_document(world.examiner, world.office)) == [record]
