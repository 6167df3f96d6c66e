"""The mediation workflow's services at their edges: registration (入驻), the four ways a
mediation starts, assignment and acceptance with the period from the rule registry, extension,
outcomes and the hand-offs back to the court — each refusal with its stable code, nothing written."""

import datetime

import pytest

from conftest import make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ServiceError
from ipcollab.mediation import selectors, services
from ipcollab.mediation.models import LogEntry, Mediation, MediationParty
from ipcollab.notifications.models import Notification
from ipcollab.orgs.models import Agency
from ipcollab.proceedings.models import Proceeding
from ipcollab.registry import services as register

from .workflow_setup import D, active, build, effective_agreement, in_suit, pre_suit, suit


@pytest.fixture
def s(world):
    return build(world)


def code(exc_info):
    return exc_info.value.code


# --- registration ----------------------------------------------------------------------------------


def test_registration_is_audited_and_refuses_duplicates_and_wrong_agencies(s, world):
    assert AuditEvent.objects.filter(action="mediation.organisation.register", object_id=str(s.org.pk)).exists()
    with pytest.raises(ServiceError) as e:
        services.register_organisation(actor=s.bj_admin, agency=s.bj, fields=["patent"])
    assert code(e) == "mediation_organisation_taken"
    # an agency admin registers only their own agency
    gd = Agency.objects.get(code="med-guangdong")
    with pytest.raises(ServiceError) as e:
        services.register_organisation(actor=s.bj_admin, agency=gd, fields=["patent"])
    assert code(e) == "permission_denied"
    # a procuratorate is no mediation organisation, even for a platform admin
    with pytest.raises(ServiceError) as e:
        services.register_organisation(actor=world.platform_admin, agency=Agency.objects.get(code="spp"), fields=["patent"])
    assert code(e) == "mediation_organisation_kind"
    with pytest.raises(ServiceError) as e:
        services.register_organisation(actor=world.platform_admin, agency=gd, fields=["astrology"])
    assert code(e) == "invalid" and "fields" in e.value.fields
    org = services.register_organisation(actor=world.platform_admin, agency=gd, fields=["patent"], region="440000")
    assert org.region.code == "440000"


def test_mediator_must_be_staff_of_the_agency_with_the_role(s, world):
    with pytest.raises(ServiceError) as e:
        services.register_mediator(actor=s.bj_admin, organisation=s.org, user=s.bj_liaison)  # no mediator role
    assert code(e) == "mediator_not_eligible"
    with pytest.raises(ServiceError) as e:
        services.register_mediator(actor=s.bj_admin, organisation=s.org, user=s.med_sh)  # another agency's
    assert code(e) == "mediator_not_eligible"
    with pytest.raises(ServiceError) as e:
        services.register_mediator(actor=s.bj_admin, organisation=s.org, user=s.med1)
    assert code(e) == "mediator_duplicate"
    with pytest.raises(ServiceError) as e:
        services.register_mediator(actor=s.sh_admin, organisation=s.org, user=s.med1)
    assert code(e) == "permission_denied"
    m = services.update_mediator(actor=s.med1, mediator=s.m1, available=False)  # a mediator pauses themself
    assert m.available is False
    with pytest.raises(ServiceError) as e:
        services.update_mediator(actor=s.med1, mediator=s.m1, max_caseload=99)
    assert code(e) == "permission_denied"


def test_directory_filters_and_caseload(s):
    m = pre_suit(s)
    active(s, m)
    orgs = {o.pk: o for o in selectors.organisations(field="trademark")}
    assert set(orgs) == {s.org.pk}
    assert orgs[s.org.pk].caseload == 1
    assert {o.pk for o in selectors.organisations(language="en")} == {s.org.pk}
    assert {o.pk for o in selectors.organisations(region="310000")} == {s.org_sh.pk}
    rows = {x.pk: x for x in selectors.mediators(organisation=s.org.pk)}
    assert rows[s.m1.pk].caseload == 1 and rows[s.m2.pk].caseload == 0
    services.update_mediator(actor=s.bj_admin, mediator=s.m1, max_caseload=1)
    assert {x.pk for x in selectors.mediators(organisation=s.org.pk, available=True)} == {s.m2.pk}
    services.update_mediator(actor=s.bj_admin, mediator=s.m2, unavailable_until=datetime.date.today() + datetime.timedelta(days=3))
    assert {x.pk for x in selectors.mediators(organisation=s.org.pk, available=True)} == set()


# --- starting ---------------------------------------------------------------------------------------------


def test_pre_suit_entrustment(s):
    m = pre_suit(s)
    assert m.source == "pre_suit" and m.status == "awaiting" and m.court == s.court
    assert m.court_number == "（2026）京73民诉前调101号"
    assert m.number.startswith("TJ2026-med-beijing-")
    assert [p.side for p in m.parties.all()] == ["applicant", "respondent"]
    assert list(m.rights.all()) == [s.patent]
    assert str(m.claim_amount) == "500000.00"
    # the organisation's liaison hears of it; the hand-off is logged
    assert Notification.objects.filter(recipient=s.bj_liaison, code="mediation.received").count() == 1
    assert LogEntry.objects.filter(mediation=m, kind="hand_off").count() == 1


@pytest.mark.parametrize(
    "number, error",
    [
        ("（2026）京73民初5号", "mediation_number_invalid"),  # not 民诉前调
        ("（2026）沪73民诉前调5号", "mediation_number_invalid"),  # another court's code
        ("京73民诉前调5号", "mediation_number_invalid"),  # no year
        ("", "invalid"),
    ],
)
def test_pre_suit_number_must_be_the_courts_own_pre_suit_number(s, number, error):
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number=number)
    assert code(e) == error
    assert not Mediation.objects.exists() and not MediationParty.objects.exists()


def test_pre_suit_refusals_write_nothing(s, world):
    pre_suit(s)
    with pytest.raises(ServiceError) as e:
        pre_suit(s)  # same number again
    assert code(e) == "mediation_number_taken"
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number="（2026）京73民诉前调102号", actor=s.bj_admin)
    assert code(e) == "permission_denied"
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number="（2026）京73民诉前调102号", parties=[{"party": s.owner, "side": "applicant"}])
    assert code(e) == "mediation_parties_invalid"
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number="（2026）京73民诉前调102号", parties=[{"party": s.owner, "side": "applicant"}, {"party": s.owner, "side": "respondent"}])
    assert code(e) == "mediation_parties_invalid"
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number="（2026）京73民诉前调102号", received_on=datetime.date.today() + datetime.timedelta(days=1))
    assert code(e) == "invalid" and "received_on" in e.value.fields
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number="（2026）京73民诉前调102号", claim_amount="-1")
    assert code(e) == "invalid"
    services.update_organisation(actor=s.bj_admin, organisation=s.org, accepting=False)
    s.org.refresh_from_db()
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number="（2026）京73民诉前调102号")
    assert code(e) == "mediation_not_accepting"
    assert Mediation.objects.count() == 1


def test_an_organisation_at_capacity_takes_no_more_entrustments(s):
    services.update_organisation(actor=s.bj_admin, organisation=s.org, capacity=1)
    s.org.refresh_from_db()
    pre_suit(s)
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number="（2026）京73民诉前调102号")
    assert code(e) == "mediation_not_accepting" and "上限" in str(e.value.message)
    # the parties' own application is still entered
    direct = services.start_mediation(
        actor=s.bj_liaison,
        source="direct",
        organisation=s.org,
        title="当事人申请调解",
        parties=[{"party": s.owner, "side": "applicant"}, {"party": s.rival, "side": "respondent"}],
        received_on=D(2026, 2, 2),
    )
    assert direct.source == "direct" and Mediation.objects.count() == 2


def test_power_of_attorney_must_be_the_partys_own(s, world):
    rep = register.representative_create(actor=world.examiner, kind="lawyer", name="张律师", licence_number="11101201910012345")
    other_rep = register.representative_create(actor=world.examiner, kind="lawyer", name="王律师", licence_number="11101201910012346")
    poa = register.power_of_attorney_grant(
        actor=world.examiner, principal=s.owner, representative=rep, matter="专利纠纷调解", valid_from=D(2026, 1, 1), scope="special", special_powers=["settle"]
    )
    rows = [{"party": s.owner, "side": "applicant", "power_of_attorney": poa}, {"party": s.rival, "side": "respondent"}]
    m = pre_suit(s, parties=rows)
    assert m.parties.get(party=s.owner).representative == rep
    bad = [{"party": s.rival, "side": "applicant", "power_of_attorney": poa}, {"party": s.owner, "side": "respondent"}]
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number="（2026）京73民诉前调102号", parties=bad)
    assert code(e) == "mediation_parties_invalid"
    mismatched = [{"party": s.owner, "side": "applicant", "power_of_attorney": poa, "representative": other_rep}, {"party": s.rival, "side": "respondent"}]
    with pytest.raises(ServiceError) as e:
        pre_suit(s, number="（2026）京73民诉前调103号", parties=mismatched)
    assert code(e) == "mediation_parties_invalid"


def test_in_suit_needs_a_pending_civil_case_of_the_court(s, world):
    case = suit(s)
    m = in_suit(s, case=case)
    assert m.case == case and m.court == s.court and m.court_number == ""
    # another court's clerk cannot entrust this court's case
    sh_court = Agency.objects.get(court_code="沪73")
    sh_clerk = make_user("m_sh_clerk", sh_court, ["clerk"])
    with pytest.raises(ServiceError) as e:
        services.start_mediation(actor=sh_clerk, source="in_suit", organisation=s.org, title="x", parties=[], received_on=D(2026, 3, 2), case=case)
    assert code(e) == "mediation_case_not_pending"
    closed = suit(s, number="（2026）京73民初102号")
    from ipcollab.proceedings import services as proceedings

    proceedings.close_case(actor=s.judge, case=closed, result="withdrawn", closed_on=D(2026, 2, 1))
    with pytest.raises(ServiceError) as e:
        in_suit(s, case=closed)
    assert code(e) == "mediation_case_not_pending"


def test_direct_application_is_entered_by_the_organisations_staff(s):
    values = dict(
        source="direct", organisation=s.org, title="商标许可费纠纷", parties=[{"party": s.owner, "side": "applicant"}, {"party": s.rival, "side": "respondent"}]
    )
    m = services.start_mediation(actor=s.bj_liaison, received_on=D(2026, 2, 2), field="trademark", **values)
    assert m.source == "direct" and m.court is None and m.office is None
    with pytest.raises(ServiceError) as e:
        services.start_mediation(actor=s.med_sh, received_on=D(2026, 2, 2), **values)
    assert code(e) == "permission_denied"


def test_administrative_mediation_goes_to_the_offices_own_organisation(s):
    values = dict(
        source="administrative", title="专利侵权赔偿数额调解", parties=[{"party": s.owner, "side": "applicant"}, {"party": s.rival, "side": "respondent"}]
    )
    m = services.start_mediation(actor=s.ipo_handler, organisation=s.org_ipo, received_on=D(2026, 2, 2), **values)
    assert m.office == s.ipo and m.court is None
    with pytest.raises(ServiceError) as e:
        services.start_mediation(actor=s.ipo_handler, organisation=s.org, received_on=D(2026, 2, 2), **values)
    assert code(e) == "invalid" and "organisation" in e.value.fields
    with pytest.raises(ServiceError) as e:
        services.start_mediation(actor=s.judge, organisation=s.org_ipo, received_on=D(2026, 2, 2), **values)
    assert code(e) == "permission_denied"


def test_creation_is_idempotent_by_source_system_and_id(s):
    a = pre_suit(s, source_system="court_mediation_platform", source_id="TJPT-2026-0001")
    b = pre_suit(s, source_system="court_mediation_platform", source_id="TJPT-2026-0001")
    assert a.pk == b.pk and Mediation.objects.count() == 1
    with pytest.raises(ServiceError) as e:  # another institution cannot reach it through the id
        services.start_mediation(
            actor=s.ipo_handler,
            source="administrative",
            organisation=s.org_ipo,
            title="x",
            parties=[],
            received_on=D(2026, 2, 2),
            source_system="court_mediation_platform",
            source_id="TJPT-2026-0001",
        )
    assert code(e) == "conflict"


# --- assignment and acceptance ----------------------------------------------------------------------------


def test_assign_accept_starts_the_period_from_the_registry(s):
    m = pre_suit(s)
    m = services.assign(actor=s.bj_liaison, mediation=m, mediator=s.m1)
    assert m.status == "assigned" and m.mediator == s.m1
    assert Notification.objects.filter(recipient=s.med1, code="mediation.assigned").exists()
    m = services.accept(actor=s.med1, mediation=m, accepted_on=D(2026, 3, 3))
    assert m.status == "active" and m.period_rule == "mediation.period.pre_suit" and m.period_days == 30
    assert m.due_on == D(2026, 4, 2)
    assert Notification.objects.filter(recipient=s.judge, code="mediation.accepted").exists()
    assert AuditEvent.objects.filter(action="mediation.accept", object_id=str(m.pk)).exists()


def test_in_suit_period_is_fifteen_days(s):
    m = active(s, in_suit(s), accepted_on=D(2026, 3, 3))
    assert m.period_days == 15 and m.due_on == D(2026, 3, 18)


def test_period_ending_in_spring_festival_rolls_to_the_next_working_day(s):
    m = active(s, pre_suit(s), accepted_on=D(2026, 1, 16))
    # 30 days → 2026-02-15, a Spring Festival rest day; the holiday runs to 02-23
    assert m.due_on == D(2026, 2, 24)


def test_mediator_of_another_organisation(s):
    m = pre_suit(s)
    with pytest.raises(ServiceError) as e:
        services.assign(actor=s.bj_liaison, mediation=m, mediator=s.m_sh)
    assert code(e) == "mediator_other_organisation"
    services.assign(actor=s.bj_liaison, mediation=m, mediator=s.m1)
    with pytest.raises(ServiceError) as e:
        services.accept(actor=s.med_sh, mediation=m)
    assert code(e) == "mediator_other_organisation" and e.value.status == 403
    m.refresh_from_db()
    assert m.status == "assigned" and m.accepted_at is None
    with pytest.raises(ServiceError) as e:
        services.accept(actor=s.med2, mediation=m)  # same organisation, not the one assigned
    assert code(e) == "permission_denied"


def test_only_the_organisation_assigns_and_unavailable_mediators_are_refused(s):
    m = pre_suit(s)
    for actor in (s.med1, s.judge, s.sh_admin):
        with pytest.raises(ServiceError) as e:
            services.assign(actor=actor, mediation=m, mediator=s.m1)
        assert code(e) == "permission_denied"
    services.update_mediator(actor=s.bj_admin, mediator=s.m2, available=False)
    with pytest.raises(ServiceError) as e:
        services.assign(actor=s.bj_admin, mediation=m, mediator=s.m2)
    assert code(e) == "mediator_unavailable"
    assert Mediation.objects.get(pk=m.pk).status == "awaiting"


def test_decline_and_reassign(s):
    m = services.assign(actor=s.bj_liaison, mediation=pre_suit(s), mediator=s.m1)
    with pytest.raises(ServiceError) as e:
        services.decline(actor=s.med1, mediation=m, reason=" ")
    assert code(e) == "invalid"
    m = services.decline(actor=s.med1, mediation=m, reason="与被申请人存在利害关系，申请回避")
    assert m.status == "awaiting" and m.mediator is None
    assert Notification.objects.filter(recipient=s.bj_liaison, code="mediation.declined").exists()
    m = services.assign(actor=s.bj_liaison, mediation=m, mediator=s.m1)
    m = services.assign(actor=s.bj_liaison, mediation=m, mediator=s.m2, reason="原调解员出差")
    assert m.mediator == s.m2
    assert LogEntry.objects.filter(mediation=m, text__contains="改派调解员").exists()
    m = services.accept(actor=s.med2, mediation=m, accepted_on=D(2026, 1, 13))
    due = m.due_on
    # during the mediation: a replacement needs a reason, takes over at once, the period runs on
    with pytest.raises(ServiceError) as e:
        services.assign(actor=s.bj_liaison, mediation=m, mediator=s.m1)
    assert code(e) == "invalid" and "reason" in e.value.fields
    m = services.assign(actor=s.bj_liaison, mediation=m, mediator=s.m1, reason="原调解员长期病假")
    assert m.status == "active" and m.mediator == s.m1 and m.due_on == due
    assert Notification.objects.filter(recipient=s.judge, code="mediation.mediator_replaced").exists()
    assert Notification.objects.filter(recipient=s.med2, code="mediation.mediator_replaced").exists()
    services.record_outcome(actor=s.med1, mediation=m, outcome="failure", ended_on=D(2026, 2, 2))
    with pytest.raises(ServiceError) as e:
        services.assign(actor=s.bj_liaison, mediation=m, mediator=s.m2, reason="x")
    assert code(e) == "mediation_state"


def test_extension_with_reason_and_unpublished_calendar(s):
    m = active(s, pre_suit(s), accepted_on=D(2026, 3, 3))
    with pytest.raises(ServiceError) as e:
        services.extend(actor=s.med1, mediation=m, days=10, reason="")
    assert code(e) == "invalid"
    with pytest.raises(ServiceError) as e:
        services.extend(actor=s.med1, mediation=m, days=0, reason="双方同意")
    assert code(e) == "invalid"
    m = services.extend(actor=s.med1, mediation=m, days=15, reason="双方当事人同意延长")
    assert m.due_on == D(2026, 4, 17) and m.extended_days == 15
    late = active(s, pre_suit(s, number="（2026）京73民诉前调102号", received_on=D(2026, 11, 20)), accepted_on=D(2026, 11, 20))
    assert late.due_on == D(2026, 12, 21)  # 12-20 is a Sunday
    with pytest.raises(ServiceError) as e:
        services.extend(actor=s.med1, mediation=late, days=30, reason="双方当事人同意延长")
    assert code(e) == "calendar_unpublished"
    assert Mediation.objects.get(pk=late.pk).due_on == D(2026, 12, 21)


# --- outcomes and hand-offs ---------------------------------------------------------------------------------


def test_outcome_agreement_needs_an_effective_agreement(s):
    m = active(s, pre_suit(s), accepted_on=D(2026, 1, 13))
    with pytest.raises(ServiceError) as e:
        services.record_outcome(actor=s.med1, mediation=m, outcome="agreement", ended_on=D(2026, 2, 2))
    assert code(e) == "mediation_agreement_missing"
    assert Mediation.objects.get(pk=m.pk).status == "active"
    effective_agreement(m)
    m = services.record_outcome(actor=s.med1, mediation=m, outcome="agreement", ended_on=D(2026, 2, 2), note="分期支付赔偿")
    assert m.status == "closed" and m.outcome == "agreement"
    assert Notification.objects.filter(recipient=s.judge, code="mediation.outcome").exists()
    with pytest.raises(ServiceError) as e:
        services.record_outcome(actor=s.med1, mediation=m, outcome="failure", ended_on=D(2026, 2, 2))
    assert code(e) == "mediation_state"


def test_outcome_refusals(s):
    m = active(s, pre_suit(s), accepted_on=D(2026, 1, 13))
    with pytest.raises(ServiceError) as e:
        services.record_outcome(actor=s.judge, mediation=m, outcome="failure", ended_on=D(2026, 2, 2))
    assert code(e) == "permission_denied"
    with pytest.raises(ServiceError) as e:
        services.record_outcome(actor=s.med1, mediation=m, outcome="failure", ended_on=D(2026, 1, 1))
    assert code(e) == "invalid"
    with pytest.raises(ServiceError) as e:
        services.record_outcome(actor=s.med1, mediation=m, outcome="settled", ended_on=D(2026, 2, 2))
    assert code(e) == "invalid"
    # withdrawal is possible before acceptance; failure is not
    n = pre_suit(s, number="（2026）京73民诉前调102号")
    with pytest.raises(ServiceError) as e:
        services.record_outcome(actor=s.bj_liaison, mediation=n, outcome="failure", ended_on=D(2026, 1, 20))
    assert code(e) == "mediation_state"
    n = services.record_outcome(actor=s.bj_liaison, mediation=n, outcome="withdrawal", ended_on=D(2026, 1, 20))
    assert n.outcome == "withdrawal"


def test_pre_suit_failure_is_filed_as_a_case_linked_to_the_mediation(s):
    m = active(s, pre_suit(s), accepted_on=D(2026, 1, 13))
    with pytest.raises(ServiceError) as e:
        services.court_files_case(
            actor=s.judge, mediation=m, number="（2026）京73民初300号", cause="patent_infringement_utility_model", filed_on=D(2026, 2, 10)
        )
    assert code(e) == "mediation_handoff_invalid"
    m = services.record_outcome(actor=s.med1, mediation=m, outcome="failure", ended_on=D(2026, 2, 9))
    with pytest.raises(ServiceError) as e:
        services.court_files_case(actor=s.med1, mediation=m, number="（2026）京73民初300号", cause="patent_infringement_utility_model", filed_on=D(2026, 2, 10))
    assert code(e) == "permission_denied"
    # a bad case number: nothing written on either side
    with pytest.raises(ServiceError) as e:
        services.court_files_case(actor=s.judge, mediation=m, number="（2026）京73民初", cause="patent_infringement_utility_model", filed_on=D(2026, 2, 10))
    assert Mediation.objects.get(pk=m.pk).court_follow_up == ""
    m = services.court_files_case(
        actor=s.clerk, mediation=m, number="（2026）京73民初300号", cause="patent_infringement_utility_model", filed_on=D(2026, 2, 10), claims=[1]
    )
    case = Proceeding.objects.get(number="（2026）京73民初300号")
    assert m.case == case and m.court_follow_up == "filed"
    assert {(p.party_id, p.role) for p in case.parties.all()} == {(s.owner.pk, "plaintiff"), (s.rival.pk, "defendant")}
    assert Notification.objects.filter(recipient=s.med1, code="mediation.court_follow_up").exists()
    assert LogEntry.objects.filter(mediation=m, kind="hand_off", text__contains="（2026）京73民初300号").exists()
    with pytest.raises(ServiceError) as e:
        services.court_files_case(
            actor=s.clerk, mediation=m, number="（2026）京73民初301号", cause="patent_infringement_utility_model", filed_on=D(2026, 2, 10)
        )
    assert code(e) == "mediation_handoff_invalid"


def test_in_suit_agreement_closes_the_case_by_mediation_statement(s):
    m = active(s, in_suit(s), accepted_on=D(2026, 3, 3))
    effective_agreement(m)
    m = services.record_outcome(actor=s.med1, mediation=m, outcome="agreement", ended_on=D(2026, 3, 10))
    assert Notification.objects.filter(recipient=s.judge, code="mediation.outcome").exists()
    with pytest.raises(ServiceError) as e:
        services.court_closes_case(actor=s.judge, mediation=m, how="confirmation", closed_on=D(2026, 3, 12))
    assert code(e) == "invalid"
    m = services.court_closes_case(actor=s.judge, mediation=m, how="statement", closed_on=D(2026, 3, 12), decision_number="（2026）京73民初101号")
    case = Proceeding.objects.get(pk=m.case_id)
    assert case.status == "closed" and case.disposition == "mediation" and case.result == "mediated"
    assert m.court_follow_up == "statement"
    assert Notification.objects.filter(recipient=s.bj_liaison, code="mediation.court_follow_up").exists()


def test_in_suit_agreement_by_withdrawal_and_failure_continues(s):
    m = active(s, in_suit(s), accepted_on=D(2026, 3, 3))
    effective_agreement(m)
    services.record_outcome(actor=s.med1, mediation=m, outcome="agreement", ended_on=D(2026, 3, 10))
    m = services.court_closes_case(actor=s.clerk, mediation=m, how="withdrawn", closed_on=D(2026, 3, 12))
    assert Proceeding.objects.get(pk=m.case_id).disposition == "withdrawal"
    other = active(s, in_suit(s, case=suit(s, number="（2026）京73民初102号")), accepted_on=D(2026, 3, 3))
    other = services.record_outcome(actor=s.med1, mediation=other, outcome="failure", ended_on=D(2026, 3, 10))
    assert other.court_follow_up == "continued"
    assert Proceeding.objects.get(pk=other.case_id).status == "pending"
    with pytest.raises(ServiceError) as e:
        services.court_closes_case(actor=s.judge, mediation=other, how="statement", closed_on=D(2026, 3, 12))
    assert code(e) == "mediation_handoff_invalid"


# --- selectors ---------------------------------------------------------------------------------------------


def test_visibility_by_role(s, world):
    m = pre_suit(s)
    admin_m = services.start_mediation(
        actor=s.ipo_handler,
        source="administrative",
        organisation=s.org_ipo,
        title="专利侵权赔偿数额调解",
        parties=[{"party": s.owner, "side": "applicant"}, {"party": s.rival, "side": "respondent"}],
        received_on=D(2026, 2, 2),
    )
    assert set(selectors.mediations_for(s.judge)) == {m}
    assert set(selectors.mediations_for(s.med1)) == {m}
    assert set(selectors.mediations_for(s.ipo_handler)) == {admin_m}
    assert set(selectors.mediations_for(s.med_sh)) == set()
    assert set(selectors.mediations_for(world.platform_admin)) == {m, admin_m}
    party_user = make_user("m_party", None, [], kind="external", full_name="恒远法务")
    assert set(selectors.mediations_for(party_user)) == set()
    MediationParty.objects.filter(mediation=m, party=s.owner).update(user=party_user)
    assert set(selectors.mediations_for(party_user)) == {m}
    with pytest.raises(ServiceError) as e:
        selectors.get_mediation(s.med_sh, m.pk)
    assert code(e) == "not_found"
    with pytest.raises(ServiceError) as e:
        selectors.get_mediation(s.judge, 2**70)
    assert code(e) == "not_found"


def test_figures(s):
    a = active(s, pre_suit(s, received_on=D(2026, 1, 12)), accepted_on=D(2026, 1, 13))
    effective_agreement(a)
    services.record_outcome(actor=s.med1, mediation=a, outcome="agreement", ended_on=D(2026, 2, 11))  # 30 days
    b = active(s, pre_suit(s, number="（2026）京73民诉前调102号", received_on=D(2026, 1, 12)), accepted_on=D(2026, 1, 13))
    services.record_outcome(actor=s.med1, mediation=b, outcome="failure", ended_on=D(2026, 1, 22))  # 10 days
    c = active(s, in_suit(s, received_on=D(2026, 3, 2)), accepted_on=D(2026, 3, 3))
    services.record_outcome(actor=s.med1, mediation=c, outcome="failure", ended_on=D(2026, 3, 22))  # 20 days
    pre_suit(s, number="（2026）京73民诉前调103号", received_on=D(2026, 3, 5))  # open
    f = selectors.figures(s.judge, D(2026, 1, 1), D(2026, 12, 31))
    assert f["received"] == 4 and f["closed"] == 3 and f["open"] == 1
    assert f["by_outcome"] == {"agreement": 1, "failure": 2, "withdrawal": 0}
    assert f["by_source"]["pre_suit"]["received"] == 3 and f["by_source"]["pre_suit"]["success_rate"] == 0.5
    assert f["success_rate"] == round(1 / 3, 4)
    assert f["median_days"] == 20 and f["mean_days"] == 20.0
    assert selectors.figures(s.med_sh, D(2026, 1, 1), D(2026, 12, 31))["received"] == 0
