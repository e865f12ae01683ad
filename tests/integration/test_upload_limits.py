"""A request body over MAX_CONTENT_LENGTH is refused with the tool's 413 page (or JSON for the editor), unread.

An attacker once posted 200 MB to the list import: the whole body was read (spooled to a temporary file) before
the view's 2 MB check. Now a body announced as too large is refused before a byte of it is read, and a chunked body
(no Content-Length) is read only up to the limit. The streams below count what the tool reads.
"""
import io
import itertools
import os
import select
import socket
import time

import pytest
from budgeting_support import csrf, work_page
from xlsx_attacks import HEADER_ROW, workbook_with_sheet

from config import ConfigError
from lti_tool import create_app

MB = 1024 * 1024


class Body(io.RawIOBase):
    """A request body of ``size`` bytes, ``head`` then ``filler`` repeated, that counts what the application reads."""

    def __init__(self, size, head=b"", filler=b"x"):
        self.size, self.head, self.filler, self.read_bytes = size, head, filler * (65536 // len(filler) + 1), 0

    def readable(self):
        return True

    def readinto(self, buffer):
        left = min(len(buffer), self.size - self.read_bytes)
        if left <= 0:
            return 0
        start = self.read_bytes
        data = self.head[start:start + left]
        while len(data) < left:
            offset = (start + len(data) - len(self.head)) % len(self.filler)
            data += self.filler[offset:offset + left - len(data)]
        buffer[:left] = data
        self.read_bytes += left
        return left


def post_body(client, url, body, content_type, length=None, headers=None):
    """POST ``body`` as it arrives from the network: with a Content-Length of ``length``, or chunked when None
    (gunicorn de-chunks such a body and marks the stream as terminated, ``wsgi.input_terminated``)."""
    environ = {"wsgi.input": body, "CONTENT_TYPE": content_type}
    if length is None:
        environ.update({"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True})
    else:
        environ["CONTENT_LENGTH"] = str(length)
    return client.post(url, environ_overrides=environ, headers=headers or {})


def _multipart_head(token):
    boundary = "----latih"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\nkode;nama;satuan;harga\r\n").encode()
    return head, f"multipart/form-data; boundary={boundary}"


def test_the_default_limit_is_a_few_megabytes(app):
    assert 2 * MB < app.config["MAX_CONTENT_LENGTH"] <= 8 * MB  # room for a 2 MB list import, no more


def test_an_upload_announced_over_the_limit_is_refused_with_the_tools_page_before_it_is_read(exercise, client):
    token = exercise["teacher"]
    head, content_type = _multipart_head(csrf(client.get(f"/budgeting/manage?launch={token}").get_data(True)))
    body = Body(200 * MB, head, b"SSH-01;Makan siang;OK;50.000\r\n")  # a list of 200 MB
    resp = post_body(client, f"/budgeting/import/prices?launch={token}", body, content_type, 200 * MB)
    page = resp.get_data(as_text=True)
    assert body.read_bytes == 0, f"{body.read_bytes} bytes read"  # not one byte of the 200 MB
    assert resp.status_code == 413, page[:500]
    assert 'data-testid="error-page" data-status="413"' in page
    assert "The upload is too large" in page or "Unggahan terlalu besar" in page


def test_a_chunked_upload_is_read_only_up_to_the_limit(exercise, client, app):
    """No Content-Length (Transfer-Encoding: chunked, which gunicorn de-chunks and marks as terminated): the tool
    reads until the limit, then answers 413 instead of reading on."""
    token = exercise["teacher"]
    head, content_type = _multipart_head(csrf(client.get(f"/budgeting/manage?launch={token}").get_data(True)))
    body = Body(64 * MB, head, b"SSH-01;Makan siang;OK;50.000\r\n")
    resp = post_body(client, f"/budgeting/import/prices?launch={token}", body, content_type)
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert body.read_bytes <= limit + 256 * 1024, f"{body.read_bytes} bytes read"  # the limit and one buffer
    assert resp.status_code == 413, resp.get_data(as_text=True)[:500]
    assert 'data-status="413"' in resp.get_data(as_text=True)


def test_a_budget_form_over_the_limit_is_refused_too(exercise, client, app):
    """Not only files: a urlencoded form is parsed whole in memory, so the limit matters even more there."""
    token = exercise["learner"]
    body = Body(50 * MB, b"lines-1-component=", b"x")
    resp = post_body(client, f"/budgeting/save?launch={token}", body, "application/x-www-form-urlencoded", 50 * MB)
    assert body.read_bytes == 0, f"{body.read_bytes} bytes read"
    assert resp.status_code == 413 and 'data-status="413"' in resp.get_data(as_text=True)


def test_the_editors_json_endpoints_answer_413_in_json_in_the_readers_language(exercise, client):
    token = exercise["learner"]
    body = Body(50 * MB, b"lines-1-component=", b"x")
    resp = post_body(client, f"/budgeting/api/check?launch={token}", body, "application/x-www-form-urlencoded",
                     50 * MB, {"X-CSRFToken": csrf(work_page(client, token))})
    assert body.read_bytes == 0, f"{body.read_bytes} bytes read"
    assert resp.status_code == 413 and resp.is_json
    assert "Unggahan terlalu besar" in resp.get_json()["message"]  # the learner's launch is in Indonesian


def test_a_list_of_nearly_2_mb_still_imports_under_the_default_limit(exercise, client):
    token = exercise["teacher"]
    rows = "".join(f"SSH-{n};Barang {n} {'x' * 320};Spesifikasi;OK;50.000;perkiraan;10;5.1.02.01.01.0052\n"
                   for n in range(5000))
    data = ("kode;nama;spesifikasi;satuan;harga;mode;toleransi;rekening\n" + rows).encode()
    assert 1.8 * MB < len(data) < 2 * MB
    page = client.get(f"/budgeting/manage?launch={token}").get_data(as_text=True)
    resp = client.post(f"/budgeting/import/prices?launch={token}", data={
        "csrf_token": csrf(page), "file": (io.BytesIO(data), "prices.csv")},
        content_type="multipart/form-data", follow_redirects=True)
    assert resp.status_code == 200 and "5000 rows imported" in resp.get_data(as_text=True).replace(".", "")


def test_the_limit_is_set_in_the_environment(app_config, monkeypatch):
    monkeypatch.setenv("MAX_CONTENT_LENGTH", str(3 * MB))
    assert create_app(dict(app_config)).config["MAX_CONTENT_LENGTH"] == 3 * MB


@pytest.mark.parametrize("value", [0, 1000, None])
def test_a_limit_too_small_for_the_tools_own_forms_stops_the_start(app_config, value):
    with pytest.raises(ConfigError, match="MAX_CONTENT_LENGTH"):
        create_app({**app_config, "MAX_CONTENT_LENGTH": value})


def test_a_workbook_built_to_be_slow_is_refused_on_the_page_with_its_reason(exercise, client):
    """The attacker's 120 KB workbook (a million rows, no <dimension>) through the instructor's import form."""
    data = workbook_with_sheet(HEADER_ROW + b"<row><c><v>1</v></c><c><v>2</v></c></row>" * 1_000_000)
    token = exercise["teacher"]
    page = client.get(f"/budgeting/manage?launch={token}").get_data(as_text=True)
    resp = client.post(f"/budgeting/import/prices?launch={token}", data={
        "csrf_token": csrf(page), "file": (io.BytesIO(data), "harga.xlsx")},
        content_type="multipart/form-data", follow_redirects=True)
    shown = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "compressed more than 100 times" in shown and "save it as CSV" in shown
    assert "rows imported" not in shown


# --- through a real gunicorn, as the attack came -------------------------------------------------------------------

@pytest.fixture
def gunicorn(app, tmp_path):
    """The tool under gunicorn's threaded worker (as scripts/run serves it), over plain HTTP on loopback."""
    import requests
    from servers import Gunicorn, free_port

    env = {k: v for k, v in os.environ.items() if not k.startswith("LATIH_") and k not in ("DATABASE_URL", "REDIS_URL")}
    env.update({"LATIH_ENV": "testing", "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "s" * 40,
                "LATIH_INSTANCE_PATH": str(tmp_path / "instance")})
    server = Gunicorn(free_port(), args=["--workers", "1", "--threads", "2", "--worker-class", "gthread",
                                         "--timeout", "30", "--graceful-timeout", "2"],
                      env=env, log_path=tmp_path / "gunicorn.log")
    try:
        server.wait_until_ready(lambda: requests.get(f"http://127.0.0.1:{server.port}/healthz", timeout=2).ok)
        yield server
    finally:
        server.stop()


MULTIPART_HEAD = (b"--x\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nen\r\n--x\r\n"
                  b"Content-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                  b"Content-Type: text/csv\r\n\r\nkode;nama;satuan;harga\r\n")  # then the file, endless


def _send_until_answered(port, head, chunks, limit_bytes):
    """Send ``head`` then ``chunks`` until the server answers (or ``limit_bytes`` are sent); (answer, bytes sent)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        sent, deadline = 0, time.monotonic() + 30
        sock.setblocking(False)
        while time.monotonic() < deadline:
            readable, writable, _ = select.select([sock], [sock] if sent < limit_bytes else [], [], 1)
            if readable:
                break
            if writable:
                try:
                    sent += sock.send(next(chunks))
                except BlockingIOError:
                    pass
        sock.setblocking(True)
        answer = b""
        while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        return answer, sent


@pytest.mark.xdist_group("servers")
def test_gunicorn_answers_413_to_a_200_mb_upload_after_reading_none_of_it(gunicorn):
    head = (f"POST /language HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {200 * MB}\r\n\r\n").encode() + MULTIPART_HEAD
    answer, sent = _send_until_answered(gunicorn.port, head, itertools.repeat(b"SSH-01;Makan;OK;1\r\n" * 3000),
                                        200 * MB)
    assert answer.startswith(b"HTTP/1.1 413"), (answer[:300], sent)
    assert sent < 32 * MB  # answered long before the body was sent: nothing waited for it


@pytest.mark.xdist_group("servers")
def test_gunicorn_stops_reading_a_chunked_upload_at_the_limit(gunicorn):
    head = (b"POST /language HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % len(MULTIPART_HEAD) + MULTIPART_HEAD + b"\r\n")
    chunk = b"%x\r\n" % 57000 + b"SSH-01;Makan;OK;1\r\n" * 3000 + b"\r\n"  # about 56 KB, never a last chunk
    answer, sent = _send_until_answered(gunicorn.port, head, itertools.repeat(chunk), 200 * MB)
    assert answer.startswith(b"HTTP/1.1 413"), (answer[:300], sent)
    assert sent < 32 * MB  # 4 MB read, plus what the sockets' buffers hold
