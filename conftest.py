"""Shared fixtures: a small world of agencies and people, one per role, independent of the
reference data (tests create their own agencies with codes that cannot clash)."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Test-Passw0rd!x"


@pytest.fixture(autouse=True)
def _english_off(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def make_region(code="110000", name="北京市", level=1, parent=None):
    from ipcollab.orgs.models import Region

    region, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})
    return region


def make_agency(code, name, kind="court", level="provincial", region=None, court_code="", parent=None, short_name=""):
    from ipcollab.orgs.models import Agency

    return Agency.objects.create(
        code=code, name=name, kind=kind, level=level, region=region or make_region(), court_code=court_code, parent=parent, short_name=short_name
    )


def make_user(username, agency=None, roles=(), kind="staff", full_name="", **extra):
    from ipcollab.accounts.models import Membership, Role, User

    user = User.objects.create_user(username=username, password=PASSWORD, agency=agency, kind=kind, full_name=full_name or username, **extra)
    for code in roles:
        Membership.objects.create(user=user, agency=agency, role=Role.objects.get(code=code))
    return user


class World:
    """court_a / court_b: two high courts; office: a provincial IP office; plus people."""


@pytest.fixture
def world(db):
    w = World()
    bj = make_region("110000", "北京市", 1)
    sh = make_region("310000", "上海市", 1)
    w.court_a = make_agency("t-court-a", "测试甲高级人民法院", "court", "provincial", bj, court_code="测甲", short_name="甲高院")
    w.court_b = make_agency("t-court-b", "测试乙高级人民法院", "court", "provincial", sh, court_code="测乙", short_name="乙高院")
    w.office = make_agency("t-office", "测试知识产权局", "ip_office", "provincial", bj, short_name="测试局")
    w.platform_admin = make_user("t_platform", w.office, ["platform_admin"], full_name="平台管理")
    w.admin_a = make_user("t_admin_a", w.court_a, ["agency_admin"], full_name="甲管理员")
    w.judge_a = make_user("t_judge_a", w.court_a, ["judge"], full_name="张法官")
    w.clerk_a = make_user("t_clerk_a", w.court_a, ["clerk"], full_name="李书记员")
    w.liaison_a = make_user("t_liaison_a", w.court_a, ["liaison"], full_name="王联络")
    w.admin_b = make_user("t_admin_b", w.court_b, ["agency_admin"], full_name="乙管理员")
    w.judge_b = make_user("t_judge_b", w.court_b, ["judge"], full_name="赵法官")
    w.examiner = make_user("t_examiner", w.office, ["examiner"], full_name="陈审查员")
    w.handler = make_user("t_handler", w.office, ["preservation_handler"], full_name="周承办")
    w.system = make_user("t_system", w.office, [], kind="system", full_name="测试局业务系统")
    w.external = make_user("t_external", None, [], kind="external", full_name="某科技有限公司")
    return w


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user, backend="ipcollab.accounts.backends.AccountBackend")
        return client

    return _login


# --- Hypothesis profiles: "ci" is derandomized (a fixed seed) so CI runs are repeatable --------------
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# --- Browser tests (marker e2e): Playwright's sync API on the distribution's chromium -----------------
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser page (1366×768, zh-CN) whose relative URLs go to pytest-django's live_server.
    On failure a screenshot is saved as var/e2e-<test name>.png."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 768})
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        from pathlib import Path

        out = Path(__file__).resolve().parent / "var"
        out.mkdir(exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
        try:
            pg.screenshot(path=str(out / f"e2e-{name}.png"), full_page=True)
        except Exception:  # the page may already be gone; the assertion error is what matters
            pass
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
