import pytest

from ipcollab.audit.models import AuditEvent
from ipcollab.audit.verify import verify_all


@pytest.mark.django_db
def test_admin_change_of_reference_data_is_audited(world, client):
    world.platform_admin.is_staff = True
    world.platform_admin.save()
    client.force_login(world.platform_admin, backend="ipcollab.accounts.backends.AccountBackend")
    from ipcollab.accounts.models import Role

    role = Role.objects.get(code="viewer")
    r = client.post(
        f"/admin/accounts/role/{role.pk}/change/",
        {"name": "查阅员", "name_en": "Viewer", "description": role.description, "scope": role.scope, "agency_kinds": "[]", "order": role.order},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.change", object_type="accounts.role")
    assert event.before == {"name": "查阅人员"} and event.after == {"name": "查阅员"}
    assert verify_all()[1] == []


@pytest.mark.django_db
def test_admin_site_is_for_platform_admins_only(world, client):
    world.admin_a.is_staff = True
    world.admin_a.save()
    client.force_login(world.admin_a, backend="ipcollab.accounts.backends.AccountBackend")
    assert client.get("/admin/accounts/role/").status_code == 403
    assert client.get("/admin/orgs/region/").status_code == 403


@pytest.mark.django_db
def test_agencies_are_read_only_in_admin(world, client):
    world.platform_admin.is_staff = True
    world.platform_admin.save()
    client.force_login(world.platform_admin, backend="ipcollab.accounts.backends.AccountBackend")
    assert client.get(f"/admin/orgs/agency/{world.court_a.pk}/change/").status_code == 200
    r = client.post(f"/admin/orgs/agency/{world.court_a.pk}/change/", {"name": "改名"})
    assert r.status_code == 403
    world.court_a.refresh_from_db()
    assert world.court_a.name == "测试甲高级人民法院"
