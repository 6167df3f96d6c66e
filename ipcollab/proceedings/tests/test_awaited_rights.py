"""A right a source system named before the register had it: kept as awaited when the case is
linked, linked once the register has it (claims merged, the unresolved item dropped, followers of
the right alerted), never twice; a newer pushed version naming other rights drops what it awaited."""

import datetime

import pytest

from ipcollab.alerts import services as alerts
from ipcollab.notifications.models import Notification
from ipcollab.proceedings import linking
from ipcollab.proceedings.models import AwaitedRight, Change, ProceedingRight
from ipcollab.proceedings.tasks import link_awaited_rights

from .test_linking import case, make_patent, make_trademark, patent_number

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_right_unknown_at_link_time_is_awaited_and_linked_once_the_register_has_it():
    make_patent(1)
    sent = [
        {"kind": "patent", "number": patent_number(1), "claims": [1]},
        {"kind": "patent", "number": f"ZL{patent_number(2)}", "claims": [2, 4]},
        {"kind": "patent", "number": patent_number(2), "claims": [3]},  # the same one again: claims merged
        {"kind": "trademark", "number": "７６５４３２１"},
        {"kind": "patent", "number": "not a number"},  # can never be on the register: not awaited
    ]
    p = case("（2024）京73民初1号", {"rights": sent})
    linking.link_pending()
    assert sorted(AwaitedRight.objects.values_list("kind", "number", "claims")) == [("patent", patent_number(2), [2, 3, 4]), ("trademark", "7654321", [])]
    assert linking.resolve_awaited_rights() == 0  # nothing on the register yet

    later = make_patent(2)
    assert linking.resolve_awaited_rights() == 1
    assert {r.right_id: r.claims for r in ProceedingRight.objects.filter(proceeding=p)} == {make_patent_pk(1): [1], later.pk: [2, 3, 4]}
    p.refresh_from_db()
    assert p.refs["unresolved"]["rights"] == sent[3:]
    assert list(AwaitedRight.objects.values_list("kind", "number")) == [("trademark", "7654321")]
    assert list(Change.objects.filter(proceeding=p).values_list("what", flat=True)) == ["linked", "linked"]

    mark = make_trademark("7654321")
    assert link_awaited_rights.call() == 1  # the scheduled task
    p.refresh_from_db()
    assert p.refs["unresolved"] == {"rights": [sent[4]]}
    assert ProceedingRight.objects.filter(proceeding=p, right=mark).exists()
    assert not AwaitedRight.objects.exists()
    assert linking.resolve_awaited_rights() == 0  # idempotent


def make_patent_pk(n):
    from ipcollab.registry.models import Right

    return Right.objects.get(number=patent_number(n)).pk


def test_claims_awaited_merge_into_a_link_made_meanwhile():
    p = case("（2024）京73民初2号", {"rights": [{"kind": "patent", "number": patent_number(5), "claims": [2]}]})
    linking.link_pending()
    right = make_patent(5)
    ProceedingRight.objects.create(proceeding=p, right=right, claims=[1])  # linked by hand meanwhile
    assert linking.resolve_awaited_rights() == 1
    assert ProceedingRight.objects.get(proceeding=p, right=right).claims == [1, 2]
    p.refresh_from_db()
    assert "unresolved" not in p.refs


def test_the_per_case_loop_awaits_the_same_rights():
    p = case("（2024）京73民初3号", {"rights": [{"kind": "patent", "number": patent_number(6), "claims": [1, 1]}]})
    linking.link_one(p)
    assert list(AwaitedRight.objects.filter(proceeding=p).values_list("number", "claims")) == [(patent_number(6), [1])]


def test_followers_of_the_right_learn_of_the_suit_once_it_is_linked(world):
    p = case("（2024）京73民初4号", {"rights": [{"kind": "patent", "number": patent_number(7)}]})
    linking.link_pending()
    right = make_patent(7)
    alerts.follow(actor=world.judge_a, right=right, events=["new_proceeding"])
    linking.resolve_awaited_rights()
    titles = list(Notification.objects.filter(recipient=world.judge_a).values_list("title", flat=True))
    assert len(titles) == 1 and p.number in "".join(titles) + "".join(Notification.objects.filter(recipient=world.judge_a).values_list("body", flat=True))
