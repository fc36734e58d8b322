"""The shared cast every module's permission tests use (DESIGN.md §5)."""

from zhengban.browser_testing import browser, browser_context, login, page  # noqa: F401  (shared browser fixtures)

import pytest
from django.test import override_settings


def pytest_configure(config):
    # Listeners run right after each action's commit, so a test sees the notification or the search
    # hit its action causes; the worker's delivery through the outbox is tested in engine/tests.
    from django.conf import settings

    settings.ZHENGBAN_LISTENERS = "inline"


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    # Argon2 is the production hasher (test_security proves it); tests log in hundreds of times.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def make_unit(db):
    from zhengban.core.models import Unit, UnitKind

    def make(code, name_zh=None, name_en=None, kind=UnitKind.SECTION, parent=None, **extra):
        return Unit.objects.create(
            code=code, name_zh=name_zh or code, name_en=name_en or code.title(), kind=kind, parent=parent, **extra
        )

    return make


@pytest.fixture
def make_person(db):
    from zhengban.core.actions import do_create_person

    def make(username, unit=None, roles=(), password="correct horse battery", **fields):
        fields.setdefault("full_name", username)
        return do_create_person(None, username=username, unit=unit, roles=roles, password=password, system=True, **fields)

    return make


class Cast:
    """A member of the handling unit, a member of another unit, a leader, an outsider, an administrator."""

    def __init__(self, make_unit, make_person):
        from zhengban.core.models import RoleCode, UnitKind

        self.office = make_unit("office", "市人民政府办公室", "Municipal Government Office", kind=UnitKind.OFFICE)
        self.unit = make_unit("secretariat-1", "秘书一科", "Secretariat Section 1", parent=self.office)
        self.other_unit = make_unit("economic-affairs", "经济科", "Economic Affairs Section", parent=self.office)
        self.member = make_person("member", unit=self.unit, roles=[RoleCode.CLERK], full_name="样例·办事员")
        self.chief = make_person("chief", unit=self.unit, roles=[RoleCode.CHIEF], full_name="样例·科长")
        self.other_member = make_person("other", unit=self.other_unit, roles=[RoleCode.CLERK], full_name="样例·他科")
        self.leader = make_person(
            "leader", unit=self.office, roles=[RoleCode.SECRETARY_GENERAL], full_name="样例·秘书长", clearance=2
        )
        self.outsider = make_person("outsider", full_name="样例·无关人员")
        self.admin = make_person(
            "admin", unit=self.office, roles=[RoleCode.SYSTEM_ADMINISTRATOR], full_name="样例·管理员", is_staff=True
        )


@pytest.fixture
def cast(make_unit, make_person):
    return Cast(make_unit, make_person)
