"""Flow diagrams: the Mermaid drawing, the `flows` command, and docs/flows/ kept in step with the code."""

import io

import pytest
from django.core.management import CommandError, call_command

from zhengban.engine.diagram import DOCS, doc_path, markdown, mermaid, write_docs
from zhengban.engine.flow import all_flows, get_flow


def test_mermaid_draws_states_transitions_with_who_and_the_generic_steps():
    text = mermaid(get_flow("memo"))
    lines = text.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert '    state "Awaiting acceptance / 待受理" as sent' in lines
    assert "    [*] --> draft" in lines
    assert "    closed --> [*]" in lines and "    cancelled --> [*]" in lines
    assert "    sent --> accepted: Accept 受理 (holder of the current task)" in lines
    assert "    draft --> cancelled: Cancel 撤销 (the sender or role system-administrator)" in lines
    assert "        return (退回)" in lines and "        withdraw (撤回)" in lines and "    end note" in lines


def test_markdown_has_the_transition_table_with_deadline_parameters_and_numbers():
    text = markdown(get_flow("memo"))
    assert text.startswith("# Liaison memo (工作联系单) — `memo`\n")
    assert "```mermaid\nstateDiagram-v2\n" in text
    assert "| `send` | Send / 发送 | draft | sent | holder of the current task " \
           "| `accept_within`, default 2 working days (tasks) | `memo` |" in text
    assert '| `handle_within` | `[10, "working_days"]` |' in text


@pytest.mark.skipif(not DOCS.is_dir(), reason="docs/ is absent: running from an installed package, not the repository")
@pytest.mark.parametrize("flow_type", sorted(all_flows()))
def test_committed_flow_docs_are_current(flow_type):
    flow = get_flow(flow_type)
    path = doc_path(flow)
    assert path.exists() and path.read_text(encoding="utf-8") == markdown(flow), (
        f"{path} is missing or stale: run `zhengban flows write-docs` and commit docs/flows/."
    )


def test_flows_command_lists_draws_and_writes(tmp_path):
    out = io.StringIO()
    call_command("flows", "list", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("memo\tLiaison memo / 工作联系单\t") for line in lines)
    assert lines == sorted(lines)
    out = io.StringIO()
    call_command("flows", "diagram", "memo", stdout=out)
    assert out.getvalue() == mermaid(get_flow("memo"))
    out = io.StringIO()
    call_command("flows", "write-docs", "--folder", str(tmp_path), stdout=out)
    assert (tmp_path / "memo.md").read_text(encoding="utf-8") == markdown(get_flow("memo"))
    assert write_docs(all_flows().values(), tmp_path) == []  # a second run changes nothing
    with pytest.raises(CommandError, match="nope"):
        call_command("flows", "diagram", "nope")
