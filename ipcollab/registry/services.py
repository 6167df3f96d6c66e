"""Writes on parties, representatives and powers of attorney. One transaction each, audited.

Who may write: see rules.py (registry.write). Personal data never enters the audit log in clear:
snapshots carry the masked identity-card number and address. See docs/registry.md.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.core.masking import mask_id_card
from ipcollab.identifiers import IdentifierError, validate_region_code, validate_uscc
from ipcollab.search.index import index_document, remove_document

from .models import FIRM_KINDS, Party, PartyKind, PartyName, PowerOfAttorney, Representative, RepresentativeKind, Scope, Source, SpecialPower
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
            raise ServiceError(ErrorCode.REPRESENTATIVE_FIRM_INVALID, fields={"firm": [_("所属机构无效。")]})
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
