import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ipcollab.audit import services
from ipcollab.audit.models import AuditChain, AuditEvent
from ipcollab.audit.verify import verify_all


@pytest.mark.django_db
def test_chain_per_agency_and_verify_ok(world):
    for i in range(3):
        services.record(actor=world.judge_a, action="test.write", object_type="x", object_id=str(i), after={"i": i, "名": "张三"})
    services.record(actor=world.judge_b, action="test.write", object_type="x", object_id="b")
    assert AuditChain.objects.get(key=f"agency:{world.court_a.pk}").last_seq == 3
    assert AuditChain.objects.get(key=f"agency:{world.court_b.pk}").last_seq == 1
    chains, breaks = verify_all()
    assert chains == 2 and breaks == []
    call_command("audit_verify")


@pytest.mark.django_db
def test_verify_names_first_row_altered_in_sql(world, capsys):
    events = [services.record(actor=world.judge_a, action="test.write", object_type="x", object_id=str(i), after={"v": i}) for i in range(4)]
    target = events[1]
    table = AuditEvent._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET reason = %s WHERE id = %s", ["tampered", target.id])
    chains, breaks = verify_all()
    assert len(breaks) == 1
    assert breaks[0].seq == target.seq and breaks[0].event_id == target.id
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert f"ID {target.id}" in capsys.readouterr().err


@pytest.mark.django_db
def test_deleted_tail_is_detected(world):
    events = [services.record(actor=world.judge_a, action="test.write", object_type="x", object_id=str(i)) for i in range(3)]
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[-1].id])
    _, breaks = verify_all()
    assert breaks and "head" in breaks[0].reason


@pytest.mark.django_db
def test_sm3_chain_verifies(world, settings):
    settings.AUDIT_HASH_ALGORITHM = "sm3"
    services.record(actor=world.judge_a, action="test.write", object_type="x", object_id="1")
    settings.AUDIT_HASH_ALGORITHM = "sha256"
    services.record(actor=world.judge_a, action="test.write", object_type="x", object_id="2")
    assert list(AuditEvent.objects.order_by("seq").values_list("algorithm", flat=True)) == ["sm3", "sha256"]
    assert verify_all()[1] == []


def test_sm3_known_vector():
    from ipcollab.audit.hashing import sm3

    # GB/T 32905-2016 example 1: "abc"
    assert sm3(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
