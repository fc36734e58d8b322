import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    """An API client; `api.as_(person)` signs in with a session like a browser would."""

    class Client(APIClient):
        def as_(self, person):
            self.force_login(person)
            return self

    return Client()
