import datetime

import pytest
from django.utils import timezone

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.identifiers import organization_code_check_character, uscc_check_character
from ipcollab.registry import selectors, services
from ipcollab.registry.models import Party, PartyName, PowerOfAttorney

TENCENT = "9144030071526726XG"
HUAWEI = "914403001922038216"


def uscc(body="MA5H0HLK", region="440300"):
    first17 = "91" + region + body + organization_code_check_character(body)
    return first17 + uscc_check_character(first17)


def org(actor, name="深圳市腾讯计算机系统有限公司", **values):
    return services.party_create(actor=actor, kind="organization", name=name, **values)


def person(actor, name="张三", **values):
    return services.party_create(actor=actor, kind="person", name=name, **values)


@pytest.mark.django_db
class TestCreate:
    def test_organisation_with_credit_code(self, world):
        party = org(world.judge_a, credit_code="9144 0300 7152 6726 xg")
        assert party.credit_code == TENCENT
        assert party.normalized_name == "深圳市腾讯计算机系统有限公司"
        assert party.agency == world.court_a and party.visibility == "network"
        event = AuditEvent.objects.get(action="registry.party_create")
        assert event.object_id == str(party.pk)

    def test_duplicate_credit_code_names_the_existing_party(self, world):
        first = org(world.judge_a, credit_code=TENCENT)
        with pytest.raises(ServiceError) as exc:
            org(world.examiner, name="腾讯", credit_code=TENCENT)
        assert exc.value.code == ErrorCode.PARTY_DUPLICATE
        assert exc.value.fields["existing_id"] == [str(first.pk)]
        assert Party.objects.count() == 1

    def test_bad_credit_code_gives_identifier_code(self, world):
        with pytest.raises(ServiceError) as exc:
            org(world.judge_a, credit_code="9144030071526726XA")
        assert exc.value.code == ErrorCode.INVALID
        assert exc.value.fields["credit_code_error"] == ["bad_check_character"]
        assert not Party.objects.exists()

    def test_person_fields(self, world):
        p = person(world.clerk_a, id_number="11010519491231002x", region_code="110105", address="北京市朝阳区某路1号")
        assert p.id_number == "11010519491231002X"
        with pytest.raises(ServiceError) as exc:
            person(world.clerk_a, name="李四", region_code="999999")
        assert exc.value.code == ErrorCode.INVALID and "region_code" in exc.value.fields
        with pytest.raises(ServiceError) as exc:
            person(world.clerk_a, name="李四", credit_code=TENCENT)
        assert "credit_code" in exc.value.fields
        with pytest.raises(ServiceError) as exc:
            person(world.clerk_a, name="John", nationality="US", region_code="110105")
        assert "region_code" in exc.value.fields

    def test_bad_kind_and_name(self, world):
        with pytest.raises(ServiceError) as exc:
            services.party_create(actor=world.judge_a, kind="robot", name=" （） ")
        assert set(exc.value.fields) == {"kind", "name"}

    def test_audit_masks_personal_data(self, world):
        person(world.clerk_a, id_number="110105194912310021", address="北京市朝阳区某路1号")
        event = AuditEvent.objects.get(action="registry.party_create")
        assert "110105194912310021" not in str(event.after)
        assert "某路1号" not in str(event.after)

    @pytest.mark.parametrize("who", ["liaison_a", "handler", "system", "external"])
    def test_who_may_not_write(self, world, who):
        with pytest.raises(PermissionDenied):
            org(getattr(world, who))

    @pytest.mark.parametrize("who", ["platform_admin", "admin_a", "judge_a", "clerk_a", "examiner", "judge_b"])
    def test_who_may_write(self, world, who):
        assert org(getattr(world, who), credit_code=None).pk


@pytest.mark.django_db
class TestUpdateAndRename:
    def test_update_credit_code_uniqueness(self, world):
        a = org(world.judge_a, credit_code=TENCENT)
        b = org(world.judge_a, name="华为技术有限公司")
        with pytest.raises(ServiceError) as exc:
            services.party_update(actor=world.judge_a, party=b, credit_code=TENCENT)
        assert exc.value.code == ErrorCode.PARTY_DUPLICATE and exc.value.fields["existing_id"] == [str(a.pk)]
        services.party_update(actor=world.judge_a, party=b, credit_code=HUAWEI)
        b.refresh_from_db()
        assert b.credit_code == HUAWEI
        # keeping its own code is no duplicate
        services.party_update(actor=world.judge_a, party=a, credit_code=TENCENT, address="深圳市南山区")

    def test_rename_keeps_history(self, world):
        p = org(world.examiner, name="深圳市腾讯计算机系统有限公司")
        today = timezone.localdate()
        services.party_rename(actor=world.examiner, party=p, name="腾讯科技（深圳）有限公司", changed_on=today - datetime.timedelta(days=10), reason="工商变更")
        services.party_rename(actor=world.examiner, party=p, name="腾讯科技有限公司", changed_on=today, reason="再次变更")
        p.refresh_from_db()
        assert p.name == "腾讯科技有限公司"
        names = list(PartyName.objects.filter(party=p).order_by("valid_to"))
        assert [n.name for n in names] == ["深圳市腾讯计算机系统有限公司", "腾讯科技（深圳）有限公司"]
        assert names[0].valid_from is None and names[0].valid_to == today - datetime.timedelta(days=11)
        assert names[1].valid_from == today - datetime.timedelta(days=10) and names[1].valid_to == today - datetime.timedelta(days=1)
        # the old name still finds the party
        assert list(selectors.party_search(world.judge_a, "深圳市騰訊計算機系統")) == [p]

    def test_rename_refusals(self, world):
        p = org(world.examiner)
        with pytest.raises(ServiceError) as exc:
            services.party_rename(actor=world.examiner, party=p, name=p.name)
        assert exc.value.fields.keys() == {"name"}
        with pytest.raises(ServiceError) as exc:
            services.party_rename(actor=world.examiner, party=p, name="新名", changed_on=timezone.localdate() + datetime.timedelta(days=1))
        assert "changed_on" in exc.value.fields
        services.party_rename(actor=world.examiner, party=p, name="新名")
        with pytest.raises(ServiceError) as exc:
            services.party_rename(actor=world.examiner, party=p, name="更新名", changed_on=timezone.localdate() - datetime.timedelta(days=5))
        assert "changed_on" in exc.value.fields
        assert PartyName.objects.count() == 1


@pytest.mark.django_db
class TestMerge:
    def test_merge_moves_names_and_powers(self, world):
        from ipcollab.registry.tests.test_representatives import lawyer

        keep = org(world.judge_a, name="华为技术有限公司", credit_code=HUAWEI)
        dup = org(world.examiner, name="華為技術有限責任公司 ")
        services.party_rename(actor=world.examiner, party=dup, name="华为技术公司")
        rep = lawyer(world.judge_a)
        services.power_of_attorney_grant(actor=world.judge_a, principal=dup, representative=rep, matter="侵权诉讼", valid_from=timezone.localdate())
        older = org(world.examiner, name="华为")
        services.party_merge(actor=world.examiner, keep=dup, duplicate=older)
        services.party_merge(actor=world.judge_a, keep=keep, duplicate=dup, reason="重复录入")
        dup.refresh_from_db()
        older.refresh_from_db()
        assert dup.merged_into == keep and older.merged_into == keep
        assert PowerOfAttorney.objects.get().principal == keep
        names = set(PartyName.objects.filter(party=keep).values_list("name", flat=True))
        assert "华为技术公司" in names and "華為技術有限責任公司" in names and "华为" in names
        event = AuditEvent.objects.filter(action="registry.party_merge").latest("pk")
        assert event.before["keep"]["id"] == keep.pk and event.before["duplicate"]["id"] == dup.pk
        assert event.reason == "重复录入"
        # merged parties leave the search, the kept one is found by the duplicate's name
        assert list(selectors.party_search(world.judge_a, "华为")) == [keep]
        with pytest.raises(ServiceError) as exc:
            services.party_update(actor=world.judge_a, party=dup, address="x")
        assert exc.value.code == ErrorCode.PARTY_MERGED and exc.value.status == 409

    def test_merge_takes_credit_code_when_keep_has_none(self, world):
        keep = org(world.judge_a, name="腾讯")
        dup = org(world.judge_a, credit_code=TENCENT)
        services.party_merge(actor=world.judge_a, keep=keep, duplicate=dup)
        keep.refresh_from_db()
        dup.refresh_from_db()
        assert keep.credit_code == TENCENT and dup.credit_code is None

    def test_refusals(self, world):
        a = org(world.judge_a, name="甲公司")
        b = org(world.judge_a, name="乙公司")
        p = person(world.judge_a)
        with pytest.raises(ServiceError) as exc:
            services.party_merge(actor=world.judge_a, keep=a, duplicate=a)
        assert exc.value.code == ErrorCode.PARTY_MERGE_SELF
        with pytest.raises(ServiceError) as exc:
            services.party_merge(actor=world.judge_a, keep=a, duplicate=p)
        assert exc.value.code == ErrorCode.PARTY_MERGE_KIND
        services.party_merge(actor=world.judge_a, keep=a, duplicate=b)
        b.refresh_from_db()
        with pytest.raises(ServiceError) as exc:
            services.party_merge(actor=world.judge_a, keep=b, duplicate=a)
        assert exc.value.code == ErrorCode.PARTY_MERGE_CYCLE
        c = org(world.judge_a, name="丙公司")
        with pytest.raises(ServiceError) as exc:
            services.party_merge(actor=world.judge_a, keep=c, duplicate=b)
        assert exc.value.code == ErrorCode.PARTY_MERGED
        with pytest.raises(PermissionDenied):
            services.party_merge(actor=world.liaison_a, keep=a, duplicate=c)
        assert AuditEvent.objects.filter(action="registry.party_merge").count() == 1


@pytest.mark.django_db
class TestSelectors:
    def test_search_by_credit_code_and_name(self, world):
        t = org(world.judge_a, credit_code=TENCENT)
        h = org(world.judge_a, name="华为技术有限公司", credit_code=HUAWEI)
        assert list(selectors.party_search(world.examiner, TENCENT.lower())) == [t]
        assert list(selectors.party_search(world.examiner, "騰訊")) == [t]
        assert list(selectors.party_search(world.examiner, "华为技术有限责任公司")) == [h]
        assert list(selectors.party_search(world.examiner, "（）")) == []
        assert set(selectors.party_search(world.examiner, "")) == {t, h}

    def test_search_index_any_word_order(self, world):
        from ipcollab.search.models import SearchEntry

        t = org(world.judge_a, credit_code=TENCENT)
        assert list(selectors.party_search(world.examiner, "计算机系统 騰訊")) == [t]
        dup = org(world.judge_a, name="腾讯计算机")
        services.party_merge(actor=world.judge_a, keep=t, duplicate=dup)
        assert not SearchEntry.objects.filter(doc_type="party", object_id=str(dup.pk)).exists()
        assert list(selectors.party_search(world.examiner, "腾讯计算机")) == [t]

    def test_reach(self, world):
        shared = org(world.judge_a)
        private = org(world.judge_a, name="内部当事人")
        Party.objects.filter(pk=private.pk).update(visibility="private")
        assert set(selectors.party_search(world.judge_b, "")) == {shared}
        assert set(selectors.party_search(world.clerk_a, "")) == {shared, private}
        assert set(selectors.party_search(world.platform_admin, "")) == {shared, private}
        assert list(selectors.party_search(world.external, "")) == []
        with pytest.raises(NotFound):
            selectors.party_get_for_user(world.judge_b, private.pk)
        with pytest.raises(NotFound):
            selectors.party_get_for_user(world.judge_b, "abc")
        assert selectors.party_get_for_user(world.judge_b, shared.pk) == shared

    def test_duplicates_candidates(self, world):
        a = org(world.judge_a, name="深圳市腾讯计算机系统有限公司", credit_code=TENCENT)
        b = org(world.examiner, name="深圳市騰訊計算機系統有限責任公司")
        c = org(world.examiner, name="某公司")
        services.party_rename(actor=world.examiner, party=c, name="另一公司")
        d = org(world.examiner, name="某公司")
        person(world.examiner, name="深圳市腾讯计算机系统有限公司")
        assert list(selectors.duplicates_candidates(world.judge_a, a)) == [b]
        assert list(selectors.duplicates_candidates(world.judge_a, c)) == [d]
        assert list(selectors.duplicates_candidates(world.judge_a, d)) == [c]


@pytest.mark.django_db
def test_reveal_is_audited(world):
    p = person(world.clerk_a, id_number="110105194912310021", address="北京市朝阳区某路1号")
    with pytest.raises(ServiceError) as exc:
        services.party_reveal(actor=world.judge_b, party=p, reason=" ")
    assert exc.value.code == ErrorCode.REQUIRED
    data = services.party_reveal(actor=world.judge_b, party=p, reason="核对当事人身份")
    assert data == {"id_number": "110105194912310021", "address": "北京市朝阳区某路1号"}
    event = AuditEvent.objects.get(action="registry.party_reveal")
    assert event.is_read and event.actor == world.judge_b and event.reason == "核对当事人身份"
    with pytest.raises(PermissionDenied):
        services.party_reveal(actor=world.liaison_a, party=p, reason="好奇")
    assert services.mask_address("北京市朝阳区某路1号") == "北京市朝阳区****"
