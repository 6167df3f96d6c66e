"""Access-matrix entries of the mediation app (format: docs/testing.md). A mediation entrusted by
court A (judge_a's court) to the Beijing IP mediation committee is seen by court A's staff
(judge_a, admin_a), the committee's staff and platform admins; court B, the IP office's examiner
and external users who are not its parties get 404. The directory of organisations and mediators is
open to agency staff; registering and editing belong to platform admins and the agency's own admin.
The workflow's agreements and parties' pages have their own entries (access_matrix_agreements)."""

import datetime

from .access_matrix_agreements import ENTRIES as AGREEMENT_ENTRIES

STAFF_PAGE = {"anonymous": 302, "system": 302, "external": 403, "*": 200}
MEDIATION_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 404}
ADMIN_ONLY = {"anonymous": 302, "system": 302, "platform_admin": 200, "*": 403}
ADMIN_POST = {"anonymous": 302, "system": 302, "platform_admin": 302, "*": 403}


def _organisation(world):
    from ipcollab.mediation import services
    from ipcollab.orgs.models import Agency

    agency = Agency.objects.get(code="med-beijing")
    return services.register_organisation(actor=world.platform_admin, agency=agency, fields=["patent"])


def organisation(world):
    return {"pk": _organisation(world).pk}


def _mediator_user(world):
    from conftest import make_user
    from ipcollab.orgs.models import Agency

    return make_user("mx_mediator", Agency.objects.get(code="med-beijing"), ["mediator"], full_name="矩阵调解员")


def organisation_with_candidate(world):
    kwargs = organisation(world)
    _mediator_user(world)
    return kwargs


def mediator(world):
    from ipcollab.mediation import services

    org = _organisation(world)
    return {"pk": services.register_mediator(actor=world.platform_admin, organisation=org, user=_mediator_user(world)).pk}


def mediation_of_court_a(world):
    """A pre-suit mediation of court A at the Beijing committee (written directly: the test courts
    carry no real court code for a 民诉前调 number), with one mediator registered."""
    from ipcollab.mediation import services
    from ipcollab.mediation.models import Mediation, MediationParty
    from ipcollab.registry import services as register

    org = _organisation(world)
    services.register_mediator(actor=world.platform_admin, organisation=org, user=_mediator_user(world))
    m = Mediation.objects.create(
        number="TJ2026-med-beijing-09001",
        source="pre_suit",
        organisation=org,
        title="矩阵测试纠纷",
        court=world.court_a,
        court_number="（2026）京73民诉前调9001号",
        received_on=datetime.date(2026, 3, 2),
        created_by=world.judge_a,
    )
    for name, side in (("矩阵申请科技有限公司", "applicant"), ("矩阵被申请科技有限公司", "respondent")):
        party = register.party_create(actor=world.examiner, kind="organization", name=name)
        MediationParty.objects.create(mediation=m, party=party, side=side)
    return {"pk": m.pk}


def assigned_mediation(world):
    from ipcollab.mediation.models import Mediation, Mediator

    kwargs = mediation_of_court_a(world)
    Mediation.objects.filter(pk=kwargs["pk"]).update(status="assigned", mediator=Mediator.objects.get(user__username="mx_mediator"))
    return kwargs


def document_of_court_a(world):
    from django.core.files.base import ContentFile

    from ipcollab.mediation.models import Document

    kwargs = mediation_of_court_a(world)
    doc = Document(mediation_id=kwargs["pk"], title="申请书", sha256="0" * 64, size=9)
    doc.file.save("application.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    doc.save()
    return {**kwargs, "document": doc.pk}


def office_organisation(world):
    from ipcollab.mediation import services

    services.register_organisation(actor=world.platform_admin, agency=world.office, fields=["patent"])
    return {"source": "administrative"}


def _mediator_choice(world, kwargs):
    from ipcollab.mediation.models import Mediator

    return {"mediator": Mediator.objects.get(user__username="mx_mediator").pk}


def _mediator_candidate(world, kwargs):
    from django.contrib.auth import get_user_model

    return {"user": get_user_model().objects.get(username="mx_mediator").pk, "fields_": ["patent"], "languages": ["zh"], "max_caseload": 5, "available": "on"}


def _parties_json(world, kwargs):
    from ipcollab.mediation.models import Organisation
    from ipcollab.registry import services as register

    applicant = register.party_create(actor=world.examiner, kind="organization", name="接口申请科技有限公司")
    respondent = register.party_create(actor=world.examiner, kind="organization", name="接口被申请科技有限公司")
    return {
        "source": "pre_suit",
        "organisation": Organisation.objects.get(agency__code="med-beijing").pk,
        "title": "接口委派的纠纷",
        "parties": [{"party": applicant.pk, "side": "applicant"}, {"party": respondent.pk, "side": "respondent"}],
        "received_on": "2026-03-02",
        "court_number": "（2026）京73民诉前调9101号",
    }


API_LIST = {"anonymous": 401, "*": 200}
API_RECORD = {"anonymous": 401, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 404}
API_MEDIATOR_ONLY = {"anonymous": 401, "platform_admin": 403, "admin_a": 403, "judge_a": 403, "*": 404}
API_ORGANISATION = {"anonymous": 401, "platform_admin": 200, "admin_a": 403, "judge_a": 403, "*": 404}

ORG_FORM = {"fields_": ["patent", "trademark"], "languages": ["zh"], "capacity": 20, "accepting": "on", "active": "on"}
MEDIATOR_FORM = {"fields_": ["patent"], "languages": ["zh", "en"], "max_caseload": 8, "available": "on", "active": "on"}

ENTRIES = [
    *AGREEMENT_ENTRIES,
    # --- the mediations ---
    {"url": "mediation:list", "expect": {"anonymous": 302, "system": 302, "*": 200}},
    {
        "url": "mediation:list",
        "label": "filters",
        "query": {"source": "pre_suit", "overdue": "1", "court": "99999999999999999999"},
        "expect": {"anonymous": 302, "system": 302, "*": 200},
    },
    {"url": "mediation:detail", "setup": mediation_of_court_a, "expect": MEDIATION_PAGE},
    {"url": "mediation:document", "setup": document_of_court_a, "expect": MEDIATION_PAGE},
    {
        "url": "mediation:new",
        "label": "pre-suit",
        "kwargs": {"source": "pre_suit"},
        "expect": {"anonymous": 302, "system": 302, "judge_a": 200, "judge_b": 200, "*": 403},
    },
    {
        "url": "mediation:new",
        "label": "pre-suit post",
        "method": "POST",
        "setup": lambda w: organisation(w) and {"source": "pre_suit"},
        "data": {"title": "x"},
        "note": "an incomplete form: 400 for a court officer",
        "expect": {"anonymous": 302, "system": 302, "judge_a": 400, "judge_b": 400, "*": 403},
    },
    {
        "url": "mediation:new",
        "label": "administrative",
        "setup": office_organisation,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "examiner": 200, "*": 403},
    },
    {"url": "mediation:new", "label": "unknown way", "kwargs": {"source": "arbitration"}, "expect": {"anonymous": 302, "system": 302, "*": 404}},
    {
        "url": "mediation:action",
        "label": "assign",
        "method": "POST",
        "setup": lambda w: {**mediation_of_court_a(w), "action": "assign"},
        "data": _mediator_choice,
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 403, "judge_a": 403, "*": 404},
    },
    {
        "url": "mediation:action",
        "label": "accept (only the assigned mediator)",
        "method": "POST",
        "setup": lambda w: {**assigned_mediation(w), "action": "accept"},
        "data": {"accepted_on": "2026-03-03"},
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 403, "admin_a": 403, "judge_a": 403, "*": 404},
    },
    {
        "url": "mediation:action",
        "label": "outcome before acceptance",
        "method": "POST",
        "setup": lambda w: {**mediation_of_court_a(w), "action": "outcome"},
        "data": {"outcome": "withdrawal", "ended_on": "2026-03-05", "note": "申请人撤回"},
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 403, "judge_a": 403, "*": 404},
    },
    {
        "url": "mediation:action",
        "label": "unknown action",
        "method": "POST",
        "setup": lambda w: {**mediation_of_court_a(w), "action": "settle"},
        "expect": {"anonymous": 302, "system": 302, "*": 404},
    },
    # --- API ---
    {"url": "api:mediation-list", "expect": API_LIST},
    {"url": "api:mediation-list", "label": "bad filter", "query": {"status": "lost"}, "expect": {"anonymous": 401, "*": 400}},
    {
        "url": "api:mediation-list",
        "method": "POST",
        "setup": lambda w: organisation(w) and {},
        "data": _parties_json,
        "note": "the number carries 京73, not the court of judge_a or judge_b (400); only court officers may entrust (403)",
        "expect": {"anonymous": 401, "judge_a": 400, "judge_b": 400, "*": 403},
    },
    {"url": "api:mediation-detail", "setup": mediation_of_court_a, "expect": API_RECORD},
    {"url": "api:mediation-assign", "method": "POST", "setup": mediation_of_court_a, "data": _mediator_choice, "expect": API_ORGANISATION},
    {"url": "api:mediation-accept", "method": "POST", "setup": assigned_mediation, "data": {}, "expect": API_MEDIATOR_ONLY},
    {"url": "api:mediation-decline", "method": "POST", "setup": assigned_mediation, "data": {"reason": "回避"}, "expect": API_MEDIATOR_ONLY},
    {
        "url": "api:mediation-extend",
        "method": "POST",
        "setup": mediation_of_court_a,
        "data": {"days": 5, "reason": "双方同意"},
        "note": "not yet accepted: no period to extend (409)",
        "expect": {**API_ORGANISATION, "platform_admin": 409},
    },
    {
        "url": "api:mediation-outcome",
        "method": "POST",
        "setup": mediation_of_court_a,
        "data": {"outcome": "withdrawal", "ended_on": "2026-03-05"},
        "expect": API_ORGANISATION,
    },
    {
        "url": "api:mediation-log",
        "method": "POST",
        "setup": assigned_mediation,
        "data": {"text": "电话联系被申请人", "kind": "call"},
        "expect": {**API_ORGANISATION, "platform_admin": 201},
    },
    {
        "url": "api:mediation-session",
        "method": "POST",
        "setup": assigned_mediation,
        "data": {"starts_at": "2026-03-10T09:00:00+08:00", "ends_at": "2026-03-10T11:00:00+08:00", "mode": "online", "place": "https://meet.example.cn/r/1"},
        "note": "sessions once accepted (409)",
        "expect": {**API_ORGANISATION, "platform_admin": 409},
    },
    {
        "url": "api:mediation-file-case",
        "method": "POST",
        "setup": mediation_of_court_a,
        "data": {"number": "（2026）京73民初9001号", "cause": "patent_infringement_invention", "filed_on": "2026-03-10"},
        "note": "the mediation is still open: nothing to file (409 for the court)",
        "expect": {"anonymous": 401, "platform_admin": 409, "admin_a": 403, "judge_a": 409, "*": 404},
    },
    {
        "url": "api:mediation-close-case",
        "method": "POST",
        "setup": mediation_of_court_a,
        "data": {"how": "statement", "closed_on": "2026-03-10"},
        "note": "a pre-suit mediation has no case to close (409 for the court)",
        "expect": {"anonymous": 401, "platform_admin": 409, "admin_a": 403, "judge_a": 409, "*": 404},
    },
    {"url": "api:mediation-changes", "expect": API_LIST},
    {"url": "api:mediation-changes", "label": "bad cursor", "query": {"after": "yesterday"}, "expect": {"anonymous": 401, "*": 400}},
    {"url": "api:mediation-figures", "query": {"start": "2026-01-01", "end": "2026-12-31"}, "expect": API_LIST},
    {"url": "api:mediation-organisation-list", "query": {"field": "patent"}, "expect": API_LIST},
    {"url": "api:mediator-list", "query": {"available": "true"}, "expect": API_LIST},
    # --- the directory (入驻) ---
    {"url": "mediation:organisations", "setup": lambda w: organisation(w) and {}, "expect": STAFF_PAGE},
    {"url": "mediation:mediators", "query": {"field": "patent", "available": "yes"}, "expect": STAFF_PAGE},
    {"url": "mediation:figures", "query": {"start": "2026-01-01", "end": "2026-12-31"}, "expect": STAFF_PAGE},
    {"url": "mediation:organisation_new", "expect": {"anonymous": 302, "system": 302, "platform_admin": 200, "admin_a": 200, "*": 403}},
    {
        "url": "mediation:organisation_new",
        "method": "POST",
        "data": lambda w, k: {"agency": w.court_a.pk, **ORG_FORM},
        "expect": {"anonymous": 302, "system": 302, "platform_admin": 302, "admin_a": 302, "*": 403},
    },
    {"url": "mediation:organisation_edit", "setup": organisation, "expect": ADMIN_ONLY},
    {"url": "mediation:organisation_edit", "method": "POST", "setup": organisation, "data": ORG_FORM, "expect": ADMIN_POST},
    {"url": "mediation:mediator_new", "setup": organisation_with_candidate, "expect": ADMIN_ONLY},
    {"url": "mediation:mediator_new", "method": "POST", "setup": organisation_with_candidate, "data": _mediator_candidate, "expect": ADMIN_POST},
    {"url": "mediation:mediator_edit", "setup": mediator, "expect": ADMIN_ONLY},
    {"url": "mediation:mediator_edit", "method": "POST", "setup": mediator, "data": MEDIATOR_FORM, "expect": ADMIN_POST},
]
