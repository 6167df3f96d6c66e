"""Pages of alerts: 我的关注, 订阅检索, the follow button include, the navigation entry."""

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from ipcollab.alerts import services
from ipcollab.alerts.models import Follow, Watch
from ipcollab.audit.models import AuditEvent
from ipcollab.core.models import Visibility
from ipcollab.proceedings.models import Kind
from ipcollab.proceedings.signals import NEW_PROCEEDING

from .conftest import case, fire


def test_follow_button_follows_and_unfollows_and_goes_back(world, reg, login):
    p = case(world, rights=[reg.um])
    c = login(world.judge_b)
    r = c.post(reverse("alerts:follow_create"), {"proceeding": p.pk, "next": "/registry/"})
    assert r.status_code == 302 and r["Location"] == "/registry/"
    f = Follow.objects.get(user=world.judge_b)
    assert f.proceeding == p and len(f.events) == 5
    r = c.post(reverse("alerts:follow_create"), {"proceeding": p.pk, "next": "https://evil.example.com/"})
    assert r["Location"] == reverse("alerts:follows")  # not an open redirect; the duplicate is a message
    assert Follow.objects.count() == 1
    page = c.get(reverse("alerts:follows")).content.decode()
    assert "您已关注该项" in page and p.number in page
    r = c.post(reverse("alerts:follow_delete", args=[f.pk]), {"next": "/registry/"})
    assert r["Location"] == "/registry/" and not Follow.objects.exists()


def test_follow_button_out_of_reach_is_404(world, login):
    hidden = case(world, visibility=Visibility.PRIVATE)
    assert login(world.judge_b).post(reverse("alerts:follow_create"), {"proceeding": hidden.pk}).status_code == 404
    assert login(world.judge_b).post(reverse("alerts:follow_create"), {"proceeding": "99999999999999999999999"}).status_code == 404
    assert not Follow.objects.exists()


def test_my_follows_lists_notes_and_event_types_and_edits_them(world, reg, login):
    p = case(world)
    f = services.follow(actor=world.judge_b, proceeding=p, events=["decision"], note="等待判决")
    services.follow(actor=world.judge_b, right=reg.um, events=["new_proceeding"])
    c = login(world.judge_b)
    page = c.get(reverse("alerts:follows")).content.decode()
    assert "等待判决" in page and "裁判/决定" in page and reg.um.number in page and f"/proceedings/{p.pk}/" in page
    page = c.get(reverse("alerts:follow_edit", args=[f.pk])).content.decode()
    assert 'value="decision" id="id_events_1" checked' in page and 'value="stay" id="id_events_3" checked' not in page
    r = c.post(reverse("alerts:follow_edit", args=[f.pk]), {"events": ["stay", "appeal"], "note": "已中止"})
    assert r.status_code == 302
    f.refresh_from_db()
    assert (f.events, f.note) == (["appeal", "stay"], "已中止")
    r = c.post(reverse("alerts:follow_edit", args=[f.pk]), {"note": "无事件"})
    assert r.status_code == 400 and "请至少选择一种事件类型" in r.content.decode()
    f.refresh_from_db()
    assert f.note == "已中止"
    assert login(world.judge_a).get(reverse("alerts:follow_edit", args=[f.pk])).status_code == 404


def test_watch_pages_create_show_matches_edit_delete(world, reg, login):
    c = login(world.judge_a)
    r = c.post(reverse("alerts:watch_create"), {"name": "本院涉无效专利的新案", "track": "court", "my_court": "on", "under_invalidation": "on"})
    assert r.status_code == 302
    w = Watch.objects.get()
    assert (w.user, w.track, w.my_court, w.under_invalidation) == (world.judge_a, "court", True, True)
    assert r["Location"] == reverse("alerts:watch_detail", args=[w.pk])
    case(world, kind=Kind.PATENT_INVALIDATION, rights=[reg.um])
    hit = case(world, agency=world.court_a, rights=[reg.um])
    fire(hit, NEW_PROCEEDING)
    page = c.get(reverse("alerts:watch_detail", args=[w.pk])).content.decode()
    assert hit.number in page and f"/proceedings/{hit.pk}/" in page and "仅本机构承办" in page
    assert "本院涉无效专利的新案" in c.get(reverse("alerts:watches")).content.decode()
    page = c.get(reverse("alerts:watch_edit", args=[w.pk])).content.decode()
    assert "本院涉无效专利的新案" in page
    r = c.post(reverse("alerts:watch_edit", args=[w.pk]), {"name": "商标案件", "right_kind": "trademark"})
    assert r.status_code == 302
    w.refresh_from_db()
    assert (w.name, w.right_kind, w.my_court, w.track) == ("商标案件", "trademark", False, "")
    assert login(world.judge_b).get(reverse("alerts:watch_detail", args=[w.pk])).status_code == 404
    assert login(world.judge_b).post(reverse("alerts:watch_delete", args=[w.pk])).status_code == 404
    login(world.judge_a).post(reverse("alerts:watch_delete", args=[w.pk]))
    assert not Watch.objects.exists()


def test_watch_form_shows_errors_and_writes_nothing(world, reg, login):
    c = login(world.judge_a)
    before = AuditEvent.objects.count()
    r = c.post(reverse("alerts:watch_create"), {"name": "空"})
    assert r.status_code == 400 and "请至少选择一个检索条件" in r.content.decode()
    r = c.post(reverse("alerts:watch_create"), {"name": "矛盾", "kind": "civil", "track": "office"})
    assert r.status_code == 400 and "该程序种类不属于所选类别" in r.content.decode()
    r = c.post(reverse("alerts:watch_create"), {"name": "当事人", "party": "99999999"})
    assert r.status_code == 400 and "未找到该记录" in r.content.decode()
    r = c.post(reverse("alerts:watch_create"), {"name": "当事人", "party": "abc"})
    assert r.status_code == 400
    assert not Watch.objects.exists() and AuditEvent.objects.count() == before
    r = c.post(reverse("alerts:watch_create"), {"name": "恒远", "party": str(reg.owner.pk)})
    assert r.status_code == 302 and Watch.objects.get().party == reg.owner


def _button(user, target):
    request = RequestFactory().get("/registry/rights/1/")
    request.user = user
    template = Template('{% include "alerts/_follow_button.html" %}')
    return template.render(Context({"request": request, "target": target, "csrf_token": "x"}))


def test_follow_button_include(world, reg):
    p = case(world)
    html = _button(world.judge_b, p)
    assert 'name="proceeding"' in html and f'value="{p.pk}"' in html and "关注" in html
    html = _button(world.judge_b, reg.um)
    assert 'name="right"' in html and f'value="{reg.um.pk}"' in html
    f = services.follow(actor=world.judge_b, right=reg.um, note="看无效结果")
    html = _button(world.judge_b, reg.um)
    assert "已关注" in html and "看无效结果" in html and reverse("alerts:follow_delete", args=[f.pk]) in html
    assert _button(world.judge_b, world.court_a).strip() == ""


def test_navigation_entry(world, login):
    page = login(world.judge_a).get(reverse("alerts:watches")).content.decode()
    assert f'href="{reverse("alerts:follows")}"' in page and "我的关注" in page


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_read_a_fixed_number_of_queries(world, reg, login):
    c = login(world.judge_b)
    counts = []
    for n in (1, 6):
        for _ in range(n):
            p = case(world, rights=[reg.um], parties=[(reg.rival, "defendant")])
            services.follow(actor=world.judge_b, proceeding=p, note="n")
            w = services.watch_create(actor=world.judge_b, data={"name": "w", "party": reg.rival.pk, "agency": world.court_a.pk, "right": reg.um.pk})
            hit = case(world, rights=[reg.um], parties=[(reg.rival, "defendant")])
            fire(hit, NEW_PROCEEDING)
        counts.append(
            (
                _count(c, reverse("alerts:follows")),
                _count(c, reverse("alerts:watches")),
                _count(c, reverse("alerts:watch_detail", args=[w.pk])),
                _count(c, "/api/v1/follows/"),
                _count(c, "/api/v1/watches/"),
            )
        )
    assert counts[0] == counts[1], counts


def test_watch_form_takes_a_right_number_and_a_credit_code(world, reg, login):
    from ipcollab.registry import services as register

    company = register.party_create(actor=world.examiner, kind="organization", name="华为技术有限公司", credit_code="914403001922038216")
    c = login(world.judge_a)
    r = c.post(reverse("alerts:watch_create"), {"name": "按号码", "right": f"ZL{reg.um.number}", "party": "914403001922038216"})
    assert r.status_code == 302, r.content.decode()
    w = Watch.objects.get()
    assert (w.right, w.party) == (reg.um, company)
    r = c.post(reverse("alerts:watch_edit", args=[w.pk]), {"name": "按号码", "right": "202320999999.1"})
    assert r.status_code == 400 and "未找到该记录" in r.content.decode()
    w.refresh_from_db()
    assert w.right == reg.um
