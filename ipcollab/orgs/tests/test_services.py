import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from conftest import make_user
from ipcollab.access.models import RecordGrant
from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.core.models import Visibility
from ipcollab.orgs import services
from ipcollab.orgs.models import Agency, Division, LiaisonDesignation

pytestmark = pytest.mark.django_db

AGENCY = {"code": "t-new-court", "name": "测试丙中级人民法院", "kind": "court", "level": "municipal", "region": "110108", "court_code": "测丙01"}


def _code(exc_info):
    return exc_info.value.code


# --- agencies ---------------------------------------------------------------------------------


def test_agency_create_by_platform_admin_is_audited(world):
    agency = services.agency_create(actor=world.platform_admin, data={**AGENCY, "parent": world.court_a.pk})
    assert agency.parent == world.court_a and agency.region_id == "110108"
    event = AuditEvent.objects.get(action="orgs.agency.create", object_id=str(agency.pk))
    assert event.after["code"] == "t-new-court" and event.agency_id == agency.pk


def test_agency_create_refused_to_others(world):
    for user in (world.admin_a, world.judge_a, world.external):
        with pytest.raises(PermissionDenied):
            services.agency_create(actor=user, data=AGENCY)
    assert not Agency.objects.filter(code="t-new-court").exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"code": "t-court-a"}, ErrorCode.AGENCY_CODE_TAKEN),
        ({"code": "Bad Code"}, ErrorCode.INVALID),
        ({"court_code": "测甲"}, ErrorCode.COURT_CODE_TAKEN),
        ({"court_code": ""}, ErrorCode.COURT_CODE_REQUIRED),
        ({"kind": "ip_office"}, ErrorCode.INVALID),  # court code only for courts
        ({"region": "999999"}, ErrorCode.REGION_UNKNOWN),
        ({"region": "abc"}, ErrorCode.REGION_UNKNOWN),
        ({"parent": 10**20}, ErrorCode.INVALID),
        ({"kind": "nonsense"}, ErrorCode.INVALID),
        ({"name": "长" * 200}, ErrorCode.INVALID),
        ({"website": "not a url"}, ErrorCode.INVALID),
    ],
)
def test_agency_create_validation(world, change, code):
    before = Agency.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.agency_create(actor=world.platform_admin, data={**AGENCY, **change})
    assert _code(exc) == code
    assert Agency.objects.count() == before


def test_agency_update_diff_and_parent_cycle(world):
    child = services.agency_create(actor=world.platform_admin, data={**AGENCY, "parent": world.court_a.pk})
    services.agency_update(actor=world.platform_admin, agency=world.court_a, data={"short_name": "甲院"}, reason="更名")
    event = AuditEvent.objects.filter(action="orgs.agency.update").latest("id")
    assert event.before == {"short_name": "甲高院"} and event.after == {"short_name": "甲院"} and event.reason == "更名"
    with pytest.raises(ServiceError) as exc:
        services.agency_update(actor=world.platform_admin, agency=world.court_a, data={"parent": child.pk})
    assert _code(exc) == ErrorCode.PARENT_CYCLE
    with pytest.raises(ServiceError) as exc:
        services.agency_update(actor=world.platform_admin, agency=world.court_a, data={"parent": world.court_a.pk})
    assert _code(exc) == ErrorCode.PARENT_CYCLE
    world.court_a.refresh_from_db()
    assert world.court_a.parent_id is None
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=world.admin_a, agency=world.court_a, data={"name": "x"})


def test_agency_update_without_change_writes_nothing(world):
    n = AuditEvent.objects.count()
    services.agency_update(actor=world.platform_admin, agency=world.court_a, data={"name": world.court_a.name})
    assert AuditEvent.objects.count() == n


# --- divisions --------------------------------------------------------------------------------


def test_division_create_update_and_name_taken(world):
    div = services.division_create(actor=world.admin_a, agency=world.court_a, name="立案庭")
    services.division_update(actor=world.admin_a, division=div, data={"short_name": "立案", "is_liaison_office": True})
    div.refresh_from_db()
    assert div.short_name == "立案" and div.is_liaison_office
    with pytest.raises(ServiceError) as exc:
        services.division_create(actor=world.platform_admin, agency=world.court_a, name="立案庭")
    assert _code(exc) == ErrorCode.DIVISION_NAME_TAKEN
    with pytest.raises(PermissionDenied):
        services.division_create(actor=world.admin_b, agency=world.court_a, name="研究室")
    with pytest.raises(PermissionDenied):
        services.division_create(actor=world.liaison_a, agency=world.court_a, name="研究室")
    assert AuditEvent.objects.filter(action__startswith="orgs.division.").count() == 2


# --- liaisons ---------------------------------------------------------------------------------


def test_designate_by_admin_liaison_and_platform_admin(world, designate, div_a):
    d = designate(world.liaison_a, actor=world.admin_a, division=div_a, mobile="13812345678")
    assert d.is_current and d.division == div_a and d.role == "primary"
    designate(world.clerk_a, actor=world.liaison_a, role="deputy")
    designate(world.judge_a, actor=world.platform_admin, role="deputy")
    event = AuditEvent.objects.get(action="orgs.liaison.designate", object_id=str(d.pk))
    assert event.agency_id == world.court_a.pk and event.after["person"] == world.liaison_a.pk


@pytest.mark.parametrize("actor_name", ["judge_a", "admin_b", "examiner", "external"])
def test_designate_refused_to_others(world, designate, actor_name):
    with pytest.raises(PermissionDenied):
        designate(world.liaison_a, actor=getattr(world, actor_name))
    assert not LiaisonDesignation.objects.exists()


def test_designate_person_must_be_active_staff_of_the_agency(world, designate):
    for person in (world.judge_b, world.system, world.external):
        with pytest.raises(ServiceError) as exc:
            designate(person, agency=world.court_a)
        assert _code(exc) == ErrorCode.LIAISON_NOT_STAFF
    gone = make_user("t_gone", world.court_a, is_active=False)
    with pytest.raises(ServiceError) as exc:
        designate(gone)
    assert _code(exc) == ErrorCode.LIAISON_NOT_STAFF
    with pytest.raises(ServiceError) as exc:
        services.liaison_designate(actor=world.platform_admin, agency=world.court_a, person=10**30, phone="1", email="a@b.cn")
    assert _code(exc) == ErrorCode.LIAISON_NOT_STAFF


def test_designate_validation(world, designate):
    other_div = Division.objects.create(agency=world.court_b, name="立案庭")
    cases = [
        ({"division": other_div}, ErrorCode.INVALID),
        ({"counterpart": world.court_a}, ErrorCode.INVALID),
        ({"visibility": Visibility.PARTIES}, ErrorCode.INVALID),  # parties needs a counterpart
        ({"valid_from": timezone.localdate() + datetime.timedelta(days=1)}, ErrorCode.LIAISON_DATES),
        ({"email": "not-an-email"}, ErrorCode.INVALID),
        ({"phone": ""}, ErrorCode.INVALID),
        ({"role": "boss"}, ErrorCode.INVALID),
    ]
    for kwargs, code in cases:
        with pytest.raises(ServiceError) as exc:
            designate(world.liaison_a, **kwargs)
        assert _code(exc) == code, kwargs
    assert not LiaisonDesignation.objects.exists()


def test_new_primary_ends_the_previous_one_and_keeps_history(world, designate):
    first = designate(world.liaison_a, valid_from=datetime.date(2026, 1, 5))
    toward_b = designate(world.clerk_a, counterpart=world.court_b, valid_from=datetime.date(2026, 1, 5))
    second = designate(world.judge_a, valid_from=datetime.date(2026, 3, 1))
    first.refresh_from_db()
    toward_b.refresh_from_db()
    assert first.valid_to == datetime.date(2026, 3, 1) and first.end_reason == services.REPLACED_REASON
    assert toward_b.is_current  # another counterpart: untouched
    assert second.is_current
    assert AuditEvent.objects.filter(action="orgs.liaison.replaced", object_id=str(first.pk)).exists()
    # a replacement cannot start before the current primary did
    with pytest.raises(ServiceError) as exc:
        designate(world.liaison_a, valid_from=datetime.date(2026, 2, 1))
    assert _code(exc) == ErrorCode.LIAISON_DATES
    second.refresh_from_db()
    assert second.is_current


def test_the_same_person_cannot_be_designated_twice(world, designate):
    designate(world.liaison_a)
    with pytest.raises(ServiceError) as exc:
        designate(world.liaison_a)
    assert _code(exc) == ErrorCode.INVALID


def test_parties_visibility_grants_the_counterpart(world, designate):
    d = designate(world.judge_a, counterpart=world.court_b, visibility=Visibility.PARTIES)
    ct = ContentType.objects.get_for_model(LiaisonDesignation)

    def grants():
        return list(RecordGrant.objects.filter(content_type=ct, object_id=str(d.pk)).values_list("kind", "grantee_agency_id"))

    assert grants() == [("party", world.court_b.pk)]
    services.liaison_update(actor=world.admin_a, designation=d, data={"visibility": Visibility.PRIVATE})
    assert grants() == []
    services.liaison_update(actor=world.admin_a, designation=d, data={"visibility": Visibility.PARTIES})
    assert grants() == [("party", world.court_b.pk)]


def test_liaison_update_contact_fields(world, designate, div_a):
    d = designate(world.liaison_a)
    services.liaison_update(actor=world.liaison_a, designation=d, data={"phone": "010-1", "office_hours": "工作日全天", "division": div_a.pk})
    d.refresh_from_db()
    assert (d.phone, d.office_hours, d.division_id) == ("010-1", "工作日全天", div_a.pk)
    event = AuditEvent.objects.get(action="orgs.liaison.update")
    assert event.before["phone"] == "010-85120000" and event.after["phone"] == "010-1"
    with pytest.raises(ServiceError) as exc:
        services.liaison_update(actor=world.liaison_a, designation=d, data={"email": "bad"})
    assert _code(exc) == ErrorCode.INVALID
    with pytest.raises(PermissionDenied):
        services.liaison_update(actor=world.admin_b, designation=d, data={"phone": "1"})


def test_liaison_end_and_already_ended(world, designate):
    d = designate(world.liaison_a, valid_from=datetime.date(2026, 1, 5))
    with pytest.raises(ServiceError) as exc:
        services.liaison_end(actor=world.admin_a, designation=d, reason="")
    assert _code(exc) == ErrorCode.REQUIRED
    with pytest.raises(ServiceError) as exc:
        services.liaison_end(actor=world.admin_a, designation=d, reason="调岗", valid_to=datetime.date(2025, 12, 31))
    assert _code(exc) == ErrorCode.LIAISON_DATES
    with pytest.raises(PermissionDenied):
        services.liaison_end(actor=world.judge_a, designation=d, reason="调岗")
    services.liaison_end(actor=world.admin_a, designation=d, reason="调岗")
    d.refresh_from_db()
    assert d.valid_to == timezone.localdate() and d.end_reason == "调岗"
    with pytest.raises(ServiceError) as exc:
        services.liaison_end(actor=world.admin_a, designation=d, reason="再次")
    assert _code(exc) == ErrorCode.LIAISON_ALREADY_ENDED
    with pytest.raises(ServiceError) as exc:
        services.liaison_update(actor=world.admin_a, designation=d, data={"phone": "2"})
    assert _code(exc) == ErrorCode.LIAISON_ALREADY_ENDED
    event = AuditEvent.objects.get(action="orgs.liaison.end")
    assert event.before == {"valid_to": None, "end_reason": ""} and event.reason == "调岗"
