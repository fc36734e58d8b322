"""The regulation's checks on an outgoing document (党政机关公文处理工作条例, DESIGN.md §4).

Each check looks at the document as it is and returns a Problem, or None. `enforce` runs a set of
them at a step and refuses the step with every reason at once, before anything changes.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError

from .models import DocType, UPWARD_TYPES

# Payload keys that would set the 发文字号 by hand.
NUMBER_KEYS = ("number", "document_number")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def refuse_manual_number(payload):
    """A 发文字号 is assigned at registration from the prefix's sequence, never typed."""
    if isinstance(payload, dict) and any(key in payload for key in NUMBER_KEYS):
        key = next(key for key in NUMBER_KEYS if key in payload)
        raise ActionError(
            _("The document number (发文字号) cannot be typed: it is assigned from its sequence at registration."),
            fields={key: _("Assigned at registration; remove this field.")},
            code="manual_number",
        )


def main_recipients_of(document):
    # Prefetched lists are reused; otherwise one query.
    return list(document.main_recipients.all())


def request_carries_one_matter(document):
    if document.doc_type == DocType.REQUEST and document.carries_several_matters:
        return Problem("carries_several_matters", _("A request (请示) carries one matter only (一文一事)."))
    return None


def request_has_one_main_recipient(document):
    if document.doc_type == DocType.REQUEST and len(main_recipients_of(document)) > 1:
        return Problem("main_recipients", _("A request (请示) has exactly one main recipient; send copies to the others."))
    return None


def is_upward(document):
    return document.doc_type in UPWARD_TYPES or any(org.is_higher_level for org in main_recipients_of(document))


def upward_has_signer(document):
    if is_upward(document) and not document.signers:
        return Problem("signers", _("An upward document (上行文) must carry its signer (签发人): have it signed first."))
    return None


def classified_has_period(document):
    matter = document.matter
    if matter.classification and not (matter.classification_period or "").strip():
        return Problem("classification_period", _("A classified document needs its classification period (保密期限)."))
    return None


def classified_has_copy_numbers(document):
    if document.matter.classification and not (document.copy_numbers or "").strip():
        return Problem("copy_numbers", _("A classified document needs copy numbers (份号) on every copy."))
    return None


def has_title(document):
    if not (document.matter.title or "").strip():
        return Problem("title", _("The document needs a title (标题)."))
    return None


def has_issuer(document):
    if not (document.issuer_signature or "").strip():
        return Problem("issuer_signature", _("The document needs its issuing organ's name (发文机关署名)."))
    return None


def has_written_date(document):
    if document.written_date is None:
        return Problem("written_date", _("The date written (成文日期) is set when the document is signed: have it signed first."))
    return None


def has_main_recipient(document):
    if document.doc_type in UPWARD_TYPES and not main_recipients_of(document):
        return Problem("main_recipients", _("An upward document needs its main recipient (主送机关)."))
    return None


BEFORE_OFFICE_REVIEW = (has_title, has_issuer, request_carries_one_matter, request_has_one_main_recipient,
                        has_main_recipient, classified_has_period)
BEFORE_SIGNING = BEFORE_OFFICE_REVIEW
BEFORE_REGISTRATION = (*BEFORE_OFFICE_REVIEW, upward_has_signer, has_written_date)
BEFORE_PRINTING = (classified_has_period, classified_has_copy_numbers)


def problems(document, checks):
    return [p for p in (check(document) for check in checks) if p is not None]


def enforce(document, checks):
    """Refuse with every reason found, or return quietly."""
    found = problems(document, checks)
    if found:
        raise ActionError(
            " ".join(p.message for p in found),
            fields={p.field: p.message for p in found},
            code="document_check",
        )
