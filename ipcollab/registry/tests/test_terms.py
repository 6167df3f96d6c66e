"""Terms of rights and the state machine's windows, read from the rulebook (registry/terms.py),
and their use by the services: expiry on creation and on registration/renewal, renewal and
restoration windows at their edges."""

import datetime

import pytest
from django.urls import reverse

from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.identifiers import patent_check_character
from ipcollab.registry import services, terms
from ipcollab.registry import status as legal
from ipcollab.registry.models import ReconciliationItem

from .test_rights import make_mark, make_patent

D = datetime.date


def number(year, kind_digit, serial):
    body = f"{year}{kind_digit}{serial:07d}"
    return f"{body}.{patent_check_character(body)}"


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (D(1999, 9, 6), 240, D(2019, 9, 5)),  # CNIPA's own example: in force until the day before the anniversary
        (D(2010, 1, 7), 120, D(2020, 1, 6)),
        (D(2020, 2, 29), 120, D(2030, 2, 28)),  # leap day into a common year
        (D(2020, 2, 29), 240, D(2040, 2, 28)),  # leap day into a leap year
        (D(2021, 1, 31), 1, D(2021, 2, 28)),
        (D(2021, 12, 31), 12, D(2022, 12, 30)),
    ],
)
def test_term_last_day(start, months, last):
    assert terms.term_last_day(start, months) == last


@pytest.mark.django_db
class TestPatentExpiry:
    def test_design_term_changes_on_2021_06_01(self):
        assert terms.patent_expiry(D(2021, 5, 31), "design") == D(2031, 5, 30)  # 2008 text: 10 years
        assert terms.patent_expiry(D(2021, 6, 1), "design") == D(2036, 5, 31)  # 2020 text: 15 years

    def test_invention_and_utility_model(self):
        assert terms.patent_expiry(D(2018, 6, 1), "invention") == D(2038, 5, 31)
        assert terms.patent_expiry(D(2021, 6, 1), "utility_model") == D(2031, 5, 31)
        assert terms.patent_expiry(D(2020, 2, 29), "utility_model") == D(2030, 2, 28)

    def test_not_knowable(self):
        assert terms.patent_expiry(D(1990, 5, 1), "invention") is None  # before the 1992 text: no rule version
        assert terms.patent_expiry(None, "invention") is None
        assert terms.patent_expiry(D(2020, 1, 1), "") is None

    def test_right_create_sets_the_expiry_and_the_dossier_shows_it(self, world, login):
        before = make_patent(world.examiner, number=number(2021, 3, 123), title="包装盒", filing_date=D(2021, 5, 31))
        after = make_patent(world.examiner, number=number(2021, 3, 124), title="包装瓶", filing_date=D(2021, 6, 1))
        assert before.patent_kind == after.patent_kind == "design"
        assert (before.expiry_date, after.expiry_date) == (D(2031, 5, 30), D(2036, 5, 31))
        html = login(world.judge_a).get(reverse("registry:right_detail", args=[after.pk])).content.decode()
        assert "2036-05-31" in html

    def test_grant_keeps_the_expiry(self, world):
        right = make_patent(world.examiner)
        services.record_event(world.examiner, right, "granted", D(2020, 1, 1))
        right.refresh_from_db()
        assert right.status == "granted" and right.expiry_date == D(2038, 5, 31)


@pytest.mark.django_db
class TestWindows:
    def test_from_the_rules_in_force(self):
        assert terms.windows(D(2024, 3, 1)) == legal.Windows(restoration_months=24, renewal_before_months=12, renewal_grace_months=6)
        # the 2001 Trademark Law: renewal within six months before the term ends
        assert terms.windows(D(2012, 1, 1)) == legal.Windows(restoration_months=24, renewal_before_months=6, renewal_grace_months=6)
        # before the 2010 Implementing Regulations no restoration rule version is registered: not checked
        assert terms.windows(D(2005, 1, 1)).restoration_months is None


REGISTERED_ON = D(2010, 1, 7)


def registered_mark(actor, registered_on=REGISTERED_ON, **values):
    values.setdefault("filing_date", D(2008, 9, 1))
    mark = make_mark(actor, **values)
    services.record_event(actor, mark, "preliminarily_approved", registered_on - datetime.timedelta(days=90))
    services.record_event(actor, mark, "registered", registered_on)
    mark.refresh_from_db()
    return mark


@pytest.mark.django_db
class TestTrademarkTerm:
    def test_registration_computes_the_term(self, world):
        mark = registered_mark(world.examiner)
        assert mark.status == "registered" and mark.expiry_date == D(2020, 1, 6)
        assert mark.events.get(type="registered").details["term_ends"] == "2020-01-06"

    def test_a_given_term_is_kept(self, world):
        mark = make_mark(world.examiner, filing_date=D(2008, 9, 1))
        services.record_event(world.examiner, mark, "preliminarily_approved", D(2009, 10, 1))
        services.record_event(world.examiner, mark, "registered", D(2010, 1, 7), {"term_ends": "2020-01-09"})
        mark.refresh_from_db()
        assert mark.expiry_date == D(2020, 1, 9)

    def test_renewal_exactly_twelve_months_before(self, world):
        mark = registered_mark(world.examiner)
        services.record_event(world.examiner, mark, "renewed", D(2019, 1, 6))
        mark.refresh_from_db()
        assert mark.expiry_date == D(2030, 1, 6)  # the new term starts the day after the old one ends

    def test_renewal_one_day_too_early(self, world):
        mark = registered_mark(world.examiner)
        with pytest.raises(ServiceError) as exc:
            services.record_event(world.examiner, mark, "renewed", D(2019, 1, 5))
        assert exc.value.code == ErrorCode.EVENT_REFUSED and exc.value.fields["refusal"] == ["renewal_too_early"]

    def test_grace_end(self, world):
        mark = registered_mark(world.examiner)
        services.record_event(world.examiner, mark, "renewed", D(2020, 7, 6))  # last day of the six months' grace
        mark.refresh_from_db()
        assert mark.expiry_date == D(2030, 1, 6)
        late = registered_mark(world.examiner, number="87654321")
        with pytest.raises(ServiceError) as exc:
            services.record_event(world.examiner, late, "renewed", D(2020, 7, 7))
        assert exc.value.fields["refusal"] == ["renewal_window_passed"]

    def test_the_window_of_the_law_in_force_on_the_renewal_day(self, world):
        # term ends 2015-02-28; on 2014-03-01 the 2001 text (six months before) was in force
        mark = registered_mark(world.examiner, registered_on=D(2005, 3, 1), filing_date=D(2004, 1, 5))
        assert mark.expiry_date == D(2015, 2, 28)
        with pytest.raises(ServiceError) as exc:
            services.record_event(world.examiner, mark, "renewed", D(2014, 3, 1))
        assert exc.value.fields["refusal"] == ["renewal_too_early"]
        services.record_event(world.examiner, mark, "renewed", D(2014, 8, 28))
        mark.refresh_from_db()
        assert mark.expiry_date == D(2025, 2, 28)

    def test_sourced_renewal_out_of_window_is_held_and_cannot_be_applied(self, world):
        mark = registered_mark(world.examiner)
        item = services.record_event(world.system, mark, "renewed", D(2018, 1, 1), source="cnipa")
        assert isinstance(item, ReconciliationItem) and item.refusal_code == "renewal_too_early"
        with pytest.raises(ServiceError) as exc:
            services.resolve_reconciliation(actor=world.examiner, item=item, action="apply")
        assert exc.value.fields["refusal"] == ["renewal_too_early"]


def lapsed_patent(actor, lapsed_on):
    right = make_patent(actor)
    services.record_event(actor, right, "granted", D(2020, 1, 1))
    services.record_event(actor, right, "lapsed_unpaid_annuity", lapsed_on)
    return right


@pytest.mark.django_db
class TestRestoration:
    def test_restoration_on_the_last_day_of_two_years(self, world):
        right = lapsed_patent(world.examiner, D(2022, 3, 1))
        services.record_event(world.examiner, right, "restored", D(2024, 3, 1))
        right.refresh_from_db()
        assert right.status == "granted"

    def test_restoration_one_day_late(self, world):
        right = lapsed_patent(world.examiner, D(2022, 3, 1))
        with pytest.raises(ServiceError) as exc:
            services.record_event(world.examiner, right, "restored", D(2024, 3, 2))
        assert exc.value.fields["refusal"] == ["restoration_window_passed"]
