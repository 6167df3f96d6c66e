"""Liaison threads (联络沟通, issue 8 point 6): a topic between agencies, posts, replies, unread
counts and notifications, replacing ad-hoc e-mail. A thread may be the discussion of a
standards-feedback record.

Who: the staff of a thread's agencies read it (platform admins read all); starting a thread,
replying and closing are for the agencies' liaisons and admins (`manages_for`), each posting for
its own agency; closing also for the starting agency only. Each new post notifies the current
liaisons of the other agencies (one notification per post and person)."""

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin
from ipcollab.notifications.services import notify

from .actions import current_liaisons
from .models import Post, StandardsFeedback, Thread, ThreadAgency, ThreadRead, ThreadStatus
from .rules import is_staff, manages_for

MAX_TOPIC = 200
MAX_BODY = 20000


# ---------------------------------------------------------------- reads


def threads_for(user):
    """Threads of the user's agency (all for platform admins), with `unread`: posts by others since
    the user last read the thread."""
    qs = Thread.objects.select_related("agency", "feedback")
    if not is_platform_admin(user):
        if not is_staff(user):
            return qs.none()
        qs = qs.filter(Exists(ThreadAgency.objects.filter(thread=OuterRef("pk"), agency_id=user.agency_id)))
    last_read = ThreadRead.objects.filter(thread=OuterRef("pk"), user_id=user.pk).values("last_read_at")[:1]
    return qs.annotate(last_read=Subquery(last_read)).annotate(
        unread=Count(
            "posts",
            filter=(Q(last_read__isnull=True) | Q(posts__created_at__gt=F("last_read"))) & ~Q(posts__author_id=user.pk),
            distinct=True,
        ),
        post_count=Count("posts", distinct=True),
    )


def get_thread(user, pk):
    pk = parse_pk(pk)
    thread = threads_for(user).filter(pk=pk).first()
    if thread is None:
        raise NotFound()
    return thread


def threads_for_feedback(user, feedback):
    return threads_for(user).filter(feedback=feedback).order_by("-last_post_at", "-pk")


def posts_of(thread):
    return Post.objects.filter(thread=thread).select_related("author", "agency").order_by("created_at", "pk")


def agencies_of(thread):
    from ipcollab.orgs.models import Agency

    return Agency.objects.filter(pk__in=ThreadAgency.objects.filter(thread=thread).values("agency_id")).order_by("name")


def unread_threads(user):
    return threads_for(user).filter(status=ThreadStatus.OPEN, unread__gt=0) if is_staff(user) or is_platform_admin(user) else Thread.objects.none()


def unread_thread_count(user):
    return unread_threads(user).count()


def can_post(user, thread):
    """A liaison or admin of one of the thread's agencies, posting for it."""
    return bool(is_staff(user) and ThreadAgency.objects.filter(thread=thread, agency_id=user.agency_id).exists() and manages_for(user, user.agency_id))


def can_close(user, thread):
    return is_platform_admin(user) or (is_staff(user) and user.agency_id == thread.agency_id and manages_for(user, thread.agency_id))


# ---------------------------------------------------------------- writes


def _body(body):
    body = (body or "").strip()
    if not body:
        raise ServiceError(ErrorCode.REQUIRED, fields={"body": [_("请填写内容。")]})
    if len(body) > MAX_BODY:
        raise ServiceError(ErrorCode.INVALID, fields={"body": [_("内容不超过%(n)d字。") % {"n": MAX_BODY}]})
    return body


def _link(thread):
    return reverse("consultation:thread_detail", args=[thread.pk])


def _notify_post(post, thread, actor):
    """The current liaisons of the thread's other agencies, once per post and person."""
    others = ThreadAgency.objects.filter(thread=thread).exclude(agency_id=post.agency_id).values_list("agency_id", flat=True)
    people = {}
    for agency_id in others:
        for person in current_liaisons(agency_id):
            people[person.pk] = person
    title = _("联络沟通有新回复：%(t)s") % {"t": thread.topic}
    body = _("%(agency)s %(who)s：%(text)s") % {
        "agency": post.agency.short_name or post.agency.name,
        "who": getattr(actor, "display_name", "") or "",
        "text": post.body[:200],
    }
    sent = 0
    for person in people.values():
        if person.pk == getattr(actor, "pk", None):
            continue
        sent += (
            notify(
                recipient=person,
                code="consultation.thread.post",
                title=title,
                body=body,
                link=_link(thread),
                dedupe_key=f"consultation.thread.post:{post.pk}:{person.pk}",
            )
            is not None
        )
    return sent


def _post(actor, thread, body):
    now = timezone.now()
    post = Post.objects.create(thread=thread, author=actor if getattr(actor, "pk", None) else None, agency_id=actor.agency_id, body=body)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at or now, updated_at=now)
    thread.last_post_at = post.created_at
    ThreadRead.objects.update_or_create(thread=thread, user=actor, defaults={"last_read_at": post.created_at})
    return post


def start_thread(*, actor, topic, agencies, body, feedback=None):
    """A new thread between the actor's agency (always included) and `agencies`, with its first post."""
    from ipcollab.orgs.models import Agency

    topic = (topic or "").strip()
    if not topic:
        raise ServiceError(ErrorCode.REQUIRED, fields={"topic": [_("请填写主题。")]})
    if len(topic) > MAX_TOPIC:
        raise ServiceError(ErrorCode.INVALID, fields={"topic": [_("主题不超过%(n)d字。") % {"n": MAX_TOPIC}]})
    body = _body(body)
    if not is_staff(actor) or not manages_for(actor, actor.agency_id):
        raise PermissionDenied()
    ids = set()
    for agency in agencies or ():
        ids.add(getattr(agency, "pk", agency))
    if feedback is not None:
        feedback = StandardsFeedback.objects.filter(pk=getattr(feedback, "pk", feedback)).first()
        if feedback is None:
            raise NotFound()
        if actor.agency_id not in (feedback.raised_by_agency_id, feedback.counterpart_id):
            raise PermissionDenied()
        ids |= {feedback.raised_by_agency_id, feedback.counterpart_id}
    ids.discard(actor.agency_id)
    known = set(Agency.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]).values_list("pk", flat=True))
    if ids - known:
        raise ServiceError(ErrorCode.INVALID, fields={"agencies": [_("所选单位不存在。")]})
    if not known:
        raise ServiceError(ErrorCode.THREAD_AGENCIES_REQUIRED, fields={"agencies": [_("请至少选择一家其他单位。")]})
    with transaction.atomic():
        thread = Thread.objects.create(topic=topic, started_by=actor, agency_id=actor.agency_id, feedback=feedback)
        ThreadAgency.objects.bulk_create([ThreadAgency(thread=thread, agency_id=a) for a in sorted(known | {actor.agency_id})])
        post = _post(actor, thread, body)
        record(
            actor=actor,
            action="consultation.thread.start",
            obj=thread,
            after={"topic": topic, "agencies": sorted(known | {actor.agency_id}), "feedback": getattr(feedback, "pk", None), "post": post.pk},
        )
        _notify_post(post, thread, actor)
    return thread


def post_reply(*, actor, thread, body):
    body = _body(body)
    with transaction.atomic():
        locked = Thread.objects.select_for_update().filter(pk=thread.pk).first()
        if locked is None:
            raise NotFound()
        if not can_post(actor, locked):
            raise PermissionDenied()
        if locked.status != ThreadStatus.OPEN:
            raise ServiceError(ErrorCode.THREAD_CLOSED, status=409)
        post = _post(actor, locked, body)
        record(actor=actor, action="consultation.thread.reply", obj=locked, after={"post": post.pk, "length": len(body)})
        _notify_post(post, locked, actor)
    return post


def close_thread(*, actor, thread):
    with transaction.atomic():
        locked = Thread.objects.select_for_update().filter(pk=thread.pk).first()
        if locked is None:
            raise NotFound()
        if not can_close(actor, locked):
            raise PermissionDenied()
        if locked.status != ThreadStatus.OPEN:
            raise ServiceError(ErrorCode.THREAD_CLOSED, status=409)
        locked.status = ThreadStatus.CLOSED
        locked.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="consultation.thread.close", obj=locked, before={"status": ThreadStatus.OPEN}, after={"status": locked.status})
    return locked


def mark_thread_read(*, user, thread):
    """Everything in the thread up to now counts as read by `user` (only written when there is something new)."""
    last = Post.objects.filter(thread=thread).order_by("-created_at").values_list("created_at", flat=True).first()
    if last is None or not getattr(user, "pk", None):
        return None
    with transaction.atomic():
        row = ThreadRead.objects.select_for_update().filter(thread=thread, user=user).first()
        if row is not None and row.last_read_at >= last:
            return row
        if row is None:
            row = ThreadRead.objects.create(thread=thread, user=user, last_read_at=max(last, timezone.now()))
        else:
            row.last_read_at = max(last, timezone.now())
            row.save(update_fields=["last_read_at"])
        record(actor=user, action="consultation.thread.read", obj=thread, is_read=True, after={"last_read_at": row.last_read_at})
    return row
