"""Judicial confirmation (司法确认, 民特): the 30-day window at its edges (with a Spring Festival
roll-forward), joint or not, the competent court and its basis, in-suit and administrative
mediations (pilot on / off), the court's acceptance, extension and ruling, the reminders, and CNIPA
recording the agreement's transfer and licence terms (a frozen right refuses the transfer)."""

import pytest

from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.mediation import confirmation
from ipcollab.mediation.models import Agreement, ApplicationStatus, ConfirmationApplication, Mediation
from ipcollab.notifications.models import Notification
from ipcollab.registry import services as register
from ipcollab.registry.models import LegalEvent
from ipcollab.rulebook.registry import period_rule_deadline

from .agreements_setup import D, bind, build, circulated, effective, external, fixed_today, mediation, signed_pdf  # noqa: F401  (fixed_today: autouse)


@pytest.fixture
def b(world):
    return build(world)


def _effective_since(agreement, day):
    """The agreement took effect on `day` (the window is counted from there)."""
    Agreement.objects.filter(pk=agreement.pk).update(effective_on=day)
    agreement.refresh_from_db()
    return agreement


def test_competent_courts_with_their_basis(b):
    m = mediation(b)
    proposals = confirmation.competent_courts(m, D(2026, 11, 2))
    assert [p.court.court_code for p in proposals] == ["京73", "粤03"]
    assert "第二百零五条" in proposals[0].basis and "中级人民法院" in proposals[0].basis
    pre = mediation(b, source="pre_suit", court=b.ip_court)
    [only] = confirmation.competent_courts(pre, D(2026, 11, 2))
    assert only.court == b.ip_court and "委派调解的人民法院" in only.basis
    trademark = mediation(b, field="trademark", with_rights=False)
    assert confirmation.competent_courts(trademark, D(2026, 11, 2))[0].court.court_code == "京0108"  # a basic court


@pytest.mark.parametrize(
    "effective_on, last_day",
    [
        (D(2026, 10, 20), D(2026, 11, 19)),  # day 30 a Thursday
        (D(2026, 1, 17), D(2026, 2, 24)),  # day 30 (2026-02-16) in Spring Festival: rolls to the first working day
    ],
)
def test_day_30_is_accepted_and_day_31_refused(b, effective_on, last_day):
    assert period_rule_deadline(confirmation.APPLY_RULE, effective_on) == last_day
    late = _effective_since(effective(b, mediation(b)), effective_on)
    with pytest.raises(ServiceError) as exc:
        confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=late, applied_on=last_day.replace(day=last_day.day + 1))
    assert exc.value.code == ErrorCode.CONFIRMATION_LATE
    assert last_day.isoformat() in exc.value.message and "民事诉讼法" in exc.value.message
    assert exc.value.fields["rule"] == [confirmation.APPLY_RULE]
    assert not ConfirmationApplication.objects.exists()
    in_time = _effective_since(effective(b, mediation(b)), effective_on)
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=in_time, applied_on=last_day)
    assert (application.apply_by, application.applied_on, application.court, application.joint) == (last_day, last_day, b.ip_court, True)
    assert application.accept_by == period_rule_deadline(confirmation.ACCEPT_RULE, last_day)


def test_a_party_applies_and_the_court_and_organisation_are_told(b):
    m = mediation(b)
    users = (external("t_a", "恒远"), external("t_r", "宏图"))
    agreement = effective(b, m, users=users)
    application = confirmation.apply_for_confirmation(actor=users[0], agreement=agreement)
    assert Notification.objects.filter(recipient=b.judge, code="mediation.confirmation.applied").exists()
    assert Notification.objects.filter(recipient=b.clerk, code="mediation.confirmation.applied").exists()
    assert Notification.objects.filter(recipient=b.mediator_user, code="mediation.confirmation.applied").exists()
    assert not Notification.objects.filter(recipient=b.sh_judge).exists()
    with pytest.raises(ServiceError) as exc:
        confirmation.apply_for_confirmation(actor=users[1], agreement=agreement)
    assert exc.value.code == ErrorCode.CONFIRMATION_NOT_AVAILABLE
    assert list(confirmation.court_queue(b.judge)) == [application]
    assert list(confirmation.court_queue(b.sh_judge)) == []


def test_not_joint_without_the_absent_partys_consent(b):
    m = mediation(b)
    user = external("t_a", "恒远")
    bind(m, user)
    agreement = circulated(b, m)
    confirmation.confirm_online(actor=user, agreement=agreement, text_hash_confirmed=agreement.text_hash)
    confirmation.record_paper_confirmation(actor=b.mediator_user, agreement=agreement, party=m.respondent, upload=signed_pdf())
    agreement.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        confirmation.apply_for_confirmation(actor=user, agreement=agreement)
    assert exc.value.code == ErrorCode.CONFIRMATION_NOT_JOINT and b.rival.name in exc.value.message
    application = confirmation.apply_for_confirmation(actor=user, agreement=agreement, consent_upload=signed_pdf("consent.pdf"))
    assert application.joint is False and application.consent_document.sha256


def test_in_suit_mediation_cannot_be_confirmed(b):
    agreement = effective(b, mediation(b, source="in_suit", court=b.ip_court))
    with pytest.raises(ServiceError) as exc:
        confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=agreement)
    assert exc.value.code == ErrorCode.CONFIRMATION_NOT_AVAILABLE and "调解书" in exc.value.message


def test_court_of_another_region_is_refused(b):
    agreement = effective(b, mediation(b, source="pre_suit", court=b.ip_court))
    with pytest.raises(ServiceError) as exc:
        confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=agreement, court=b.sh_court)
    assert exc.value.code == ErrorCode.CONFIRMATION_COURT_NOT_COMPETENT and b.ip_court.name in exc.value.message
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=agreement, court=b.ip_court)
    assert "委派调解" in application.court_basis


def test_administrative_agreement_needs_a_pilot_in_effect(b, world):
    agreement = effective(b, mediation(b, source="administrative"))
    with pytest.raises(ServiceError) as exc:
        confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=agreement)
    assert exc.value.code == ErrorCode.CONFIRMATION_NO_PILOT and "强化知识产权保护的意见" in exc.value.message
    with pytest.raises(PermissionDenied):
        confirmation.pilot_create(actor=b.judge, court=b.ip_court, effective_from=D(2026, 1, 1), basis="试点通知")
    pilot = confirmation.pilot_create(actor=world.platform_admin, court=b.ip_court, effective_from=D(2026, 1, 1), basis="京高法发〔2026〕1号")
    confirmation.pilot_end(actor=world.platform_admin, pilot=pilot, effective_to=D(2026, 6, 30))
    with pytest.raises(ServiceError) as exc:
        confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=agreement)
    assert exc.value.code == ErrorCode.CONFIRMATION_NO_PILOT  # the pilot ended before today
    confirmation.pilot_create(actor=world.platform_admin, court=b.ip_court, effective_from=D(2026, 7, 1), basis="京高法发〔2026〕9号")
    with pytest.raises(NotFound):  # the pilot court does not reach the office's mediation…
        confirmation.get_agreement(b.judge, agreement.pk)
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=agreement)
    assert application.court == b.ip_court
    # …until the agreement is before it: its judge reads the agreement under review
    assert confirmation.get_agreement(b.judge, agreement.pk) == agreement


def test_representative_without_settle_cannot_apply(b, world):
    m = mediation(b)
    rep_user, other = external("t_rep", "周律师"), external("t_r", "宏图")
    agreement = effective(b, m, users=(rep_user, other))
    m.applicant.representative = b.rep
    m.applicant.acting_user_is_representative = True
    m.applicant.save()
    with pytest.raises(ServiceError) as exc:
        confirmation.apply_for_confirmation(actor=rep_user, agreement=agreement)
    assert exc.value.code == ErrorCode.SETTLEMENT_NOT_AUTHORISED
    assert not ConfirmationApplication.objects.exists()


def test_court_accepts_extends_and_rules_valid(b):
    m = mediation(b)
    agreement = effective(b, m)
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=agreement)
    with pytest.raises(NotFound):
        confirmation.accept_application(actor=b.sh_judge, application=application, case_number="（2026）沪73民特1号")
    for number in ("（2026）京73民初1号", "（2026）京0108民特1号", "not a number"):
        with pytest.raises(ServiceError) as exc:
            confirmation.accept_application(actor=b.judge, application=application, case_number=number)
        assert exc.value.code == ErrorCode.CASE_NUMBER_INVALID
    with pytest.raises(ServiceError) as exc:
        confirmation.rule_application(actor=b.judge, application=application, ruling="valid")
    assert exc.value.code == ErrorCode.CONFIRMATION_STATE
    today = confirmation.today()
    application = confirmation.accept_application(actor=b.judge, application=application, case_number="(2026)京73民特8号")
    assert (application.case_number, application.status, application.judge) == ("（2026）京73民特8号", ApplicationStatus.ACCEPTED, b.judge)
    assert application.rule_by == period_rule_deadline(confirmation.DECIDE_RULE, today)
    with pytest.raises(ServiceError) as exc:
        confirmation.extend_application(actor=b.judge, application=application, approval="")
    assert exc.value.code == ErrorCode.REQUIRED
    before = application.rule_by
    application = confirmation.extend_application(actor=b.judge, application=application, approval="院长王某某2026年11月批准")
    assert application.extended and application.rule_by > before
    with pytest.raises(ServiceError):
        confirmation.extend_application(actor=b.judge, application=application, approval="再次")
    application = confirmation.rule_application(actor=b.judge, application=application, ruling="valid")
    assert application.ruling == "valid"
    party_notes = Notification.objects.filter(code="mediation.confirmation.ruled", recipient=m.applicant.user)
    assert party_notes.count() == 1 and "强制执行" in party_notes.get().body
    assert [(t.kind, confirmed) for t, confirmed in confirmation.right_terms(b.patent, b.judge)] == []  # the court does not see the mediation
    assert [(t.kind, confirmed) for t, confirmed in confirmation.right_terms(b.patent, b.mediator_user)] == [("cessation", True)]


def test_refusal_and_invalid_ruling_tell_the_parties_their_options(b):
    first = effective(b, mediation(b))
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=first)
    with pytest.raises(ServiceError):
        confirmation.refuse_application(actor=b.clerk, application=application, reason=" ")
    confirmation.refuse_application(actor=b.clerk, application=application, reason="申请材料不全")
    second = effective(b, mediation(b))
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=second)
    confirmation.accept_application(actor=b.clerk, application=application, case_number="（2026）京73民特9号")
    with pytest.raises(ServiceError) as exc:
        confirmation.rule_application(actor=b.judge, application=application, ruling="invalid")
    assert exc.value.code == ErrorCode.REQUIRED
    confirmation.rule_application(actor=b.judge, application=application, ruling="invalid", reason="协议内容违反法律强制性规定")
    note = Notification.objects.get(code="mediation.confirmation.ruled", recipient=second.mediation.parties.get(side="applicant").user)
    assert "新的调解协议" in note.body and "提起诉讼" in note.body
    # after an invalid ruling the parties may apply again (e.g. with an amended agreement)
    assert confirmation.open_application(second) is None


def test_court_reminders_are_idempotent(b):
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=effective(b, mediation(b)))
    day_before = application.accept_by - __import__("datetime").timedelta(days=1)
    first = confirmation.send_court_reminders(day_before)
    assert first == 2  # the court's judge and clerk (no judge assigned yet)
    assert confirmation.send_court_reminders(day_before) == 0
    assert confirmation.send_court_reminders(application.accept_by) == 2
    assert confirmation.send_court_reminders(application.accept_by) == 0


def test_cnipa_records_a_licence_and_a_frozen_right_refuses_the_transfer(b, world):
    m = mediation(b)
    terms = [
        {"kind": "assignment", "obliged": m.applicant.pk, "beneficiary": m.respondent.pk, "right": b.patent.pk},
        {
            "kind": "licence",
            "obliged": m.applicant.pk,
            "beneficiary": m.respondent.pk,
            "right": b.patent.pk,
            "details": {"type": "sole", "territory": "中国大陆", "period_from": "2027-01-01", "period_to": "2028-12-31"},
        },
    ]
    agreement = effective(b, m, terms=terms)
    assignment, licence = agreement.terms.order_by("order")
    with pytest.raises(PermissionDenied):
        confirmation.record_term_on_register(actor=b.judge, term=licence)
    register.record_event(
        world.examiner, b.patent, "frozen", D(2026, 11, 2), {"court": str(b.ip_court.pk), "case_number": "（2026）京73执保1号"}, authorized_by_module=True
    )
    events = LegalEvent.objects.filter(right=b.patent).count()
    with pytest.raises(ServiceError) as exc:
        confirmation.record_term_on_register(actor=b.cnipa_examiner, term=assignment)
    assert exc.value.code == ErrorCode.EVENT_REFUSED and "冻结" in exc.value.message and "北京知识产权法院" in exc.value.message
    assignment.refresh_from_db()
    assert assignment.recorded_event_id is None and LegalEvent.objects.filter(right=b.patent).count() == events
    licence = confirmation.record_term_on_register(actor=b.cnipa_examiner, term=licence)
    assert licence.recorded_event.type == "licence_filed"
    assert list(confirmation.terms_to_record(b.cnipa_examiner)) == [assignment]


def test_reads_stay_in_reach(b):
    m = mediation(b)
    agreement = circulated(b, m)
    with pytest.raises(NotFound):
        confirmation.get_agreement(b.sh_judge, agreement.pk)
    with pytest.raises(NotFound):
        confirmation.get_agreement(b.mediator_user, 2**70)
    assert confirmation.get_agreement(b.mediator_user, agreement.pk) == agreement
    assert Mediation.objects.count() == 1


def test_dossier_shows_agreed_then_confirmed_in_fixed_queries(b, client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from ipcollab.mediation import panels_agreements

    first = effective(b, mediation(b))
    client.force_login(b.mediator_user)
    page = client.get(reverse("registry:right_detail", args=[b.patent.pk])).content.decode()
    assert 'id="mediation-terms"' in page and "已达成" in page and "已司法确认" not in page
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=first)
    confirmation.accept_application(actor=b.judge, application=application, case_number="（2026）京73民特30号")
    confirmation.rule_application(actor=b.judge, application=application, ruling="valid")
    page = client.get(reverse("registry:right_detail", args=[b.patent.pk])).content.decode()
    assert "已司法确认" in page
    panels_agreements._data(b.patent, b.mediator_user)  # the user's agency and roles cached
    with CaptureQueriesContext(connection) as one:
        panels_agreements._data(b.patent, b.mediator_user)
    for _n in range(3):
        effective(b, mediation(b))
    with CaptureQueriesContext(connection) as four:
        data = panels_agreements._data(b.patent, b.mediator_user)
    assert len(data["terms"]) == 4 and len(one) == len(four)
    client.force_login(b.sh_judge)
    assert 'id="mediation-terms"' not in client.get(reverse("registry:right_detail", args=[b.patent.pk])).content.decode()


def test_home_tells_the_court_and_the_party(b, client):
    from django.urls import reverse

    m = mediation(b)
    user = external("t_home_party", "恒远")
    bind(m, user)
    circulated(b, m)
    client.force_login(user)
    assert "调解协议待您确认" in client.get(reverse("home:index")).content.decode()
    application = confirmation.apply_for_confirmation(actor=b.mediator_user, agreement=effective(b, mediation(b)))
    client.force_login(b.clerk)
    html = client.get(reverse("home:index")).content.decode()
    assert "司法确认申请待受理" in html and reverse("mediation:confirmation_queue") in html
    assert application.pk
