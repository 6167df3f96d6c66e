import pytest
from django.urls import reverse

from ipcollab.orgs.models import Agency, LiaisonDesignation

pytestmark = pytest.mark.django_db


def test_agency_list_filters_and_query_count(world, login, django_assert_max_num_queries):
    client = login(world.judge_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("orgs:agency_list"), {"kind": "court", "region": "110000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "北京知识产权法院" in html and "上海知识产权法院" not in html
    assert "新建机构" not in html
    bad = client.get(reverse("orgs:agency_list"), {"region": "12", "kind": "nonsense"})
    assert bad.status_code == 200 and "请填写6位行政区划代码。" in bad.content.decode()


def test_agency_detail_shows_liaisons_and_buttons_by_role(world, liaisons, login):
    url = reverse("orgs:agency_detail", args=[world.court_a.pk])
    html = login(world.admin_a).get(url).content.decode()
    assert "王联络" in html and "指定联络人" in html and "13812345678" in html
    assert reverse("orgs:liaison_end", args=[liaisons.primary_a.pk]) in html
    html = login(world.examiner).get(url).content.decode()
    assert "王联络" in html and "指定联络人" not in html and "138****5678" in html and "13812345678" not in html
    assert "李书记员" not in html  # the private deputy


def test_directory_search_htmx_partial_and_masking(world, liaisons, login, django_assert_max_num_queries):
    client = login(world.judge_b)
    url = reverse("orgs:liaison_directory")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"q": "测甲"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "王联络" in html and "对乙高院联络人" in html and "李书记员" not in html
    assert "138****5678" in html and "13812345678" not in html
    partial = client.get(url, {"kind": "ip_office"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and 'id="directory-results"' in body and "陈审查员" in body and "王联络" not in body
    assert client.get(url, {"region": "bad"}).status_code == 200


def test_directory_query_count_does_not_grow_with_rows(world, designate, login, django_assert_max_num_queries):
    from conftest import make_user

    for i in range(15):
        designate(make_user(f"t_extra_{i}", world.court_b), counterpart=Agency.objects.get(code="court-jing73"), role="deputy")
    client = login(world.examiner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("orgs:liaison_directory"))
    assert response.content.decode().count("/orgs/liaisons/") >= 15


def test_designate_edit_end_through_the_forms(world, login):
    client = login(world.admin_a)
    url = reverse("orgs:liaison_create", args=[world.court_a.pk])
    bad = client.post(url, {"person": world.liaison_a.pk, "role": "primary", "phone": "", "email": "nope", "visibility": "network"})
    assert bad.status_code == 400 and not LiaisonDesignation.objects.exists()
    assert "请输入合法的邮件地址。" in bad.content.decode()
    foreign = client.post(url, {"person": world.judge_b.pk, "role": "primary", "phone": "1", "email": "a@b.cn", "visibility": "network"})
    assert foreign.status_code == 400  # not in the choice list
    parties_without_counterpart = client.post(url, {"person": world.liaison_a.pk, "role": "primary", "phone": "1", "email": "a@b.cn", "visibility": "parties"})
    assert parties_without_counterpart.status_code == 400 and "须指定对口机构" in parties_without_counterpart.content.decode()
    ok = client.post(
        url, {"person": world.liaison_a.pk, "role": "primary", "phone": "010-1", "mobile": "13812345678", "email": "a@b.cn", "visibility": "network"}
    )
    designation = LiaisonDesignation.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse("orgs:liaison_detail", args=[designation.pk])
    edit = reverse("orgs:liaison_edit", args=[designation.pk])
    assert client.post(edit, {"phone": "010-2", "email": "a@b.cn", "office_hours": "工作日", "visibility": "private"}).status_code == 302
    designation.refresh_from_db()
    assert designation.phone == "010-2" and designation.visibility == "private"
    end = reverse("orgs:liaison_end", args=[designation.pk])
    assert client.post(end, {"valid_to": "2000-01-01", "reason": "调岗"}).status_code == 400
    assert client.post(end, {"reason": "调岗"}).status_code == 302
    designation.refresh_from_db()
    assert not designation.is_current
    # an ended designation cannot be edited or ended again
    assert client.get(edit).status_code == 302
    again = client.post(end, {"reason": "再次"})
    assert again.status_code == 400 and "已于" in again.content.decode()


def test_agency_create_and_edit_by_platform_admin(world, login):
    client = login(world.platform_admin)
    data = {"code": "t-new-court", "name": "测试丙法院", "kind": "court", "level": "county", "region": "110108", "court_code": "测甲", "is_active": "on"}
    taken = client.post(reverse("orgs:agency_create"), data)
    assert taken.status_code == 400 and "法院代字已被使用" in taken.content.decode()
    unknown = client.post(reverse("orgs:agency_create"), {**data, "court_code": "测丙", "region": "999999"})
    assert unknown.status_code == 400 and "请填写有效的6位行政区划代码" in unknown.content.decode()
    created = client.post(reverse("orgs:agency_create"), {**data, "court_code": "测丙", "parent": world.court_a.pk})
    agency = Agency.objects.get(code="t-new-court")
    assert created.status_code == 302 and agency.parent == world.court_a
    cycle = client.post(reverse("orgs:agency_edit", args=[world.court_a.pk]), {**data, "code": "t-court-a", "court_code": "测甲", "parent": agency.pk})
    assert cycle.status_code == 400 and "上级机构不能是本机构或其下级机构" in cycle.content.decode()


def test_division_forms(world, login):
    client = login(world.admin_a)
    url = reverse("orgs:division_create", args=[world.court_a.pk])
    assert client.post(url, {"name": "立案庭"}).status_code == 302
    dup = client.post(url, {"name": "立案庭"})
    assert dup.status_code == 400 and "同名" in dup.content.decode()


def test_navigation_and_attention(world, designate, login):
    client = login(world.admin_a)
    html = client.get(reverse("home:index")).content.decode()
    assert "机构名录" in html and "联络人名录" in html
    assert "本机构尚未指定联络人" in html
    designate(world.liaison_a)
    assert "本机构尚未指定联络人" not in client.get(reverse("home:index")).content.decode()
    # judges are not told
    designate(world.judge_b, actor=world.platform_admin, role="deputy")
    assert "本机构尚未指定联络人" not in login(world.judge_b).get(reverse("home:index")).content.decode()
