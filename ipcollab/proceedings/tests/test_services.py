"""Services of proceedings: filing, deciding, stays and 审限, service windows, coordination between
the two sides, and the bad input of issue 6 — each refused with its code, nothing written."""

import datetime

import pytest
import time_machine

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.notifications.models import Notification
from ipcollab.proceedings import selectors, services
from ipcollab.proceedings.models import Assignment, Change, Proceeding, Status, Stay
from ipcollab.registry.models import LegalEvent, Right

from .conftest import invalidation, suit

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), tick=False):
        yield


def refused(code, fn, *args, **kwargs):
    before = (Proceeding.objects.count(), Stay.objects.count(), Change.objects.count(), Notification.objects.count())
    with pytest.raises(ServiceError) as exc:
        fn(*args, **kwargs)
    assert exc.value.code == code, exc.value.fields
    assert (Proceeding.objects.count(), Stay.objects.count(), Change.objects.count(), Notification.objects.count()) == before
    return exc.value


def test_file_case_parses_the_number_and_records_everything(bench):
    case = suit(bench, number="(2026)京73民初101号")
    assert case.number == "（2026）京73民初101号"
    assert (case.kind, case.stage, case.court_code, case.type_code, case.sequence, case.year) == ("civil", "first_instance", "京73", "民初", 101, 2026)
    assert case.agency == bench.ip_court and case.category == "utility_model"
    assert case.time_limit_rule == "trial.time_limit.civil_first_instance"
    assert [(pp.party, pp.role) for pp in case.parties.all()] == [(bench.owner, "plaintiff"), (bench.rival, "defendant")]
    assert case.rights.get().claims == [1, 2, 3]
    assert set(Assignment.objects.filter(proceeding=case).values_list("role", "user")) == {("judge", bench.judge.pk), ("clerk", bench.clerk.pk)}
    assert AuditEvent.objects.filter(action="proceedings.case.file", object_id=str(case.pk)).exists()


def test_bad_case_numbers_and_causes(bench):
    refused(ErrorCode.CASE_NUMBER_INVALID, suit, bench, number="京73民初101号")
    refused(ErrorCode.CASE_NUMBER_INVALID, suit, bench, number="（2003）高民终字第242号")
    refused(ErrorCode.CASE_TYPE_UNSUPPORTED, suit, bench, number="（2026）京73执保1号")
    refused(
        ErrorCode.CAUSE_MISMATCH,
        services.file_case,
        actor=bench.judge,
        number="（2026）京73行初5号",
        cause="patent_infringement_invention",
        filed_on=D(2026, 3, 1),
        parties=[{"party": bench.owner, "role": "plaintiff"}],
    )
    suit(bench)
    refused(ErrorCode.PROCEEDING_DUPLICATE, suit, bench, number="(2026)京73民初101号")


def test_a_court_files_only_its_own_cases(bench, world):
    with pytest.raises(PermissionDenied):
        services.file_case(
            actor=bench.high_judge,
            number="（2026）京73民初7号",
            cause="trademark_infringement",
            filed_on=D(2026, 3, 1),
            parties=[{"party": bench.owner, "role": "plaintiff"}],
        )
    with pytest.raises(PermissionDenied):
        services.file_case(actor=world.examiner, number="（2026）京73民初9号", cause="trademark_infringement", filed_on=D(2026, 3, 1), parties=[])


def test_claims_the_patent_does_not_have(bench):
    err = refused(ErrorCode.CLAIMS_NOT_IN_RIGHT, suit, bench, claims=(1, 11))
    assert "11" in str(err.message) and "10" in str(err.message)
    refused(ErrorCode.CLAIMS_NOT_IN_RIGHT, suit, bench, claims=(0,))
    refused(ErrorCode.CLAIMS_NOT_IN_RIGHT, invalidation, bench, claims=(9,), right=bench.invention)
    assert suit(bench, claims=(10,)).rights.get().claims == [10]


def test_filing_date_in_the_case_number_year(bench):
    err = refused(ErrorCode.INVALID, suit, bench, filed_on=D(2025, 12, 30))
    assert "filed_on" in err.fields


def test_an_appeal_needs_its_first_instance_closed_and_gets_the_expected_court(bench):
    first = suit(bench)
    appeal = dict(
        actor=bench.spc_judge,
        number="（2026）最高法知民终31号",
        cause="patent_infringement_utility_model",
        filed_on=D(2026, 10, 9),
        parties=[{"party": bench.rival, "role": "appellant"}, {"party": bench.owner, "role": "appellee"}],
        rights=[{"right": bench.um, "claims": [1]}],
        previous=first,
    )
    refused(ErrorCode.PREVIOUS_INSTANCE_PENDING, services.file_case, **appeal)
    services.close_case(actor=bench.judge, case=first, result="claims_supported", closed_on=D(2026, 9, 1))
    case = services.file_case(**appeal)
    assert case.previous == first and case.relation == "appeal"
    assert case.time_limit_rule == "trial.time_limit.civil_appeal_judgment"
    assert case.expected_court is not None


def test_invalidation_decision_tells_every_court_with_a_pending_suit(bench):
    case = suit(bench)
    other = suit(bench, number="（2026）京73民初102号")
    services.close_case(actor=bench.judge, case=other, result="withdrawn", closed_on=D(2026, 4, 1))
    inv = invalidation(bench)
    assert Right.objects.get(pk=bench.um.pk).invalidations == 1
    services.decide(
        actor=bench.examiner, proceeding=inv, result="partly_invalid", decided_on=D(2026, 9, 30), decision_number="第581234号", surviving_claims=[4, 5]
    )
    inv.refresh_from_db()
    assert (inv.status, inv.result, inv.surviving_claims, inv.disposition) == ("closed", "partly_invalid", [4, 5], "decision")
    event = LegalEvent.objects.filter(right=bench.um, type="invalidation_decided").get()
    assert event.outcome == "partly_invalid" and event.details["surviving_claims"] == [4, 5]
    notes = Notification.objects.filter(code="proceedings.invalidation_decided")
    assert {n.recipient for n in notes} == {bench.judge, bench.clerk}
    assert all(case.number in n.body and "4、5" in n.body for n in notes)
    # the withdrawn suit is closed: nobody there is told twice or at all
    assert notes.count() == 2


def test_decision_input(bench):
    inv = invalidation(bench)
    refused(
        ErrorCode.RESULT_NOT_ALLOWED,
        services.decide,
        actor=bench.examiner,
        proceeding=inv,
        result="claims_supported",
        decided_on=D(2026, 9, 30),
        decision_number="1",
    )
    refused(ErrorCode.INVALID, services.decide, actor=bench.examiner, proceeding=inv, result="partly_invalid", decided_on=D(2026, 9, 30), decision_number="1")
    refused(
        ErrorCode.CLAIMS_NOT_IN_RIGHT,
        services.decide,
        actor=bench.examiner,
        proceeding=inv,
        result="partly_invalid",
        decided_on=D(2026, 9, 30),
        decision_number="1",
        surviving_claims=[12],
    )
    refused(ErrorCode.INVALID, services.decide, actor=bench.examiner, proceeding=inv, result="upheld", decided_on=D(2026, 3, 19), decision_number="1")
    with pytest.raises(PermissionDenied):
        services.decide(actor=bench.judge, proceeding=inv, result="upheld", decided_on=D(2026, 9, 30), decision_number="1")
    services.decide(actor=bench.examiner, proceeding=inv, result="upheld", decided_on=D(2026, 9, 30), decision_number="第581235号")
    refused(ErrorCode.PROCEEDING_CLOSED, services.decide, actor=bench.examiner, proceeding=inv, result="upheld", decided_on=D(2026, 9, 30), decision_number="2")


def test_stay_pauses_the_time_limit_and_cannot_be_recorded_on_a_closed_case(bench):
    case = suit(bench)
    limit, _rule = selectors.time_limit_of(case, today=D(2026, 4, 1))
    assert limit.ends_on == D(2026, 9, 2)
    inv = invalidation(bench)
    stay = services.record_stay(actor=bench.judge, case=case, started_on=D(2026, 3, 25), reason="被告请求宣告涉案专利权无效", basis=inv)
    # a utility model, invalidation requested within the defence period (served 3-10, 15 days): shall stay
    assert stay.guidance == "shall_stay" and stay.rule_code == "stay.um_design.within_defence_period"
    case.refresh_from_db()
    assert case.status == Status.STAYED
    limit, _rule = selectors.time_limit_of(case, today=D(2026, 6, 1))
    assert limit.ends_on is None and limit.stayed_since == D(2026, 3, 25)
    refused(ErrorCode.STAY_ALREADY_OPEN, services.record_stay, actor=bench.judge, case=case, started_on=D(2026, 4, 1), reason="x")
    services.lift_stay(actor=bench.judge, case=case, ended_on=D(2026, 10, 8))
    case.refresh_from_db()
    limit, _rule = selectors.time_limit_of(case, today=D(2026, 10, 9))
    # 197 days stayed (3-25 … 10-7) push the end back from 9-2
    assert limit.paused_days == 197 and limit.ends_on == D(2026, 9, 2) + datetime.timedelta(days=197)
    refused(ErrorCode.STAY_NOT_OPEN, services.lift_stay, actor=bench.judge, case=case, ended_on=D(2026, 10, 9))
    services.close_case(actor=bench.judge, case=case, result="claims_rejected", closed_on=D(2026, 11, 2))
    refused(ErrorCode.PROCEEDING_CLOSED, services.record_stay, actor=bench.judge, case=case, started_on=D(2026, 11, 3), reason="x")


def test_court_decision_on_an_admin_suit_tells_the_cnipa_handler(bench):
    inv = invalidation(bench)
    services.decide(actor=bench.examiner, proceeding=inv, result="all_invalid", decided_on=D(2026, 5, 6), decision_number="第570001号")
    refused(
        ErrorCode.DECISION_NOT_REVIEWABLE,
        services.file_case,
        actor=bench.judge,
        number="（2026）京73行初9号",
        cause="admin_patent_invalidation",
        filed_on=D(2026, 6, 1),
        parties=[{"party": bench.owner, "role": "plaintiff"}],
        reviewed=invalidation(bench, number="4W120002", right=bench.invention, claims=()),
    )
    admin = services.file_case(
        actor=bench.judge,
        number="（2026）京73行初10号",
        cause="admin_patent_invalidation",
        filed_on=D(2026, 6, 1),
        parties=[{"party": bench.owner, "role": "plaintiff"}],
        rights=[{"right": bench.um}],
        reviewed=inv,
        judge=bench.judge,
    )
    refused(ErrorCode.RESULT_NOT_ALLOWED, services.close_case, actor=bench.judge, case=admin, result="claims_supported", closed_on=D(2026, 11, 1))
    services.close_case(actor=bench.judge, case=admin, result="decision_revoked", closed_on=D(2026, 11, 1))
    note = Notification.objects.get(code="proceedings.court_decided")
    assert note.recipient == bench.examiner and "撤销被诉决定" in note.title


def test_suit_windows_run_from_each_partys_own_service(bench):
    inv = invalidation(bench)
    services.decide(actor=bench.examiner, proceeding=inv, result="upheld", decided_on=D(2026, 5, 6), decision_number="第570002号")
    a = services.serve(actor=bench.examiner, proceeding=inv, party=bench.rival, method="electronic", served_on=D(2026, 5, 8))
    b = services.serve(actor=bench.examiner, proceeding=inv, party=bench.owner, method="post", sent_on=D(2026, 5, 7))
    assert a.window_rule == "cnipa.patent_decision.suit_window" and a.window_ends == D(2026, 8, 10)  # 8-8 is a Saturday
    assert b.presumed and b.served_on == D(2026, 5, 22) and b.window_ends == D(2026, 8, 24)  # 8-22 Saturday
    refused(ErrorCode.INVALID, services.serve, actor=bench.examiner, proceeding=inv, party=bench.owner, method="post", served_on=D(2026, 5, 9))


def test_drug_linkage_window(bench):
    linkage = {"drug_name": "奥司他韦胶囊", "application_number": "CYHS2600123", "drug_type": "chemical", "declaration": "4.2", "published_on": D(2026, 3, 2)}
    kwargs = dict(
        actor=bench.judge,
        cause="drug_patent_scope",
        parties=[{"party": bench.owner, "role": "plaintiff"}, {"party": bench.rival, "role": "defendant"}],
        rights=[{"right": bench.invention, "claims": [1]}],
    )
    refused(ErrorCode.DRUG_LINKAGE_LATE, services.file_case, number="（2026）京73民初300号", filed_on=D(2026, 4, 17), drug_linkage=linkage, **kwargs)
    case = services.file_case(number="（2026）京73民初301号", filed_on=D(2026, 4, 16), drug_linkage=linkage, **kwargs)
    assert case.drug_linkage.window_ends == D(2026, 4, 16) and case.drug_linkage.waiting_ends == D(2027, 1, 16)


def test_priority_examination_and_evaluation_report(bench):
    case = suit(bench)
    inv = invalidation(bench)
    item = services.request_priority(actor=bench.judge, proceeding=inv, reason="侵权案件待无效结论", dispute=case)
    refused(ErrorCode.PRIORITY_ALREADY_REQUESTED, services.request_priority, actor=bench.judge, proceeding=inv, reason="again", dispute=case)
    assert [r.pk for r in selectors.priority_queue(bench.examiner)] == [item.pk]
    services.decide_priority(actor=bench.examiner, request_item=item, grant=True, reason="涉及在审侵权案件")
    inv.refresh_from_db()
    assert inv.priority == "granted"
    assert Notification.objects.filter(code="proceedings.priority_decided", recipient=bench.judge).exists()
    with pytest.raises(ServiceError) as exc:
        services.order_evaluation_report(
            actor=bench.judge,
            case=suit(bench, number="（2026）京73民初102号", right=bench.invention, claims=(1,)),
            right=bench.invention,
            ordered_on=D(2026, 4, 1),
        )
    assert exc.value.code == ErrorCode.EVALUATION_REPORT_NOT_AVAILABLE
    report = services.order_evaluation_report(actor=bench.judge, case=case, right=bench.um, ordered_on=D(2026, 4, 1))
    report = services.request_evaluation_report(actor=bench.examiner, right=bench.um, requester=bench.owner, requested_on=D(2026, 4, 3))
    assert report.due_on == D(2026, 6, 3)
    services.issue_evaluation_report(
        actor=bench.examiner,
        report=report,
        number="PJ2026-0001",
        issued_on=D(2026, 5, 20),
        defects_found=False,
        conclusion="未发现不符合授权条件的缺陷",
        claims_without_defect=[1, 2, 3],
    )
    assert Notification.objects.filter(code="proceedings.report_issued", recipient=bench.judge).exists()


def test_criminal_cases_and_civil_retrial_reviews_have_their_time_limits(bench):
    from conftest import make_user
    from ipcollab.orgs.models import Agency

    haidian = Agency.objects.get(court_code="京0108")
    judge = make_user("p_haidian_judge", haidian, ["judge"], full_name="钱法官")
    crime = services.file_case(
        actor=judge,
        number="（2026）京0108刑初12号",
        cause="crime_counterfeit_mark",
        filed_on=D(2026, 3, 2),
        parties=[{"party": bench.rival, "role": "accused"}],
        judge=judge,
    )
    assert crime.time_limit_rule == "trial.time_limit.criminal_first_instance"
    limit, rule = selectors.time_limit_of(crime, today=D(2026, 4, 1))
    assert (limit.ends_on, rule.article, rule.law_version) == (D(2026, 5, 2), "第208条", "2018")
    review = services.file_case(
        actor=bench.spc_judge,
        number="（2026）最高法知民申5号",
        cause="patent_infringement_utility_model",
        filed_on=D(2026, 6, 30),
        parties=[{"party": bench.rival, "role": "petitioner"}, {"party": bench.owner, "role": "respondent"}],
    )
    assert review.time_limit_rule == "trial.time_limit.civil_retrial_review"
    limit, rule = selectors.time_limit_of(review, today=D(2026, 7, 1))
    assert (limit.ends_on, rule.article) == (D(2026, 9, 30), "第215条")
