"""do_attach: what is accepted, what is refused, stored once, audited."""

import hashlib
import stat

import pytest

from zhengban.attachments.actions import do_attach
from zhengban.attachments.models import Attachment, Blob
from zhengban.attachments.storage import FileSystemBlobStore, open_attachment
from zhengban.audit.chain import verify
from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, NotAllowed
from zhengban.core.models import PersonRole

from .helpers import stored_files, upload, zip_bytes

NOTICE = "关于做好春节期间值班工作的通知\n各科室：请按时报送值班表。\n".encode()
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def test_text_is_stored_by_content_and_audited_on_the_owner(cast, attachment_root):
    attachment = do_attach(cast.member, cast.unit, upload("值班通知.txt", NOTICE))

    blob = attachment.blob
    assert (blob.sha256, blob.size, blob.mime_type) == (sha(NOTICE), len(NOTICE), "text/plain")
    assert blob.storage_key == f"{sha(NOTICE)[:2]}/{sha(NOTICE)[2:4]}/{sha(NOTICE)}"
    assert (attachment.filename, attachment.owner_type, attachment.owner_id) == ("值班通知.txt", "core.unit", cast.unit.pk)
    assert attachment.uploaded_by == cast.member and attachment.classification == 0
    path = attachment_root / blob.storage_key
    assert path.read_bytes() == NOTICE
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    with open_attachment(attachment) as handle:
        assert handle.read() == NOTICE

    event = Event.objects.filter(subject_type="core.unit", subject_id=cast.unit.pk).latest("seq")
    assert event.verb == "attachment.added" and event.actor_id == cast.member.pk
    assert event.payload == {
        "attachment": attachment.pk,
        "filename": "值班通知.txt",
        "sha256": sha(NOTICE),
        "size": len(NOTICE),
        "mime_type": "text/plain",
        "classification": 0,
        "owner": f"core.unit:{cast.unit.pk}",
    }
    assert cast.unit.audit_seq == event.seq
    assert verify()[1] == []


def test_an_owner_without_a_chain_gets_the_event_on_the_attachment(cast):
    role = PersonRole.objects.get(person=cast.member)
    attachment = do_attach(cast.member, role, upload("note.txt", b"plain words"))

    event = Event.objects.get(subject_type="attachments.attachment", subject_id=attachment.pk)
    assert (event.verb, event.seq, event.payload["owner"]) == ("attachment.added", 1, f"core.personrole:{role.pk}")
    assert Attachment.objects.of(role).get() == attachment
    assert verify()[1] == []


def test_identical_bytes_are_stored_once(cast, attachment_root, monkeypatch):
    writes = []
    real_save = FileSystemBlobStore.save
    monkeypatch.setattr(FileSystemBlobStore, "save", lambda self, key, source: writes.append(key) or real_save(self, key, source))

    first = do_attach(cast.member, cast.unit, upload("a.txt", NOTICE))
    second = do_attach(cast.chief, cast.other_unit, upload("copy of a.txt", NOTICE))

    assert Blob.objects.count() == 1
    assert first.blob_id == second.blob_id and first.pk != second.pk
    assert second.filename == "copy of a.txt"
    assert writes == [first.blob.storage_key]
    assert stored_files(attachment_root) == [first.blob.storage_key]


def test_a_missing_file_is_restored_by_uploading_the_same_bytes(cast, attachment_root):
    first = do_attach(cast.member, cast.unit, upload("a.txt", NOTICE))
    (attachment_root / first.blob.storage_key).unlink()
    do_attach(cast.member, cast.unit, upload("a.txt", NOTICE))
    assert (attachment_root / first.blob.storage_key).read_bytes() == NOTICE


DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


@pytest.mark.parametrize(
    "name, content, mime",
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64), "image/jpeg"),
        ("公文.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf"),
        ("报告.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("电子公文.ofd", zip_bytes({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<x/>"}), "application/ofd"),
        ("旧稿.doc", OLE, "application/msword"),
        ("表.xls", OLE, "application/vnd.ms-excel"),
        ("名单.csv", "姓名,科室\n张三,秘书一科\n".encode("gb18030"), "text/csv"),
        ("readme", b"just text\r\n", "text/plain"),
        ("page.html", b"<!doctype html><html><body><p>Hello</p></body></html>", "text/html"),
    ],
)
def test_safe_kinds_are_accepted_with_their_detected_type(cast, name, content, mime):
    assert do_attach(cast.member, cast.unit, upload(name, content)).blob.mime_type == mime


DANGEROUS = [
    ("report.pdf", b"\x7fELF\x02\x01\x01" + bytes(64), "program or script (ELF)"),
    ("report.doc", b"MZ\x90\x00\x03" + bytes(64), "program or script (Windows PE/MZ)"),
    ("tool", b"\xcf\xfa\xed\xfe" + bytes(64), "program or script (Mach-O)"),
    ("install.txt", b"#!/bin/sh\nrm -rf /\n", "program or script (script)"),
    ("cleanup.bat", b"@echo off\r\ndel /q *.*\r\n", "Files of type .bat"),
    ("notice.pdf.exe", b"%PDF-1.4\n", "Files of type .exe"),
    ("helper.js", b"alert(1)", "Files of type .js"),
    ("page.html", b"<html><body><script>alert(1)</script></body></html>", "contains scripts"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "contains scripts"),
    ("data.bin", bytes(range(256)) * 4, "could not be recognised"),
    ("archive.zip", zip_bytes({"a.txt": "x"}), "as a document, image or text (application/zip)"),
    ("fake.docx", zip_bytes({"payload.exe": "x"}), "could not be recognised"),
]


@pytest.mark.parametrize("name, content, message", DANGEROUS, ids=[case[0] for case in DANGEROUS])
def test_dangerous_and_unknown_kinds_are_refused_and_nothing_is_kept(cast, attachment_root, name, content, message):
    events_before = Event.objects.count()
    with pytest.raises(ActionError) as refused:
        do_attach(cast.member, cast.unit, upload(name, content))
    assert refused.value.code == "refused_type"
    assert message in str(refused.value)
    assert not Blob.objects.exists() and not Attachment.objects.exists()
    assert Event.objects.count() == events_before
    assert stored_files(attachment_root) == []


def test_size_limit(cast, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    assert do_attach(cast.member, cast.unit, upload("ten.txt", b"0123456789")).blob.size == 10
    with pytest.raises(ActionError) as refused:
        do_attach(cast.member, cast.unit, upload("eleven.txt", b"0123456789A"))
    assert refused.value.code == "too_large"
    assert "larger than the limit of 10\xa0bytes" in str(refused.value)
    assert Attachment.objects.count() == 1


def test_empty_file_is_refused(cast):
    with pytest.raises(ActionError) as refused:
        do_attach(cast.member, cast.unit, upload("empty.txt", b""))
    assert refused.value.code == "empty" and "empty" in str(refused.value)
    assert not Attachment.objects.exists()


def test_classified_attachments_need_the_uploaders_clearance_and_can_be_filtered(cast):
    secret = do_attach(cast.leader, cast.unit, upload("机密.txt", b"classified"), classification=2)
    plain = do_attach(cast.member, cast.unit, upload("公开.txt", b"public"))
    with pytest.raises(NotAllowed):
        do_attach(cast.member, cast.unit, upload("机密2.txt", b"classified too"), classification=2)
    with pytest.raises(ActionError):
        do_attach(cast.leader, cast.unit, upload("x.txt", b"x"), classification=7)
    assert list(Attachment.objects.of(cast.unit).within_clearance(0)) == [plain]
    assert set(Attachment.objects.of(cast.unit).within_clearance(2)) == {plain, secret}


def test_only_an_active_person_may_attach(cast):
    with pytest.raises(NotAllowed):
        do_attach(None, cast.unit, upload("a.txt", b"a"))
    cast.member.is_active = False
    with pytest.raises(NotAllowed):
        do_attach(cast.member, cast.unit, upload("a.txt", b"a"))


def test_the_client_path_is_stripped_from_the_file_name(cast):
    attachment = do_attach(cast.member, cast.unit, upload("report.txt", b"a"))
    assert attachment.filename == "report.txt"
    from zhengban.attachments.actions import clean_filename

    assert clean_filename("C:\\Users\\张三\\..\\报告\x07.txt") == "报告.txt"
    assert clean_filename("../../etc/passwd") == "passwd"
    with pytest.raises(ActionError):
        clean_filename("..")


def test_refusal_is_translated_into_chinese(cast):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ActionError) as refused:
        do_attach(cast.member, cast.unit, upload("setup.exe", b"MZ"))
    assert str(refused.value) == ".exe 类型的文件可能包含程序，不予接收。"
