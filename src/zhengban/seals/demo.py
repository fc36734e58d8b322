"""Demo data: the Hengyang register of seals and a few seal requests in different states (sample data)."""

import datetime

from zhengban.core.models import Person, Unit
from zhengban.engine.actions import do_transition

from .actions import do_register_seal, do_request_seal_engraving, do_request_seal_use
from .models import Seal, SealKind

SAMPLE = "（示例数据）"
SEALS = [
    ("government", "衡阳市人民政府印章", "Seal of the Hengyang Municipal People's Government", SealKind.GOVERNMENT),
    ("office", "衡阳市人民政府办公室印章", "Seal of the Office of the Hengyang Municipal People's Government", SealKind.OFFICE),
    ("mayor", "市长印章", "The mayor's name seal", SealKind.MAYOR),
    ("office-confidential", "衡阳市人民政府办公室机要专用章", "Office's special seal for confidential mail", SealKind.SPECIAL),
]
# (requester, seal, purpose, impressions, state to reach)
REQUESTS = [
    ("economic-affairs-clerk", "office", "报送第三季度经济运行分析材料", 2, "closed"),
    ("finance-trade-clerk", "government", "与省财政厅签订财政管理合作协议", 4, "approved"),
    ("urban-construction-clerk", "office", "城区道路改造项目协调会会议通知", 1, "approval"),
    ("research-clerk", "mayor", "《衡阳经济》卷首语署名", 1, "refused"),
]


def _person(username):
    return Person.objects.filter(username=username, is_active=True).first()


def load_demo(stdout):
    if Seal.objects.exists():
        stdout.write("Seals: already present, left as they are.")
        return
    keeper_unit = Unit.objects.filter(code="secretariat-1").first()
    chief, keeper, leader = _person("secretariat-1-chief"), _person("secretariat-1-clerk-1"), _person("secretary-general")
    if None in (keeper_unit, chief, keeper, leader):
        stdout.write("Seals: the demo people are missing; run the core demo first.")
        return
    for code, name_zh, name_en, kind in SEALS:
        do_register_seal(chief, code=code, name_zh=name_zh, name_en=name_en, kind=kind, keeper_unit=keeper_unit,
                         engraved_on=datetime.date(2018, 3, 1), note=SAMPLE)
    made = 0
    for username, code, purpose, impressions, target in REQUESTS:
        requester = _person(username)
        if requester is None:
            continue
        seal = Seal.objects.get(code=code)
        matter = do_request_seal_use(requester, seal=seal, purpose=f"{purpose}{SAMPLE}", impressions=impressions)
        approver = chief if seal.kind in (SealKind.OFFICE, SealKind.SPECIAL) else leader
        if target == "refused":
            do_transition(approver, matter, "refuse", {"reason": f"请先履行审签程序。{SAMPLE}"})
        elif target in ("approved", "closed"):
            matter = do_transition(approver, matter, "approve", {"note": "同意"})
            if target == "closed":
                do_transition(keeper, matter, "record_use", {"impressions": impressions, "note": SAMPLE})
        made += 1
    requester = _person("social-development-clerk")
    if requester is not None:
        do_request_seal_engraving(
            requester, code="social-development-special", name_zh="衡阳市人民政府办公室社会发展科业务专用章",
            name_en="Social Development Section business seal", kind=SealKind.SPECIAL,
            keeper_unit=requester.unit, reason=f"办理教育卫生类联系函件需要。{SAMPLE}",
        )
        made += 1
    stdout.write(f"Seals: {len(SEALS)} seals registered, {made} sample requests.")
