"""The organization directory: loaded by a command, twice without change, handling units linked."""

import io

import pytest
from django.core.management import CommandError, call_command

from zhengban.documents.directory import DirectoryError, load_directory
from zhengban.documents.models import Organization

pytestmark = pytest.mark.django_db


def test_command_loads_the_directory_idempotently():
    call_command("profile", "load", "hengyang", stdout=io.StringIO())
    out = io.StringIO()
    call_command("documents", "load-directory", stdout=out)
    total = Organization.objects.count()
    assert total >= 70
    assert Organization.objects.filter(kind="county").count() == 12
    assert Organization.objects.filter(kind="municipal-department").count() >= 40
    assert Organization.objects.get(short_name_zh="市公安局").handling_unit.code == "secretariat-3"
    assert Organization.objects.get(code="hunan-government").is_higher_level
    assert load_directory() == (0, 0)
    assert Organization.objects.count() == total


def test_loading_before_the_profile_leaves_units_empty_then_fills_them():
    created, _updated = load_directory()
    assert created and not Organization.objects.filter(handling_unit__isnull=False).exists()
    call_command("profile", "load", "hengyang", stdout=io.StringIO())
    _created, updated = load_directory()
    assert updated == created and not Organization.objects.filter(handling_unit__isnull=True).exists()


def test_a_malformed_file_is_refused(tmp_path):
    bad = tmp_path / "orgs.yaml"
    bad.write_text("organizations:\n- code: x\n  name_zh: 某单位\n  kind: planet\n", encoding="utf-8")
    with pytest.raises(DirectoryError, match="x"):
        load_directory(bad)
    with pytest.raises(CommandError):
        call_command("documents", "load-directory", "--file", str(bad), stdout=io.StringIO())
    assert not Organization.objects.exists()
