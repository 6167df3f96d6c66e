"""The parties online: invitations (link + one-time code by e-mail or SMS; hashes only; expiry,
attempt limit, revocation, re-sending), taking one up (account created or reused, bound, signed
in), and the party's pages: only its own matter, the agreement to confirm, the application."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.mediation import confirmation, portal
from ipcollab.mediation.models import Invitation, MediationParty

from .agreements_setup import build, circulated, effective, external, fixed_today, mediation  # noqa: F401  (fixed_today: autouse)

PASSWORD = "Tiao-Jie-2026!"


@pytest.fixture
def b(world):
    return build(world)


@pytest.fixture
def sms(settings):
    settings.MEDIATION_SMS_SENDER = "ipcollab.mediation.portal.LocmemSmsSender"
    portal.LocmemSmsSender.outbox.clear()
    return portal.LocmemSmsSender.outbox


def _link_and_code(text):
    token = re.search(r"/mediation/join/([^/]+)/", text).group(1)
    code = re.search(r"验证码 (\d{6})", text).group(1)
    return token, code


def _invite_by_mail(b, m, party=None, django_capture_on_commit_callbacks=None):
    party = party or m.applicant
    with django_capture_on_commit_callbacks(execute=True):
        invitation = portal.invite(actor=b.mediator_user, party=party, channel="email")
    return invitation, _link_and_code(mail.outbox[-1].body)


def test_invitation_by_email_stores_only_hashes(b, django_capture_on_commit_callbacks):
    m = mediation(b)
    invitation, (token, code) = _invite_by_mail(b, m, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["owner@example.cn"] and m.number in mail.outbox[-1].subject
    assert token not in (invitation.token_hash, invitation.code_hash) and code != invitation.code_hash
    assert len(invitation.token_hash) == 64 and invitation.expires_at - invitation.sent_at == datetime.timedelta(days=portal.INVITATION_DAYS)


def test_invitation_by_sms_and_resending_revokes_the_old_one(b, sms, django_capture_on_commit_callbacks):
    m = mediation(b)
    with django_capture_on_commit_callbacks(execute=True):
        first = portal.invite(actor=b.mediator_user, party=m.respondent, channel="sms")
        second = portal.invite(actor=b.mediator_user, party=m.respondent, channel="sms")
    assert [phone for phone, _text in sms] == ["13900139000", "13900139000"]
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    with pytest.raises(ServiceError) as exc:
        portal.take_up(token=_link_and_code(sms[0][1])[0], code=_link_and_code(sms[0][1])[1], password=PASSWORD)
    assert exc.value.code == ErrorCode.INVITATION_INVALID
    with pytest.raises(ServiceError) as exc:
        portal.invite(actor=b.mediator_user, party=m.respondent, channel="sms", address="12345")
    assert exc.value.code == ErrorCode.INVALID


def test_who_may_invite(b, world, django_capture_on_commit_callbacks):
    pre = mediation(b, source="pre_suit", court=b.ip_court)
    with django_capture_on_commit_callbacks(execute=True):
        portal.invite(actor=b.clerk, party=pre.applicant, channel="email")  # the entrusting court's clerk
    with pytest.raises(NotFound):
        portal.invite(actor=b.sh_judge, party=pre.applicant, channel="email")
    with pytest.raises(PermissionDenied):
        portal.invite(actor=b.other_mediator, party=pre.applicant, channel="email")


def test_wrong_codes_are_counted_and_lock_the_invitation(b, django_capture_on_commit_callbacks):
    m = mediation(b)
    invitation, (token, code) = _invite_by_mail(b, m, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    for _n in range(portal.MAX_ATTEMPTS - 1):
        with pytest.raises(ServiceError) as exc:
            portal.take_up(token=token, code=wrong, password=PASSWORD)
        assert exc.value.code == ErrorCode.INVITATION_CODE_WRONG
    with pytest.raises(ServiceError) as exc:
        portal.take_up(token=token, code=wrong, password=PASSWORD)
    assert exc.value.code == ErrorCode.INVITATION_INVALID
    with pytest.raises(ServiceError) as exc:
        portal.take_up(token=token, code=code, password=PASSWORD)  # even the right code: locked
    assert exc.value.code == ErrorCode.INVITATION_INVALID
    assert MediationParty.objects.get(pk=m.applicant.pk).user is None


def test_expired_and_revoked_invitations_are_refused(b, django_capture_on_commit_callbacks):
    m = mediation(b)
    invitation, (token, code) = _invite_by_mail(b, m, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ServiceError) as exc:
        portal.take_up(token=token, code=code, password=PASSWORD)
    assert exc.value.code == ErrorCode.INVITATION_INVALID
    invitation, (token, code) = _invite_by_mail(b, m, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    portal.revoke(actor=b.mediator_user, invitation=invitation)
    with pytest.raises(ServiceError):
        portal.take_up(token=token, code=code, password=PASSWORD)


def test_taking_up_creates_the_account_and_a_second_matter_reuses_it(b, django_capture_on_commit_callbacks):
    m1, m2 = mediation(b), mediation(b)
    _inv, (token, code) = _invite_by_mail(b, m1, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    with pytest.raises(ServiceError) as exc:
        portal.take_up(token=token, code=code, password="123")
    assert exc.value.code == ErrorCode.WEAK_PASSWORD
    user = portal.take_up(token=token, code=code, password=PASSWORD)
    assert (user.kind, user.full_name, user.email, user.agency_id) == ("external", b.owner.name, "owner@example.cn", None)
    assert user.check_password(PASSWORD)
    assert MediationParty.objects.get(pk=m1.applicant.pk).user == user
    _inv, (token, code) = _invite_by_mail(b, m2, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    again = portal.take_up(token=token, code=code, password=PASSWORD + "x")
    assert again == user and MediationParty.objects.get(pk=m2.applicant.pk).user == user
    with pytest.raises(ServiceError):
        portal.take_up(token=token, code=code, password=PASSWORD)  # used


def test_join_page_signs_in_and_the_party_sees_only_its_matter(b, client, django_capture_on_commit_callbacks):
    mine, other = mediation(b), mediation(b)
    _inv, (token, code) = _invite_by_mail(b, mine, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    url = reverse("mediation:invitation_accept", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and b.owner.name in page.content.decode()
    response = client.post(url, {"code": code, "password": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mediation:party_matter", args=[mine.pk])
    assert client.get(reverse("mediation:party_matter", args=[mine.pk])).status_code == 200
    assert client.get(reverse("mediation:party_matter", args=[other.pk])).status_code == 404
    assert client.get(reverse("mediation:party_matter", args=[2**70])).status_code == 404
    assert client.get(reverse("mediation:agreements", args=[mine.pk])).status_code == 404  # the agencies' page
    assert client.get(reverse("mediation:confirmation_queue")).status_code == 404
    assert client.get(reverse("registry:party_list")).status_code in (403, 404)
    assert client.get(reverse("proceedings:list")).status_code in (403, 404)
    assert client.get(url).status_code == 400  # used


def test_party_confirms_on_its_page_and_applies(b, client, world):
    m = mediation(b)
    applicant, respondent = external("t_a", "恒远"), external("t_r", "宏图")
    agreement = circulated(b, m)
    MediationParty.objects.filter(pk=m.applicant.pk).update(user=applicant)
    MediationParty.objects.filter(pk=m.respondent.pk).update(user=respondent)
    client.force_login(applicant)
    page = client.get(reverse("mediation:party_matter", args=[m.pk])).content.decode()
    assert agreement.text_hash in page and "分2期支付" in page
    confirm = reverse("mediation:party_confirm", args=[m.pk, agreement.pk])
    client.post(confirm, {"text_hash": "f" * 64})
    assert not agreement.confirmations.exists()
    client.post(confirm, {"text_hash": agreement.text_hash})
    assert agreement.confirmations.get().user == applicant
    client.force_login(respondent)
    client.post(confirm, {"text_hash": agreement.text_hash})
    agreement.refresh_from_db()
    assert agreement.status == "effective"
    pdf = client.get(reverse("mediation:agreement_pdf", args=[agreement.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    response = client.post(reverse("mediation:party_apply", args=[m.pk, agreement.pk]), {"court": str(b.ip_court.pk)})
    assert response.status_code == 302
    assert agreement.applications.get().court == b.ip_court
    client.force_login(external("t_x", "他人"))
    assert client.get(reverse("mediation:agreement_pdf", args=[agreement.pk])).status_code == 404


def test_staff_pages_draft_circulate_and_the_court_rules(b, client):
    m = mediation(b)
    client.force_login(b.mediator_user)
    page = client.get(reverse("mediation:agreements", args=[m.pk]))
    assert page.status_code == 200
    client.post(reverse("mediation:agreement_new", args=[m.pk]), {"preamble": "经调解，双方自愿达成如下协议。"})
    agreement = m.agreements.get()
    term_url = reverse("mediation:agreement_term_add", args=[agreement.pk])
    client.post(
        term_url,
        {"kind": "payment", "obliged": m.respondent.pk, "beneficiary": m.applicant.pk, "amount": "5000", "instalments": "2026-12-31 3000\n2027-01-31 1000"},
    )
    assert not agreement.terms.exists()  # 4000 ≠ 5000
    client.post(
        term_url,
        {"kind": "payment", "obliged": m.respondent.pk, "beneficiary": m.applicant.pk, "amount": "5000", "instalments": "2026-12-31 3000\n2027-01-31 2000"},
    )
    assert agreement.terms.get().instalments == [{"due_on": "2026-12-31", "amount": "3000.00"}, {"due_on": "2027-01-31", "amount": "2000.00"}]
    client.post(reverse("mediation:agreement_circulate", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "circulated"
    for mp in (m.applicant, m.respondent):
        from .agreements_setup import signed_pdf

        client.post(reverse("mediation:agreement_paper", args=[agreement.pk]), {"party": mp.pk, "document": signed_pdf()})
    agreement.refresh_from_db()
    assert agreement.status == "effective"
    client.post(reverse("mediation:confirmation_apply", args=[agreement.pk]), {"court": b.ip_court.pk})
    assert not agreement.applications.exists()  # no party confirmed online and no consent attached
    client.post(reverse("mediation:confirmation_apply", args=[agreement.pk]), {"court": b.ip_court.pk, "consent_document": signed_pdf("consent.pdf")})
    application = agreement.applications.get()
    client.force_login(b.judge)
    assert application.agreement.mediation.number in client.get(reverse("mediation:confirmation_queue")).content.decode()
    assert client.get(reverse("mediation:confirmation_detail", args=[application.pk])).status_code == 200
    client.post(reverse("mediation:confirmation_action", args=[application.pk, "accept"]), {"case_number": "（2026）京73民特21号"})
    client.post(reverse("mediation:confirmation_action", args=[application.pk, "rule"]), {"ruling": "valid"})
    application.refresh_from_db()
    assert (application.status, application.ruling) == ("ruled", "valid")
    client.force_login(b.sh_judge)
    assert client.get(reverse("mediation:confirmation_detail", args=[application.pk])).status_code == 404
    assert confirmation.agreement_effective(m) == agreement


def test_the_mediation_page_partial_summarises_agreement_and_application(b):
    from django.template.loader import render_to_string

    m = mediation(b)
    html = render_to_string("mediation/agreements/_panel.html", {"mediation": m})
    assert "尚未起草调解协议" in html and reverse("mediation:agreements", args=[m.pk]) in html
    agreement = effective(b, m)
    confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=agreement)
    html = render_to_string("mediation/agreements/_panel.html", {"mediation": m})
    assert "已确认 2/2" in html and b.ip_court.name in html and "已申请" in html
