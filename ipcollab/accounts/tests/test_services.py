from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from ipcollab.accounts import services
from ipcollab.accounts.models import AccountKind, ApiToken, Membership, User, hash_token
from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.orgs.models import Division

GOOD = "Str0ng-Passw0rd!"


def _create(world, actor=None, agency=None, **kw):
    args = {"username": "new_person", "password": GOOD, "full_name": "新同事", "roles": ["clerk"]}
    args.update(kw)
    return services.staff_create(actor=actor or world.admin_a, agency=agency or world.court_a, **args)


def _code(excinfo):
    return excinfo.value.code


class TestStaffCreate:
    def test_agency_admin_creates_in_own_agency_with_audit(self, world):
        div = Division.objects.create(agency=world.court_a, name="民三庭")
        person = _create(world, division=div, phone="13812345678", email="x@court.cn", title="审判员")
        assert person.kind == AccountKind.STAFF and person.agency == world.court_a and person.division == div
        assert person.check_password(GOOD)
        assert person.has_role("clerk")
        event = AuditEvent.objects.get(action="accounts.staff_created", object_id=str(person.pk))
        assert event.agency_id == world.court_a.pk
        assert event.after["roles"] == ["clerk"] and event.after["username"] == "new_person"
        assert "password" not in event.after

    def test_agency_admin_cannot_create_in_other_agency(self, world):
        with pytest.raises(ServiceError) as exc:
            _create(world, agency=world.court_b)
        assert _code(exc) == ErrorCode.PERMISSION_DENIED and exc.value.status == 403
        assert not User.objects.filter(username="new_person").exists()

    def test_platform_admin_creates_anywhere(self, world):
        person = _create(world, actor=world.platform_admin, agency=world.court_b)
        assert person.agency == world.court_b

    def test_judge_cannot_create(self, world):
        with pytest.raises(ServiceError) as exc:
            _create(world, actor=world.judge_a)
        assert exc.value.status == 403

    def test_username_taken_case_insensitive(self, world):
        with pytest.raises(ServiceError) as exc:
            _create(world, username="T_JUDGE_A")
        assert _code(exc) == ErrorCode.USERNAME_TAKEN
        assert "username" in exc.value.fields

    @pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "123456789012345", "Password1234!"[:0] + "password1234"])
    def test_weak_password(self, world, password):
        with pytest.raises(ServiceError) as exc:
            _create(world, password=password)
        assert _code(exc) == ErrorCode.WEAK_PASSWORD
        assert exc.value.fields["password"]
        assert not User.objects.filter(username="new_person").exists()

    def test_password_similar_to_username_is_weak(self, world):
        with pytest.raises(ServiceError) as exc:
            _create(world, username="zhangsanfeng2026", password="Zhangsanfeng2026")
        assert _code(exc) == ErrorCode.WEAK_PASSWORD

    def test_unknown_role(self, world):
        with pytest.raises(ServiceError) as exc:
            _create(world, roles=["clerk", "wizard"])
        assert _code(exc) == ErrorCode.ROLE_UNKNOWN
        assert not User.objects.filter(username="new_person").exists()

    def test_role_not_for_agency_kind(self, world):
        with pytest.raises(ServiceError) as exc:
            _create(world, roles=["examiner"])  # examiners belong to IP offices
        assert _code(exc) == ErrorCode.ROLE_NOT_ASSIGNABLE

    def test_platform_admin_role_only_by_platform_admin(self, world):
        with pytest.raises(ServiceError) as exc:
            _create(world, roles=["platform_admin"])
        assert exc.value.status == 403
        person = _create(world, actor=world.platform_admin, roles=["platform_admin"])
        assert person.has_role("platform_admin")

    def test_division_of_other_agency(self, world):
        div = Division.objects.create(agency=world.court_b, name="民三庭")
        with pytest.raises(ServiceError) as exc:
            _create(world, division=div)
        assert _code(exc) == ErrorCode.DIVISION_MISMATCH

    def test_bad_email_and_missing_name(self, world):
        with pytest.raises(ServiceError) as exc:
            _create(world, email="not-an-email")
        assert _code(exc) == ErrorCode.INVALID and "email" in exc.value.fields
        with pytest.raises(ServiceError) as exc:
            _create(world, full_name="  ")
        assert _code(exc) == ErrorCode.REQUIRED

    def test_bad_username(self, world):
        with pytest.raises(ServiceError) as exc:
            _create(world, username="has space")
        assert _code(exc) == ErrorCode.INVALID


class TestStaffUpdate:
    def test_update_records_diff(self, world):
        services.staff_update(actor=world.admin_a, person=world.judge_a, title="庭长", phone="010-12345678")
        world.judge_a.refresh_from_db()
        assert world.judge_a.title == "庭长"
        event = AuditEvent.objects.get(action="accounts.staff_updated")
        assert event.before == {"title": "", "phone": ""}
        assert event.after == {"title": "庭长", "phone": "010-12345678"}

    def test_no_change_no_event(self, world):
        services.staff_update(actor=world.admin_a, person=world.judge_a, title="")
        assert not AuditEvent.objects.filter(action="accounts.staff_updated").exists()

    def test_other_agency_admin_refused(self, world):
        with pytest.raises(ServiceError) as exc:
            services.staff_update(actor=world.admin_b, person=world.judge_a, title="x")
        assert exc.value.status == 403

    def test_agency_admin_cannot_touch_platform_admin(self, world):
        office_admin = make_user("t_office_admin", world.office, ["agency_admin"])
        with pytest.raises(ServiceError) as exc:
            services.staff_update(actor=office_admin, person=world.platform_admin, title="x")
        assert exc.value.status == 403

    def test_division_must_match(self, world):
        div = Division.objects.create(agency=world.court_b, name="立案庭")
        with pytest.raises(ServiceError) as exc:
            services.staff_update(actor=world.admin_a, person=world.judge_a, division=div)
        assert _code(exc) == ErrorCode.DIVISION_MISMATCH

    def test_unknown_field(self, world):
        with pytest.raises(ServiceError) as exc:
            services.staff_update(actor=world.admin_a, person=world.judge_a, username="hijack")
        assert _code(exc) == ErrorCode.INVALID

    def test_deactivate_through_update_protects_last_admin(self, world):
        with pytest.raises(ServiceError) as exc:
            services.staff_update(actor=world.platform_admin, person=world.admin_a, is_active=False)
        assert _code(exc) == ErrorCode.LAST_ADMIN


class TestRoles:
    def test_assign_and_revoke(self, world):
        membership, created = services.role_assign(actor=world.admin_a, person=world.judge_a, role_code="liaison")
        assert created and world.judge_a.memberships.filter(role__code="liaison").exists()
        again, created = services.role_assign(actor=world.admin_a, person=world.judge_a, role_code="liaison")
        assert not created and again.pk == membership.pk
        services.role_revoke(actor=world.admin_a, person=world.judge_a, role_code="liaison")
        assert not world.judge_a.memberships.filter(role__code="liaison").exists()
        events = list(AuditEvent.objects.filter(action__in=["accounts.role_assigned", "accounts.role_revoked"]).order_by("seq"))
        assert [e.action for e in events] == ["accounts.role_assigned", "accounts.role_revoked"]
        assert events[0].before == {"roles": ["judge"]} and events[0].after == {"roles": ["judge", "liaison"]}

    def test_assign_unknown_and_unassignable(self, world):
        with pytest.raises(ServiceError) as exc:
            services.role_assign(actor=world.admin_a, person=world.judge_a, role_code="nope")
        assert _code(exc) == ErrorCode.ROLE_UNKNOWN
        with pytest.raises(ServiceError) as exc:
            services.role_assign(actor=world.admin_a, person=world.judge_a, role_code="preservation_handler")
        assert _code(exc) == ErrorCode.ROLE_NOT_ASSIGNABLE
        with pytest.raises(ServiceError) as exc:
            services.role_revoke(actor=world.admin_a, person=world.judge_a, role_code="nope")
        assert _code(exc) == ErrorCode.ROLE_UNKNOWN

    def test_role_on_system_account(self, world):
        with pytest.raises(ServiceError) as exc:
            services.role_assign(actor=world.platform_admin, person=world.system, role_code="viewer")
        assert _code(exc) == ErrorCode.ACCOUNT_KIND_INVALID

    def test_revoke_not_held(self, world):
        with pytest.raises(ServiceError) as exc:
            services.role_revoke(actor=world.admin_a, person=world.judge_a, role_code="clerk")
        assert _code(exc) == ErrorCode.ROLE_NOT_HELD

    def test_last_agency_admin_protected(self, world):
        with pytest.raises(ServiceError) as exc:
            services.role_revoke(actor=world.admin_a, person=world.admin_a, role_code="agency_admin")
        assert _code(exc) == ErrorCode.LAST_ADMIN and exc.value.status == 409
        assert world.admin_a.memberships.filter(role__code="agency_admin").exists()
        # with a second active admin it works
        services.role_assign(actor=world.admin_a, person=world.judge_a, role_code="agency_admin")
        services.role_revoke(actor=world.admin_a, person=world.admin_a, role_code="agency_admin")
        assert not Membership.objects.filter(user=world.admin_a, role__code="agency_admin").exists()

    def test_inactive_second_admin_does_not_count(self, world):
        services.role_assign(actor=world.admin_a, person=world.judge_a, role_code="agency_admin")
        services.user_deactivate(actor=world.admin_a, person=world.judge_a)
        with pytest.raises(ServiceError) as exc:
            services.role_revoke(actor=world.admin_a, person=world.admin_a, role_code="agency_admin")
        assert _code(exc) == ErrorCode.LAST_ADMIN

    def test_last_platform_admin_protected(self, world):
        with pytest.raises(ServiceError) as exc:
            services.role_revoke(actor=world.platform_admin, person=world.platform_admin, role_code="platform_admin")
        assert _code(exc) == ErrorCode.LAST_ADMIN


class TestActivation:
    def test_deactivate_and_reactivate(self, world):
        services.user_deactivate(actor=world.admin_a, person=world.clerk_a, reason="调离")
        world.clerk_a.refresh_from_db()
        assert not world.clerk_a.is_active
        event = AuditEvent.objects.get(action="accounts.user_deactivated")
        assert event.reason == "调离" and event.before == {"is_active": True} and event.after == {"is_active": False}
        services.user_deactivate(actor=world.admin_a, person=world.clerk_a)  # idempotent, no second event
        assert AuditEvent.objects.filter(action="accounts.user_deactivated").count() == 1
        services.user_reactivate(actor=world.admin_a, person=world.clerk_a)
        world.clerk_a.refresh_from_db()
        assert world.clerk_a.is_active

    def test_cannot_deactivate_self(self, world):
        with pytest.raises(ServiceError) as exc:
            services.user_deactivate(actor=world.admin_a, person=world.admin_a)
        assert _code(exc) == ErrorCode.SELF_ACTION

    def test_last_admin_cannot_be_deactivated(self, world):
        with pytest.raises(ServiceError) as exc:
            services.user_deactivate(actor=world.platform_admin, person=world.admin_a)
        assert _code(exc) == ErrorCode.LAST_ADMIN

    def test_other_agency_refused(self, world):
        with pytest.raises(ServiceError) as exc:
            services.user_deactivate(actor=world.admin_b, person=world.clerk_a)
        assert exc.value.status == 403


class TestPasswordReset:
    def test_reset(self, world):
        services.admin_reset_password(actor=world.admin_a, person=world.clerk_a, new_password="Temp-Passw0rd-2026")
        world.clerk_a.refresh_from_db()
        assert world.clerk_a.check_password("Temp-Passw0rd-2026")
        event = AuditEvent.objects.get(action="accounts.password_reset")
        assert "Temp" not in str(event.after)

    def test_weak(self, world):
        with pytest.raises(ServiceError) as exc:
            services.admin_reset_password(actor=world.admin_a, person=world.clerk_a, new_password="abc")
        assert _code(exc) == ErrorCode.WEAK_PASSWORD

    def test_self_and_system(self, world):
        with pytest.raises(ServiceError) as exc:
            services.admin_reset_password(actor=world.admin_a, person=world.admin_a, new_password=GOOD)
        assert _code(exc) == ErrorCode.SELF_ACTION
        with pytest.raises(ServiceError) as exc:
            services.admin_reset_password(actor=world.platform_admin, person=world.system, new_password=GOOD)
        assert _code(exc) == ErrorCode.ACCOUNT_KIND_INVALID


class TestSystemAndExternal:
    def test_system_account(self, world):
        system = services.system_account_create(actor=world.admin_a, agency=world.court_a, username="court-a-cms", full_name="案件管理系统")
        assert system.kind == AccountKind.SYSTEM and not system.has_usable_password()
        assert AuditEvent.objects.filter(action="accounts.system_account_created", object_id=str(system.pk)).exists()
        with pytest.raises(ServiceError) as exc:
            services.system_account_create(actor=world.admin_a, agency=world.court_a, username="court-a-cms", full_name="重复")
        assert _code(exc) == ErrorCode.USERNAME_TAKEN
        with pytest.raises(ServiceError) as exc:
            services.system_account_create(actor=world.admin_b, agency=world.court_a, username="court-a-x", full_name="x")
        assert exc.value.status == 403

    def test_external_party(self, world):
        party = services.external_party_create(actor=world.judge_a, username="acme", full_name="某某科技有限公司", email="legal@acme.cn")
        assert party.kind == AccountKind.EXTERNAL and party.agency is None and not party.has_usable_password()
        with pytest.raises(ServiceError) as exc:
            services.external_party_create(actor=world.external, username="acme2", full_name="x")
        assert exc.value.status == 403


class TestTokens:
    def _issue(self, world, **kw):
        args = {
            "actor": world.platform_admin,
            "system_user": world.system,
            "name": "同步",
            "scopes": ["orgs:read"],
            "expires_at": timezone.now() + timedelta(days=90),
        }
        args.update(kw)
        return services.token_issue(**args)

    def test_issue_stores_hash_only(self, world):
        token, raw = self._issue(world)
        assert raw.startswith(f"ipc_{token.prefix}_")
        assert token.key_hash == hash_token(raw) and raw not in str(ApiToken.objects.filter(pk=token.pk).values().first())
        event = AuditEvent.objects.get(action="accounts.token_issued")
        assert raw not in str(event.after) and event.after["scopes"] == ["orgs:read"]

    def test_star_collapses(self, world):
        token, _ = self._issue(world, scopes=["*", "orgs:read"])
        assert token.scopes == ["*"]

    def test_unknown_scope(self, world):
        with pytest.raises(ServiceError) as exc:
            self._issue(world, scopes=["orgs:read", "root"])
        assert _code(exc) == ErrorCode.SCOPE_UNKNOWN
        with pytest.raises(ServiceError) as exc:
            self._issue(world, scopes=[])
        assert _code(exc) == ErrorCode.REQUIRED

    @pytest.mark.parametrize("delta", [timedelta(days=-1), timedelta(days=366)])
    def test_expiry_bounds(self, world, delta):
        with pytest.raises(ServiceError) as exc:
            self._issue(world, expires_at=timezone.now() + delta)
        assert _code(exc) == ErrorCode.TOKEN_EXPIRY_INVALID
        with pytest.raises(ServiceError) as exc:
            self._issue(world, expires_at=None)
        assert _code(exc) == ErrorCode.REQUIRED

    def test_only_for_system_accounts_of_own_agency(self, world):
        with pytest.raises(ServiceError) as exc:
            self._issue(world, system_user=world.judge_a)
        assert _code(exc) == ErrorCode.ACCOUNT_KIND_INVALID
        with pytest.raises(ServiceError) as exc:
            self._issue(world, actor=world.admin_a)  # system belongs to the office
        assert exc.value.status == 403
        with pytest.raises(ServiceError) as exc:
            self._issue(world, name="")
        assert _code(exc) == ErrorCode.REQUIRED

    def test_revoke(self, world):
        token, _ = self._issue(world)
        services.token_revoke(actor=world.platform_admin, token=token)
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert AuditEvent.objects.filter(action="accounts.token_revoked").count() == 1
        services.token_revoke(actor=world.platform_admin, token=token)
        assert AuditEvent.objects.filter(action="accounts.token_revoked").count() == 1
        with pytest.raises(ServiceError) as exc:
            services.token_revoke(actor=world.admin_b, token=token)
        assert exc.value.status == 403


def test_reveal_is_audited_read(world):
    world.judge_a.phone = "13812345678"
    world.judge_a.save()
    contact = services.reveal_personal_data(actor=world.admin_a, person=world.judge_a)
    assert contact["phone"] == "13812345678"
    event = AuditEvent.objects.get(action="accounts.personal_data_revealed")
    assert event.is_read and event.actor_id == world.admin_a.pk and event.object_id == str(world.judge_a.pk)
    with pytest.raises(ServiceError) as exc:
        services.reveal_personal_data(actor=world.clerk_a, person=world.judge_a)
    assert exc.value.status == 403
