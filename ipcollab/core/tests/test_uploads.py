"""Uploads checked by content, size and hash (core.uploads)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ipcollab.core.uploads import UploadRejected, inspect_upload

TYPES = ((b"%PDF-", "application/pdf", ()), (b"PK\x03\x04", "application/zip", (".docx",)))


def check(name, content, max_bytes=100):
    return inspect_upload(SimpleUploadedFile(name, content), types=TYPES, max_bytes=max_bytes, default_name="file", accepted="PDF或DOCX")


def test_the_type_comes_from_the_content_and_the_hash_from_every_byte():
    body = b"%PDF-1.4 report"
    assert check("报告.docx", body) == ("报告.docx", len(body), "application/pdf", hashlib.sha256(body).hexdigest())
    assert check("纪要.docx", b"PK\x03\x04rest")[2] == "application/zip"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("空.pdf", b"", "文件为空"),
        ("大.pdf", b"%PDF-" + b"x" * 200, "文件超过"),
        ("伪装.pdf", b"MZ\x90\x00 an executable", "只接受PDF或DOCX文件"),
        ("压缩包.zip", b"PK\x03\x04rest", "只接受PDF或DOCX文件"),  # a zip taken only under the names given
    ],
)
def test_empty_large_and_other_files_are_refused_naming_the_file(name, content, fragment):
    with pytest.raises(UploadRejected) as exc:
        check(name, content)
    assert name in exc.value.message and fragment in exc.value.message
