"""Rights, legal events and reconciliation: services and selectors."""

import datetime

import pytest

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.events.models import DomainEvent
from ipcollab.registry import selectors, services
from ipcollab.registry import status as legal
from ipcollab.registry.models import LegalEvent, ReconciliationItem, Right

from .test_parties import org

NUMBER = "201810557067.3"
D = datetime.date


def make_patent(actor, number=NUMBER, title="一种图像处理方法", parties=(), **values):
    values.setdefault("filing_date", D(2018, 6, 1))
    return services.right_create(actor=actor, kind="patent", number=number, title=title, parties=parties, **values)


def make_mark(actor, number="12345678", title="飞鸟", **values):
    values.setdefault("filing_date", D(2019, 3, 1))
    return services.right_create(actor=actor, kind="trademark", number=number, title=title, **values)


def assert_cache_agrees(right):
    right.refresh_from_db()
    state = services.right_state(right)
    assert right.status == (state.status or "")
    assert (right.pledges, right.licences, right.freezes, right.invalidations, right.opposed) == (
        state.pledges,
        state.licences,
        state.freezes,
        state.invalidations,
        state.opposed,
    )


@pytest.mark.django_db
class TestCreate:
    def test_patent_is_filed_normalised_audited_and_published(self, world):
        owner = org(world.examiner, name="华为技术有限公司")
        right = make_patent(world.examiner, number="ZL 2018 1 0557067.3", parties=[(owner, "applicant")])
        assert right.number == NUMBER and right.patent_kind == "invention" and not right.pct
        assert right.status == "pending" and right.owner_name == "华为技术有限公司"
        assert right.visibility == "public" and right.agency == world.office
        assert list(right.events.values_list("type", flat=True)) == ["filed"]
        assert AuditEvent.objects.filter(action="registry.right.create", object_id=str(right.pk)).exists()
        assert DomainEvent.objects.filter(type="registry.right.created").count() == 1
        assert_cache_agrees(right)

    def test_bad_check_character_is_a_field_error_with_the_identifier_code(self, world):
        with pytest.raises(ServiceError) as exc:
            make_patent(world.examiner, number="201810557067.4")
        assert exc.value.code == ErrorCode.INVALID
        assert exc.value.fields["number_error"] == ["bad_check_character"]
        assert not Right.objects.exists()

    def test_kind_digit_must_agree_with_patent_kind(self, world):
        with pytest.raises(ServiceError) as exc:
            make_patent(world.examiner, patent_kind="design")
        assert "patent_kind" in exc.value.fields

    def test_duplicate_number_in_another_spelling(self, world):
        first = make_patent(world.examiner)
        with pytest.raises(ServiceError) as exc:
            make_patent(world.examiner, number="２０１８１０５５７０６７３")
        assert exc.value.code == ErrorCode.RIGHT_DUPLICATE and exc.value.fields["existing_id"] == [str(first.pk)]

    def test_filing_date_in_future_and_reader_refused(self, world):
        with pytest.raises(ServiceError) as exc:
            make_patent(world.examiner, filing_date=datetime.date.today() + datetime.timedelta(days=2))
        assert "filing_date" in exc.value.fields
        with pytest.raises(PermissionDenied):
            make_patent(world.external)


@pytest.mark.django_db
class TestEvents:
    def test_events_keep_status_equal_to_replay(self, world):
        right = make_patent(world.examiner)
        for type_, day in (("published", D(2019, 1, 5)), ("substantive_examination_requested", D(2019, 2, 1)), ("granted", D(2020, 5, 1))):
            services.record_event(world.examiner, right, type_, day)
            assert_cache_agrees(right)
        services.record_event(world.examiner, right, "pledge_recorded", D(2021, 1, 1))
        right.refresh_from_db()
        assert right.status == "granted" and right.pledged and right.grant_date == D(2020, 5, 1) and right.publication_date == D(2019, 1, 5)
        assert_cache_agrees(right)
        assert [e.type for e in selectors.timeline(right)][-1] == "pledge_recorded"
        assert DomainEvent.objects.filter(type="registry.right.status_changed").count() == 4

    def test_refused_event_from_the_ui_raises_with_the_refusal_code(self, world):
        right = make_patent(world.examiner)
        with pytest.raises(ServiceError) as exc:
            services.record_event(world.examiner, right, "pledge_recorded", D(2020, 1, 1))
        assert exc.value.code == ErrorCode.EVENT_REFUSED and exc.value.fields["refusal"] == ["not_allowed_in_status"]
        assert LegalEvent.objects.filter(right=right).count() == 1 and not ReconciliationItem.objects.exists()

    def test_frozen_guard_refuses_a_transfer(self, world):
        right = make_patent(world.examiner)
        services.record_event(world.examiner, right, "granted", D(2020, 1, 1))
        services.record_event(world.examiner, right, "frozen", D(2021, 1, 1))
        with pytest.raises(ServiceError) as exc:
            services.record_event(world.examiner, right, "transferred", D(2021, 2, 1), {"owner": "乙公司"})
        assert exc.value.fields["refusal"] == ["right_frozen"]
        assert_cache_agrees(right)

    def test_refused_event_from_a_source_opens_a_reconciliation_item(self, world):
        right = make_patent(world.examiner)
        services.record_event(world.examiner, right, "granted", D(2020, 1, 1))
        services.record_event(world.examiner, right, "frozen", D(2021, 1, 1))
        item = services.record_event(world.system, right, "transferred", D(2021, 2, 1), {"owner": "乙公司"}, source="cnipa", source_version=7)
        assert isinstance(item, ReconciliationItem)
        assert item.status == "open" and item.refusal_code == "right_frozen" and item.payload["data"] == {"owner": "乙公司"}
        right.refresh_from_db()
        assert right.owner_name != "乙公司" and LegalEvent.objects.filter(right=right).count() == 3
        assert selectors.open_reconciliation_items(right) == [item]
        # Still frozen: applying is refused; after the unfreeze the examiner applies it.
        with pytest.raises(ServiceError) as exc:
            services.resolve_reconciliation(actor=world.examiner, item=item, action="apply")
        assert exc.value.fields["refusal"] == ["right_frozen"]
        services.record_event(world.examiner, right, "unfrozen", D(2021, 3, 1))
        with pytest.raises(PermissionDenied):
            services.resolve_reconciliation(actor=world.judge_a, item=item, action="apply")
        # The held event is dated before the unfreeze: out of order, so the examiner rejects it.
        with pytest.raises(ServiceError) as exc:
            services.resolve_reconciliation(actor=world.examiner, item=item, action="apply")
        assert exc.value.fields["refusal"] == ["out_of_order"]
        services.resolve_reconciliation(actor=world.examiner, item=item, action="reject", note="以新事件重新报送")
        item.refresh_from_db()
        assert item.status == "rejected" and item.resolved_by == world.examiner
        with pytest.raises(ServiceError) as exc:
            services.resolve_reconciliation(actor=world.examiner, item=item, action="reject")
        assert exc.value.code == ErrorCode.RECONCILIATION_CLOSED
        assert_cache_agrees(right)

    def test_apply_a_held_event_once_it_fits(self, world):
        right = make_mark(world.examiner)
        item = services.record_event(world.system, right, "registered", D(2020, 3, 1), {"term_ends": "2030-02-28"}, source="cnipa")
        assert item.refusal_code == "not_allowed_in_status"
        services.record_event(world.examiner, right, "preliminarily_approved", D(2019, 12, 1))
        services.resolve_reconciliation(actor=world.platform_admin, item=item, action="apply")
        right.refresh_from_db()
        assert right.status == "registered" and right.expiry_date == D(2030, 2, 28)
        assert_cache_agrees(right)

    def test_date_in_future_and_permissions(self, world):
        right = make_patent(world.examiner)
        with pytest.raises(ServiceError) as exc:
            services.record_event(world.examiner, right, "published", datetime.date.today() + datetime.timedelta(days=1))
        assert exc.value.code == ErrorCode.EVENT_IN_FUTURE
        with pytest.raises(PermissionDenied):
            services.record_event(world.judge_a, right, "published", D(2019, 1, 1))
        with pytest.raises(PermissionDenied):
            services.record_event(world.system, right, "published", D(2019, 1, 1))

    def test_replay_of_stored_events_equals_cache_after_many(self, world):
        right = make_patent(world.examiner)
        services.record_event(world.examiner, right, "granted", D(2020, 1, 1))
        for i in range(5):
            services.record_event(world.examiner, right, "licence_filed", D(2020, 2, 1 + i))
        right.refresh_from_db()
        assert right.licences == 5
        assert legal.replay("patent", [e.to_dict() for e in services._events_of(right)]).licences == 5


@pytest.mark.django_db
class TestSearch:
    @pytest.mark.parametrize("q", ["ZL 2018 1 0557067.3", "201810557067.3", "2018105570673", "ＺＬ２０１８１０５５７０６７．３", "zl201810557067.3"])
    def test_number_in_any_spelling(self, world, q):
        right = make_patent(world.examiner)
        make_patent(world.examiner, number="201920000123.3", title="另一项")
        assert list(selectors.right_search(world.judge_b, q)) == [right]

    def test_traditional_owner_name_finds_the_simplified_one(self, world):
        owner = org(world.examiner, name="华为技术有限公司")
        right = make_patent(world.examiner, parties=[(owner, "applicant")])
        make_mark(world.examiner, title="飞鸟")
        assert list(selectors.right_search(world.judge_b, "華為技術")) == [right]
        assert list(selectors.right_search(world.judge_b, "图像处理")) == [right]

    def test_former_name_and_mark_text(self, world):
        owner = org(world.examiner, name="旧名称科技有限公司")
        mark = make_mark(world.examiner, title="飞鸟牌", parties=[(owner, "owner")])
        services.party_rename(actor=world.examiner, party=owner, name="新名称科技有限公司")
        assert list(selectors.right_search(world.judge_a, "旧名称")) == [mark]
        assert list(selectors.right_search(world.judge_a, "12345678")) == [mark]

    def test_private_right_out_of_reach(self, world):
        right = make_patent(world.examiner, visibility="private")
        assert list(selectors.right_search(world.judge_a, "图像")) == []
        assert list(selectors.right_search(world.examiner, "图像")) == [right]
        with pytest.raises(NotFound):
            selectors.right_get_for_user(world.judge_a, right.pk)


def test_a_party_listed_twice_in_the_same_role_is_refused_not_a_500(world):
    from ipcollab.core.errors import ServiceError as _ServiceError
    from ipcollab.registry import services as _services

    examiner = world.examiner
    party = _services.party_create(actor=examiner, kind="organization", name="重复列名测试有限公司")
    with pytest.raises(_ServiceError) as err:
        _services.right_create(
            actor=examiner,
            kind="patent",
            number="201810557067.3",
            title="一种测试装置",
            filing_date=datetime.date(2018, 6, 1),
            parties=[(party, "applicant"), (party, "applicant")],
            patent_kind="invention",
        )
    assert err.value.code == "invalid" and "parties" in err.value.fields
