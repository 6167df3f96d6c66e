"""Liaison thread pages and API end to end: the list with unread counts, a new thread (refusals on
the form), reading marks it read, reply and close, the API list/detail/reply, bounded queries."""

import datetime

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ipcollab.consultation import threads
from ipcollab.consultation.models import Post, Thread, ThreadStatus


def _start(world, topic="无效宣告案件信息共享"):
    return threads.start_thread(actor=world.liaison_a, topic=topic, agencies=[world.office], body="请贵局指定对接人。")


def test_list_shows_unread_and_reading_clears_it(world, login):
    thread = _start(world)
    client = login(world.examiner)
    page = client.get(reverse("consultation:threads"))
    assert page.status_code == 200
    row = page.context["threads"][0]
    assert (row.pk, row.unread) == (thread.pk, 1)
    assert "thread-unread" in page.content.decode()
    detail = client.get(reverse("consultation:thread_detail", args=[thread.pk]))
    assert "请贵局指定对接人。" in detail.content.decode()
    assert client.get(reverse("consultation:threads")).context["threads"][0].unread == 0


def test_list_queries_do_not_grow_with_threads(world, login, django_assert_max_num_queries):
    _start(world)
    client = login(world.examiner)
    client.get(reverse("consultation:threads"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("consultation:threads"))
    for i in range(15):
        _start(world, topic=f"主题{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("consultation:threads"))
    assert len(page.context["threads"]) == 16


def test_new_thread_through_the_page(world, login):
    client = login(world.admin_a)
    url = reverse("consultation:thread_new")
    response = client.post(url, {"topic": "商标审查标准", "agencies": [world.office.pk], "body": "请研究。"})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("consultation:thread_detail", args=[thread.pk])
    # no other agency: refused on the form, nothing written
    response = client.post(url, {"topic": "独白", "agencies": [], "body": "内容"})
    assert response.status_code == 400
    assert "agencies" in response.context["form"].errors
    assert Thread.objects.count() == 1


def test_reply_and_close_through_the_pages(world, login):
    thread = _start(world)
    client = login(world.admin_a)
    assert client.post(reverse("consultation:thread_reply", args=[thread.pk]), {"body": "补充。"}).status_code == 302
    assert Post.objects.filter(thread=thread).count() == 2
    assert client.post(reverse("consultation:thread_reply", args=[thread.pk]), {"body": ""}).status_code == 302
    assert Post.objects.filter(thread=thread).count() == 2
    assert client.post(reverse("consultation:thread_close", args=[thread.pk])).status_code == 302
    response = client.post(reverse("consultation:thread_reply", args=[thread.pk]), {"body": "关闭后"}, follow=True)
    assert "该沟通已结束" in response.content.decode()
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.CLOSED and Post.objects.filter(thread=thread).count() == 2


def _api(world, user):
    from ipcollab.accounts import services as account_services

    _, secret = account_services.token_issue(
        actor=world.platform_admin, system_user=user, name="t", scopes=["consultation:read"], expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_api_list_detail_reply(world):
    thread = _start(world)
    client = APIClient()
    client.force_authenticate(world.admin_a)
    listed = client.get("/api/v1/consultation/threads/").json()["results"]
    assert [(t["id"], t["post_count"], t["unread"]) for t in listed] == [(thread.pk, 1, 1)]
    detail = client.get(f"/api/v1/consultation/threads/{thread.pk}/").json()
    assert {a["id"] for a in detail["agencies"]} == {world.court_a.pk, world.office.pk}
    assert detail["posts"][0]["body"] == "请贵局指定对接人。"
    response = client.post(f"/api/v1/consultation/threads/{thread.pk}/reply/", {"body": "收到。"}, format="json")
    assert response.status_code == 201 and response.json()["agency"]["id"] == world.court_a.pk
    assert client.post(f"/api/v1/consultation/threads/{thread.pk}/reply/", {"body": ""}, format="json").status_code == 400
    threads.close_thread(actor=world.liaison_a, thread=thread)
    response = client.post(f"/api/v1/consultation/threads/{thread.pk}/reply/", {"body": "关闭后"}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "thread_closed"
    assert client.get("/api/v1/consultation/threads/", {"status": "closed"}).json()["results"][0]["id"] == thread.pk
    assert client.get("/api/v1/consultation/threads/", {"status": "x"}).status_code == 400
    # an agency system takes part in no thread
    system = _api(world, world.system)
    assert system.get("/api/v1/consultation/threads/").json()["results"] == []
    assert system.get(f"/api/v1/consultation/threads/{thread.pk}/").status_code == 404


def test_attention_item_for_unread_threads(world):
    from ipcollab.core import attention

    _start(world)
    items = {a.title: a.count for a in attention.items_for(world.examiner)}
    assert items["联络沟通有未读回复"] == 1
    assert "联络沟通有未读回复" not in {a.title for a in attention.items_for(world.liaison_a)}
