import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fresh_routing_knowledge():
    """Each test's database starts again at version 0: no process cache may outlive it."""
    from zhengban.routing import knowledge

    knowledge.forget()
    yield
    knowledge.forget()


@pytest.fixture
def hengyang(cast):
    """The shipped Hengyang profile over the shared cast's units (the cast's codes are the profile's)."""
    call_command("profile", "load", "hengyang", verbosity=0)
    return cast


@pytest.fixture
def housing_bureau(hengyang):
    from zhengban.core.models import Unit
    from zhengban.documents.models import Organization

    return Organization.objects.create(
        code="housing-bureau", name_zh="市住房和城乡建设局", name_en="Municipal Housing and Urban-Rural Development Bureau",
        kind="municipal-department", handling_unit=Unit.objects.get(code="urban-construction"),
    )
