"""``flask latih prepare`` (what scripts/run does before serving) and the settings checked before anything starts."""
import re

import pytest

from config import ConfigError
from lti_tool import create_app
from lti_tool.lti import regtokens
from lti_tool.lti.models import ToolKey

LINK = re.compile(r"(\S+)/lti/register\?reg=(\S+)")


def test_prepare_migrates_makes_the_key_and_prints_urls_and_a_link(app):
    result = app.test_cli_runner().invoke(args=["latih", "prepare", "--port", "5055"])
    assert result.exit_code == 0, result.output
    assert ToolKey.query.count() == 1
    assert "http://127.0.0.1:5055/lti/login" in result.output
    base, raw = LINK.search(result.output).groups()
    assert base == "http://127.0.0.1:5055" and regtokens.is_usable(raw)


def test_prepare_prints_the_same_link_until_it_is_used(app, client):
    runner = app.test_cli_runner()
    first = LINK.search(runner.invoke(args=["latih", "prepare"]).output).group(2)
    assert LINK.search(runner.invoke(args=["latih", "prepare"]).output).group(2) == first
    assert regtokens.consume(first)
    third = LINK.search(runner.invoke(args=["latih", "prepare"]).output).group(2)
    assert third != first and regtokens.is_usable(third)


def test_registration_url_reuse_option(app):
    runner = app.test_cli_runner()
    args = ["lti", "registration-url", "--base-url", "https://latih.example"]
    first = runner.invoke(args=args).output.strip()
    assert runner.invoke(args=[*args, "--reuse"]).output.strip() == first
    assert runner.invoke(args=args).output.strip() != first  # without --reuse: a new link


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_prepare_needs_the_base_url_when_not_on_loopback(app, host):
    result = app.test_cli_runner().invoke(args=["latih", "prepare", "--host", host])
    assert result.exit_code != 0
    assert "Set LATIH_BASE_URL" in result.output
    assert "0.0.0.0:" not in result.output and ToolKey.query.count() == 0


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_prepare_on_loopback_needs_no_base_url(app, host):
    result = app.test_cli_runner().invoke(args=["latih", "prepare", "--host", host, "--port", "5056"])
    assert result.exit_code == 0, result.output


def test_prepare_uses_the_base_url_when_set(app):
    app.config["LATIH_BASE_URL"] = "https://latih.example.go.id/"
    result = app.test_cli_runner().invoke(args=["latih", "prepare", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert LINK.search(result.output).group(1) == "https://latih.example.go.id"


@pytest.mark.parametrize("settings, message", [
    ({"LATIH_ADMIN_USERNAME": "admin", "LATIH_ADMIN_PASSWORD": "123456789"}, "at least 10 characters"),
    ({"LATIH_ADMIN_PASSWORD": "long-enough-password"}, "LATIH_ADMIN_USERNAME is not"),
    ({"LATIH_BASE_URL": "http://0.0.0.0:5000"}, "0.0.0.0 is where a server listens"),
    ({"LATIH_BASE_URL": "latih.example.go.id"}, "must start with https://"),
])
def test_settings_that_cannot_work_refuse_to_start(app_config, tmp_path, settings, message):
    with pytest.raises(ConfigError, match=message):
        create_app(dict(app_config, LATIH_INSTANCE_PATH=str(tmp_path), **settings))


def test_a_ten_character_admin_password_is_fine(app_config, tmp_path):
    create_app(dict(app_config, LATIH_INSTANCE_PATH=str(tmp_path), LATIH_ADMIN_USERNAME="admin",
                    LATIH_ADMIN_PASSWORD="1234567890"))
