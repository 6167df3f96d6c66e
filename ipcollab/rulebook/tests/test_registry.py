"""The rule registry: versions by date, citations, period deadlines, registration checks."""

import datetime

import pytest

from ipcollab.rulebook import registry
from ipcollab.rulebook.citations import article_text, chinese_number, citation
from ipcollab.rulebook.models import LegalRule
from ipcollab.rulebook.registry import RuleError, get_rule, period_rule_deadline, register_rule, rule_deadline
from ipcollab.rulebook.specs import RuleSpec, fixed, period

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("on", "version", "article"),
    [
        (D(2017, 6, 30), "2012", "第194条"),
        (D(2017, 7, 1), "2017", "第194条"),
        (D(2021, 12, 31), "2017", "第194条"),
        (D(2022, 1, 1), "2021", "第201条"),
        (D(2023, 12, 31), "2021", "第201条"),
        (D(2024, 1, 1), "2023", "第205条"),
        (D(2030, 6, 1), "2023", "第205条"),
    ],
)
def test_judicial_confirmation_versions_at_their_boundaries(on, version, article):
    rule = get_rule("mediation.judicial_confirmation.apply_within", on)
    assert (rule.law_version, rule.article) == (version, article)
    assert rule.parameters == {"amount": 30, "unit": "days", "roll_forward": True}
    assert rule.in_effect(on)


def test_citation_of_the_2023_text():
    rule = get_rule("mediation.judicial_confirmation.apply_within", D(2024, 3, 1))
    assert rule.citation == "依据《中华人民共和国民事诉讼法》（2023年修正）第二百零五条"
    appeal = get_rule("trial.appeal_period.civil_judgment", D(2024, 3, 1))
    assert appeal.citation == "依据《中华人民共和国民事诉讼法》（2023年修正）第一百七十一条"
    assert appeal.verification == "R" and not appeal.verified


def test_every_seeded_rule_stores_its_law_version_and_a_tag():
    rows = list(LegalRule.objects.all())
    assert len(rows) >= 40
    for row in rows:
        assert row.law_version and row.legal_basis and row.verification in ("V", "R"), row.code
        registry.check_parameters(row.parameters, row.parameters_schema)


def test_preservation_conflict_is_two_adjustable_unverified_rules():
    on = D(2025, 1, 1)
    patent = get_rule("preservation.freeze_max_period.patent", on)
    general = get_rule("preservation.freeze_max_period.property_right", on)
    assert (patent.parameters["amount"], patent.parameters["unit"]) == (6, "months")
    assert (general.parameters["amount"], general.parameters["unit"]) == (3, "years")
    assert patent.adjustable and general.adjustable
    assert patent.verification == general.verification == "R"
    assert patent.parameters["roll_forward"] is False


def test_unknown_rule_and_date_outside_every_version():
    with pytest.raises(RuleError) as unknown:
        get_rule("no.such.rule", D(2024, 1, 1))
    assert unknown.value.code == "rule_unknown" and unknown.value.status == 404
    with pytest.raises(RuleError) as early:
        get_rule("trial.appeal_period.civil_judgment", D(2012, 12, 31))
    assert early.value.code == "rule_not_in_effect" and "on" in early.value.fields
    with pytest.raises(RuleError) as bad:
        get_rule("trial.appeal_period.civil_judgment", "2024-01-01")
    assert bad.value.code == "invalid"


def test_period_deadlines_built_on_the_deadline_engine():
    # 15 days from 2024-09-20 end on 2024-10-05, inside the National Day break: next working day
    assert period_rule_deadline("trial.appeal_period.civil_judgment", D(2024, 9, 20)) == D(2024, 10, 8)
    assert period_rule_deadline("trial.appeal_period.civil_ruling", D(2024, 3, 1)) == D(2024, 3, 11)
    # presumed receipt: plain arithmetic, no roll-forward
    assert period_rule_deadline("cnipa.presumed_receipt", D(2024, 9, 20)) == D(2024, 10, 5)
    # the 9-month drug-linkage wait does not roll forward; month-end handling
    assert period_rule_deadline("drug_linkage.waiting_period", D(2023, 5, 31)) == D(2024, 2, 29)
    # 10 working days (Administrative Compulsion Law art 69): 9-29 (adjusted Sunday), 9-30, 10-8 … 10-11,
    # 10-12 (adjusted Saturday), 10-14, 10-15, 10-16
    assert period_rule_deadline("admin_enforcement.demand_period", D(2024, 9, 27)) == D(2024, 10, 16)
    result = rule_deadline("cnipa.patent_decision.suit_window", D(2024, 3, 1))
    assert result.deadline == D(2024, 6, 3)  # 2024-06-01 is a Saturday
    assert result.rule.code == "cnipa.patent_decision.suit_window"


def test_deadline_uses_the_version_in_effect_on_the_start_or_on_date():
    old = rule_deadline("cnipa.presumed_receipt", D(2023, 3, 1))
    assert old.rule.law_version == "2010"
    new = rule_deadline("cnipa.presumed_receipt", D(2023, 3, 1), on=D(2024, 6, 1))
    assert new.rule.law_version == "2023"


def test_deadline_errors_carry_stable_codes():
    with pytest.raises(RuleError) as not_period:
        period_rule_deadline("jurisdiction.appeal.spc_ip_tribunal", D(2024, 1, 1))
    assert not_period.value.code == "rule_not_a_period"
    with pytest.raises(RuleError) as unpublished:
        period_rule_deadline("trial.appeal_period.civil_judgment", D(2099, 1, 5))
    assert unpublished.value.code == "calendar_unpublished"
    with pytest.raises(RuleError) as early:
        period_rule_deadline("trial.appeal_period.civil_judgment", D(2010, 1, 5))
    assert early.value.code == "rule_not_in_effect"


def _spec(**kw):
    base = dict(
        code="test.sample_period",
        module="test",
        category="period",
        title="测试期间",
        title_en="Test period",
        legal_basis="测试法",
        article="第12条",
        law_version="2020",
        effective_from=D(2020, 1, 1),
        effective_to=D(2022, 12, 31),
        params=period(10, "days"),
    )
    base.update(kw)
    return RuleSpec(**base)


def test_register_rule_refuses_overlapping_versions(world):
    first = register_rule(_spec(), actor=world.platform_admin)
    assert first.version_label == "2020年" and first.citation == "依据《测试法》（2020年）第十二条"
    with pytest.raises(RuleError) as overlap:
        register_rule(_spec(effective_from=D(2022, 12, 31), effective_to=None, law_version="2023"))
    assert overlap.value.code == "rule_dates_overlap"
    with pytest.raises(RuleError) as open_before:
        register_rule(_spec(effective_from=D(2019, 1, 1), effective_to=None))
    assert open_before.value.code == "rule_dates_overlap"
    nxt = register_rule(_spec(effective_from=D(2023, 1, 1), effective_to=None, law_version="2023", params=period(20, "days")))
    assert get_rule("test.sample_period", D(2022, 12, 31)).parameters["amount"] == 10
    assert get_rule("test.sample_period", D(2023, 1, 1)).parameters["amount"] == 20
    assert nxt.effective_to is None
    assert LegalRule.objects.filter(code="test.sample_period").count() == 2


def test_register_rule_checks_parameters_and_dates():
    with pytest.raises(RuleError) as bad:
        register_rule(_spec(params=({"amount": "ten", "unit": "days", "roll_forward": True}, period(10, "days")[1])))
    assert bad.value.code == "rule_parameters_invalid" and "amount" in bad.value.fields
    with pytest.raises(RuleError) as reversed_dates:
        register_rule(_spec(effective_from=D(2020, 1, 1), effective_to=D(2019, 1, 1)))
    assert reversed_dates.value.code == "rule_dates_overlap"
    assert not LegalRule.objects.filter(code="test.sample_period").exists()


def test_sync_rules_is_idempotent_and_never_rewrites_parameters():
    from ipcollab.rulebook.legal_rules import RULES
    from ipcollab.rulebook.loader import sync_rules

    before = LegalRule.objects.count()
    assert sync_rules(RULES) == (0, 0)
    assert LegalRule.objects.count() == before
    spec = _spec(effective_to=None, note="初版")
    assert sync_rules([spec]) == (1, 0)
    changed = RuleSpec(**{**spec.__dict__, "note": "更正说明", "params": period(99, "days", bounds=(1, 99))})
    assert sync_rules([changed]) == (0, 1)
    row = LegalRule.objects.get(code="test.sample_period")
    assert row.note == "更正说明" and row.parameters["amount"] == 10


def test_fixed_parameters_helper():
    params, schema = fixed(court="京73")
    registry.check_parameters(params, schema)
    with pytest.raises(RuleError) as exc:
        registry.check_parameters({"court": "沪73"}, schema)
    assert exc.value.code == "rule_out_of_bounds"


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (15, "十五"), (20, "二十"), (101, "一百零一"), (110, "一百一十"), (171, "一百七十一"), (205, "二百零五"), (1001, "一千零一")],
)
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_article_and_citation_text():
    assert article_text("第4条第3款") == "第四条第三款"
    assert article_text("第34条、第35条") == "第三十四条、第三十五条"
    assert citation("中华人民共和国专利法", "2020年修正", "") == "依据《中华人民共和国专利法》（2020年修正）"
