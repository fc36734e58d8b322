"""Demo data: half a year (June–November 2026) of Hengyang executive meetings, two a month, and a few
special-topic meetings — topics proposed by the sections through their vice mayors, agendas, sign-in,
minutes signed and numbered, and decisions handed to the Supervision Office, whose items are then
taken on a little (signed for, reported on, completed, verified, closed) so every state and light
shows. Sample data, not real work: driven through the actions with the clock set to each day."""

import datetime
from unittest import mock

from django.utils import timezone

from zhengban.core.models import Person, RoleCode
from zhengban.engine.actions import do_transition

from .actions import do_propose_topic, do_save_minutes, do_schedule_meeting, do_sign_in
from .flows import MEETING
from .models import Meeting, Room

SAMPLE = "（示例数据）"
ROOMS = [
    ("government-1", "市政府第一会议室（示例）", "Government Meeting Room 1 (sample)", "市政府大楼三楼", 60),
    ("government-2", "市政府第二会议室（示例）", "Government Meeting Room 2 (sample)", "市政府大楼五楼", 30),
]
# (proposing unit, vice mayor, topic title, [(decision, lead unit, days to its deadline)])
TOPICS = [
    ("urban-construction", "vice-mayor-1", "关于2026年城区老旧小区改造实施方案的议题",
     [("原则同意实施方案，由市住房城乡建设局牵头，年底前完成首批30个小区改造。", "urban-construction", 150),
      ("市财政局统筹安排配套资金，确保按进度拨付。", "finance-trade", 60)]),
    ("economic-affairs", "executive-vice-mayor", "关于支持制造业高质量发展若干措施的议题",
     [("原则同意若干措施，由市发展改革委修改完善后以市政府名义印发。", "economic-affairs", 30)]),
    ("rural-affairs", "vice-mayor-2", "关于做好2026年防汛抗旱工作的议题",
     [("各县市区落实防汛责任制，汛前完成隐患排查整改。", "rural-affairs", 20),
      ("市应急管理局牵头完善防汛物资储备。", "rural-affairs", 45)]),
    ("social-development", "vice-mayor-3", "关于新建改扩建中小学校项目的议题",
     [("同意新建改扩建中小学校12所，秋季学期前完成6所。", "social-development", 90)]),
    ("finance-trade", "executive-vice-mayor", "关于促进消费扩容提质的议题",
     [("开展“消费季”系列活动，由市商务局牵头制定方案。", "finance-trade", 40)]),
    ("foreign-economic", "vice-mayor-4", "关于重大招商引资项目落地服务保障的议题",
     [("建立重大项目“一对一”服务专班，每月调度一次。", "foreign-economic", 120)]),
    ("information-technology", "executive-vice-mayor", "关于政务服务“一网通办”平台建设的议题",
     [("同意平台建设方案，年内上线运行。", "information-technology", 100)]),
    ("economic-reform", "executive-vice-mayor", "关于国有企业改革三年行动收官工作的议题",
     [("各出资企业对照任务清单逐项销号。", "economic-reform", 60)]),
    ("urban-construction", "vice-mayor-1", "关于城区内涝治理工程的议题",
     [("同意实施城区内涝治理一期工程，汛期前完成主要易涝点改造。", "urban-construction", 35)]),
    ("social-development", "vice-mayor-3", "关于公共卫生应急体系建设方案的议题",
     [("原则同意建设方案，由市卫生健康委牵头组织实施。", "social-development", 75)]),
    ("rural-affairs", "vice-mayor-2", "关于高标准农田建设的议题",
     [("年内新建高标准农田10万亩。", "rural-affairs", 110)]),
    ("finance-trade", "executive-vice-mayor", "关于2026年市级预算调整方案的议题",
     [("同意预算调整方案，提请市人大常委会审议。", "finance-trade", 15)]),
]
# What becomes of each decision's item: states in turn, then leave it there.
ITEM_PATHS = ["closed", "verified", "completed", "in-progress", "in-progress", "assigned"]


def _person(username):
    return Person.objects.filter(username=username, is_active=True).first()


def _clerk(unit_code):
    return (
        Person.objects.filter(unit__code=unit_code, roles__role=RoleCode.CLERK, is_active=True).order_by("username").first()
        or Person.objects.filter(unit__code=unit_code, roles__role=RoleCode.CHIEF, is_active=True).order_by("username").first()
    )


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _meeting_days():
    """Two executive meetings a month (2nd and 4th Thursday), June to November 2026, and a special-topic one in
    some months (the 2nd Tuesday)."""
    days = []
    for month in range(6, 12):
        first = datetime.date(2026, month, 1)
        thursdays = [first + datetime.timedelta(days=d) for d in range(31)
                     if (first + datetime.timedelta(days=d)).month == month and (first + datetime.timedelta(days=d)).weekday() == 3]
        days += [("executive", thursdays[1]), ("executive", thursdays[3])]
        if month in (7, 9, 11):
            tuesdays = [first + datetime.timedelta(days=d) for d in range(31)
                        if (first + datetime.timedelta(days=d)).month == month and (first + datetime.timedelta(days=d)).weekday() == 1]
            days.append(("special-topic", tuesdays[1]))
    return sorted(days, key=lambda pair: pair[1])


def _topic(spec, day):
    unit, leader_name, title, _decisions = spec
    proposer, leader = _clerk(unit), _person(leader_name)
    with mock.patch("django.utils.timezone.now", return_value=_at(day - datetime.timedelta(days=10), 10)):
        topic = do_propose_topic(proposer, title=title, body=f"提请会议研究{title[2:]}。{SAMPLE}", meeting_type="executive")
        topic = do_transition(proposer, topic, "submit", {"leader": leader.username})
    with mock.patch("django.utils.timezone.now", return_value=_at(day - datetime.timedelta(days=8), 10)):
        return do_transition(leader, topic, "agree", {"opinion": f"同意提交会议研究。{SAMPLE}"})


def _advance_item(item, target, start, today):
    """Take a supervision item some way along its flow, as its lead unit and the Supervision Office would."""
    worker = _clerk(item.lead_unit.code) if item.lead_unit_id else None
    officer = Person.objects.filter(unit__code="supervision", roles__role=RoleCode.SUPERVISION_OFFICER).first()
    if worker is None or target == "assigned":
        return
    steps = [(worker, "sign", {}), (worker, "report", {"progress": 40, "text": f"已制定工作方案并启动实施。{SAMPLE}"})]
    if target in ("completed", "verified", "closed"):
        steps.append((worker, "complete", {"report": f"决定事项已落实完毕。{SAMPLE}"}))
    if target in ("verified", "closed"):
        steps.append((officer, "verify", {"rating": "4", "opinion": f"经核实，已按要求完成。{SAMPLE}"}))
    if target == "closed":
        steps.append((officer, "close", {}))
    for n, (who, name, payload) in enumerate(steps, start=1):
        moment = start + datetime.timedelta(days=3 * n)
        if moment >= today:
            return
        with mock.patch("django.utils.timezone.now", return_value=moment):
            item = do_transition(who, item, name, payload)


def _meeting(number, type_code, day, specs, people, today, last):
    organizer, mayor, general, officer, room = people
    title = f"市政府第{number}次常务会议" if type_code == "executive" else f"{specs[0][2][2:-3]}专题会议"
    chair = None if type_code == "executive" else specs[0][1]
    topics = [_topic(spec, day) for spec in specs]
    with mock.patch("django.utils.timezone.now", return_value=_at(day - datetime.timedelta(days=7), 9)):
        meeting = do_schedule_meeting(organizer, meeting_type=type_code, title=title, starts_at=_at(day, 9),
                                      ends_at=_at(day, 12), room=room, chair=chair)
        for topic in topics:
            do_transition(mayor, topic, "schedule", {"meeting": meeting.pk})
    with mock.patch("django.utils.timezone.now", return_value=_at(day - datetime.timedelta(days=3), 9)):
        meeting = do_transition(organizer, meeting, "send-notice", {"note": SAMPLE})
    if _at(day, 9) > today:
        return meeting
    with mock.patch("django.utils.timezone.now", return_value=_at(day, 8)):
        attendance = list(Meeting.objects.get(pk=meeting.pk).attendance.select_related("person"))
        for n, row in enumerate(attendance):
            if row.role == "member" and (number + n) % 5 == 0:
                do_sign_in(organizer, meeting, row.person, status="excused", reason=f"在省里参加会议{SAMPLE}")
            else:
                do_sign_in(organizer, meeting, row.person, status="present")
    with mock.patch("django.utils.timezone.now", return_value=_at(day, 12)):
        meeting = do_transition(organizer, meeting, "hold", {})
        meeting = do_transition(organizer, meeting, "draft-minutes", {})
        body = Meeting.objects.get(pk=meeting.pk).minutes_body + f"\n{SAMPLE}"
        decisions = [
            {"text": text, "lead_unit": unit, "due": (day + datetime.timedelta(days=days)).isoformat(), "leader": spec[1]}
            for spec in specs for text, unit, days in spec[3]
        ]
        do_save_minutes(organizer, meeting, body=body, decisions=decisions)
    if last:
        return meeting
    for offset, (who, name) in enumerate(((organizer, "submit-minutes"), (general, "pass-review"), (mayor, "sign-minutes")), 1):
        with mock.patch("django.utils.timezone.now", return_value=_at(day + datetime.timedelta(days=offset), 10)):
            meeting = do_transition(who, meeting, name, {})
    handed = _at(day + datetime.timedelta(days=4), 10)
    with mock.patch("django.utils.timezone.now", return_value=handed):
        meeting = do_transition(officer, meeting, "hand-over", {"cadence": "monthly"})
    for n, decision in enumerate(Meeting.objects.get(pk=meeting.pk).decisions.select_related("item__lead_unit")):
        _advance_item(decision.item, ITEM_PATHS[(number + n) % len(ITEM_PATHS)], handed, today)
    return meeting


def load_demo(stdout):
    if Meeting.objects.exists():
        stdout.write("Meetings: already present, left as they are.")
        return
    people = (_clerk("secretariat-1"), _person("mayor"), _person("secretary-general"),
              Person.objects.filter(unit__code="supervision", roles__role=RoleCode.SUPERVISION_OFFICER).first())
    if any(p is None for p in people):
        stdout.write("Meetings: the demo people are missing; run the core demo first.")
        return
    rooms = [Room.objects.get_or_create(code=code, defaults={"name_zh": zh, "name_en": en, "location": where, "capacity": seats})[0]
             for code, zh, en, where, seats in ROOMS]
    today = timezone.now()
    days = _meeting_days()
    executive = 0
    for index, (type_code, day) in enumerate(days):
        executive += type_code == "executive"
        specs = [TOPICS[(index * 2) % len(TOPICS)], TOPICS[(index * 2 + 1) % len(TOPICS)]]
        if type_code == "special-topic":
            specs = specs[:1]
        room = rooms[0] if type_code == "executive" else rooms[1]
        _meeting(executive, type_code, day, specs, (*people[:3], people[3], room), today, last=index == len(days) - 1)
    upcoming = (timezone.localdate() + datetime.timedelta(days=6))
    with mock.patch("django.utils.timezone.now", return_value=today):
        topic = _topic(TOPICS[0], upcoming)
        meeting = do_schedule_meeting(people[0], meeting_type="special-topic", title="城市更新专题会议", starts_at=_at(upcoming, 15),
                                      ends_at=_at(upcoming, 17), room=rooms[1], chair=TOPICS[0][1])
        do_transition(people[1], topic, "schedule", {"meeting": meeting.pk})
    made = Meeting.objects.filter(matter__type=MEETING).count()
    stdout.write(f"Meetings: {made} sample meetings with topics, minutes and decisions under supervision.")
