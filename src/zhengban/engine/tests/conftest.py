import pytest
from rest_framework.test import APIClient

from zhengban.core.models import DocumentPrefix, RoleCode


@pytest.fixture
def office(cast, make_person):
    """The shared cast plus what memos need: the memo number prefix and a chief in the other unit."""
    DocumentPrefix.objects.create(code="memo", prefix="联系单", name_zh="工作联系单", name_en="Liaison memo")
    cast.other_chief = make_person("otherchief", unit=cast.other_unit, roles=[RoleCode.CHIEF], full_name="样例·他科科长")
    return cast


@pytest.fixture
def api():
    """An API client; `api.as_(person)` signs in with a session like a browser would."""

    class Client(APIClient):
        def as_(self, person):
            self.force_login(person)
            return self

    return Client()
