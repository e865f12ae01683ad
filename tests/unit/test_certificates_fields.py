"""Certificates, pure parts: the numbering scheme (checked at start), the NIP masked for the public page, the dates
the Indonesian way, the template's placeholders and the template file's checks."""
import json
from datetime import date

import pytest

from lti_tool.certificates import fields, numbering, template


def test_the_default_scheme_numbers_per_year():
    assert numbering.format_number(numbering.DEFAULT_FORMAT, "BPSDM", 7, 2026, 3) == "0007/PLT-PLJ/2026"
    assert numbering.format_number("{seq}/STTP/{month:02d}/{year}", "X", 12, 2026, 3) == "12/STTP/03/2026"


def test_a_scheme_per_institution_with_a_default():
    setting = {"BPSDM Jateng": "{seq:03d}/BPSDM/{year}", "*": "{seq:04d}/PLT/{year}"}
    numbering.check(setting)
    assert numbering.format_number(setting, "BPSDM Jateng", 5, 2026, 1) == "005/BPSDM/2026"
    assert numbering.format_number(setting, "BKPSDM Kudus", 5, 2026, 1) == "0005/PLT/2026"


@pytest.mark.parametrize("scheme", ["PLT/{year}", "{seq}/{unit}", "{seq.real}/{year}", "{seq[0]}", "{seq:q}",
                                    "", "{seq", {"A": "{year}"}, {}, "{seq}" + "x" * 200])
def test_a_scheme_that_cannot_number_is_refused(scheme):
    with pytest.raises(numbering.NumberFormatError):
        numbering.check(scheme)


def test_the_app_refuses_to_start_with_a_bad_scheme(app_config, tmp_path):
    from config import ConfigError
    from lti_tool import create_app

    with pytest.raises(ConfigError, match="LATIH_CERT_NUMBER_FORMAT"):
        create_app(dict(app_config, LATIH_CERT_NUMBER_FORMAT="PLT/{year}", LATIH_INSTANCE_PATH=str(tmp_path)))


@pytest.mark.parametrize("nip, masked", [
    ("198703152010121004", "1987**********1004"), ("1987031520101210", "1987********1210"),
    ("1234567", "12***67"), ("1234", "****"), ("", "—"), (None, "—"), ("  ", "—")])
def test_the_nip_is_masked(nip, masked):
    assert fields.mask_nip(nip) == masked


def test_dates_the_indonesian_way():
    assert fields.date_range(date(2026, 3, 3), date(2026, 3, 7)) == "3–7 Maret 2026"
    assert fields.date_range(date(2026, 2, 28), date(2026, 3, 3)) == "28 Februari – 3 Maret 2026"
    assert fields.date_range(date(2025, 12, 30), date(2026, 1, 2)) == "30 Desember 2025 – 2 Januari 2026"
    assert fields.date_range(date(2026, 8, 17), None) == "17 Agustus 2026"
    assert fields.date_range(None, None) == ""


def test_placeholders_are_filled_and_only_known_plain_ones_are_allowed():
    assert fields.fill("{name}, NIP {nip} {{kurung}}", {"name": "Siti", "nip": "—"}) == "Siti, NIP — {kurung}"
    assert fields.fill("{rank}", {}) == ""
    assert fields.placeholders_of("Nomor {number} untuk {name}") == ["number", "name"]
    for bad in ("{password}", "{name.__class__}", "{name[0]}", "{name!r}", "{name:>20}", "{name"):
        with pytest.raises(ValueError):
            fields.placeholders_of(bad)


def _write(tmp_path, data):
    path = tmp_path / "sertifikat.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_the_shipped_template_loads_and_a_bad_one_is_refused_naming_the_file(tmp_path):
    shipped = template.load()
    assert shipped["blocks"] and shipped["qr"]["size"] > 0 and shipped["logo"] is None
    with open(template.DEFAULT_PATH, encoding="utf-8") as handle:
        data = json.load(handle)
    data["blocks"][0]["text"] = "{institusi}"
    with pytest.raises(template.TemplateError, match="sertifikat.json.*institusi"):
        template.load(_write(tmp_path, data))
    data["blocks"][0]["text"] = "{institution}"
    data["logo"] = {"path": "https://example.org/logo.png"}
    with pytest.raises(template.TemplateError, match="nothing is fetched"):
        template.load(_write(tmp_path, data))
    data["logo"] = {"path": "logo.png"}
    with pytest.raises(template.TemplateError, match="no file"):
        template.load(_write(tmp_path, data))
    (tmp_path / "logo.png").write_bytes(b"")
    assert template.load(_write(tmp_path, data))["logo"]["path"] == str(tmp_path / "logo.png")
    with pytest.raises(template.TemplateError, match="JSON"):
        template.load(str(tmp_path / "logo.png"))
