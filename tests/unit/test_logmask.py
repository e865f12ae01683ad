"""Masking secrets in log lines (lti_tool/logmask.py), without a server."""
import logging

import pytest

from lti_tool.logmask import MaskSecrets, mask


@pytest.mark.parametrize("line, expected", [
    ('"GET /lti/register?reg=Ab-9_x HTTP/1.1" 200', '"GET /lti/register?reg=*** HTTP/1.1" 200'),
    ("/lti/register?lang=en&registration_token=eyJ.a.b&x=1", "/lti/register?lang=en&registration_token=***&x=1"),
    ("openid_configuration=https%3A%2F%2Fm%2Fc.php%3Fregistration_token%3DSECRET%26a%3D1",
     "openid_configuration=https%3A%2F%2Fm%2Fc.php%3Fregistration_token%3D***%26a%3D1"),
    ("GET /lti/register/SECRET?lang=id", "GET /lti/register/***?lang=id"),
    ("Authorization: Bearer eyJhbGciOi.x.y", "Authorization: Bearer ***"),
    ("client_assertion=eyJ.x.y&scope=a", "client_assertion=***&scope=a"),
])
def test_secrets_are_masked(line, expected):
    assert mask(line) == expected


@pytest.mark.parametrize("line", ["/budgeting/work?launch=abc&regex=1&preg=2", "registration failed", "Token table"])
def test_other_text_is_left_alone(line):
    assert mask(line) == line


def test_filter_masks_the_message_with_its_arguments():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "opened %s", ("/lti/register?reg=SECRET",), None)
    assert MaskSecrets().filter(record) and record.getMessage() == "opened /lti/register?reg=***"


def test_a_certificates_verification_code_is_masked():
    line = '127.0.0.1 - - "GET /verify/Qm9nb3JfU2VydGlmaWthdF8xOTJiaXRz HTTP/1.1" 200'
    assert mask(line) == '127.0.0.1 - - "GET /verify/*** HTTP/1.1" 200'
