"""Memo verbs. Creating opens a matter with its memo row; every later step is a flow transition."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from zhengban.core import rows
from zhengban.core.errors import ActionError
from zhengban.engine.actions import do_open_matter, do_transition

from .flows import TYPE
from .models import Memo


def do_create_memo(actor, *, title, body="", classification=0, classification_period="", urgency="normal"):
    if actor.unit_id is None:
        raise ActionError(_("Only a member of a unit can write a liaison memo."))
    with transaction.atomic(), rows.writes_together():
        matter = do_open_matter(
            actor, TYPE, title=title, body=body, classification=classification,
            classification_period=classification_period, urgency=urgency,
        )
        rows.insert_later([Memo(matter=matter)])
    return matter


def do_send_memo(actor, matter, *, lead_unit, requested_by, co_units=(), expected_version=None):
    if isinstance(requested_by, datetime.date):
        requested_by = requested_by.isoformat()
    return do_transition(
        actor, matter, "send",
        {"lead_unit": lead_unit, "co_units": list(co_units), "requested_by": requested_by},
        expected_version=expected_version,
    )
