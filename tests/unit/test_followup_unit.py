"""Follow-up sessions, pure parts: the calendar file (RFC 5545), the attendance code's validity window."""
from datetime import datetime

from lti_tool.followup import codes, ics


def _event(**values):
    base = {"uid": "latih-followup-7@tool.example", "starts_at": datetime(2026, 12, 10, 2, 0),
            "ends_at": datetime(2026, 12, 10, 4, 30), "summary": "Seminar SIPD"}
    return ics.Event(**{**base, **values})


def test_the_calendar_file_is_rfc_5545():
    text = ics.calendar(_event(location="Aula, Lt. 2; Gedung B", url="https://zoom.example/j/1?a=1,2",
                               description="Baris satu\nBaris dua \\ akhir"), datetime(2026, 12, 6, 5, 0, 9))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    lines = text.split("\r\n")
    assert "UID:latih-followup-7@tool.example" in lines and "DTSTAMP:20261206T050009Z" in lines
    assert "DTSTART:20261210T020000Z" in lines and "DTEND:20261210T043000Z" in lines
    assert "LOCATION:Aula\\, Lt. 2\\; Gedung B" in lines
    assert "URL:https://zoom.example/j/1?a=1,2" in lines  # a URI, not escaped as text
    assert "DESCRIPTION:Baris satu\\nBaris dua \\\\ akhir" in lines
    assert lines.index("BEGIN:VEVENT") < lines.index("SUMMARY:Seminar SIPD") < lines.index("END:VEVENT")


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    title = "Sesi tindak lanjut: Sistem Informasi Pemerintahan Daerah — pengelolaan keuangan “é” " * 3
    text = ics.calendar(_event(summary=title), datetime(2026, 12, 6))
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    summary = [i for i, line in enumerate(lines) if line.startswith("SUMMARY:")][0]
    unfolded = lines[summary]
    for line in lines[summary + 1:]:
        if not line.startswith(" "):
            break
        unfolded += line[1:]
    assert unfolded == "SUMMARY:" + ics.escape(title)


def test_escape_of_text_values():
    assert ics.escape("a,b;c\\d\r\ne\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_a_code_is_valid_three_minutes_and_never_before():
    secret = codes.new_secret()
    shown_at = 1_800_000_000.0  # the start of a minute
    code = codes.code_at(secret, shown_at)
    assert len(code) == 6 and code.isdigit()
    assert codes.is_valid(secret, code, shown_at)
    assert codes.is_valid(secret, code[:3] + " " + code[3:], shown_at + 179)
    assert not codes.is_valid(secret, code, shown_at + 180)  # expired
    assert not codes.is_valid(secret, code, shown_at - 1)  # the code of the next minute is not valid yet
    assert not codes.is_valid(secret, "12345", shown_at) and not codes.is_valid(secret, "abcdef", shown_at)
    assert codes.seconds_left(shown_at + 15) == 45


def test_codes_rotate_and_workers_agree():
    secret = codes.new_secret()
    minutes = [codes.code_at(secret, 1_800_000_000 + 60 * n) for n in range(20)]
    assert len(set(minutes)) > 15  # a new code (almost always) every minute
    assert codes.code_at(secret, 1_800_000_030) == codes.code_at(str(secret), 1_800_000_059)
