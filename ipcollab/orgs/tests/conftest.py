import datetime

import pytest

from ipcollab.core.models import Visibility
from ipcollab.orgs import services
from ipcollab.orgs.models import Division


@pytest.fixture
def div_a(world):
    return Division.objects.create(agency=world.court_a, name="民事审判第三庭", short_name="民三庭", is_liaison_office=True)


@pytest.fixture
def designate(world):
    """Designate through the service, as the platform admin unless `actor` is given."""

    def _designate(person, agency=None, actor=None, **kwargs):
        kwargs.setdefault("phone", "010-85120000")
        kwargs.setdefault("email", f"{person.username}@example.cn")
        kwargs.setdefault("valid_from", datetime.date(2026, 1, 5))
        return services.liaison_designate(actor=actor or world.platform_admin, agency=agency or person.agency, person=person, **kwargs)

    return _designate


@pytest.fixture
def liaisons(world, designate):
    """court_a: a network primary (liaison_a, with a mobile), a private deputy (clerk_a), and a
    parties-only line toward court_b (judge_a); the office: a network primary (examiner)."""
    ns = type("Liaisons", (), {})()
    ns.primary_a = designate(world.liaison_a, mobile="13812345678", title="研究室主任")
    ns.private_a = designate(world.clerk_a, role="deputy", visibility=Visibility.PRIVATE)
    ns.pair_ab = designate(world.judge_a, counterpart=world.court_b, visibility=Visibility.PARTIES, title="对乙高院联络人")
    ns.primary_office = designate(world.examiner, mobile="13900001111")
    return ns
