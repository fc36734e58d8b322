"""Every statutory limit of the 信访工作条例 (2022) as a flow parameter.

Each limit is [amount, unit]; the unit (calendar_days or working_days) defaults to the regulation's
wording and an administrator may change either per deployment (engine FlowParameter):

- decide_within 15 days (第二十二条): forward (转送), assign (交办) or not accept, from registration;
- accept_within 15 days (第三十条): the receiving body tells the petitioner it accepts;
- object_within 5 working days (第三十条): the receiving body objects that it is not its matter;
- handle_within 60 days from acceptance (第三十二条), extension_at_most 30 days, once, approved and
  notified in writing;
- review_request_within / review_decide_within 30 days (第三十五条, 复查);
- re_review_request_within / re_review_decide_within 30 days (第三十五条, 复核); after it the same
  facts and reasons are not accepted again.
"""

from zhengban.deadlines.compute import CALENDAR_DAYS, WORKING_DAYS, compute_due
from zhengban.engine.flow import Deadline
from zhengban.engine.parameters import flow_parameter

DECIDE = Deadline("decide_within", 15, CALENDAR_DAYS)
ACCEPT = Deadline("accept_within", 15, CALENDAR_DAYS, applies_to_matter=True)
OBJECT = Deadline("object_within", 5, WORKING_DAYS)
HANDLE = Deadline("handle_within", 60, CALENDAR_DAYS)
EXTENSION = Deadline("extension_at_most", 30, CALENDAR_DAYS)
REVIEW_REQUEST = Deadline("review_request_within", 30, CALENDAR_DAYS)
REVIEW_DECIDE = Deadline("review_decide_within", 30, CALENDAR_DAYS)
RE_REVIEW_REQUEST = Deadline("re_review_request_within", 30, CALENDAR_DAYS)
RE_REVIEW_DECIDE = Deadline("re_review_decide_within", 30, CALENDAR_DAYS)

LIMITS = (DECIDE, ACCEPT, OBJECT, HANDLE, EXTENSION, REVIEW_REQUEST, REVIEW_DECIDE, RE_REVIEW_REQUEST, RE_REVIEW_DECIDE)

# Besides the limits: the repeat threshold (Jaccard similarity of the texts' words), the unit that
# receives online petitions, and the public endpoints' hourly limits per IP address and per contact.
OTHER_PARAMETERS = {
    "repeat_similarity": 0.5,
    "intake_unit": "secretariat-3",
    "public_submissions_per_hour": 5,
    "public_queries_per_hour": 30,
}


def parameters():
    return {**{d.param: [d.amount, d.unit] for d in LIMITS}, **OTHER_PARAMETERS}


def limit(flow, deadline):
    amount, unit = flow_parameter(flow, deadline.param)
    return int(amount), unit


def due_after(flow, deadline, start, amount=None):
    """The end of the limit `deadline` started at `start` (with `amount` instead of its length if given)."""
    length, unit = limit(flow, deadline)
    return compute_due(start, length if amount is None else amount, unit).at
