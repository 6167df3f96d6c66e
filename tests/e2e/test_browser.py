"""Browser tests (Playwright on the distribution's chromium, against pytest-django's live_server).

The main flow of the skeleton: sign in, see the Chinese home page, switch the language, and find
a liaison in the directory. Screenshots of failures land in var/e2e-<test>.png.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_agency, make_region, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name=re.compile("^(登录|Sign in|Log in)$")).click()


@pytest.fixture
def judge():
    court = make_agency(
        "e2e-court", "端到端测试高级人民法院", "court", "provincial", make_region("110000", "北京市", 1), court_code="端测", short_name="端测高院"
    )
    return make_user("e2e_judge", court, ["judge"], full_name="端到端法官")


def test_sign_in_shows_the_chinese_home_page_and_switches_to_english(page, judge):
    sign_in(page, "e2e_judge")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="工作台")).to_be_visible()
    expect(page.get_by_text("端到端法官").first).to_be_visible()

    page.select_option("#language-select", "en")
    page.click("#language-submit")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    # needs the compiled English catalogue (locale/en): "工作台" → "Workbench"
    expect(page.get_by_role("link", name="Workbench")).to_be_visible()
    expect(page.get_by_role("link", name="工作台")).to_have_count(0)


def test_a_wrong_password_is_refused_with_a_chinese_message(page, judge):
    sign_in(page, "e2e_judge", "not-the-password")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")


def test_find_a_liaison_in_the_directory(page, judge):
    from ipcollab.orgs.models import LiaisonDesignation

    office = make_agency("e2e-office", "端到端测试知识产权局", "ip_office", "provincial", make_region("310000", "上海市", 1), short_name="端测局")
    person = make_user("e2e_liaison", office, ["liaison"], full_name="欧阳联络")
    LiaisonDesignation.objects.create(
        agency=office, person=person, role="primary", title="保护处处长", phone="021-12345678", email="liaison@e2e.example.cn", valid_from=date(2026, 1, 1)
    )

    sign_in(page, "e2e_judge")
    page.goto("/orgs/liaisons/")
    page.fill("#id_q", "欧阳")
    page.get_by_role("button", name="查询").click()

    row = page.get_by_role("row").filter(has_text="欧阳联络")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("端测局")
    expect(row).to_contain_text("021-12345678")
    expect(row).to_contain_text("liaison@e2e.example.cn")
