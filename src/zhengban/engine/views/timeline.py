"""The timeline: a matter's audit events in chain order, told in the reader's language."""

from dataclasses import dataclass

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ..flow import get_flow

# Payload entries people wrote (shown as text) and what each is called on the page.
TEXT_FIELDS = ("reason", "result", "reply", "note", "opinion", "filename")


def _generic_verbs():
    return {
        "opened": _("Opened"),
        "returned": _("Returned to an earlier step"),
        "withdrawn": _("Withdrew the last step"),
        "suspended": _("Suspended the clock"),
        "resumed": _("Resumed the clock"),
        "reassigned": _("Reassigned a task"),
        "claimed": _("Claimed the task"),
        "countersigned": _("Countersigned"),
        "read": _("Marked as read"),
        "linked": _("Linked a matter"),
        "classified_read": _("Opened the classified matter"),
        "added": _("Added an attachment"),
    }


def _text_labels():
    return {
        "reason": _("Reason"),
        "result": _("Result"),
        "reply": _("Reply"),
        "note": _("Note"),
        "opinion": _("Opinion"),
        "filename": _("File"),
    }


@dataclass
class Entry:
    seq: int
    at: object
    actor: object
    on_behalf_of: object
    what: str
    to_state: str
    texts: list


def describe_events(matter, events):
    flow = get_flow(matter.type)
    generic, labels = _generic_verbs(), _text_labels()
    entries = []
    for event in events:
        action = event.verb.rsplit(".", 1)[-1]
        transition = flow.transition_map.get(action)
        if transition is not None and not event.verb.startswith("attachment."):
            what = transition.label
        else:
            what = generic.get(action, event.verb)
        payload = event.payload or {}
        if action == "countersigned":
            what = _("Countersigned: agrees") if payload.get("agree") else _("Countersigned: refuses")
        to = payload.get("to")
        to_state = flow.state_map[to].label if isinstance(to, str) and to in flow.state_map else ""
        texts = [(labels[k], payload[k]) for k in TEXT_FIELDS if isinstance(payload.get(k), str) and payload[k]]
        at = event.created_at
        if isinstance(at, str):
            at = parse_datetime(at)
        entries.append(Entry(event.seq, at, event.actor, event.on_behalf_of, what, to_state, texts))
    return entries
