"""Writes on parties, representatives and powers of attorney. One transaction each, audited.

Who may write: see rules.py (registry.write). Personal data never enters the audit log in clear:
snapshots carry the masked identity-card number and address. See docs/registry.md.
"""

import datetime
import hashlib
import io
import re
import unicodedata

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.core.masking import mask_id_card
from ipcollab.core.models import Visibility
from ipcollab.events import publish, register_event_type
from ipcollab.identifiers import IdentifierError, parse_patent_number, parse_trademark_number, validate_region_code, validate_uscc
from ipcollab.search.index import index_document, remove_document

from . import status as legal
from . import terms
from .labels import FIRM_CONTEXT
from .models import (
    FIRM_KINDS,
    LegalEvent,
    Party,
    PartyKind,
    PartyName,
    PatentKind,
    PowerOfAttorney,
    ReconciliationItem,
    ReconciliationStatus,
    Representative,
    RepresentativeKind,
    Right,
    RightKind,
    RightParty,
    RightRole,
    Scope,
    Source,
    SpecialPower,
)
from .names import normalize_name

PARTY_FIELDS = ("credit_code", "id_number", "nationality", "region_code", "address", "source", "source_id", "source_version", "received_at")
REPRESENTATIVE_FIELDS = ("name", "licence_number", "firm", "credit_code", "source", "source_id", "source_version", "received_at")


def mask_address(value):
    """Keeps the first six characters (province and city, usually) of a person's address."""
    if not value:
        return ""
    return value[:6] + "****" if len(value) > 6 else "****"


SEARCH_DOC_TYPE = "party"


def index_party(party):
    """(Re)index a party for the shared search (ipcollab.search): its name, former names and
    credit code; a merged duplicate leaves the index (the kept party carries its name)."""
    if party.merged_into_id:
        remove_document(SEARCH_DOC_TYPE, party.pk)
        return
    names = list(PartyName.objects.filter(party=party).values_list("name", flat=True))
    index_document(SEARCH_DOC_TYPE, party.pk, party.name, names, party.credit_code, agency_id=party.agency_id, visibility=party.visibility)
    for right in Right.objects.filter(right_parties__party=party).distinct():
        index_right(right)


def _saved(call, code):
    """Run the INSERT/UPDATE in a savepoint; a credit code taken by a concurrent writer between
    the check and the write is answered with the duplicate code, never a 500."""
    try:
        with transaction.atomic():
            return call()
    except IntegrityError:
        raise ServiceError(code) from None


def _require(actor, perm="registry.write"):
    if not actor.has_perm(perm):
        raise PermissionDenied()


def party_snapshot(party):
    return {
        "id": party.pk,
        "kind": party.kind,
        "name": party.name,
        "credit_code": party.credit_code,
        "id_number": mask_id_card(party.id_number),
        "nationality": party.nationality,
        "region_code": party.region_code,
        "address": mask_address(party.address) if party.is_person else party.address,
        "source": party.source,
        "source_id": party.source_id,
        "source_version": party.source_version,
        "merged_into": party.merged_into_id,
    }


def _credit_code(value, fields, model, exclude_pk=None, duplicate_code=ErrorCode.PARTY_DUPLICATE):
    """Normalised credit code or None; adds field errors; raises the duplicate error at once."""
    if value in (None, ""):
        return None
    try:
        code = validate_uscc(value)
    except IdentifierError as exc:
        fields["credit_code"] = [str(exc)]
        fields["credit_code_error"] = [exc.code]
        return None
    existing = model.objects.filter(credit_code=code).exclude(pk=exclude_pk).values_list("pk", flat=True).first()
    if existing is not None:
        raise ServiceError(duplicate_code, fields={"credit_code": [_("该代码已被记录 %(id)s 使用。") % {"id": existing}], "existing_id": [str(existing)]})
    return code


def _source(value, fields):
    value = value or Source.MANUAL
    if value not in Source.values:
        fields["source"] = [_("未知的数据来源。")]
    return value


def _check_party(data, fields, exclude_pk=None):
    kind = data["kind"]
    if kind not in PartyKind.values:
        fields["kind"] = [_("类别须为自然人或组织。")]
    name = (data.get("name") or "").strip()
    if "name" in data:
        if not name:
            fields["name"] = [_("请填写名称或姓名。")]
        elif len(name) > 200 or not normalize_name(name):
            fields["name"] = [_("名称须包含文字，且不超过200个字符。")]
        data["name"] = name
    data["credit_code"] = _credit_code(data.get("credit_code"), fields, Party, exclude_pk)
    if data["credit_code"] and kind == PartyKind.PERSON:
        fields["credit_code"] = [_("自然人没有统一社会信用代码。")]
    data["id_number"] = (data.get("id_number") or "").strip().upper()
    if data["id_number"] and kind != PartyKind.PERSON:
        fields["id_number"] = [_("只有自然人才有身份证件号码。")]
    elif len(data["id_number"]) > 30:
        fields["id_number"] = [_("证件号码过长。")]
    nationality = (data.get("nationality") or "CN").strip().upper()
    if len(nationality) != 2 or not nationality.isascii() or not nationality.isalpha():
        fields["nationality"] = [_("国籍/地区须为两位字母代码，如 CN。")]
    data["nationality"] = nationality
    region = (data.get("region_code") or "").strip()
    if region:
        if nationality != "CN":
            fields["region_code"] = [_("行政区划代码只适用于中国当事人。")]
        else:
            try:
                region = validate_region_code(region).code
            except IdentifierError as exc:
                fields["region_code"] = [str(exc)]
    data["region_code"] = region
    data["address"] = (data.get("address") or "").strip()
    if len(data["address"]) > 300:
        fields["address"] = [_("地址过长。")]
    data["source"] = _source(data.get("source"), fields)
    for key, limit in (("source_id", 100), ("source_version", 40)):
        data[key] = (data.get(key) or "").strip()
        if len(data[key]) > limit:
            fields[key] = [_("内容过长。")]
    return data


def party_create(*, actor, kind, name, **values):
    _require(actor)
    unknown = set(values) - set(PARTY_FIELDS)
    if unknown:
        raise TypeError(f"unknown party fields: {sorted(unknown)}")
    fields = {}
    data = _check_party({"kind": kind, "name": name, **values}, fields)
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        party = _saved(
            lambda: Party.objects.create(
                **data, normalized_name=normalize_name(data["name"]), agency_id=actor.agency_id, created_by=actor if actor.pk else None
            ),
            ErrorCode.PARTY_DUPLICATE,
        )
        if party.source != Source.MANUAL and party.received_at is None:
            party.received_at = timezone.now()
            party.save(update_fields=["received_at"])
        index_party(party)
        record(actor=actor, action="registry.party_create", obj=party, after=party_snapshot(party))
    return party


def _live(party):
    if party.merged_into_id:
        raise ServiceError(ErrorCode.PARTY_MERGED, status=409)


def party_update(*, actor, party, **changes):
    """Change a party's register data (not its name: see party_rename). Only the given fields change."""
    _require(actor)
    unknown = set(changes) - set(PARTY_FIELDS)
    if unknown:
        raise TypeError(f"unknown party fields: {sorted(unknown)}")
    with transaction.atomic():
        party = Party.objects.select_for_update().get(pk=party.pk)
        _live(party)
        before = party_snapshot(party)
        fields = {}
        data = {key: getattr(party, key) for key in PARTY_FIELDS}
        data.update(changes)
        data["kind"] = party.kind
        data = _check_party(data, fields, exclude_pk=party.pk)
        if fields:
            raise ServiceError(ErrorCode.INVALID, fields=fields)
        for key in PARTY_FIELDS:
            setattr(party, key, data[key])
        _saved(party.save, ErrorCode.PARTY_DUPLICATE)
        index_party(party)
        record(actor=actor, action="registry.party_update", obj=party, before=before, after=party_snapshot(party))
    return party


def party_rename(*, actor, party, name, changed_on=None, reason=""):
    """The party is now called `name` from `changed_on` (default today); the current name is kept
    as a former name valid until the day before."""
    _require(actor)
    changed_on = changed_on or timezone.localdate()
    name = (name or "").strip()
    fields = {}
    if not name:
        fields["name"] = [_("请填写新名称。")]
    elif len(name) > 200 or not normalize_name(name):
        fields["name"] = [_("名称须包含文字，且不超过200个字符。")]
    if not isinstance(changed_on, datetime.date):
        fields["changed_on"] = [_("请输入有效日期（YYYY-MM-DD）。")]
    elif changed_on.year < 1900:
        fields["changed_on"] = [_("日期过早。")]
    elif changed_on > timezone.localdate():
        fields["changed_on"] = [_("变更日期不能晚于今日。")]
    if len(reason or "") > 300:
        fields["reason"] = [_("内容过长。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        party = Party.objects.select_for_update().get(pk=party.pk)
        _live(party)
        if name == party.name:
            raise ServiceError(ErrorCode.INVALID, fields={"name": [_("新名称与现名称相同。")]})
        last = party.former_names.order_by("-valid_to").first()
        if last is not None and changed_on <= last.valid_to:
            raise ServiceError(ErrorCode.INVALID, fields={"changed_on": [_("变更日期须晚于上次更名（%(d)s）。") % {"d": last.valid_to}]})
        before = party_snapshot(party)
        PartyName.objects.create(
            party=party,
            name=party.name,
            normalized_name=party.normalized_name,
            valid_from=(last.valid_to + datetime.timedelta(days=1)) if last else None,
            valid_to=changed_on - datetime.timedelta(days=1),
            reason=(reason or "").strip(),
        )
        party.name = name
        party.normalized_name = normalize_name(name)
        party.save(update_fields=["name", "normalized_name", "updated_at"])
        index_party(party)
        record(actor=actor, action="registry.party_rename", obj=party, before=before, after=party_snapshot(party), reason=reason or "")
    return party


def party_merge(*, actor, keep, duplicate, reason=""):
    """Merge `duplicate` into `keep`: its names, powers of attorney and earlier merges move to
    `keep`, its name becomes a former name of `keep`, and it keeps its row with merged_into set."""
    _require(actor)
    if keep.pk == duplicate.pk:
        raise ServiceError(ErrorCode.PARTY_MERGE_SELF)
    with transaction.atomic():
        locked = {p.pk: p for p in Party.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])}
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        if keep.kind != duplicate.kind:
            raise ServiceError(ErrorCode.PARTY_MERGE_KIND)
        if keep.merged_into_id:
            chain, seen, node = set(), set(), keep
            while node.merged_into_id and node.pk not in seen:
                seen.add(node.pk)
                chain.add(node.merged_into_id)
                node = Party.objects.get(pk=node.merged_into_id)
            if duplicate.pk in chain:
                raise ServiceError(ErrorCode.PARTY_MERGE_CYCLE)
            raise ServiceError(ErrorCode.PARTY_MERGED, fields={"keep": [_("要保留的当事人已合并至其他当事人。")]}, status=409)
        if duplicate.merged_into_id:
            raise ServiceError(ErrorCode.PARTY_MERGED, fields={"duplicate": [_("该当事人已合并过。")]}, status=409)
        before = {"keep": party_snapshot(keep), "duplicate": party_snapshot(duplicate)}
        moved_names = PartyName.objects.filter(party=duplicate).update(party=keep)
        known = set(PartyName.objects.filter(party=keep).values_list("normalized_name", flat=True)) | {keep.normalized_name}
        if duplicate.normalized_name not in known:
            PartyName.objects.create(
                party=keep,
                name=duplicate.name,
                normalized_name=duplicate.normalized_name,
                valid_to=timezone.localdate(),
                reason=_("合并重复记录 %(id)s") % {"id": duplicate.pk},
            )
        moved_powers = PowerOfAttorney.objects.filter(principal=duplicate).update(principal=keep)
        Party.objects.filter(merged_into=duplicate).update(merged_into=keep)
        if not keep.credit_code and duplicate.credit_code:
            keep.credit_code, duplicate.credit_code = duplicate.credit_code, None
            duplicate.save(update_fields=["credit_code"])
        for key in ("id_number", "region_code", "address"):
            if not getattr(keep, key) and getattr(duplicate, key):
                setattr(keep, key, getattr(duplicate, key))
        keep.save()
        duplicate.merged_into = keep
        duplicate.save(update_fields=["merged_into", "updated_at"])
        index_party(keep)
        index_party(duplicate)
        record(
            actor=actor,
            action="registry.party_merge",
            obj=keep,
            before=before,
            after={
                "keep": party_snapshot(keep),
                "duplicate": party_snapshot(duplicate),
                "moved_names": moved_names,
                "moved_powers_of_attorney": moved_powers,
            },
            reason=reason or "",
        )
    return keep


def party_reveal(*, actor, party, reason):
    """The identity-card number and address of a person, unmasked; the read is audited."""
    _require(actor, "registry.reveal")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(ErrorCode.REQUIRED, fields={"reason": [_("请说明查看理由。")]})
    with transaction.atomic():
        record(actor=actor, action="registry.party_reveal", obj=party, reason=reason[:300], is_read=True)
    return {"id_number": party.id_number, "address": party.address}


# --- representatives --------------------------------------------------------------------------


def representative_snapshot(rep):
    return {
        "id": rep.pk,
        "kind": rep.kind,
        "name": rep.name,
        "licence_number": rep.licence_number,
        "firm": rep.firm_id,
        "credit_code": rep.credit_code,
        "source": rep.source,
        "source_id": rep.source_id,
    }


def _check_representative(data, fields, exclude_pk=None):
    kind = data["kind"]
    if kind not in RepresentativeKind.values:
        fields["kind"] = [_("未知的代理人类别。")]
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        fields["name"] = [_("请填写名称或姓名。")]
    elif len(data["name"]) > 200 or not normalize_name(data["name"]):
        fields["name"] = [_("名称须包含文字，且不超过200个字符。")]
    data["licence_number"] = (data.get("licence_number") or "").strip()
    if len(data["licence_number"]) > 40:
        fields["licence_number"] = [_("内容过长。")]
    firm = data.get("firm")
    if firm is not None:
        if kind in FIRM_KINDS or firm.kind not in FIRM_KINDS or firm.pk == exclude_pk:
            raise ServiceError(ErrorCode.REPRESENTATIVE_FIRM_INVALID, fields={"firm": [pgettext(FIRM_CONTEXT, "所属机构无效。")]})
    data["credit_code"] = _credit_code(data.get("credit_code"), fields, Representative, exclude_pk, ErrorCode.REPRESENTATIVE_DUPLICATE)
    if data["credit_code"] and kind not in FIRM_KINDS:
        fields["credit_code"] = [_("只有律师事务所和代理机构才有统一社会信用代码。")]
    data["source"] = _source(data.get("source"), fields)
    for key, limit in (("source_id", 100), ("source_version", 40)):
        data[key] = (data.get(key) or "").strip()
        if len(data[key]) > limit:
            fields[key] = [_("内容过长。")]
    return data


def representative_create(*, actor, kind, name, **values):
    _require(actor)
    unknown = set(values) - set(REPRESENTATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown representative fields: {sorted(unknown)}")
    fields = {}
    data = _check_representative({"kind": kind, "name": name, **values}, fields)
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        rep = _saved(
            lambda: Representative.objects.create(
                **data, normalized_name=normalize_name(data["name"]), agency_id=actor.agency_id, created_by=actor if actor.pk else None
            ),
            ErrorCode.REPRESENTATIVE_DUPLICATE,
        )
        record(actor=actor, action="registry.representative_create", obj=rep, after=representative_snapshot(rep))
    return rep


def representative_update(*, actor, representative, **changes):
    _require(actor)
    unknown = set(changes) - set(REPRESENTATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown representative fields: {sorted(unknown)}")
    with transaction.atomic():
        rep = Representative.objects.select_for_update().get(pk=representative.pk)
        before = representative_snapshot(rep)
        data = {key: getattr(rep, key) for key in REPRESENTATIVE_FIELDS}
        data.update(changes)
        data["kind"] = rep.kind
        fields = {}
        data = _check_representative(data, fields, exclude_pk=rep.pk)
        if fields:
            raise ServiceError(ErrorCode.INVALID, fields=fields)
        for key in REPRESENTATIVE_FIELDS:
            setattr(rep, key, data[key])
        rep.normalized_name = normalize_name(rep.name)
        _saved(rep.save, ErrorCode.REPRESENTATIVE_DUPLICATE)
        record(actor=actor, action="registry.representative_update", obj=rep, before=before, after=representative_snapshot(rep))
    return rep


# --- powers of attorney -----------------------------------------------------------------------


def poa_snapshot(poa):
    return {
        "id": poa.pk,
        "principal": poa.principal_id,
        "representative": poa.representative_id,
        "matter": poa.matter,
        "scope": poa.scope,
        "special_powers": poa.special_powers,
        "valid_from": poa.valid_from,
        "valid_to": poa.valid_to,
        "document_reference": poa.document_reference,
        "revoked_at": poa.revoked_at,
    }


def power_of_attorney_grant(
    *, actor, principal, representative, matter, valid_from, scope=Scope.GENERAL, special_powers=(), valid_to=None, document_reference="", subject=None
):
    """Record that `principal` authorises `representative` for `matter`. A special authorisation
    lists the powers of CPL art. 62 (SpecialPower); a general one lists none. `subject` is an
    optional model instance the matter refers to (a case, a right) for later modules."""
    _require(actor)
    fields = {}
    matter = (matter or "").strip()
    if not matter:
        fields["matter"] = [_("请填写委托事项。")]
    elif len(matter) > 300:
        fields["matter"] = [_("内容过长。")]
    if scope not in Scope.values:
        fields["scope"] = [_("授权范围须为一般授权或特别授权。")]
    powers = list(dict.fromkeys(special_powers or ()))
    if any(p not in SpecialPower.values for p in powers):
        fields["special_powers"] = [_("含有未知的特别授权事项。")]
    elif scope == Scope.SPECIAL and not powers:
        fields["special_powers"] = [_("特别授权须列明授权事项。")]
    elif scope == Scope.GENERAL and powers:
        fields["special_powers"] = [_("一般授权不能包含特别授权事项。")]
    if not isinstance(valid_from, datetime.date):
        fields["valid_from"] = [_("请输入有效日期（YYYY-MM-DD）。")]
    elif valid_to is not None and valid_to < valid_from:
        fields["valid_to"] = [_("终止日期不能早于生效日期。")]
    document_reference = (document_reference or "").strip()
    if len(document_reference) > 100:
        fields["document_reference"] = [_("内容过长。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    _live(principal)
    with transaction.atomic():
        poa = PowerOfAttorney(
            principal=principal,
            representative=representative,
            matter=matter,
            scope=scope,
            special_powers=[p for p in SpecialPower.values if p in powers],
            valid_from=valid_from,
            valid_to=valid_to,
            document_reference=document_reference,
            agency_id=actor.agency_id,
            created_by=actor if actor.pk else None,
        )
        if subject is not None:
            from django.contrib.contenttypes.models import ContentType

            poa.content_type = ContentType.objects.get_for_model(subject)
            poa.object_id = str(subject.pk)
        poa.save()
        record(actor=actor, action="registry.poa_grant", obj=poa, after=poa_snapshot(poa))
    return poa


def power_of_attorney_revoke(*, actor, power, reason=""):
    _require(actor)
    with transaction.atomic():
        poa = PowerOfAttorney.objects.select_for_update().get(pk=power.pk)
        if poa.revoked_at is not None:
            raise ServiceError(ErrorCode.POA_REVOKED, status=409)
        before = poa_snapshot(poa)
        poa.revoked_at = timezone.now()
        poa.revoke_reason = (reason or "").strip()[:300]
        poa.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
        record(actor=actor, action="registry.poa_revoke", obj=poa, before=before, after=poa_snapshot(poa), reason=reason or "")
    return poa


def _final(party_id):
    seen = set()
    while party_id not in seen:
        seen.add(party_id)
        nxt = Party.objects.filter(pk=party_id).values_list("merged_into_id", flat=True).first()
        if not nxt:
            return party_id
        party_id = nxt
    return party_id


def can_settle(representative, principal, on=None):
    """True only when a power of attorney from `principal` (or the party it was merged into) to
    this very `representative`, with special authorisation to settle (和解、调解), is in effect
    on `on` (default today) and not revoked. A power given to the representative's firm does not
    count: the law asks for the named agent's special authorisation (CPL art. 62)."""
    on = on or timezone.localdate()
    rows = PowerOfAttorney.objects.filter(
        principal_id=_final(principal.pk), representative_id=representative.pk, scope=Scope.SPECIAL, revoked_at__isnull=True, valid_from__lte=on
    ).values_list("valid_to", "special_powers")
    return any((valid_to is None or on <= valid_to) and SpecialPower.SETTLE in (powers or []) for valid_to, powers in rows)


# --- rights and legal events ---------------------------------------------------------------------

register_event_type("registry.right.created", "权利已登记", "Right created", "专利或商标记录已在平台登记。")
register_event_type("registry.right.status_changed", "法律状态已变更", "Right status changed", "登记的法律事件改变了权利的法律状态。")

RIGHT_DOC_TYPE = "right"
SOURCES_OF_RECORD = (Source.CNIPA, Source.COURT, Source.IMPORT)


def index_right(right):
    """(Re)index a right for the shared search: number, title or mark text, and the names
    (current and former) of its parties."""
    party_ids = list(RightParty.objects.filter(right=right).values_list("party_id", flat=True))
    names = list(Party.objects.filter(pk__in=party_ids).values_list("name", flat=True))
    names += list(PartyName.objects.filter(party_id__in=party_ids).values_list("name", flat=True))
    index_document(RIGHT_DOC_TYPE, right.pk, right.number, right.title, names, agency_id=right.agency_id, visibility=right.visibility)


def right_snapshot(right):
    return {
        "id": right.pk,
        "kind": right.kind,
        "number": right.number,
        "title": right.title,
        "status": right.status,
        "pledges": right.pledges,
        "licences": right.licences,
        "freezes": right.freezes,
        "invalidations": right.invalidations,
        "opposed": right.opposed,
        "owner_name": right.owner_name,
        "source": right.source,
        "source_id": right.source_id,
        "source_version": right.source_version,
    }


def normalize_right_number(kind, number):
    """The normalised number, or raise IdentifierError."""
    if kind == RightKind.PATENT:
        return parse_patent_number(number)
    return parse_trademark_number(number)


def _events_of(right):
    return [
        legal.Event(type=e.type, date=e.date, sequence=e.sequence, outcome=e.outcome or None, data=e.details or {})
        for e in LegalEvent.objects.filter(right=right).order_by("date", "sequence")
    ]


def right_state(right):
    """The state replayed from the right's events (the source of truth of the cached status)."""
    return legal.replay(right.kind, _events_of(right))


def _cache_state(right, state):
    right.status = state.status or ""
    right.pledges, right.licences, right.freezes, right.invalidations = state.pledges, state.licences, state.freezes, state.invalidations
    right.opposed = state.opposed
    if state.owner:
        right.owner_name = str(state.owner)[:200]
    if state.granted_on:
        right.grant_date = state.granted_on
    if state.term_ends:
        right.expiry_date = state.term_ends
    elif right.kind == RightKind.PATENT and right.expiry_date is None:
        right.expiry_date = terms.patent_expiry(right.filing_date, right.patent_kind)
    if state.published and right.publication_date is None:
        right.publication_date = state.last_event[0] if state.last_event else None
    if state.international_number:
        right.madrid_number = str(state.international_number)[:10]


def right_create(
    *,
    actor,
    kind,
    number,
    title,
    filing_date,
    parties=(),
    patent_kind="",
    ipc_codes=(),
    nice_classes=(),
    classification_edition="",
    source=Source.MANUAL,
    source_id="",
    source_version=0,
    agency=None,
    visibility=None,
    claim_count=None,
):
    """Create a right and its filing event. ``parties``: ``[(party, role), ...]`` in order; the
    first applicant (or owner) is the owner of the filing event. Sourced rights belong to the
    actor's agency (the office of record) unless ``agency`` is given; the register is public by default."""
    _require(actor, "registry.write" if source == Source.MANUAL else "registry.record_sourced_event")
    fields = {}
    if kind not in RightKind.values:
        raise ServiceError(ErrorCode.INVALID, fields={"kind": [_("类别须为专利或商标。")]})
    parsed = None
    try:
        parsed = normalize_right_number(kind, number)
    except IdentifierError as exc:
        fields["number"] = [str(exc)]
        fields["number_error"] = [exc.code]
    pct = False
    if kind == RightKind.PATENT:
        if patent_kind and patent_kind not in PatentKind.values:
            fields["patent_kind"] = [_("未知的专利类型。")]
        elif parsed is not None:
            if patent_kind and patent_kind != parsed.kind:
                fields["patent_kind"] = [_("专利类型与申请号中的申请种类数字不一致。")]
            patent_kind = patent_kind or parsed.kind
            pct = parsed.pct
    else:
        patent_kind = ""
    title = (title or "").strip()
    if not title or len(title) > 500:
        fields["title"] = [_("请填写名称或商标文字（不超过500个字符）。")]
    if filing_date is None:
        fields["filing_date"] = [_("请填写申请日。")]
    elif filing_date > timezone.localdate():
        fields["filing_date"] = [_("申请日不能晚于今天。")]
    if kind != RightKind.PATENT and ipc_codes:
        fields["ipc_codes"] = [_("只有专利有IPC分类号。")]
    ipc_codes = clean_ipc_codes(ipc_codes, fields)
    if kind != RightKind.TRADEMARK and nice_classes:
        fields["nice_classes"] = [_("只有商标有尼斯分类。")]
    nice_classes = clean_nice_classes(nice_classes, fields)
    classification_edition = (classification_edition or "").strip()
    if len(classification_edition) > 40:
        fields["classification_edition"] = [_("分类表版本不超过40个字符。")]
    if visibility and visibility not in Visibility.values:
        fields["visibility"] = [_("未知的可见范围。")]
    source = _source(source, fields)
    for _party, role in parties:
        if role not in RightRole.values:
            fields["parties"] = [_("未知的身份：%(role)s") % {"role": role}]
    if len({(party.pk, role) for party, role in parties}) != len(parties):
        fields["parties"] = [_("同一当事人以同一身份重复列出。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    existing = Right.objects.filter(kind=kind, number=parsed.normalized).values_list("pk", flat=True).first()
    if existing is not None:
        raise ServiceError(ErrorCode.RIGHT_DUPLICATE, fields={"number": [_("该编号已被记录 %(id)s 使用。") % {"id": existing}], "existing_id": [str(existing)]})
    if agency is None:
        agency = actor.agency
    owners = [p for p, role in parties if role in (RightRole.APPLICANT, RightRole.PATENTEE, RightRole.OWNER)]
    with transaction.atomic():
        if claim_count is not None and (kind != "patent" or patent_kind == "design" or not isinstance(claim_count, int) or isinstance(claim_count, bool) or not 1 <= claim_count <= 999):
            raise ServiceError(ErrorCode.INVALID, fields={"claim_count": [_("权利要求项数须为1至999的整数（外观设计专利和商标不填）。")]})
        right = Right(
            kind=kind,
            number=parsed.normalized,
            title=title,
            filing_date=filing_date,
            patent_kind=patent_kind,
            claim_count=claim_count,
            pct=pct,
            ipc_codes=list(ipc_codes),
            nice_classes=list(nice_classes),
            classification_edition=classification_edition,
            source=source,
            source_id=source_id,
            source_version=source_version,
            received_at=timezone.now() if source != Source.MANUAL else None,
            agency=agency,
            visibility=visibility or "public",
            created_by=actor,
        )
        _saved(right.save, ErrorCode.RIGHT_DUPLICATE)
        for order, (party, role) in enumerate(parties):
            RightParty.objects.create(right=right, party=party, role=role, order=order)
        event = legal.Event(type=legal.FILED, date=filing_date, sequence=1, data={"owner": owners[0].name} if owners else {})
        state = legal.apply(legal.RightState(kind=kind), event)
        LegalEvent.objects.create(
            right=right, type=event.type, date=event.date, sequence=1, details=dict(event.data), source=source, source_version=source_version, recorded_by=actor
        )
        _cache_state(right, state)
        right.save()
        index_right(right)
        record(actor=actor, action="registry.right.create", obj=right, agency=agency, after=right_snapshot(right))
        publish("registry.right.created", agency=agency, subject=right, payload=right_snapshot(right), actor=actor, visibility=right.visibility)
    return right


# --- descriptive fields of a right: classification and the mark image ------------------------------

IPC_RE = re.compile(r"^([A-H])(\d{2})([A-Z])(?:\s*(\d{1,4})\s*/\s*(\d{2,6}))?$")
MAX_IPC_CODES = 50
MAX_NICE_CLASSES = 45
MARK_IMAGE_MAX_BYTES = 2 * 1024 * 1024
MARK_IMAGE_TYPES = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}


def clean_ipc_codes(values, fields):
    """IPC symbols, normalised to ``G06F 16/245`` (or a subclass ``G06F``); duplicates dropped."""
    out = []
    values = list(values or [])
    if len(values) > MAX_IPC_CODES:
        fields["ipc_codes"] = [_("IPC分类号不能超过 %(n)s 个。") % {"n": MAX_IPC_CODES}]
        return []
    for value in values:
        text = unicodedata.normalize("NFKC", str(value)).strip().upper()
        match = IPC_RE.match(text)
        if not match:
            fields["ipc_codes"] = [_("IPC分类号格式不正确：%(code)s（如 G06F 16/245）") % {"code": str(value)[:40]}]
            return []
        section, klass, subclass, main, sub = match.groups()
        code = f"{section}{klass}{subclass}" + (f" {int(main)}/{sub}" if main else "")
        if code not in out:
            out.append(code)
    return out


def clean_nice_classes(values, fields):
    """``[{"class": 9, "groups": ["0901", ...]}, ...]``: classes 1–45, each once; 类似群 codes of
    four digits whose first two are the class. An ``edition`` key per class is kept when given."""
    out, seen = [], set()
    values = list(values or [])
    if len(values) > MAX_NICE_CLASSES:
        fields["nice_classes"] = [_("尼斯分类不能超过45个类别。")]
        return []
    for item in values:
        if not isinstance(item, dict):
            fields["nice_classes"] = [_("尼斯分类格式不正确。")]
            return []
        klass = item.get("class")
        if isinstance(klass, str) and klass.strip().isdigit():
            klass = int(klass)
        if isinstance(klass, bool) or not isinstance(klass, int) or not 1 <= klass <= 45:
            fields["nice_classes"] = [_("尼斯分类类别须为1至45之间的整数。")]
            return []
        if klass in seen:
            fields["nice_classes"] = [_("尼斯分类第%(n)s类重复列出。") % {"n": klass}]
            return []
        seen.add(klass)
        groups = item.get("groups") or []
        if not isinstance(groups, list | tuple) or len(groups) > 100:
            fields["nice_classes"] = [_("类似群须为列表。")]
            return []
        clean_groups = []
        for group in groups:
            code = unicodedata.normalize("NFKC", str(group)).strip()
            if not (len(code) == 4 and code.isdigit() and int(code[:2]) == klass):
                fields["nice_classes"] = [_("类似群 %(g)s 不属于第%(n)s类（类似群为四位数字，前两位为类别号）。") % {"g": str(group)[:10], "n": klass}]
                return []
            if code not in clean_groups:
                clean_groups.append(code)
        entry = {"class": klass, "groups": sorted(clean_groups)}
        edition = item.get("edition")
        if edition:
            entry["edition"] = str(edition)[:40]
        out.append(entry)
    return sorted(out, key=lambda e: e["class"])


def check_mark_image(upload, fields):
    """``(extension, content)`` of a PNG or JPEG mark image of at most 2 MB, read and decoded by
    Pillow (the declared name and content type are not trusted); adds a field error otherwise."""
    from PIL import Image, UnidentifiedImageError

    size = getattr(upload, "size", None)
    if size is None or size > MARK_IMAGE_MAX_BYTES:
        fields["mark_image"] = [_("商标图样不能超过2 MB。")]
        return None
    upload.seek(0)
    content = upload.read(MARK_IMAGE_MAX_BYTES + 1)
    if len(content) > MARK_IMAGE_MAX_BYTES:
        fields["mark_image"] = [_("商标图样不能超过2 MB。")]
        return None
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    if kind not in MARK_IMAGE_TYPES:
        fields["mark_image"] = [_("商标图样须为PNG或JPEG图片。")]
        return None
    return MARK_IMAGE_TYPES[kind][0], content


def right_descriptive_snapshot(right):
    return {
        "id": right.pk,
        "title": right.title,
        "ipc_codes": list(right.ipc_codes or []),
        "nice_classes": list(right.nice_classes or []),
        "classification_edition": right.classification_edition,
        "mark_image": right.mark_image.name if right.mark_image else "",
    }


RIGHT_UPDATE_FIELDS = ("title", "ipc_codes", "nice_classes", "classification_edition", "mark_image", "remove_mark_image")


def right_update(*, actor, right, **changes):
    """Change a right's descriptive fields: title (or mark text), IPC codes, Nice classes and
    类似群, classification edition, the mark image (trademarks; PNG or JPEG, at most 2 MB) or its
    removal. Status, numbers, dates and parties never change here: they come from legal events
    and the source of record. One transaction, one audit event ``registry.right.update``."""
    _require(actor)
    fields = {}
    unknown = set(changes) - set(RIGHT_UPDATE_FIELDS)
    if unknown:
        raise ServiceError(ErrorCode.INVALID, fields={key: [_("该字段不能修改。")] for key in sorted(unknown)})
    values = {}
    if "title" in changes:
        title = (changes["title"] or "").strip()
        if not title or len(title) > 500:
            fields["title"] = [_("请填写名称或商标文字（不超过500个字符）。")]
        values["title"] = title
    if "ipc_codes" in changes:
        if right.kind != RightKind.PATENT and changes["ipc_codes"]:
            fields["ipc_codes"] = [_("只有专利有IPC分类号。")]
        values["ipc_codes"] = clean_ipc_codes(changes["ipc_codes"], fields)
    if "nice_classes" in changes:
        if right.kind != RightKind.TRADEMARK and changes["nice_classes"]:
            fields["nice_classes"] = [_("只有商标有尼斯分类。")]
        values["nice_classes"] = clean_nice_classes(changes["nice_classes"], fields)
    if "classification_edition" in changes:
        edition = (changes["classification_edition"] or "").strip()
        if len(edition) > 40:
            fields["classification_edition"] = [_("分类表版本不超过40个字符。")]
        values["classification_edition"] = edition
    image = None
    if changes.get("mark_image") is not None:
        if right.kind != RightKind.TRADEMARK:
            fields["mark_image"] = [_("只有商标可以上传商标图样。")]
        else:
            image = check_mark_image(changes["mark_image"], fields)
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        right = Right.objects.select_for_update().get(pk=right.pk)
        before = right_descriptive_snapshot(right)
        for key, value in values.items():
            setattr(right, key, value)
        old_image = right.mark_image.name if right.mark_image else ""
        if image is not None:
            extension, content = image
            digest = hashlib.sha256(content).hexdigest()[:16]
            right.mark_image.save(f"{right.pk}-{digest}.{extension}", ContentFile(content), save=False)
        elif changes.get("remove_mark_image"):
            right.mark_image = ""
        after = right_descriptive_snapshot(right)
        if after == before:
            return right
        right.save()
        if after["title"] != before["title"]:
            index_right(right)
        record(actor=actor, action="registry.right.update", obj=right, agency=right.agency, before=before, after=after)
        new_image = right.mark_image.name if right.mark_image else ""
        if old_image and old_image != new_image:
            transaction.on_commit(lambda: right.mark_image.storage.delete(old_image))
    return right


def _check_event_input(event_type, date, fields):
    if not event_type:
        fields["type"] = [_("请选择事件类型。")]
    if date is None:
        fields["date"] = [_("请填写日期。")]
    elif date > timezone.localdate():
        raise ServiceError(ErrorCode.EVENT_IN_FUTURE, fields={"date": [_("事件日期不能晚于今天。")]})


def _write_event(actor, right, state, event, *, source, source_version, before, windows=legal.NO_WINDOWS):
    new_state = legal.apply(state, event, windows)
    LegalEvent.objects.create(
        right=right,
        type=event.type,
        date=event.date,
        sequence=event.sequence,
        outcome=event.outcome or "",
        details=dict(event.data),
        source=source,
        source_version=source_version,
        recorded_by=actor,
    )
    _cache_state(right, new_state)
    right.save()
    after = right_snapshot(right)
    record(actor=actor, action="registry.right.event", obj=right, agency=right.agency, before=before, after={**after, "event": event.to_dict()})
    if before["status"] != right.status or before["freezes"] != right.freezes or before["pledges"] != right.pledges:
        publish(
            "registry.right.status_changed",
            agency=right.agency,
            subject=right,
            payload={"right": right.pk, "number": right.number, "event": event.type, "from": before["status"], "to": right.status},
            actor=actor,
            visibility=right.visibility,
        )
    return new_state


def frozen_message(events, state):
    """The refusal of a frozen right names the freeze: the court holding it and its case number
    (from the `frozen` event that started it)."""
    from ipcollab.orgs.models import Agency

    holders = []
    for court in state.frozen_by:
        started = next((e for e in reversed(events) if e.type == legal.FROZEN and str(e.data.get("court")) == court), None)
        name = Agency.objects.filter(pk=int(court)).values_list("name", flat=True).first() if court.isdigit() else None
        case = (started.data.get("case_number") if started else "") or ""
        holders.append(_("%(court)s（案号%(case)s）") % {"court": name or court, "case": case} if case else (name or court))
    return _("该权利已被%(holders)s冻结，冻结期间不能办理该事项。") % {"holders": "、".join(holders)}


def record_event(actor, right, type, date, details=None, *, outcome=None, source=None, source_version=0, authorized_by_module=False):
    """Record a legal event on ``right``. The state machine (with its registered guards) decides:
    a refused event from a person raises ``event_refused`` (``fields.refusal`` = the refusal's
    code); a refused event from a source of record opens a :class:`ReconciliationItem`, which is
    returned (never dropped, never applied). Otherwise the new :class:`LegalEvent` is returned.

    ``authorized_by_module``: a module that decides itself who may cause the event (the freeze
    register: a court's order freezes the right) skips the register's own permission check; the
    state machine still decides."""
    sourced = source not in (None, "", Source.MANUAL)
    if not authorized_by_module:
        _require(actor, "registry.record_sourced_event" if sourced else "registry.record_event")
    fields = {}
    if sourced and source not in Source.values:
        fields["source"] = [_("未知的数据来源。")]
    _check_event_input(type, date, fields)
    details = dict(details or {})
    for key in ("term_ends",):
        if details.get(key) is not None:
            try:
                datetime.date.fromisoformat(str(details[key]))
            except ValueError:
                fields["details"] = [_("有效期至须为 YYYY-MM-DD 格式的日期。")]
    for key in ("owner", "international_number"):
        if details.get(key) is not None and not isinstance(details[key], str):
            fields["details"] = [_("权利人、国际注册号须为文字。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    with transaction.atomic():
        right = Right.objects.select_for_update().get(pk=right.pk)
        events = _events_of(right)
        state = legal.replay(right.kind, events)
        sequence = max((e.sequence for e in events), default=0) + 1
        if type in (legal.REGISTERED, legal.RENEWED) and not details.get("term_ends"):
            computed = terms.event_term_ends(right.kind, type, date, state)
            if computed:
                details["term_ends"] = computed
        windows = terms.windows(date)
        event = legal.Event(type=type, date=date, sequence=sequence, outcome=outcome or None, data=details)
        refusal = legal.check(event, state, windows)
        if refusal is not None:
            message = frozen_message(events, state) if refusal.code == "right_frozen" else refusal.message
            if not sourced:
                raise ServiceError(ErrorCode.EVENT_REFUSED, message, fields={"refusal": [refusal.code], "type": [message]}, status=409)
            item = ReconciliationItem.objects.create(
                right=right,
                event_type=type,
                event_date=date,
                payload={"outcome": outcome, "data": details},
                refusal_code=refusal.code,
                refusal_message=message[:300],
                source=source,
                source_version=source_version,
            )
            record(
                actor=actor,
                action="registry.reconciliation.open",
                obj=right,
                agency=right.agency,
                after={"item": item.pk, "event": event.to_dict(), "refusal": refusal.code},
            )
            return item
        before = right_snapshot(right)
        _write_event(actor, right, state, event, source=source if sourced else Source.MANUAL, source_version=source_version, before=before, windows=windows)
        return LegalEvent.objects.get(right=right, sequence=sequence)


def resolve_reconciliation(*, actor, item, action, note=""):
    """``apply``: record the held event now (the state machine must accept it at the end of the
    timeline, else ``event_refused``); ``reject``: close the item without recording it."""
    _require(actor, "registry.reconcile")
    if action not in ("apply", "reject"):
        raise ServiceError(ErrorCode.INVALID, fields={"action": [_("请选择登记或驳回。")]})
    note = (note or "").strip()[:500]
    with transaction.atomic():
        item = ReconciliationItem.objects.select_for_update().select_related("right").get(pk=item.pk)
        if item.status != ReconciliationStatus.OPEN:
            raise ServiceError(ErrorCode.RECONCILIATION_CLOSED, status=409)
        right = Right.objects.select_for_update().get(pk=item.right_id)
        if action == "apply":
            events = _events_of(right)
            state = legal.replay(right.kind, events)
            sequence = max((e.sequence for e in events), default=0) + 1
            payload = item.payload or {}
            data = dict(payload.get("data") or {})
            if item.event_type in (legal.REGISTERED, legal.RENEWED) and not data.get("term_ends"):
                computed = terms.event_term_ends(right.kind, item.event_type, item.event_date, state)
                if computed:
                    data["term_ends"] = computed
            windows = terms.windows(item.event_date)
            event = legal.Event(type=item.event_type, date=item.event_date, sequence=sequence, outcome=payload.get("outcome") or None, data=data)
            refusal = legal.check(event, state, windows)
            if refusal is not None:
                raise ServiceError(ErrorCode.EVENT_REFUSED, refusal.message, fields={"refusal": [refusal.code]}, status=409)
            _write_event(actor, right, state, event, source=item.source, source_version=item.source_version, before=right_snapshot(right), windows=windows)
            item.status = ReconciliationStatus.APPLIED
        else:
            item.status = ReconciliationStatus.REJECTED
        item.resolved_by, item.resolved_at, item.note = actor, timezone.now(), note
        item.save()
        record(
            actor=actor,
            action=f"registry.reconciliation.{action}",
            obj=right,
            agency=right.agency,
            after={"item": item.pk, "status": item.status, "note": note},
        )
    return item
