"""`zhengban check --deploy` is clean with production settings (docs/operations.md)."""

import os
import secrets
import subprocess
import sys

import pytest

PRODUCTION = {
    "ZHENGBAN_SECRET_KEY": secrets.token_urlsafe(64),
    "ZHENGBAN_HTTPS": "true",
    "ZHENGBAN_DEBUG": "false",
    "ZHENGBAN_ALLOWED_HOSTS": "zhengban.example.gov.cn",
}


def deploy_check(tmp_path, **overrides):
    # The test run's own environment (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE) is not production's.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ZHENGBAN_", "DJANGO_")) or name == "ZHENGBAN_DATABASE_URL"
    }
    env.update(PRODUCTION, ZHENGBAN_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="zhengban.settings", **overrides)
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing_with_production_settings(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "overrides, warning",
    [
        ({"ZHENGBAN_HTTPS": "false"}, "security.W008"),
        ({"ZHENGBAN_SECRET_KEY": "short"}, "security.W009"),
        ({"ZHENGBAN_DEBUG": "true"}, "security.W018"),
    ],
)
def test_deploy_check_fails_when_a_production_setting_is_missing(tmp_path, overrides, warning):
    result = deploy_check(tmp_path, **overrides)
    assert result.returncode != 0
    assert warning in result.stderr


def test_operator_guide_documents_every_environment_variable_of_the_settings():
    import re
    from pathlib import Path

    import zhengban.settings

    guide = Path(zhengban.settings.PACKAGE_DIR).parents[1] / "docs" / "operations.md"
    if not guide.exists():
        pytest.skip("the operator guide ships with the source tree, not with the installed package")
    settings_text = Path(zhengban.settings.__file__).read_text()
    variables = set(re.findall(r'"(ZHENGBAN_[A-Z0-9_]+)"', settings_text))
    assert variables, "no ZHENGBAN_* variables found in settings.py"
    undocumented = {name for name in variables if f"`{name}`" not in guide.read_text()}
    assert undocumented == set()
