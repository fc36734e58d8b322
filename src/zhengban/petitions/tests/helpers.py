"""Steps of the petition flow the tests share."""

from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter
from zhengban.petitions.models import Petition


def fresh(petition):
    return Petition.objects.select_related("matter").get(pk=petition.pk)


def step(actor, petition, name, **payload):
    do_transition(actor, Matter.objects.get(pk=petition.pk), name, payload)
    return fresh(petition)


def forward(office, petition, **extra):
    return step(office.officer, petition, "forward", handling_unit=office.handling_unit.code, **extra)


def accept(office, petition):
    return step(office.handler, petition, "accept", notice="已受理，将在60日内办结。")


def reply(office, petition, outcome="support"):
    return step(office.handler, petition, "reply", outcome=outcome, reply="经核实，村道硬化已列入2026年计划。")
