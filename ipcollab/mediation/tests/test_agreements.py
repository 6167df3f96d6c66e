"""Agreements: drafting with structured terms, circulation with the text's hash, online and paper
confirmation, supersession, the agreement taking effect and ending the mediation."""

from decimal import Decimal

import pytest

from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.mediation import confirmation
from ipcollab.mediation.models import Agreement, AgreementStatus, PartyConfirmation, Term
from ipcollab.registry import services as register

from .agreements_setup import D, bind, build, circulated, effective, external, fixed_today, mediation, payment_terms, signed_pdf  # noqa: F401  (fixed_today: autouse)


@pytest.fixture
def b(world):
    return build(world)


def test_draft_checks_instalments_sum_and_order(b):
    m = mediation(b)
    terms = payment_terms(m)
    terms[0]["instalments"][1]["amount"] = "150000.00"
    with pytest.raises(ServiceError) as exc:
        confirmation.draft_agreement(actor=b.mediator_user, mediation=m, terms=terms)
    assert exc.value.code == ErrorCode.AGREEMENT_TERMS_INVALID
    assert "250,000.00" in exc.value.message
    terms = payment_terms(m)
    terms[0]["instalments"][1]["due_on"] = "2026-12-31"
    with pytest.raises(ServiceError) as exc:
        confirmation.draft_agreement(actor=b.mediator_user, mediation=m, terms=terms)
    assert "递增" in exc.value.message
    assert not Agreement.objects.filter(mediation=m).exists()


def test_licence_and_withdrawal_terms_are_checked(b):
    m = mediation(b)
    bad_licence = {
        "kind": "licence",
        "obliged": m.applicant.pk,
        "beneficiary": m.respondent.pk,
        "right": b.patent.pk,
        "details": {"type": "exclusive", "territory": ""},
    }
    with pytest.raises(ServiceError) as exc:
        confirmation.draft_agreement(actor=b.mediator_user, mediation=m, terms=[bad_licence])
    assert exc.value.fields == {"territory": [exc.value.message]}
    licence = dict(bad_licence, details={"type": "ordinary", "territory": "中国大陆", "period_from": "2027-01-01", "period_to": "2029-12-31"})
    agreement = confirmation.draft_agreement(actor=b.mediator_user, mediation=m, terms=[licence])
    term = agreement.terms.get()
    assert term.details["licensee_name"] == b.rival.name
    assert "普通许可" in confirmation.term_text(term)
    from ipcollab.proceedings import services as proceedings

    def suit(number, parties):
        return proceedings.file_case(
            actor=b.judge,
            number=number,
            cause="patent_infringement_invention",
            filed_on=D(2026, 3, 2),
            parties=parties,
            rights=[{"right": b.patent, "claims": [1]}],
            judge=b.judge,
            clerk=b.clerk,
        )

    third = register.party_create(actor=b.world.examiner, kind="organization", name="上海某某科技有限公司")
    theirs = suit("（2026）京73民初101号", [{"party": b.owner, "role": "plaintiff"}, {"party": b.rival, "role": "defendant"}])
    others = suit("（2026）京73民初102号", [{"party": third, "role": "plaintiff"}])
    with pytest.raises(ServiceError) as exc:
        confirmation.add_term(actor=b.mediator_user, agreement=agreement, kind="withdrawal", obliged=m.applicant.pk, proceeding=others.pk)
    assert exc.value.code == ErrorCode.AGREEMENT_TERMS_INVALID and "proceeding" in exc.value.fields
    term = confirmation.add_term(actor=b.mediator_user, agreement=agreement, kind="withdrawal", obliged=m.applicant.pk, proceeding=theirs.pk)
    assert "撤回（2026）京73民初101号" in confirmation.term_text(term)


def test_only_the_mediator_drafts(b, world):
    m = mediation(b)
    with pytest.raises(PermissionDenied):
        confirmation.draft_agreement(actor=b.other_mediator, mediation=m, terms=payment_terms(m))
    with pytest.raises(PermissionDenied):
        confirmation.draft_agreement(actor=world.judge_a, mediation=m, terms=payment_terms(m))


def test_online_confirmations_make_the_agreement_effective_and_end_the_mediation(b):
    m = mediation(b)
    agreement = effective(b, m)
    assert agreement.status == AgreementStatus.EFFECTIVE
    assert agreement.effective_on == confirmation.today()
    m.refresh_from_db()
    assert (m.status, m.outcome) == ("closed", "agreement")
    confirmations = list(agreement.confirmations.order_by("pk"))
    assert [c.method for c in confirmations] == ["online", "online"]
    assert all(c.text_hash == agreement.text_hash for c in confirmations)
    assert "北京恒远精密机械有限公司" in confirmations[0].identity
    assert confirmation.agreement_effective(m) == agreement


def test_hash_mismatch_is_refused_and_nothing_recorded(b):
    m = mediation(b)
    user = external("t_app", "恒远")
    bind(m, user)
    agreement = circulated(b, m)
    with pytest.raises(ServiceError) as exc:
        confirmation.confirm_online(actor=user, agreement=agreement, text_hash_confirmed="0" * 64)
    assert exc.value.code == ErrorCode.AGREEMENT_TEXT_CHANGED
    # the text changed behind the circulated hash (a term edited in the database): refused too
    Term.objects.filter(agreement=agreement, kind="payment").update(amount=Decimal("1.00"), instalments=[])
    with pytest.raises(ServiceError) as exc:
        confirmation.confirm_online(actor=user, agreement=agreement, text_hash_confirmed=agreement.text_hash)
    assert exc.value.code == ErrorCode.AGREEMENT_TEXT_CHANGED
    assert not PartyConfirmation.objects.exists()


def test_a_new_version_supersedes_and_confirmations_do_not_carry_over(b):
    m = mediation(b)
    user = external("t_app", "恒远")
    bind(m, user)
    first = circulated(b, m)
    confirmation.confirm_online(actor=user, agreement=first, text_hash_confirmed=first.text_hash)
    second = confirmation.draft_agreement(actor=b.mediator_user, mediation=m, terms=payment_terms(m, "300000.00"))
    first.refresh_from_db()
    assert first.status == AgreementStatus.SUPERSEDED and second.version == 2
    assert not second.confirmations.exists()
    with pytest.raises(ServiceError) as exc:
        confirmation.confirm_online(actor=user, agreement=first, text_hash_confirmed=first.text_hash)
    assert exc.value.code == ErrorCode.AGREEMENT_STATE


def test_representative_without_settle_power_is_refused(b, world):
    m = mediation(b)
    rep_user = external("t_rep", "周律师")
    bind(m, rep_user)
    m.applicant.representative = b.rep
    m.applicant.acting_user_is_representative = True
    m.applicant.save()
    agreement = circulated(b, m)
    from ipcollab.registry import services as register

    register.power_of_attorney_grant(
        actor=world.examiner,
        principal=b.owner,
        representative=b.rep,
        matter="专利侵权纠纷调解",
        valid_from=D(2026, 1, 1),
        scope="special",
        special_powers=["admit_claims"],
    )
    with pytest.raises(ServiceError) as exc:
        confirmation.confirm_online(actor=rep_user, agreement=agreement, text_hash_confirmed=agreement.text_hash)
    assert exc.value.code == ErrorCode.SETTLEMENT_NOT_AUTHORISED
    assert "第六十二条" in exc.value.message and "周律师" in exc.value.message
    assert not agreement.confirmations.exists()
    register.power_of_attorney_grant(
        actor=world.examiner,
        principal=b.owner,
        representative=b.rep,
        matter="专利侵权纠纷调解",
        valid_from=D(2026, 1, 1),
        scope="special",
        special_powers=["settle"],
    )
    c = confirmation.confirm_online(actor=rep_user, agreement=agreement, text_hash_confirmed=agreement.text_hash)
    assert "代理人周律师" in c.identity


def test_paper_confirmation_with_the_signed_document(b):
    m = mediation(b)
    user = external("t_app", "恒远")
    bind(m, user)
    agreement = circulated(b, m)
    confirmation.confirm_online(actor=user, agreement=agreement, text_hash_confirmed=agreement.text_hash)
    c = confirmation.record_paper_confirmation(actor=b.mediator_user, agreement=agreement, party=m.respondent, upload=signed_pdf())
    assert c.method == "signed" and c.document.sha256 and c.user is None
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EFFECTIVE


def test_a_party_cannot_confirm_another_matter(b):
    m1, m2 = mediation(b), mediation(b)
    user = external("t_app", "恒远")
    bind(m1, user)
    agreement = circulated(b, m2)
    with pytest.raises(NotFound):
        confirmation.confirm_online(actor=user, agreement=agreement, text_hash_confirmed=agreement.text_hash)


def test_text_is_deterministic_and_names_the_terms(b):
    m = mediation(b)
    agreement = circulated(b, m)
    text = confirmation.agreement_text(agreement)
    assert text == confirmation.agreement_text(Agreement.objects.get(pk=agreement.pk))
    assert "分2期支付" in text and "于2026-12-31前支付100,000.00元" in text
    assert agreement.text_hash == confirmation.text_hash(agreement)


def test_agreement_pdf_prints_parties_terms_confirmations_and_hash(b):
    from ipcollab.mediation import pdf

    agreement = effective(b, mediation(b))
    html, facts = pdf.render_html(agreement)
    assert facts["hash"] == agreement.text_hash and facts["hash"] in html
    assert b.owner.name in html and "分2期支付" in html and "在线确认" in html
    assert facts["effective_on"].startswith("二〇二六年")
    data, filename = pdf.render_pdf(agreement, actor=b.mediator_user)
    assert data.startswith(b"%PDF") and filename.endswith("-v1.pdf")
    assert pdf.render_pdf(agreement)[0] == data  # same facts, same bytes
    import re

    streams = b"".join(_inflate(data[m.end() : data.find(b"endstream", m.end())]) for m in re.finditer(rb"stream\r?\n", data))
    assert b"NotoSerifCJK" in streams or b"NotoSansCJK" in streams  # the CJK font is embedded


def _inflate(chunk):
    import zlib

    try:
        return zlib.decompress(chunk)
    except zlib.error:
        return b""
