"""Deadlines of flows: declared defaults, administrators' parameters, and the working calendar."""

from zhengban.deadlines.compute import compute_due, resume_due
from zhengban.deadlines.models import CalendarRevision

from .parameters import flow_parameter


def expect_deadline():
    """Called before the matter is locked by a transition that starts a deadline: the calendar's
    revision is then read in the same round trip as the lock."""
    CalendarRevision.read_ahead()


def due_for(flow, deadline, start):
    """The due time of a declared deadline started at `start`, with the deployment's length."""
    amount, unit = flow_parameter(flow, deadline.param)
    return compute_due(start, int(amount), unit), unit


def resumed_due(matter, resumed_at):
    return resume_due(matter.due_at, matter.paused_at, resumed_at, matter.due_unit or "calendar_days")
