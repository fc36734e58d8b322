"""Hashing, appending and verifying audit chains.

A chain's events are hashed over a canonical JSON form of their fields and the previous hash, so
editing, reordering or deleting any stored event (or the subject's head) breaks verification.
"""

import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import Anchor, AuditedSubject, Event


def subject_type_of(subject):
    return subject._meta.label_lower


def canonical_payload(payload):
    """The payload exactly as it will read back from a JSON column."""
    return json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


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
            "at": event.created_at.astimezone(timezone.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
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
    event.save(force_insert=True)
    subject.audit_seq = event.seq
    subject.audit_head = event.hash
    if save_subject:
        type(subject).objects.filter(pk=subject.pk).update(audit_seq=event.seq, audit_head=event.hash)
    return event


def anchor_hash(anchor):
    return _digest(
        {
            "seq": anchor.seq,
            "at": anchor.created_at.astimezone(timezone.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
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
    where: str
    message: str

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


def verify(progress=None):
    """Check every chain and every anchor; return the problems found, first bad event first."""
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
        where = f"event {event.pk} ({event.subject_type}#{event.subject_id} seq {event.seq}, {event.verb})"
        if event.seq != expected_seq:
            problems.append(Problem(where, f"expected seq {expected_seq}: an earlier event is missing"))
        elif event.prev_hash != prev:
            problems.append(Problem(where, "previous-hash link broken: an earlier event was altered"))
        elif event_hash(event) != event.hash:
            problems.append(Problem(where, "content does not match its hash: this event was altered"))
        expected_seq, prev = event.seq + 1, event.hash
        seen[key] = (event.seq, event.hash)
        hashes[(key, event.seq)] = event.hash
        count += 1
        if progress and count % 50000 == 0:
            progress(count)
    for key, (seq, head) in subject_heads.items():
        if seq == 0 and not head:
            continue
        if seen.get(key) != (seq, head):
            have = seen.get(key, (0, ""))[0]
            problems.append(
                Problem(
                    f"{key[0]}#{key[1]}",
                    f"the subject's head says {seq} events but the chain ends at {have}: events were removed or altered",
                )
            )
    prev = ""
    for anchor in Anchor.objects.order_by("seq"):
        where = f"anchor {anchor.seq}"
        if anchor.prev_hash != prev or anchor_hash(anchor) != anchor.hash:
            problems.append(Problem(where, "the anchor chain is broken: an anchor was altered or removed"))
        for chain, (seq, digest) in anchor.heads.items():
            subject_type, _, subject_id = chain.rpartition(":")
            if hashes.get(((subject_type, int(subject_id)), seq)) != digest:
                problems.append(Problem(where, f"chain {chain} no longer holds event {seq} as anchored"))
        prev = anchor.hash
    problems.sort(key=lambda p: not p.where.startswith("event"))
    return count, problems
