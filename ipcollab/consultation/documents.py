"""Writes of consensus documents (会议纪要, 会签文件, 指导意见): drafting, revisions, review
comments anchored to paragraphs, signing by each signatory agency's authorised signer on the exact
text (its SHA-256), locking once everyone has signed, and the integrity check.

Lifecycle: draft → review (circulated) → signing (a document number is set) → signed (locked and
published). `return_to_review` takes a document in signing back to review and voids the live
signatures (kept, never deleted). Every write is one transaction, audited; a refusal is a
ServiceError with a stable code and nothing written. The document row is locked (select_for_update)
before any check, so two signers or a signer and a reviser cannot interleave."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError
from ipcollab.notifications.services import notify
from ipcollab.orgs.models import Agency, LiaisonDesignation

from . import texts
from .models import (
    CommentStatus,
    ConsensusDocument,
    ConsensusItem,
    DocumentKind,
    DocumentStatus,
    MeetingStatus,
    Participant,
    ParticipantRole,
    ReviewComment,
    Signatory,
    Signature,
    Version,
)
from .rules import is_staff, manages_for, signs_for

MAX_TEXT = 100_000
MAX_COMMENT = 5_000
MAX_ITEMS = 50
# 法知会〔2026〕3号 / 会议纪要〔2026〕第2期 / 〔2026〕第2期: GB/T 9704 7.2.4 (the year in 六角括号, no 第 before the serial, no leading zero)
NUMBER_RE = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{1,20})〔(?P<year>\d{4})〕(?P<serial>[1-9]\d{0,4})号$|^(?P<prefix2>[\u4e00-\u9fff]{0,20})〔(?P<year2>\d{4})〕第(?P<issue>[1-9]\d{0,4})期$"
)
REVIEWABLE = (DocumentStatus.DRAFT, DocumentStatus.REVIEW)
ANSWERS = (CommentStatus.ADOPTED, CommentStatus.PARTLY, CommentStatus.NOT_ADOPTED)


def today():
    return timezone.localdate()


# ---------------------------------------------------------------- helpers


def _refuse(code, message=None, fields=None, status=None):
    raise ServiceError(code, message, fields, status=status)


def _locked_row(document):
    """The document again, its row locked for the rest of the transaction."""
    row = ConsensusDocument.objects.select_for_update().filter(pk=document.pk).first()
    if row is None:
        raise NotFound()
    return row


def _not_locked(document):
    if document.locked_at is not None or document.status == DocumentStatus.SIGNED:
        _refuse(ErrorCode.DOCUMENT_LOCKED, status=409)


def current_version(document):
    return document.versions.order_by("-number").first()


def signatory_agency_ids(document):
    return list(document.signatories.order_by("position", "pk").values_list("agency_id", flat=True))


def reviewer_agency_ids(document):
    """Agencies whose liaisons may comment: the drafting agency, the signatories and the meeting's participants."""
    ids = {document.drafting_agency_id, *signatory_agency_ids(document)}
    if document.meeting_id:
        ids |= set(Participant.objects.filter(meeting_id=document.meeting_id).values_list("agency_id", flat=True))
    return ids


def can_manage(user, document):
    """Revise, circulate, answer comments, open signing: the drafting agency's liaisons and admins."""
    return manages_for(user, document.drafting_agency_id)


def can_comment(user, document):
    return is_staff(user) and user.agency_id in reviewer_agency_ids(document) and (manages_for(user, user.agency_id) or signs_for(user, user.agency_id))


def can_sign(user, document):
    return is_staff(user) and user.agency_id in signatory_agency_ids(document) and signs_for(user, user.agency_id)


def can_return(user, document):
    return can_manage(user, document) or can_sign(user, document)


def _clean_text(text, field="text"):
    value = texts.canonical(text if isinstance(text, str) else "")
    if not value.strip():
        _refuse(ErrorCode.REQUIRED, _("请填写正文。"), {field: [_("正文不能为空。")]})
    if len(value) > MAX_TEXT:
        _refuse(ErrorCode.INVALID, _("正文过长。"), {field: [_("正文不能超过 %(n)d 字。") % {"n": MAX_TEXT}]})
    return value


def _clean_short(value, field, max_length, required=False, label=""):
    value = (value if isinstance(value, str) else "").strip()
    if required and not value:
        _refuse(ErrorCode.REQUIRED, _("请填写%(f)s。") % {"f": label}, {field: [_("此项不能为空。")]})
    if len(value) > max_length:
        _refuse(ErrorCode.INVALID, _("%(f)s过长。") % {"f": label}, {field: [_("不能超过 %(n)d 字。") % {"n": max_length}]})
    return value


def check_number(number, issued_on=None):
    """The document number, stripped, or DOCUMENT_NUMBER_INVALID. Its year must be the issue date's
    (when known), otherwise a year from 2000 to next year."""
    value = (number if isinstance(number, str) else "").strip()
    match = NUMBER_RE.match(value)
    if not match:
        _refuse(ErrorCode.DOCUMENT_NUMBER_INVALID, fields={"number": [_("文号格式有误。")]})
    year = int(match.group("year") or match.group("year2"))
    if issued_on is not None and year != issued_on.year:
        _refuse(
            ErrorCode.DOCUMENT_NUMBER_INVALID, _("文号中的年份应为成文日期的年份（%(y)d）。") % {"y": issued_on.year}, {"number": [_("年份与成文日期不符。")]}
        )
    if not 2000 <= year <= today().year + 1:
        _refuse(ErrorCode.DOCUMENT_NUMBER_INVALID, _("文号中的年份不合理。"), {"number": [_("年份不合理。")]})
    return value


def _number_free(number, document=None):
    taken = ConsensusDocument.objects.filter(number=number)
    if document is not None:
        taken = taken.exclude(pk=document.pk)
    if taken.exists():
        _refuse(ErrorCode.DOCUMENT_NUMBER_TAKEN, fields={"number": [_("该文号已被使用。")]}, status=409)


def _agency(value, field):
    if isinstance(value, Agency):
        return value
    _refuse(ErrorCode.INVALID, fields={field: [_("须为平台中的机构。")]})


def _clean_items(items, allowed_agency_ids):
    rows = []
    for n, item in enumerate(items or (), start=1):
        if not isinstance(item, dict):
            _refuse(ErrorCode.INVALID, fields={"items": [_("共识事项格式有误。")]})
        text = texts.canonical(item.get("text") if isinstance(item.get("text"), str) else "")
        if not text.strip():
            _refuse(ErrorCode.REQUIRED, _("第%(n)d项共识事项没有内容。") % {"n": n}, {"items": [_("共识事项不能为空。")]})
        if len(text) > 2000:
            _refuse(ErrorCode.INVALID, _("第%(n)d项共识事项过长。") % {"n": n}, {"items": [_("不能超过 2000 字。")]})
        agency = _agency(item.get("responsible_agency"), "items")
        if agency.pk not in allowed_agency_ids:
            _refuse(
                ErrorCode.DOCUMENT_SIGNATORIES_INVALID,
                _("第%(n)d项共识事项的责任单位“%(a)s”不是会签单位或参会单位。") % {"n": n, "a": agency.name},
                {"items": [_("责任单位须为会签单位或参会单位。")]},
            )
        rows.append({"text": text, "agency": agency})
    if len(rows) > MAX_ITEMS:
        _refuse(ErrorCode.INVALID, fields={"items": [_("共识事项不能超过 %(n)d 项。") % {"n": MAX_ITEMS}]})
    return rows


def _write_items(document, rows):
    document.items.all().delete()
    ConsensusItem.objects.bulk_create(
        [ConsensusItem(document=document, position=n, text=row["text"], responsible_agency=row["agency"]) for n, row in enumerate(rows, start=1)]
    )


def _items_snapshot(document):
    return [{"position": i.position, "text": i.text, "agency": i.responsible_agency_id} for i in document.items.order_by("position")]


def _link(document):
    return reverse("consultation:document_detail", args=[document.pk])


def liaisons_of(agency_id):
    """The agency's current liaisons (designations in force today), else its users with role liaison."""
    User = get_user_model()
    on = today()
    designated = LiaisonDesignation.objects.filter(agency_id=agency_id, valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    people = list(User.objects.filter(pk__in=designated.values("person_id"), is_active=True).order_by("pk"))
    if people:
        return people
    return list(
        User.objects.filter(is_active=True, kind="staff", memberships__agency_id=agency_id, memberships__role__code="liaison").distinct().order_by("pk")
    )


def signers_of(agency_id):
    User = get_user_model()
    return list(User.objects.filter(is_active=True, kind="staff", memberships__agency_id=agency_id, memberships__role__code="signer").distinct().order_by("pk"))


def _notify_agencies(document, agency_ids, *, code, title, body, key, signers=False, exclude=None):
    seen = set()
    for agency_id in agency_ids:
        people = liaisons_of(agency_id) + (signers_of(agency_id) if signers else [])
        for person in people:
            if person.pk in seen or (exclude is not None and person.pk == exclude.pk):
                continue
            seen.add(person.pk)
            notify(
                recipient=person, code=code, title=title, body=body, link=_link(document), dedupe_key=f"consultation:document:{document.pk}:{key}:{person.pk}"
            )


def _snapshot(document):
    return {
        "status": document.status,
        "number": document.number,
        "title": document.title,
        "review_deadline": document.review_deadline,
        "issued_on": document.issued_on,
        "locked_at": document.locked_at,
    }


# ---------------------------------------------------------------- drafting


@transaction.atomic
def draft_document(*, actor, kind, title, text, meeting=None, number="", signatories=None, main_recipients="", copy_to="", items=()):
    if kind not in DocumentKind.values:
        _refuse(ErrorCode.INVALID, fields={"kind": [_("未知的文件类别。")]})
    if not is_staff(actor):
        raise PermissionDenied()
    agency = actor.agency
    if not manages_for(actor, agency.pk):
        raise PermissionDenied(_("只有联络人或机构管理员可以起草共识文件。"))
    title = _clean_short(title, "title", 200, required=True, label=_("标题"))
    body = _clean_text(text)
    main_recipients = _clean_short(main_recipients, "main_recipients", 300, label=_("主送"))
    copy_to = _clean_short(copy_to, "copy_to", 300, label=_("抄送"))
    participants = []
    if meeting is not None:
        participants = list(Participant.objects.filter(meeting=meeting).select_related("agency").order_by("pk"))
        roles = {p.agency_id: p.role for p in participants}
        if agency.pk not in roles:
            raise NotFound()
        if roles[agency.pk] == ParticipantRole.INVITED:
            raise PermissionDenied(_("列席单位不能起草会商的共识文件。"))
    if kind == DocumentKind.MINUTES:
        if meeting is None:
            _refuse(ErrorCode.REQUIRED, _("会议纪要须对应一次会商会议。"), {"meeting": [_("请选择会议。")]})
        if meeting.status != MeetingStatus.HELD:
            _refuse(ErrorCode.DOCUMENT_MEETING_NOT_HELD, status=409)
    # the signatories: given, or the meeting's signing participants; the organiser first
    if signatories is None:
        if meeting is None:
            _refuse(ErrorCode.DOCUMENT_SIGNATORIES_INVALID, _("请选择会签单位。"), {"signatories": [_("请选择会签单位。")]})
        chosen = [p.agency for p in participants if p.signs or p.role == ParticipantRole.ORGANISER]
    else:
        chosen = [_agency(a, "signatories") for a in signatories]
    ordered, seen = [], set()
    for a in chosen:
        if a.pk in seen:
            _refuse(ErrorCode.DOCUMENT_SIGNATORIES_INVALID, _("会签单位“%(a)s”重复。") % {"a": a.name}, {"signatories": [_("同一单位只能出现一次。")]})
        seen.add(a.pk)
        ordered.append(a)
    if meeting is not None:
        ordered.sort(key=lambda a: 0 if a.pk == meeting.organiser_id else 1)
        participating = {p.agency_id for p in participants}
        strangers = [a.name for a in ordered if a.pk not in participating]
        if kind == DocumentKind.MINUTES and strangers:
            _refuse(
                ErrorCode.DOCUMENT_SIGNATORIES_INVALID,
                _("会议纪要的会签单位须为参会单位：%(a)s 未参加该会议。") % {"a": "、".join(strangers)},
                {"signatories": [_("须为参会单位。")]},
            )
    if len(ordered) < 2 or agency.pk not in seen:
        _refuse(ErrorCode.DOCUMENT_SIGNATORIES_INVALID, fields={"signatories": [_("至少两个单位，且包括起草单位。")]})
    if number:
        number = check_number(number)
        _number_free(number)
    allowed = seen | {p.agency_id for p in participants}
    item_rows = _clean_items(items, allowed)
    document = ConsensusDocument.objects.create(
        kind=kind,
        meeting=meeting,
        title=title,
        number=number or "",
        drafting_agency=agency,
        drafter=actor,
        main_recipients=main_recipients,
        copy_to=copy_to,
    )
    Signatory.objects.bulk_create([Signatory(document=document, agency=a, position=n) for n, a in enumerate(ordered)])
    version = Version.objects.create(document=document, number=1, text=body, sha256=texts.sha256(body), author=actor, note=_("初稿"))
    _write_items(document, item_rows)
    record(
        actor=actor,
        action="consultation.document.draft",
        obj=document,
        after={
            **_snapshot(document),
            "kind": kind,
            "meeting": meeting.pk if meeting else None,
            "signatories": [a.pk for a in ordered],
            "sha256": version.sha256,
        },
    )
    return document


@transaction.atomic
def revise(*, actor, document, text, note="", items=None):
    document = _locked_row(document)
    _not_locked(document)
    if not can_manage(actor, document):
        raise PermissionDenied(_("只有起草单位的联络人或机构管理员可以修改文件。"))
    if document.status not in REVIEWABLE:
        _refuse(ErrorCode.DOCUMENT_STATE, _("文件正在会签中，须先退回审阅才能修改。"), status=409)
    body = _clean_text(text)
    note = _clean_short(note, "note", 300, label=_("修改说明"))
    current = current_version(document)
    item_rows = None
    if items is not None:
        allowed = set(signatory_agency_ids(document))
        if document.meeting_id:
            allowed |= set(Participant.objects.filter(meeting_id=document.meeting_id).values_list("agency_id", flat=True))
        item_rows = _clean_items(items, allowed)
    before_items = _items_snapshot(document)
    if (
        current is not None
        and current.text == body
        and (item_rows is None or [(r["text"], r["agency"].pk) for r in item_rows] == [(i["text"], i["agency"]) for i in before_items])
    ):
        _refuse(ErrorCode.INVALID, _("正文和共识事项与当前版本相同，没有可保存的修改。"), {"text": [_("文本没有变化。")]})
    version = Version.objects.create(
        document=document, number=(current.number + 1) if current else 1, text=body, sha256=texts.sha256(body), author=actor, note=note
    )
    if item_rows is not None:
        _write_items(document, item_rows)
    document.save(update_fields=["updated_at"])
    record(
        actor=actor,
        action="consultation.document.revise",
        obj=document,
        before={"version": current.number if current else None, "sha256": current.sha256 if current else None, "items": before_items},
        after={"version": version.number, "sha256": version.sha256, "note": note, "items": _items_snapshot(document)},
    )
    return version


@transaction.atomic
def circulate(*, actor, document, review_deadline=None):
    document = _locked_row(document)
    _not_locked(document)
    if not can_manage(actor, document):
        raise PermissionDenied(_("只有起草单位的联络人或机构管理员可以送审。"))
    if document.status != DocumentStatus.DRAFT:
        _refuse(ErrorCode.DOCUMENT_STATE, _("只有起草中的文件可以送各单位审阅。"), status=409)
    if review_deadline is not None:
        if not isinstance(review_deadline, datetime.date) or isinstance(review_deadline, datetime.datetime):
            _refuse(ErrorCode.INVALID, fields={"review_deadline": [_("日期格式有误。")]})
        if review_deadline < today():
            _refuse(ErrorCode.INVALID, _("审阅截止日不能早于今天。"), {"review_deadline": [_("不能早于今天。")]})
    before = _snapshot(document)
    document.status = DocumentStatus.REVIEW
    document.review_deadline = review_deadline
    document.save(update_fields=["status", "review_deadline", "updated_at"])
    version = current_version(document)
    record(actor=actor, action="consultation.document.circulate", obj=document, before=before, after={**_snapshot(document), "version": version.number})
    deadline = _("，请于%(d)s前提出意见") % {"d": review_deadline.isoformat()} if review_deadline else ""
    _notify_agencies(
        document,
        [a for a in reviewer_agency_ids(document) if a != document.drafting_agency_id] + [document.drafting_agency_id],
        code="consultation.document.review",
        title=_("共识文件送审：%(t)s") % {"t": document.title},
        body=_("%(a)s起草的《%(t)s》（第%(v)d版）已送各单位审阅%(d)s。")
        % {"a": document.drafting_agency.name, "t": document.title, "v": version.number, "d": deadline},
        key=f"review:{version.number}",
        signers=True,
        exclude=actor,
    )
    return document


# ---------------------------------------------------------------- review comments


@transaction.atomic
def comment_on_document(*, actor, document, paragraph, body):
    document = _locked_row(document)
    _not_locked(document)
    if not can_comment(actor, document):
        raise PermissionDenied(_("只有参与单位的联络人、机构管理员或签发人可以提出审阅意见。"))
    if document.status != DocumentStatus.REVIEW:
        _refuse(ErrorCode.DOCUMENT_STATE, _("只有审阅中的文件可以提出意见。"), status=409)
    version = current_version(document)
    paras = texts.paragraphs(version.text)
    if isinstance(paragraph, bool) or not isinstance(paragraph, int) or not 1 <= paragraph <= len(paras):
        _refuse(ErrorCode.INVALID, _("没有该段落。"), {"paragraph": [_("段落须为 1 至 %(n)d。") % {"n": len(paras)}]})
    body = _clean_short(body, "body", MAX_COMMENT, required=True, label=_("意见"))
    quote = paras[paragraph - 1].replace("\n", " ")
    comment = ReviewComment.objects.create(
        document=document,
        version=version,
        paragraph=paragraph,
        quote=quote[:60] + ("…" if len(quote) > 60 else ""),
        agency=actor.agency,
        author=actor,
        body=body,
    )
    record(actor=actor, action="consultation.document.comment", obj=document, after={"comment": comment.pk, "version": version.number, "paragraph": paragraph})
    if actor.agency_id != document.drafting_agency_id:
        _notify_agencies(
            document,
            [document.drafting_agency_id],
            code="consultation.document.comment",
            title=_("共识文件收到审阅意见：%(t)s") % {"t": document.title},
            body=_("%(a)s对第%(p)d段提出意见。") % {"a": actor.agency.name, "p": paragraph},
            key=f"comment:{comment.pk}",
            exclude=actor,
        )
    return comment


@transaction.atomic
def answer_comment(*, actor, comment, status, response):
    document = _locked_row(comment.document)
    _not_locked(document)
    if not can_manage(actor, document):
        raise PermissionDenied(_("只有起草单位的联络人或机构管理员可以答复审阅意见。"))
    if status not in ANSWERS:
        _refuse(ErrorCode.INVALID, fields={"status": [_("须为采纳、部分采纳或未采纳。")]})
    response = _clean_short(response, "response", MAX_COMMENT, required=True, label=_("答复"))
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    before = {"status": comment.status, "response": comment.response}
    comment.status = status
    comment.response = response
    comment.responded_by = actor
    comment.responded_at = timezone.now()
    comment.save(update_fields=["status", "response", "responded_by", "responded_at", "updated_at"])
    record(
        actor=actor, action="consultation.document.answer", obj=document, before=before, after={"comment": comment.pk, "status": status, "response": response}
    )
    if comment.author_id and comment.author_id != actor.pk:
        notify(
            recipient=comment.author,
            code="consultation.document.answer",
            title=_("您的审阅意见已答复：%(t)s") % {"t": document.title},
            body=f"{comment.get_status_display()}：{response[:200]}",
            link=_link(document),
            dedupe_key=f"consultation:document:{document.pk}:answer:{comment.pk}:{comment.responded_at.isoformat()}",
        )
    return comment


# ---------------------------------------------------------------- signing


@transaction.atomic
def open_signing(*, actor, document, number=None, issued_on=None):
    document = _locked_row(document)
    _not_locked(document)
    if not can_manage(actor, document):
        raise PermissionDenied(_("只有起草单位的联络人或机构管理员可以提交会签。"))
    if document.status != DocumentStatus.REVIEW:
        _refuse(ErrorCode.DOCUMENT_STATE, _("文件须先送各单位审阅，才能提交会签。"), status=409)
    if issued_on is not None and (not isinstance(issued_on, datetime.date) or isinstance(issued_on, datetime.datetime)):
        _refuse(ErrorCode.INVALID, fields={"issued_on": [_("日期格式有误。")]})
    value = number if number not in (None, "") else document.number
    if not value:
        _refuse(ErrorCode.DOCUMENT_NUMBER_INVALID, _("提交会签前须确定文号。"), {"number": [_("请填写文号。")]})
    value = check_number(value, issued_on)
    _number_free(value, document)
    if document.comments.filter(status=CommentStatus.OPEN).exists():
        _refuse(ErrorCode.DOCUMENT_COMMENTS_OPEN, status=409)
    before = _snapshot(document)
    document.number = value
    document.issued_on = issued_on
    document.status = DocumentStatus.SIGNING
    try:
        with transaction.atomic():
            document.save(update_fields=["number", "issued_on", "status", "updated_at"])
    except IntegrityError:
        _refuse(ErrorCode.DOCUMENT_NUMBER_TAKEN, fields={"number": [_("该文号已被使用。")]}, status=409)
    version = current_version(document)
    record(actor=actor, action="consultation.document.open_signing", obj=document, before=before, after={**_snapshot(document), "sha256": version.sha256})
    _notify_agencies(
        document,
        signatory_agency_ids(document),
        code="consultation.document.signing",
        title=_("共识文件待会签：%(n)s") % {"n": value},
        body=_("《%(t)s》已提交会签，请签发人核对文本及其哈希后签署。") % {"t": document.title},
        key=f"signing:{version.number}",
        signers=True,
        exclude=actor,
    )
    return document


@transaction.atomic
def sign(*, actor, document, text_hash):
    document = _locked_row(document)
    _not_locked(document)
    if not can_sign(actor, document):
        raise PermissionDenied(_("只有会签单位的签发人可以签署。"))
    if document.status != DocumentStatus.SIGNING:
        _refuse(ErrorCode.DOCUMENT_STATE, _("文件尚未提交会签。"), status=409)
    if document.signatures.filter(agency_id=actor.agency_id, voided_at__isnull=True).exists():
        _refuse(ErrorCode.DOCUMENT_ALREADY_SIGNED, status=409)
    version = current_version(document)
    seen = (text_hash if isinstance(text_hash, str) else "").strip().lower()
    if not (seen == version.sha256 == texts.sha256(version.text)) or version.text != texts.canonical(version.text):
        _refuse(ErrorCode.DOCUMENT_TEXT_CHANGED, fields={"text_hash": [_("当前文本的哈希为 %(h)s。") % {"h": version.sha256}]}, status=409)
    now = timezone.now()
    signature = Signature.objects.create(
        document=document,
        agency_id=actor.agency_id,
        signer=actor,
        signer_name=(actor.display_name or actor.username)[:60],
        version=version,
        text_hash=version.sha256,
        signed_at=now,
    )
    before = _snapshot(document)
    signed = set(document.signatures.filter(voided_at__isnull=True).values_list("agency_id", flat=True))
    complete = set(signatory_agency_ids(document)) <= signed
    if complete:
        document.status = DocumentStatus.SIGNED
        document.locked_at = now
        document.published_at = now
        document.issued_on = document.issued_on or timezone.localdate(now)
        document.save(update_fields=["status", "locked_at", "published_at", "issued_on", "updated_at"])
    record(
        actor=actor,
        action="consultation.document.sign",
        obj=document,
        before=before,
        after={**_snapshot(document), "signature": signature.pk, "agency": actor.agency_id, "version": version.number, "text_hash": version.sha256},
    )
    if complete:
        audience = set(signatory_agency_ids(document))
        if document.meeting_id:
            audience |= set(Participant.objects.filter(meeting_id=document.meeting_id).values_list("agency_id", flat=True))
        _notify_agencies(
            document,
            sorted(audience),
            code="consultation.document.published",
            title=_("共识文件已会签印发：%(n)s") % {"n": document.number},
            body=_("《%(t)s》已由各会签单位签署，文本已锁定（SHA-256 %(h)s）。") % {"t": document.title, "h": version.sha256},
            key="published",
        )
    return signature


@transaction.atomic
def return_to_review(*, actor, document, reason):
    document = _locked_row(document)
    _not_locked(document)
    if not can_return(actor, document):
        raise PermissionDenied(_("只有起草单位的联络人、机构管理员或会签单位的签发人可以退回。"))
    if document.status != DocumentStatus.SIGNING:
        _refuse(ErrorCode.DOCUMENT_STATE, _("只有会签中的文件可以退回审阅。"), status=409)
    reason = _clean_short(reason, "reason", 200, required=True, label=_("退回原因"))
    now = timezone.now()
    live = list(document.signatures.filter(voided_at__isnull=True).select_related("signer"))
    document.signatures.filter(voided_at__isnull=True).update(voided_at=now, void_reason=reason)
    before = _snapshot(document)
    document.status = DocumentStatus.REVIEW
    document.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action="consultation.document.return",
        obj=document,
        before=before,
        after={**_snapshot(document), "voided": [s.pk for s in live]},
        reason=reason,
    )
    _notify_agencies(
        document,
        [document.drafting_agency_id, *[s.agency_id for s in live]],
        code="consultation.document.returned",
        title=_("共识文件退回审阅：%(t)s") % {"t": document.title},
        body=_("退回原因：%(r)s。已有的签署已作废。") % {"r": reason},
        key=f"returned:{now.isoformat()}",
        exclude=actor,
    )
    for s in live:
        if s.signer_id != actor.pk:
            notify(
                recipient=s.signer,
                code="consultation.document.returned",
                title=_("您签署的共识文件已退回审阅：%(t)s") % {"t": document.title},
                body=_("退回原因：%(r)s。您的签署已作废，修改后须重新签署。") % {"r": reason},
                link=_link(document),
                dedupe_key=f"consultation:document:{document.pk}:voided:{s.pk}",
            )
    return document


# ---------------------------------------------------------------- integrity


def verify_document(document):
    """Problems found (empty: intact). Each stored text must still be canonical and hash to its
    Version.sha256; every live signature must carry its version's stored and recomputed hash; a
    signed document must have a live signature of every signatory on its last version."""
    problems = []
    versions = list(document.versions.order_by("number"))
    recomputed = {}
    for v in versions:
        # a stored text that is no longer canonical was changed after it was saved: it has no valid hash
        digest = texts.sha256(v.text) if v.text == texts.canonical(v.text) else None
        recomputed[v.pk] = digest
        if digest != v.sha256:
            problems.append(
                {
                    "code": "version_hash_mismatch",
                    "version": v.number,
                    "message": _("第%(n)d版的文本与其记录的哈希不符：文本在保存后被改动。") % {"n": v.number},
                }
            )
    by_pk = {v.pk: v for v in versions}
    last = versions[-1] if versions else None
    live = list(document.signatures.filter(voided_at__isnull=True).select_related("agency").order_by("signed_at", "pk"))
    for s in live:
        v = by_pk.get(s.version_id)
        if v is None or s.text_hash != v.sha256 or s.text_hash != recomputed.get(v.pk):
            problems.append(
                {
                    "code": "signature_hash_mismatch",
                    "version": v.number if v else None,
                    "message": _("%(a)s签署的哈希与所签版本的文本不符。") % {"a": s.agency.name},
                }
            )
        elif document.status == DocumentStatus.SIGNED and v != last:
            problems.append(
                {
                    "code": "signature_not_on_last_version",
                    "version": v.number,
                    "message": _("%(a)s签署的是第%(n)d版，而文件此后又有新版本。") % {"a": s.agency.name, "n": v.number},
                }
            )
    if document.status == DocumentStatus.SIGNED:
        signed = {s.agency_id for s in live}
        missing = [sig.agency.name for sig in document.signatories.select_related("agency").order_by("position") if sig.agency_id not in signed]
        if missing:
            problems.append(
                {"code": "signature_missing", "version": last.number if last else None, "message": _("缺少会签单位的签署：%(a)s。") % {"a": "、".join(missing)}}
            )
    return problems
