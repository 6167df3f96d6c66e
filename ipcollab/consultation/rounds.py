"""Comment rounds on drafts (征求意见; Opinions 三(四)): a drafting agency circulates a draft law,
judicial interpretation, rule or standard, split into articles, to chosen agencies with a deadline;
each invited agency comments per article (or on the whole draft) with a proposed wording, or answers
"no comments"; the drafter answers each comment (adopted / partly / not adopted / explained) in the
consolidated table, closes the round (or the daily sweep does, the day after the deadline) and
concludes it once every comment has an answer.

Who: a round is seen by staff (and systems) of its drafting agency and of the invited agencies, and
by platform admins; anyone else gets NotFound. The drafting agency's liaisons and admins open,
answer, close and conclude; an invited agency's liaisons and admins (or its system account, over
the API) comment. A comment is accepted up to and including the deadline day."""

from __future__ import annotations

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record as audit
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.core.ids import parse_pk
from ipcollab.core.principals import is_platform_admin
from ipcollab.notifications.services import notify
from ipcollab.orgs.models import Agency, LiaisonDesignation

from .models import CommentRound, DraftArticle, DraftComment, DraftKind, ResponseKind, RoundInvitee, RoundStatus
from .rules import acts_for, manages_for

REMIND_DAYS = 3
MAX_ARTICLES = 500
NUMERALS = "一二三四五六七八九十百千零〇两"
ARTICLE_RE = re.compile(rf"^[ \t\u3000]*(第[{NUMERALS}]+条(?:之[{NUMERALS}]+)?)(?:[ \t\u3000]+|$)")
HEADING_RE = re.compile(rf"^[ \t\u3000]*第[{NUMERALS}]+[编章节](?:[ \t\u3000]|$)")


def today():
    return timezone.localdate()


# ---------------------------------------------------------------- pure: splitting a draft


def split_articles(text):
    """The draft's text split on lines that begin with 第X条 (Chinese numerals; 第X条之一 too).
    Text before the first article becomes an article labelled 序言; a chapter heading (第X章 …)
    goes with the article after it. A text without any 第X条 is one article, 全文."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    articles, preamble, pending, current = [], [], [], None
    for line in text.split("\n"):
        match = ARTICLE_RE.match(line)
        if match:
            if current is not None:
                articles.append(current)
            body = line[match.end() :].strip()
            current = [match.group(1), [*pending, body] if body else list(pending)]
            pending = []
        elif HEADING_RE.match(line):
            pending.append(line.strip())
        elif current is None:
            preamble.extend(pending)
            pending = []
            preamble.append(line.rstrip())
        else:
            current[1].extend(pending)
            pending = []
            current[1].append(line.rstrip())
    if current is not None:
        current[1].extend(pending)
        articles.append(current)
    else:
        preamble.extend(pending)
    result = [(label, "\n".join(lines).strip()) for label, lines in articles]
    head = "\n".join(preamble).strip()
    if not result:
        return [(_("全文"), head)] if head else []
    if head:
        result.insert(0, (_("序言"), head))
    return result


# ---------------------------------------------------------------- reads


def _reader_agency(user):
    """The agency a reader sees rounds for: staff and system accounts of an agency."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return None
    if getattr(user, "kind", None) not in ("staff", "system"):
        return None
    return user.agency_id or None


def rounds_for(user):
    qs = CommentRound.objects.select_related("drafting_agency")
    if is_platform_admin(user):
        return qs
    agency_id = _reader_agency(user)
    if agency_id is None:
        return qs.none()
    invited = Exists(RoundInvitee.objects.filter(round=OuterRef("pk"), agency_id=agency_id))
    return qs.filter(Q(drafting_agency_id=agency_id) | invited)


def get_round(user, pk):
    pk = parse_pk(pk)
    row = rounds_for(user).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def answered_counts(rounds):
    """{round id: (invitees that answered — commented or declared no comments —, invitees)} for a
    page of rounds, in two queries."""
    ids = [r.pk for r in rounds]
    answered, total = {}, {}
    commented = set(DraftComment.objects.filter(round_id__in=ids).values_list("round_id", "agency_id").distinct())
    for round_id, agency_id, no_comment_at in RoundInvitee.objects.filter(round_id__in=ids).values_list("round_id", "agency_id", "no_comment_at"):
        total[round_id] = total.get(round_id, 0) + 1
        if no_comment_at is not None or (round_id, agency_id) in commented:
            answered[round_id] = answered.get(round_id, 0) + 1
    return {pk: (answered.get(pk, 0), total.get(pk, 0)) for pk in ids}


def awaiting_comments(user):
    """Open rounds (deadline not passed) the user's agency is invited to and has not answered."""
    agency_id = _reader_agency(user)
    if agency_id is None:
        return CommentRound.objects.none()
    mine = RoundInvitee.objects.filter(round=OuterRef("pk"), agency_id=agency_id, no_comment_at__isnull=True)
    commented = DraftComment.objects.filter(round=OuterRef("pk"), agency_id=agency_id)
    return CommentRound.objects.filter(Exists(mine), ~Exists(commented), status=RoundStatus.OPEN, deadline__gte=today())


def awaiting_responses(user):
    """Comments on rounds drafted by the user's agency that have no response yet (not concluded)."""
    agency_id = _reader_agency(user)
    if agency_id is None:
        return DraftComment.objects.none()
    return DraftComment.objects.filter(round__drafting_agency_id=agency_id, response="").exclude(round__status=RoundStatus.CONCLUDED)


def consolidated(round):
    """The consolidated table: each comment with its article and agency, in article order (the
    comments on the whole draft first)."""
    return list(
        DraftComment.objects.filter(round=round)
        .select_related("article", "agency", "author", "responded_by")
        .order_by(F("article__position").asc(nulls_first=True), "pk")
    )


def invitee_rows(round):
    """Each invitee with what it answered: 'commented', 'no_comment' or '' (not yet)."""
    commented = set(DraftComment.objects.filter(round=round).values_list("agency_id", flat=True))
    rows = []
    for invitee in round.invitees.select_related("agency").order_by("pk"):
        if invitee.agency_id in commented:
            state = "commented"
        elif invitee.no_comment_at:
            state = "no_comment"
        else:
            state = ""
        rows.append((invitee, state))
    return rows


def is_open_for_comments(round, on=None):
    return round.status == RoundStatus.OPEN and (on or today()) <= round.deadline


def can_comment(user, round):
    """The user may comment for its agency on this round (the round's state aside)."""
    agency_id = getattr(user, "agency_id", None)
    if not agency_id or not round.invitees.filter(agency_id=agency_id).exists():
        return False
    if getattr(user, "kind", None) == "system":
        return bool(user.is_active)
    return manages_for(user, agency_id) and acts_for(user, agency_id)


def can_manage(user, round):
    return manages_for(user, round.drafting_agency_id)


# ---------------------------------------------------------------- who is told


def liaisons_of(agency_ids, on=None):
    """The current liaisons (LiaisonDesignation) of each agency; an agency without one: its users
    with the role liaison."""
    on = on or today()
    agency_ids = set(agency_ids)
    current = LiaisonDesignation.objects.filter(agency_id__in=agency_ids, valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    people = {}
    for d in current.select_related("person"):
        if d.person.is_active:
            people.setdefault(d.agency_id, {})[d.person_id] = d.person
    missing = agency_ids - set(people)
    if missing:
        users = get_user_model().objects.filter(agency_id__in=missing, kind="staff", is_active=True)
        for user in users:
            if user.has_role("liaison"):
                people.setdefault(user.agency_id, {})[user.pk] = user
    return [person for agency_id in sorted(people) for person in people[agency_id].values()]


def _link(round):
    return reverse("consultation:round_detail", args=[round.pk])


def _snapshot(round):
    return {
        "title": round.title,
        "draft_kind": round.draft_kind,
        "status": round.status,
        "opened_on": round.opened_on,
        "deadline": round.deadline,
    }


# ---------------------------------------------------------------- writes


def _clean_articles(articles):
    if isinstance(articles, str):
        articles = split_articles(articles)
    cleaned, problems = [], []
    for index, pair in enumerate(articles or (), start=1):
        try:
            label, text = pair
        except (TypeError, ValueError):
            problems.append(_("第%(n)d项不是（条文序号，条文）。") % {"n": index})
            continue
        label, text = str(label or "").strip(), str(text or "").strip()
        if not label or not text:
            problems.append(_("第%(n)d项缺少条文序号或条文。") % {"n": index})
        elif len(label) > 40:
            problems.append(_("第%(n)d项的条文序号超过40个字符。") % {"n": index})
        else:
            cleaned.append((label, text))
    if problems or not cleaned:
        raise ServiceError(ErrorCode.COMMENT_ROUND_NO_ARTICLES, fields={"articles": problems or [_("草案至少须有一条条文。")]})
    if len(cleaned) > MAX_ARTICLES:
        raise ServiceError(ErrorCode.COMMENT_ROUND_NO_ARTICLES, fields={"articles": [_("条文不能超过%(n)d条。") % {"n": MAX_ARTICLES}]})
    return cleaned


def open_round(*, actor, title, draft_kind, deadline, invitees, articles, description="", opened_on=None):
    """Circulate a draft. The drafting agency is the actor's; it must manage for it."""
    agency_id = getattr(actor, "agency_id", None)
    if not agency_id or not manages_for(actor, agency_id):
        raise PermissionDenied()
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("请填写草案名称。")]
    elif len(title) > 200:
        errors["title"] = [_("草案名称不能超过200个字符。")]
    if draft_kind not in DraftKind.values:
        errors["draft_kind"] = [_("未知的草案类别。")]
    if not isinstance(deadline, datetime.date):
        errors["deadline"] = [_("请填写反馈截止日。")]
    if errors:
        raise ServiceError(ErrorCode.INVALID, fields=errors)
    opened_on = opened_on or today()
    if deadline < opened_on:
        raise ServiceError(ErrorCode.COMMENT_ROUND_DEADLINE_INVALID, fields={"deadline": [_("反馈截止日不能早于发出日期。")]})
    cleaned = _clean_articles(articles)
    agencies, seen = [], set()
    for agency in invitees or ():
        if not isinstance(agency, Agency) or agency.pk == agency_id or agency.pk in seen:
            continue
        seen.add(agency.pk)
        agencies.append(agency)
    if not agencies:
        raise ServiceError(ErrorCode.COMMENT_ROUND_NO_INVITEES, fields={"invitees": [_("至少须向一个其他单位征求意见。")]})
    with transaction.atomic():
        round = CommentRound.objects.create(
            title=title,
            draft_kind=draft_kind,
            drafting_agency_id=agency_id,
            created_by=actor,
            description=(description or "").strip(),
            opened_on=opened_on,
            deadline=deadline,
        )
        DraftArticle.objects.bulk_create([DraftArticle(round=round, position=i, label=label, text=text) for i, (label, text) in enumerate(cleaned, start=1)])
        RoundInvitee.objects.bulk_create([RoundInvitee(round=round, agency=agency) for agency in agencies])
        audit(
            actor=actor,
            action="consultation.round_open",
            obj=round,
            after={**_snapshot(round), "articles": len(cleaned), "invitees": [a.pk for a in agencies]},
        )
        title_text = _("征求意见：%(title)s") % {"title": title}
        body = _("%(agency)s就《%(title)s》征求意见，请于%(deadline)s前反馈。") % {
            "agency": round.drafting_agency.name,
            "title": title,
            "deadline": deadline.isoformat(),
        }
        for person in liaisons_of([a.pk for a in agencies]):
            notify(
                recipient=person,
                code="consultation.round_open",
                title=title_text,
                body=body,
                link=_link(round),
                dedupe_key=f"consultation:round:{round.pk}:open:{person.pk}",
            )
    return round


def _lock(round):
    return CommentRound.objects.select_for_update().get(pk=round.pk)


def _check_commenter(actor, round):
    if not can_comment(actor, round):
        raise PermissionDenied(_("只有受邀单位的联络人可以反馈意见。"))


def _check_open(round):
    if round.status != RoundStatus.OPEN or today() > round.deadline:
        raise ServiceError(ErrorCode.COMMENT_ROUND_CLOSED)


def comment_on_draft(*, actor, round, body, article=None, proposed_text=""):
    """An invited agency's comment on an article of the draft (or on the whole draft)."""
    body = (body or "").strip()
    proposed_text = (proposed_text or "").strip()
    with transaction.atomic():
        round = _lock(round)
        _check_commenter(actor, round)
        _check_open(round)
        if article is not None and (not isinstance(article, DraftArticle) or article.round_id != round.pk):
            raise ServiceError(ErrorCode.INVALID, fields={"article": [_("该条文不属于本草案。")]})
        if not body:
            raise ServiceError(ErrorCode.REQUIRED, fields={"body": [_("请填写意见。")]})
        comment = DraftComment.objects.create(round=round, article=article, agency_id=actor.agency_id, author=actor, body=body, proposed_text=proposed_text)
        RoundInvitee.objects.filter(round=round, agency_id=actor.agency_id).update(no_comment_at=None)
        audit(
            actor=actor,
            action="consultation.round_comment",
            obj=comment,
            object_label=f"{round.title} · {article.label if article else _('总体意见')}",
            after={"round": round.pk, "article": getattr(article, "pk", None), "body": body, "proposed_text": proposed_text},
        )
    return comment


def declare_no_comment(*, actor, round):
    """The invited agency answers that it has no comments (idempotent)."""
    with transaction.atomic():
        round = _lock(round)
        _check_commenter(actor, round)
        _check_open(round)
        if DraftComment.objects.filter(round=round, agency_id=actor.agency_id).exists():
            raise ServiceError(ErrorCode.COMMENT_ROUND_STATE, _("本单位已提出意见，不能再回复无意见。"))
        invitee = RoundInvitee.objects.select_for_update().get(round=round, agency_id=actor.agency_id)
        if invitee.no_comment_at is None:
            invitee.no_comment_at = timezone.now()
            invitee.save(update_fields=["no_comment_at"])
            audit(actor=actor, action="consultation.round_no_comment", obj=round, after={"agency": actor.agency_id})
    return invitee


def respond_to_draft_comment(*, actor, comment, response, response_text):
    """The drafter's answer to a comment; answering again updates it, until the round is concluded."""
    response_text = (response_text or "").strip()
    with transaction.atomic():
        round = _lock(comment.round)
        if not can_manage(actor, round):
            raise PermissionDenied(_("只有起草单位的联络人可以处理反馈意见。"))
        if round.status == RoundStatus.CONCLUDED:
            raise ServiceError(ErrorCode.COMMENT_ROUND_STATE, _("征求意见已办结，不能再修改处理意见。"))
        if response not in ResponseKind.values:
            raise ServiceError(ErrorCode.INVALID, fields={"response": [_("请选择采纳情况。")]})
        if response != ResponseKind.ADOPTED and not response_text:
            raise ServiceError(ErrorCode.REQUIRED, fields={"response_text": [_("未全部采纳或作说明的，请填写理由。")]})
        comment = DraftComment.objects.select_for_update().get(pk=comment.pk)
        before = {"response": comment.response, "response_text": comment.response_text}
        comment.response, comment.response_text = response, response_text
        comment.responded_by, comment.responded_at = actor, timezone.now()
        comment.save(update_fields=["response", "response_text", "responded_by", "responded_at", "updated_at"])
        audit(
            actor=actor,
            action="consultation.round_respond",
            obj=comment,
            object_label=round.title,
            before=before,
            after={"response": response, "response_text": response_text},
        )
    return comment


def _close(round, actor, action):
    round.status, round.closed_at = RoundStatus.CLOSED, timezone.now()
    round.save(update_fields=["status", "closed_at", "updated_at"])
    audit(actor=actor, action=action, obj=round, agency=round.drafting_agency_id, before={"status": RoundStatus.OPEN}, after={"status": round.status})


def close_round(*, actor, round):
    """The drafter closes the round (early, or after the deadline before the sweep did)."""
    with transaction.atomic():
        round = _lock(round)
        if not can_manage(actor, round):
            raise PermissionDenied()
        if round.status != RoundStatus.OPEN:
            raise ServiceError(ErrorCode.COMMENT_ROUND_STATE, _("征求意见已截止。"))
        _close(round, actor, "consultation.round_close")
    return round


def conclude_round(*, actor, round):
    """The drafter concludes the round once every comment has a response (closing it if open)."""
    with transaction.atomic():
        round = _lock(round)
        if not can_manage(actor, round):
            raise PermissionDenied()
        if round.status == RoundStatus.CONCLUDED:
            raise ServiceError(ErrorCode.COMMENT_ROUND_STATE, _("征求意见已办结。"))
        unanswered = DraftComment.objects.filter(round=round, response="").count()
        if unanswered:
            raise ServiceError(
                ErrorCode.COMMENT_ROUND_UNANSWERED, _("尚有%(n)d条反馈意见未作处理，不能办结。") % {"n": unanswered}, fields={"comments": [str(unanswered)]}
            )
        before = round.status
        round.status = RoundStatus.CONCLUDED
        round.closed_at = round.closed_at or timezone.now()
        round.save(update_fields=["status", "closed_at", "updated_at"])
        audit(actor=actor, action="consultation.round_conclude", obj=round, before={"status": before}, after={"status": round.status})
    return round


# ---------------------------------------------------------------- the daily sweep (tasks_rounds.py)


def close_overdue_rounds(on=None):
    """Close every open round whose deadline day has passed. Idempotent; returns how many."""
    on = on or today()
    closed = 0
    for pk in CommentRound.objects.filter(status=RoundStatus.OPEN, deadline__lt=on).values_list("pk", flat=True):
        with transaction.atomic():
            round = CommentRound.objects.select_for_update().get(pk=pk)
            if round.status == RoundStatus.OPEN and round.deadline < on:
                _close(round, None, "consultation.round_close_overdue")
                closed += 1
    return closed


def remind_invitees(on=None):
    """Remind the liaisons of invitees that have neither commented nor declared no comments, once,
    from three days before the deadline until the deadline day. Returns notifications sent."""
    on = on or today()
    sent = 0
    due = CommentRound.objects.filter(status=RoundStatus.OPEN, deadline__gte=on, deadline__lte=on + datetime.timedelta(days=REMIND_DAYS))
    for round in due.select_related("drafting_agency"):
        commented = set(DraftComment.objects.filter(round=round).values_list("agency_id", flat=True))
        silent = [i.agency_id for i in round.invitees.filter(no_comment_at__isnull=True) if i.agency_id not in commented]
        if not silent:
            continue
        title = _("征求意见即将截止：%(title)s") % {"title": round.title}
        body = _("《%(title)s》的反馈截止日为%(deadline)s，贵单位尚未反馈意见，也未回复无意见。") % {
            "title": round.title,
            "deadline": round.deadline.isoformat(),
        }
        for person in liaisons_of(silent, on):
            note = notify(
                recipient=person,
                code="consultation.round_reminder",
                title=title,
                body=body,
                link=_link(round),
                dedupe_key=f"consultation:round:{round.pk}:remind:{person.pk}",
            )
            sent += note is not None
    return sent
