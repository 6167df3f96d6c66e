"""Reads of alerts, filtered in SQL: a user sees their own follows and saved searches only
(anyone else's is a 404), and only what they may still see of the followed records."""

from django.db.models import Exists, OuterRef, Q

from ipcollab.access.visibility import visible_to
from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk
from ipcollab.proceedings.models import Kind, Proceeding, ProceedingParty, ProceedingRight, Status
from ipcollab.registry.models import Right

from .models import Follow, Watch, WatchMatch

OPEN_STATUSES = (Status.PENDING, Status.STAYED)


def proceedings_for_user(user):
    return visible_to(Proceeding.objects.all(), user)


def rights_for_user(user):
    return visible_to(Right.objects.all(), user)


def proceeding_get_for_user(user, pk):
    proceeding = proceedings_for_user(user).filter(pk=parse_pk(pk)).first()
    if proceeding is None:
        raise NotFound()
    return proceeding


def right_get_for_user(user, pk):
    right = rights_for_user(user).filter(pk=parse_pk(pk)).first()
    if right is None:
        raise NotFound()
    return right


def follows_for_user(user):
    """The user's follows, of what they can still see, newest first."""
    visible_rights = rights_for_user(user).filter(pk=OuterRef("right_id"))
    visible_proceedings = proceedings_for_user(user).filter(pk=OuterRef("proceeding_id"))
    return (
        Follow.objects.filter(user=user)
        .alias(_r=Exists(visible_rights), _p=Exists(visible_proceedings))
        .filter(Q(right__isnull=False, _r=True) | Q(proceeding__isnull=False, _p=True))
        .select_related("right", "proceeding")
    )


def follow_get_for_user(user, pk):
    follow = follows_for_user(user).filter(pk=parse_pk(pk)).first()
    if follow is None:
        raise NotFound()
    return follow


def follow_of(user, *, right=None, proceeding=None):
    """The user's follow of that right or proceeding, or None (for the follow button)."""
    if right is not None:
        return Follow.objects.filter(user=user, right=right).first()
    if proceeding is not None:
        return Follow.objects.filter(user=user, proceeding=proceeding).first()
    return None


def watches_for_user(user):
    return Watch.objects.filter(user=user).select_related("agency", "party", "right")


def watch_get_for_user(user, pk):
    watch = watches_for_user(user).filter(pk=parse_pk(pk)).first()
    if watch is None:
        raise NotFound()
    return watch


def matches_of(watch):
    """The watch's matches that its owner can still see (a queryset; newest first)."""
    visible = proceedings_for_user(watch.user).filter(pk=OuterRef("proceeding_id"))
    return WatchMatch.objects.filter(watch=watch).filter(Exists(visible)).select_related("proceeding", "proceeding__agency").order_by("-id")


def last_matches(watch, limit=20):
    return list(matches_of(watch)[:limit])


def under_invalidation():
    """A subquery condition on ProceedingRight: an earlier proceeding (smaller id: there when this
    one arrived), a pending (or stayed) patent invalidation, is about the same right."""
    return Exists(
        ProceedingRight.objects.filter(
            right_id=OuterRef("right_id"),
            proceeding__kind=Kind.PATENT_INVALIDATION,
            proceeding__status__in=OPEN_STATUSES,
            proceeding_id__lt=OuterRef("proceeding_id"),
        )
    )


def proceedings_matching(watch):
    """Every proceeding the watch's filters select that its owner can see (SQL; no ordering)."""
    qs = Proceeding.objects.all()
    for name in ("kind", "track", "cause", "status"):
        value = getattr(watch, name)
        if value:
            qs = qs.filter(**{name: value})
    if watch.agency_id:
        qs = qs.filter(agency_id=watch.agency_id)
    if watch.my_court:
        qs = qs.filter(agency_id=watch.user.agency_id) if watch.user.agency_id else qs.none()
    if watch.party_id:
        qs = qs.filter(Exists(ProceedingParty.objects.filter(proceeding_id=OuterRef("pk"), party_id=watch.party_id)))
    if watch.right_id:
        qs = qs.filter(Exists(ProceedingRight.objects.filter(proceeding_id=OuterRef("pk"), right_id=watch.right_id)))
    if watch.right_kind:
        qs = qs.filter(Exists(ProceedingRight.objects.filter(proceeding_id=OuterRef("pk"), right__kind=watch.right_kind)))
    if watch.under_invalidation:
        qs = qs.filter(Exists(ProceedingRight.objects.filter(proceeding_id=OuterRef("pk")).filter(under_invalidation())))
    return visible_to(qs, watch.user)


def watches_matching(proceeding):
    """Every watch whose filters select ``proceeding`` and that was there before it (cursor below
    its id): the facts of the proceeding are read once (parties; rights with their kind; whether
    one of them is under invalidation), then one query over all watches."""
    party_ids = list(ProceedingParty.objects.filter(proceeding=proceeding).values_list("party_id", flat=True))
    rights = list(ProceedingRight.objects.filter(proceeding=proceeding).values_list("right_id", "right__kind"))
    right_ids = [r for r, _ in rights]
    right_kinds = sorted({k for _, k in rights})
    invalidation = bool(right_ids) and (
        ProceedingRight.objects.filter(
            right_id__in=right_ids, proceeding__kind=Kind.PATENT_INVALIDATION, proceeding__status__in=OPEN_STATUSES, proceeding_id__lt=proceeding.pk
        ).exists()
    )
    qs = Watch.objects.filter(
        Q(kind="") | Q(kind=proceeding.kind),
        Q(track="") | Q(track=proceeding.track),
        Q(agency__isnull=True) | Q(agency_id=proceeding.agency_id),
        Q(cause="") | Q(cause=proceeding.cause),
        Q(status="") | Q(status=proceeding.status),
        Q(party__isnull=True) | Q(party_id__in=party_ids),
        Q(right__isnull=True) | Q(right_id__in=right_ids),
        Q(right_kind="") | Q(right_kind__in=right_kinds),
        Q(my_court=False) | Q(user__agency_id=proceeding.agency_id),
        cursor__lt=proceeding.pk,
    )
    if not invalidation:
        qs = qs.filter(under_invalidation=False)
    return qs.select_related("user")
