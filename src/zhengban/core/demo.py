"""Demo people: a sample cast for every leadership post and every unit of the Hengyang profile.

Every demo person is sample data: is_sample is set, the Chinese name ends in （示例） and the English
name in (sample). All share DEMO_PASSWORD. Creating the cast twice creates nothing the second time.
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from zhengban.core.actions import do_appoint, do_create_person
from zhengban.core.models import Appointment, Clearance, Person, Post, RoleCode, Unit
from zhengban.core.profile import load_profile

DEMO_PASSWORD = "zhengban-demo-2026"

SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"),
    ("赵", "Zhao"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"), ("胡", "Hu"), ("朱", "Zhu"),
    ("高", "Gao"), ("林", "Lin"), ("何", "He"), ("郭", "Guo"), ("马", "Ma"), ("罗", "Luo"), ("梁", "Liang"),
    ("宋", "Song"), ("郑", "Zheng"), ("谢", "Xie"), ("韩", "Han"), ("唐", "Tang"), ("冯", "Feng"), ("于", "Yu"),
    ("董", "Dong"), ("萧", "Xiao"), ("程", "Cheng"), ("曹", "Cao"), ("袁", "Yuan"), ("邓", "Deng"), ("傅", "Fu"),
    ("沈", "Shen"), ("曾", "Zeng"), ("彭", "Peng"), ("蒋", "Jiang"), ("谭", "Tan"),
]  # fmt: skip
GIVEN_NAMES = [
    ("建国", "Jianguo"), ("志强", "Zhiqiang"), ("秀英", "Xiuying"), ("海燕", "Haiyan"), ("伟", "Wei"), ("敏", "Min"),
    ("静", "Jing"), ("丽华", "Lihua"), ("国华", "Guohua"), ("文军", "Wenjun"), ("晓明", "Xiaoming"),
    ("红梅", "Hongmei"), ("卫东", "Weidong"), ("桂英", "Guiying"), ("建华", "Jianhua"), ("平", "Ping"),
    ("刚", "Gang"), ("俊杰", "Junjie"), ("雪梅", "Xuemei"), ("志华", "Zhihua"), ("勇", "Yong"), ("艳", "Yan"),
    ("涛", "Tao"), ("明", "Ming"), ("超", "Chao"), ("霞", "Xia"), ("鹏", "Peng"), ("婷", "Ting"), ("磊", "Lei"),
    ("洋", "Yang"), ("慧", "Hui"), ("思远", "Siyuan"), ("佳怡", "Jiayi"), ("子涵", "Zihan"), ("浩然", "Haoran"),
    ("雨欣", "Yuxin"), ("立新", "Lixin"), ("德明", "Deming"), ("春生", "Chunsheng"), ("玉兰", "Yulan"),
    ("新民", "Xinmin"),
]  # fmt: skip

# Units whose chiefs see classified matters every day.
CONFIDENTIAL_UNITS = {"secretariat-1", "secretariat-2", "secretariat-3", "supervision", "foreign-affairs", "fao-general"}


@dataclass
class DemoPerson:
    username: str
    post: str
    unit: str | None
    roles: list
    clearance: int = Clearance.NONE
    extra: dict = field(default_factory=dict)


def sample_name(index):
    """A common Chinese name, distinct for each index (40 surnames × 41 given names, both prime to each other)."""
    surname, given = SURNAMES[index % len(SURNAMES)], GIVEN_NAMES[(index * 17) % len(GIVEN_NAMES)]
    return f"{surname[0]}{given[0]}（示例）", f"{surname[1]} {given[1]} (sample)"


def _staff(unit):
    """The officers of a unit: (username suffix, roles, clearance, extra fields)."""
    officers = {
        "secretariat-1": [
            ("clerk-1", [RoleCode.CLERK], Clearance.CONFIDENTIAL, {}),
            ("clerk-2", [RoleCode.CLERK], Clearance.CONFIDENTIAL, {}),
            ("archivist", [RoleCode.ARCHIVIST, RoleCode.CLERK], Clearance.CONFIDENTIAL, {}),
        ],
        "secretariat-2": [
            ("duty-officer-1", [RoleCode.DUTY_OFFICER], Clearance.SECRET, {}),
            ("duty-officer-2", [RoleCode.DUTY_OFFICER], Clearance.SECRET, {}),
        ],
        "secretariat-3": [("petition-officer", [RoleCode.PETITION_OFFICER], Clearance.SECRET, {})],
        "supervision": [("supervision-officer", [RoleCode.SUPERVISION_OFFICER], Clearance.SECRET, {})],
        "foreign-affairs": [("foreign-affairs-officer", [RoleCode.FOREIGN_AFFAIRS_OFFICER], Clearance.SECRET, {})],
        "information-technology": [
            ("sysadmin", [RoleCode.SYSTEM_ADMINISTRATOR], Clearance.SECRET, {"is_staff": True, "is_superuser": True})
        ],
        "personnel": [("clerk", [RoleCode.CLERK], Clearance.SECRET, {})],
        "securities-office": [("officer-1", [RoleCode.CLERK], Clearance.NONE, {}), ("officer-2", [RoleCode.CLERK], Clearance.NONE, {})],
        "logistics-service": [("staff-1", [RoleCode.CLERK], Clearance.NONE, {}), ("staff-2", [RoleCode.CLERK], Clearance.NONE, {})],
    }
    return officers.get(unit.code, [("clerk", [RoleCode.CLERK], Clearance.NONE, {})])


def demo_cast():
    """Everyone of the cast, in the order the logins table lists them."""
    leaders = [
        DemoPerson("mayor", "mayor", None, [RoleCode.MAYOR], Clearance.TOP_SECRET),
        DemoPerson("executive-vice-mayor", "executive-vice-mayor", None, [RoleCode.VICE_MAYOR], Clearance.TOP_SECRET),
        *[DemoPerson(f"vice-mayor-{n}", "vice-mayor", None, [RoleCode.VICE_MAYOR], Clearance.CONFIDENTIAL) for n in range(1, 5)],
        DemoPerson("secretary-general", "secretary-general", None, [RoleCode.SECRETARY_GENERAL], Clearance.TOP_SECRET),
        *[
            DemoPerson(f"deputy-secretary-general-{n}", "deputy-secretary-general", None,
                       [RoleCode.DEPUTY_SECRETARY_GENERAL], Clearance.CONFIDENTIAL)
            for n in range(1, 5)
        ],
        *[
            DemoPerson(f"office-deputy-director-{n}", "office-deputy-director", None,
                       [RoleCode.DEPUTY_SECRETARY_GENERAL], Clearance.CONFIDENTIAL)
            for n in range(1, 3)
        ],
    ]  # fmt: skip
    cast = list(leaders)
    for unit in Unit.objects.order_by("sort_order", "code"):
        sensitive = unit.code in CONFIDENTIAL_UNITS
        cast.append(
            DemoPerson(f"{unit.code}-chief", f"{unit.code}-chief", unit.code, [RoleCode.CHIEF],
                       Clearance.CONFIDENTIAL if sensitive else Clearance.SECRET)
        )  # fmt: skip
        cast.append(
            DemoPerson(f"{unit.code}-deputy-chief", f"{unit.code}-deputy-chief", unit.code, [RoleCode.DEPUTY_CHIEF],
                       Clearance.CONFIDENTIAL if unit.code == "secretariat-1" else Clearance.SECRET)
        )  # fmt: skip
        for suffix, roles, clearance, extra in _staff(unit):
            cast.append(DemoPerson(f"{unit.code}-{suffix}", f"{unit.code}-staff", unit.code, roles, clearance, extra))
    return cast


def ensure_profile(stdout=None):
    """Load the shipped Hengyang profile unless an organization is already loaded."""
    from zhengban.core.models import OrganizationProfile

    if OrganizationProfile.objects.exists():
        return False
    if stdout:
        stdout.write(_("Loading the Hengyang organization profile …"))
    load_profile("hengyang")
    return True


def create_demo_people(stdout=None):
    """Create and appoint the cast; people already there are left as they are. Returns how many were created."""
    cast = demo_cast()
    existing = set(Person.objects.filter(username__in=[p.username for p in cast]).values_list("username", flat=True))
    posts = {post.code: post for post in Post.objects.filter(code__in={p.post for p in cast})}
    units = {unit.code: unit for unit in Unit.objects.all()}
    # One hash for the whole cast: hashing the same password 87 times with Argon2 only costs time.
    password_hash = make_password(DEMO_PASSWORD)
    validate_password(DEMO_PASSWORD)
    created = 0
    for index, spec in enumerate(cast):
        if spec.username in existing:
            continue
        full_name, full_name_en = sample_name(index)
        with transaction.atomic():
            person = do_create_person(
                None,
                username=spec.username,
                full_name=full_name,
                full_name_en=full_name_en,
                unit=units.get(spec.unit),
                roles=spec.roles,
                password_hash=password_hash,
                clearance=spec.clearance,
                is_sample=True,
                system=True,
                **spec.extra,
            )
            if not Appointment.objects.current().filter(person=person, post=posts[spec.post]).exists():
                do_appoint(None, person, posts[spec.post], system=True)
        created += 1
        if stdout and created % 10 == 0:
            stdout.write("  " + _("%(n)d demo people created …") % {"n": created})
    return created


def demo_logins():
    """(username, name, unit, roles) of every demo person, in cast order."""
    order = {spec.username: index for index, spec in enumerate(demo_cast())}
    people = Person.objects.filter(is_sample=True).select_related("unit").prefetch_related("roles")
    rows = []
    for person in sorted(people, key=lambda p: order.get(p.username, len(order))):
        roles = ", ".join(str(role) for role in person.roles.all())
        rows.append((person.username, person.display_name, person.unit.name if person.unit else "—", roles))
    return rows


def load_demo(stdout):
    """The core part of `zhengban demo`: the organization profile and the demo people."""
    ensure_profile(stdout)
    created = create_demo_people(stdout)
    stdout.write(_("Demo people: %(n)d created.") % {"n": created} if created else _("Demo people: already there."))
