"""Demo data: a month of liaison memos between the Hengyang sections (sample data, not real work).

Every memo is driven through the memo actions by the demo people, with the clock set to the day
each step happened, so numbers, deadlines, tasks and the audit chain are what real use produces
(and memos left waiting long enough are overdue today).
"""

import datetime
from unittest import mock

from django.utils import timezone

from zhengban.core.models import Person, RoleCode
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter

from .actions import do_create_memo, do_send_memo
from .flows import TYPE

SAMPLE = "（示例数据）"
STEPS = ("draft", "sent", "accepted", "handled", "replied", "closed")

# (days ago it was written, sender unit, lead unit, co-units, title, request, state reached, urgency, classification)
MEMOS = [
    (30, "research", "economic-affairs", ["finance-trade"], "关于提供2026年第三季度经济运行数据的联系单",
     "请提供第三季度GDP、规模以上工业增加值、固定资产投资等主要指标及简要分析。", "closed", "normal", 0),
    (29, "administration", "logistics-service", [], "关于协调市政府大院停车位调整的联系单",
     "大院东侧施工期间，请协调临时停车位并通知各科室。", "closed", "urgent", 0),
    (28, "secretariat-1", "urban-construction", [], "关于提供城区道路改造项目进展情况的联系单",
     "市长办公会需要，请提供城区主干道改造项目的进度、资金和存在问题。", "closed", "normal", 0),
    (27, "supervision", "rural-affairs", [], "关于报送高标准农田建设督查整改情况的联系单",
     "请报送督查发现问题的整改进展及下一步措施。", "replied", "normal", 0),
    (26, "social-development", "finance", [], "关于核拨全市教育系统表彰活动经费的联系单",
     "请核拨表彰活动所需经费，并明确报账程序。", "closed", "normal", 0),
    (25, "secretariat-2", "information-technology", [], "关于市长值班室视频会议系统检修的联系单",
     "值班室视频会议终端声音断续，请安排检修。", "accepted", "very-urgent", 0),
    (24, "economic-affairs", "finance-trade", ["finance"], "关于提供重点商贸企业名单的联系单",
     "请提供年销售额亿元以上商贸企业名单及联系人。", "handled", "normal", 0),
    (23, "foreign-affairs", "administration", [], "关于安排外宾接待用车的联系单",
     "下周外宾来访，请安排两辆商务车。", "closed", "urgent", 0),
    (22, "personnel", "veteran-cadres", [], "关于提供离退休干部基本情况统计表的联系单",
     "请按附表格式提供离退休干部人数、年龄结构等情况。", "accepted", "normal", 0),
    (21, "research", "economic-reform", [], "关于提供营商环境改革情况材料的联系单",
     "为起草政府工作报告，请提供本年度营商环境改革主要举措和成效。", "sent", "normal", 0),
    (20, "urban-construction", "vehicles", [], "关于调配防汛应急车辆的联系单",
     "汛期临近，请预留两辆越野车用于防汛巡查。", "sent", "urgent", 0),
    (19, "secretariat-3", "social-development", [], "关于提供信访事项涉及教育政策口径的联系单",
     "请提供义务教育阶段招生政策的解释口径，便于答复群众来信。", "replied", "normal", 0),
    (18, "finance-trade", "foreign-economic", [], "关于提供外贸企业出口数据的联系单",
     "请提供前三季度重点外贸企业出口额及增幅。", "closed", "normal", 0),
    (17, "information-technology", "personnel", [], "关于更新办公系统人员信息的联系单",
     "请核对并更新各科室人员调整信息，以便开通系统账号。", "closed", "normal", 0),
    (16, "secretariat-1", "personnel", [], "关于提供干部考察材料的联系单",
     "请提供拟任职干部的考察材料。", "accepted", "urgent", 1),
    (15, "rural-affairs", "finance", ["economic-affairs"], "关于拨付乡村振兴项目配套资金的联系单",
     "请按计划拨付第二批乡村振兴项目市级配套资金。", "handled", "normal", 0),
    (14, "logistics-service", "administration", [], "关于机关食堂设备更新采购的联系单",
     "食堂部分炊具老化，请按程序办理采购。", "accepted", "normal", 0),
    (12, "supervision", "urban-construction", [], "关于报送老旧小区改造督办事项进展的联系单",
     "请报送市政府督办的老旧小区改造事项办理进展。", "accepted", "normal", 0),
    (10, "economic-reform", "research", [], "关于征求国企改革方案修改意见的联系单",
     "请对国企改革三年行动方案征求意见稿提出修改意见。", "sent", "normal", 0),
    (9, "secretariat-1", "personnel", [], "关于人事任免材料保密移交的联系单",
     "请按保密规定移交人事任免材料。", "sent", "normal", 1),
    (8, "veteran-cadres", "logistics-service", [], "关于老干部活动中心维修的联系单",
     "活动中心屋顶漏水，请安排维修。", "sent", "urgent", 0),
    (6, "social-development", "secretariat-1", [], "关于安排市政府常务会议议题的联系单",
     "拟提请常务会议研究公共卫生应急体系建设方案，请安排议题。", "accepted", "normal", 0),
    (5, "finance", "economic-affairs", [], "关于提供重点项目投资完成情况的联系单",
     "请提供重点项目年度投资完成情况，用于资金调度。", "sent", "normal", 0),
    (3, "economic-affairs", "urban-construction", [], "关于征求工业园区规划调整意见的联系单",
     "请对工业园区规划调整方案提出意见。", "draft", "normal", 0),
    (2, "research", "supervision", [], "关于提供年度督查工作总结的联系单",
     "请提供年度督查工作总结，用于起草年终材料。", "draft", "normal", 0),
    (1, "administration", "vehicles", [], "关于公务用车年检安排的联系单",
     "请安排公务用车年度检验。", "cancelled", "normal", 0),
]


def _member(unit_code, role=RoleCode.CLERK, clearance=0):
    return (
        Person.objects.filter(unit__code=unit_code, roles__role=role, clearance__gte=clearance, is_active=True)
        .order_by("username")
        .first()
    )


def _at(start, day, hour):
    return start + datetime.timedelta(days=day, hours=hour)


def _drive(spec, today):
    days_ago, sender_unit, lead, co_units, title, request, target, urgency, classification = spec
    sender = _member(sender_unit, clearance=classification) or _member(sender_unit, RoleCode.CHIEF, classification)
    handler = _member(lead, clearance=classification) or _member(lead, RoleCode.CHIEF, classification)
    chief = _member(lead, RoleCode.CHIEF, classification)
    if sender is None or handler is None:
        return None
    start = today - datetime.timedelta(days=days_ago)
    period = "10年" if classification else ""
    with mock.patch("django.utils.timezone.now", return_value=_at(start, 0, 0)):
        matter = do_create_memo(sender, title=title, body=f"{request}\n{SAMPLE}", classification=classification,
                                classification_period=period, urgency=urgency)
        if target == "cancelled":
            return do_transition(sender, matter, "cancel", {"reason": f"已电话协调解决。{SAMPLE}"})
    reached = STEPS.index(target) if target in STEPS else 0
    steps = [
        (sender, lambda m: do_send_memo(sender, m, lead_unit=lead, co_units=co_units,
                                        requested_by=(start + datetime.timedelta(days=14)).date())),
        (handler, lambda m: do_transition(handler, m, "accept", {})),
        (handler, lambda m: _countersign_then_handle(m, handler)),
        (chief, lambda m: do_transition(chief, m, "reply", {"reply": f"已按要求办理，详见办理结果。{SAMPLE}"})),
        (sender, lambda m: do_transition(sender, m, "confirm", {})),
    ]
    for day, (who, step) in enumerate(steps[:reached], start=1):
        if who is None:
            break
        with mock.patch("django.utils.timezone.now", return_value=_at(start, day, 2)):
            matter = step(matter)
    return matter


def _countersign_then_handle(matter, handler):
    from zhengban.engine.generic import do_countersign
    from zhengban.engine.models import Task, TaskKind, TaskState

    for task in Task.objects.filter(matter=matter, kind=TaskKind.COUNTERSIGN, state=TaskState.OPEN):
        signer = _member(task.assignee_unit.code) or _member(task.assignee_unit.code, RoleCode.CHIEF)
        do_countersign(signer, task, agree=True, opinion=f"同意，已提供本科室相关情况。{SAMPLE}")
    return do_transition(handler, matter, "handle", {"result": f"已整理相关材料并报送。{SAMPLE}"})


def load_demo(stdout):
    if Matter.objects.filter(type=TYPE).exists():
        stdout.write("Liaison memos: already present, left as they are.")
        return
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    made = [m for m in (_drive(spec, today) for spec in MEMOS) if m is not None]
    stdout.write(f"Liaison memos: {len(made)} sample memos written between the sections.")
