"""The action-items API: the list with the page's filters, an item with its progress reports,
progress reported by the responsible agency's system (scope consultation:write), scopes and reach,
bad input as a 400 envelope."""

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from ipcollab.accounts import services as account_services
from ipcollab.consultation import actions
from ipcollab.consultation.access_matrix_actions import action_item
from ipcollab.consultation.models import ActionItem, ActionStatus

BASE = "/api/v1/consultation/action-items/"


def token_client(world, user, scopes):
    _, secret = account_services.token_issue(
        actor=world.platform_admin, system_user=user, name="t", scopes=scopes, expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_offices_system_reads_and_reports_progress(world):
    item = action_item(world)
    client = token_client(world, world.system, ["consultation:read", "consultation:write"])
    listed = client.get(BASE).json()
    assert [row["id"] for row in listed["results"]] == [item.pk]
    row = listed["results"][0]
    assert row["agency"] == {"id": world.office.pk, "name": world.office.name}
    assert row["meeting"] == item.meeting_id and row["document_number"] == item.document.number
    response = client.post(f"{BASE}{item.pk}/progress/", {"note": "系统同步进展", "progress": 55}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["progress"]) == ("in_progress", 55)
    assert body["updates"][0]["note"] == "系统同步进展"
    response = client.post(f"{BASE}{item.pk}/progress/", {"note": "已完成", "progress": 90, "status": "done"}, format="json")
    assert response.status_code == 201
    item.refresh_from_db()
    assert (item.status, item.progress) == (ActionStatus.DONE, 100)
    # done: nothing more
    response = client.post(f"{BASE}{item.pk}/progress/", {"note": "再报", "progress": 10}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "action_closed"


def test_read_scope_cannot_write(world):
    item = action_item(world)
    client = token_client(world, world.system, ["consultation:read"])
    assert client.get(f"{BASE}{item.pk}/").status_code == 200
    response = client.post(f"{BASE}{item.pk}/progress/", {"note": "n", "progress": 10}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "token_scope"


def test_another_agencys_system_does_not_see_the_item(world):
    from conftest import make_user

    item = action_item(world)
    other = make_user("t_system_b", world.court_b, [], kind="system")
    client = token_client(world, other, ["consultation:read", "consultation:write"])
    assert client.get(BASE).json()["results"] == []
    assert client.get(f"{BASE}{item.pk}/").status_code == 404
    assert client.post(f"{BASE}{item.pk}/progress/", {"note": "n", "progress": 10}, format="json").status_code == 404


def test_bad_progress_is_a_400_envelope_and_changes_nothing(world):
    item = action_item(world)
    client = token_client(world, world.system, ["consultation:read", "consultation:write"])
    for payload in (
        {"note": "n", "progress": 101},
        {"note": "n", "progress": -1},
        {"note": "", "progress": 10},
        {"progress": 10},
        {"note": "n", "progress": 5, "status": "cancelled"},
    ):
        response = client.post(f"{BASE}{item.pk}/progress/", payload, format="json")
        assert response.status_code == 400, payload
        assert set(response.json()["error"]) == {"code", "message", "fields"}
    item.refresh_from_db()
    assert item.progress == 0 and not item.updates.exists()


def test_filters_and_bad_filters(world):
    item = action_item(world)
    today = actions.today()
    overdue = action_item(world, due_on=today - datetime.timedelta(days=1), number="测纪要〔2026〕第4期")
    client = token_client(world, world.system, ["consultation:read"])

    def ids(**query):
        response = client.get(BASE, query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {item.pk, overdue.pk}
    assert ids(overdue="true") == {overdue.pk}
    assert ids(status="active") == {item.pk, overdue.pk}
    assert ids(status="done") == set()
    assert ids(meeting=item.meeting_id) == {item.pk}
    assert ids(agency=world.court_a.pk) == set()
    assert ids(owner=world.examiner.pk) == {item.pk, overdue.pk}
    assert ids(due_after=(today + datetime.timedelta(days=1)).isoformat()) == {item.pk}
    assert ids(due_before=today.isoformat()) == {overdue.pk}
    detail = client.get(f"{BASE}{overdue.pk}/").json()
    assert detail["overdue"] is True and detail["consensus_item_text"].startswith("建立")
    for bad in ({"status": "lost"}, {"overdue": "yes"}, {"agency": "x"}, {"meeting": str(2**64)}, {"due_before": "2026-02-30"}):
        response = client.get(BASE, bad)
        assert response.status_code == 400, bad
        assert response.json()["error"]["code"] == "invalid"
    assert client.get(f"{BASE}{2**64}/").status_code == 404
    assert ActionItem.objects.count() == 2


def test_progress_with_evidence_over_multipart(world, settings, tmp_path):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    item = action_item(world)
    client = token_client(world, world.system, ["consultation:read", "consultation:write"])
    pdf = b"%PDF-1.4\n% report\n"
    response = client.post(
        f"{BASE}{item.pk}/progress/", {"note": "附通报", "progress": "70", "evidence": SimpleUploadedFile("通报.pdf", pdf)}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json()["updates"][0]["evidence_sha256"] == hashlib.sha256(pdf).hexdigest()
    fake = SimpleUploadedFile("通报.pdf", b"GIF89a not a pdf")
    response = client.post(f"{BASE}{item.pk}/progress/", {"note": "假", "progress": "80", "evidence": fake}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "action_evidence_invalid"
    item.refresh_from_db()
    assert item.progress == 70 and item.updates.count() == 1
