"""Pages of deadlines: the calculator explains, the calendar shows and edits, service records
list, show and record. Query counts on the lists."""

import datetime

import pytest
from django.urls import reverse

from ipcollab.deadlines import services
from ipcollab.deadlines.models import CalendarDay, CalendarYear, ServiceRecord

D = datetime.date
pytestmark = pytest.mark.django_db
CST = datetime.timezone(datetime.timedelta(hours=8))


def serve(actor, recipient="甲公司", visibility="private"):
    return services.record_dispatch(
        actor=actor,
        document_title="民事裁定书",
        recipient_name=recipient,
        regime="patent",
        method="post",
        dispatched_at=datetime.datetime(2025, 1, 14, 10, tzinfo=CST),
        visibility=visibility,
    )


def test_calculator_explains_a_roll_over_the_spring_festival(world, login):
    client = login(world.judge_a)
    response = client.get(reverse("deadlines:calculator"), {"start": "2025-01-14", "amount": "15", "unit": "days", "roll_forward": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="last-day">2025-02-05' in html
    assert "法定节假日（春节）" in html and "2025-01-29" in html
    assert "顺延 7 日" in html


def test_calculator_names_an_adjusted_working_sunday(world, login):
    response = login(world.examiner).get(reverse("deadlines:calculator"), {"start": "2025-01-16", "amount": "10", "unit": "days", "roll_forward": "on"})
    html = response.content.decode()
    assert 'id="last-day">2025-01-26' in html
    assert "调休工作日（春节）" in html and "届满日为工作日，不顺延" in html


def test_calculator_shows_errors_with_codes(world, login):
    client = login(world.judge_a)
    response = client.get(reverse("deadlines:calculator"), {"start": "2026-12-20", "amount": "30", "unit": "days", "roll_forward": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "calendar_unpublished" in html and "2027" in html
    response = client.get(reverse("deadlines:calculator"), {"start": "2025-01-01", "amount": "101", "unit": "years"})
    assert response.status_code == 400 and "bad_amount" in response.content.decode()
    response = client.get(reverse("deadlines:calculator"), {"start": "not a date", "amount": "x", "unit": "weeks"})
    assert response.status_code == 400
    # without roll-forward the unpublished year does not matter
    response = client.get(reverse("deadlines:calculator"), {"start": "2026-12-20", "amount": "30", "unit": "days"})
    assert response.status_code == 200 and 'id="last-day">2027-01-19' in response.content.decode()


def test_the_calendar_page(world, login, django_assert_max_num_queries):
    client = login(world.judge_b)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("deadlines:calendar_year", kwargs={"year": 2025}))
    html = response.content.decode()
    assert response.status_code == 200 and "已发布" in html and "2025-01-29" in html and "2025-02-08" in html
    assert reverse("deadlines:calendar_day_create") not in html  # no edit links for a judge
    html = client.get(reverse("deadlines:calendar_year", kwargs={"year": 2030})).content.decode()
    assert "未发布" in html and "calendar_unpublished" in html
    assert client.get(reverse("deadlines:calendar")).status_code == 302


def test_a_platform_admin_adds_a_day_and_publishes_a_year(world, login):
    client = login(world.platform_admin)
    assert reverse("deadlines:calendar_day_create") in client.get(reverse("deadlines:calendar_year", kwargs={"year": 2027})).content.decode()
    response = client.post(reverse("deadlines:calendar_year_edit", kwargs={"year": 2027}), {"published": "on", "source": "通知"})
    assert response.status_code == 400 and "尚未录入任何法定节假日" in response.content.decode()
    response = client.post(reverse("deadlines:calendar_day_create"), {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
    assert response.status_code == 302
    response = client.post(reverse("deadlines:calendar_day_create"), {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
    assert response.status_code == 400 and "已有记录" in response.content.decode()
    response = client.post(reverse("deadlines:calendar_day_create"), {"date": "2027-01-06", "kind": "workday"})
    assert response.status_code == 400 and "周六或周日" in response.content.decode()
    response = client.post(reverse("deadlines:calendar_year_edit", kwargs={"year": 2027}), {"published": "on", "source": "国务院办公厅通知"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).published
    day = CalendarDay.objects.get(date=D(2027, 1, 1))
    assert client.post(reverse("deadlines:calendar_day_remove", kwargs={"pk": day.pk}), {"reason": ""}).status_code == 400
    assert client.post(reverse("deadlines:calendar_day_remove", kwargs={"pk": day.pk}), {"reason": "测试"}).status_code == 302
    assert not CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
    assert client.get(reverse("deadlines:calendar_day_edit", kwargs={"pk": day.pk})).status_code == 404


def test_service_pages(world, login, django_assert_max_num_queries):
    for i in range(12):
        serve(world.clerk_a, recipient=f"当事人{i}")
    serve(world.judge_b, recipient="乙院当事人")
    client = login(world.judge_a)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("deadlines:service_list"))
    html = response.content.decode()
    assert html.count("当事人") >= 12 and "乙院当事人" not in html
    assert client.get(reverse("deadlines:service_list"), {"q": "当事人3", "method": "bogus", "pending": "1"}).status_code == 200

    response = client.post(
        reverse("deadlines:service_create"),
        {
            "document_title": "判决书",
            "recipient_name": "丙公司",
            "recipient_role": "defendant",
            "regime": "civil_procedure",
            "method": "announcement",
            "dispatched_at": "2025-03-03T09:30",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    record = ServiceRecord.objects.get(recipient_name="丙公司")
    assert record.presumed_received_on == D(2025, 4, 2)
    detail = client.get(reverse("deadlines:service_detail", kwargs={"pk": record.pk}), {"amount": "15", "unit": "days", "roll_forward": "on"})
    html = detail.content.decode()
    assert 'id="effective-receipt">2025-04-02' in html and "《中华人民共和国民事诉讼法》（2023年修正）第九十五条" in html
    assert "2025-04-17" in html  # 04-02 + 15 days, a Thursday
    response = client.post(reverse("deadlines:service_receipt", kwargs={"pk": record.pk}), {"received_on": "2025-03-01", "proof": "回证"})
    assert response.status_code == 400 and "不能早于发出日" in response.content.decode()
    response = client.post(reverse("deadlines:service_receipt", kwargs={"pk": record.pk}), {"received_on": "2025-03-10", "proof": "回证"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.effective_receipt_date == D(2025, 3, 10)


def test_service_form_errors(world, login):
    response = login(world.judge_a).post(reverse("deadlines:service_create"), {"document_title": "", "method": "pigeon", "dispatched_at": "yesterday"})
    assert response.status_code == 400
    assert not ServiceRecord.objects.exists()


def test_nav_entries_for_staff_only(world, login):
    html = login(world.judge_a).get(reverse("deadlines:calculator")).content.decode()
    assert "期限计算" in html and reverse("deadlines:service_list") in html
    assert login(world.external).get(reverse("deadlines:calculator")).status_code == 403
