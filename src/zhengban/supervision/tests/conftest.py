import datetime

import pytest
from django.utils import timezone

from zhengban.core.models import RoleCode


@pytest.fixture
def office(cast, make_unit, make_person):
    """The shared cast plus the Supervision Office (督查室) with its officer, and a vice mayor."""
    cast.supervision = make_unit("supervision", "督查室", "Supervision Office", parent=cast.office)
    cast.officer = make_person("officer", unit=cast.supervision, roles=[RoleCode.SUPERVISION_OFFICER],
                               full_name="样例·督查员")
    cast.vice_mayor = make_person("vicemayor", unit=cast.office, roles=[RoleCode.VICE_MAYOR], full_name="样例·副市长")
    return cast


def at(day, hour=10):
    """A fixed moment (local time) for `now`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def clock(monkeypatch):
    """Set the time every action sees: clock.set(date or datetime)."""

    class Clock:
        def set(self, moment):
            if not isinstance(moment, datetime.datetime):
                moment = at(moment)
            monkeypatch.setattr(timezone, "now", lambda: moment)
            return moment

    return Clock()


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English; the Chinese ones are checked in the browser test."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
