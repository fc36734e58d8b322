"""Demo data: a year of petitions (about 300) across channels, categories, counties and states,
driven through the petition actions with the clock set to each step's day (sample data: every
petitioner is named 某（示例）, and every text is marked 示例数据)."""

import datetime
import random
from unittest import mock

from django.utils import timezone

from zhengban.core.models import Person, RoleCode
from zhengban.documents.models import Organization
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter

from .actions import do_register_petition
from .flows import TYPE
from .models import Place

SAMPLE = "（示例数据）"
COUNT = 300
SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗"
# (category, handling unit, text pattern with {place})
MATTERS = [
    ("claim", "urban-construction", "{place}某小区加装电梯协调困难，请求政府部门协调推进。"),
    ("claim", "urban-construction", "{place}某路段夜间施工噪音扰民，请求限制施工时间。"),
    ("claim", "economic-affairs", "{place}某企业拖欠农民工工资三个月，请求协调支付。"),
    ("claim", "rural-affairs", "{place}某村土地征收补偿款未足额发放，请求核查。"),
    ("claim", "social-development", "{place}适龄儿童就近入学学位不足，请求增加学位。"),
    ("claim", "finance-trade", "{place}某商场预付卡无法退款，请求依法处理。"),
    ("suggestion", "urban-construction", "建议在{place}增设公交线路，方便群众出行。"),
    ("suggestion", "social-development", "建议{place}社区卫生服务中心延长服务时间。"),
    ("suggestion", "rural-affairs", "建议加大{place}农村饮水安全工程投入。"),
    ("accusation", "economic-affairs", "投诉{place}某加油站计量不准，损害消费者权益。"),
]
ACCUSATION = "举报{place}某部门工作人员在项目审批中吃拿卡要，请求查处。"
CHANNELS = ["letter"] * 4 + ["visit"] * 3 + ["phone"] * 2 + ["online"] * 3
OUTCOMES = ["support", "support", "explain", "explain", "not-support"]
RATINGS = ["satisfied", "satisfied", "basically-satisfied", "dissatisfied"]


def _member(unit_code, role):
    return Person.objects.filter(unit__code=unit_code, roles__role=role, is_active=True).order_by("username").first()


def _petitioner(rng, index):
    return {"name": f"{rng.choice(SURNAMES)}某（示例）", "phone": f"1390000{index:04d}",
            "address": "示例地址"}


def _at(day, hour):
    return day + datetime.timedelta(hours=hour)


def _drive(rng, index, start, today, officer, chief, repeat_of):
    places = Place.choices
    place, place_label = rng.choice(places)
    place_name = str(place_label).split("(")[-1].rstrip(")")
    against = rng.random() < 0.03 and repeat_of is None
    if repeat_of is not None:
        category, unit, text, person, place = repeat_of
    elif against:
        category, unit, text = "accusation", "", ACCUSATION.format(place=place_name)
        person = _petitioner(rng, index)
    else:
        category, unit, pattern = rng.choice(MATTERS)
        text, person = pattern.format(place=place_name), _petitioner(rng, index)
    channel = rng.choice(CHANNELS)
    visit = {"arrived_at": _at(start, 1), "visitors": rng.randint(1, 5), "reception_officer": officer} if channel == "visit" else None
    with mock.patch("django.utils.timezone.now", return_value=_at(start, 1)):
        petition = do_register_petition(officer, channel=channel, category=category, place=place,
                                        text=f"{text}{SAMPLE}", petitioners=[person], visit=visit,
                                        against_officials=against)
    matter = Matter.objects.get(pk=petition.pk)
    age = (today - start).days
    handler = _member(unit, RoleCode.CLERK) if unit else None

    def act(days, who, name, payload):
        nonlocal matter
        moment = _at(start + datetime.timedelta(days=days), 3)
        if moment > timezone.now():
            return False
        with mock.patch("django.utils.timezone.now", return_value=moment):
            matter = do_transition(who, matter, name, payload)
        return True

    if petition.matter.state != "registered":
        return petition, (category, unit, text, person, place)
    if against:
        act(3, officer, "to_discipline", {"note": SAMPLE})
        return petition, None
    if rng.random() < 0.05:
        act(5, officer, "not_accept", {"reason": f"已通过诉讼程序处理，依法不予受理。{SAMPLE}"})
        return petition, None
    overdue = rng.random() < 0.06
    if handler is None or (overdue and age > 20):
        return petition, (category, unit, text, person, place)  # left undecided: overdue
    body = place if Organization.objects.filter(code=place).exists() else ""
    if not act(rng.randint(2, 10), officer, "forward", {"handling_unit": unit, "receiving_body": body}):
        return petition, None
    if overdue and age > 40:
        return petition, (category, unit, text, person, place)  # never accepted: overdue
    if not act(rng.randint(12, 20), handler, "accept", {"notice": f"你反映的问题已受理，将在60日内办结。{SAMPLE}"}):
        return petition, None
    if rng.random() < 0.08 and act(40, handler, "request_extension", {"days": 30, "reason": f"需调查核实。{SAMPLE}"}):
        act(41, chief, "approve_extension", {"notice": f"因情况复杂，办理期限延长30日。{SAMPLE}"})
    if overdue:
        return petition, (category, unit, text, person, place)
    replied = rng.randint(30, 70)
    if not act(replied, handler, "reply", {"outcome": rng.choice(OUTCOMES),
                                                       "reply": f"经调查核实，已按政策妥善处理。{SAMPLE}"}):
        return petition, (category, unit, text, person, place)
    rating = rng.choice(RATINGS)
    act(replied + 5, officer, "rate", {"rating": rating})
    review = rating == "dissatisfied" and rng.random() < 0.5
    if review and act(replied + 10, officer, "request_review", {"reason": f"对答复不服。{SAMPLE}"}):
        act(replied + 30, officer, "decide_review", {"decision": f"维持原处理意见。{SAMPLE}"})
        return petition, (category, unit, text, person, place)
    act(replied + 35, officer, "close", {"note": SAMPLE})
    return petition, (category, unit, text, person, place)


def load_demo(stdout):
    if Matter.objects.filter(type=TYPE).exists():
        stdout.write("Petitions: already present, left as they are.")
        return
    officer = _member("secretariat-3", RoleCode.PETITION_OFFICER)
    chief = _member("secretariat-3", RoleCode.CHIEF)
    if officer is None or chief is None:
        stdout.write("Petitions: no petition officer and chief in secretariat-3; load the demo cast first.")
        return
    rng = random.Random(2026)
    today = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    earlier = []
    for index in range(COUNT):
        start = today - datetime.timedelta(days=365 - index * 365 // COUNT)
        repeat = rng.choice(earlier) if earlier and rng.random() < 0.08 else None
        _petition, reusable = _drive(rng, index, start, today, officer, chief, repeat)
        if reusable is not None:
            earlier.append(reusable)
    stdout.write(f"Petitions: {COUNT} sample petitions over the last year.")
