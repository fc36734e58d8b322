import re

import pytest
from django.core.management import call_command

API_PATHS = {
    "/api/auth/token/",
    "/api/units/",
    "/api/units/{code}/",
    "/api/people/",
    "/api/people/{username}/",
    "/api/people/{username}/password/",
    "/api/me/",
}


def test_schema_generates_and_validates_without_warnings(tmp_path):
    # --fail-on-warn turns every schema warning or error into a non-zero exit (SystemExit).
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "openapi: 3" in target.read_text()


def test_schema_is_public_openapi_3_with_every_endpoint(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert API_PATHS <= set(schema["paths"])
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    assert "Error" in schema["components"]["schemas"]


def foreign_urls(text):
    """Absolute URLs in a page that point anywhere but this server."""
    return [url for url in re.findall(r"""(?:https?:)?//[^\s"'<>)]+""", text) if not url.startswith("//testserver")]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_docs_page_loads_everything_from_this_server(client, db, lang):
    page = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE=lang)
    assert page.status_code == 200
    html = page.content.decode()
    assert foreign_urls(html) == []
    assets = re.findall(r"""(?:src|href)="([^"]+)\"""", html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    assert all(asset.startswith(("/static/", "/api/docs/")) for asset in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_docs_start_up_script_points_at_the_local_schema_and_no_validator(client, db):
    script = client.get("/api/docs/?script=").content.decode()
    assert '"/api/schema/' in script
    assert '"validatorUrl": null' in script
    assert foreign_urls(script) == []
