"""The consensus-document API end to end: list with filters, one document with its versions,
signatures and items, the integrity check, scopes, bad input as the 400 envelope."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from ipcollab.accounts.models import ApiToken, hash_token
from ipcollab.consultation import documents
from ipcollab.consultation.models import Version

from .documents_setup import TEXT, add_people, minutes, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(world):
    return add_people(world)


def api(client, user, scopes=("consultation:read",)):
    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(
        user=user, name="docking", prefix=prefix, key_hash=hash_token(raw), scopes=list(scopes), expires_at=timezone.now() + timedelta(days=1)
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_list_detail_and_verify(w, client, django_assert_max_num_queries):
    doc = signed(w)
    draft = documents.draft_document(actor=w.liaison_o, kind="guidance", title="关于专利侵权判定标准的指导意见", text=TEXT, signatories=[w.office, w.court_a])
    c = api(client, w.system)  # the office's agency system
    with django_assert_max_num_queries(10):
        body = c.get(reverse("api:consultation-document-list")).json()
    assert [d["id"] for d in body["results"]] == [draft.pk, doc.pk]
    assert body["results"][1]["signatories"] == [{"id": w.court_a.pk, "name": w.court_a.name}, {"id": w.office.pk, "name": w.office.name}]
    assert [d["id"] for d in c.get(reverse("api:consultation-document-list"), {"kind": "minutes", "status": "signed"}).json()["results"]] == [doc.pk]
    assert [d["id"] for d in c.get(reverse("api:consultation-document-list"), {"meeting": doc.meeting_id}).json()["results"]] == [doc.pk]
    data = c.get(reverse("api:consultation-document-detail", args=[doc.pk])).json()
    v = documents.current_version(doc)
    assert data["number"] == doc.number and data["status"] == "signed" and data["sha256"] == v.sha256 and data["text"] == v.text
    assert data["versions"] == [{"number": 1, "sha256": v.sha256, "note": "初稿", "created_at": data["versions"][0]["created_at"]}]
    assert [(s["agency"]["id"], s["signer_name"], s["text_hash"], s["version"], s["voided_at"]) for s in data["signatures"]] == [
        (w.court_a.pk, "刘签发", v.sha256, 1, None),
        (w.office.pk, "孙签发", v.sha256, 1, None),
    ]
    assert [(i["position"], i["responsible_agency"]["id"]) for i in data["items"]] == [(1, w.office.pk), (2, w.court_a.pk)]
    verify = reverse("api:consultation-document-verify", args=[doc.pk])
    assert c.get(verify).json() == {"intact": True, "sha256": v.sha256, "problems": []}
    Version.objects.filter(pk=v.pk).update(text=v.text + "\n\n四、私自添加的一段。")
    result = c.get(verify).json()
    assert result["intact"] is False and {p["code"] for p in result["problems"]} == {"version_hash_mismatch", "signature_hash_mismatch"}


def test_reach_scopes_and_bad_input(w, client):
    doc = minutes(w)
    court_b_system = make_user("t_system_b", w.court_b, [], kind="system")
    private = documents.draft_document(actor=w.liaison_o, kind="co_signed", title="局院会签", text=TEXT, signatories=[w.office, w.court_a])
    c = api(client, court_b_system)
    assert c.get(reverse("api:consultation-document-detail", args=[doc.pk])).status_code == 200  # court B sat in on the meeting
    response = c.get(reverse("api:consultation-document-detail", args=[private.pk]))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert c.get(reverse("api:consultation-document-verify", args=[private.pk])).status_code == 404
    assert c.get(reverse("api:consultation-document-detail", args=[99999999999999999999])).status_code == 404
    for query in ({"kind": "memo"}, {"status": "lost"}, {"meeting": "x"}, {"meeting": str(2**70)}):
        response = c.get(reverse("api:consultation-document-list"), query)
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid", query
    response = api(client, w.system, scopes=("mediation:read",)).get(reverse("api:consultation-document-list"))
    assert response.status_code == 403 and response.json()["error"]["code"] == "token_scope"
    client.defaults.pop("HTTP_AUTHORIZATION")
    assert client.get(reverse("api:consultation-document-list")).status_code == 401
