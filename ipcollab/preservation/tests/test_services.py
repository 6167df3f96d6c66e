"""The freeze register's services on a real database: queue, suspension of procedures,
renewal, release and promotion, succession, disposal, the sweep, refusals."""

import datetime

import pytest
from django.utils import timezone

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import PermissionDenied, ServiceError
from ipcollab.preservation import services
from ipcollab.preservation.models import FreezeOrder, OrderStatus
from ipcollab.preservation.tests.conftest import submit as order
from ipcollab.registry import services as register
from ipcollab.registry.models import Party, Right

D = datetime.date


def test_first_order_freezes_the_second_waits_a_transfer_is_refused(world, patent, courts):
    first = order(courts["a"], patent)
    assert first.status == OrderStatus.EFFECTIVE and first.starts_on is not None
    patent.refresh_from_db()
    assert patent.frozen and patent.freezes == 1
    second = order(courts["b"], patent, case="(2026)沪民初2号", amount=1, unit="years")
    assert second.status == OrderStatus.WAITING and second.starts_on is None
    assert second.receipt_seq > first.receipt_seq
    with pytest.raises(ServiceError) as exc:
        register.record_event(world.examiner, patent, "transferred", first.starts_on, {"owner": "他人有限公司"})
    assert exc.value.code == "event_refused" and exc.value.fields["refusal"] == ["right_frozen"]
    services.release_order(actor=world.judge_a, order=first)
    second.refresh_from_db()
    assert second.status == OrderStatus.EFFECTIVE and second.starts_on == timezone.localdate()
    patent.refresh_from_db()
    assert patent.freezes == 1 and register.right_state(patent).frozen_by == (str(world.court_b.pk),)
    assert [e.type for e in first.history.all()] == ["submitted", "assigned", "effective", "released"]
    assert AuditEvent.objects.filter(action="preservation.order.submit").count() == 2


def test_only_the_holding_court_releases_renews_or_disposes(world, patent, courts):
    first = order(courts["a"], patent)
    for call in (
        lambda: services.release_order(actor=world.judge_b, order=first),
        lambda: services.renew_order(actor=world.judge_b, order=first, period_amount=3, period_unit="months"),
        lambda: services.dispose_right(actor=world.judge_b, order=first, new_owner="买受人有限公司"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(PermissionDenied):
        services.register_order(actor=world.judge_a, order=first)


def test_renewal_extends_and_the_sweep_lapses_and_promotes(world, patent, courts):
    first = order(courts["a"], patent, amount=30, unit="days")
    second = order(courts["b"], patent, case="(2026)沪民初2号", amount=2, unit="months")
    renewed = services.renew_order(actor=world.judge_a, order=first, period_amount=30, period_unit="days")
    assert renewed.ends_on == first.ends_on + datetime.timedelta(days=30)
    assert services.sweep(renewed.ends_on) == 0  # not yet
    assert services.sweep(renewed.ends_on + datetime.timedelta(days=1)) == 1
    assert services.sweep(renewed.ends_on + datetime.timedelta(days=1)) == 0  # never doubled
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == OrderStatus.LAPSED
    assert second.status == OrderStatus.EFFECTIVE and second.starts_on == renewed.ends_on + datetime.timedelta(days=1)
    with pytest.raises(ServiceError) as exc:
        services.renew_order(actor=world.judge_a, order=first, period_amount=1, period_unit="months")
    assert exc.value.code == "freeze_order_not_effective"


def test_the_holding_court_disposes_and_the_waiting_list_ends(world, patent, courts):
    first = order(courts["a"], patent)
    second = order(courts["b"], patent, case="(2026)沪民初2号")
    services.dispose_right(actor=world.judge_a, order=first, new_owner="买受人有限公司")
    patent.refresh_from_db()
    second.refresh_from_db()
    first.refresh_from_db()
    assert patent.owner_name == "买受人有限公司" and not patent.frozen
    assert first.status == OrderStatus.ENDED and second.status == OrderStatus.ENDED


def test_succession_hands_the_freeze_to_the_enforcement_court(world, patent, courts):
    first = order(courts["a"], patent)
    services.convert_order(actor=world.judge_a, order=first, successor=world.court_b)
    first.refresh_from_db()
    assert first.holder == world.court_b and first.kind == "enforcement"
    patent.refresh_from_db()
    assert register.right_state(patent).frozen_by == (str(world.court_b.pk),)
    services.release_order(actor=world.judge_b, order=first)  # the successor may release it
    patent.refresh_from_db()
    assert not patent.frozen


def test_cnipa_registers_once_and_returns_with_a_reason(world, patent, courts):
    first = order(courts["a"], patent)
    second = order(courts["b"], patent, case="(2026)沪民初2号")
    services.register_order(actor=world.handler, order=second)
    with pytest.raises(ServiceError) as exc:
        services.register_order(actor=world.handler, order=second)
    assert exc.value.code == "freeze_already_registered"
    services.return_order(actor=world.handler, order=first, reason="owner_differs")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == OrderStatus.RETURNED and first.return_reason == "owner_differs"
    assert second.status == OrderStatus.EFFECTIVE
    with pytest.raises(ServiceError) as exc:
        services.return_order(actor=world.handler, order=first, reason="duplicate")
    assert exc.value.code == "freeze_order_closed"


def test_bad_orders_change_nothing(world, patent, courts):
    party = Party.objects.get(name="冻结测试科技有限公司")
    stranger = register.party_create(actor=world.examiner, kind="organization", name="无关第三人有限公司")
    cases = (
        ({"case_number": "not a case"}, "case_number"),
        ({"period_amount": 0}, "period_amount"),
        ({"period_unit": "weeks"}, "period_unit"),
        ({"party": stranger}, "party"),
        ({"signing_judge": world.judge_b}, "signing_judge"),
    )
    for change, field in cases:
        values = {"case_number": "(2026)京民初1号", "party": party, "period_amount": 6, "period_unit": "months", "signing_judge": world.judge_a, **change}
        with pytest.raises(ServiceError) as exc:
            services.submit_order(actor=world.judge_a, right=patent, **values)
        assert field in exc.value.fields
    lapsed = Right.objects.get(pk=patent.pk)
    register.record_event(world.examiner, lapsed, "lapsed_unpaid_annuity", D(2024, 8, 1))
    with pytest.raises(ServiceError) as exc:
        order(courts["a"], lapsed)
    assert exc.value.code == "freeze_right_not_live"
    assert not patent.freeze_orders.exists()
    with pytest.raises(PermissionDenied):
        order((world.examiner, world.judge_a), patent)


def test_a_period_over_the_rule_maximum_is_flagged_not_refused(world, patent, courts):
    long = order(courts["a"], patent, amount=2, unit="years")
    assert long.status == OrderStatus.EFFECTIVE and "六个月" not in long.period_warning and long.period_warning


def test_inquiry_by_number_and_by_party_shows_the_queue_and_is_audited(world, patent, courts):
    first = order(courts["a"], patent)
    second = order(courts["b"], patent, case="(2026)沪民初2号")
    facts = services.inquire(actor=world.judge_b, case_number="（2026）沪民初2号", number="ZL 2018 1 0557067.3")
    assert [f["number"] for f in facts] == [patent.number]
    assert facts[0]["effective"]["order"] == first.pk and facts[0]["effective"]["position"] == 1
    assert [(w["order"], w["position"]) for w in facts[0]["waiting"]] == [(second.pk, 2)]
    by_party = services.inquire(actor=world.judge_a, case_number="(2026)京民初1号", party_name="冻结测试科技有限公司")
    assert [f["right"] for f in by_party] == [patent.pk]
    audit = AuditEvent.objects.filter(action="preservation.inquiry").order_by("pk")
    assert [a.object_id for a in audit] == ["（2026）沪民初2号", "（2026）京民初1号"] and audit[0].is_read


def test_inquiry_needs_a_case_number_one_query_and_a_court(world, patent):
    for values, field in (
        ({"case_number": "", "number": patent.number}, "case_number"),
        ({"case_number": "(2026)京民初1号"}, "query"),
        ({"case_number": "(2026)京民初1号", "number": "2018105570674"}, "number"),
    ):
        with pytest.raises(ServiceError) as exc:
            services.inquire(actor=world.judge_a, **values)
        assert field in exc.value.fields
    with pytest.raises(PermissionDenied):
        services.inquire(actor=world.examiner, case_number="(2026)京民初1号", number=patent.number)
    assert not AuditEvent.objects.filter(action="preservation.inquiry").exists()


def test_second_instance_takes_over_and_the_first_court_no_longer_holds(world, patent, courts):
    first = order(courts["a"], patent)
    services.convert_order(actor=world.judge_a, order=first, successor=world.court_b, purpose="appeal")
    first.refresh_from_db()
    assert first.holder_id == world.court_b.pk and first.kind == "preservation" and first.history.last().details["purpose"] == "appeal"
    # The order object still in the first court's hands is stale: the check runs again under the lock.
    stale = FreezeOrder.objects.get(pk=first.pk)
    stale.holder_id = world.court_a.pk
    with pytest.raises(PermissionDenied):
        services.release_order(actor=world.judge_a, order=stale)
    with pytest.raises(ServiceError) as exc:
        services.convert_order(actor=world.judge_b, order=first, successor=world.court_b, purpose="appeal")
    assert exc.value.code == "invalid" and "successor" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.convert_order(actor=world.judge_b, order=first, successor=world.court_a, purpose="retrial")
    assert "purpose" in exc.value.fields
    services.renew_order(actor=world.judge_b, order=first, period_amount=6, period_unit="months")
    assert FreezeOrder.objects.get(pk=first.pk).status == OrderStatus.EFFECTIVE
