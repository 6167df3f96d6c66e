"""Bulk exchange with court and CNIPA systems (issue 6, point 6): push cases, CNIPA proceedings and
decisions in bulk; pull the changes since a cursor. See docs/proceedings.md, "API".

**Push** (:func:`push`): up to :data:`MAX_RECORDS` records, each handled on its own (one savepoint:
a record is written whole or not at all), each answered with its index, a status (``created``,
``updated``, ``unchanged``, ``stale``, ``error``), a code and a message:

- a record is identified by its sender's agency and ``source_id``; ``source_version`` (a positive
  integer) orders its versions: the same version again is ``unchanged`` (nothing written), an
  older one ``stale`` (code ``source_version_stale``), a newer one updates the record (status,
  stays, closing or decision, title, grounds, evidence; other parties or rights are linked
  again; another closing result adds its document and decision event). A record with the number of one entered by hand at the
  same agency (no ``source_id``) takes that record over;
- ``case``: a court case of the sender's own court (a court system; the case number's court must
  be the system's agency), with its status, stays (the full list: the pushed list replaces the
  stored one) and closing;
- ``office``: a CNIPA proceeding of the sender's own office (an IP office system), with its
  decision if it has one — the decision goes through ``services.decide`` (the register is kept in
  step and every court with a pending suit on the right is notified);
- ``decision``: a decision on an existing CNIPA proceeding of the sender's office, named by its
  number: through ``services.decide``; a proceeding that does not exist is ``not_found``.

References by number (rights with claims, parties by name and credit code, previous instance,
reviewed decision) go into ``Proceeding.refs`` and are resolved by ``linking.link_pending`` in the
same request: for a CNIPA proceeding inside the record's savepoint (its decision needs the right),
for court cases once for the whole batch at the end.

**Pull** (:func:`changes`): the ``Change`` rows after a cursor (the id of the last row seen), in
id order, of proceedings the caller can see, only rows written more than :data:`SETTLE` ago: ids
are taken when a row is inserted, not when its transaction commits, so a fresh row with a higher
id may be visible before an older one commits; waiting out the settle time keeps the cursor from
passing a row that is about to appear. Each proceeding appears once a page (with its last change
of the page); ``next_after`` is the id to pass next.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from ipcollab.audit.services import record as audit
from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode, PermissionDenied, ServiceError
from ipcollab.registry import services as register
from ipcollab.registry import status as legal
from ipcollab.registry.models import Right, Source

from . import causes, linking, outcomes, selectors, services, signals
from .models import (
    OFFICE_KINDS,
    Change,
    Document,
    DocumentKind,
    Kind,
    Link,
    LinkKind,
    LinkStatus,
    PartyRole,
    Procedure,
    Proceeding,
    Stage,
    Status,
    Stay,
    Track,
)

MAX_RECORDS = 500
MAX_VERSION = 2**31 - 1
SETTLE = datetime.timedelta(seconds=1)
MAX_CHANGES = 1000

CREATED, UPDATED, UNCHANGED, STALE, ERROR = "created", "updated", "unchanged", "stale", "error"


# --- the shapes of the records ------------------------------------------------------------------------
class RightRef(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("patent", "patent"), ("trademark", "trademark")])
    number = serializers.CharField(max_length=40)
    claims = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=9999), required=False, default=list, max_length=500)


class PartyRef(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    credit_code = serializers.CharField(required=False, default="", allow_blank=True, max_length=18)
    role = serializers.ChoiceField(choices=PartyRole.choices)


class StayRef(serializers.Serializer):
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=300)


class Closing(serializers.Serializer):
    result = serializers.ChoiceField(choices=list(outcomes.RESULTS.items()))
    closed_on = serializers.DateField()
    disposition = serializers.ChoiceField(required=False, allow_blank=True, default="", choices=list(outcomes.DISPOSITIONS.items()))
    decision_number = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)


class Decision(serializers.Serializer):
    result = serializers.ChoiceField(choices=list(outcomes.RESULTS.items()))
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)
    surviving_claims = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=9999), required=False, default=list, max_length=500)


class _Versioned(serializers.Serializer):
    source_id = serializers.CharField(max_length=100)
    source_version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)


class CaseRecord(_Versioned):
    type = serializers.ChoiceField(choices=[("case", "case")])
    number = serializers.CharField(max_length=60, help_text="case number, e.g. （2026）京73民初101号")
    cause = serializers.ChoiceField(choices=causes.CHOICES)
    title = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
    filed_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Status.choices)
    parties = PartyRef(many=True, max_length=100)
    rights = RightRef(many=True, required=False, default=list, max_length=50)
    previous = serializers.CharField(required=False, default="", allow_blank=True, max_length=60, help_text="case number of the previous instance")
    reviewed = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=60, help_text="number of the CNIPA proceeding an administrative suit is about"
    )
    stays = StayRef(many=True, required=False, default=list, max_length=20)
    closing = Closing(required=False, allow_null=True, default=None)
    procedure = serializers.ChoiceField(
        choices=Procedure.choices,
        required=False,
        default="",
        allow_blank=True,
        help_text="simplified: a civil first-instance case of a basic court tried under the simplified procedure (简易程序); empty: the ordinary procedure",
    )


class OfficeRecord(_Versioned):
    type = serializers.ChoiceField(choices=[("office", "office")])
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in OFFICE_KINDS])
    number = serializers.CharField(max_length=60)
    filed_on = serializers.DateField()
    parties = PartyRef(many=True, max_length=100)
    rights = RightRef(many=True, min_length=1, max_length=1)
    grounds = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list, max_length=50)
    evidence = serializers.ListField(child=serializers.CharField(max_length=300), required=False, default=list, max_length=200)
    decision = Decision(required=False, allow_null=True, default=None)


class DecisionRecord(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("decision", "decision")])
    number = serializers.CharField(max_length=60, help_text="number of the CNIPA proceeding decided")
    source_version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    result = serializers.ChoiceField(choices=list(outcomes.RESULTS.items()))
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)
    surviving_claims = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=9999), required=False, default=list, max_length=500)


SHAPES = {"case": CaseRecord, "office": OfficeRecord, "decision": DecisionRecord}


# --- results ------------------------------------------------------------------------------------------
@dataclass
class Result:
    index: int
    status: str
    id: int | None = None
    number: str = ""
    code: str = ""
    message: str = ""
    fields: dict = field(default_factory=dict)

    def as_dict(self):
        return {
            "index": self.index,
            "status": self.status,
            "id": self.id,
            "number": self.number,
            "code": self.code,
            "message": self.message,
            "fields": self.fields,
        }


def _flat(detail, prefix=""):
    """DRF error detail → {"field.path": ["message", ...]}."""
    out = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(_flat(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list) and detail and all(not isinstance(v, (dict, list)) for v in detail):
        out[prefix or "record"] = [str(v) for v in detail]
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            if value:
                out.update(_flat(value, f"{prefix}.{i}"))
    else:
        out[prefix or "record"] = [str(detail)]
    return out


def _fields(exc):
    return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in (exc.fields or {}).items()}


def _error(index, exc, number=""):
    status = STALE if exc.code == ErrorCode.SOURCE_VERSION_STALE else ERROR
    return Result(index, status, number=number, code=str(exc.code), message=str(exc.message), fields=_fields(exc))


def _refuse(code, message=None, **fields):
    raise ServiceError(code, message, fields={k: [v] for k, v in fields.items()})


# --- push ---------------------------------------------------------------------------------------------
def check_sender(actor):
    """Only an agency's system (a court's or an IP office's) pushes."""
    if not actor.is_authenticated or actor.kind != "system" or not actor.agency_id or actor.agency.kind not in ("court", "ip_office"):
        raise PermissionDenied(_("只有法院或知识产权局的业务系统可以推送案件和决定。"))


def push(*, actor, records):
    """Push `records` (a list of raw dicts) as `actor` (an agency system). Returns
    ``{"results": [...], "counts": {...}, "linking": {...}}``; never raises on a bad record."""
    check_sender(actor)
    if not isinstance(records, list) or len(records) > MAX_RECORDS:
        raise ServiceError(ErrorCode.INVALID, fields={"records": [_("每次最多推送 %(n)s 条记录。") % {"n": MAX_RECORDS}]})
    run = _Run(actor)
    results = [run.one(index, raw) for index, raw in enumerate(records)]
    linked = run.finish()
    counts = {status: 0 for status in (CREATED, UPDATED, UNCHANGED, STALE, ERROR)}
    for r in results:
        counts[r.status] += 1
    audit(
        actor=actor,
        action="proceedings.push",
        object_type="proceedings.proceeding",
        object_label=_("批量推送"),
        agency=actor.agency,
        after={"records": len(results), **counts},
    )
    return {"results": [r.as_dict() for r in results], "counts": counts, "linking": linked}


class _Run:
    def __init__(self, actor):
        self.actor = actor
        self.agency = actor.agency
        self.source = Source.COURT if self.agency.kind == "court" else Source.CNIPA
        self.to_link = []  # court cases written in this push, linked once at the end
        self.closed_reviews = []  # administrative suits closed in this push: tell CNIPA once linked
        self.today = timezone.localdate()

    def one(self, index, raw):
        number = raw.get("number", "") if isinstance(raw, dict) else ""
        number = number if isinstance(number, str) else ""
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str) or raw["type"] not in SHAPES:
            message = _("记录须为对象，type 为 case、office 或 decision。")
            return Result(index, ERROR, number=number, code=ErrorCode.INVALID.value, message=message, fields={"type": [message]})
        shape = SHAPES[raw["type"]](data=raw)
        if not shape.is_valid():
            return Result(
                index, ERROR, number=number, code=ErrorCode.INVALID.value, message=str(DEFAULT_MESSAGES[ErrorCode.INVALID]), fields=_flat(shape.errors)
            )
        data = shape.validated_data
        handler = {"case": self._case, "office": self._office, "decision": self._decision}[data["type"]]
        try:
            with transaction.atomic():
                return handler(index, data)
        except ServiceError as exc:
            return _error(index, exc, number)
        except IntegrityError:
            # another writer took the number or the source id meanwhile
            message = _("记录与同时写入的数据冲突，请重新推送。")
            return Result(index, ERROR, number=number, code=ErrorCode.CONFLICT.value, message=message)
        except DatabaseError:
            message = _("记录无法写入（数据超出范围）。")
            return Result(index, ERROR, number=number, code=ErrorCode.INVALID.value, message=message)

    # -- shared -----------------------------------------------------------------------------------------
    def _existing(self, track, number, source_id):
        p = Proceeding.objects.select_for_update().filter(source=self.source, agency=self.agency, source_id=source_id, track=track).first()
        if p is not None:
            return p
        p = Proceeding.objects.select_for_update().filter(track=track, number=number).first()
        if p is None:
            return None
        if p.source_id or p.agency_id != self.agency.pk:
            _refuse(ErrorCode.PROCEEDING_DUPLICATE, _("编号 %(n)s 已由其他来源登记。") % {"n": number}, number=_("该编号已登记。"))
        return p

    def _version(self, p, version):
        """None to go on; a Result status when nothing is to be written."""
        if p.source_version == version and p.source_id:
            return UNCHANGED
        if p.source_version > version:
            _refuse(
                ErrorCode.SOURCE_VERSION_STALE,
                _("来源版本 %(v)s 早于平台已有的版本 %(have)s，未写入。") % {"v": version, "have": p.source_version},
                source_version=_("版本过旧。"),
            )
        return None

    def _date(self, value, name, fields, not_before=None):
        if value > self.today:
            fields[name] = [_("日期不能晚于今天。")]
        elif not_before is not None and value < not_before:
            fields[name] = [_("日期不能早于%(d)s。") % {"d": not_before.isoformat()}]

    def _refs(self, data, extra=None):
        refs = {
            "rights": [{"kind": r["kind"], "number": r["number"], "claims": list(r["claims"])} for r in data.get("rights", [])],
            "parties": [{"name": p["name"], "credit_code": p["credit_code"], "role": p["role"]} for p in data.get("parties", [])],
        }
        refs.update(extra or {})
        return {k: v for k, v in refs.items() if v}

    def _check_claims(self, d):
        """Claims sent for a right already in the register must be claims it has."""
        for i, ref in enumerate(d.get("rights", [])):
            key = linking.right_key(ref)
            right = Right.objects.filter(kind=key[0], number=key[1]).first() if key and ref["claims"] else None
            if right is None:
                continue
            try:
                services.check_claims(right, list(ref["claims"]))
            except ServiceError as exc:
                raise ServiceError(exc.code, exc.message, fields={f"rights.{i}.claims": [exc.message]}) from None

    def _written(self, p, what, before=None):
        Change.objects.create(proceeding=p, what=what)
        audit(actor=self.actor, action=f"proceedings.push.{what}", obj=p, agency=p.agency, before=before, after=services.snapshot(p))

    # -- court cases ------------------------------------------------------------------------------------
    def _case(self, index, d):
        if self.agency.kind != "court":
            raise PermissionDenied(_("只有法院的业务系统可以推送法院案件。"))
        parsed, court = services.parse_court_case_number(d["number"])
        if court.pk != self.agency.pk:
            raise PermissionDenied(_("只能推送本院的案件（案号 %(n)s 属于%(c)s）。") % {"n": parsed.normalized, "c": court.name})
        cause = causes.cause(d["cause"])
        if cause is None or cause.kind != parsed.kind:
            message = _("案由与案号的案件类型（%(kind)s）不符。") % {"kind": Kind(parsed.kind).label}
            _refuse(ErrorCode.CAUSE_MISMATCH, message, cause=message)
        p = self._existing(Track.COURT, parsed.normalized, d["source_id"])
        if p is not None:
            if p.number != parsed.normalized:
                _refuse(ErrorCode.INVALID, _("同一来源编号的案号不能改变。"), number=_("案号与已推送的不同。"))
            status = self._version(p, d["source_version"])
            if status is not None:
                return Result(index, status, p.pk, p.number)
        fields = {}
        self._date(d["filed_on"], "filed_on", fields)
        if d["filed_on"].year != parsed.year:
            fields["filed_on"] = [_("立案日期须在案号的收案年度（%(y)s年）内。") % {"y": parsed.year}]
        stays = self._check_stays(d, fields)
        closing = self._check_closing(d, parsed, fields, stays, reviewed=bool(d["reviewed"]) or bool(p and p.reviewed_id))
        if fields:
            raise ServiceError(ErrorCode.INVALID, fields=fields)
        services.check_procedure(d["procedure"], parsed.kind, parsed.stage, court)
        created = p is None
        before = None if created else services.snapshot(p)
        if created:
            self._check_claims(d)
            relation = {Stage.SECOND_INSTANCE: "appeal", Stage.RETRIAL_REVIEW: "retrial_review", Stage.RETRIAL: "retrial"}.get(parsed.stage, "")
            extra = {}
            if d["previous"] and relation:
                extra.update(previous=d["previous"].strip(), relation=relation)
            if d["reviewed"] and parsed.kind == Kind.ADMINISTRATIVE:
                extra["reviewed"] = d["reviewed"].strip()
            p = Proceeding(
                track=Track.COURT,
                kind=parsed.kind,
                stage=parsed.stage,
                number=parsed.normalized,
                agency=court,
                year=parsed.year,
                court_code=parsed.court_code,
                type_code=parsed.type_code,
                sequence=parsed.sequence,
                specialized=bool(parsed.specialized),
                relation=relation if extra.get("previous") else "",
                time_limit_rule=services.time_limit_rule(parsed.kind, parsed.stage),
                refs=self._refs(d, extra),
                linked_at=None,
                source=self.source,
                created_by=self.actor,
            )
        else:
            if not p.source_id:
                p.source = self.source
            self._relink_if_changed(p, d)
        was_closed, was_stayed = p.status == Status.CLOSED, p.status == Status.STAYED
        old_result = p.result
        p.cause, p.category, p.title, p.filed_on = d["cause"], cause.category, d["title"].strip(), d["filed_on"]
        p.source_id, p.source_version = d["source_id"], d["source_version"]
        p.status = d["status"]
        if p.kind == Kind.CIVIL and p.stage == Stage.FIRST_INSTANCE:
            p.procedure = d["procedure"]
            p.time_limit_rule = services.time_limit_rule(p.kind, p.stage, procedure=p.procedure)
        if closing is not None:
            p.closed_on, p.result, p.disposition = closing["closed_on"], closing["result"], closing["disposition"]
            p.decision_number = closing["decision_number"].strip() or p.number
        else:
            p.closed_on, p.result, p.disposition, p.decision_number = None, "", "", ""
        p.save()
        if not created:
            services.sync_party_dates(p)
        self._write_stays(p, stays)
        # A first closing, or a newer version closing with another result (a corrected judgment):
        # either way a document and a decision event, so followers and the panel see it.
        decided = closing is not None and (not was_closed or p.result != old_result)
        if decided:
            kind = {outcomes.JUDGMENT: DocumentKind.JUDGMENT, outcomes.MEDIATION: DocumentKind.MEDIATION}.get(p.disposition, DocumentKind.RULING)
            Document.objects.create(
                proceeding=p,
                kind=kind,
                title=f"{p.number} {outcomes.DISPOSITIONS[p.disposition]}",
                number=p.decision_number,
                issued_on=p.closed_on,
                created_by=self.actor,
            )
        self._written(p, "filed" if created else "updated", before)
        if created:
            signals.send(p, signals.NEW_PROCEEDING, actor=None)
        if (p.status == Status.STAYED) != was_stayed:
            signals.send(p, signals.STAY, actor=None, stayed=p.status == Status.STAYED)
        if decided:
            signals.send(p, signals.DECISION, actor=None, result=p.result, disposition=p.disposition)
            if p.kind == Kind.ADMINISTRATIVE:
                self.closed_reviews.append(p.pk)
        if p.linked_at is None:
            self.to_link.append(p.pk)
        return Result(index, CREATED if created else UPDATED, p.pk, p.number)

    def _relink_if_changed(self, p, d):
        """A newer version naming other rights or parties: the links the first version made are
        dropped (open suggestions by party too; accepted and rejected ones stay) and the case is
        linked again from what this version sends."""
        sent = self._refs(d)
        old = p.refs if isinstance(p.refs, dict) else {}
        if all(sent.get(key, []) == old.get(key, []) for key in ("rights", "parties")):
            return
        p.parties.all().delete()
        p.rights.all().delete()
        p.awaited_rights.all().delete()
        Link.objects.filter(Q(source=p) | Q(target=p), kind=LinkKind.SAME_PARTIES, status=LinkStatus.SUGGESTED).delete()
        refs = {key: value for key, value in old.items() if key not in ("rights", "parties", "unresolved")}
        refs.update({key: sent[key] for key in ("rights", "parties") if key in sent})
        p.refs, p.linked_at = refs, None

    def _check_stays(self, d, fields):
        stays = sorted(d["stays"], key=lambda s: s["started_on"])
        open_stays = [s for s in stays if s["ended_on"] is None]
        for i, s in enumerate(stays):
            self._date(s["started_on"], f"stays.{i}.started_on", fields, not_before=d["filed_on"])
            if s["ended_on"] is not None:
                self._date(s["ended_on"], f"stays.{i}.ended_on", fields, not_before=s["started_on"])
            if i and (stays[i - 1]["ended_on"] is None or stays[i - 1]["ended_on"] > s["started_on"]):
                fields[f"stays.{i}.started_on"] = [_("中止期间不能重叠。")]
        if len(open_stays) > 1:
            fields["stays"] = [_("同时只能有一个未结束的中止。")]
        if d["status"] == Status.STAYED and not open_stays:
            fields["status"] = [_("状态为中止时须有一个未结束的中止。")]
        elif d["status"] != Status.STAYED and open_stays:
            fields["status"] = [_("有未结束的中止时状态须为中止。")]
        return stays

    def _check_closing(self, d, parsed, fields, stays, *, reviewed):
        closing = d["closing"]
        if d["status"] != Status.CLOSED:
            if closing is not None:
                fields["closing"] = [_("只有已结案的案件才有结案信息。")]
            return None
        if closing is None:
            fields["closing"] = [_("已结案的案件须有结案信息（结果和日期）。")]
            return None
        allowed = outcomes.court_results(parsed.kind, parsed.stage, about_decision=reviewed, drug_linkage=d["cause"] == "drug_patent_scope")
        if closing["result"] not in allowed:
            message = _("“%(r)s”不是此类案件的结案结果。") % {"r": outcomes.label(closing["result"])}
            _refuse(ErrorCode.RESULT_NOT_ALLOWED, message, **{"closing.result": message})
        dispositions = outcomes.court_dispositions(closing["result"])
        closing = dict(closing)
        closing["disposition"] = closing["disposition"] or dispositions[0]
        if closing["disposition"] not in dispositions or (closing["disposition"] == outcomes.MEDIATION and parsed.kind != Kind.CIVIL):
            message = _("结案方式与结果不符。")
            _refuse(ErrorCode.RESULT_NOT_ALLOWED, message, **{"closing.disposition": message})
        last = max((s["ended_on"] or s["started_on"] for s in stays), default=d["filed_on"])
        self._date(closing["closed_on"], "closing.closed_on", fields, not_before=max(last, d["filed_on"]))
        return closing

    def _write_stays(self, p, stays):
        """The pushed list replaces the stored one (kept rows: the same start day)."""
        current = {s.started_on: s for s in Stay.objects.filter(proceeding=p)}
        wanted = {s["started_on"]: s for s in stays}
        Stay.objects.filter(proceeding=p).exclude(started_on__in=list(wanted)).delete()
        for day, s in sorted(wanted.items()):
            row = current.get(day)
            if row is None:
                Stay.objects.create(proceeding=p, started_on=day, ended_on=s["ended_on"], reason=s["reason"].strip()[:300], decided_by=self.actor)
            elif (row.ended_on, row.reason) != (s["ended_on"], s["reason"].strip()[:300]):
                row.ended_on, row.reason = s["ended_on"], s["reason"].strip()[:300]
                row.save(update_fields=["ended_on", "reason"])

    # -- CNIPA proceedings ------------------------------------------------------------------------------
    def _office_agency(self):
        if self.agency.kind != "ip_office":
            raise PermissionDenied(_("只有知识产权局的业务系统可以推送国家知识产权局的程序和决定。"))

    def _office(self, index, d):
        self._office_agency()
        number = linking.office_number_key(d["number"]) or ""
        if not number:
            _refuse(ErrorCode.INVALID, number=_("请填写案件编号。"))
        right_ref = d["rights"][0]
        want = "trademark" if d["kind"].startswith("tm_") else "patent"
        if right_ref["kind"] != want:
            message = _("%(kind)s须针对%(what)s。") % {"kind": Kind(d["kind"]).label, "what": _("商标") if want == "trademark" else _("专利")}
            _refuse(ErrorCode.INVALID, message, **{"rights.0.kind": message})
        p = self._existing(Track.OFFICE, number, d["source_id"])
        if p is not None:
            if p.number != number or p.kind != d["kind"]:
                _refuse(ErrorCode.INVALID, _("同一来源编号的案件编号和程序种类不能改变。"), number=_("与已推送的不同。"))
            status = self._version(p, d["source_version"])
            if status is not None:
                return Result(index, status, p.pk, p.number)
        fields = {}
        self._date(d["filed_on"], "filed_on", fields)
        if d["decision"] is not None:
            self._date(d["decision"]["decided_on"], "decision.decided_on", fields, not_before=d["filed_on"])
        if fields:
            raise ServiceError(ErrorCode.INVALID, fields=fields)
        created = p is None
        before = None if created else services.snapshot(p)
        if created:
            self._check_claims(d)
            p = Proceeding(
                track=Track.OFFICE,
                kind=d["kind"],
                stage=Stage.OFFICE,
                number=number,
                agency=self.agency,
                category="admin_cnipa_trademark" if want == "trademark" else "admin_cnipa_patent",
                refs=self._refs(d),
                linked_at=None,
                source=self.source,
                created_by=self.actor,
            )
        else:
            if not p.source_id:
                p.source = self.source
            self._relink_if_changed(p, d)
        p.grounds = [g.strip() for g in d["grounds"] if g.strip()]
        p.evidence = [e.strip() for e in d["evidence"] if e.strip()]
        p.filed_on = d["filed_on"]
        p.source_id, p.source_version = d["source_id"], d["source_version"]
        p.save()
        if not created:
            services.sync_party_dates(p)
        self._written(p, "filed" if created else "updated", before)
        if created:
            linking.link_pending(ids=[p.pk])
            p.refresh_from_db()
            right = p.rights.select_related("right").first()
            if right is not None and p.kind in (Kind.PATENT_INVALIDATION, Kind.TM_INVALIDATION):
                register.record_event(self.actor, right.right, legal.INVALIDATION_REQUESTED, p.filed_on, {"proceeding": p.number}, authorized_by_module=True)
            signals.send(p, signals.NEW_PROCEEDING, actor=None)
        elif p.linked_at is None:
            linking.link_pending(ids=[p.pk])
            p.refresh_from_db()
        if d["decision"] is not None:
            self._decide(p, d["decision"])
        return Result(index, CREATED if created else UPDATED, p.pk, p.number)

    def _decide(self, p, decision):
        """Apply a pushed decision through services.decide; the same decision again is nothing."""
        if p.status == Status.CLOSED:
            same = (p.result, p.decision_number, list(p.surviving_claims or [])) == (
                decision["result"],
                decision["decision_number"].strip(),
                sorted(set(decision["surviving_claims"])),
            )
            if same and p.closed_on == decision["decided_on"]:
                return False
            _refuse(ErrorCode.PROCEEDING_CLOSED, _("%(n)s 已作出决定，不能以推送更改。") % {"n": p.number}, decision=_("已作出决定。"))
        services.decide(
            actor=self.actor,
            proceeding=p,
            result=decision["result"],
            decided_on=decision["decided_on"],
            decision_number=decision["decision_number"],
            surviving_claims=decision["surviving_claims"],
        )
        return True

    def _decision(self, index, d):
        self._office_agency()
        number = linking.office_number_key(d["number"]) or ""
        p = Proceeding.objects.select_for_update().filter(track=Track.OFFICE, number=number).first()
        if p is None:
            _refuse(ErrorCode.NOT_FOUND, _("平台中没有案件编号为 %(n)s 的程序。") % {"n": number}, number=_("程序不存在。"))
        if p.agency_id != self.agency.pk:
            raise PermissionDenied(_("只能推送本局程序的决定。"))
        if p.source_version > d["source_version"]:
            _refuse(
                ErrorCode.SOURCE_VERSION_STALE,
                _("来源版本 %(v)s 早于平台已有的版本 %(have)s，未写入。") % {"v": d["source_version"], "have": p.source_version},
                source_version=_("版本过旧。"),
            )
        if p.linked_at is None:
            linking.link_pending(ids=[p.pk])
            p.refresh_from_db()
        if not self._decide(p, d):
            return Result(index, UNCHANGED, p.pk, p.number)
        Proceeding.objects.filter(pk=p.pk).update(source_version=d["source_version"])
        return Result(index, UPDATED, p.pk, p.number)

    # -- after the records ------------------------------------------------------------------------------
    def finish(self):
        counts = linking.link_pending(ids=self.to_link) if self.to_link else {}
        for p in Proceeding.objects.filter(pk__in=self.closed_reviews, reviewed__isnull=False).select_related("reviewed", "reviewed__judge", "agency"):
            services.tell_office_of_court_decision(p)
        return counts


# --- pull ---------------------------------------------------------------------------------------------
def changes(*, user, after=0, limit=100, now=None):
    """The proceedings changed after the cursor `after` that `user` can see: ``(rows, next_after)``
    where rows are ``(change, proceeding, whats)`` in change order, one per proceeding."""
    now = now or timezone.now()
    visible = selectors.proceedings_for(user).values("pk")
    rows = list(
        Change.objects.filter(pk__gt=after, at__lte=now - SETTLE, proceeding_id__in=visible).order_by("pk").values_list("pk", "proceeding_id", "what")[:limit]
    )
    if not rows:
        return [], after
    last, whats = {}, {}
    for pk, proceeding_id, what in rows:
        last[proceeding_id] = pk
        whats.setdefault(proceeding_id, []).append(what)
    proceedings = Proceeding.objects.select_related("agency", "judge").in_bulk(list(last))
    ordered = sorted(last.items(), key=lambda item: item[1])
    return [(cursor, proceedings[pid], whats[pid]) for pid, cursor in ordered if pid in proceedings], rows[-1][0]
