import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ipcollab.accounts.models import Membership, Role, User
from ipcollab.audit.verify import verify_all
from ipcollab.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from ipcollab.demo.names import NameMaker
from ipcollab.demo.seed import demo_day, demo_token
from ipcollab.orgs.models import LiaisonDesignation


@pytest.fixture
def seeded(db, tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("seed_demo", size="small", seed=3, rights_scale=0.1)


@pytest.mark.django_db
def test_every_role_has_a_demo_login(seeded):
    held = set(Membership.objects.filter(user__username__in=[a[0] for a in DEMO_ACCOUNTS]).values_list("role__code", flat=True))
    assert held == set(Role.objects.values_list("code", flat=True))
    assert User.objects.filter(kind="system").exists() and User.objects.filter(kind="external").exists()


@pytest.mark.django_db
def test_the_demo_day_stays_inside_the_holiday_calendar_on_record(world):
    from ipcollab.deadlines import services as calendar

    D = datetime.date
    # the seeded calendar ends with 2026: periods from the demo day must end inside it
    assert demo_day(D(2026, 11, 1)) == D(2026, 11, 1)
    assert demo_day(D(2026, 12, 20)) == demo_day(D(2027, 6, 1)) == D(2026, 11, 26)
    calendar.calendar_year_set(actor=world.platform_admin, year=2027, published=True, confirm_empty=True)
    assert demo_day(D(2027, 6, 1)) == D(2027, 6, 1)


@pytest.mark.django_db
def test_seed_is_reproducible_from_its_seed(db, tmp_path, settings):
    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    # seeded on a day whose periods run into a year without a calendar: generated as of the demo day
    with time_machine.travel(datetime.datetime(2027, 6, 1, 10, tzinfo=datetime.UTC), tick=True):
        call_command("seed_demo", size="small", seed=5, rights_scale=0, stdout=out)
    assert "演示数据按2026-11-26生成" in out.getvalue()
    # staff people only: the parties' external accounts carry company names, systems their system's name
    first = sorted(User.objects.filter(kind="staff").values_list("username", "full_name"))
    assert demo_token(5) == demo_token(5) and demo_token(5) != demo_token(6)
    a, b, c = NameMaker(5), NameMaker(5), NameMaker(6)
    run_a, run_b, run_c = ([m.name() for _ in range(50)] for m in (a, b, c))
    assert run_a == run_b and run_a != run_c
    assert len(first) > 50
    # Names are plausible: 2–4 Chinese characters, none repeated.
    names = [n for u, n in first]
    assert len(names) == len(set(names))
    assert all(2 <= len(n) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)


@pytest.mark.django_db
def test_demo_logins_reach_their_home_pages(seeded, client):
    for username, *_ in DEMO_ACCOUNTS:
        client.logout()
        r = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
        assert r.status_code == 302, username
        assert client.get(reverse("home:index")).status_code == 200, username


@pytest.mark.django_db
def test_seed_writes_one_audit_event_and_chains_verify(seeded):
    from ipcollab.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="demo.seed").count() == 1
    assert verify_all()[1] == []


@pytest.mark.django_db
def test_seed_refuses_a_second_run_and_bad_size(seeded):
    with pytest.raises(CommandError, match="演示数据已存在"):
        call_command("seed_demo", size="small", seed=3)


@pytest.mark.django_db
def test_liaison_demo_covers_visibilities(seeded):
    assert set(LiaisonDesignation.objects.values_list("visibility", flat=True)) >= {"network", "parties", "private"}


@pytest.mark.django_db
def test_demo_token_authenticates(seeded, client):
    raw = demo_token(3)[1]
    r = client.get("/api/v1/audit-events/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 200


@pytest.mark.django_db
def test_demo_rights_agree_with_their_events_and_the_example_is_findable(seeded, client):
    from ipcollab.registry import status as legal
    from ipcollab.registry.models import Right

    # 30 + 15 through the services; 300 + 200 + 15 (the good rows of the corrections file) imported;
    # 13 utility models of the adjudication demo (one a case), through the services.
    assert Right.objects.filter(kind="patent").count() == 30 + 300 + 15 + 13 and Right.objects.filter(kind="trademark").count() == 15 + 200
    from ipcollab.registry.models import ImportJob

    jobs = {job.file_name: job for job in ImportJob.objects.all()}
    assert jobs["cnipa-patents-weekly.jsonl"].created == 300 and jobs["cnipa-patents-weekly.jsonl"].failed == 0
    corrections = jobs["cnipa-patents-corrections.jsonl"]
    assert corrections.failed == 5
    assert {e.code for e in corrections.row_errors.all()} >= {"bad_check_character", "missing_field", "duplicate_in_file", "future_date"}
    # Every right (the freeze demo's transfer in enforcement passes its freeze only with the
    # events' data: the court holding it), not a random sample.
    for right in Right.objects.prefetch_related("events"):
        events = [legal.Event(type=e.type, date=e.date, sequence=e.sequence, outcome=e.outcome or None, data=e.details or {}) for e in right.events.all()]
        assert legal.replay(right.kind, events).status == right.status
    client.post(reverse("accounts:login"), {"username": "bj73_clerk", "password": DEMO_PASSWORD})
    r = client.get(reverse("registry:right_search"), {"q": "ZL 2018 1 0557067.3"})
    example = Right.objects.get(number="201810557067.3")
    assert r.status_code == 302 and r["Location"] == reverse("registry:right_detail", args=[example.pk])
