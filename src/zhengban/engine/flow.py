"""Declaring a flow: states, transitions, who may take them, guards, deadlines, numbers and tasks.

A module declares its flow once (in its flows.py) and registers it; the engine enforces it, draws
it (`zhengban flows diagram`), and adds the generic steps every flow has (return, withdraw,
suspend, resume, reassign) without module code.
"""

from dataclasses import dataclass, field
from typing import Callable

from django.utils.translation import get_language

from .fields import Form


def _pick(en, zh):
    return en if (get_language() or "").startswith("en") else (zh or en)


@dataclass(frozen=True)
class State:
    name: str
    label_en: str
    label_zh: str
    terminal: bool = False
    clock: bool = True

    @property
    def label(self):
        return _pick(self.label_en, self.label_zh)


@dataclass(frozen=True)
class Deadline:
    """A limit a transition starts; `param` lets an administrator change its length."""

    param: str
    amount: int
    unit: str
    applies_to_matter: bool = True


@dataclass(frozen=True)
class Assignee:
    person: object = None
    unit: object = None
    role: str = ""


@dataclass(frozen=True)
class TaskSpec:
    """Tasks a transition opens: `to(ctx, payload)` returns Assignees."""

    to: Callable
    kind: str = "handle"
    step: str = ""


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple
    target: str
    label_en: str
    label_zh: str
    allowed: Callable
    form: Form = field(default_factory=Form)
    guards: tuple = ()
    deadline: Deadline | None = None
    number: str = ""
    opens: tuple = ()
    effects: tuple = ()
    after_commit: tuple = ()
    requires_countersign_done: bool = False
    style: str = "primary"

    @property
    def label(self):
        return _pick(self.label_en, self.label_zh)


@dataclass
class Flow:
    type: str
    label_en: str
    label_zh: str
    states: tuple
    transitions: tuple
    initial: str
    initial_deadline: Deadline | None = None
    parameters: dict = field(default_factory=dict)

    def __post_init__(self):
        self.state_map = {s.name: s for s in self.states}
        self.transition_map = {t.name: t for t in self.transitions}
        if self.initial not in self.state_map:
            raise ValueError(f"{self.type}: initial state {self.initial!r} is not declared")
        if len(self.transition_map) != len(self.transitions):
            raise ValueError(f"{self.type}: transition names repeat")
        for t in self.transitions:
            for name in (*t.source, t.target):
                if name not in self.state_map:
                    raise ValueError(f"{self.type}.{t.name}: unknown state {name!r}")
            for spec in t.opens:
                if spec.step and spec.step not in self.state_map:
                    raise ValueError(f"{self.type}.{t.name}: task step {spec.step!r} is not a state")
        for t in self.transitions:
            if t.deadline:
                self.parameters.setdefault(t.deadline.param, [t.deadline.amount, t.deadline.unit])
        if self.initial_deadline:
            d = self.initial_deadline
            self.parameters.setdefault(d.param, [d.amount, d.unit])

    @property
    def label(self):
        return _pick(self.label_en, self.label_zh)

    def state(self, name):
        return self.state_map[name]

    def transitions_from(self, state):
        return [t for t in self.transitions if state in t.source]


_registry: dict[str, Flow] = {}


def register(flow):
    if flow.type in _registry and _registry[flow.type] is not flow:
        raise ValueError(f"flow {flow.type!r} is registered twice")
    _registry[flow.type] = flow
    return flow


def get_flow(type_):
    from zhengban.core.errors import NotFound

    try:
        return _registry[type_]
    except KeyError:
        raise NotFound(f"Unknown matter type {type_!r}.") from None


def all_flows():
    return dict(sorted(_registry.items()))
