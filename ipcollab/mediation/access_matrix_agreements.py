"""Access-matrix entries of agreements, judicial confirmation and the parties' pages (format:
docs/testing.md). The records: court A's pre-suit mediation at the Beijing committee (seen by
court A's staff, the committee and platform admins — the workflow's setup), in the state "active",
with an agreement; an application for its confirmation to court A; the world's external user bound
as its applicant for the parties' pages. Writes: the mediator's or the organisation's managers
(platform admins run every organisation: 302; court A sees the mediation but may not draft: 403);
invitations also court A's judges and clerks; the court's actions court A's judges and clerks;
pilots platform admins; CNIPA's recording the IP office's examiners. Out of reach: 404."""

import datetime
import hashlib

D = datetime.date
SEEN = {"platform_admin": 200, "admin_a": 200, "judge_a": 200}
PAGE_IN_REACH = {"anonymous": 302, "system": 302, **SEEN, "*": 404}
MANAGE_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 403, "judge_a": 403, "*": 404}
INVITE_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "judge_a": 302, "admin_a": 403, "*": 404}
COURT_POST = {"anonymous": 302, "system": 302, "judge_a": 302, "platform_admin": 403, "admin_a": 403, "*": 404}
ADMIN_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "external": 404, "*": 403}
ADMIN_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "external": 404, "*": 403}
RECORDER_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "examiner": 200, "external": 404, "*": 403}
RECORDER_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "examiner": 302, "external": 404, "*": 403}
PARTY_PAGE = {"anonymous": 302, "system": 302, "external": 200, "*": 404}
PARTY_POST = {"anonymous": 302, "system": 302, "external": 302, "*": 404}
API_LIST = {"anonymous": 401, "*": 200}
API_RECORD = {"anonymous": 401, **SEEN, "*": 404}
API_COURT = {"anonymous": 401, "platform_admin": 403, "admin_a": 403, "*": 404}
TOKEN = "mx-invitation-token"


def _mediation(world):
    from ipcollab.mediation.models import Mediation

    from .access_matrix import mediation_of_court_a

    kwargs = mediation_of_court_a(world)
    Mediation.objects.filter(pk=kwargs["pk"]).update(status="active")
    return Mediation.objects.get(pk=kwargs["pk"])


def mediation(world):
    return {"pk": _mediation(world).pk}


def _agreement(world, status="draft"):
    from ipcollab.mediation.models import Agreement, Term

    m = _mediation(world)
    applicant, respondent = m.parties.order_by("pk")
    agreement = Agreement.objects.create(mediation=m, status=status, preamble="矩阵协议", effective_on=D(2026, 3, 20) if status == "effective" else None)
    Term.objects.create(agreement=agreement, order=1, kind="other", obliged=respondent, text="矩阵条款")
    return agreement


def draft(world):
    return {"pk": _agreement(world).pk}


def draft_term(world):
    agreement = _agreement(world)
    return {"pk": agreement.pk, "term": agreement.terms.get().pk}


def circulated(world):
    from ipcollab.mediation import confirmation

    agreement = _agreement(world)
    agreement.status, agreement.text_hash = "circulated", confirmation.text_hash(agreement)
    agreement.save()
    return {"pk": agreement.pk}


def party(world):
    return {"pk": _mediation(world).parties.order_by("pk").first().pk}


def invitation(world):
    from django.utils import timezone

    from ipcollab.mediation.models import Invitation

    mp = _mediation(world).parties.order_by("pk").first()
    now = timezone.now()
    row = Invitation.objects.create(
        party=mp,
        channel="email",
        address="mx@example.cn",
        token_hash=hashlib.sha256(TOKEN.encode()).hexdigest(),
        code_hash=hashlib.sha256(b"123456").hexdigest(),
        sent_at=now,
        expires_at=now + datetime.timedelta(days=7),
        sent_by=world.platform_admin,
    )
    return {"pk": row.pk}


def invitation_token(world):
    invitation(world)
    return {"token": TOKEN}


def _application(world):
    from ipcollab.mediation.models import ConfirmationApplication

    agreement = _agreement(world, "effective")
    return ConfirmationApplication.objects.create(
        agreement=agreement,
        court=world.court_a,
        court_basis="委派调解的人民法院",
        applied_on=D(2026, 3, 25),
        apply_by=D(2026, 4, 20),
        apply_rule="mediation.judicial_confirmation.apply_within",
        accept_by=D(2026, 3, 30),
    )


def application(world):
    return {"pk": _application(world).pk}


def application_action(action):
    def setup(world):
        return {"pk": _application(world).pk, "action": action}

    return setup


def pilot(world):
    from ipcollab.mediation.models import ConfirmationPilot

    row = ConfirmationPilot.objects.create(
        court=world.court_a, effective_from=D(2026, 1, 1), rule_code="mediation.judicial_confirmation.administrative_pilot", basis="矩阵试点"
    )
    return {"pk": row.pk}


def transfer_term(world):
    from ipcollab.mediation.models import Agreement, Term

    agreement = _agreement(world, "effective")
    Agreement.objects.filter(pk=agreement.pk).update(status="effective")
    term = agreement.terms.get()
    Term.objects.filter(pk=term.pk).update(kind="licence")
    return {"pk": term.pk}


def _bound(world, status="draft"):
    """The world's external user as the applicant of court A's mediation."""
    m = _mediation(world)
    m.parties.filter(side="applicant").update(user=world.external)
    return m


def party_matter(world):
    return {"pk": _bound(world).pk}


def party_agreement(world):
    from ipcollab.mediation.models import Agreement

    m = _bound(world)
    agreement = Agreement.objects.create(mediation=m, status="circulated", text_hash="0" * 64)
    return {"pk": m.pk, "agreement": agreement.pk}


def party_document(world):
    from django.core.files.base import ContentFile

    from ipcollab.mediation.models import Document

    m = _bound(world)
    doc = Document(mediation=m, title="矩阵材料", sha256="0" * 64, size=8, visible_to_parties=True)
    doc.file.save("matrix.pdf", ContentFile(b"%PDF-1.4"), save=False)
    doc.save()
    return {"pk": m.pk, "document": doc.pk}


ENTRIES = [
    {"url": "mediation:agreements", "setup": mediation, "expect": PAGE_IN_REACH},
    {"url": "mediation:agreement_new", "method": "POST", "setup": mediation, "data": {"preamble": "矩阵"}, "expect": MANAGE_POST},
    {"url": "mediation:agreement_edit", "method": "POST", "setup": draft, "data": {"preamble": "矩阵"}, "expect": MANAGE_POST},
    {
        "url": "mediation:agreement_term_add",
        "method": "POST",
        "setup": draft,
        "data": {"kind": "other", "text": "矩阵条款二"},
        "expect": MANAGE_POST,
    },
    {"url": "mediation:agreement_term_delete", "method": "POST", "setup": draft_term, "expect": MANAGE_POST},
    {"url": "mediation:agreement_circulate", "method": "POST", "setup": draft, "expect": MANAGE_POST},
    {"url": "mediation:agreement_paper", "method": "POST", "setup": circulated, "data": {"party": ""}, "expect": MANAGE_POST},
    {"url": "mediation:agreement_pdf", "setup": circulated, "expect": PAGE_IN_REACH, "note": "the matter's own parties too (test_portal)"},
    {"url": "mediation:confirmation_apply", "method": "POST", "setup": draft, "data": {}, "expect": MANAGE_POST},
    {"url": "mediation:party_invite", "method": "POST", "setup": party, "data": {"channel": "email"}, "expect": INVITE_POST},
    {"url": "mediation:invitation_revoke", "method": "POST", "setup": invitation, "expect": INVITE_POST},
    {
        "url": "mediation:confirmation_queue",
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "judge_a": 200, "judge_b": 200, "external": 404, "*": 403},
    },
    {"url": "mediation:confirmation_detail", "setup": application, "expect": PAGE_IN_REACH},
    {
        "url": "mediation:confirmation_action",
        "label": "accept",
        "method": "POST",
        "setup": application_action("accept"),
        "data": {"case_number": ""},
        "expect": COURT_POST,
    },
    {
        "url": "mediation:confirmation_action",
        "label": "no such action",
        "method": "POST",
        "setup": application_action("nope"),
        "expect": {"anonymous": 302, "system": 302, "*": 404},
    },
    {"url": "mediation:pilots", "expect": ADMIN_PAGE},
    {
        "url": "mediation:pilots",
        "label": "register",
        "method": "POST",
        "data": {"basis": ""},
        "expect": {**ADMIN_POST, "platform_admin": 200},
        "note": "an incomplete form is shown again",
    },
    {"url": "mediation:pilot_end", "method": "POST", "setup": pilot, "data": {"effective_to": "2026-06-30"}, "expect": ADMIN_POST},
    {"url": "mediation:terms_to_record", "expect": RECORDER_PAGE},
    {"url": "mediation:term_record", "method": "POST", "setup": transfer_term, "expect": RECORDER_POST},
    {"url": "mediation:invitation_accept", "setup": invitation_token, "expect": {"*": 200}, "note": "anyone holding the link"},
    {"url": "mediation:invitation_accept", "label": "unknown token", "kwargs": {"token": "no-such-token"}, "expect": {"*": 400}},
    {
        "url": "mediation:invitation_accept",
        "label": "wrong code",
        "method": "POST",
        "setup": invitation_token,
        "data": {"code": "000000", "password": "Tiao-Jie-2026!", "password2": "Tiao-Jie-2026!"},
        "expect": {"*": 200},
    },
    {"url": "mediation:party_home", "expect": PARTY_PAGE},
    {"url": "mediation:party_matter", "setup": party_matter, "expect": PARTY_PAGE},
    {"url": "mediation:party_matter", "label": "not its matter", "setup": mediation, "expect": {"anonymous": 302, "system": 302, "*": 404}},
    {"url": "mediation:party_confirm", "method": "POST", "setup": party_agreement, "data": {"text_hash": "1" * 64}, "expect": PARTY_POST},
    {"url": "mediation:party_apply", "method": "POST", "setup": party_agreement, "data": {}, "expect": PARTY_POST},
    {"url": "mediation:party_document", "setup": party_document, "expect": PARTY_PAGE},
    # the API
    {"url": "api:mediation-agreement-list", "expect": API_LIST},
    {"url": "api:mediation-agreement-list", "label": "bad filter", "query": {"mediation": "x"}, "expect": {"anonymous": 401, "*": 400}},
    {"url": "api:mediation-agreement-detail", "setup": circulated, "expect": API_RECORD},
    {"url": "api:confirmation-application-list", "query": {"status": "filed"}, "expect": API_LIST},
    {"url": "api:confirmation-application-list", "label": "bad filter", "query": {"status": "lost"}, "expect": {"anonymous": 401, "*": 400}},
    {"url": "api:confirmation-application-detail", "setup": application, "expect": API_RECORD},
    {
        "url": "api:confirmation-application-accept",
        "method": "POST",
        "setup": application,
        "data": {"case_number": "（2026）京73民特1号"},
        "expect": {**API_COURT, "judge_a": 400},
        "note": "court A's own code is not 京73: case_number_invalid",
    },
    {
        "url": "api:confirmation-application-refuse",
        "method": "POST",
        "setup": application,
        "data": {"reason": "材料不全"},
        "expect": {**API_COURT, "judge_a": 200},
    },
    {
        "url": "api:confirmation-application-extend",
        "method": "POST",
        "setup": application,
        "data": {"approval": "院长批准"},
        "expect": {**API_COURT, "judge_a": 409},
    },
    {"url": "api:confirmation-application-rule", "method": "POST", "setup": application, "data": {"ruling": "valid"}, "expect": {**API_COURT, "judge_a": 409}},
]
