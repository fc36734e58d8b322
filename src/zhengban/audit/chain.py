"""Hashing, appending and verifying audit chains.

A chain's events are hashed over a canonical JSON form of their fields and the previous hash, so
editing, reordering or deleting any stored event (or the subject's head) breaks verification.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.core import rows

from .models import Anchor, AuditedSubject, Event


def subject_type_of(subject):
    return subject._meta.label_lower


def _json_number(text):
    # PostgreSQL's jsonb prints 1e+20 as 100000000000000000000, which reads back as an int;
    # storing integral floats as ints up front makes SQLite and PostgreSQL read back the same value.
    number = float(text)
    return int(number) if number.is_integer() else number


def canonical_payload(payload):
    """The payload exactly as it will read back from a JSON column on any supported database."""
    return json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder, ensure_ascii=False), parse_float=_json_number)


def _utc_text(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _digest(fields):
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_hash(event):
    return _digest(
        {
            "subject": f"{event.subject_type}:{event.subject_id}",
            "seq": event.seq,
            "verb": event.verb,
            "actor": event.actor_id,
            "on_behalf_of": event.on_behalf_of_id,
            "payload": event.payload,
            "at": _utc_text(event.created_at),
            "prev": event.prev_hash,
        }
    )


def append_event(subject, verb, actor=None, payload=None, on_behalf_of=None, save_subject=True, at=None):
    """Append an event to the subject's chain.

    The caller holds the subject's row lock (the action selected it FOR UPDATE), so the chain
    cannot fork; the unique (subject, seq) constraint is the backstop. With save_subject=False
    the caller saves audit_seq and audit_head together with its own change of the row.
    """
    if not isinstance(subject, AuditedSubject):
        raise TypeError(f"{subject!r} does not keep an audit chain")
    at = at or timezone.now()
    event = Event(
        subject_type=subject_type_of(subject),
        subject_id=subject.pk,
        seq=subject.audit_seq + 1,
        verb=verb,
        actor_id=getattr(actor, "pk", actor),
        on_behalf_of_id=getattr(on_behalf_of, "pk", on_behalf_of),
        payload=canonical_payload(payload),
        created_at=at,
        prev_hash=subject.audit_head,
    )
    event.hash = event_hash(event)
    rows.insert_later([event])
    subject.audit_seq = event.seq
    subject.audit_head = event.hash
    if save_subject:
        rows.update_later(type(subject), {"pk": subject.pk}, {"audit_seq": event.seq, "audit_head": event.hash})
    return event


def anchor_hash(anchor):
    return _digest(
        {
            "seq": anchor.seq,
            "at": _utc_text(anchor.created_at),
            "heads": anchor.heads,
            "prev": anchor.prev_hash,
        }
    )


def create_anchor():
    """Hash every chain's current head into the next global anchor."""
    with transaction.atomic():
        last = Anchor.objects.select_for_update().order_by("-seq").first()
        heads = {}
        tips = Event.objects.values("subject_type", "subject_id").annotate(top=Max("seq"))
        by_key = {(t["subject_type"], t["subject_id"]): t["top"] for t in tips}
        for event in Event.objects.only("subject_type", "subject_id", "seq", "hash").iterator(chunk_size=5000):
            if by_key.get((event.subject_type, event.subject_id)) == event.seq:
                heads[f"{event.subject_type}:{event.subject_id}"] = [event.seq, event.hash]
        anchor = Anchor(
            seq=(last.seq + 1) if last else 1,
            created_at=timezone.now(),
            heads=heads,
            prev_hash=last.hash if last else "",
        )
        anchor.hash = anchor_hash(anchor)
        anchor.save(force_insert=True)
        return anchor


@dataclass
class Problem:
    """One thing verification found wrong; `event` is set when a specific stored event is at fault."""

    where: str
    message: str
    event: Event | None = None

    def __str__(self):
        return f"{self.where}: {self.message}"


def _subject_heads():
    """Current (seq, head) of every row that keeps a chain, keyed like events."""
    heads = {}
    for model in apps.get_models():
        if issubclass(model, AuditedSubject):
            label = model._meta.label_lower
            for pk, seq, head in model.objects.values_list("pk", "audit_seq", "audit_head").iterator():
                heads[(label, pk)] = (seq, head)
    return heads


def _event_problem(event, expected_seq, prev):
    if event.seq != expected_seq:
        return _("expected seq %(seq)s: an earlier event is missing") % {"seq": expected_seq}
    if event.prev_hash != prev:
        return _("previous-hash link broken: an earlier event was altered")
    if event_hash(event) != event.hash:
        return _("content does not match its hash: this event was altered")
    return None


def _anchor_problems(hashes):
    problems = []
    prev, expected_seq = "", 1
    for anchor in Anchor.objects.order_by("seq"):
        where = _("anchor %(seq)s") % {"seq": anchor.seq}
        if anchor.seq != expected_seq or anchor.prev_hash != prev:
            problems.append(Problem(where, _("the anchor chain is broken: an earlier anchor was altered or removed")))
        if anchor_hash(anchor) != anchor.hash:
            problems.append(Problem(where, _("content does not match its hash: this anchor was altered")))
        for chain, (seq, digest) in anchor.heads.items():
            subject_type, _colon, subject_id = chain.rpartition(":")
            if hashes.get(((subject_type, int(subject_id)), seq)) != digest:
                message = _("chain %(chain)s no longer holds event %(seq)s as anchored") % {"chain": chain, "seq": seq}
                problems.append(Problem(where, message))
        prev, expected_seq = anchor.hash, anchor.seq + 1
    return problems


def verify(progress=None, progress_every=50000):
    """Check every chain and every anchor; return (events checked, problems), first bad event first."""
    problems = []
    subject_heads = _subject_heads()
    seen = {}
    current = None
    expected_seq, prev = 1, ""
    hashes = {}
    count = 0
    for event in Event.objects.order_by("subject_type", "subject_id", "seq").iterator(chunk_size=5000):
        key = (event.subject_type, event.subject_id)
        if key != current:
            current, expected_seq, prev = key, 1, ""
        message = _event_problem(event, expected_seq, prev)
        if message:
            where = _("event %(id)s (%(subject)s seq %(seq)s, %(verb)s)") % {
                "id": event.pk,
                "subject": f"{event.subject_type}#{event.subject_id}",
                "seq": event.seq,
                "verb": event.verb,
            }
            problems.append(Problem(where, message, event))
        expected_seq, prev = event.seq + 1, event.hash
        seen[key] = (event.seq, event.hash)
        hashes[(key, event.seq)] = event.hash
        count += 1
        if progress and count % progress_every == 0:
            progress(count)
    for key, (seq, head) in subject_heads.items():
        if seq == 0 and not head:
            continue
        have_seq, have_head = seen.get(key, (0, ""))
        if have_seq != seq:
            message = _("the subject's head says %(seq)s events but the chain ends at %(have)s: events were removed") % {
                "seq": seq,
                "have": have_seq,
            }
        elif have_head != head:
            message = _("the chain's last event does not match the head kept on the subject: it was altered")
        else:
            continue
        problems.append(Problem(f"{key[0]}#{key[1]}", message))
    problems.extend(_anchor_problems(hashes))
    problems.sort(key=lambda p: p.event is None)
    return count, problems
