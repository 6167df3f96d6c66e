import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD

LOGIN = "/accounts/login/"


def _post_login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _code_for(device):
    """The code an authenticator app shows now, computed from the device's secret."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


class TestLogin:
    def test_login_page_is_chinese_with_csp(self, client, db):
        r = client.get(LOGIN)
        assert r.status_code == 200
        body = r.content.decode()
        assert "登录知识产权协同保护平台" in body and 'lang="zh-CN"' in body
        csp = r["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert "<script>" not in body and "style=" not in body
        assert r["X-Frame-Options"] == "DENY"

    def test_login_reaches_home_with_secure_session_cookie(self, client, world):
        r = _post_login(client, "t_judge_a", PASSWORD)
        assert r.status_code == 302 and r["Location"] == reverse("home:index")
        cookie = r.cookies["sessionid"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert client.get(reverse("home:index")).status_code == 200

    def test_wrong_password_message(self, client, world):
        r = _post_login(client, "t_judge_a", "wrong")
        assert r.status_code == 200 and "用户名或密码不正确" in r.content.decode()

    def test_system_account_cannot_log_in(self, client, world):
        r = _post_login(client, "t_system", PASSWORD)
        assert r.status_code == 200 and "机构系统账户只能通过接口令牌访问" in r.content.decode()
        assert "_auth_user_id" not in client.session

    def test_inactive_account_cannot_log_in(self, client, world):
        world.clerk_a.is_active = False
        world.clerk_a.save()
        r = _post_login(client, "t_clerk_a", PASSWORD)
        assert r.status_code == 200 and "_auth_user_id" not in client.session


class TestAxesLockout:
    def test_five_failures_lock_username_and_ip(self, client, world):
        statuses = [_post_login(client, "t_judge_a", f"wrong-{i}").status_code for i in range(5)]
        assert statuses[:4] == [200] * 4
        assert statuses[4] == 429
        r = _post_login(client, "t_judge_a", PASSWORD)
        assert r.status_code == 429 and "账户已临时锁定" in r.content.decode()
        assert "_auth_user_id" not in client.session
        # another address, and another account from the same address, are not locked
        assert _post_login(client, "t_judge_a", PASSWORD, ip="10.0.0.2").status_code == 302
        client.logout()
        assert _post_login(client, "t_clerk_a", PASSWORD).status_code == 302

    def test_success_resets_counter(self, client, world):
        for i in range(4):
            _post_login(client, "t_judge_a", f"wrong-{i}")
        assert _post_login(client, "t_judge_a", PASSWORD).status_code == 302
        client.logout()
        for i in range(4):
            assert _post_login(client, "t_judge_a", f"wrong-again-{i}").status_code == 200


class TestPasswordPolicy:
    @pytest.mark.parametrize(
        "password",
        [
            "Sh0rt!pw",  # too short
            "onlylowercaseletters",  # one class
            "lowercase1234567",  # two classes
            "123456789012",  # numeric
            "Minecraft123",  # common password list (three classes, but well known)
        ],
    )
    def test_rejected(self, password):
        with pytest.raises(ValidationError):
            validate_password(password)

    @pytest.mark.parametrize("password", ["Correct-Horse-7", "zhishichanquan2026!", "MIXEDlower12345"])
    def test_accepted(self, password):
        validate_password(password)

    def test_character_class_message_is_chinese(self):
        with pytest.raises(ValidationError) as exc:
            validate_password("abcdefghijklmnop1")
        assert any("至少三类" in m for m in exc.value.messages)


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    return settings


class TestOTP:
    def test_admin_redirected_to_setup_then_confirms_and_reaches_home(self, client, world, otp_required):
        assert _post_login(client, "t_admin_a", PASSWORD).status_code == 302
        r = client.get(reverse("home:index"))
        assert r.status_code == 302 and r["Location"] == reverse("accounts:otp_setup")
        assert client.get(reverse("accounts:people_list")).status_code == 302
        r = client.get(reverse("accounts:otp_setup"))
        assert r.status_code == 200 and "<svg" in r.content.decode()
        device = TOTPDevice.objects.get(user=world.admin_a, confirmed=False)
        r = client.post(reverse("accounts:otp_setup"), {"token": "000000" if _code_for(device) != "000000" else "111111"})
        assert r.status_code == 200 and "验证码不正确" in r.content.decode()
        device.refresh_from_db()
        assert device.throttling_failure_count == 1  # django-otp throttles guesses
        device.throttle_reset()  # the user waits out the throttle delay
        r = client.post(reverse("accounts:otp_setup"), {"token": _code_for(device)})
        assert r.status_code == 302 and r["Location"] == reverse("home:index")
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("home:index")).status_code == 200
        assert client.get(reverse("accounts:people_list")).status_code == 200

    def test_next_login_asks_for_code(self, client, world, otp_required):
        device = TOTPDevice.objects.create(user=world.admin_a, name="default", confirmed=True)
        _post_login(client, "t_admin_a", PASSWORD)
        r = client.get(reverse("home:index"))
        assert r.status_code == 302 and r["Location"] == reverse("accounts:otp_verify")
        r = client.post(reverse("accounts:otp_verify"), {"token": "abc"})
        assert r.status_code == 200 and "6 位数字" in r.content.decode()
        r = client.post(reverse("accounts:otp_verify") + "?next=//evil.example/", {"token": _code_for(device)})
        assert r.status_code == 302 and r["Location"] == reverse("home:index")
        assert client.get(reverse("home:index")).status_code == 200

    def test_wrong_code_is_audited(self, client, world, otp_required):
        from ipcollab.audit.models import AuditEvent

        TOTPDevice.objects.create(user=world.admin_a, name="default", confirmed=True)
        _post_login(client, "t_admin_a", PASSWORD)
        device = TOTPDevice.objects.get(user=world.admin_a)
        wrong = f"{(int(_code_for(device)) + 1) % 1000000:06d}"
        r = client.post(reverse("accounts:otp_verify"), {"token": wrong})
        assert r.status_code == 200
        assert AuditEvent.objects.filter(action="accounts.otp_failed", actor=world.admin_a).exists()

    def test_non_admin_not_redirected(self, client, world, otp_required):
        _post_login(client, "t_judge_a", PASSWORD)
        assert client.get(reverse("home:index")).status_code == 200

    def test_not_required_by_default(self, client, world):
        _post_login(client, "t_admin_a", PASSWORD)
        assert client.get(reverse("home:index")).status_code == 200

    def test_verify_without_device_goes_to_setup(self, client, world, otp_required):
        _post_login(client, "t_admin_a", PASSWORD)
        r = client.get(reverse("accounts:otp_verify"))
        assert r.status_code == 302 and r["Location"] == reverse("accounts:otp_setup")

    def test_api_token_calls_not_redirected(self, client, world, otp_required):
        from datetime import timedelta

        from django.utils import timezone

        from ipcollab.accounts import services

        _, raw = services.token_issue(
            actor=world.platform_admin, system_user=world.system, name="t", scopes=["*"], expires_at=timezone.now() + timedelta(days=1)
        )
        r = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert r.status_code == 200


def test_totp_helper_matches_device(world):
    device = TOTPDevice.objects.create(user=world.admin_a, name="x", confirmed=False)
    assert device.verify_token(_code_for(device))
