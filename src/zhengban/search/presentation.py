"""Labels of a hit's type and state in the reader's language (the index may hold types whose
module is not installed, e.g. imported records; their codes are shown as they are)."""

from zhengban.engine.flow import all_flows


def type_label(type_):
    flow = all_flows().get(type_)
    return flow.label if flow else type_


def state_label(type_, state):
    flow = all_flows().get(type_)
    return flow.state_map[state].label if flow and state in flow.state_map else state


def type_choices():
    return [(code, flow.label) for code, flow in all_flows().items()]
