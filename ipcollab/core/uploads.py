"""Uploads checked before anything is written: the type by the file's first bytes (never by its
name or the browser's word alone), the size, the SHA-256. Each app names the types it takes and
turns a refusal into its own error code."""

import hashlib
import os

from django.utils.translation import gettext as _


class UploadRejected(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def inspect_upload(upload, *, types, max_bytes, default_name, accepted):
    """(name, size, content type, SHA-256 hex) of `upload`. `types`: (magic bytes, content type,
    name suffixes that must match or ()) in order; `accepted`: the kinds taken, for the message
    (e.g. "PDF、OFD、DOCX、JPEG或PNG"). Raises UploadRejected with a message naming the file."""
    name = os.path.basename(getattr(upload, "name", "") or "")[:200] or default_name
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise UploadRejected(_("%(name)s：文件为空。") % {"name": name})
    if size > max_bytes:
        raise UploadRejected(_("%(name)s：文件超过%(mb)s MB。") % {"name": name, "mb": max_bytes // (1024 * 1024)})
    upload.seek(0)
    head = upload.read(8)
    kind = next((content_type for magic, content_type, suffixes in types if head.startswith(magic) and (not suffixes or name.lower().endswith(suffixes))), None)
    if kind is None:
        raise UploadRejected(_("%(name)s：只接受%(kinds)s文件。") % {"name": name, "kinds": accepted})
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    return name, size, kind, digest.hexdigest()
