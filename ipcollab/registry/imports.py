"""Submitting and running bulk import jobs (the service layer of ipcollab.registry.importer).

``import_submit`` stores the upload and queues the job (task ``registry.tasks.run_import``, at
commit); ``run_queued`` claims and runs it; ``import_file`` runs a file from disk at once (the
command ``import_rights``). See docs/registry.md "Bulk exchange".
"""

import hashlib
import os

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError

from . import exchange as ex
from .importer import run_job
from .models import ImportJob, ImportStatus, RightKind, Source

IMPORT_SOURCES = (Source.CNIPA, Source.IMPORT, Source.COURT)
IMPORT_SOURCE_VALUES = [str(s) for s in IMPORT_SOURCES]  # the API schema's enum (ENUM_NAME_OVERRIDES)


def _sha256(stream):
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _check(kind, fmt, file_name, size, source):
    fields = {}
    if kind not in RightKind.values:
        fields["kind"] = [_("类别须为专利或商标。")]
    fmt = fmt or ex.format_of(file_name or "")
    if fmt not in ex.FORMATS:
        raise ServiceError(
            ErrorCode.IMPORT_FORMAT_UNKNOWN, _("不支持的文件格式，请使用 JSONL、CSV 或 XLSX。"), fields={"file": [_("文件须为 .jsonl、.csv 或 .xlsx。")]}
        )
    if source not in IMPORT_SOURCES:
        fields["source"] = [_("未知的数据来源。")]
    if fields:
        raise ServiceError(ErrorCode.INVALID, fields=fields)
    if not size:
        raise ServiceError(ErrorCode.IMPORT_FILE_EMPTY, _("文件为空。"), fields={"file": [_("文件为空。")]})
    return fmt


def import_submit(*, actor, upload, kind, fmt=None, dry_run=False, all_or_nothing=False, source=Source.IMPORT):
    """Store ``upload`` (a Django UploadedFile) and queue its import. Returns the job."""
    if not actor.has_perm("registry.import"):
        raise PermissionDenied()
    if upload is None:
        raise ServiceError(ErrorCode.REQUIRED, fields={"file": [_("请选择要导入的文件。")]})
    fmt = _check(kind, fmt, upload.name, upload.size, source)
    if upload.size > settings.IMPORT_MAX_FILE_BYTES:
        raise ServiceError(
            ErrorCode.IMPORT_FILE_TOO_LARGE,
            _("文件超过上限（%(mb)s MB）。") % {"mb": settings.IMPORT_MAX_FILE_BYTES // (1 << 20)},
            fields={"file": [_("文件过大。")]},
        )
    sha = _sha256(upload)
    with transaction.atomic():
        job = ImportJob(
            kind=kind,
            format=fmt,
            file_name=os.path.basename(upload.name)[:200],
            file_size=upload.size,
            file_sha256=sha,
            source=source,
            dry_run=bool(dry_run),
            all_or_nothing=bool(all_or_nothing),
            agency_id=actor.agency_id,
            created_by=actor,
        )
        job.file.save(f"{sha[:16]}.{fmt}", upload, save=False)
        job.save()
        from .tasks import run_import

        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def run_queued(job_id):
    """Claim a queued job and run it; returns its status (or None when someone else has it)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING)
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def open_file():
        return default_storage.open(job.file.name, "rb")

    return run_job(job, open_file, job.created_by).status


def import_file(*, path, kind, actor=None, agency=None, fmt=None, dry_run=False, all_or_nothing=False, source=Source.IMPORT, progress=None):
    """Run the import of a file on disk now (the command line). Returns the finished job."""
    size = os.path.getsize(path)
    fmt = _check(kind, fmt, path, size, source)
    with open(path, "rb") as stream:
        sha = _sha256(stream)
    job = ImportJob.objects.create(
        kind=kind,
        format=fmt,
        file_name=os.path.basename(path)[:200],
        file_size=size,
        file_sha256=sha,
        source=source,
        dry_run=dry_run,
        all_or_nothing=all_or_nothing,
        agency=agency if agency is not None else getattr(actor, "agency", None),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    return run_job(job, lambda: open(path, "rb"), actor, progress=progress)
