"""The freeze documents (ruling, notice of assistance, CNIPA's receipt) as PDF: Chinese dates, the
seal image, the facts and their digest, rendering, the audited download, verification by code and
by file (a tampered file does not verify), who learns what, pages and API."""

import datetime
import hashlib
import re
import zlib
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ServiceError
from ipcollab.preservation import documents, services
from ipcollab.preservation.chinese_dates import chinese_date, chinese_number, chinese_year
from ipcollab.preservation.models import OrderDocument
from ipcollab.preservation.seal import seal_data_uri, seal_svg, star_points
from ipcollab.registry import services as register

D = datetime.date
CASE = "（2026）京73执保12号"


# --- Chinese dates (pure) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "day,text",
    [
        (D(2026, 11, 25), "二〇二六年十一月二十五日"),
        (D(2020, 1, 1), "二〇二〇年一月一日"),
        (D(2026, 10, 10), "二〇二六年十月十日"),
        (D(2031, 12, 31), "二〇三一年十二月三十一日"),
        (D(2000, 2, 29), "二〇〇〇年二月二十九日"),
        (datetime.datetime(2026, 5, 20, 23, 59), "二〇二六年五月二十日"),
    ],
)
def test_chinese_date(day, text):
    assert chinese_date(day) == text


@pytest.mark.parametrize("n,text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (25, "二十五"), (30, "三十"), (99, "九十九")])
def test_chinese_number(n, text):
    assert chinese_number(n) == text


@pytest.mark.parametrize("bad", [0, 100, -1, True, 1.5, "3"])
def test_chinese_number_refuses_what_it_cannot_write(bad):
    with pytest.raises(ValueError):
        chinese_number(bad)


def test_chinese_year_and_date_refuse_non_dates():
    assert chinese_year(1949) == "一九四九"
    with pytest.raises(ValueError):
        chinese_year(0)
    with pytest.raises(TypeError):
        chinese_date("2026-11-25")


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2199, 12, 31)), st.dates(min_value=D(1900, 1, 1), max_value=D(2199, 12, 31)))
def test_chinese_dates_are_distinct_and_only_numerals(a, b):
    text = chinese_date(a)
    assert re.fullmatch(r"[〇一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日", text)
    assert (chinese_date(b) == text) == (a == b)


# --- the seal image (pure) -------------------------------------------------------------------


def test_seal_is_deterministic_well_formed_and_marked():
    svg = seal_svg("北京知识产权法院")
    assert svg == seal_svg("北京知识产权法院")
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert texts[:8] == list("北京知识产权法院")
    assert "电子印章图样" in texts  # marked as the platform's image, not the registered seal
    assert root.find(f"{ns}circle").get("stroke") == "#d7000f"
    assert len(root.find(f"{ns}polygon").get("points").split()) == 10
    assert seal_data_uri("北京知识产权法院").startswith("data:image/svg+xml;base64,")


def test_seal_escapes_the_name_and_shows_a_purpose_line():
    root = ElementTree.fromstring(seal_svg("A&B<法院>", purpose="执行专用章"))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[:7] == list("A&B<法院>") and "执行专用章" in texts


def test_star_points_has_its_top_point_straight_up():
    first = star_points(100, 100, 27, 10.5).split()[0]
    assert first == "100.00,73.00"


# --- codes (pure) ----------------------------------------------------------------------------


def test_short_code_and_clean_code():
    digest = hashlib.sha256(b"x").hexdigest()
    code = documents.short_code(digest)
    assert re.fullmatch(r"([0-9A-F]{4}-){4}[0-9A-F]{4}", code)
    assert documents.clean_code(code) == digest[:20]
    assert documents.clean_code(f"  {code.lower()} ") == digest[:20]
    assert documents.clean_code(digest.upper()) == digest
    for bad in ("", "12345", code + "0", "XYZ0-0000-0000-0000-0000"):
        with pytest.raises(ServiceError) as exc:
            documents.clean_code(bad)
        assert exc.value.code == "document_code_invalid"


# --- orders, rendering -----------------------------------------------------------------------


@pytest.fixture
def order(world):
    owner = register.party_create(actor=world.examiner, kind="organization", name="文书测试科技有限公司")
    right = register.right_create(
        actor=world.examiner, kind="patent", number="201810557067.3", title="一种文书测试方法", filing_date=D(2018, 6, 1), parties=[(owner, "applicant")]
    )
    register.record_event(world.examiner, right, "granted", D(2020, 1, 1))
    return services.submit_order(
        actor=world.judge_a, right=right, case_number=CASE, party=owner, period_amount=6, period_unit="months", signing_judge=world.judge_a
    )


def pdf_objects(pdf):
    """The PDF's streams, inflated (WeasyPrint compresses the metadata into object streams)."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            chunks.append(zlib.decompress(pdf[match.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(chunks)


def utf16_hex(text):
    return ("<feff" + text.encode("utf-16-be").hex() + ">").encode("ascii")


def test_the_three_documents_render_as_pdf_with_their_facts(world, order):
    for kind, title in (("ruling", "民事裁定书"), ("notice", "协助执行通知书"), ("receipt", "回执")):
        html, facts, digest = documents.render_html(order, kind, "https://ipcollab.example.cn/")
        assert CASE in html and world.court_a.name in html and "201810557067.3" in html
        assert documents.short_code(digest) in html and "https://ipcollab.example.cn/preservation/documents/verify/" in html
        assert "data:image/svg+xml;base64," in html and "电子印章图样" in html
        issued = documents.issue_document(actor=world.judge_a, order=order, kind=kind, base_url="https://ipcollab.example.cn/")
        assert issued.pdf.startswith(b"%PDF-")
        objects = pdf_objects(issued.pdf)
        assert utf16_hex(f"{title} {CASE}") in objects  # the PDF's Title: the document and its case
        assert f"verification-code {documents.short_code(digest)}".encode() in objects
        received = order.received_at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
        assert f"/CreationDate (D:{received:%Y%m%d%H%M%S}+08'00)".encode() in objects  # dated by the order, not the clock
        document = issued.document
        assert (document.kind, document.sha256, document.content_digest, document.size) == (
            kind,
            hashlib.sha256(issued.pdf).hexdigest(),
            digest,
            len(issued.pdf),
        )
        assert document.generated_by == world.judge_a
    ruling_html = documents.render_html(order, "ruling")[0]
    assert "二〇" in ruling_html and "冻结期限为六个月" in ruling_html and "质押登记" in ruling_html and "审判员" in ruling_html
    receipt_html = documents.render_html(order, "receipt")[0]
    assert f"{order.receipt_seq:06d}" in receipt_html and "已收到，待登记" in receipt_html
    assert AuditEvent.objects.filter(action="preservation.document.download", object_id=str(order.pk)).count() == 3


def test_unchanged_facts_give_the_same_code_and_the_same_bytes(world, order):
    first = documents.issue_document(actor=world.judge_a, order=order, kind="ruling")
    second = documents.issue_document(actor=world.platform_admin, order=order, kind="ruling")
    assert first.pdf == second.pdf and first.document.pk == second.document.pk
    assert OrderDocument.objects.filter(order=order, kind="ruling").count() == 1
    ruling_digest = first.document.content_digest
    receipt_digest = documents.content_digest(documents.document_facts(order, "receipt"))
    services.register_order(actor=world.handler, order=order)
    order.refresh_from_db()
    assert documents.content_digest(documents.document_facts(order, "ruling")) == ruling_digest  # the ruling does not change
    facts = documents.document_facts(order, "receipt")
    assert documents.content_digest(facts) != receipt_digest and facts["registration"].startswith("已于")
    assert facts["office"] == world.handler.agency.name


def test_documents_are_in_chinese_whatever_the_language(world, order):
    from django.utils import translation

    with translation.override("en"):
        html, facts, _digest = documents.render_html(order, "notice")
    assert "转让（权利人变更）登记" in html and "协助执行通知书" in html
    assert documents.content_digest(facts) == documents.content_digest(documents.document_facts(order, "notice"))


def test_a_returned_order_s_receipt_gives_the_reason_in_chinese_in_any_language(world, order):
    from django.utils import translation

    services.return_order(actor=world.handler, order=order, reason="owner_differs")
    order.refresh_from_db()
    with translation.override("en"):
        english = documents.document_facts(order, "receipt")
    chinese = documents.document_facts(order, "receipt")
    assert english == chinese and chinese["registration"] == "不予登记，已退回（原因：被执行人不是专利权人）"
    assert chinese["office"] == world.handler.agency.name


def test_out_of_reach_user_cannot_issue_and_unknown_kind_is_refused(world, order):
    with pytest.raises(ServiceError) as exc:
        documents.issue_document(actor=world.judge_b, order=order, kind="ruling")
    assert exc.value.status == 404
    with pytest.raises(ServiceError) as exc:
        documents.issue_document(actor=world.judge_a, order=order, kind="judgment")
    assert exc.value.code == "document_kind_unknown" and exc.value.status == 404
    assert not OrderDocument.objects.exists()


# --- verification ----------------------------------------------------------------------------


def upload(data, name="doc.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_code_and_file_verify_a_tampered_file_does_not(world, order):
    issued = documents.issue_document(actor=world.judge_a, order=order, kind="ruling")
    code = documents.short_code(issued.document.content_digest)

    mine = documents.verify(user=world.judge_a, code=code)
    assert mine.found and mine.kind == "ruling" and mine.title == "民事裁定书" and mine.issuer == world.court_a.name
    assert mine.order == order and mine.as_dict()["order"]["case_number"] == CASE

    from django.contrib.auth.models import AnonymousUser

    for outsider in (AnonymousUser(), world.judge_b, world.examiner):
        answer = documents.verify(user=outsider, code=code.lower().replace("-", " "))
        assert answer.found and answer.issuer == world.court_a.name and answer.order is None
        assert CASE not in str(answer.as_dict()) and "文书测试科技有限公司" not in str(answer.as_dict())

    by_file = documents.verify(user=world.judge_b, upload=upload(issued.pdf))
    assert by_file.found and by_file.exact_file and by_file.by == "file"

    tampered = bytearray(issued.pdf)
    tampered[len(tampered) // 2] ^= 0x01
    assert not documents.verify(user=world.judge_a, upload=upload(bytes(tampered))).found
    assert not documents.verify(user=world.judge_a, code="0000-0000-0000-0000-0000").found


def test_verification_refuses_bad_input(world):
    with pytest.raises(ServiceError) as exc:
        documents.verify(user=world.judge_a, upload=upload(b"GIF89a not a pdf"))
    assert exc.value.code == "document_file_invalid"
    with pytest.raises(ServiceError) as exc:
        documents.verify(user=world.judge_a, upload=upload(b""))
    assert exc.value.code == "document_file_invalid"
    with pytest.raises(ServiceError) as exc:
        documents.verify(user=world.judge_a)
    assert exc.value.code == "required"
    with pytest.raises(ServiceError) as exc:
        documents.verify(user=world.judge_a, code="not a code")
    assert exc.value.code == "document_code_invalid"


# --- pages -----------------------------------------------------------------------------------


def test_download_page_is_audited_and_out_of_reach_is_404(world, order, login):
    url = reverse("preservation:order_document", kwargs={"pk": order.pk, "kind": "notice"})
    response = login(world.judge_a).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "inline" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="preservation.document.download", actor=world.judge_a).count() == 1
    assert login(world.judge_b).get(url).status_code == 404
    assert login(world.examiner).get(url).status_code == 404
    assert login(world.judge_a).get(reverse("preservation:order_document", kwargs={"pk": order.pk, "kind": "judgment"})).status_code == 404
    assert AuditEvent.objects.filter(action="preservation.document.download").count() == 1


def test_verify_page_tells_details_only_to_who_may_see_the_order(world, order, client, login):
    issued = documents.issue_document(actor=world.judge_a, order=order, kind="receipt")
    code = documents.short_code(issued.document.content_digest)
    url = reverse("preservation:document_verify")

    public = client.post(url, {"code": code}).content.decode()
    assert "核验通过" in public and "回执" in public and CASE not in public and "文书测试科技有限公司" not in public

    via_link = client.get(url, {"code": code}).content.decode()
    assert "核验通过" in via_link

    own = login(world.judge_a).post(url, {"code": code}).content.decode()
    assert "核验通过" in own and CASE in own and "文书测试科技有限公司" in own

    tampered = bytearray(issued.pdf)
    tampered[-100] ^= 0x20
    answer = client.post(url, {"file": upload(bytes(tampered))}).content.decode()
    assert "未找到" in answer and "核验通过" not in answer
    answer = client.post(url, {"file": upload(issued.pdf)}).content.decode()
    assert "核验通过" in answer and "逐字节一致" in answer

    bad = client.post(url, {"code": "1234"})
    assert bad.status_code == 200 and "验证码应为" in bad.content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 200 and "此项为必填项" in empty.content.decode()


# --- API -------------------------------------------------------------------------------------


def test_api_document_and_verification(world, order, login):
    api = login(world.judge_a)  # one test client: each login() switches who it is
    response = api.get(f"/api/v1/freezes/{order.pk}/documents/ruling/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    unknown = api.get(f"/api/v1/freezes/{order.pk}/documents/judgment/")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "document_kind_unknown"
    assert login(world.judge_b).get(f"/api/v1/freezes/{order.pk}/documents/ruling/").status_code == 404

    document = OrderDocument.objects.get(order=order, kind="ruling")
    code = documents.short_code(document.content_digest)
    mine = login(world.judge_a).post("/api/v1/freezes/documents/verify/", {"code": code}, content_type="application/json").json()
    assert mine["found"] and mine["kind"] == "ruling" and mine["order"]["case_number"] == CASE
    other = login(world.judge_b).post("/api/v1/freezes/documents/verify/", {"code": code}, content_type="application/json").json()
    assert other["found"] and other["issuer"] == world.court_a.name and other["order"] is None

    by_file = login(world.judge_b).post("/api/v1/freezes/documents/verify/", {"file": upload(response.content)})
    assert by_file.status_code == 200 and by_file.json()["found"] and by_file.json()["by"] == "file"
    bad = login(world.judge_a).post("/api/v1/freezes/documents/verify/", {"code": 12345}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "document_code_invalid"
    none = login(world.judge_a).post("/api/v1/freezes/documents/verify/", {}, content_type="application/json")
    assert none.status_code == 400 and none.json()["error"]["code"] == "required"
