"""Jurisdiction answers for real cases, on dates around the routing change of 2023-11-01."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ipcollab.orgs.models import Agency, Region
from ipcollab.rulebook.jurisdiction import adjudication_office, appellate_court, competent_court
from ipcollab.rulebook.models import AppealRoute, FirstInstanceJurisdiction
from ipcollab.rulebook.registry import RuleError

pytestmark = pytest.mark.django_db
D = datetime.date


def court(code):
    return Agency.objects.get(court_code=code)


def test_shenzhen_invention_patent_case_goes_to_shenzhen_intermediate_court():
    decision = competent_court("invention_patent", "440305", D(2024, 5, 1))
    assert decision.court.court_code == "粤03" and decision.court.name == "深圳市中级人民法院"
    assert decision.rule.code == "jurisdiction.first_instance.technical"
    assert decision.citation == "依据《最高人民法院关于第一审知识产权民事、行政案件管辖的若干规定》（法释〔2022〕13号）第一条"
    assert isinstance(decision.row, FirstInstanceJurisdiction) and decision.row.region_id == "440300"


@pytest.mark.parametrize(
    ("category", "region", "expected"),
    [
        ("invention_patent", "440106", "粤73"),  # Guangzhou: the Guangzhou IP Court
        ("utility_model", "440600", "粤73"),  # Foshan: province-wide jurisdiction of the Guangzhou IP Court
        ("software", "110108", "京73"),
        ("technical_secret", "310115", "沪73"),
        ("invention_patent", "320508", "苏05"),
        ("invention_patent", "320106", "苏01"),
        ("invention_patent", "460100", "琼73"),
        ("design_patent", "330108", "浙01"),
        ("monopoly", "420100", "鄂01"),
        ("trademark", "110108", "京0108"),
        ("copyright", "110109", "京73"),  # a district without a designated court in the table: the IP court's level
        ("unfair_competition", "440305", "粤0305"),
        ("trademark", "440100", "粤73"),
    ],
)
def test_first_instance_courts(category, region, expected):
    assert competent_court(category, region, D(2024, 5, 1)).court.court_code == expected


def test_cnipa_admin_cases_go_to_beijing_ip_court_then_spc_or_beijing_high_court():
    on = D(2024, 6, 3)
    for category in ("admin_cnipa_patent", "admin_cnipa_trademark"):
        first = competent_court(category, None, on)
        assert first.court.court_code == "京73"
        assert competent_court(category, "440305", on).court.court_code == "京73"  # nationwide, whatever the region
    patent_appeal = appellate_court("京73", "admin_cnipa_patent", on)
    assert patent_appeal.court.court_code == "最高法"
    assert patent_appeal.rule.code == "jurisdiction.appeal.spc_ip_tribunal" and patent_appeal.rule.verified
    trademark_appeal = appellate_court("京73", "admin_cnipa_trademark", on)
    assert trademark_appeal.court.court_code == "京"
    assert competent_court("admin_cnipa_trademark", None, on, instance="second", from_court="京73").court.court_code == "京"


def test_drug_linkage_goes_to_beijing_ip_court_from_july_2021():
    assert competent_court("drug_linkage", "310115", D(2022, 1, 4)).court.court_code == "京73"
    with pytest.raises(RuleError) as exc:
        competent_court("drug_linkage", "310115", D(2021, 7, 1))
    assert exc.value.code == "no_competent_court"


def test_utility_model_appeal_from_nanjing_around_the_2023_change():
    before = appellate_court("苏01", "utility_model", D(2023, 10, 31))
    assert before.court.court_code == "最高法" and before.rule.code == "jurisdiction.appeal.spc_ip_tribunal"
    after = appellate_court("苏01", "utility_model", D(2023, 11, 2))
    assert after.court.court_code == "苏" and after.court.name == "江苏省高级人民法院"
    assert after.rule.code == "jurisdiction.appeal.high_court_2023"
    assert "法释〔2023〕10号" in after.citation
    # invention patents stay with the SPC
    assert appellate_court("苏01", "invention_patent", D(2023, 11, 2)).court.court_code == "最高法"
    # technical secrets and software follow utility models; the finder's second instance is the same
    assert competent_court("software", "", D(2024, 1, 2), instance="second", from_court="苏01").court.court_code == "苏"
    assert appellate_court(court("苏01"), "technical_secret", D(2023, 11, 1)).court.court_code == "苏"


def test_technical_appeals_before_2019_went_to_the_high_court():
    decision = appellate_court("粤73", "invention_patent", D(2018, 12, 31))
    assert decision.court.court_code == "粤" and decision.rule.code == "trial.appeal.next_higher_court"
    assert decision.rule.law_version == "2017"
    assert appellate_court("粤73", "invention_patent", D(2019, 1, 1)).court.court_code == "最高法"


def test_design_and_trademark_civil_appeals_go_to_the_provincial_high_court():
    design = appellate_court("沪73", "design_patent", D(2024, 5, 1))
    assert design.court.court_code == "沪"
    assert design.citation == "依据《中华人民共和国民事诉讼法》（2023年修正）第一百七十一条"
    assert appellate_court("粤03", "trademark", D(2024, 5, 1)).court.court_code == "粤"


def test_basic_court_appeals_in_beijing_go_to_the_ip_court():
    assert appellate_court("京0108", "copyright", D(2024, 5, 1)).court.court_code == "京73"
    assert appellate_court("粤0305", "trademark", D(2024, 5, 1)).court.court_code == "粤03"  # Shenzhen: the intermediate court


def test_high_court_first_instance_technical_appeal_goes_to_the_spc():
    assert appellate_court("苏", "utility_model", D(2024, 5, 1)).court.court_code == "最高法"


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: competent_court("perfume", "110000", D(2024, 1, 2)), "category_unknown"),
        (lambda: competent_court("trademark", "999999", D(2024, 1, 2)), "region_unknown"),
        (lambda: competent_court("trademark", "abc", D(2024, 1, 2)), "region_unknown"),
        (lambda: competent_court("trademark", "540000", D(2024, 1, 2)), "no_competent_court"),
        (lambda: competent_court("invention_patent", None, D(2024, 1, 2)), "no_competent_court"),
        (lambda: competent_court("invention_patent", "440305", D(2020, 1, 2)), "no_competent_court"),
        (lambda: competent_court("invention_patent", "440305", D(2024, 1, 2), instance="third"), "invalid"),
        (lambda: competent_court("invention_patent", "440305", D(2024, 1, 2), instance="second"), "required"),
        (lambda: competent_court("invention_patent", "440305", "2024-01-02"), "invalid"),
        (lambda: appellate_court("不存在", "trademark", D(2024, 1, 2)), "court_unknown"),
        (lambda: appellate_court("最高法", "trademark", D(2024, 1, 2)), "no_appellate_court"),
        (lambda: appellate_court("京73", "trademark", D(2010, 1, 2)), "no_appellate_court"),
        (lambda: adjudication_office("999999", D(2024, 1, 2)), "region_unknown"),
        (lambda: adjudication_office("440305", D(2005, 1, 2)), "no_adjudication_office"),
    ],
)
def test_errors_have_stable_codes(call, code):
    with pytest.raises(RuleError) as exc:
        call()
    assert exc.value.code == code


def test_adjudication_offices():
    on = D(2024, 5, 1)
    shenzhen = adjudication_office("440305", on)
    assert shenzhen.agency.code == "ipo-shenzhen"
    assert shenzhen.citation == "依据《中华人民共和国专利法》（2020年修正）第六十五条"
    assert adjudication_office("130102", on).agency.code == "ipo-hebei"
    major = adjudication_office(None, on, major=True)
    assert major.agency.code == "cnipa" and major.rule.code == "adjudication.patent_dispute.cnipa_major"
    old = adjudication_office("440305", D(2015, 5, 1))
    assert old.citation == "依据《中华人民共和国专利法》（2008年修正）第六十条"
    with pytest.raises(RuleError) as exc:
        adjudication_office(None, D(2020, 5, 1), major=True)
    assert exc.value.code == "no_adjudication_office"


def test_a_later_row_takes_over_from_its_date():
    """Routing is data: ending a row and adding one changes the answer from that date only."""
    row = FirstInstanceJurisdiction.objects.get(category="invention_patent", region_id="440300")
    row.effective_to = D(2030, 12, 31)
    row.full_clean()
    row.save()
    new = FirstInstanceJurisdiction(category="invention_patent", region_id="440300", court=court("粤73"), effective_from=D(2031, 1, 1), rule_code=row.rule_code)
    new.full_clean()
    new.save()
    assert competent_court("invention_patent", "440305", D(2030, 12, 31)).court.court_code == "粤03"
    assert competent_court("invention_patent", "440305", D(2031, 1, 1)).court.court_code == "粤73"


def test_table_rows_refuse_overlaps_and_wrong_agencies():
    overlapping = FirstInstanceJurisdiction(
        category="invention_patent", region_id="440300", court=court("粤73"), effective_from=D(2025, 1, 1), rule_code="jurisdiction.first_instance.technical"
    )
    with pytest.raises(ValidationError) as exc:
        overlapping.full_clean()
    assert exc.value.error_dict["effective_from"][0].code == "rule_dates_overlap"
    not_a_court = FirstInstanceJurisdiction(
        category="trademark",
        region=Region.objects.get(code="540000"),
        court=Agency.objects.get(code="cnipa"),
        effective_from=D(2025, 1, 1),
        rule_code="x.unknown",
    )
    with pytest.raises(ValidationError) as exc:
        not_a_court.full_clean()
    assert set(exc.value.error_dict) >= {"court", "rule_code"}
    route = AppealRoute(
        category="design_patent",
        from_tier="intermediate",
        target=Agency.objects.get(code="cnipa"),
        effective_from=D(2025, 1, 1),
        rule_code="trial.appeal.next_higher_court",
    )
    with pytest.raises(ValidationError) as exc:
        route.full_clean()
    assert "target" in exc.value.error_dict
