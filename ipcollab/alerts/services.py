"""Writes of alerts: follows (关注) and saved searches (订阅检索) of the acting user. One
transaction each, audited; bad input is a ServiceError with a stable code and nothing written.
What the alerts do when a proceeding changes is in ``alerting.py``."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ipcollab.audit import services as audit
from ipcollab.core.errors import ErrorCode, NotFound, ServiceError
from ipcollab.core.ids import parse_pk
from ipcollab.orgs.models import Agency
from ipcollab.proceedings import causes
from ipcollab.proceedings.models import COURT_KINDS, Kind, Proceeding, Status, Track
from ipcollab.proceedings.signals import EVENTS
from ipcollab.registry.models import RightKind
from ipcollab.registry.selectors import parties_for_user

from . import selectors
from .models import Follow, Watch

NOTE_MAX = 500
NAME_MAX = 100
FOLLOW_FIELDS = ("user", "right", "proceeding", "events", "note", "automatic")
WATCH_FIELDS = ("name", *Watch.FILTERS)


def _snapshot_follow(follow):
    return audit.snapshot(follow, FOLLOW_FIELDS)


def _snapshot_watch(watch):
    return audit.snapshot(watch, WATCH_FIELDS)


def clean_events(events, field="events"):
    """The event types chosen, in the order of EVENTS; none chosen or an unknown one is refused."""
    if events is None:
        return list(EVENTS)
    if isinstance(events, str) or not isinstance(events, (list, tuple, set, frozenset)):
        raise ServiceError(ErrorCode.INVALID, fields={field: [_("请提供事件类型的列表。")]})
    unknown = sorted({str(e) for e in events} - set(EVENTS))
    if unknown:
        message = _("未知的事件类型：%(types)s。可选：%(known)s。") % {"types": "、".join(unknown), "known": "、".join(EVENTS)}
        raise ServiceError(ErrorCode.EVENT_TYPE_UNKNOWN, message, fields={field: [message]})
    chosen = [e for e in EVENTS if e in set(events)]
    if not chosen:
        raise ServiceError(ErrorCode.REQUIRED, _("请至少选择一种事件类型。"), fields={field: [_("请至少选择一种事件类型。")]})
    return chosen


def _clean_note(note):
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ServiceError(ErrorCode.INVALID, fields={"note": [_("备注不能超过 %(n)d 个字符。") % {"n": NOTE_MAX}]})
    return note


def _pk(value):
    return value.pk if hasattr(value, "pk") else value


def _reach(fn, user, value, field):
    try:
        return fn(user, _pk(value))
    except NotFound:
        raise ServiceError(ErrorCode.NOT_FOUND, _("未找到该记录，或您无权查看。"), fields={field: [_("未找到该记录，或您无权查看。")]}, status=404) from None


@transaction.atomic
def follow(*, actor, right=None, proceeding=None, events=None, note=""):
    """Follow one right or one proceeding the actor can see, alerting on the chosen events."""
    if (right in (None, "")) == (proceeding in (None, "")):
        raise ServiceError(ErrorCode.FOLLOW_TARGET_INVALID, fields={"right": [_("权利与案件须且只能指定其一。")]})
    events = clean_events(events)
    note = _clean_note(note)
    if right not in (None, ""):
        target = {"right": _reach(selectors.right_get_for_user, actor, right, "right")}
    else:
        target = {"proceeding": _reach(selectors.proceeding_get_for_user, actor, proceeding, "proceeding")}
    if Follow.objects.filter(user=actor, **target).exists():
        raise ServiceError(ErrorCode.FOLLOW_DUPLICATE, fields={next(iter(target)): [_("您已关注该项。")]}, status=409)
    try:
        with transaction.atomic():
            item = Follow.objects.create(user=actor, events=events, note=note, **target)
    except IntegrityError:  # a concurrent follow of the same item
        raise ServiceError(ErrorCode.FOLLOW_DUPLICATE, fields={next(iter(target)): [_("您已关注该项。")]}, status=409) from None
    audit.record(actor=actor, action="alerts.follow", obj=item, after=_snapshot_follow(item))
    return item


@transaction.atomic
def follow_update(*, actor, follow, events=None, note=None):
    """Change the event types and/or the note of one's follow (None leaves a field unchanged)."""
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    if follow.user_id != actor.pk:
        raise NotFound()
    before = _snapshot_follow(follow)
    if events is not None:
        follow.events = clean_events(events)
    if note is not None:
        follow.note = _clean_note(note)
    follow.save(update_fields=["events", "note", "updated_at"])
    audit.record(actor=actor, action="alerts.follow_update", obj=follow, before=before, after=_snapshot_follow(follow))
    return follow


@transaction.atomic
def unfollow(*, actor, follow):
    if follow.user_id != actor.pk:
        raise NotFound()
    before = _snapshot_follow(follow)
    label, pk = str(follow), follow.pk
    Follow.objects.filter(pk=follow.pk).delete()
    audit.record(actor=actor, action="alerts.unfollow", object_type="alerts.follow", object_id=str(pk), object_label=label, before=before)


# --- saved searches (订阅检索) -------------------------------------------------------------------


def _choice(value, choices, field):
    value = (value or "").strip() if isinstance(value, str) else value
    if value in (None, ""):
        return ""
    if value not in choices:
        raise ServiceError(ErrorCode.INVALID, fields={field: [_("不是有效的选项：%(value)s。") % {"value": value}]})
    return value


def _ref(value, field, lookup):
    """An id (or instance) of a filter's record, resolved through ``lookup(pk)``; out of reach or
    missing is a 404 on that field."""
    if value in (None, ""):
        return None
    try:
        obj = lookup(parse_pk(_pk(value)))
    except NotFound:
        obj = None
    if obj is None:
        raise ServiceError(ErrorCode.NOT_FOUND, _("未找到该记录，或您无权查看。"), fields={field: [_("未找到该记录，或您无权查看。")]}, status=404)
    return obj


def _bool(value):
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def clean_watch(actor, data):
    """The watch's fields from ``data`` (ids or instances for agency, party, right), checked."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ServiceError(ErrorCode.REQUIRED, _("请填写名称。"), fields={"name": [_("请填写名称。")]})
    if len(name) > NAME_MAX:
        raise ServiceError(ErrorCode.INVALID, fields={"name": [_("名称不能超过 %(n)d 个字符。") % {"n": NAME_MAX}]})
    out = {
        "name": name,
        "kind": _choice(data.get("kind"), Kind.values, "kind"),
        "track": _choice(data.get("track"), Track.values, "track"),
        "cause": _choice(data.get("cause"), [c for c, _label in causes.CHOICES], "cause"),
        "status": _choice(data.get("status"), Status.values, "status"),
        "right_kind": _choice(data.get("right_kind"), RightKind.values, "right_kind"),
        "under_invalidation": _bool(data.get("under_invalidation")),
        "my_court": _bool(data.get("my_court")),
        "agency": _ref(data.get("agency"), "agency", lambda pk: Agency.objects.filter(pk=pk).first()),
        "party": _ref(data.get("party"), "party", lambda pk: parties_for_user(actor).filter(pk=pk).first()),
        "right": _ref(data.get("right"), "right", lambda pk: selectors.rights_for_user(actor).filter(pk=pk).first()),
    }
    if not any(out[f] for f in Watch.FILTERS):
        raise ServiceError(ErrorCode.WATCH_EMPTY, fields={"name": [_("请至少选择一个检索条件。")]})

    def conflict(field, message):
        raise ServiceError(ErrorCode.WATCH_FILTER_INVALID, message, fields={field: [message]})

    kind_track = (Track.COURT if out["kind"] in COURT_KINDS else Track.OFFICE) if out["kind"] else ""
    if out["kind"] and out["track"] and kind_track != out["track"]:
        conflict("kind", _("该程序种类不属于所选类别。"))
    cause = causes.cause(out["cause"]) if out["cause"] else None
    if cause is not None:
        if out["track"] == Track.OFFICE or (out["kind"] and out["kind"] != cause.kind):
            conflict("cause", _("该案由不适用于所选程序种类。"))
    if out["right"] is not None and out["right_kind"] and out["right"].kind != out["right_kind"]:
        conflict("right_kind", _("所选权利不属于该权利类别。"))
    if out["my_court"]:
        if not actor.agency_id:
            conflict("my_court", _("您的账户不属于任何机构，不能按“本机构”检索。"))
        if out["agency"] is not None and out["agency"].pk != actor.agency_id:
            conflict("agency", _("“仅本机构承办”与所选承办机构不一致。"))
    return out


def _newest_proceeding():
    return Proceeding.objects.aggregate(m=Max("id"))["m"] or 0


@transaction.atomic
def watch_create(*, actor, data):
    """Save a search; it alerts on proceedings created from now on."""
    fields = clean_watch(actor, data)
    watch = Watch.objects.create(user=actor, cursor=_newest_proceeding(), **fields)
    audit.record(actor=actor, action="alerts.watch_create", obj=watch, after=_snapshot_watch(watch))
    return watch


@transaction.atomic
def watch_update(*, actor, watch, data):
    """Change a saved search. New filters alert on proceedings created from now on."""
    watch = Watch.objects.select_for_update().get(pk=watch.pk)
    if watch.user_id != actor.pk:
        raise NotFound()
    before = _snapshot_watch(watch)
    fields = clean_watch(actor, data)
    filters_changed = any(getattr(watch, f) != fields[f] for f in Watch.FILTERS)
    for name, value in fields.items():
        setattr(watch, name, value)
    if filters_changed:
        watch.cursor = _newest_proceeding()
    watch.save()
    audit.record(actor=actor, action="alerts.watch_update", obj=watch, before=before, after=_snapshot_watch(watch))
    return watch


@transaction.atomic
def watch_delete(*, actor, watch):
    if watch.user_id != actor.pk:
        raise NotFound()
    before = _snapshot_watch(watch)
    label, pk = str(watch), watch.pk
    Watch.objects.filter(pk=watch.pk).delete()
    audit.record(actor=actor, action="alerts.watch_delete", object_type="alerts.watch", object_id=str(pk), object_label=label, before=before)
