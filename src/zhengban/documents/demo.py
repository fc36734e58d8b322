"""Demo data: the Hengyang office's documents of 2026 (sample data, not real documents).

About 300 incoming documents (请示, 报告, 函, 通知 from the province, the city's departments, the
counties and enterprises) and about 120 outgoing ones (衡政发, 衡政办发, 衡政函, 衡政办函), each
driven through the flows' actions by the demo people with the clock set to the day each step
happened: register numbers, 发文字号 (gap-free), tasks, deadlines and the audit chain are what real
use produces, and documents left waiting long enough are overdue today. Every body ends with
（示例数据）. A second run changes nothing.
"""

import datetime
import random
from unittest import mock

from django.utils import timezone

from zhengban.core.models import Person
from zhengban.engine.actions import do_transition
from zhengban.engine.generic import do_countersign
from zhengban.engine.models import Task, TaskKind, TaskState

from .actions import do_sign_in_document, do_start_draft
from .directory import load_directory
from .models import Document, Organization

SAMPLE = "（示例数据）"
YEAR = 2026
INCOMING_COUNT, OUTGOING_COUNT = 300, 120
CLERK, CLERK_2 = "secretariat-1-clerk-1", "secretariat-1-clerk-2"
LEADERS = ("secretary-general", "secretary-general", "executive-vice-mayor", "vice-mayor-1", "vice-mayor-2",
           "vice-mayor-3", "mayor", "deputy-secretary-general-1")
# Units whose chiefs hold 机密 clearance: the lead units of 机密 documents.
CONFIDENTIAL_LEADS = ("secretariat-2", "supervision", "foreign-affairs")
YES = {name: "yes" for name in ("grounds", "policy_law", "consultation", "type_format", "wording")}

TOPICS = [
    ("农村公路建设补助资金", "rural-affairs"), ("高标准农田建设", "rural-affairs"), ("防汛抗旱", "rural-affairs"),
    ("安全生产", "economic-affairs"), ("森林防火", "rural-affairs"), ("城镇老旧小区改造", "urban-construction"),
    ("义务教育薄弱环节改善", "social-development"), ("基层医疗卫生服务能力提升", "social-development"),
    ("巩固拓展脱贫攻坚成果", "rural-affairs"), ("中央生态环境保护督察整改", "urban-construction"),
    ("优化营商环境", "economic-reform"), ("重点项目建设", "economic-affairs"), ("招商引资", "foreign-economic"),
    ("秋冬季大气污染防治", "urban-construction"), ("城镇燃气安全排查整治", "urban-construction"),
    ("粮食安全责任制考核", "finance-trade"), ("耕地保护", "rural-affairs"), ("稳就业促增收", "social-development"),
    ("养老服务体系建设", "social-development"), ("食品安全", "finance-trade"), ("消防安全", "economic-affairs"),
    ("地方政府债务管理", "finance-trade"), ("统计数据质量", "economic-affairs"), ("政务公开", "secretariat-1"),
    ("数字政府建设", "information-technology"), ("12345政务服务便民热线", "secretariat-3"), ("河湖长制", "rural-affairs"),
    ("春运", "urban-construction"), ("文旅消费", "social-development"), ("外贸稳增长", "foreign-economic"),
]
PERIODS = ("第一季度", "上半年", "前三季度", "1—5月", "年度")
HEADINGS = ("一、提高思想认识，压实工作责任", "二、突出工作重点，狠抓措施落实", "三、加强督促检查，确保取得实效")


def _people():
    return {p.username: p for p in Person.objects.filter(is_active=True).select_related("unit").prefetch_related("roles")}


class Clock:
    """Each step at its own moment of 2026, never later than now."""

    def __init__(self, now):
        self.now = now

    def at(self, moment):
        return mock.patch("django.utils.timezone.now", return_value=moment)


def _body(recipients, lines, closing):
    text = [f"{recipients}：" if recipients else "", *lines, closing, SAMPLE]
    return "\n\n".join(part for part in text if part)


def _incoming_title(rng, doc_type, topic, sender):
    short = sender.short_name_zh or sender.name_zh
    if doc_type == "request":
        return rng.choice([f"关于申请{YEAR}年{topic}专项资金的请示", f"关于{topic}项目立项的请示",
                           f"关于恳请协调解决{topic}有关问题的请示"])
    if doc_type == "report":
        return rng.choice([f"关于{YEAR}年{rng.choice(PERIODS)}{topic}工作情况的报告", f"{short}关于{topic}工作进展情况的报告"])
    if doc_type == "letter":
        return rng.choice([f"关于征求《衡阳市{topic}实施方案（征求意见稿）》意见的函", f"关于商请支持{topic}工作的函"])
    return rng.choice([f"关于做好{YEAR}年{topic}工作的通知", f"关于开展{topic}专项检查的通知",
                       f"关于印发《{topic}工作要点》的通知"])


def _incoming_specs(rng, now):
    kinds = {}
    for org in Organization.objects.filter(active=True):
        kinds.setdefault(org.kind, []).append(org)
    senders = {
        "notice": kinds.get("provincial", []) + kinds.get("central", []),
        "request": kinds.get("municipal-department", []) + kinds.get("county", []) + kinds.get("enterprise", []),
        "report": kinds.get("municipal-department", []) + kinds.get("county", []),
        "letter": kinds.get("municipal-department", []) + kinds.get("provincial", []) + kinds.get("enterprise", []),
    }
    start = datetime.datetime(YEAR, 1, 5, 9, tzinfo=now.tzinfo)
    span = (now - start).total_seconds()
    specs = []
    for index in range(INCOMING_COUNT):
        received = start + datetime.timedelta(seconds=span * index / INCOMING_COUNT)
        received = received.replace(hour=rng.choice((9, 10, 11, 14, 15, 16)), minute=rng.randrange(60))
        if received.weekday() >= 5:
            received += datetime.timedelta(days=7 - received.weekday())
        doc_type = rng.choices(("request", "report", "letter", "notice"), (35, 25, 20, 20))[0]
        sender = rng.choice(senders[doc_type])
        topic, unit = rng.choice(TOPICS)
        classification = rng.choices((0, 1, 2), (90, 7, 3))[0]
        specs.append({
            "received": received, "doc_type": doc_type, "sender": sender, "topic": topic, "lead": unit,
            "classification": classification, "urgency": rng.choices(("normal", "urgent", "very-urgent"), (80, 15, 5))[0],
            "title": _incoming_title(rng, doc_type, topic, sender),
            "number": f"{(sender.short_name_zh or sender.name_zh)[:4]}〔{YEAR}〕{rng.randrange(1, 160)}号",
            "for_action": doc_type in ("request", "letter") or rng.random() < 0.5,
            "target": _incoming_target(rng, (now - received).days),
        })
    return specs


def _incoming_target(rng, age):
    if age <= 3:
        return rng.choice(("signed", "registered", "proposing"))
    if age <= 30:
        return rng.choice(("proposing", "instructing", "handling", "handling", "handled", "circulating", "replied", "filed"))
    return rng.choices(("filed", "handling", "replied", "returned"), (82, 7, 6, 5))[0]


INCOMING_PATH = ("signed", "registered", "proposing", "instructing", "handling", "handled", "circulating", "replied", "filed")


def _unit_person(people, unit, clearance):
    for suffix in ("clerk", "chief", "deputy-chief"):
        person = people.get(f"{unit}-{suffix}")
        if person is not None and person.clearance >= clearance:
            return person
    return None


def _drive_incoming(spec, people, clock, rng):
    clerk = people[CLERK]
    level = spec["classification"]
    lead = rng.choice(CONFIDENTIAL_LEADS) if level >= 2 else spec["lead"]
    handler = _unit_person(people, lead, level)
    t = spec["received"]
    with clock.at(t):
        matter = do_sign_in_document(
            clerk, sender=spec["sender"].code, sender_number=spec["number"], doc_type=spec["doc_type"],
            title=spec["title"], received_copies=rng.choice((1, 1, 2, 3)), received_at=t.isoformat(),
            classification=level, classification_period=rng.choice(("1年", "5年", "10年")) if level else "",
            urgency=spec["urgency"], body=_body("衡阳市人民政府", [f"现将{spec['topic']}有关事项报来，请审示。"], ""),
        )
    target = spec["target"]
    reached = INCOMING_PATH.index(target) if target in INCOMING_PATH else 2

    def step(hours, who, name, payload):
        nonlocal matter, t
        t = t + datetime.timedelta(hours=hours)
        if t >= clock.now:
            return False
        with clock.at(t):
            matter = do_transition(who, matter, name, payload)
        return True

    if target == "signed" or not step(1, clerk, "register", {}) or target == "registered":
        return matter
    if target == "returned":
        step(2, clerk, "return_to_sender", {"reasons": f"一文多事，请按规定分别行文。{SAMPLE}"})
        return matter
    if not step(1, clerk, "check", {"note": "符合行文规则"}) or target == "proposing":
        return matter
    if not spec["for_action"] and reached > 2:
        readers = "secretary-general deputy-secretary-general-1" if level < 3 else "secretary-general"
        if step(20, clerk, "propose_reading", {"readers": readers, "reader_units": [lead] if handler else [],
                                               "opinion": f"拟呈领导阅知。{SAMPLE}"}):
            step(24, clerk, "file", {})
        return matter
    if reached < 3 or handler is None:
        return matter
    leader = rng.choice(LEADERS)
    co_units = [] if level else rng.choice(([], [], ["finance"], ["finance-trade"], ["economic-affairs"]))
    co_units = [code for code in co_units if code != lead]
    if not step(20, clerk, "propose_action", {"opinion": f"拟请{handler.unit.name}牵头办理。{SAMPLE}", "lead_unit": lead,
                                              "co_units": co_units, "leader": leader}) or reached < 4:
        return matter
    if not step(26, people[leader], "instruct", {"instruction": f"请{handler.unit.name}研究办理，按时报结果。{SAMPLE}",
                                                  "lead_unit": lead, "co_units": co_units}) or reached < 5:
        return matter
    for task in Task.objects.filter(matter=matter, kind=TaskKind.COUNTERSIGN, state=TaskState.OPEN).select_related("assignee_unit"):
        signer = _unit_person(people, task.assignee_unit.code, level)
        with clock.at(t + datetime.timedelta(hours=30)):
            do_countersign(signer, task, agree=True, opinion=f"同意，已提出本单位意见。{SAMPLE}")
    if not step(rng.choice((72, 120, 168)), handler, "handle", {"result": f"已研究提出办理意见并落实。{SAMPLE}"}) or reached < 6:
        return matter
    if target == "circulating":
        step(20, clerk, "circulate", {"to": "secretary-general", "note": "请阅示"})
        return matter
    if not step(20, clerk, "reply", {"reply": f"已将办理结果函复来文单位。{SAMPLE}"}) or reached < 8:
        return matter
    step(24, clerk, "file", {"note": "归档"})
    return matter


OUTGOING_KINDS = [
    # (prefix, weight, document types, drafting units)
    ("government", 20, ("notice", "opinion", "decision", "report", "request"), ("research", "economic-affairs", "urban-construction")),
    ("office", 35, ("notice", "bulletin", "opinion"), ("secretariat-1", "economic-affairs", "social-development", "rural-affairs")),
    ("government-letter", 20, ("letter", "reply"), ("economic-affairs", "finance-trade", "urban-construction", "rural-affairs")),
    ("office-letter", 25, ("letter",), ("secretariat-1", "research", "social-development", "finance-trade")),
]
OUTGOING_PATH = ("drafting", "unit_review", "office_review", "signing", "rechecking", "registering", "sealing", "printing",
                 "dispatching", "dispatched", "filed")


def _outgoing_title(rng, doc_type, topic):
    return {
        "notice": rng.choice([f"关于做好{YEAR}年{topic}工作的通知", f"关于印发《衡阳市{topic}工作方案》的通知"]),
        "opinion": f"关于进一步加强{topic}工作的实施意见",
        "decision": f"关于表彰{YEAR}年度{topic}工作先进单位的决定",
        "report": f"关于{YEAR}年{rng.choice(PERIODS)}{topic}工作情况的报告",
        "request": f"关于恳请支持衡阳市{topic}的请示",
        "bulletin": f"关于{YEAR}年{rng.choice(PERIODS)}{topic}工作督查情况的通报",
        "letter": rng.choice([f"关于商请支持{topic}工作的函", f"关于征求《衡阳市{topic}实施方案》意见的函"]),
        "reply": f"关于同意实施{topic}项目的批复",
    }[doc_type]


def _outgoing_recipients(rng, doc_type, orgs):
    if doc_type in ("report", "request"):
        return ["hunan-government"], ["hunan-drc"] if doc_type == "request" else []
    if doc_type in ("letter", "reply"):
        return [rng.choice(orgs["municipal-department"] + orgs["county"]).code], []
    main = [o.code for o in orgs["county"]] + rng.sample([o.code for o in orgs["municipal-department"]], 4)
    return main, ["hengyang-party-office", "hengyang-congress"]


def _outgoing_target(rng, age):
    if age <= 14:
        return rng.choice(OUTGOING_PATH[:9])
    if age <= 40:
        return rng.choice(("dispatched", "filed", "signing", "sealing"))
    return rng.choices(("filed", "dispatched", "cancelled"), (85, 12, 3))[0]


def _drive_outgoing(index, rng, people, orgs, clock):
    prefix, _w, types, units = rng.choices(OUTGOING_KINDS, [k[1] for k in OUTGOING_KINDS])[0]
    doc_type, unit = rng.choice(types), rng.choice(units)
    topic, _lead = rng.choice(TOPICS)
    level = 1 if rng.random() < 0.06 else 0
    drafter, chief = _unit_person(people, unit, level), people.get(f"{unit}-chief")
    start = datetime.datetime(YEAR, 1, 8, 9, tzinfo=clock.now.tzinfo)
    t = start + (clock.now - start) * index / OUTGOING_COUNT
    main, cc = _outgoing_recipients(rng, doc_type, orgs)
    lines = [f"为深入推进{topic}工作，经市人民政府同意，现就有关事项{'通知' if doc_type == 'notice' else '明确'}如下：", *HEADINGS,
             "（一）各地各部门要切实加强组织领导，明确责任分工。", "（二）请于每季度末将工作进展情况报市人民政府办公室。"]
    closing = {"notice": "特此通知。", "request": "妥否，请批示。", "report": "特此报告。", "reply": "此复。"}.get(doc_type, "")
    with clock.at(t):
        matter = do_start_draft(
            drafter, doc_type=doc_type, title=_outgoing_title(rng, doc_type, topic), number_prefix=prefix,
            body=_body("各县市区人民政府，市直有关单位" if len(main) > 1 else "", lines, closing), main_recipients=main,
            cc_recipients=cc, classification=level, classification_period="5年" if level else "",
            urgency=rng.choices(("normal", "urgent"), (85, 15))[0], important=prefix == "government" and rng.random() < 0.3,
        )
    target = _outgoing_target(rng, (clock.now - t).days)
    if target == "cancelled":
        with clock.at(t + datetime.timedelta(hours=3)):
            return do_transition(drafter, matter, "cancel", {"reason": f"已并入其他文件。{SAMPLE}"})
    reached = OUTGOING_PATH.index(target)
    clerk, seal = people[CLERK_2], "government" if prefix.startswith("government") else "office"
    countersign = doc_type in ("notice", "opinion") and rng.random() < 0.3
    steps = [
        (drafter, "submit", {}), (chief, "unit_approve", {"opinion": "同意报办公室审核"}),
        (clerk, "office_countersign" if countersign else "office_approve",
         {**YES, "comment": "符合行文规则", **({"countersign_units": ["finance"]} if countersign else {})}),
        (None, "sign", {"opinion": "同意印发"}), (clerk, "recheck", {}), (clerk, "register", {}),
        (clerk, "seal", {"seal": seal, "impressions": 1}), (clerk, "print", {"copy_count": 40}), (clerk, "dispatch", {}),
        (clerk, "file", {"note": "归档"}),
    ]
    for number, (who, name, payload) in enumerate(steps, start=1):
        if number > reached:
            break
        t += datetime.timedelta(hours=rng.choice((4, 20, 26)))
        if t >= clock.now:
            break
        with clock.at(t):
            if name == "sign" and matter.state == "countersigning":
                task = Task.objects.get(matter=matter, kind=TaskKind.COUNTERSIGN, state=TaskState.OPEN)
                do_countersign(_unit_person(people, "finance", level), task, agree=True, opinion=f"同意。{SAMPLE}")
                matter = do_transition(clerk, matter, "countersign_done", {})
            if name == "sign":
                who = Task.objects.filter(matter=matter, state=TaskState.OPEN).first().assignee_person
            if name == "print":
                payload = {**payload, "printing_date": timezone.localdate().isoformat(),
                           **({"copy_numbers": "0001-0040"} if level else {})}
            matter = do_transition(who, matter, name, payload)
    return matter


def _quietly():
    """The demo replays the past: nobody is notified of steps taken months ago, and the search index is
    rebuilt once at the end instead of after every step."""
    return mock.patch("zhengban.engine.changes.publish", lambda matter, verb, tasks=(), **kwargs: None)


def _reindex(stdout):
    try:
        from zhengban.search.index import reindex_all
    except ImportError:
        return
    stdout.write(f"  search index: {reindex_all()} matters indexed.")


def load_demo(stdout):
    created, updated = load_directory()
    stdout.write(f"Organization directory: {created} added, {updated} updated.")
    if Document.objects.exists():
        stdout.write("Documents: already present, left as they are.")
        return
    if not Person.objects.filter(username=CLERK).exists():
        stdout.write("Documents: the demo people are missing; run the core demo first.")
        return
    from zhengban.seals.models import Seal

    if not Seal.objects.filter(code__in=("government", "office")).exists():
        from zhengban.seals.demo import load_demo as load_seals

        load_seals(stdout)
    with _quietly():
        _drive_all(stdout)
    _reindex(stdout)
    stdout.write(f"Documents: {INCOMING_COUNT} incoming and {OUTGOING_COUNT} outgoing sample documents of {YEAR}.")


def _drive_all(stdout):
    people = _people()
    rng = random.Random(YEAR)
    clock = Clock(timezone.now())
    for number, spec in enumerate(_incoming_specs(rng, clock.now), start=1):
        _drive_incoming(spec, people, clock, rng)
        if number % max(1, INCOMING_COUNT // 6) == 0:
            stdout.write(f"  incoming documents: {number} of {INCOMING_COUNT} …")
    orgs = {}
    for org in Organization.objects.filter(active=True):
        orgs.setdefault(org.kind, []).append(org)
    for index in range(OUTGOING_COUNT):
        _drive_outgoing(index, rng, people, orgs, clock)
        if (index + 1) % max(1, OUTGOING_COUNT // 3) == 0:
            stdout.write(f"  outgoing documents: {index + 1} of {OUTGOING_COUNT} …")
