"""What alerts do when a proceeding changes (receivers of ``proceedings.signals.proceeding_event``,
run inside the writing transaction) and the catch-up of saved searches (periodic task).

- Followers: the users following the proceeding, or a right it is about, who chose the event
  type and can see the proceeding, get one notification per event (one, even when they follow
  the proceeding and two of its rights); the user who caused the event does not.
- Appeals: a new proceeding whose ``previous`` a user follows is followed for them
  (``automatic``, same event types, a note saying of what); they are alerted when they chose
  上诉/再审 or 新程序. An appeal of an appeal follows the chain.
- Saved searches: a new proceeding is matched against all watches in one query; each match is
  recorded once (WatchMatch) and alerted once (notification dedupe key), whether the receiver
  or the catch-up task finds it first.
"""

import hashlib
import json
import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ipcollab.access.visibility import visible_to
from ipcollab.audit import services as audit
from ipcollab.core.models import Visibility
from ipcollab.notifications.services import notify
from ipcollab.proceedings import outcomes
from ipcollab.proceedings.models import Priority, Proceeding, ProceedingRight, Status
from ipcollab.proceedings.signals import APPEAL, EVENTS, NEW_PROCEEDING, STAY

from . import selectors
from .links import proceeding_link
from .models import Follow, Watch, WatchMatch

logger = logging.getLogger("ipcollab.alerts")

# Proceedings younger than this are checked again by the next catch-up: a transaction that
# started earlier may still commit a proceeding with a smaller id.
CATCH_UP_LAG = timedelta(minutes=10)
# At most this many matches per watch and run; the cursor stops at the last one handled.
CATCH_UP_BATCH = 500


def can_see(user, proceeding):
    """Whether ``user`` may see ``proceeding`` (access.visibility): the common cases without a
    query, the rest (platform admins, record grants) through the one visibility filter."""
    if not user.is_active:
        return False
    if proceeding.visibility == Visibility.PUBLIC:
        return True
    if proceeding.visibility == Visibility.NETWORK and user.kind in ("staff", "system"):
        return True
    if user.agency_id and user.agency_id == proceeding.agency_id:
        return True
    return visible_to(Proceeding.objects.filter(pk=proceeding.pk), user).exists()


def _occurrence(proceeding, event, details):
    """A key for one occurrence of an event: the same signal twice alerts once."""
    if event == NEW_PROCEEDING:
        return "new"
    if event == APPEAL:
        appeal = details.get("next")  # the appeal or retrial (proceedings.services)
        if appeal is not None:
            return f"appeal:{getattr(appeal, 'pk', appeal)}"
    raw = json.dumps({"e": event, "d": details, "u": str(proceeding.updated_at)}, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _detail_line(event, details):
    if details.get("result"):
        return _("结果：%(result)s") % {"result": outcomes.label(details["result"])}
    if event == STAY and "stayed" in details:
        return pgettext("event", "中止审理") if details["stayed"] else pgettext("event", "恢复审理")
    if event == APPEAL and details.get("number"):
        return _("上诉/再审案件：%(number)s") % {"number": details["number"]}
    change = details.get("change")
    if change == "assigned":
        return _("承办人员变更")
    if change == "fast_track":
        return _("标记为快速办理") if details.get("fast_track") else _("取消快速办理")
    if change == "priority" and details.get("priority") in Priority.values:
        return _("优先审查：%(state)s") % {"state": Priority(details["priority"]).label}
    if details.get("status"):
        return _("状态：%(status)s") % {"status": Status(details["status"]).label if details["status"] in Status.values else details["status"]}
    return ""


def _describe(proceeding):
    parts = [proceeding.get_kind_display()]
    if proceeding.title:
        parts.append(proceeding.title)
    return " · ".join(str(p) for p in parts)


def _followed_label(follow):
    if follow.right_id:
        return _("您关注的权利 %(number)s") % {"number": follow.right.number}
    return _("您关注的案件")


def alert_followers(proceeding, event, *, actor=None, details=None, skip=()):
    """Notify the followers of the proceeding and of its rights who chose ``event``."""
    details = details or {}
    right_ids = list(ProceedingRight.objects.filter(proceeding=proceeding).values_list("right_id", flat=True))
    follows = Follow.objects.filter(Q(proceeding=proceeding) | Q(right_id__in=right_ids)).select_related("user", "right").order_by("proceeding_id", "id")
    chosen = {}
    for f in follows:
        if event not in f.events or f.user_id in skip or (actor is not None and f.user_id == getattr(actor, "pk", None)):
            continue
        # the proceeding's own follow (with its note) wins over a right's
        if f.user_id not in chosen or (f.proceeding_id and not chosen[f.user_id].proceeding_id):
            chosen[f.user_id] = f
    key = f"alerts:{proceeding.pk}:{event}:{_occurrence(proceeding, event, details)}"
    sent = []
    for f in chosen.values():
        if not can_see(f.user, proceeding):
            continue
        lines = [
            _("%(followed)s有新动态：%(event)s。") % {"followed": _followed_label(f), "event": EVENTS[event]},
            _describe(proceeding),
        ]
        extra = _detail_line(event, details)
        if extra:
            lines.append(extra)
        if f.note:
            lines.append(_("备注：%(note)s") % {"note": f.note})
        note = notify(
            recipient=f.user,
            code=f"alerts.{event}",
            title=(_("%(event)s：%(number)s") % {"event": EVENTS[event], "number": proceeding.number})[:200],
            body="\n".join(lines),
            link=proceeding_link(proceeding.pk),
            dedupe_key=key[:200],
        )
        if note is not None:
            sent.append(f.user_id)
    return sent


def follow_appeal(proceeding, *, actor=None):
    """The followers of ``proceeding.previous`` follow the new appeal or retrial too."""
    if not proceeding.previous_id:
        return set()
    previous = proceeding.previous
    origin = Follow.objects.filter(proceeding_id=previous.pk).select_related("user")
    already = set(Follow.objects.filter(proceeding=proceeding).values_list("user_id", flat=True))
    alerted = set()
    for f in origin:
        if f.user_id in already or not can_see(f.user, proceeding):
            continue
        note = _("自动关注：%(number)s的上诉/再审") % {"number": previous.number}
        try:
            with transaction.atomic():
                auto = Follow.objects.create(user=f.user, proceeding=proceeding, events=list(f.events), note=note, automatic=True)
        except IntegrityError:
            continue
        alerted.add(f.user_id)  # alerted here, if at all: not again as a follower of the new one
        audit.record(
            actor=actor,
            action="alerts.follow_auto",
            obj=auto,
            agency=f.user.agency_id,
            after={"user": f.user_id, "proceeding": proceeding.pk, "previous": previous.pk, "events": auto.events},
        )
        if actor is not None and f.user_id == getattr(actor, "pk", None):
            continue
        if APPEAL not in f.events and NEW_PROCEEDING not in f.events:
            continue
        notify(
            recipient=f.user,
            code="alerts.appeal",
            title=(_("上诉/再审：%(number)s") % {"number": proceeding.number})[:200],
            body="\n".join(
                [
                    _("您关注的案件 %(previous)s 有了上诉或再审：%(number)s（%(agency)s），已为您自动关注。")
                    % {"previous": previous.number, "number": proceeding.number, "agency": proceeding.agency.name},
                    *([_("备注：%(note)s") % {"note": f.note}] if f.note else []),
                ]
            ),
            link=proceeding_link(proceeding.pk),
            dedupe_key=f"alerts:{previous.pk}:appeal:appeal:{proceeding.pk}"[:200],
        )
    return alerted


def _alert_match(watch, proceeding):
    """Record the match and alert its owner; both once, whoever finds it first."""
    try:
        with transaction.atomic():
            WatchMatch.objects.get_or_create(watch=watch, proceeding=proceeding)
    except IntegrityError:
        pass
    return notify(
        recipient=watch.user,
        code="alerts.watch",
        title=(_("订阅检索“%(name)s”有新结果：%(number)s") % {"name": watch.name, "number": proceeding.number})[:200],
        body="\n".join(
            [
                _describe(proceeding),
                _("%(agency)s，%(filed)s 立案/受理") % {"agency": proceeding.agency.name, "filed": proceeding.filed_on.isoformat()},
            ]
        ),
        link=proceeding_link(proceeding.pk),
        dedupe_key=f"alerts:watch:{watch.pk}:{proceeding.pk}",
    )


def run_watches(proceeding, *, actor=None):
    """Match a new proceeding against every saved search (one query for the watches)."""
    matched = [w for w in selectors.watches_matching(proceeding) if can_see(w.user, proceeding)]
    for watch in matched:
        _alert_match(watch, proceeding)
    if matched:
        audit.record(
            actor=actor,
            action="alerts.watch_matched",
            obj=proceeding,
            agency=proceeding.agency_id,
            after={"watches": [w.pk for w in matched]},
        )
    return matched


def on_proceeding_event(sender, proceeding, event, actor=None, details=None, **kwargs):
    """Receiver of proceeding_event. Runs in a savepoint: a failure here is logged and leaves the
    proceeding's own write alone (the catch-up task still finds the watches' matches)."""
    if event not in EVENTS:
        return
    try:
        with transaction.atomic():
            skip = set()
            if event == NEW_PROCEEDING:
                skip = follow_appeal(proceeding, actor=actor)
                run_watches(proceeding, actor=actor)
            alert_followers(proceeding, event, actor=actor, details=details or {}, skip=skip)
    except Exception:
        logger.exception("alerts: proceeding_event %s on proceeding %s", event, getattr(proceeding, "pk", None))


def catch_up(*, now=None, batch=CATCH_UP_BATCH):
    """Check the proceedings created since each watch's cursor (idempotent). Returns the number
    of new alerts."""
    now = now or timezone.now()
    watches = list(Watch.objects.select_related("user").order_by("id"))
    if not watches:
        return 0
    lowest = min(w.cursor for w in watches)
    # the newest proceeding old enough that nothing with a smaller id can still commit
    settled = Proceeding.objects.filter(pk__gt=lowest, created_at__lt=now - CATCH_UP_LAG).aggregate(m=Max("id"))["m"] or lowest
    newest = Proceeding.objects.filter(pk__gt=lowest).aggregate(m=Max("id"))["m"]
    alerts = 0
    for watch in watches:
        if newest is None or newest <= watch.cursor:
            continue
        found = list(selectors.proceedings_matching(watch).filter(pk__gt=watch.cursor).select_related("agency").order_by("pk")[:batch])
        for proceeding in found:
            if _alert_match(watch, proceeding) is not None:
                alerts += 1
        cursor = max(watch.cursor, settled)
        if len(found) == batch:
            cursor = min(cursor, found[-1].pk)
        Watch.objects.filter(pk=watch.pk).update(cursor=cursor, checked_at=now)
    if alerts:
        audit.record(actor=None, action="alerts.watch_catch_up", object_type="alerts.watch", after={"alerts": alerts})
    return alerts
