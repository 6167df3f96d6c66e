"""The consensus-document pages end to end with the test client: list, new (from a held meeting),
detail with numbered paragraphs and htmx comments, revise and diff, circulate, open signing, sign
on the hash shown, return, the integrity check shown, consensus items' links, the PDF."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ipcollab.consultation import documents, pdf, texts
from ipcollab.consultation.models import AgendaItem, AgendaStatus, CommentStatus, ConsensusDocument, DocumentStatus, Version

from .documents_setup import TEXT, add_people, held_meeting, minutes, signed, to_signing

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def w(world):
    return add_people(world)


def detail(doc):
    return reverse("consultation:document_detail", args=[doc.pk])


def test_list_per_role_and_filters(w, login, django_assert_max_num_queries):
    doc = minutes(w)
    other = documents.draft_document(actor=w.liaison_o, kind="guidance", title="关于专利侵权判定标准的指导意见", text=TEXT, signatories=[w.office, w.court_a])
    client = login(w.judge_a)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("consultation:documents")).content.decode()
    assert doc.title in body and other.title in body
    body = client.get(reverse("consultation:documents"), {"kind": "guidance"}).content.decode()
    assert other.title in body and doc.title not in body
    body = client.get(reverse("consultation:documents"), {"q": "指导", "year": YEAR, "status": "draft"}).content.decode()
    assert other.title in body and doc.title not in body
    assert client.get(reverse("consultation:documents"), {"year": "x" * 30, "kind": "nope"}).status_code == 200
    # court B only sat in on the meeting: it sees the minutes, not the guidance between court A and the office
    body = login(w.judge_b).get(reverse("consultation:documents")).content.decode()
    assert doc.title in body and other.title not in body
    assert login(w.external).get(reverse("consultation:documents")).status_code == 403


def test_new_minutes_prefilled_from_the_meeting(w, login):
    meeting = held_meeting(w)
    AgendaItem.objects.create(meeting=meeting, proposed_by_agency=w.office, topic="无效决定书推送时限", status=AgendaStatus.DISCUSSED, position=1)
    AgendaItem.objects.create(meeting=meeting, proposed_by_agency=w.court_a, topic="未讨论的议题", status=AgendaStatus.DEFERRED, position=2)
    client = login(w.liaison_a)
    url = reverse("consultation:document_new")
    body = client.get(url, {"meeting": meeting.pk}).content.decode()
    assert f'value="{meeting.title}纪要"' in body
    assert "一、无效决定书推送时限" in body and "未讨论的议题" not in body
    assert client.get(url, {"meeting": "99999999999999999999999"}).status_code == 404
    assert login(w.judge_a).get(url, {"meeting": meeting.pk}).status_code == 403
    client = login(w.liaison_a)  # the one test client: each login() switches its user
    data = {
        "meeting": meeting.pk,
        "kind": "minutes",
        "title": f"{meeting.title}纪要",
        "text": TEXT,
        "number": "",
        "main_recipients": "各业务部门",
        "copy_to": "",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "20",
        "items-0-text": "推送无效决定书",
        "items-0-responsible_agency": str(w.office.pk),
        "items-1-text": "",
        "items-1-responsible_agency": "",
    }
    response = client.post(url, data)
    doc = ConsensusDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(doc)
    assert documents.signatory_agency_ids(doc) == [w.court_a.pk, w.office.pk]
    assert [i.text for i in doc.items.all()] == ["推送无效决定书"]
    # an item without its responsible agency, a planned meeting
    bad = {**data, "items-0-responsible_agency": ""}
    assert "请选择责任单位" in client.post(url, bad).content.decode()
    planned = held_meeting(w, status="planned", title="下一次会商")
    response = client.post(url, {**data, "meeting": planned.pk})
    assert response.status_code == 200 and "会议纪要须在会议召开后起草" in response.content.decode()
    assert ConsensusDocument.objects.count() == 1


def test_new_co_signed_document_with_chosen_signatories(w, login):
    client = login(w.liaison_o)
    data = {
        "kind": "co_signed",
        "title": "关于加强专利行政保护与司法保护衔接的会签意见",
        "text": TEXT,
        "number": f"测知发〔{YEAR}〕8号",
        "signatories": [str(w.office.pk), str(w.court_a.pk)],
        "main_recipients": "",
        "copy_to": "",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "20",
    }
    assert client.post(reverse("consultation:document_new"), {**data, "signatories": [str(w.office.pk)]}).status_code == 200
    assert client.post(reverse("consultation:document_new"), {**data, "signatories": ["99999999999999999999999"]}).status_code == 200
    response = client.post(reverse("consultation:document_new"), data)
    doc = ConsensusDocument.objects.get()
    assert response.status_code == 302 and doc.number == f"测知发〔{YEAR}〕8号"
    assert documents.signatory_agency_ids(doc) == [w.office.pk, w.court_a.pk]


def test_review_with_htmx_comments_and_answers(w, login):
    doc = minutes(w)
    documents.circulate(actor=w.liaison_a, document=doc)
    body = login(w.liaison_o).get(detail(doc)).content.decode()
    assert 'id="p-1"' in body and 'id="p-3"' in body and "对本段提出意见" in body
    response = login(w.liaison_o).post(
        reverse("consultation:document_comment", args=[doc.pk]), {"paragraph": "2", "body": "建议改为七个工作日。"}, HTTP_HX_REQUEST="true"
    )
    part = response.content.decode()
    assert response.status_code == 200 and part.startswith('\n<div class="doc-paragraph') or 'id="p-2"' in part
    assert "测试知识产权局" in part and "建议改为七个工作日。" in part and "待答复" in part
    bad = login(w.liaison_o).post(reverse("consultation:document_comment", args=[doc.pk]), {"paragraph": "9", "body": "x"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert login(w.examiner).post(reverse("consultation:document_comment", args=[doc.pk]), {"paragraph": "1", "body": "x"}).status_code == 403
    comment = doc.comments.get()
    answer_url = reverse("consultation:document_answer", args=[doc.pk, comment.pk])
    assert login(w.liaison_o).post(answer_url, {"status": "adopted", "response": "好"}).status_code == 403
    response = login(w.liaison_a).post(answer_url, {"status": "partly", "response": "改为七个工作日，并写明起算点。"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "部分采纳" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PARTLY
    assert login(w.liaison_a).post(reverse("consultation:document_answer", args=[doc.pk, 99999999999999999999]), {}).status_code == 404


def test_revise_and_diff(w, login):
    doc = minutes(w)
    client = login(w.liaison_a)
    url = reverse("consultation:document_revise", args=[doc.pk])
    assert "一、会议认为" in client.get(url).content.decode()
    new_text = TEXT.replace("五个工作日", "七个工作日") + "\n\n四、本纪要自会签之日起执行。"
    data = {
        "text": new_text,
        "note": "采纳意见",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "20",
        "items-0-text": "推送决定书",
        "items-0-responsible_agency": str(w.office.pk),
    }
    assert client.post(url, data).status_code == 302
    assert doc.versions.count() == 2 and [i.text for i in doc.items.all()] == ["推送决定书"]
    assert "文本没有变化" in client.post(url, data).content.decode()
    assert login(w.liaison_o).get(url).status_code == 403
    client = login(w.judge_b)
    body = client.get(reverse("consultation:document_diff", args=[doc.pk]), {"a": 1, "b": 2}).content.decode()
    assert '<del class="doc-del">五</del>' in body and '<ins class="doc-ins">七</ins>' in body
    assert '<ins class="doc-ins">四、本纪要自会签之日起执行。</ins>' in body
    assert client.get(reverse("consultation:document_diff", args=[doc.pk])).status_code == 200
    for bad in ({"a": 1, "b": 9}, {"a": "x", "b": 1}, {"a": 10**30, "b": 1}):
        assert client.get(reverse("consultation:document_diff", args=[doc.pk]), bad).status_code == 404


def test_circulate_open_signing_sign_and_lock(w, login):
    doc = minutes(w)
    court = login(w.liaison_a)  # the one test client: each login() switches its user
    assert court.post(reverse("consultation:document_circulate", args=[doc.pk]), {"review_deadline": "2000-01-01"}).status_code == 302
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT  # a deadline in the past is refused
    court.post(reverse("consultation:document_circulate", args=[doc.pk]), {"review_deadline": ""})
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.REVIEW
    response = court.post(reverse("consultation:document_open_signing", args=[doc.pk]), {"number": "法知会[2026]3号"}, follow=True)
    assert "文号格式有误" in response.content.decode()
    court.post(reverse("consultation:document_open_signing", args=[doc.pk]), {"number": f"测甲知会〔{YEAR}〕3号", "issued_on": ""})
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNING
    sign_url = reverse("consultation:document_sign", args=[doc.pk])
    assert court.get(sign_url).status_code == 403  # a liaison does not sign
    signer = login(w.signer_a)
    page = signer.get(sign_url).content.decode()
    digest = documents.current_version(doc).sha256
    assert digest in page and f'name="text_hash" value="{digest}"' in page and "二、测试知识产权局" in page
    assert signer.post(sign_url, {"text_hash": digest}).status_code == 200  # the confirmation box unticked
    assert signer.post(sign_url, {"text_hash": digest, "confirm": "on"}).status_code == 302
    office_signer = login(w.signer_o)
    response = office_signer.post(sign_url, {"text_hash": "0" * 64, "confirm": "on"})
    assert response.status_code == 409 and "文本在您查看后已变更" in response.content.decode()
    assert office_signer.post(sign_url, {"text_hash": digest, "confirm": "on"}).status_code == 302
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNED and doc.locked_at
    body = login(w.judge_a).get(detail(doc)).content.decode()
    assert "已锁定" in body and "刘签发" in body and "孙签发" in body and digest in body and 'id="integrity-ok"' in body
    page = login(w.signer_a).get(sign_url)
    assert page.status_code == 200 and "已由各会签单位签署并锁定" in page.content.decode()  # visible, but signing is refused
    response = login(w.signer_a).post(sign_url, {"text_hash": digest, "confirm": "on"})
    assert response.status_code == 409 and "已由各方会签并锁定" in response.content.decode()
    # editing locked minutes: refused, nothing written
    response = login(w.liaison_a).post(
        reverse("consultation:document_revise", args=[doc.pk]), {"text": TEXT + "\n\n五、补充。", "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"}
    )
    assert response.status_code == 200 and "已由各方会签并锁定" in response.content.decode()
    assert doc.versions.count() == 1


def test_return_to_review_page(w, login):
    doc = minutes(w)
    to_signing(w, doc)
    documents.sign(actor=w.signer_a, document=doc, text_hash=documents.current_version(doc).sha256)
    url = reverse("consultation:document_return", args=[doc.pk])
    assert login(w.judge_a).post(url, {"reason": "x"}).status_code == 403
    assert login(w.judge_b).post(url, {"reason": "x"}).status_code == 403  # court B sees the minutes, cannot return them
    login(w.signer_o).post(url, {"reason": "第二条须再议"})
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.REVIEW
    body = login(w.judge_a).get(detail(doc)).content.decode()
    assert "已作废" in body and "第二条须再议" in body


def test_the_page_shows_a_tampered_text(w, login):
    doc = signed(w)
    v = documents.current_version(doc)
    Version.objects.filter(pk=v.pk).update(text=v.text.replace("五个工作日", "十五个工作日"))
    body = login(w.judge_a).get(detail(doc)).content.decode()
    assert 'id="integrity-problems"' in body and 'data-code="version_hash_mismatch"' in body and 'data-code="signature_hash_mismatch"' in body


def test_consensus_items_link_to_action_items_once_signed(w, login):
    doc = minutes(w)
    item = doc.items.first()
    try:
        action_url = reverse("consultation:action_new", args=[item.pk])
    except Exception:  # the actions part's page is not there
        pytest.fail("consultation:action_new is missing")
    assert action_url not in login(w.liaison_a).get(detail(doc)).content.decode()
    signed(w, doc)
    body = login(w.liaison_o).get(detail(doc)).content.decode()
    assert action_url in body and "转为落实事项" in body


def test_detail_per_role(w, login):
    doc = minutes(w)
    for user in (w.liaison_a, w.judge_a, w.examiner, w.judge_b, w.platform_admin):
        assert login(user).get(detail(doc)).status_code == 200
    assert login(w.external).get(detail(doc)).status_code == 403
    private = documents.draft_document(actor=w.liaison_o, kind="co_signed", title="局院会签", text=TEXT, signatories=[w.office, w.court_a])
    assert login(w.judge_b).get(detail(private)).status_code == 404
    assert login(w.judge_b).get(reverse("consultation:document_pdf", args=[private.pk])).status_code == 404


def test_pdf_has_the_parts_of_an_official_document(w, login):
    doc = signed(w)
    html, f = pdf.render_html(doc)
    assert f["mark_lines"] == [doc.title] and "二〇" in f["date"] and f["number"] in html
    assert "测试甲高级人民法院" in html and "测试知识产权局" in html and "会签记录" in html
    assert "刘签发" in html and f["hash"] == documents.current_version(doc).sha256 and f["hash"] in html
    assert "抄送：测试乙高级人民法院" in html and "印发" in html
    assert "margin: 37mm 26mm 35mm 28mm" in html and '"— " counter(page) " —"' in html
    assert all(p in html for p in ("一、会议认为", "三、双方每季度召开一次例行会商。"))
    response = login(w.judge_b).get(reverse("consultation:document_pdf", args=[doc.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF-")
    assert pdf.render_pdf(doc)[0] == data  # same document, same bytes


def test_pdf_of_a_joint_document_marks_every_issuer(w):
    doc = documents.draft_document(actor=w.liaison_o, kind="guidance", title="关于专利侵权判定标准的指导意见", text=TEXT, signatories=[w.office, w.court_a])
    html, f = pdf.render_html(doc)
    assert f["joint"] and f["mark_lines"] == ["测试知识产权局", "测试甲高级人民法院"] and f["mark_suffix"] == "文件"
    assert "（文号待定）" in html and "尚未由全部会签单位签署" in html and "（成文日期待定）" in html
    assert re.search(r'class="title">关于专利侵权判定标准的指导意见<', html)
    assert texts.paragraphs(TEXT)[1] in html


def test_home_attention_and_navigation(w, login):
    from ipcollab.core import attention, navigation

    doc = minutes(w)
    documents.circulate(actor=w.liaison_a, document=doc)
    documents.comment_on_document(actor=w.liaison_o, document=doc, paragraph=1, body="建议写明起算点。")
    titles = {a.title: a.count for a in attention.items_for(w.liaison_a)}
    assert titles.get("本单位起草的共识文件有审阅意见待答复") == 1
    documents.answer_comment(actor=w.liaison_a, comment=doc.comments.get(), status="adopted", response="采纳。")
    documents.open_signing(actor=w.liaison_a, document=doc, number=f"测甲知会〔{YEAR}〕3号")
    assert {a.title: a.count for a in attention.items_for(w.signer_o)}.get("共识文件待本单位签署") == 1
    documents.sign(actor=w.signer_o, document=doc, text_hash=documents.current_version(doc).sha256)
    assert "共识文件待本单位签署" not in {a.title for a in attention.items_for(w.signer_o)}
    assert attention.items_for(w.signer_b) == [] or "共识文件待本单位签署" not in {a.title for a in attention.items_for(w.signer_b)}
    assert "consultation.documents" in [e.key for e in navigation.entries_for(w.judge_a)]
    assert "consultation.documents" not in [e.key for e in navigation.entries_for(w.external)]


def test_bad_input_never_fails_the_server(w, login):
    doc = minutes(w)
    documents.circulate(actor=w.liaison_a, document=doc)
    client = login(w.liaison_a)
    junk = [
        {},
        {"paragraph": "x", "body": ""},
        {"paragraph": str(2**70), "body": "x"},
        {"status": "nope", "response": ""},
        {"number": "x" * 500, "issued_on": "2026-13-45"},
    ]
    names = ["document_comment", "document_circulate", "document_open_signing", "document_return", "document_revise"]
    for name in names:
        for data in junk:
            response = client.post(reverse(f"consultation:{name}", args=[doc.pk]), data)
            assert response.status_code in (200, 302, 400, 403), (name, data, response.status_code)
    comment = documents.comment_on_document(actor=w.liaison_o, document=doc, paragraph=1, body="x")
    for data in junk:
        assert login(w.liaison_a).post(reverse("consultation:document_answer", args=[doc.pk, comment.pk]), data).status_code in (200, 302, 400)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.REVIEW and doc.versions.count() == 1 and doc.number == ""
    new = reverse("consultation:document_new")
    for data in junk + [
        {"meeting": "abc"},
        {"meeting": str(2**70)},
        {"kind": "minutes", "title": "x", "text": "y", "items-TOTAL_FORMS": "999", "items-INITIAL_FORMS": "0"},
    ]:
        assert login(w.liaison_a).post(new, data).status_code in (200, 404), data
    assert ConsensusDocument.objects.count() == 1
    for pk in (0, 2**70):
        assert login(w.liaison_a).get(f"/consultation/documents/{pk}/").status_code == 404


def test_detail_page_queries_do_not_grow_with_comments_and_signatures(w, login, django_assert_max_num_queries):
    doc = minutes(w)
    documents.circulate(actor=w.liaison_a, document=doc)
    for n in range(1, 4):
        c = documents.comment_on_document(actor=w.liaison_o, document=doc, paragraph=n, body=f"意见{n}")
        documents.answer_comment(actor=w.liaison_a, comment=c, status="adopted", response="采纳。")
    documents.revise(actor=w.liaison_a, document=doc, text=TEXT + "\n\n四、补充。")
    documents.open_signing(actor=w.liaison_a, document=doc, number=f"测甲知会〔{YEAR}〕5号")
    documents.sign(actor=w.signer_a, document=doc, text_hash=documents.current_version(doc).sha256)
    client = login(w.liaison_a)
    with django_assert_max_num_queries(30):
        assert client.get(detail(doc)).status_code == 200


def test_the_meeting_page_lists_its_documents(w, login):
    doc = minutes(w)
    try:
        url = reverse("consultation:meeting_detail", args=[doc.meeting_id])
    except Exception:
        pytest.fail("consultation:meeting_detail is missing")
    body = login(w.liaison_a).get(url).content.decode()
    assert detail(doc) in body and 'id="meeting-documents"' in body and "起草会议纪要" in body
    assert "起草会议纪要" not in login(w.judge_a).get(url).content.decode()
