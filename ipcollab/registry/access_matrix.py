"""Access-matrix entries of the register's parties, representatives and powers of attorney.
Format: docs/testing.md. Every agency account may read (external parties 403); writers are
platform admins and staff of courts and IP offices with a case role (rules.py) — in the matrix
every staff persona is one; the system persona reads through the API and may not write (403).
Court A's private party is out of reach (404) for the other agencies."""

import datetime

PAGE = {"anonymous": 302, "system": 302, "external": 403, "*": 200}
API = {"anonymous": 401, "external": 403, "*": 200}
API_WRITE = {"anonymous": 401, "external": 403, "system": 403}
PRIVATE_PAGE = {"anonymous": 302, "system": 302, "external": 403, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 404}
PRIVATE_API = {"anonymous": 401, "external": 403, "platform_admin": 200, "admin_a": 200, "judge_a": 200, "*": 404}


def _party(world, visibility="network", name="矩阵测试科技有限公司", kind="organization", **extra):
    from ipcollab.registry.models import Party
    from ipcollab.registry.names import normalize_name

    return Party.objects.create(kind=kind, name=name, normalized_name=normalize_name(name), agency=world.court_a, visibility=visibility, **extra)


def _rep(world, name="矩阵律师"):
    from ipcollab.registry.models import Representative

    return Representative.objects.create(kind="lawyer", name=name, normalized_name=name, agency=world.court_a)


def shared_party(world):
    return {"pk": _party(world).pk}


def private_party(world):
    return {"pk": _party(world, visibility="private", name="甲院内部当事人").pk}


def person_party(world):
    return {"pk": _party(world, kind="person", name="张三", id_number="110105194912310021", address="北京市朝阳区某路1号").pk}


def shared_pair(world):
    _party(world, name="矩阵测试科技有限责任公司")
    return {"pk": _party(world).pk}


def party_with_rep(world):
    _rep(world)
    return {"pk": _party(world).pk}


def party_and_rep(world):
    party_with_rep(world)
    return {}


def representative(world):
    return {"pk": _rep(world).pk}


def power(world):
    from ipcollab.registry.models import PowerOfAttorney

    poa = PowerOfAttorney.objects.create(principal=_party(world), representative=_rep(world), matter="侵权诉讼", valid_from=datetime.date(2026, 1, 1))
    return {"pk": poa.pk}


def _duplicate_id(world, kwargs):
    from ipcollab.registry.models import Party

    return {"duplicate": str(Party.objects.exclude(pk=kwargs["pk"]).get(name="矩阵测试科技有限责任公司").pk), "reason": "重复"}


def _merge_json(world, kwargs):
    return {"duplicate": int(_duplicate_id(world, kwargs)["duplicate"])}


def _rep_id(world, kwargs):
    from ipcollab.registry.models import Representative

    return Representative.objects.get(name="矩阵律师").pk


def _grant_form(world, kwargs):
    return {"representative": str(_rep_id(world, kwargs)), "matter": "侵权诉讼", "scope": "special", "special_powers": ["settle"], "valid_from": "2026-01-01"}


def _grant_json(world, kwargs):
    from ipcollab.registry.models import Party

    return {
        "principal": Party.objects.get(name="矩阵测试科技有限公司").pk,
        "representative": _rep_id(world, kwargs),
        "matter": "侵权诉讼",
        "scope": "special",
        "special_powers": ["settle", "appeal"],
        "valid_from": "2026-01-01",
    }


def _w(ok):
    return {"anonymous": 302, "system": 302, "external": 403, "*": ok}


# --- rights (issue 4, points 2-4) ---
RECORDER = {"anonymous": 302, "system": 302, "external": 403, "platform_admin": 200, "examiner": 200, "*": 403}
PRIVATE_RIGHT_PAGE = {"anonymous": 302, "system": 302, "external": 403, "platform_admin": 200, "examiner": 200, "*": 404}
PRIVATE_RIGHT_API = {"anonymous": 401, "external": 403, "platform_admin": 200, "examiner": 200, "system": 200, "*": 404}


def _right(world, visibility="public"):
    from ipcollab.registry import services

    return services.right_create(
        actor=world.examiner, kind="patent", number="201810557067.3", title="一种矩阵测试方法", filing_date=datetime.date(2018, 6, 1), visibility=visibility
    )


def public_right(world):
    return {"pk": _right(world).pk}


def private_right(world):
    return {"pk": _right(world, "private").pk}


def held_item(world):
    from ipcollab.registry import services

    item = services.record_event(world.system, _right(world), "granted", datetime.date(2017, 1, 1), source="cnipa")
    return {"pk": item.pk}


def _only(ok, base=RECORDER):
    return {**base, "platform_admin": ok, "examiner": ok}


ENTRIES = [
    # --- pages: parties ---
    {"url": "registry:party_list", "expect": PAGE},
    {
        "url": "registry:party_list",
        "label": "search",
        "setup": lambda w: (_party(w), {})[1],
        "query": {"q": "矩陣測試", "kind": "organization"},
        "expect": PAGE,
    },
    {"url": "registry:party_list", "label": "bad filter", "query": {"kind": "robot", "page": "x"}, "expect": PAGE},
    {"url": "registry:party_list", "method": "POST", "expect": {"anonymous": 302, "system": 302, "*": 405}},
    {"url": "registry:party_detail", "setup": shared_party, "expect": PAGE},
    {"url": "registry:party_detail", "label": "a person (masked)", "setup": person_party, "expect": PAGE},
    {"url": "registry:party_detail", "label": "court A's private party", "setup": private_party, "expect": PRIVATE_PAGE},
    {"url": "registry:party_detail", "label": "no such party", "kwargs": {"pk": 999999}, "expect": {**PAGE, "*": 404}},
    {"url": "registry:party_create", "expect": _w(200)},
    {"url": "registry:party_create", "method": "POST", "label": "empty form", "expect": _w(400)},
    {
        "url": "registry:party_create",
        "method": "POST",
        "label": "bad credit code",
        "data": {"kind": "organization", "name": "某公司", "credit_code": "9144030071526726XA", "nationality": "CN"},
        "expect": _w(400),
    },
    {
        "url": "registry:party_create",
        "method": "POST",
        "label": "valid",
        "data": {"kind": "organization", "name": "深圳市腾讯计算机系统有限公司", "credit_code": "9144030071526726XG", "nationality": "CN"},
        "expect": _w(302),
    },
    {"url": "registry:party_edit", "setup": shared_party, "expect": _w(200)},
    {"url": "registry:party_edit", "label": "private", "setup": private_party, "expect": PRIVATE_PAGE},
    {"url": "registry:party_edit", "method": "POST", "setup": shared_party, "data": {"nationality": "CN", "region_code": "440305"}, "expect": _w(302)},
    {
        "url": "registry:party_edit",
        "method": "POST",
        "label": "bad region",
        "setup": shared_party,
        "data": {"nationality": "CN", "region_code": "99"},
        "expect": _w(400),
    },
    {"url": "registry:party_rename", "setup": shared_party, "expect": _w(200)},
    {"url": "registry:party_rename", "method": "POST", "setup": shared_party, "data": {"name": "矩阵新名称有限公司", "reason": "变更登记"}, "expect": _w(302)},
    {
        "url": "registry:party_rename",
        "method": "POST",
        "label": "same name",
        "setup": shared_party,
        "data": {"name": "矩阵测试科技有限公司"},
        "expect": _w(400),
    },
    {"url": "registry:party_merge", "setup": shared_pair, "expect": _w(200)},
    {"url": "registry:party_merge", "method": "POST", "setup": shared_pair, "data": _duplicate_id, "expect": _w(302)},
    {
        "url": "registry:party_merge",
        "method": "POST",
        "label": "into itself",
        "setup": shared_party,
        "data": lambda w, k: {"duplicate": str(k["pk"])},
        "expect": _w(400),
    },
    {"url": "registry:party_reveal", "method": "POST", "setup": person_party, "data": {"reason": "核对身份"}, "expect": _w(200)},
    {"url": "registry:party_reveal", "method": "POST", "label": "no reason", "setup": person_party, "expect": _w(400)},
    {"url": "registry:party_reveal", "label": "GET", "setup": person_party, "expect": {"anonymous": 302, "system": 302, "*": 405}},
    {"url": "registry:power_grant", "setup": party_with_rep, "expect": _w(200)},
    {"url": "registry:power_grant", "method": "POST", "setup": party_with_rep, "data": _grant_form, "expect": _w(302)},
    {"url": "registry:power_grant", "method": "POST", "label": "empty form", "setup": party_with_rep, "expect": _w(400)},
    {"url": "registry:power_revoke", "method": "POST", "setup": power, "data": {"reason": "解除委托"}, "expect": _w(302)},
    {"url": "registry:power_revoke", "label": "GET", "setup": power, "expect": {"anonymous": 302, "system": 302, "*": 405}},
    # --- pages: representatives ---
    {"url": "registry:representative_list", "expect": PAGE},
    {"url": "registry:representative_list", "label": "search", "query": {"q": "律师", "kind": "lawyer"}, "expect": PAGE},
    {"url": "registry:representative_detail", "setup": representative, "expect": PAGE},
    {"url": "registry:representative_detail", "label": "no such", "kwargs": {"pk": 999999}, "expect": {**PAGE, "*": 404}},
    {"url": "registry:representative_edit", "setup": representative, "expect": _w(200)},
    {
        "url": "registry:representative_edit",
        "method": "POST",
        "setup": representative,
        "data": {"name": "矩阵律师", "licence_number": "123"},
        "expect": _w(302),
    },
    {"url": "registry:representative_edit", "method": "POST", "label": "empty form", "setup": representative, "expect": _w(400)},
    {"url": "registry:representative_create", "expect": _w(200)},
    {
        "url": "registry:representative_create",
        "method": "POST",
        "data": {"kind": "lawyer", "name": "李律师", "licence_number": "11101201810012345"},
        "expect": _w(302),
    },
    {"url": "registry:representative_create", "method": "POST", "label": "empty form", "expect": _w(400)},
    # --- API: parties ---
    {"url": "api:party-list", "expect": API},
    {"url": "api:party-list", "label": "search", "query": {"q": "矩阵", "kind": "person"}, "expect": API},
    {"url": "api:party-list", "label": "bad filter", "query": {"kind": "robot"}, "expect": {**API, "*": 400}},
    {
        "url": "api:party-list",
        "method": "POST",
        "data": {"kind": "organization", "name": "华为技术有限公司", "credit_code": "914403001922038216"},
        "expect": {**API_WRITE, "*": 201},
    },
    {"url": "api:party-list", "method": "POST", "label": "invalid", "data": {"kind": "x"}, "expect": {**API_WRITE, "*": 400}},
    {"url": "api:party-detail", "setup": shared_party, "expect": API},
    {"url": "api:party-detail", "label": "private", "setup": private_party, "expect": PRIVATE_API},
    {"url": "api:party-detail", "method": "PATCH", "setup": shared_party, "data": {"region_code": "440305"}, "expect": {**API_WRITE, "*": 200}},
    {"url": "api:party-detail", "method": "PATCH", "label": "private", "setup": private_party, "data": {"address": "x"}, "expect": PRIVATE_API},
    {"url": "api:party-rename", "method": "POST", "setup": shared_party, "data": {"name": "矩阵新名称有限公司"}, "expect": {**API_WRITE, "*": 200}},
    {"url": "api:party-merge", "method": "POST", "setup": shared_pair, "data": _merge_json, "expect": {**API_WRITE, "*": 200}},
    {
        "url": "api:party-merge",
        "method": "POST",
        "label": "into itself",
        "setup": shared_party,
        "data": lambda w, k: {"duplicate": k["pk"]},
        "expect": {**API_WRITE, "*": 400},
    },
    # --- API: representatives ---
    {"url": "api:representative-list", "expect": API},
    {"url": "api:representative-list", "method": "POST", "data": {"kind": "patent_agent", "name": "赵代理师"}, "expect": {**API_WRITE, "*": 201}},
    {"url": "api:representative-detail", "setup": representative, "expect": API},
    {"url": "api:representative-detail", "method": "PATCH", "setup": representative, "data": {"licence_number": "123"}, "expect": {**API_WRITE, "*": 200}},
    # --- API: powers of attorney ---
    {"url": "api:power-of-attorney-list", "expect": API},
    {"url": "api:power-of-attorney-list", "method": "POST", "setup": party_and_rep, "data": _grant_json, "expect": {**API_WRITE, "*": 201}},
    {"url": "api:power-of-attorney-detail", "setup": power, "expect": API},
    {"url": "api:power-of-attorney-revoke", "method": "POST", "setup": power, "data": {"reason": "解除"}, "expect": {**API_WRITE, "*": 200}},
    # --- pages: rights ---
    {"url": "registry:right_search", "expect": PAGE},
    {"url": "registry:right_search", "label": "text", "setup": lambda w: (_right(w), {})[1], "query": {"q": "矩陣測試", "kind": "patent"}, "expect": PAGE},
    {
        "url": "registry:right_search",
        "label": "number lands on the dossier",
        "setup": lambda w: (_right(w), {})[1],
        "query": {"q": "ZL 2018 1 0557067.3"},
        "expect": {**PAGE, "*": 302},
    },
    {"url": "registry:right_search", "label": "bad filter", "query": {"kind": "robot"}, "expect": PAGE},
    {"url": "registry:right_detail", "setup": public_right, "expect": PAGE},
    {"url": "registry:right_detail", "label": "private to the office", "setup": private_right, "expect": PRIVATE_RIGHT_PAGE},
    {"url": "registry:right_detail", "label": "no such right", "kwargs": {"pk": 999999}, "expect": {**PAGE, "*": 404}},
    {"url": "registry:right_record_event", "setup": public_right, "expect": RECORDER},
    {"url": "registry:right_record_event", "method": "POST", "setup": public_right, "data": {"type": "granted", "date": "2020-01-01"}, "expect": _only(302)},
    {
        "url": "registry:right_record_event",
        "method": "POST",
        "label": "refused",
        "setup": public_right,
        "data": {"type": "pledge_recorded", "date": "2020-01-01"},
        "expect": _only(400),
    },
    {"url": "registry:reconciliation_list", "expect": RECORDER},
    {"url": "registry:reconciliation_list", "label": "with an item", "setup": lambda w: (held_item(w), {})[1], "expect": RECORDER},
    {"url": "registry:reconciliation_resolve", "method": "POST", "setup": held_item, "data": {"action": "reject", "note": "日期有误"}, "expect": _only(302)},
    {
        "url": "registry:reconciliation_resolve",
        "method": "POST",
        "label": "apply refused",
        "setup": held_item,
        "data": {"action": "apply"},
        "expect": _only(400),
    },
    {"url": "registry:reconciliation_resolve", "label": "GET", "setup": held_item, "expect": {"anonymous": 302, "system": 302, "*": 405}},
    # --- API: rights ---
    {"url": "api:right-list", "expect": API},
    {"url": "api:right-list", "label": "by number", "setup": lambda w: (_right(w), {})[1], "query": {"q": "ZL 2018 1 0557067.3"}, "expect": API},
    {"url": "api:right-list", "label": "bad filter", "query": {"kind": "robot"}, "expect": {**API, "*": 400}},
    {"url": "api:right-detail", "setup": public_right, "expect": API},
    {"url": "api:right-detail", "label": "private to the office", "setup": private_right, "expect": PRIVATE_RIGHT_API},
    {
        "url": "api:right-events",
        "method": "POST",
        "setup": public_right,
        "data": {"type": "granted", "date": "2020-01-01"},
        "expect": {"anonymous": 401, "external": 403, "platform_admin": 201, "examiner": 201, "*": 403},
    },
    {
        "url": "api:right-events",
        "method": "POST",
        "label": "from a source of record, refused and held",
        "setup": public_right,
        "data": {"type": "granted", "date": "2017-01-01", "source": "cnipa"},
        "expect": {"anonymous": 401, "external": 403, "platform_admin": 201, "examiner": 201, "system": 201, "*": 403},
    },
]


# --- registering and editing rights by hand (issue 4: rights by hand) ---
# Writers (registry.write) are every staff persona of the matrix; the system persona may read the
# API but not write (403). A private right of the IP office is out of reach (404) elsewhere.
PRIVATE_RIGHT_API_WRITE = {**PRIVATE_RIGHT_API, "system": 403}
NEW_PATENT_FORM = {"kind": "patent", "number": "ZL 2019 1 0000001.9", "title": "一种矩阵登记方法", "filing_date": "2019-05-01", "visibility": "public"}


def right_with_mark(world):
    import io

    from django.core.files.storage import default_storage
    from PIL import Image

    from ipcollab.registry import services
    from ipcollab.registry.models import Right

    mark = services.right_create(actor=world.examiner, kind="trademark", number="12345678", title="矩阵", filing_date=datetime.date(2019, 3, 1))
    name = "marks/access-matrix.png"
    if not default_storage.exists(name):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
        default_storage.save(name, buffer)
    Right.objects.filter(pk=mark.pk).update(mark_image=name)
    return {"pk": mark.pk}


ENTRIES += [
    {"url": "registry:right_create", "expect": _w(200)},
    {"url": "registry:right_create", "method": "POST", "data": NEW_PATENT_FORM, "expect": _w(302)},
    {"url": "registry:right_create", "method": "POST", "label": "empty form", "expect": _w(400)},
    {
        "url": "registry:right_create",
        "method": "POST",
        "label": "duplicate number",
        "setup": lambda w: (_right(w), {})[1],
        "data": {**NEW_PATENT_FORM, "number": "ZL 2018 1 0557067.3", "filing_date": "2018-06-01"},
        "expect": _w(400),
    },
    {"url": "registry:right_edit", "setup": public_right, "expect": _w(200)},
    {"url": "registry:right_edit", "label": "private to the office", "setup": private_right, "expect": PRIVATE_RIGHT_PAGE},
    {"url": "registry:right_edit", "method": "POST", "setup": public_right, "data": {"title": "一种新名称", "ipc_codes": "G06F 16/245"}, "expect": _w(302)},
    {"url": "registry:right_edit", "method": "POST", "label": "bad IPC", "setup": public_right, "data": {"title": "x", "ipc_codes": "ZZ9"}, "expect": _w(400)},
    {"url": "registry:right_mark_image", "setup": right_with_mark, "expect": PAGE},
    {"url": "registry:right_mark_image", "label": "no image", "setup": public_right, "expect": {**PAGE, "*": 404}},
    {
        "url": "registry:right_mark_image",
        "label": "private to the office",
        "setup": private_right,
        "expect": {**PRIVATE_RIGHT_PAGE, "examiner": 404, "platform_admin": 404},
    },
    {
        "url": "api:right-list",
        "method": "POST",
        "data": {
            "kind": "trademark",
            "number": "87654321",
            "title": "矩阵",
            "filing_date": "2020-01-02",
            "nice_classes": [{"class": 9, "groups": ["0901"]}],
        },
        "expect": {**API_WRITE, "*": 201},
    },
    {"url": "api:right-list", "method": "POST", "label": "invalid", "data": {"kind": "patent", "number": "201810557067.4"}, "expect": {**API_WRITE, "*": 400}},
    {"url": "api:right-detail", "method": "PATCH", "setup": public_right, "data": {"ipc_codes": ["G06F 16/245"]}, "expect": {**API_WRITE, "*": 200}},
    {
        "url": "api:right-detail",
        "method": "PATCH",
        "label": "private to the office",
        "setup": private_right,
        "data": {"title": "x"},
        "expect": PRIVATE_RIGHT_API_WRITE,
    },
]


# --- bulk import (issue 4 point 5): sources of record of IP offices and platform admins ---
IMPORTER_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "examiner": 200, "*": 403}
IMPORT_JOB_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "examiner": 200, "*": 404}
IMPORTER_API = {"anonymous": 401, "platform_admin": 200, "examiner": 200, "system": 200, "*": 403}


def _job(world, agency):
    from ipcollab.registry.models import ImportJob, ImportRowError

    job = ImportJob.objects.create(
        kind="patent", format="jsonl", file_name="p.jsonl", file_size=10, file_sha256="0" * 64, agency=agency, status="done", rows=2, failed=1
    )
    ImportRowError.objects.create(job=job, line=2, number="201810557067.4", field="number", code="bad_check_character", message="校验位不正确")
    return {"pk": job.pk}


def office_job(world):
    return _job(world, world.office)


def other_agency_job(world):
    return _job(world, world.court_a)


ENTRIES += [
    {"url": "registry:import_list", "expect": IMPORTER_PAGE},
    {
        "url": "registry:import_list",
        "method": "POST",
        "label": "no file",
        "data": {"kind": "patent"},
        "expect": {**IMPORTER_PAGE, "platform_admin": 400, "examiner": 400},
    },
    {"url": "registry:import_detail", "setup": office_job, "expect": IMPORT_JOB_PAGE},
    {"url": "registry:import_detail", "label": "another agency's job", "setup": other_agency_job, "expect": {**IMPORT_JOB_PAGE, "examiner": 404}},
    {"url": "registry:import_errors_csv", "setup": office_job, "expect": IMPORT_JOB_PAGE},
    {"url": "api:import-job-list", "expect": IMPORTER_API},
    {
        "url": "api:import-job-list",
        "method": "POST",
        "label": "no file",
        "data": {"kind": "patent"},
        "format": "form",
        "expect": {**IMPORTER_API, "platform_admin": 400, "examiner": 400, "system": 400},
    },
    {"url": "api:import-job-detail", "setup": office_job, "expect": IMPORTER_API},
    {"url": "api:import-job-detail", "label": "another agency's job", "setup": other_agency_job, "expect": {**IMPORTER_API, "examiner": 404, "system": 404}},
    {"url": "api:import-job-errors", "setup": office_job, "expect": IMPORTER_API},
]


# --- export of a filtered list (issue 4 point 5): every agency account (registry.export) ---


def _rights_on_file(world):
    """A public and a private right of the office on file (the export takes no kwargs)."""
    _right(world)
    from ipcollab.registry import services

    services.right_create(
        actor=world.examiner, kind="patent", number="201920000123.3", title="一种内部测试装置", filing_date=datetime.date(2019, 3, 1), visibility="private"
    )
    return {}


EXPORT_BAD_PAGE = {**PAGE, "*": 400}
EXPORT_BAD_API = {**API, "*": 400}
ENTRIES += [
    {"url": "registry:right_export", "label": "the form", "query": {"q": "矩阵", "kind": "patent"}, "expect": PAGE},
    {"url": "registry:right_export", "label": "csv", "setup": _rights_on_file, "query": {"kind": "patent", "format": "csv"}, "expect": PAGE},
    {"url": "registry:right_export", "label": "xlsx", "setup": _rights_on_file, "query": {"kind": "patent", "format": "xlsx"}, "expect": PAGE},
    {"url": "registry:right_export", "label": "jsonl", "query": {"kind": "trademark", "format": "jsonl", "status": "registered"}, "expect": PAGE},
    {"url": "registry:right_export", "label": "no kind", "query": {"format": "csv"}, "expect": EXPORT_BAD_PAGE},
    {
        "url": "registry:right_export",
        "label": "bad format and dates",
        "query": {"kind": "patent", "format": "pdf", "filed_from": "2026-13-01"},
        "expect": EXPORT_BAD_PAGE,
    },
    {"url": "registry:right_export", "method": "POST", "label": "POST", "expect": {"anonymous": 302, "system": 302, "*": 405}},
    {"url": "api:right-export", "label": "csv", "setup": _rights_on_file, "query": {"kind": "patent", "format": "csv", "q": "矩阵"}, "expect": API},
    {"url": "api:right-export", "label": "xlsx", "setup": _rights_on_file, "query": {"kind": "patent", "format": "xlsx"}, "expect": API},
    {"url": "api:right-export", "label": "jsonl", "query": {"kind": "trademark", "format": "jsonl", "filed_from": "2020-01-01"}, "expect": API},
    {"url": "api:right-export", "label": "no kind", "query": {"format": "csv"}, "expect": EXPORT_BAD_API},
    {
        "url": "api:right-export",
        "label": "bad status and dates",
        "query": {"kind": "patent", "format": "csv", "status": "x", "filed_to": "x"},
        "expect": EXPORT_BAD_API,
    },
]
