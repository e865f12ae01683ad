"""The tool's keys and JWKS, key rotation, the health check and the security headers."""
from datetime import timedelta

import jwt
from sqlalchemy import text

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.lti import keys
from lti_tool.lti.models import ToolKey


def test_first_request_generates_a_2048_bit_key_with_kid(client):
    assert ToolKey.query.count() == 0
    body = client.get("/lti/jwks").get_json()
    assert len(body["keys"]) == 1
    jwk = body["keys"][0]
    assert jwk["kty"] == "RSA" and jwk["alg"] == "RS256" and jwk["use"] == "sig" and jwk["kid"]
    assert "d" not in jwk and "p" not in jwk  # public part only
    public = jwt.PyJWK(jwk).key
    assert public.key_size >= 2048
    assert client.get("/.well-known/jwks.json").get_json() == body


def test_rotation_keeps_old_key_published_for_grace_period(app, client):
    old = keys.ensure_active_key()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["lti", "rotate-key", "--grace-days", "3"])
    assert result.exit_code == 0, result.output
    kids = [k["kid"] for k in client.get("/lti/jwks").get_json()["keys"]]
    new = keys.active_key()
    assert new.kid != old.kid
    assert kids == [new.kid, old.kid]
    # After the grace period the old key is gone from the JWKS.
    db.session.get(ToolKey, old.id).published_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert [k["kid"] for k in client.get("/lti/jwks").get_json()["keys"]] == [new.kid]


def test_signing_uses_the_active_key(app):
    from lti_tool.lti.toolconf import DbToolConf

    keys.ensure_active_key()
    new, _ = keys.rotate(1)
    from fakeplatform import FakePlatform
    from support import register

    register(FakePlatform())
    reg = DbToolConf().find_registration_by_params("http://127.0.0.1:8800", "T4jsDA8m420ziki")
    assert reg.get_kid() == new.kid


def test_private_key_never_in_jwks_or_logs(client, caplog):
    client.get("/lti/jwks")
    pem = keys.active_key().private_pem
    assert "PRIVATE KEY" not in client.get("/lti/jwks").get_data(as_text=True)
    assert pem not in caplog.text


def test_healthz_and_readyz_ok(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    resp = client.get("/readyz")
    assert resp.status_code == 200
    assert resp.get_json()["checks"]["database"] == "ok" and resp.get_json()["launches"] == "ok"


def test_readyz_503_when_database_unreachable(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("database is down")

    monkeypatch.setattr(db.session, "execute", broken)
    resp = client.get("/readyz")
    assert resp.status_code == 503
    assert resp.get_json()["checks"]["database"] == "unreachable"
    assert client.get("/healthz").status_code == 200  # the process still answers


def test_with_a_real_unreachable_database_alive_but_not_ready():
    from lti_tool import create_app

    app = create_app({"LATIH_ENV": "testing", "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
                      "SECRET_KEY": "k" * 32, "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}}})
    assert app.test_client().get("/readyz").status_code == 503
    alive = app.test_client().get("/healthz")
    assert alive.status_code == 200 and alive.get_json() == {"status": "ok"}


def test_without_redis_alive_and_degraded_launches_unavailable(app_config, tmp_path):
    """Redis down: learners already in an activity are served, so neither probe fails; readiness says that new
    launches are unavailable (their state and nonces are kept in Redis)."""
    from servers import free_port

    from lti_tool import create_app

    app = create_app(dict(app_config, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
                          LATIH_INSTANCE_PATH=str(tmp_path)))
    assert app.test_client().get("/healthz").status_code == 200
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "degraded", "checks": {"database": "ok", "redis": "unreachable"},
                                "launches": "unavailable"}


def test_frame_ancestors_lists_registered_platforms_only(client, platform):
    from lti_tool.security import invalidate_frame_origins

    invalidate_frame_origins(client.application)
    csp = client.get("/").headers["Content-Security-Policy"]
    ancestors = csp.split("frame-ancestors", 1)[1]
    assert platform.issuer in ancestors  # the issuer's origin
    assert "*" not in ancestors
    assert "script-src 'self'" in csp


def test_security_headers(client):
    resp = client.get("/")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"]
    assert "frame-ancestors 'self'" in resp.headers["Content-Security-Policy"]


def test_db_reachable_via_configured_url(app):
    assert db.session.execute(text("SELECT 1")).scalar() == 1


def test_admin_area_is_never_framed(client, platform):
    csp = client.get("/admin/login").headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
