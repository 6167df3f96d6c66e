import pytest

from conftest import make_agency
from ipcollab.access.services import grant_record
from ipcollab.core.errors import NotFound
from ipcollab.orgs import selectors, services
from ipcollab.orgs.models import Agency

pytestmark = pytest.mark.django_db


def _ids(qs):
    return {d.pk for d in qs}


def test_directory_visibility_per_role(world, liaisons):
    everything = {liaisons.primary_a.pk, liaisons.private_a.pk, liaisons.pair_ab.pk, liaisons.primary_office.pk}
    # own agency: all of its designations, plus network ones of others
    assert _ids(selectors.liaison_directory_for_user(world.judge_a)) == everything
    # the counterpart of the parties-only line sees it; nobody else outside court_a does
    assert _ids(selectors.liaison_directory_for_user(world.judge_b)) == {liaisons.primary_a.pk, liaisons.pair_ab.pk, liaisons.primary_office.pk}
    assert _ids(selectors.liaison_directory_for_user(world.examiner)) == {liaisons.primary_a.pk, liaisons.primary_office.pk}
    assert _ids(selectors.liaison_directory_for_user(world.system)) == {liaisons.primary_a.pk, liaisons.primary_office.pk}
    assert _ids(selectors.liaison_directory_for_user(world.platform_admin)) == everything
    # external parties see public designations only (none here)
    assert _ids(selectors.liaison_directory_for_user(world.external)) == set()


def test_private_designation_of_another_agency_is_not_found(world, liaisons):
    with pytest.raises(NotFound):
        selectors.liaison_get_for_user(world.examiner, liaisons.private_a.pk)
    with pytest.raises(NotFound):
        selectors.liaison_get_for_user(world.examiner, liaisons.pair_ab.pk)
    assert selectors.liaison_get_for_user(world.judge_b, liaisons.pair_ab.pk) == liaisons.pair_ab
    assert selectors.liaison_get_for_user(world.clerk_a, liaisons.private_a.pk) == liaisons.private_a
    for bad in (10**25, -1, 0, "x", None):
        with pytest.raises(NotFound):
            selectors.liaison_get_for_user(world.judge_a, bad)


def test_granted_record_is_visible_to_exactly_its_grantees(world, liaisons):
    third = make_agency("t-court-c", "测试丙高级人民法院", court_code="测丙")
    from conftest import make_user

    judge_c = make_user("t_judge_c", third, ["judge"])
    grant_record(actor=world.admin_a, obj=liaisons.private_a, agency=third)
    viewers = [
        u
        for u in (world.judge_a, world.judge_b, world.examiner, world.system, world.external, judge_c)
        if liaisons.private_a.pk in _ids(selectors.liaison_directory_for_user(u))
    ]
    assert viewers == [world.judge_a, judge_c]


def test_directory_filters(world, liaisons):
    u = world.platform_admin
    assert _ids(selectors.liaison_directory_for_user(u, q="王联络")) == {liaisons.primary_a.pk}
    assert _ids(selectors.liaison_directory_for_user(u, q="测甲")) == {liaisons.primary_a.pk, liaisons.private_a.pk, liaisons.pair_ab.pk}
    assert _ids(selectors.liaison_directory_for_user(u, kind="ip_office")) == {liaisons.primary_office.pk}
    assert _ids(selectors.liaison_directory_for_user(u, counterpart=world.court_b.pk)) == {liaisons.pair_ab.pk}
    assert _ids(selectors.liaison_directory_for_user(u, role="deputy")) == {liaisons.private_a.pk}
    assert selectors.liaison_directory_for_user(u, region="310000").count() == 0  # all of the world sits in 北京
    assert selectors.liaison_directory_for_user(u, region="110000").count() == 4
    assert selectors.liaison_directory_for_user(u, region="bad").count() == 0
    assert selectors.liaison_directory_for_user(u, level="national").count() == 0
    services.liaison_end(actor=world.admin_a, designation=liaisons.private_a, reason="调岗")
    assert liaisons.private_a.pk not in _ids(selectors.liaison_directory_for_user(u))
    assert liaisons.private_a.pk in _ids(selectors.liaison_directory_for_user(u, include_history=True))
    assert _ids(selectors.liaison_history_for_agency(u, world.court_a)) == {liaisons.private_a.pk}
    assert liaisons.private_a.pk not in _ids(selectors.current_liaisons_for_agency(u, world.court_a))


def test_agency_list_filters_and_region_descendants(db):
    by_region = selectors.agency_list(region="110000")
    assert by_region.filter(court_code="京0108").exists() and by_region.filter(code="ipo-beijing").exists()
    assert not by_region.filter(court_code="沪73").exists()
    assert set(selectors.agency_list(region="110108").values_list("court_code", flat=True)) == {"京0108"}
    assert selectors.agency_list(q="京73").get().name == "北京知识产权法院"
    assert selectors.agency_list(q="知识产权法院", kind="court").count() == 4
    spc = Agency.objects.get(code="spc")
    assert selectors.agency_list(parent=spc).count() == 33  # 31 high courts, 兵团分院, 军事法院
    assert selectors.agency_list(level="national", kind="court").count() == 2
    assert selectors.agency_list(region="999").count() == 0


def test_agency_get_hides_inactive_except_from_platform_admin(world):
    Agency.objects.filter(pk=world.court_b.pk).update(is_active=False)
    with pytest.raises(NotFound):
        selectors.agency_get(world.court_b.pk, world.judge_a)
    assert selectors.agency_get(world.court_b.pk, world.platform_admin) == world.court_b
    with pytest.raises(NotFound):
        selectors.agency_get(2**70)


def test_agencies_without_current_liaison(world, designate):
    assert selectors.agencies_without_current_liaison().filter(pk=world.court_a.pk).exists()
    designate(world.clerk_a, role="deputy")
    assert selectors.agencies_without_current_liaison().filter(pk=world.court_a.pk).exists()
    designate(world.liaison_a)
    assert not selectors.agencies_without_current_liaison().filter(pk=world.court_a.pk).exists()


def test_mobile_shown_in_full_only_to_own_admins(world, liaisons):
    d = liaisons.primary_a
    assert selectors.can_see_mobile(world.admin_a, d)
    assert selectors.can_see_mobile(world.platform_admin, d)
    assert selectors.can_see_mobile(world.liaison_a, d)  # the person
    assert not selectors.can_see_mobile(world.judge_a, d)
    assert not selectors.can_see_mobile(world.admin_b, d)
