"""Fixtures of the alerts tests: patents and a trademark of the register, parties, and
proceedings made with Proceeding.objects.create (the signal is fired by the tests, as the
proceedings services do inside their transaction)."""

import datetime
import itertools
from types import SimpleNamespace

import pytest

from ipcollab.identifiers.patents import patent_check_character
from ipcollab.notifications.models import Notification
from ipcollab.proceedings import signals
from ipcollab.proceedings.models import Kind, Proceeding, ProceedingParty, ProceedingRight, Stage, Track
from ipcollab.registry import services as register

D = datetime.date
_numbers = itertools.count(1)


def patent_number(body):
    return f"{body}.{patent_check_character(body)}"


@pytest.fixture
def reg(world):
    r = SimpleNamespace()
    r.owner = register.party_create(actor=world.examiner, kind="organization", name="北京恒远精密机械有限公司")
    r.rival = register.party_create(actor=world.examiner, kind="organization", name="深圳市宏图智能科技有限公司")
    r.other = register.party_create(actor=world.examiner, kind="organization", name="上海某某贸易有限公司")
    r.um = register.right_create(
        actor=world.examiner,
        kind="patent",
        number=patent_number("202120345678"),
        title="一种精密夹持装置",
        filing_date=D(2021, 2, 3),
        parties=[(r.owner, "applicant")],
        patent_kind="utility_model",
    )
    r.invention = register.right_create(
        actor=world.examiner,
        kind="patent",
        number=patent_number("201910234567"),
        title="一种精密加工方法",
        filing_date=D(2019, 3, 5),
        parties=[(r.owner, "applicant")],
        patent_kind="invention",
    )
    r.mark = register.right_create(
        actor=world.examiner, kind="trademark", number="12345678", title="恒远", filing_date=D(2018, 1, 2), parties=[(r.owner, "applicant")]
    )
    return r


def case(world, *, agency=None, rights=(), parties=(), previous=None, kind=Kind.CIVIL, stage=None, number=None, **extra):
    """A proceeding with its rights and parties, as the proceedings services would write it."""
    agency = agency or (world.office if kind not in (Kind.CIVIL, Kind.ADMINISTRATIVE, Kind.CRIMINAL) else world.court_a)
    track = Track.COURT if kind in (Kind.CIVIL, Kind.ADMINISTRATIVE, Kind.CRIMINAL) else Track.OFFICE
    n = next(_numbers)
    p = Proceeding.objects.create(
        track=track,
        kind=kind,
        stage=stage or (Stage.FIRST_INSTANCE if track == Track.COURT else Stage.OFFICE),
        number=number or (f"（2026）测甲民初{n}号" if track == Track.COURT else f"4W1{n:05d}"),
        agency=agency,
        filed_on=extra.pop("filed_on", D(2026, 3, 2)),
        previous=previous,
        relation="appeal" if previous else "",
        **extra,
    )
    for right in rights:
        ProceedingRight.objects.create(proceeding=p, right=right)
    for i, (party, role) in enumerate(parties):
        ProceedingParty.objects.create(proceeding=p, party=party, role=role, order=i)
    return p


def fire(proceeding, event, actor=None, **details):
    signals.send(proceeding, event, actor=actor, **details)


def notes(user, code=None):
    qs = Notification.objects.filter(recipient=user)
    if code:
        qs = qs.filter(code=code)
    return list(qs.order_by("id"))
