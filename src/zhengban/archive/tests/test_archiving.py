"""The file plan, archiving finished matters, immutability, corrections and gap-free archive numbers."""

import pytest

from zhengban.archive.actions import do_archive, do_correct_record, do_save_category
from zhengban.archive.models import ArchiveRecord, FileCategory, Retention
from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter
from zhengban.numbering.models import Sequence

pytestmark = pytest.mark.django_db


def events(subject_type, pk):
    return list(Event.objects.filter(subject_type=subject_type, subject_id=pk).order_by("seq"))


def test_file_plan_is_edited_by_the_archivist_and_audited(archive):
    category = do_save_category(archive.archivist, code="FW", name_zh="发文", name_en="Outgoing documents",
                                retention=Retention.PERMANENT)
    assert category.retention == Retention.PERMANENT
    changed = events("archive.filecategory", category.pk)[-1]
    assert changed.verb == "file_category.changed"
    assert changed.payload["changes"]["retention"] == ["D30", "Y"]
    for person in (archive.member, archive.chief, archive.leader):
        with pytest.raises(NotAllowed):
            do_save_category(person, code="X", name_zh="x", name_en="x", retention="Y")
    with pytest.raises(ActionError):
        do_save_category(archive.archivist, code="X", name_zh="x", name_en="x", retention="forever")
    assert not FileCategory.objects.filter(code="X").exists()


def test_lead_unit_member_archives_with_an_archive_number(archive, settings):
    settings.ARCHIVE_FONDS = "J012"
    matter = archive.closed()
    record = do_archive(archive.member, matter, category=archive.outgoing)
    year = matter.closed_at.year
    assert record.archive_number == f"J012-{year}-D30-FW-0001"
    assert (record.retention, record.retention_until.isoformat(), record.unit) == ("D30", f"{year + 30}-12-31", archive.unit)
    assert record.title == matter.title and record.archived_by == archive.member
    [event] = events("archive.archiverecord", record.pk)
    assert event.verb == "archive.archived" and event.payload["archive_number"] == record.archive_number
    matter.refresh_from_db()
    assert matter.data["archived"] == record.archive_number


def test_permanent_records_have_no_end(archive):
    record = do_archive(archive.member, archive.closed(), category=archive.minutes, title="市政府常务会议纪要")
    assert record.retention_until is None and record.title == "市政府常务会议纪要"


def test_archivist_may_archive_another_units_matter(archive):
    record = do_archive(archive.archivist, archive.closed(archive.other_member), category=archive.routine)
    assert record.unit == archive.other_unit


def test_other_unit_may_not_archive(archive):
    matter = archive.closed()
    for person in (archive.other_member, archive.outsider, archive.leader):
        with pytest.raises(NotAllowed):
            do_archive(person, matter, category=archive.outgoing)
    assert not ArchiveRecord.objects.exists() and not Sequence.objects.exists()


def test_open_matter_cannot_be_archived(archive):
    with pytest.raises(Conflict) as caught:
        do_archive(archive.member, archive.open_matter(), category=archive.outgoing)
    assert caught.value.code == "not_closed"
    assert not ArchiveRecord.objects.exists() and not Sequence.objects.exists()


def test_refusals_for_archived_inactive_category_and_clearance(archive):
    matter = archive.closed()
    do_archive(archive.member, matter, category=archive.outgoing)
    with pytest.raises(Conflict):
        do_archive(archive.archivist, matter, category=archive.outgoing)
    do_save_category(archive.admin, code="LXD", name_zh="工作联系单", name_en="Memos", retention="D10", active=False)
    with pytest.raises(ActionError):
        do_archive(archive.member, archive.closed(), category=FileCategory.objects.get(code="LXD"))
    secret = archive.closed(archive.leader, lead_unit=archive.unit, classification=1)
    with pytest.raises(NotAllowed):
        do_archive(archive.member, secret, category=archive.outgoing)
    with pytest.raises(ActionError):
        do_archive(archive.member, archive.closed(), category=archive.outgoing, year=3000)


def test_archive_numbers_are_gap_free_per_year_and_category(archive):
    numbers = []
    for n in range(3):
        numbers.append(do_archive(archive.member, archive.closed(), category=archive.outgoing).item_number)
        with pytest.raises(Conflict):
            do_archive(archive.member, archive.open_matter(), category=archive.outgoing)
    assert numbers == [1, 2, 3]
    assert do_archive(archive.member, archive.closed(), category=archive.routine).item_number == 1
    assert do_archive(archive.member, archive.closed(), category=archive.outgoing, year=2020).item_number == 1


def test_archived_record_and_matter_are_immutable(archive):
    matter = archive.closed()
    record = do_archive(archive.member, matter, category=archive.outgoing)
    record.title = "改过的标题"
    with pytest.raises(Conflict):
        record.save()
    with pytest.raises(Conflict):
        record.delete()
    with pytest.raises(Conflict) as caught:
        do_transition(archive.member, matter, "reopen", {})
    assert caught.value.code == "archived"
    matter.refresh_from_db()
    assert matter.state == "closed" and ArchiveRecord.objects.get().title == "关于做好年度工作的通知"


def test_reopen_works_before_archiving(archive):
    matter = do_transition(archive.member, archive.closed(), "reopen", {})
    assert matter.state == "open"


def test_metadata_correction_is_audited_with_old_and_new_values(archive):
    record = do_archive(archive.member, archive.closed(), category=archive.routine)
    year = record.year
    record = do_correct_record(archive.archivist, record, reason="题名录入有误；应永久保存", title="关于做好年度重点工作的通知",
                               retention="Y")
    assert (record.title, record.retention, record.retention_until) == ("关于做好年度重点工作的通知", "Y", None)
    event = events("archive.archiverecord", record.pk)[-1]
    assert event.verb == "archive.corrected" and event.actor == archive.archivist
    assert event.payload["reason"] == "题名录入有误；应永久保存"
    assert event.payload["changes"]["title"] == ["关于做好年度工作的通知", "关于做好年度重点工作的通知"]
    assert event.payload["changes"]["retention_until"] == [f"{year + 10}-12-31", None]


def test_metadata_correction_refusals(archive):
    record = do_archive(archive.member, archive.closed(), category=archive.routine)
    with pytest.raises(NotAllowed):
        do_correct_record(archive.member, record, reason="x", title="y")
    with pytest.raises(ActionError):
        do_correct_record(archive.archivist, record, reason=" ", title="y")
    with pytest.raises(ActionError):
        do_correct_record(archive.archivist, record, reason="x", archive_number="J001-1")
    with pytest.raises(ActionError):
        do_correct_record(archive.archivist, record, reason="x", title=record.title)
    with pytest.raises(ActionError):
        do_correct_record(archive.archivist, record, reason="x", retention="D5")
    assert len(events("archive.archiverecord", record.pk)) == 1


def test_the_matter_may_be_archived_even_with_no_lead_unit_by_its_creators_unit(archive):
    matter = archive.closed()
    Matter.objects.filter(pk=matter.pk).update(lead_unit=None)
    matter.refresh_from_db()
    assert do_archive(archive.member, matter, category=archive.routine).unit == archive.unit


def test_no_file_can_be_attached_to_an_archived_matter(archive, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhengban.attachments.actions import do_attach
    from zhengban.attachments.models import Attachment

    settings.ATTACHMENT_ROOT = tmp_path
    matter = archive.closed()
    do_archive(archive.member, matter, category=archive.outgoing)
    with pytest.raises(Conflict) as caught:
        do_attach(archive.member, Matter.objects.get(pk=matter.pk), SimpleUploadedFile("后补.txt", "补充材料".encode()))
    assert caught.value.code == "archived" and not Attachment.objects.exists()
