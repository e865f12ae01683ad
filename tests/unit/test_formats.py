"""Dates, numbers and money: one style per language, the zone from configuration."""
from datetime import datetime
from decimal import Decimal

import pytest

from lti_tool import clock, formats

MOMENT = datetime(2026, 12, 1, 11, 36)  # stored naive UTC


@pytest.mark.parametrize(("zone", "indonesian", "english"), [
    ("Asia/Jakarta", "1 Des 2026, 18.36 WIB", "1 Dec 2026, 18:36 WIB"),
    ("Asia/Makassar", "1 Des 2026, 19.36 WITA", "1 Dec 2026, 19:36 WITA"),
    ("Asia/Jayapura", "1 Des 2026, 20.36 WIT", "1 Dec 2026, 20:36 WIT"),
])
def test_datetime_in_the_configured_zone(app, zone, indonesian, english):
    app.config["LATIH_TIMEZONE"] = zone
    assert formats.format_datetime(MOMENT, "id") == indonesian
    assert formats.format_datetime(MOMENT, "en") == english


def test_local_round_trip(app):
    local = datetime(2026, 12, 1, 18, 36)
    assert clock.from_local(local) == MOMENT
    assert clock.to_local(MOMENT).replace(tzinfo=None) == local


def test_numbers_and_money(app):
    assert formats.format_number(Decimal("1250000"), "id") == "1.250.000"
    assert formats.format_number(Decimal("12.5"), "id") == "12,5"
    assert formats.format_number(Decimal("1250000"), "en") == "1,250,000"
    assert formats.format_rupiah(Decimal("1250000"), "id") == "Rp1.250.000"
    assert formats.format_rupiah(Decimal("1250000.5"), "id") == "Rp1.250.000,50"
    assert formats.format_rupiah(Decimal("-4000000"), "id") == "-Rp4.000.000"  # not "Rp-4.000.000"
    assert formats.format_percent(Decimal("11"), "id") == "11%"
    assert formats.format_number(Decimal("90.00"), "id", places=2) == "90,00"


def test_filters_in_templates(app):
    from flask import render_template_string

    with app.test_request_context("/?lang=id"):
        assert render_template_string("{{ m|datetime }} · {{ 1250000|rupiah }}", m=MOMENT) == \
            "1 Des 2026, 18.36 WIB · Rp1.250.000"


def test_the_zone_comes_from_the_environment(app_config, _migrated, monkeypatch):
    from lti_tool import create_app

    monkeypatch.setenv("LATIH_TIMEZONE", "Asia/Makassar")
    monkeypatch.setenv("LATIH_GRADE_CONCURRENCY", "2")
    app = create_app(dict(app_config))
    assert app.config["LATIH_GRADE_CONCURRENCY"] == 2
    with app.app_context():
        assert formats.format_datetime(MOMENT, "id") == "1 Des 2026, 19.36 WITA"
