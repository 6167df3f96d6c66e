import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    r = client.get(reverse("home:index"))
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="zh-CN"' in body and "登录知识产权协同保护平台" in body


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["platform_admin", "admin_a", "judge_a", "clerk_a", "liaison_a", "examiner", "handler", "external"])
def test_every_kind_of_person_reaches_a_home_page(world, login, who):
    user = getattr(world, who)
    r = login(user).get(reverse("home:index"))
    assert r.status_code == 200
    assert user.display_name in r.content.decode()


@pytest.mark.django_db
def test_real_login_flow_with_password(world, client):
    from conftest import PASSWORD

    r = client.post(reverse("accounts:login"), {"username": "t_judge_a", "password": PASSWORD})
    assert r.status_code == 302
    assert client.get(reverse("home:index")).status_code == 200


@pytest.mark.django_db
def test_home_query_count(world, login, django_assert_max_num_queries):
    client = login(world.admin_a)
    with django_assert_max_num_queries(20):
        client.get(reverse("home:index"))


@pytest.mark.django_db
def test_role_badges_follow_the_interface_language(world, login, settings):
    client = login(world.judge_a)
    assert "法官" in client.get(reverse("home:index")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">Judge<" in client.get(reverse("home:index")).content.decode()
