"""Downloading attachments, `zhengban attachments verify`, and choosing the storage backend."""

import io
import os
import sys
import types
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.files.storage import InMemoryStorage
from django.core.management import call_command
from django.test import RequestFactory

from zhengban.attachments import storage
from zhengban.attachments.actions import do_attach
from zhengban.attachments.storage import FileSystemBlobStore, S3BlobStore, blob_store, open_attachment
from zhengban.attachments.views import download_view, serve_attachment

from .helpers import upload

PDF = b"%PDF-1.7\n" + b"0" * 100


def get(user):
    request = RequestFactory().get("/files/")
    request.user = user
    return request


def body(response):
    return b"".join(response.streaming_content)


def test_serve_streams_with_type_utf8_name_and_nosniff(cast):
    attachment = do_attach(cast.member, cast.unit, upload("关于春节值班的通知.pdf", PDF))
    response = serve_attachment(get(cast.member), attachment)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote('关于春节值班的通知.pdf')}"
    assert body(response) == PDF


def test_markup_is_always_downloaded_never_shown(cast):
    attachment = do_attach(cast.member, cast.unit, upload("page.html", b"<html><p>hi</p></html>"))
    response = serve_attachment(get(cast.member), attachment)
    assert response["Content-Type"] == "text/html"
    assert response["Content-Disposition"] == 'attachment; filename="page.html"'


def test_serve_refuses_below_clearance_and_when_the_callback_says_no(cast):
    secret = do_attach(cast.leader, cast.unit, upload("机密.txt", b"classified"), classification=2)
    with pytest.raises(PermissionDenied):
        serve_attachment(get(cast.member), secret)
    assert serve_attachment(get(cast.leader), secret).status_code == 200

    plain = do_attach(cast.member, cast.unit, upload("a.txt", b"plain"))
    same_unit = lambda user, attachment: user.unit_id == cast.unit.pk  # noqa: E731
    assert serve_attachment(get(cast.member), plain, same_unit).status_code == 200
    with pytest.raises(PermissionDenied):
        serve_attachment(get(cast.other_member), plain, same_unit)


def test_download_view_needs_login_and_finds_by_id(cast):
    attachment = do_attach(cast.member, cast.unit, upload("a.txt", b"plain"))
    view = download_view(lambda user, attachment: True)
    anonymous = view(get(AnonymousUser()), attachment.pk)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert body(view(get(cast.member), attachment.pk)) == b"plain"


def run_verify():
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("attachments", "verify", "--progress-every=1", stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_verify_clean_store(cast):
    do_attach(cast.member, cast.unit, upload("a.txt", b"first"))
    do_attach(cast.member, cast.unit, upload("b.txt", b"second"))
    code, out, err = run_verify()
    assert code == 0, err
    assert "All 2 stored files verified (11\xa0bytes)." in out
    assert "… 2 of 2 files checked" in err


def test_verify_reports_an_altered_file_with_its_users(cast, attachment_root):
    first = do_attach(cast.member, cast.unit, upload("a.txt", b"first"))
    do_attach(cast.chief, cast.other_unit, upload("again.txt", b"first"))
    do_attach(cast.member, cast.unit, upload("b.txt", b"second"))
    path = attachment_root / first.blob.storage_key
    os.chmod(path, 0o644)
    path.write_bytes(b"forged")

    code, _out, err = run_verify()
    assert code == 1
    assert "ALTERED: the stored file now hashes to" in err
    assert f"sha256 {first.blob.sha256}, 5 bytes, text/plain" in err
    assert f"used by attachment {first.pk} “a.txt” on core.unit#{cast.unit.pk}" in err
    assert f"“again.txt” on core.unit#{cast.other_unit.pk}" in err
    assert "1 of 2 stored files are missing or altered." in err


def test_verify_reports_a_missing_file(cast, attachment_root):
    attachment = do_attach(cast.member, cast.unit, upload("a.txt", b"first"))
    (attachment_root / attachment.blob.storage_key).unlink()
    code, _out, err = run_verify()
    assert code == 1
    assert "MISSING: the stored file is gone" in err
    assert attachment.blob.sha256 in err and f"attachment {attachment.pk}" in err


def test_filesystem_is_the_default_store(attachment_root):
    store = blob_store()
    assert isinstance(store, FileSystemBlobStore) and store.root == attachment_root


def test_unknown_store_kind_is_a_configuration_error(settings):
    settings.ATTACHMENT_STORAGE = "ftp"
    with pytest.raises(ImproperlyConfigured, match="'filesystem' or 's3'"):
        blob_store()


@pytest.fixture
def fake_s3(settings, monkeypatch):
    """S3 selected, with Django's in-memory storage standing in for the bucket (no network, no boto3)."""
    bucket = InMemoryStorage()
    settings.ATTACHMENT_STORAGE = "s3"
    monkeypatch.setattr(storage, "s3_storage", lambda: bucket)
    return bucket


def test_s3_store_keeps_blobs_in_the_bucket(cast, fake_s3, attachment_root):
    first = do_attach(cast.member, cast.unit, upload("a.txt", b"in the bucket"))
    second = do_attach(cast.member, cast.unit, upload("b.txt", b"in the bucket"))
    assert isinstance(blob_store(), S3BlobStore)
    assert first.blob_id == second.blob_id
    assert fake_s3.exists(first.blob.storage_key)
    assert not attachment_root.exists()
    with open_attachment(second) as handle:
        assert handle.read() == b"in the bucket"
    assert run_verify()[0] == 0


def test_s3_storage_is_built_from_settings_without_importing_boto3_up_front(settings, monkeypatch):
    built = {}

    class FakeS3Storage:
        def __init__(self, **options):
            built.update(options)

    module = types.ModuleType("storages.backends.s3")
    module.S3Storage = FakeS3Storage
    monkeypatch.setitem(sys.modules, "storages.backends.s3", module)
    settings.ATTACHMENT_S3 = {"bucket_name": "zhengban", "endpoint_url": "http://minio:9000", "region_name": ""}
    settings.ATTACHMENT_STORAGE = "s3"

    assert isinstance(blob_store().storage, FakeS3Storage)
    assert built == {
        "bucket_name": "zhengban",
        "endpoint_url": "http://minio:9000",
        "file_overwrite": True,
        "default_acl": "private",
        "querystring_auth": True,
    }
    settings.ATTACHMENT_S3 = {"bucket_name": ""}
    with pytest.raises(ImproperlyConfigured, match="ZHENGBAN_S3_BUCKET"):
        blob_store()


def test_s3_without_the_extra_installed_says_how_to_install_it(settings, monkeypatch):
    monkeypatch.setitem(sys.modules, "storages.backends.s3", None)
    settings.ATTACHMENT_STORAGE = "s3"
    with pytest.raises(ImproperlyConfigured, match=r"zhengban\[s3\]"):
        blob_store()
