import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from zhengban.core.models import Clearance, RoleCode, Unit
from zhengban.documents.directory import load_directory


@pytest.fixture
def office(db, make_person):
    """The Hengyang profile and directory, with the people the document flows need."""
    call_command("profile", "load", "hengyang", stdout=io.StringIO())
    load_directory()
    units = {u.code: u for u in Unit.objects.all()}
    secret = Clearance.CONFIDENTIAL

    def person(username, unit, role, clearance=secret):
        return make_person(username, unit=units.get(unit), roles=[role], full_name=f"样例·{username}", clearance=clearance)

    from zhengban.seals.models import Seal, SealKind

    return SimpleNamespace(
        units=units,
        make_member=lambda username, unit, role=RoleCode.CHIEF: person(username, unit, role),
        clerk=person("clerk", "secretariat-1", RoleCode.CLERK),
        clerk2=person("clerk2", "secretariat-1", RoleCode.CLERK),
        s1_chief=person("s1chief", "secretariat-1", RoleCode.CHIEF),
        econ=person("econ", "economic-affairs", RoleCode.CLERK),
        econ_chief=person("econchief", "economic-affairs", RoleCode.CHIEF),
        finance=person("fin", "finance-trade", RoleCode.CLERK),
        mayor=person("mayor", None, RoleCode.MAYOR, Clearance.TOP_SECRET),
        vice_mayor=person("vicemayor", None, RoleCode.VICE_MAYOR),
        sg=person("sg", None, RoleCode.SECRETARY_GENERAL, Clearance.TOP_SECRET),
        dsg=person("dsg", None, RoleCode.DEPUTY_SECRETARY_GENERAL),
        outsider=make_person("nobody", full_name="样例·无关"),
        seal=Seal.objects.create(code="office-seal", name_zh="衡阳市人民政府办公室印", name_en="Office seal",
                                 kind=SealKind.OFFICE, keeper_unit=units["secretariat-1"]),
    )
