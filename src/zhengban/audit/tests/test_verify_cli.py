"""`zhengban audit verify` catches rows edited or deleted behind the application's back."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from zhengban.audit.chain import append_event
from zhengban.audit.models import Anchor, Event


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def chain(cast):
    """Three events on one person's chain (created, then two more), beside the cast's other chains."""
    person = cast.member
    append_event(person, "person.renamed", actor=cast.admin, payload={"full_name": "样例·新名"})
    append_event(person, "person.moved", actor=cast.admin, payload={"unit": "economic-affairs"})
    return list(Event.objects.filter(subject_type="core.person", subject_id=person.pk).order_by("seq"))


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def first_bad_event(err):
    """The block the command prints under "First bad event:", as a dict."""
    lines = err.split("First bad event:\n", 1)[1].splitlines()
    fields = {}
    for line in lines:
        if not line.startswith("  "):
            break
        label, _colon, value = line.strip().partition(": ")
        fields[label] = value
    return fields


def test_clean_trail_verifies_and_reports_counts(chain):
    call_command("audit", "anchor", stdout=io.StringIO())
    code, out, err = run("verify")
    assert code == 0, err
    events, chains = Event.objects.count(), Event.objects.values("subject_type", "subject_id").distinct().count()
    assert f"{events} events in {chains} chains and 1 anchors verified" in out


def test_progress_is_printed_for_large_tables(chain):
    code, _out, err = run("verify", "--progress-every=2")
    assert code == 0
    assert f"… 2 of {Event.objects.count()} events checked" in err


def test_edited_payload_is_named(chain):
    middle = chain[1]
    sql("UPDATE audit_event SET payload = '{\"full_name\": \"forged\"}' WHERE id = %s", middle.pk)
    code, _out, err = run("verify")
    assert code == 1
    bad = first_bad_event(err)
    assert bad["id"] == str(middle.pk)
    assert bad["subject"] == f"core.person#{middle.subject_id}"
    assert bad["seq"] == "2"
    assert bad["verb"] == "person.renamed"
    assert "this event was altered" in bad["problem"]


def test_edited_verb_is_named(chain):
    first = chain[0]
    sql("UPDATE audit_event SET verb = 'person.deleted' WHERE id = %s", first.pk)
    code, _out, err = run("verify")
    assert code == 1
    bad = first_bad_event(err)
    assert (bad["id"], bad["seq"], bad["verb"]) == (str(first.pk), "1", "person.deleted")
    assert "this event was altered" in bad["problem"]


def test_deleted_middle_event_is_caught_at_the_gap(chain):
    sql("DELETE FROM audit_event WHERE id = %s", chain[1].pk)
    code, _out, err = run("verify")
    assert code == 1
    bad = first_bad_event(err)
    assert (bad["id"], bad["seq"]) == (str(chain[2].pk), "3")
    assert "expected seq 2: an earlier event is missing" in bad["problem"]


def test_deleted_last_event_is_caught_by_the_subjects_head(chain):
    last = chain[2]
    sql("DELETE FROM audit_event WHERE id = %s", last.pk)
    code, _out, err = run("verify")
    assert code == 1
    assert "First problem:" in err
    assert f"core.person#{last.subject_id}: the subject's head says 3 events but the chain ends at 2" in err


def test_rewritten_last_event_with_recomputed_hash_is_caught_by_the_head(chain):
    from zhengban.audit.chain import event_hash

    last = Event.objects.get(pk=chain[2].pk)
    last.payload = {"unit": "forged"}
    sql("UPDATE audit_event SET payload = '{\"unit\": \"forged\"}', hash = %s WHERE id = %s", event_hash(last), last.pk)
    code, _out, err = run("verify")
    assert code == 1
    assert "does not match the head kept on the subject" in err


def test_event_deleted_after_anchoring_is_caught_by_the_anchor(chain):
    call_command("audit", "anchor", stdout=io.StringIO())
    last = chain[2]
    # Cover the subject's head too, so that only the anchor can still tell.
    sql("DELETE FROM audit_event WHERE id = %s", last.pk)
    sql("UPDATE core_person SET audit_seq = 2, audit_head = %s WHERE id = %s", chain[1].hash, last.subject_id)
    code, _out, err = run("verify")
    assert code == 1
    assert f"anchor 1: chain core.person:{last.subject_id} no longer holds event 3 as anchored" in err


def test_edited_anchor_is_caught(chain):
    call_command("audit", "anchor", stdout=io.StringIO())
    call_command("audit", "anchor", stdout=io.StringIO())
    sql("UPDATE audit_anchor SET heads = '{}' WHERE seq = 1")
    code, _out, err = run("verify")
    assert code == 1
    assert "anchor 1: content does not match its hash: this anchor was altered" in err


def test_deleted_anchor_breaks_the_anchor_chain(chain):
    for _day in range(3):
        call_command("audit", "anchor", stdout=io.StringIO())
    sql("DELETE FROM audit_anchor WHERE seq = 2")
    code, _out, err = run("verify")
    assert code == 1
    assert "anchor 3: the anchor chain is broken" in err


def test_first_bad_event_comes_before_other_problems(chain):
    sql("DELETE FROM audit_event WHERE id = %s", chain[2].pk)
    sql("UPDATE audit_event SET verb = 'forged' WHERE id = %s", chain[0].pk)
    code, _out, err = run("verify")
    assert code == 1
    assert first_bad_event(err)["id"] == str(chain[0].pk)
    others = err.split("Other problems:\n", 1)[1]
    assert "the subject's head says 3 events" in others


def test_anchor_command_prints_the_anchor(chain):
    code, out, _err = run("anchor")
    assert code == 0
    anchor = Anchor.objects.get()
    assert "Anchor 1 created" in out and anchor.hash in out
    assert anchor.heads[f"core.person:{chain[0].subject_id}"] == [3, chain[2].hash]


def test_report_is_translated_into_chinese(chain):
    sql("UPDATE audit_event SET verb = 'forged' WHERE id = %s", chain[1].pk)
    with translation.override("zh-hans"):
        code, _out, err = run("verify")
    assert code == 1
    assert "审计记录已被破坏：发现 1 个问题。" in err
    assert "内容与其哈希不符：该事件已被修改" in err
