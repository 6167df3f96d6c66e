"""Writing audit events. Call `record()` inside the service's transaction: the event commits
or rolls back with the change it describes."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from ipcollab.core import context

from . import hashing
from .models import AuditChain, AuditEvent

PLATFORM_CHAIN = "platform"


def _jsonable(value):
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _chain_for(agency_id):
    key = f"agency:{agency_id}" if agency_id else PLATFORM_CHAIN
    chain, _ = AuditChain.objects.get_or_create(key=key, defaults={"agency_id": agency_id})
    # Lock only this agency's head; other agencies' writes proceed in parallel.
    return AuditChain.objects.select_for_update().get(pk=chain.pk)


def record(*, actor, action, obj=None, agency=None, before=None, after=None, reason="", is_read=False, object_type=None, object_id=None, object_label=None):
    """Append one event to the chain of `agency` (default: the actor's agency)."""
    if agency is None and actor is not None:
        agency_id = getattr(actor, "agency_id", None)
    else:
        agency_id = getattr(agency, "pk", agency)
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:200]
    algorithm = settings.AUDIT_HASH_ALGORITHM
    with transaction.atomic():
        chain = _chain_for(agency_id)
        event = AuditEvent(
            chain=chain,
            seq=chain.last_seq + 1,
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=(getattr(actor, "display_name", "") or "system")[:150] if actor else "system",
            agency_id=agency_id,
            action=action,
            object_type=object_type or "",
            object_id=object_id or "",
            object_label=object_label or "",
            before=_jsonable(before),
            after=_jsonable(after),
            reason=reason or "",
            request_id=context.get_request_id(),
            is_read=is_read,
            algorithm=algorithm,
            prev_hash=chain.last_hash,
        )
        event.hash = hashing.event_hash(algorithm, chain.last_hash, event.payload(chain.key))
        event.save()
        chain.last_seq = event.seq
        chain.last_hash = event.hash
        chain.save(update_fields=["last_seq", "last_hash"])
    return event


def snapshot(obj, fields):
    """Plain dict of the named fields, for before/after."""
    out = {}
    for name in fields:
        value = getattr(obj, name + "_id", None) if hasattr(obj, name + "_id") else getattr(obj, name, None)
        out[name] = value
    return _jsonable(out)


def diff(before, after):
    """Keep only the keys that changed, on both sides."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
