"""Demo data: one session's NPC deputies' suggestions (~60) and CPPCC members' proposals (~60), in
every state (sample data: the authors are sample names, nothing here is a real deputy's work).

Imported from a generated spreadsheet and driven through the flow by the demo people, with the clock
set to the day each step happened, so deadlines, tasks, letters and the audit chain are what real use
produces (and items left unanswered long enough are overdue today).
"""

import datetime
from unittest import mock

from django.utils import timezone
from openpyxl import Workbook

from zhengban.core.models import Person, RoleCode
from zhengban.engine.actions import do_transition
from zhengban.engine.generic import do_countersign
from zhengban.engine.models import Task, TaskKind, TaskState

from .actions import do_create_session, do_open_supervision_for
from .importing import do_import_suggestions
from .models import Session, Suggestion

SAMPLE = "（示例数据）"
SURNAMES = "李王张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"

# (title stem, category, lead unit, co-unit or "")
TOPICS = [
    ("加快推进湘江衡阳段生态修复", "生态环境", "urban-construction", "rural-affairs"),
    ("完善城区停车设施", "城乡建设", "urban-construction", ""),
    ("加强农村饮用水安全保障", "农业农村", "rural-affairs", "urban-construction"),
    ("支持中小微企业融资", "经济发展", "finance-trade", "economic-affairs"),
    ("推进老旧小区加装电梯", "城乡建设", "urban-construction", ""),
    ("加大义务教育阶段学位供给", "教育", "social-development", ""),
    ("提升基层医疗卫生服务能力", "医疗卫生", "social-development", "finance-trade"),
    ("促进衡阳高新区产业集聚", "经济发展", "economic-affairs", "foreign-economic"),
    ("扩大南岳衡山旅游客源市场", "文化旅游", "foreign-economic", "social-development"),
    ("加强养老服务体系建设", "民生保障", "rural-affairs", "social-development"),
    ("优化城区公交线路", "交通", "economic-affairs", "urban-construction"),
    ("推进高标准农田建设", "农业农村", "rural-affairs", ""),
    ("加强食品安全监管", "市场监管", "economic-affairs", ""),
    ("推动外贸企业稳订单拓市场", "对外开放", "foreign-economic", "finance-trade"),
    ("完善城市排水防涝设施", "城乡建设", "urban-construction", "rural-affairs"),
    ("加强非物质文化遗产保护", "文化旅游", "social-development", ""),
    ("提升政务服务一网通办水平", "营商环境", "information-technology", "economic-reform"),
    ("深化国有企业改革", "经济发展", "economic-reform", ""),
    ("加强退役军人就业创业扶持", "民生保障", "rural-affairs", "economic-affairs"),
    ("规范城区夜间经济发展", "市场监管", "finance-trade", "urban-construction"),
]
NPC_FORMS = ("关于{}的建议", "关于进一步{}的建议", "关于切实{}的建议")
CPPCC_FORMS = ("关于{}的提案", "关于进一步{}的提案", "关于加快{}工作的提案")

# The state each item reaches, in order, repeated over the items (every state appears in both kinds).
PLAN = ("closed", "closed", "replied", "handling", "closed", "assigned", "handling", "closed", "dissatisfied",
        "replied", "closed", "handling", "registered", "closed", "overdue", "closed")


def _person(unit_code, role=RoleCode.CLERK):
    return Person.objects.filter(unit__code=unit_code, roles__role=role, is_active=True).order_by("username").first()


def _authors(kind, n):
    title = "代表" if kind == "npc" else "委员"
    count = 1 + n % 3
    return ", ".join(f"{title}{SURNAMES[(n * 7 + i * 11) % len(SURNAMES)]}某（示例）" for i in range(count))


def _rows(kind):
    forms = NPC_FORMS if kind == "npc" else CPPCC_FORMS
    rows = []
    for n in range(1, 61):
        stem, category, lead, co = TOPICS[(n - 1) % len(TOPICS)]
        title = forms[((n - 1) // len(TOPICS)) % len(forms)].format(stem)
        text = f"{title[2:-3]}事关群众切身利益。建议有关部门加强统筹，明确责任分工，加大投入，按年度推进落实。{SAMPLE}"
        rows.append((str(n), title, _authors(kind, n), text, category))
    return rows


def _workbook(rows):
    import io

    book = Workbook()
    book.active.append(["number", "title", "authors", "text", "category"])
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _step(day, action):
    with mock.patch("django.utils.timezone.now", return_value=_at(day)):
        return action()


def _drive(officer, item, target, assigned_on):
    """Take the item to `target` with the dates of a session's handling year."""
    matter = item.matter
    _stem, _category, lead, co = TOPICS[(int(item.number) - 1) % len(TOPICS)]
    handler = _person(lead) or _person(lead, RoleCode.CHIEF)
    if target == "registered" or handler is None:
        return
    co_units = [co] if co and _person(co) else []
    matter = _step(assigned_on, lambda: do_transition(officer, matter, "assign", {"lead_unit": lead, "co_units": co_units}))
    if target in ("assigned", "overdue"):
        return
    matter = _step(assigned_on + datetime.timedelta(days=2), lambda: do_transition(handler, matter, "accept", {}))
    for task in Task.objects.filter(matter=matter, kind=TaskKind.COUNTERSIGN, state=TaskState.OPEN).select_related("assignee_unit"):
        signer = _person(task.assignee_unit.code) or _person(task.assignee_unit.code, RoleCode.CHIEF)
        _step(assigned_on + datetime.timedelta(days=20),
              lambda t=task, s=signer: do_countersign(s, t, agree=True, opinion=f"同意主办单位答复意见，已提供本单位情况。{SAMPLE}"))
    if target == "handling":
        return
    code = "ABCD"[int(item.number) % 4]
    replied_on = assigned_on + datetime.timedelta(days=60 + int(item.number) % 40)
    reply = f"经认真研究，现将办理情况答复如下：已会同有关单位制定工作方案，明确时间表和责任人，分步组织实施。{SAMPLE}"
    matter = _step(replied_on, lambda: do_transition(handler, matter, "reply", {"result_code": code, "reply": reply}))
    if target == "replied":
        return
    feedback_on = replied_on + datetime.timedelta(days=15)
    if target == "dissatisfied":
        matter = _step(feedback_on, lambda: do_transition(officer, matter, "dissatisfied",
                                                          {"reason": f"具体措施不够明确，请进一步细化。{SAMPLE}"}))
        return
    feedback = "satisfied" if int(item.number) % 3 else "basically-satisfied"
    _step(feedback_on, lambda: do_transition(officer, matter, "feedback", {"feedback": feedback, "note": f"电话回访。{SAMPLE}"}))


def _load_session(officer, name, kind, year, imported_on):
    session = _step(imported_on, lambda: do_create_session(officer, name=name, kind=kind, year=year))
    _step(imported_on, lambda: do_import_suggestions(officer, session, _workbook(_rows(kind))))
    items = {s.number: s for s in Suggestion.objects.filter(session=session).select_related("matter")}
    assigned_on = imported_on + datetime.timedelta(days=14)
    # Same content raised twice: the later one is handled with the first (every author still answered).
    _step(assigned_on, lambda: do_transition(officer, items["21"].matter, "merge", {"into": "1", "note": SAMPLE}))
    _step(assigned_on, lambda: do_transition(officer, items["22"].matter, "merge", {"into": "2", "note": SAMPLE}))
    _step(assigned_on, lambda: do_transition(officer, items["23"].matter, "split",
                                             {"units": ["rural-affairs", "urban-construction"], "note": SAMPLE}))
    for number, item in items.items():
        if number in ("21", "22", "23"):
            continue
        target = PLAN[(int(number) - 1) % len(PLAN)]
        # Overdue items were assigned later but never answered: their 3 months have run out by today.
        _drive(officer, item, target, assigned_on if target != "overdue" else assigned_on + datetime.timedelta(days=30))
    for part in Suggestion.objects.filter(parent__session=session).select_related("matter"):
        handler = _person(part.matter.lead_unit.code)
        if handler and part.number.endswith("-1"):
            _step(assigned_on + datetime.timedelta(days=2), lambda p=part, h=handler: do_transition(h, p.matter, "accept", {}))
    supervised = items["4"].matter
    supervised.refresh_from_db()
    if supervised.lead_unit_id and not supervised.closed_at:
        _step(assigned_on + datetime.timedelta(days=40),
              lambda: do_open_supervision_for(officer, supervised, due=assigned_on + datetime.timedelta(days=200)))
    return session


def load_demo(stdout):
    if Session.objects.exists():
        stdout.write("Suggestions and proposals: already present, left as they are.")
        return
    officer = _person("supervision", RoleCode.SUPERVISION_OFFICER)
    if officer is None:
        stdout.write("Suggestions and proposals: no supervision officer in the demo organization; skipped.")
        return
    year = timezone.localtime().year
    imported_on = datetime.date(year, 2, 24)
    _load_session(officer, "衡阳市第十七届人民代表大会第五次会议（示例）", "npc", year, imported_on)
    _load_session(officer, "政协衡阳市第十四届委员会第五次会议（示例）", "cppcc", year, imported_on)
    count = Suggestion.objects.count()
    stdout.write(f"Suggestions and proposals: {count} sample items in two sessions, in every state.")
