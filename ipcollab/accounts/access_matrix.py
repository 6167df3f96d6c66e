"""Access-matrix entries of accounts. Format: docs/testing.md; run by tests/access/.

Out of reach is 404 (an admin or judge of another agency, an external party); a visible
person with a forbidden action is 403 (judge A on a colleague); HTML pages send a token
caller (persona "system") to the login page like an anonymous visitor."""

GOOD_PASSWORD = "Str0ng-Passw0rd!"


def judge_a(world):
    return {"pk": world.judge_a.pk}


def admin_a(world):
    return {"pk": world.admin_a.pk}


def office_system(world):
    return {"pk": world.system.pk}


def office_token(world):
    from datetime import timedelta

    from django.utils import timezone

    from ipcollab.accounts.models import ApiToken, hash_token

    prefix, raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=world.system, name="matrix", prefix=prefix, key_hash=hash_token(raw), scopes=["orgs:read"], expires_at=timezone.now() + timedelta(days=5)
    )
    return {"pk": token.pk}


def judge_a_role(world):
    return {"pk": world.judge_a.pk, "code": "judge"}


def new_person(world, kwargs):
    return {"username": "matrix_new", "password": GOOD_PASSWORD, "full_name": "矩阵测试", "agency": world.court_a.pk}


SIGNED_IN = {"anonymous": 302, "system": 302, "*": 200}
# HTML page about judge A (court A): court A's admin and platform admins manage; judge A sees
# it (read-only); the rest are out of reach.
JUDGE_A_MANAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 403, "*": 404}
JUDGE_A_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 302, "judge_a": 403, "*": 404}
ADMIN_PAGES = {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "*": 403}
# API about judge A.
API_JUDGE_A_WRITE = {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "judge_a": 403, "*": 404}

ENTRIES = [
    # login, logout, profile, second factor
    {"url": "accounts:login", "expect": {"anonymous": 200, "system": 200, "*": 302}, "note": "signed-in users are sent home"},
    {"url": "accounts:login", "method": "POST", "label": "empty form", "expect": {"anonymous": 200, "system": 200, "*": 302}},
    {"url": "accounts:logout", "method": "POST", "expect": {"*": 302}},
    {"url": "accounts:logout", "label": "GET is not allowed", "expect": {"*": 405}},
    {"url": "accounts:profile", "expect": SIGNED_IN},
    {"url": "accounts:otp_setup", "expect": SIGNED_IN},
    {"url": "accounts:otp_verify", "expect": {"*": 302}, "note": "without a confirmed device everyone is sent to set one up"},
    # people
    {"url": "accounts:people_list", "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 200}},
    {"url": "accounts:person_create", "expect": ADMIN_PAGES},
    {
        "url": "accounts:person_detail",
        "setup": judge_a,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 404},
    },
    {"url": "accounts:person_edit", "setup": judge_a, "expect": JUDGE_A_MANAGE},
    {"url": "accounts:person_roles", "setup": judge_a, "expect": JUDGE_A_MANAGE},
    {"url": "accounts:person_reset_password", "setup": judge_a, "expect": JUDGE_A_MANAGE},
    {"url": "accounts:person_deactivate", "method": "POST", "setup": judge_a, "expect": JUDGE_A_POST},
    {"url": "accounts:person_deactivate", "label": "GET is not allowed", "setup": judge_a, "expect": {"anonymous": 302, "system": 302, "*": 405}},
    {"url": "accounts:person_reactivate", "method": "POST", "setup": judge_a, "expect": JUDGE_A_POST},
    {
        "url": "accounts:person_reveal",
        "method": "POST",
        "label": "judge A (own data for judge A)",
        "setup": judge_a,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 404},
    },
    {
        "url": "accounts:person_reveal",
        "method": "POST",
        "label": "admin A (a colleague's data for judge A)",
        "setup": admin_a,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 403, "*": 404},
    },
    # system accounts and tokens (the office's system account: platform admins only here)
    {"url": "accounts:system_list", "expect": ADMIN_PAGES},
    {"url": "accounts:system_create", "expect": ADMIN_PAGES},
    {"url": "accounts:token_create", "setup": office_system, "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "*": 404}},
    {"url": "accounts:token_revoke", "method": "POST", "setup": office_token, "expect": {"anonymous": 302, "system": 302, "platform_admin": 302, "*": 404}},
    # API
    {"url": "api:me", "expect": {"anonymous": 401, "*": 200}},
    {"url": "api:role-list", "expect": {"anonymous": 401, "*": 200}},
    {"url": "api:person-list", "expect": {"anonymous": 401, "*": 200}, "note": "each caller gets the people within reach (external parties: none)"},
    {
        "url": "api:person-list",
        "method": "POST",
        "label": "staff in court A",
        "data": new_person,
        "expect": {"anonymous": 401, "platform_admin": 201, "admin_a": 201, "*": 403},
    },
    {
        "url": "api:person-detail",
        "setup": judge_a,
        "expect": {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 404},
    },
    {"url": "api:person-detail", "method": "PATCH", "setup": judge_a, "data": {"title": "庭长"}, "expect": API_JUDGE_A_WRITE},
    {
        "url": "api:person-roles",
        "method": "POST",
        "setup": judge_a,
        "data": {"role": "signer"},
        "expect": {"anonymous": 401, "platform_admin": 201, "admin_a": 201, "judge_a": 403, "*": 404},
    },
    {
        "url": "api:person-revoke-role",
        "method": "DELETE",
        "setup": judge_a_role,
        "expect": {"anonymous": 401, "platform_admin": 204, "admin_a": 204, "judge_a": 403, "*": 404},
    },
]
