"""What text of a matter is searchable, per matter type.

A module registers `register_indexer(type, fn)`, where fn(matter) returns a dict of text fields
(any names: "parties", "instructions", "replies", ...); their values are indexed with the body and
shown in snippets. Every type also gets the matter's own number, title and body. Memos and
documents are described here because their modules predate the hook; later modules (petitions,
suggestions) register their own in their AppConfig.ready()."""

from django.core.exceptions import ObjectDoesNotExist

_indexers = {}


def register_indexer(type_, function):
    _indexers[type_] = function


def indexer_for(type_):
    return _indexers.get(type_) or default_indexer


def memo_indexer(matter):
    try:
        memo = matter.memo
    except ObjectDoesNotExist:
        return {}
    return {"replies": "\n".join(filter(None, [memo.result, memo.reply]))}


def default_indexer(matter):
    """The matter's own fields are always indexed; a matter carrying an official document record
    (incoming or outgoing, whatever its flow is named) adds the document's parties and
    instructions."""
    try:
        document = matter.document
    except ObjectDoesNotExist:
        return {}
    organizations = [document.sender] if document.sender_id else []
    organizations += list(document.main_recipients.all()) + list(document.cc_recipients.all())
    parties = []
    for organization in organizations:
        parties += [organization.name_zh, organization.name_en]
    return {
        "parties": "\n".join(filter(None, [document.sender_number, *parties])),
        "instructions": "\n".join(filter(None, [document.instruction, document.result])),
    }


def searchable_text(matter):
    """The body followed by the type's fields, as written: what is indexed and highlighted."""
    fields = indexer_for(matter.type)(matter)
    return "\n".join(part for part in [matter.body, *fields.values()] if part)


register_indexer("memo", memo_indexer)
