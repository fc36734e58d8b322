"""Legal holds and disposition lists: classified items never left off, holds block execution."""

import io

import pytest
from django.core.files.base import ContentFile

from zhengban.archive.actions import do_archive, do_place_hold, do_release_hold
from zhengban.archive.disposition import do_propose_disposition, entries_for
from zhengban.archive.fixity import check_fixity
from zhengban.archive.models import ArchiveFixityCheck, ArchiveRecord, DispositionEntry
from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.engine.actions import do_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_records(archive):
    """Three records of 2010 kept 10 years (past retention), one of them 秘密, and one permanent record."""
    archive.plain = do_archive(archive.member, archive.closed(title="一般性来函"), category=archive.routine, year=2010)
    archive.secret = do_archive(archive.leader, archive.closed(archive.leader, lead_unit=archive.office, classification=1,
                                                               title="涉密事项的函"), category=archive.routine, year=2010)
    archive.third = do_archive(archive.member, archive.closed(title="工作联系单"), category=archive.routine, year=2011)
    archive.forever = do_archive(archive.member, archive.closed(title="会议纪要"), category=archive.minutes, year=2005)
    archive.current = do_archive(archive.member, archive.closed(title="今年的函"), category=archive.routine)
    return archive


def test_hold_placed_and_released_with_audit(old_records):
    hold = do_place_hold(old_records.archivist, old_records.plain, reason="审计调阅")
    verbs = [e.verb for e in Event.objects.filter(subject_type="archive.archiverecord", subject_id=old_records.plain.pk)]
    assert verbs[-1] == "archive.hold_placed"
    do_release_hold(old_records.leader, hold, reason="审计结束")
    hold.refresh_from_db()
    assert not hold.active and hold.released_by == old_records.leader
    with pytest.raises(Conflict):
        do_release_hold(old_records.archivist, hold, reason="again")


def test_hold_refusals(old_records):
    for person in (old_records.member, old_records.chief, old_records.outsider):
        with pytest.raises(NotAllowed):
            do_place_hold(person, old_records.plain, reason="x")
    with pytest.raises(ActionError):
        do_place_hold(old_records.archivist, old_records.plain, reason="")


def test_classified_record_past_retention_is_on_the_proposed_list(old_records):
    assert old_records.archivist.clearance == 0
    matter = do_propose_disposition(old_records.archivist, kind="destruction")
    listing = matter.disposition_list
    numbers = set(listing.entries.values_list("archive_number", flat=True))
    assert numbers == {old_records.plain.archive_number, old_records.secret.archive_number, old_records.third.archive_number}
    assert listing.number.startswith("XH-") and matter.state == "draft" and matter.classification == 0
    shown = entries_for(old_records.member, listing)
    assert len(shown.visible) == 2 and shown.hidden == 1
    assert "涉密事项的函" not in [e.title for e in shown.visible]
    assert len(entries_for(old_records.leader, listing).visible) == 3


def test_held_record_is_left_off_and_counted(old_records):
    do_place_hold(old_records.archivist, old_records.third, reason="诉讼")
    listing = do_propose_disposition(old_records.archivist, kind="destruction").disposition_list
    assert listing.entries.count() == 2 and listing.held_excluded == 1


def test_records_on_an_open_list_are_not_proposed_again(old_records):
    do_propose_disposition(old_records.archivist, kind="destruction")
    with pytest.raises(ActionError) as caught:
        do_propose_disposition(old_records.archivist, kind="destruction")
    assert caught.value.code == "nothing_due"


def test_proposal_refusals(old_records):
    for person in (old_records.member, old_records.leader):
        with pytest.raises(NotAllowed):
            do_propose_disposition(person, kind="destruction")
    with pytest.raises(ActionError):
        do_propose_disposition(old_records.archivist, kind="shred")


def _approve(archive, matter):
    matter = do_transition(archive.archivist, matter, "submit", {})
    return do_transition(archive.leader, matter, "approve", {"note": "同意销毁"})


def test_executing_a_list_refuses_while_a_record_is_held_then_disposes(old_records):
    matter = _approve(old_records, do_propose_disposition(old_records.archivist, kind="destruction"))
    hold = do_place_hold(old_records.leader, old_records.secret, reason="纪检调查")
    with pytest.raises(ActionError) as caught:
        do_transition(old_records.archivist, matter, "execute", {"note": "监销"})
    assert caught.value.code == "held" and old_records.secret.archive_number in str(caught.value.message)
    assert not ArchiveRecord.objects.filter(disposed_at__isnull=False).exists()
    do_release_hold(old_records.archivist, hold, reason="调查结束")
    matter = do_transition(old_records.archivist, matter, "execute", {"note": "在市档案馆监督下销毁"})
    assert matter.state == "executed"
    disposed = ArchiveRecord.objects.filter(disposed_at__isnull=False)
    assert disposed.count() == 3 and set(disposed.values_list("disposition_kind", flat=True)) == {"destruction"}
    assert all(r.disposition_id == matter.pk for r in disposed)
    assert DispositionEntry.objects.filter(list__matter=matter).count() == 3
    assert Event.objects.filter(subject_type="archive.archiverecord", verb="archive.disposed").count() == 3
    with pytest.raises(Conflict):
        do_place_hold(old_records.archivist, old_records.plain, reason="太晚了")


def test_only_the_secretary_general_approves(old_records):
    matter = do_transition(old_records.archivist, do_propose_disposition(old_records.archivist, kind="destruction"), "submit", {})
    with pytest.raises(NotAllowed):
        do_transition(old_records.archivist, matter, "approve", {})
    matter = do_transition(old_records.leader, matter, "send_back", {"reason": "请核对清单"})
    assert matter.state == "draft"


def test_transfer_list_takes_old_records_of_any_retention(old_records):
    listing = do_propose_disposition(old_records.archivist, kind="transfer").disposition_list
    assert old_records.forever.archive_number in set(listing.entries.values_list("archive_number", flat=True))
    assert listing.number.startswith("YJ-")


def test_fixity_of_archived_attachments(archive, settings, tmp_path):
    from zhengban.attachments.actions import do_attach
    from zhengban.attachments.storage import blob_store

    settings.ATTACHMENT_ROOT = str(tmp_path)
    matter = archive.closed()
    upload = ContentFile("正文：关于做好年度工作的通知。".encode(), name="通知.txt")
    attachment = do_attach(archive.member, matter, upload)
    do_archive(archive.member, matter, category=archive.outgoing)
    result = check_fixity()
    assert result.checked == 1 and not result.problems
    path = blob_store().path(attachment.blob.storage_key)
    path.chmod(0o644)
    path.write_bytes(b"tampered")
    result = check_fixity()
    assert [row.problem for row in result.problems] == ["altered"]
    path.unlink()
    assert [row.problem for row in check_fixity().problems] == ["missing"]
    assert ArchiveFixityCheck.objects.count() == 3


def test_fixity_command_exit_code(archive, settings, tmp_path):
    from django.core.management import call_command

    settings.ATTACHMENT_ROOT = str(tmp_path)
    out = io.StringIO()
    call_command("archive", "fixity", stdout=out)
    assert "0" in out.getvalue()
