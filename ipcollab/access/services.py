from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from ipcollab.audit import services as audit
from ipcollab.core.errors import ErrorCode, ServiceError

from .models import GrantKind, RecordGrant


def grant_record(*, actor, obj, agency=None, user=None, kind=GrantKind.ACCESS, reason="", expires_at=None):
    if (agency is None) == (user is None):
        raise ServiceError(ErrorCode.INVALID, fields={"grantee": ["exactly one of agency or user"]})
    ct = ContentType.objects.get_for_model(obj)
    try:
        with transaction.atomic():
            grant = RecordGrant.objects.create(
                content_type=ct,
                object_id=str(obj.pk),
                kind=kind,
                grantee_agency=agency,
                grantee_user=user,
                granted_by=actor,
                reason=reason,
                expires_at=expires_at,
            )
            audit.record(
                actor=actor,
                action="access.grant",
                obj=obj,
                agency=getattr(obj, "agency_id", None),
                after={"grant": grant.pk, "kind": kind, "agency": getattr(agency, "pk", None), "user": getattr(user, "pk", None)},
                reason=reason,
            )
    except IntegrityError:
        raise ServiceError(ErrorCode.GRANT_DUPLICATE, status=409) from None
    return grant


@transaction.atomic
def revoke_grant(*, actor, grant, reason=""):
    obj_label = f"{grant.content_type.app_label}.{grant.content_type.model}:{grant.object_id}"
    audit.record(
        actor=actor,
        action="access.revoke",
        object_type=f"{grant.content_type.app_label}.{grant.content_type.model}",
        object_id=grant.object_id,
        object_label=obj_label,
        before={"grant": grant.pk, "agency": grant.grantee_agency_id, "user": grant.grantee_user_id},
        reason=reason,
    )
    grant.delete()


def grants_for(obj):
    ct = ContentType.objects.get_for_model(obj)
    return RecordGrant.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("grantee_agency", "grantee_user")
