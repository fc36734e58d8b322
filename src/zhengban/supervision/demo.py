"""Demo data: supervision items from annual key tasks and leaders' instructions, in every state and
light, with progress history (sample data, not real work). Driven through the actions with the
clock set to the day each step happened."""

import datetime
from unittest import mock

from django.utils import timezone

from zhengban.core.models import Person, RoleCode
from zhengban.engine.actions import do_transition

from .actions import do_decide_extension, do_instruct, do_open_supervision_item, do_request_extension
from .models import SupervisionItem

SAMPLE = "（示例数据）"

# (days ago opened, source, lead unit, title, days to the deadline, cadence, state reached, progress reports)
ITEMS = [
    (120, "annual-key-task", "urban-construction", "完成城区30个老旧小区改造", 200, "monthly", "in-progress", [20, 45]),
    (110, "annual-key-task", "economic-affairs", "规模以上工业增加值增长7%以上", 240, "quarterly", "in-progress", [15]),
    (100, "annual-key-task", "rural-affairs", "新建高标准农田10万亩", 90, "monthly", "closed", [30, 70]),
    (95, "annual-key-task", "social-development", "新建改扩建中小学校12所", 80, "monthly", "in-progress", [10]),
    (90, "annual-key-task", "finance-trade", "社会消费品零售总额增长6%", 85, "monthly", "completed", [40, 80]),
    (80, "leader-instruction", "urban-construction", "落实市长关于城区内涝治理的批示", 70, "weekly", "in-progress", [10, 20, 30]),
    (60, "leader-instruction", "foreign-economic", "落实副市长关于招商引资项目落地的批示", 100, "monthly", "in-progress", [40]),
    (45, "annual-key-task", "economic-reform", "推进国有企业改革三年行动收官", 120, "monthly", "verified", [50]),
    (30, "leader-instruction", "rural-affairs", "落实秘书长关于防汛物资储备的批示", 32, "weekly", "in-progress", [60, 90]),
    (20, "leader-instruction", "social-development", "落实市长关于校园安全排查的批示", 60, "weekly", "assigned", []),
    (5, "annual-key-task", "information-technology", "建成政务服务一网通办平台", 150, "quarterly", "registered", []),
]


def _person(unit_code, role):
    return Person.objects.filter(unit__code=unit_code, roles__role=role, is_active=True).order_by("username").first()


def _leader(role):
    return Person.objects.filter(roles__role=role, is_active=True).order_by("username").first()


def _drive(spec, today, officer, leader):
    days_ago, source, unit, title, days_to_due, cadence, target, reports = spec
    worker = _person(unit, RoleCode.CLERK) or _person(unit, RoleCode.CHIEF)
    if worker is None:
        return None
    start = today - datetime.timedelta(days=days_ago)

    def on(day):
        return mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(days=day))

    with on(0):
        if target == "registered":
            return do_open_supervision_item(officer, source=source, title=title, body=f"{title}。{SAMPLE}", leader=leader)
        matter = do_open_supervision_item(
            officer, source=source, title=title, body=f"{title}。{SAMPLE}", lead_unit=unit,
            due=(start + datetime.timedelta(days=days_to_due)).date(), cadence=cadence, leader=leader,
        )
    if target == "assigned":
        return matter
    with on(1):
        matter = do_transition(worker, matter, "sign", {"note": SAMPLE})
    step = max(2, (days_ago - 2) // (len(reports) + 2))
    for n, progress in enumerate(reports, start=1):
        with on(1 + n * step):
            matter = do_transition(worker, matter, "report", {"progress": progress, "text": f"已完成{progress}%。{SAMPLE}"})
    if source == "leader-instruction" and leader is not None:
        with on(1 + step):
            do_instruct(leader, matter, text=f"请加快进度，按期办结。{SAMPLE}")
    if target == "in-progress" and days_to_due - days_ago > 10 and len(reports) == 1:
        with on(days_ago - 1):
            extension = do_request_extension(worker, matter, new_due=(start + datetime.timedelta(days=days_to_due + 30)).date(),
                                             reason=f"受天气影响，申请延期一个月。{SAMPLE}")
            do_decide_extension(officer, extension, approve=True, note=SAMPLE)
    if target in ("completed", "verified", "closed"):
        with on(days_ago - 3):
            matter = do_transition(worker, matter, "complete", {"report": f"已全部完成。{SAMPLE}"})
    if target in ("verified", "closed"):
        with on(days_ago - 2):
            matter = do_transition(officer, matter, "verify", {"rating": "4", "opinion": SAMPLE})
    if target == "closed":
        with on(days_ago - 1):
            matter = do_transition(officer, matter, "close", {"note": SAMPLE})
    return matter


def load_demo(stdout):
    if SupervisionItem.objects.exists():
        stdout.write("Supervision items: already present, left as they are.")
        return
    officer = _person("supervision", RoleCode.SUPERVISION_OFFICER)
    if officer is None:
        stdout.write("Supervision items: no supervision officer in the demo cast, none written.")
        return
    leaders = [_leader(RoleCode.MAYOR), _leader(RoleCode.VICE_MAYOR), _leader(RoleCode.SECRETARY_GENERAL)]
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    made = [m for n, spec in enumerate(ITEMS) if (m := _drive(spec, today, officer, leaders[n % 3])) is not None]
    stdout.write(f"Supervision items: {len(made)} sample items in every state and light, with progress history.")
