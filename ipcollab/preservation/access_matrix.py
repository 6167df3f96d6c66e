"""Access-matrix entries of the freeze register (format: docs/testing.md). A freeze order is
confidential: court A's order is seen by court A's judges and clerks (judge_a), its assigned
CNIPA handler, platform admins and — read and sign only — the system of the handler's IP office
(the `system` persona); court A's agency admin, court B, the examiner and external parties get
404. Court pages need the `preservation.order` permission (court judges and clerks), CNIPA's desk
the `preservation.handle` one."""

import datetime

PAGE_COURT = {"anonymous": 302, "system": 302, "external": 403, "judge_a": 200, "judge_b": 200, "platform_admin": 200, "*": 403}
ORDER_PAGE = {"anonymous": 302, "system": 302, "judge_a": 200, "platform_admin": 200, "*": 404}
ORDER_API = {"anonymous": 401, "judge_a": 200, "platform_admin": 200, "system": 200, "*": 404}


def _patent(world):
    from ipcollab.registry import services as register

    owner = register.party_create(actor=world.examiner, kind="organization", name="矩阵冻结科技有限公司")
    right = register.right_create(
        actor=world.examiner,
        kind="patent",
        number="201810557067.3",
        title="一种矩阵测试方法",
        filing_date=datetime.date(2018, 6, 1),
        parties=[(owner, "applicant")],
    )
    register.record_event(world.examiner, right, "granted", datetime.date(2020, 1, 1))
    return right, owner


def order_of_court_a(world):
    """An effective order of court A (signed by judge_a), assigned to world.handler."""
    from ipcollab.preservation import services

    right, party = _patent(world)
    order = services.submit_order(
        actor=world.judge_a, right=right, case_number="（2026）京73执保1号", party=party, period_amount=6, period_unit="months", signing_judge=world.judge_a
    )
    return {"pk": order.pk}


def patent_only(world):
    _patent(world)
    return {}


def _new_order_form(world, kwargs):
    from ipcollab.registry.models import Right

    right = Right.objects.get(number="201810557067.3")
    party = right.right_parties.get().party_id
    judge = world.judge_a.pk if world.judge_a else None
    return {
        "right": right.pk,
        "case_number": "（2026）京73执保2号",
        "party": party,
        "period_amount": 1,
        "period_unit": "years",
        "signing_judge": judge,
        "suspended": ["transfer"],
    }


def _new_order_json(world, kwargs):
    from ipcollab.registry.models import Right

    right = Right.objects.get(number="201810557067.3")
    return {
        "number": "ZL 201810557067.3",
        "case_number": "（2026）京73执保2号",
        "party": right.right_parties.get().party_id,
        "period_amount": 6,
        "period_unit": "months",
        "signing_judge": world.judge_a.pk,
    }


def _successor(world, kwargs):
    return {"successor": world.court_b.pk, "purpose": "appeal"}


def _handler(world, kwargs):
    return {"handler": world.handler.pk}


INQUIRY = {"case_number": "（2026）京73执保1号", "number": "201810557067.3"}
CNIPA_POST = {"anonymous": 302, "system": 302, "judge_a": 403, "platform_admin": 302, "*": 404}
HOLDER_POST = {"anonymous": 302, "system": 302, "judge_a": 302, "platform_admin": 403, "*": 404}
HOLDER_API = {"anonymous": 401, "judge_a": 200, "platform_admin": 403, "system": 403, "*": 404}
CNIPA_API = {"anonymous": 401, "judge_a": 403, "platform_admin": 200, "system": 403, "*": 404}
COURT_API = {"anonymous": 401, "judge_a": 200, "judge_b": 200, "*": 403}

ENTRIES = [
    # --- pages ---
    {"url": "preservation:desk", "expect": PAGE_COURT},
    {"url": "preservation:desk", "label": "returned list", "query": {"list": "returned"}, "expect": PAGE_COURT},
    {"url": "preservation:order_new", "expect": {**PAGE_COURT, "platform_admin": 403}},
    {
        "url": "preservation:order_new",
        "label": "right found",
        "setup": patent_only,
        "query": {"number": "ZL 201810557067.3"},
        "expect": {**PAGE_COURT, "platform_admin": 403},
    },
    {
        "url": "preservation:order_new",
        "method": "POST",
        "setup": patent_only,
        "data": _new_order_form,
        "note": "judge_b names judge_a as signing judge: not of their court (400)",
        "expect": {"anonymous": 302, "system": 302, "external": 403, "judge_a": 302, "judge_b": 400, "*": 403},
    },
    {"url": "preservation:order_detail", "setup": order_of_court_a, "expect": ORDER_PAGE},
    {
        "url": "preservation:order_action",
        "label": "register",
        "setup": lambda w: {**order_of_court_a(w), "action": "register"},
        "method": "POST",
        "expect": CNIPA_POST,
    },
    {
        "url": "preservation:order_action",
        "label": "return",
        "setup": lambda w: {**order_of_court_a(w), "action": "return"},
        "method": "POST",
        "data": {"reason": "duplicate"},
        "expect": CNIPA_POST,
    },
    {
        "url": "preservation:order_action",
        "label": "assign",
        "setup": lambda w: {**order_of_court_a(w), "action": "assign"},
        "method": "POST",
        "data": _handler,
        "expect": CNIPA_POST,
    },
    {
        "url": "preservation:order_action",
        "label": "release",
        "setup": lambda w: {**order_of_court_a(w), "action": "release"},
        "method": "POST",
        "expect": HOLDER_POST,
    },
    {
        "url": "preservation:order_action",
        "label": "renew",
        "setup": lambda w: {**order_of_court_a(w), "action": "renew"},
        "method": "POST",
        "data": {"period_amount": 6, "period_unit": "months"},
        "expect": HOLDER_POST,
    },
    {
        "url": "preservation:order_action",
        "label": "convert",
        "setup": lambda w: {**order_of_court_a(w), "action": "convert"},
        "method": "POST",
        "data": _successor,
        "expect": HOLDER_POST,
    },
    {
        "url": "preservation:order_action",
        "label": "dispose",
        "setup": lambda w: {**order_of_court_a(w), "action": "dispose"},
        "method": "POST",
        "data": {"new_owner": "受让科技有限公司"},
        "expect": HOLDER_POST,
    },
    {"url": "preservation:inquiry", "expect": {**PAGE_COURT, "platform_admin": 403}},
    {"url": "preservation:inquiry", "method": "POST", "setup": patent_only, "data": INQUIRY, "expect": {**PAGE_COURT, "platform_admin": 403}},
    # --- API ---
    {"url": "api:freeze-list", "expect": {"anonymous": 401, "judge_a": 200, "judge_b": 200, "platform_admin": 200, "*": 403}},
    {
        "url": "api:freeze-list",
        "method": "POST",
        "setup": patent_only,
        "data": _new_order_json,
        "note": "judge_b names judge_a as signing judge (400)",
        "expect": {"anonymous": 401, "judge_a": 201, "judge_b": 400, "*": 403},
    },
    {"url": "api:freeze-detail", "setup": order_of_court_a, "expect": ORDER_API},
    {"url": "api:freeze-register", "method": "POST", "setup": order_of_court_a, "expect": CNIPA_API},
    {"url": "api:freeze-return", "method": "POST", "setup": order_of_court_a, "data": {"reason": "owner_differs"}, "expect": CNIPA_API},
    {"url": "api:freeze-assign", "method": "POST", "setup": order_of_court_a, "data": _handler, "expect": CNIPA_API},
    {"url": "api:freeze-release", "method": "POST", "setup": order_of_court_a, "expect": HOLDER_API},
    {"url": "api:freeze-renew", "method": "POST", "setup": order_of_court_a, "data": {"period_amount": 1, "period_unit": "years"}, "expect": HOLDER_API},
    {"url": "api:freeze-convert", "method": "POST", "setup": order_of_court_a, "data": _successor, "expect": HOLDER_API},
    {"url": "api:freeze-dispose", "method": "POST", "setup": order_of_court_a, "data": {"new_owner": "受让科技有限公司"}, "expect": HOLDER_API},
    {"url": "api:freeze-inquiry", "method": "POST", "setup": patent_only, "data": INQUIRY, "expect": COURT_API},
]


# --- delivery: hand-offs of an order (service records, receipts, acknowledgement) -----------------
def _handoff_of_court_a(step):
    def setup(world):
        from ipcollab.preservation.models import Handoff

        kwargs = order_of_court_a(world)
        return {**kwargs, "handoff_pk": Handoff.objects.get(order_id=kwargs["pk"], step=step).pk}

    return setup


ENTRIES += [
    {"url": "api:freeze-handoffs", "setup": order_of_court_a, "expect": ORDER_API},
    {
        "url": "api:freeze-handoff-acknowledge",
        "method": "POST",
        "label": "CNIPA's receipt to court A (court A acknowledges)",
        "setup": _handoff_of_court_a("received"),
        "expect": {"anonymous": 401, "judge_a": 200, "platform_admin": 403, "system": 403, "*": 404},
    },
    {
        "url": "api:freeze-handoff-acknowledge",
        "method": "POST",
        "label": "court A's order to the IP office (the office acknowledges)",
        "setup": _handoff_of_court_a("submitted"),
        "expect": {"anonymous": 401, "judge_a": 403, "platform_admin": 200, "system": 200, "*": 404},
    },
]


# --- documents: the PDF of the ruling, notice and receipt; verification ------------------------------
def _document_of_court_a(kind):
    def setup(world):
        return {**order_of_court_a(world), "kind": kind}

    return setup


DOCUMENT_PAGE = {"anonymous": 302, "system": 302, "judge_a": 200, "platform_admin": 200, "*": 404}
NO_SUCH_CODE = {"code": "0000-0000-0000-0000-0000"}

ENTRIES += [
    {"url": "preservation:order_document", "setup": _document_of_court_a("ruling"), "expect": DOCUMENT_PAGE},
    {
        "url": "preservation:order_document",
        "label": "unknown kind",
        "setup": _document_of_court_a("judgment"),
        "expect": {"anonymous": 302, "system": 302, "*": 404},
    },
    {"url": "preservation:document_verify", "note": "public: anyone holding a document may check it", "expect": {"*": 200}},
    {"url": "preservation:document_verify", "method": "POST", "data": NO_SUCH_CODE, "note": "answers 'not found' to everyone", "expect": {"*": 200}},
    {"url": "api:freeze-document", "setup": _document_of_court_a("notice"), "expect": ORDER_API},
    {
        "url": "api:freeze-document",
        "label": "unknown kind",
        "setup": _document_of_court_a("judgment"),
        "note": "judge_a and platform_admin see the order: document_kind_unknown (404)",
        "expect": {"anonymous": 401, "*": 404},
    },
    {"url": "api:freeze-document-verify", "method": "POST", "data": NO_SUCH_CODE, "expect": {"anonymous": 401, "*": 200}},
]


def handoff_to_court_a(world):
    """Court A's order and a hand-off addressed to court A (CNIPA's receipt)."""
    from ipcollab.preservation.models import FreezeOrder

    kwargs = order_of_court_a(world)
    order = FreezeOrder.objects.get(pk=kwargs["pk"])
    return {"pk": order.pk, "handoff": order.handoffs.filter(to_agency=world.court_a).first().pk}


ENTRIES.append(
    {
        "url": "preservation:handoff_acknowledge",
        "method": "POST",
        "setup": handoff_to_court_a,
        "note": "the receiving agency signs; a platform admin sees the order but is not the recipient (403)",
        "expect": {"anonymous": 302, "system": 302, "judge_a": 302, "platform_admin": 403, "*": 404},
    }
)


# --- attachments: files sent with the order ------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def _pdf(world, kwargs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"attachments": SimpleUploadedFile("协助执行通知书.pdf", PDF, content_type="application/pdf")}


def attachment_of_court_a(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ipcollab.preservation import services
    from ipcollab.preservation.models import FreezeOrder

    order = FreezeOrder.objects.get(pk=order_of_court_a(world)["pk"])
    services.add_attachments(actor=world.judge_a, order=order, files=[SimpleUploadedFile("裁定书.pdf", PDF)])
    return {"pk": order.pk, "attachment": order.attachments.get().pk}


ENTRIES += [
    {
        "url": "preservation:order_attach",
        "method": "POST",
        "setup": order_of_court_a,
        "data": _pdf,
        "note": "the issuing court adds a file; a platform admin sees the order but is no court (403)",
        "expect": {**HOLDER_POST, "platform_admin": 403},
    },
    {"url": "preservation:order_attachment", "setup": attachment_of_court_a, "expect": ORDER_PAGE},
    {"url": "api:freeze-attachments", "method": "POST", "setup": order_of_court_a, "data": _pdf, "format": "form", "expect": {**HOLDER_API, "judge_a": 201}},
    {"url": "api:freeze-attachment-file", "setup": attachment_of_court_a, "expect": ORDER_API},
]


def _batch_json(world, kwargs):
    body = _new_order_json(world, kwargs)
    body.pop("number")
    from ipcollab.registry.models import Right

    return {**body, "rights": [Right.objects.get(number="201810557067.3").pk]}


ENTRIES.append(
    {
        "url": "api:freeze-batch",
        "method": "POST",
        "setup": patent_only,
        "data": _batch_json,
        "note": "judge_b names judge_a as signing judge (400)",
        "expect": {"anonymous": 401, "judge_a": 201, "judge_b": 400, "*": 403},
    }
)
