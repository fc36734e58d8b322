"""What a petitioner sees with their query code: their own petition's public facts, nothing internal
(no handling unit, officers, notes, links or other petitions)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PUBLIC_STATES = {
    "registered": _("Received; the office is deciding how to handle it"),
    "awaiting_acceptance": _("Forwarded to the responsible body, awaiting its acceptance"),
    "accepted": _("Accepted and being handled"),
    "extension_requested": _("Accepted and being handled"),
    "replied": _("Replied"),
    "review_requested": _("Review (复查) under way"),
    "reviewed": _("Review (复查) decided"),
    "re_review_requested": _("Second review (复核) under way"),
    "final": _("Concluded after the second review (复核)"),
    "closed": _("Closed"),
    "not_accepted": _("Not accepted"),
    "discipline": _("Forwarded to the discipline inspection body"),
}


def _day(moment):
    return timezone.localtime(moment).date().isoformat() if moment else None


def public_facts(petition):
    matter = petition.matter
    replied = bool(petition.replied_at)
    return {
        "number": matter.number,
        "received": _day(matter.opened_at),
        "state": str(PUBLIC_STATES[matter.state]),
        "receiving_body": petition.receiving_body.name if petition.receiving_body_id else None,
        "not_accepted_reason": petition.refusal_reason or None,
        "acceptance_notice": petition.acceptance_notice or None,
        "extension_notice": petition.extension_notice or None,
        "outcome": petition.get_outcome_display() if replied else None,
        "reply": petition.reply if replied else None,
        "replied": _day(petition.replied_at),
        "review_decision": petition.review_decision or None,
        "re_review_decision": petition.re_review_decision or None,
        "rating": petition.get_rating_display() if petition.rating else None,
        "may_rate": matter.state == "replied" and not petition.rating and not matter.paused_at,
    }
