import pytest

from zhengban.archive.actions import do_save_category
from zhengban.archive.models import Retention
from zhengban.core.models import RoleCode
from zhengban.engine.access import holds_task, is_creator
from zhengban.engine.actions import do_open_matter, do_transition
from zhengban.engine import flow as flow_registry
from zhengban.engine.flow import Flow, State, Transition

# A minimal matter type whose closed matters can be reopened: it lets the tests try to change an
# archived matter through the engine. It is registered only while an archive test runs, so the
# declared flows (and their committed docs) stay those of the product.
TEST_TYPE = "archive-test"
TEST_FLOW = Flow(
    type=TEST_TYPE, label_en="Archive test", label_zh="归档测试", initial="open",
    states=(State("open", "Open", "办理中"), State("closed", "Closed", "已办结", terminal=True)),
    transitions=(
        Transition("close", ("open",), "closed", "Close", "办结", allowed=holds_task()),
        Transition("reopen", ("closed",), "open", "Reopen", "重新办理", allowed=is_creator),
    ),
)


@pytest.fixture
def archive(cast, make_person, monkeypatch):
    """The cast plus an archivist (no clearance: classified items must still reach her lists), a file plan and helpers."""
    monkeypatch.setitem(flow_registry._registry, TEST_TYPE, TEST_FLOW)
    cast.archivist = make_person("archivist", unit=cast.unit, roles=[RoleCode.ARCHIVIST], full_name="样例·档案员")
    cast.outgoing = do_save_category(cast.admin, code="FW", name_zh="发文", name_en="Outgoing", retention=Retention.YEARS_30)
    cast.routine = do_save_category(cast.admin, code="LXD", name_zh="工作联系单", name_en="Memos", retention=Retention.YEARS_10)
    cast.minutes = do_save_category(cast.admin, code="JY", name_zh="会议纪要", name_en="Minutes", retention=Retention.PERMANENT)

    def closed(creator=None, lead_unit=None, classification=0, title="关于做好年度工作的通知"):
        creator = creator or cast.member
        matter = do_open_matter(creator, TEST_TYPE, title=title, lead_unit=lead_unit or creator.unit,
                                classification=classification, classification_period="10年" if classification else "")
        return do_transition(creator, matter, "close", {})

    def open_matter(creator=None):
        creator = creator or cast.member
        return do_open_matter(creator, TEST_TYPE, title="办理中的事项", lead_unit=creator.unit)

    cast.closed, cast.open_matter = closed, open_matter
    return cast
