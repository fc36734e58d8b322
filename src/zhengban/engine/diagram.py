"""Drawing a declared flow: a Mermaid state diagram and the Markdown page docs/flows/<type>.md.

Both are generated from the declaration only (never from a translation catalogue or the database),
so the same code always gives the same text and a test can tell when docs/flows/ is stale.
"""

import json
from pathlib import Path

# src/zhengban/engine/diagram.py → the repository root is three folders up from this package.
REPOSITORY = Path(__file__).resolve().parents[3]
DOCS = REPOSITORY / "docs"
FLOW_DOCS = DOCS / "flows"

GENERIC_STEPS = (
    ("return", "退回", "the holder of the current step sends the matter back to any step it passed, with a reason"),
    ("withdraw", "撤回", "whoever took the last step takes it back while nobody after has acted (not after a number)"),
    ("suspend / resume", "暂停 / 恢复", "the holder, the sender or the lead unit's chief stops and restarts the clock"),
    ("reassign", "转交", "a unit chief or an administrator gives open tasks to someone else"),
    ("claim", "抢办", "a member of the assigned unit takes a unit task as their own"),
)


def who_may(transition):
    """The predicate's own description (access.py gives each one), else its function name."""
    predicate = transition.allowed
    described = getattr(predicate, "describe", None)
    return described or getattr(predicate, "__name__", "").strip("_").replace("_", " ") or "—"


def _clean(text):
    # Mermaid ends a label at ";" or a line break and reads ":" after the arrow as the label start.
    return " ".join(str(text).split()).replace(";", ",").replace(":", " ").replace('"', "'")


def mermaid(flow):
    """The flow as a Mermaid stateDiagram-v2, labels in both languages."""
    lines = ["stateDiagram-v2"]
    for state in flow.states:
        lines.append(f'    state "{_clean(state.label_en)} / {_clean(state.label_zh)}" as {state.name}')
    lines.append(f"    [*] --> {flow.initial}")
    for transition in flow.transitions:
        label = f"{_clean(transition.label_en)} {_clean(transition.label_zh)} ({_clean(who_may(transition))})"
        for source in transition.source:
            lines.append(f"    {source} --> {transition.target}: {label}")
    for state in flow.states:
        if state.terminal:
            lines.append(f"    {state.name} --> [*]")
    lines.append(f"    note left of {flow.initial}")
    lines.append("        Every step also allows")
    for name, zh, _ in GENERIC_STEPS:
        lines.append(f"        {name} ({zh})")
    lines.append("    end note")
    return "\n".join(lines) + "\n"


def _deadline(flow, transition):
    deadline = transition.deadline
    if deadline is None:
        return "—"
    scope = "matter and tasks" if deadline.applies_to_matter else "tasks"
    return f"`{deadline.param}`, default {deadline.amount} {deadline.unit.replace('_', ' ')} ({scope})"


def markdown(flow):
    """The page docs/flows/<type>.md: heading, diagram, transitions, parameters and generic steps."""
    rows = [
        f"# {flow.label_en} ({flow.label_zh}) — `{flow.type}`",
        "",
        "Generated from the flow's declaration by `zhengban flows write-docs`; do not edit by hand.",
        "",
        "```mermaid",
        mermaid(flow).rstrip("\n"),
        "```",
        "",
        "## Transitions",
        "",
        "| Name | Label | From | To | Who may take it | Deadline started | Number sequence |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in flow.transitions:
        rows.append(
            f"| `{t.name}` | {t.label_en} / {t.label_zh} | {', '.join(t.source)} | {t.target} | {who_may(t)} "
            f"| {_deadline(flow, t)} | {f'`{t.number}`' if t.number else '—'} |"
        )
    rows += ["", "## States", "", "| Name | Label | Terminal |", "| --- | --- | --- |"]
    for state in flow.states:
        rows.append(f"| `{state.name}` | {state.label_en} / {state.label_zh} | {'yes' if state.terminal else 'no'} |")
    rows += ["", "## Parameters", ""]
    if flow.parameters:
        rows += [
            "Administrators change these in the admin (Flow parameters); every process uses the new value within 30 seconds.",
            "",
            "| Key | Default |",
            "| --- | --- |",
        ]
        rows += [f"| `{key}` | `{json.dumps(value, ensure_ascii=False)}` |" for key, value in sorted(flow.parameters.items())]
    else:
        rows.append("None.")
    rows += ["", "## Generic steps", "", "Every flow has these without module code:", ""]
    rows += [f"- **{name}** ({zh}): {what}." for name, zh, what in GENERIC_STEPS]
    return "\n".join(rows) + "\n"


def doc_path(flow, folder=None):
    return Path(folder or FLOW_DOCS) / f"{flow.type}.md"


def write_docs(flows, folder=None):
    """Write every flow's page; return the paths that changed."""
    folder = Path(folder or FLOW_DOCS)
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for flow in flows:
        path = doc_path(flow, folder)
        text = markdown(flow)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
