import pytest

from zhengban.seals.actions import do_register_seal
from zhengban.seals.models import SealKind


@pytest.fixture
def seals(cast):
    """The shared cast plus the register: the government's, the office's and the mayor's seals, kept by secretariat-1."""
    cast.government_seal = do_register_seal(
        cast.chief, code="government", name_zh="衡阳市人民政府印章", name_en="Seal of the Hengyang Municipal People's Government",
        kind=SealKind.GOVERNMENT, keeper_unit=cast.unit,
    )
    cast.office_seal = do_register_seal(
        cast.chief, code="office", name_zh="衡阳市人民政府办公室印章", name_en="Seal of the Office", kind=SealKind.OFFICE,
        keeper_unit=cast.unit,
    )
    cast.mayor_seal = do_register_seal(
        cast.admin, code="mayor", name_zh="市长印章", name_en="The mayor's name seal", kind=SealKind.MAYOR, keeper_unit=cast.unit,
    )
    return cast
