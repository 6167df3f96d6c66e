"""Files sent with a freeze order: checked before anything is written (type by content, size,
count), stored with their SHA-256. PDF, OFD (the national format of official documents), JPEG and
PNG are accepted: what courts scan and sign."""

import hashlib
import os

from django.conf import settings
from django.utils.translation import gettext as _

from ipcollab.core.errors import ErrorCode, ServiceError

MAX_FILES = 10
TYPES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/ofd"),
)


def max_bytes():
    return getattr(settings, "FREEZE_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


def _kind(head, name):
    for magic, content_type in TYPES:
        if head.startswith(magic):
            # A zip is only taken as OFD when it says so by its name.
            if content_type == "application/ofd" and not name.lower().endswith(".ofd"):
                return None
            return content_type
    return None


def check(files, already=0):
    """Read each upload once: its type by content, its size and digest. Returns the facts to store
    or raises ServiceError(invalid) naming every bad file — before anything is written."""
    files = list(files or [])
    problems = []
    if already + len(files) > MAX_FILES:
        problems.append(_("每件冻结裁定最多%(n)s个附件。") % {"n": MAX_FILES})
    checked = []
    for upload in files:
        name = os.path.basename(getattr(upload, "name", "") or "")[:200] or "attachment"
        size = getattr(upload, "size", None) or 0
        if size == 0:
            problems.append(_("%(name)s：文件为空。") % {"name": name})
            continue
        if size > max_bytes():
            problems.append(_("%(name)s：文件超过%(mb)s MB。") % {"name": name, "mb": max_bytes() // (1024 * 1024)})
            continue
        upload.seek(0)
        head = upload.read(8)
        content_type = _kind(head, name)
        if content_type is None:
            problems.append(_("%(name)s：只接受PDF、OFD、JPEG或PNG文件。") % {"name": name})
            continue
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append({"upload": upload, "name": name, "content_type": content_type, "size": size, "sha256": digest.hexdigest()})
    if problems:
        raise ServiceError(ErrorCode.INVALID, fields={"attachments": problems})
    return checked
