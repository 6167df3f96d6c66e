import datetime

import pytest
from django.utils import timezone

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.registry import selectors, services
from ipcollab.registry.models import PowerOfAttorney

from .test_parties import org, person

TODAY = datetime.date(2026, 1, 10)


def lawyer(actor, name="王律师", firm=None):
    return services.representative_create(actor=actor, kind="lawyer", name=name, licence_number="11101201810012345", firm=firm)


def _firm_code():
    from ipcollab.identifiers import organization_code_check_character, uscc_check_character

    first17 = "31110000" + "MA01ABCD" + organization_code_check_character("MA01ABCD")
    return first17 + uscc_check_character(first17)


@pytest.mark.django_db
class TestRepresentatives:
    def test_firm_and_member(self, world):
        f = services.representative_create(actor=world.judge_a, kind="law_firm", name="北京某某律师事务所", credit_code=_firm_code())
        member = lawyer(world.judge_a, firm=f)
        assert member.firm == f and f.credit_code == _firm_code()
        assert AuditEvent.objects.filter(action="registry.representative_create").count() == 2
        services.representative_update(actor=world.examiner, representative=member, name="王某律师")
        member.refresh_from_db()
        assert member.name == "王某律师" and member.normalized_name == "王某律师"

    def test_duplicate_credit_code(self, world):
        services.representative_create(actor=world.judge_a, kind="patent_agency", name="甲专利代理事务所", credit_code=_firm_code())
        with pytest.raises(ServiceError) as exc:
            services.representative_create(actor=world.judge_a, kind="trademark_agency", name="乙商标代理", credit_code=_firm_code())
        assert exc.value.code == ErrorCode.REPRESENTATIVE_DUPLICATE

    def test_firm_rules(self, world):
        f = services.representative_create(actor=world.judge_a, kind="law_firm", name="某所")
        person_rep = lawyer(world.judge_a)
        with pytest.raises(ServiceError) as exc:
            lawyer(world.judge_a, name="李律师", firm=person_rep)
        assert exc.value.code == ErrorCode.REPRESENTATIVE_FIRM_INVALID
        with pytest.raises(ServiceError) as exc:
            services.representative_create(actor=world.judge_a, kind="patent_agency", name="某代理", firm=f)
        assert exc.value.code == ErrorCode.REPRESENTATIVE_FIRM_INVALID
        with pytest.raises(ServiceError) as exc:
            services.representative_create(actor=world.judge_a, kind="lawyer", name="赵律师", credit_code=_firm_code())
        assert exc.value.code == ErrorCode.INVALID and "credit_code" in exc.value.fields
        with pytest.raises(ServiceError) as exc:
            services.representative_create(actor=world.judge_a, kind="notary", name="")
        assert set(exc.value.fields) == {"kind", "name"}

    def test_permission_and_search(self, world):
        with pytest.raises(PermissionDenied):
            lawyer(world.liaison_a)
        r = lawyer(world.judge_a, name="王小明")
        assert list(selectors.representatives_for_user(world.judge_b, "小明")) == [r]
        assert list(selectors.representatives_for_user(world.judge_b, "11101201810012345")) == [r]
        assert list(selectors.representatives_for_user(world.external, "")) == []


@pytest.mark.django_db
class TestPowersOfAttorney:
    def test_special_authorisation_to_settle(self, world):
        principal = org(world.judge_a)
        rep = lawyer(world.judge_a)
        other = lawyer(world.judge_a, name="另一律师")
        assert not services.can_settle(rep, principal, TODAY)
        services.power_of_attorney_grant(actor=world.judge_a, principal=principal, representative=rep, matter="侵权诉讼", valid_from=TODAY)
        assert not services.can_settle(rep, principal, TODAY)  # general only
        poa = services.power_of_attorney_grant(
            actor=world.judge_a,
            principal=principal,
            representative=rep,
            matter="侵权诉讼",
            scope="special",
            special_powers=["appeal", "settle", "settle"],
            valid_from=TODAY,
            valid_to=TODAY + datetime.timedelta(days=30),
            document_reference="委托书2026-001",
        )
        assert poa.special_powers == ["settle", "appeal"]
        assert services.can_settle(rep, principal, TODAY)
        assert services.can_settle(rep, principal, TODAY + datetime.timedelta(days=30))
        assert not services.can_settle(rep, principal, TODAY + datetime.timedelta(days=31))
        assert not services.can_settle(rep, principal, TODAY - datetime.timedelta(days=1))
        assert not services.can_settle(other, principal, TODAY)
        services.power_of_attorney_revoke(actor=world.judge_a, power=poa, reason="解除委托")
        assert not services.can_settle(rep, principal, TODAY)
        with pytest.raises(ServiceError) as exc:
            services.power_of_attorney_revoke(actor=world.judge_a, power=poa)
        assert exc.value.code == ErrorCode.POA_REVOKED and exc.value.status == 409
        assert AuditEvent.objects.filter(action__startswith="registry.poa_").count() == 3

    def test_without_settle_power(self, world):
        principal = person(world.clerk_a)
        rep = lawyer(world.clerk_a)
        services.power_of_attorney_grant(
            actor=world.clerk_a, principal=principal, representative=rep, matter="x", scope="special", special_powers=["appeal"], valid_from=TODAY
        )
        assert not services.can_settle(rep, principal, TODAY)

    def test_follows_merge(self, world):
        keep = org(world.judge_a, name="甲")
        dup = org(world.judge_a, name="甲公司")
        rep = lawyer(world.judge_a)
        services.power_of_attorney_grant(
            actor=world.judge_a, principal=dup, representative=rep, matter="x", scope="special", special_powers=["settle"], valid_from=TODAY
        )
        services.party_merge(actor=world.judge_a, keep=keep, duplicate=dup)
        assert services.can_settle(rep, keep, TODAY) and services.can_settle(rep, dup, TODAY)

    def test_grant_validation(self, world):
        principal = org(world.judge_a)
        rep = lawyer(world.judge_a)
        cases = [
            ({"scope": "special", "special_powers": []}, "special_powers"),
            ({"scope": "general", "special_powers": ["settle"]}, "special_powers"),
            ({"scope": "special", "special_powers": ["fly"]}, "special_powers"),
            ({"scope": "broad"}, "scope"),
            ({"matter": " "}, "matter"),
            ({"valid_to": TODAY - datetime.timedelta(days=1)}, "valid_to"),
        ]
        for extra, field in cases:
            kwargs = {"matter": "诉讼", **extra}
            with pytest.raises(ServiceError) as exc:
                services.power_of_attorney_grant(actor=world.judge_a, principal=principal, representative=rep, valid_from=TODAY, **kwargs)
            assert field in exc.value.fields, extra
        with pytest.raises(PermissionDenied):
            services.power_of_attorney_grant(actor=world.liaison_a, principal=principal, representative=rep, matter="x", valid_from=TODAY)
        assert not PowerOfAttorney.objects.exists()

    def test_generic_subject(self, world):
        principal = org(world.judge_a)
        rep = lawyer(world.judge_a)
        poa = services.power_of_attorney_grant(
            actor=world.judge_a, principal=principal, representative=rep, matter="涉及机构", valid_from=timezone.localdate(), subject=world.court_a
        )
        assert poa.object_id == str(world.court_a.pk) and poa.content_type.model == "agency"
        assert list(selectors.powers_for_user(world.judge_b, principal=principal)) == [poa]
