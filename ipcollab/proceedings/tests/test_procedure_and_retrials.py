"""The 审限 rules issue 6 still lacked: the simplified procedure chosen at filing (basic courts'
civil first instance only) and its conversion to the ordinary procedure; civil and administrative
retrials tried under the procedure of the instance they reopen, administrative retrial reviews and
criminal retrials — filed by hand, pushed, or linked when the reopened case arrives later."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from conftest import make_user
from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.orgs.models import Agency
from ipcollab.proceedings import linking, selectors, services
from ipcollab.proceedings.models import Proceeding
from ipcollab.proceedings.time_limits import retrial_rule

from .conftest import suit

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def haidian(bench):
    court = Agency.objects.get(court_code="京0108")
    return court, make_user("p_hd_judge", court, ["judge"], full_name="钱法官")


def _basic_case(bench, judge, number="（2026）京0108民初88号", procedure="simplified"):
    return services.file_case(
        actor=judge,
        number=number,
        cause="trademark_infringement",
        filed_on=D(2026, 9, 1),
        parties=[{"party": bench.owner, "role": "plaintiff"}, {"party": bench.rival, "role": "defendant"}],
        judge=judge,
        procedure=procedure,
    )


def test_a_basic_court_tries_a_civil_case_under_the_simplified_procedure_in_three_months(bench, haidian):
    _court, judge = haidian
    case = _basic_case(bench, judge)
    assert (case.procedure, case.time_limit_rule) == ("simplified", "trial.time_limit.civil_simplified")
    limit, rule = selectors.time_limit_of(case, today=D(2026, 9, 10))
    assert limit.ends_on == D(2026, 12, 1) and rule.article == "第164条"


def test_the_simplified_procedure_is_refused_outside_a_basic_courts_civil_first_instance(bench):
    before = Proceeding.objects.count()
    with pytest.raises(ServiceError) as exc:
        suit(bench, procedure="simplified")  # 京73, an intermediate court
    assert exc.value.code == ErrorCode.PROCEDURE_NOT_AVAILABLE and "procedure" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        suit(bench, procedure="summary")
    assert exc.value.code == ErrorCode.INVALID
    assert Proceeding.objects.count() == before


def test_converting_to_the_ordinary_procedure_gives_six_months_from_filing(bench, haidian):
    _court, judge = haidian
    case = _basic_case(bench, judge)
    with pytest.raises(ServiceError) as exc:
        services.convert_to_ordinary(actor=judge, case=case, converted_on=D(2026, 8, 31), reason="案情复杂")
    assert exc.value.code == ErrorCode.INVALID and "converted_on" in exc.value.fields  # before filing
    with pytest.raises(ServiceError) as exc:
        services.convert_to_ordinary(actor=judge, case=case, converted_on=D(2026, 10, 8), reason=" ")
    assert "reason" in exc.value.fields
    services.convert_to_ordinary(actor=judge, case=case, converted_on=D(2026, 10, 8), reason="案情复杂，需要鉴定")
    case.refresh_from_db()
    assert (case.procedure, case.procedure_converted_on, case.time_limit_rule) == ("", D(2026, 10, 8), "trial.time_limit.civil_first_instance")
    limit, _rule = selectors.time_limit_of(case, today=D(2026, 10, 9))
    assert limit.ends_on == D(2027, 3, 1)
    event = AuditEvent.objects.get(action="proceedings.convert_to_ordinary")
    assert event.before["time_limit_rule"] == "trial.time_limit.civil_simplified" and event.reason == "案情复杂，需要鉴定"
    with pytest.raises(ServiceError) as exc:  # once only
        services.convert_to_ordinary(actor=judge, case=case, converted_on=D(2026, 10, 9), reason="再次")
    assert exc.value.code == ErrorCode.PROCEDURE_NOT_AVAILABLE


def test_a_closed_simplified_case_is_not_converted(bench, haidian):
    _court, judge = haidian
    case = _basic_case(bench, judge)
    services.close_case(actor=judge, case=case, result="withdrawn", closed_on=D(2026, 10, 1))
    with pytest.raises(ServiceError) as exc:
        services.convert_to_ordinary(actor=judge, case=case, converted_on=D(2026, 10, 8), reason="案情复杂")
    assert exc.value.code == ErrorCode.PROCEEDING_CLOSED


def test_the_judge_converts_on_the_case_page(bench, haidian, client):
    _court, judge = haidian
    case = _basic_case(bench, judge)
    client.force_login(judge, backend="ipcollab.accounts.backends.AccountBackend")
    page = client.get(reverse("proceedings:detail", args=[case.pk])).content.decode()
    assert 'id="procedure-form"' in page and "简易程序" in page
    r = client.post(reverse("proceedings:action", args=[case.pk, "procedure"]), {"converted_on": "2026-10-08", "reason": "案情复杂"})
    assert r.status_code == 302
    page = client.get(reverse("proceedings:detail", args=[case.pk])).content.decode()
    assert "2026-10-08 由简易程序转为普通程序" in page and 'id="procedure-form"' not in page


def test_a_retrial_takes_the_rule_of_the_instance_it_reopens(bench):
    first = suit(bench)
    services.close_case(actor=bench.judge, case=first, result="claims_supported", closed_on=D(2026, 6, 1))
    retrial = services.file_case(
        actor=bench.judge,
        number="（2026）京73民再3号",
        cause="patent_infringement_utility_model",
        filed_on=D(2026, 9, 1),
        parties=[{"party": bench.rival, "role": "petitioner"}, {"party": bench.owner, "role": "respondent"}],
        previous=first,
    )
    assert retrial.time_limit_rule == "trial.time_limit.civil_first_instance"
    assert retrial_rule("civil", "second_instance") == "trial.time_limit.civil_appeal_judgment"
    assert retrial_rule("administrative", "first_instance") == "trial.time_limit.admin_first_instance"
    assert retrial_rule("administrative", "second_instance") == "trial.time_limit.admin_appeal"
    assert retrial_rule("civil", "retrial_review") == ""
    assert services.time_limit_rule("civil", "retrial") == ""  # reopened case unknown: no rule yet
    assert services.time_limit_rule("criminal", "retrial") == "trial.time_limit.criminal_retrial"
    assert services.time_limit_rule("administrative", "retrial_review") == "trial.time_limit.admin_retrial_review"


def test_an_administrative_retrial_review_has_six_months(bench):
    review = services.file_case(
        actor=bench.spc_judge,
        number="（2026）最高法知行申7号",
        cause="admin_patent_invalidation",
        filed_on=D(2026, 6, 30),
        parties=[{"party": bench.rival, "role": "petitioner"}, {"party": bench.owner, "role": "respondent"}],
    )
    assert review.time_limit_rule == "trial.time_limit.admin_retrial_review"
    limit, rule = selectors.time_limit_of(review, today=D(2026, 7, 1))
    assert limit.ends_on == D(2026, 12, 30) and rule.article == "第117条"


def test_a_retrial_linked_to_its_reopened_appeal_later_gets_the_appeal_rule(bench):
    from .test_linking import case as raw_case

    retrial = raw_case("（2026）京73民再9号", {"previous": "（2025）京民终12号", "relation": "retrial"}, stage="retrial", filed=D(2026, 5, 6))
    linking.link_pending()
    retrial.refresh_from_db()
    assert retrial.time_limit_rule == "" and retrial.refs["unresolved"]["previous"] == "（2025）京民终12号"
    raw_case("（2025）京民终12号", stage="second_instance", filed=D(2025, 3, 1))
    linking.link_pending()
    retrial.refresh_from_db()
    assert retrial.previous is not None and retrial.time_limit_rule == "trial.time_limit.civil_appeal_judgment"
