from datetime import date, timedelta

import pytest
from django.urls import reverse

from conftest import make_user
from ipcollab.accounts import services
from ipcollab.accounts.models import ApiToken, User, hash_token
from ipcollab.audit.models import AuditEvent
from ipcollab.orgs.models import LiaisonDesignation


@pytest.fixture
def contacts(world):
    world.judge_a.phone = "13812345678"
    world.judge_a.email = "zhang@court-a.cn"
    world.judge_a.save()
    return world


def url(name, *args):
    return reverse(f"accounts:{name}", args=args)


class TestPeopleList:
    def test_admin_sees_own_agency_unmasked(self, contacts, login):
        client = login(contacts.admin_a)
        r = client.get(url("people_list"))
        assert r.status_code == 200
        body = r.content.decode()
        assert "张法官" in body and "乙管理员" not in body and "陈审查员" not in body
        assert "13812345678" in body and "zhang@court-a.cn" in body

    def test_colleague_sees_masked_active_staff_only(self, contacts, login):
        services.user_deactivate(actor=contacts.admin_a, person=contacts.liaison_a)
        client = login(contacts.clerk_a)
        body = client.get(url("people_list")).content.decode()
        assert "张法官" in body and "王联络" not in body
        assert "13812345678" not in body and "138****5678" in body and "z***@court-a.cn" in body
        assert "新增人员" not in body

    def test_platform_admin_sees_all_and_filters(self, contacts, login):
        client = login(contacts.platform_admin)
        body = client.get(url("people_list")).content.decode()
        assert "张法官" in body and "乙管理员" in body and "测试局业务系统" in body
        body = client.get(url("people_list"), {"agency": contacts.court_b.pk}).content.decode()
        assert "乙管理员" in body and "张法官" not in body
        body = client.get(url("people_list"), {"q": "法官", "role": "judge"}).content.decode()
        assert "张法官" in body and "赵法官" in body and "甲管理员" not in body
        body = client.get(url("people_list"), {"active": "0"}).content.decode()
        assert "张法官" not in body

    def test_bad_filters_do_not_fail(self, contacts, login):
        client = login(contacts.platform_admin)
        r = client.get(url("people_list"), {"agency": "abc", "role": "x" * 500, "active": "maybe", "page": "zz"})
        assert r.status_code == 200

    def test_external_party_refused(self, world, login):
        assert login(world.external).get(url("people_list")).status_code == 403

    def test_anonymous_redirected_to_login(self, client, world):
        r = client.get(url("people_list"))
        assert r.status_code == 302 and reverse("accounts:login") in r["Location"]

    def test_query_count_bounded(self, world, login, django_assert_max_num_queries):
        for i in range(40):
            make_user(f"t_bulk_{i}", world.court_a, ["clerk", "viewer"], full_name=f"批量{i}")
        client = login(world.admin_a)
        with django_assert_max_num_queries(14):
            r = client.get(url("people_list"))
        assert r.status_code == 200 and "批量39" in r.content.decode()


class TestPersonDetail:
    def test_other_agency_is_404(self, world, login):
        client = login(world.admin_b)
        assert client.get(url("person_detail", world.judge_a.pk)).status_code == 404
        assert client.get(url("person_edit", world.judge_a.pk)).status_code == 404
        assert client.post(url("person_deactivate", world.judge_a.pk)).status_code == 404
        assert client.post(url("person_reveal", world.judge_a.pk)).status_code == 404

    def test_colleague_sees_but_cannot_act(self, world, login):
        client = login(world.clerk_a)
        r = client.get(url("person_detail", world.judge_a.pk))
        assert r.status_code == 200 and "编辑" not in r.content.decode()
        assert client.get(url("person_edit", world.judge_a.pk)).status_code == 403
        assert client.get(url("person_roles", world.judge_a.pk)).status_code == 403
        assert client.post(url("person_deactivate", world.judge_a.pk)).status_code == 403
        assert client.get(url("person_reset_password", world.judge_a.pk)).status_code == 403
        assert client.post(url("person_reveal", world.judge_a.pk)).status_code == 403
        world.judge_a.refresh_from_db()
        assert world.judge_a.is_active

    def test_detail_masked_until_audited_reveal(self, contacts, login):
        client = login(contacts.admin_a)
        body = client.get(url("person_detail", contacts.judge_a.pk)).content.decode()
        assert "13812345678" not in body and "138****5678" in body and "查看完整联系方式" in body
        assert not AuditEvent.objects.filter(action="accounts.personal_data_revealed").exists()
        r = client.post(url("person_reveal", contacts.judge_a.pk))
        assert r.status_code == 200 and "13812345678" in r.content.decode()
        assert "no-store" in r["Cache-Control"]
        event = AuditEvent.objects.get(action="accounts.personal_data_revealed")
        assert event.is_read and event.actor_id == contacts.admin_a.pk and event.agency_id == contacts.court_a.pk

    def test_reveal_needs_post(self, world, login):
        assert login(world.admin_a).get(url("person_reveal", world.judge_a.pk)).status_code == 405

    def test_liaison_designations_shown(self, world, login):
        LiaisonDesignation.objects.create(
            agency=world.court_a, person=world.liaison_a, phone="010-1", email="l@a.cn", valid_from=date(2026, 1, 5), counterpart=world.office
        )
        body = login(world.admin_a).get(url("person_detail", world.liaison_a.pk)).content.decode()
        assert "2026-01-05" in body and "测试局" in body

    def test_huge_id_is_404(self, world, login):
        assert login(world.platform_admin).get(f"/accounts/people/{10**30}/").status_code == 404


class TestManagePages:
    def test_create_person(self, world, login):
        client = login(world.admin_a)
        assert client.get(url("person_create")).status_code == 200
        data = {"username": "new_clerk", "full_name": "新书记员", "password1": "Str0ng-Passw0rd!", "password2": "Str0ng-Passw0rd!", "roles": ["clerk"]}
        r = client.post(url("person_create"), data)
        person = User.objects.get(username="new_clerk")
        assert r.status_code == 302 and r["Location"] == url("person_detail", person.pk)
        assert person.agency == world.court_a and person.has_role("clerk")

    def test_create_shows_errors(self, world, login):
        client = login(world.admin_a)
        data = {"username": "t_judge_a", "full_name": "重名", "password1": "weak", "password2": "weak"}
        r = client.post(url("person_create"), data)
        assert r.status_code == 200
        body = r.content.decode()
        assert "该用户名已被使用" in body
        r = client.post(url("person_create"), {**data, "username": "fresh"})
        assert "密码长度太短" in r.content.decode() or "至少" in r.content.decode()
        assert not User.objects.filter(username="fresh").exists()

    def test_platform_admin_creates_in_chosen_agency(self, world, login):
        client = login(world.platform_admin)
        data = {"username": "b_clerk", "full_name": "乙书记员", "password1": "Str0ng-Passw0rd!", "password2": "Str0ng-Passw0rd!"}
        client.post(url("person_create") + f"?agency={world.court_b.pk}", data)
        assert User.objects.get(username="b_clerk").agency == world.court_b
        assert client.get(url("person_create") + "?agency=999999").status_code == 404

    def test_admin_cannot_pick_other_agency(self, world, login):
        client = login(world.admin_a)
        data = {"username": "sneaky", "full_name": "x", "password1": "Str0ng-Passw0rd!", "password2": "Str0ng-Passw0rd!"}
        client.post(url("person_create") + f"?agency={world.court_b.pk}", data)
        assert User.objects.get(username="sneaky").agency == world.court_a

    def test_judge_cannot_create(self, world, login):
        assert login(world.judge_a).get(url("person_create")).status_code == 403

    def test_edit(self, world, login):
        client = login(world.admin_a)
        r = client.post(url("person_edit", world.judge_a.pk), {"full_name": "张大法官", "title": "庭长", "phone": "", "email": "", "is_active": "on"})
        assert r.status_code == 302
        world.judge_a.refresh_from_db()
        assert world.judge_a.full_name == "张大法官" and world.judge_a.title == "庭长"

    def test_roles_page(self, world, login):
        client = login(world.admin_a)
        r = client.get(url("person_roles", world.judge_a.pk))
        assert r.status_code == 200 and "preservation_handler" not in r.content.decode()
        client.post(url("person_roles", world.judge_a.pk), {"action": "assign", "role": "signer"})
        assert world.judge_a.memberships.filter(role__code="signer").exists()
        client.post(url("person_roles", world.judge_a.pk), {"action": "revoke", "role": "signer"})
        assert not world.judge_a.memberships.filter(role__code="signer").exists()
        r = client.post(url("person_roles", world.admin_a.pk), {"action": "revoke", "role": "agency_admin"}, follow=True)
        assert "最后一名" in r.content.decode()
        assert world.admin_a.memberships.filter(role__code="agency_admin").exists()

    def test_deactivate_reactivate(self, world, login):
        client = login(world.admin_a)
        client.post(url("person_deactivate", world.clerk_a.pk), {"reason": "调离"})
        world.clerk_a.refresh_from_db()
        assert not world.clerk_a.is_active
        client.post(url("person_reactivate", world.clerk_a.pk))
        world.clerk_a.refresh_from_db()
        assert world.clerk_a.is_active
        r = client.post(url("person_deactivate", world.admin_a.pk), follow=True)
        assert "不能停用自己的账户" in r.content.decode()

    def test_reset_password(self, world, login):
        client = login(world.admin_a)
        r = client.post(url("person_reset_password", world.clerk_a.pk), {"password1": "short", "password2": "short"})
        assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
        r = client.post(url("person_reset_password", world.clerk_a.pk), {"password1": "Temp-Passw0rd-2026", "password2": "Temp-Passw0rd-2026"})
        assert r.status_code == 302
        world.clerk_a.refresh_from_db()
        assert world.clerk_a.check_password("Temp-Passw0rd-2026")


class TestSystemAccountsAndTokens:
    def test_create_system_issue_and_revoke_token(self, world, login):
        client = login(world.admin_a)
        assert client.get(url("system_list")).status_code == 200
        r = client.post(url("system_create"), {"username": "court-a-cms", "full_name": "案件管理系统"})
        system = User.objects.get(username="court-a-cms")
        assert r.status_code == 302 and system.kind == "system"
        expires = (date.today() + timedelta(days=180)).isoformat()
        r = client.post(url("token_create", system.pk), {"name": "生产同步", "scopes": ["orgs:read", "accounts:read"], "expires_on": expires})
        assert r.status_code == 200
        token = ApiToken.objects.get(user=system)
        raw = r.context["raw"]
        assert raw in r.content.decode() and token.key_hash == hash_token(raw)
        assert "no-store" in r["Cache-Control"]
        # the secret is never shown again
        detail = client.get(url("person_detail", system.pk)).content.decode()
        assert raw not in detail and token.prefix in detail
        client.post(url("token_revoke", token.pk))
        token.refresh_from_db()
        assert token.revoked_at is not None

    def test_token_form_errors(self, world, login):
        client = login(world.platform_admin)
        too_far = (date.today() + timedelta(days=400)).isoformat()
        r = client.post(url("token_create", world.system.pk), {"name": "x", "scopes": ["orgs:read"], "expires_on": too_far})
        assert r.status_code == 200 and "不超过一年" in r.content.decode()
        r = client.post(url("token_create", world.system.pk), {"name": "x", "scopes": ["bogus"], "expires_on": "2026-13-45"})
        assert r.status_code == 200 and not ApiToken.objects.exists()

    def test_token_pages_per_role(self, world, login):
        token, _ = services.token_issue(actor=world.platform_admin, system_user=world.system, name="t", scopes=["*"], expires_at=_in(days=30))
        # court admin: the office's system account is out of reach
        assert login(world.admin_a).get(url("token_create", world.system.pk)).status_code == 404
        assert login(world.admin_a).post(url("token_revoke", token.pk)).status_code == 404
        # a staff account is no system: no token page
        assert login(world.admin_a).get(url("token_create", world.judge_a.pk)).status_code == 404
        # an examiner of the office does not even see system accounts
        assert login(world.examiner).get(url("person_detail", world.system.pk)).status_code == 404
        assert login(world.examiner).get(url("system_list")).status_code == 403


def _in(days):
    from django.utils import timezone

    return timezone.now() + timedelta(days=days)


class TestNavigationAndAttention:
    def test_nav_entry_for_admins_only(self, world, login):
        assert "人员管理" in login(world.admin_a).get(reverse("home:index")).content.decode()

    def test_nav_hidden_for_judge(self, world, client):
        client.force_login(world.judge_a, backend="ipcollab.accounts.backends.AccountBackend")
        body = client.get(reverse("home:index")).content.decode()
        assert url("people_list") not in body

    def test_attention_items(self, world, login):
        services.token_issue(actor=world.platform_admin, system_user=world.system, name="t", scopes=["*"], expires_at=_in(days=10))
        body = login(world.platform_admin).get(reverse("home:index")).content.decode()
        assert "您尚未启用双重认证" in body
        assert "1 个接口令牌将在 30 天内到期" in body
        assert "名管理员未启用双重认证" in body


def test_management_pages_keep_the_strict_csp(world, login):
    client = login(world.admin_a)
    for path in [
        url("people_list"),
        url("person_detail", world.judge_a.pk),
        url("person_edit", world.judge_a.pk),
        url("person_roles", world.judge_a.pk),
        url("person_create"),
    ]:
        r = client.get(path)
        assert r.status_code == 200
        assert "script-src 'self'" in r["Content-Security-Policy"]
        body = r.content.decode()
        assert "style=" not in body and "<script>" not in body and "onclick" not in body
