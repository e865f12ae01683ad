"""The platforms' public keys: their JWKS cached in the shared store, fetched once more on an unknown kid.

Each process also keeps the keyset it last read from the store for ``LOCAL_SECONDS`` (a launch then makes no round
trip for it); an unknown kid looks in the store first (another process may have fetched the new keyset) and then
at the platform. Each key is turned into a key object once per process (by its content, so a platform that rotates
its keys, or two platforms, never share an entry), instead of being exported to PEM and parsed again at every launch.
"""
import functools
import hashlib
import json
import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from jwt.algorithms import RSAAlgorithm

from ..state import store
from .fetch import FetchError, fetch_json
from .refusal import Refused


def _fetch_keyset(url, issuer):
    try:
        status, keyset = fetch_json(url)
    except FetchError as exc:
        raise Refused("signature", issuer=issuer, detail=str(exc)) from exc
    if status != 200 or not isinstance(keyset, dict) or not isinstance(keyset.get("keys"), list):
        raise Refused("signature", issuer=issuer, detail=_l("the keyset URL did not answer a JWKS"))
    store().set(_cache_key(url), keyset, current_app.config["LATIH_JWKS_CACHE_SECONDS"])
    return keyset


def _cache_key(url):
    return "jwks:" + hashlib.sha256(url.encode()).hexdigest()


@functools.lru_cache(maxsize=64)
def _public_key(n, e):
    """An RSA public key object from its modulus and exponent (base64url); None when they are not valid."""
    try:
        return RSAAlgorithm.from_jwk(json.dumps({"kty": "RSA", "n": n, "e": e}))
    except Exception:
        return None


def _find(keyset, kid):
    for jwk in keyset.get("keys", []):
        if not isinstance(jwk, dict):
            continue
        if jwk.get("kid") == kid and jwk.get("kty") == "RSA" and jwk.get("alg", "RS256") == "RS256":
            n, e = jwk.get("n"), jwk.get("e")
            return _public_key(n, e) if isinstance(n, str) and isinstance(e, str) else None
    return None


LOCAL_SECONDS = 60.0  # a process's copy of a keyset; the store's copy lasts LATIH_JWKS_CACHE_SECONDS


def _local():
    return current_app.extensions.setdefault("latih_platform_keysets", {})


def _remember(url, keyset):
    _local()[url] = (keyset, time.monotonic() + LOCAL_SECONDS)
    return keyset


def platform_key(url, kid, issuer):
    """The platform's public key for ``kid``: from this process's copy or the store, else fetched; an unknown kid
    reads the store, then fetches once more."""
    if not kid:
        raise Refused("signature", issuer=issuer, detail=_l("the token names no key (kid)"))
    local = _local().get(url)
    key = _find(local[0], kid) if local is not None and time.monotonic() < local[1] else None
    if key is not None:
        return key
    cached = store().get(_cache_key(url))
    keyset = _remember(url, cached or _fetch_keyset(url, issuer))
    key = _find(keyset, kid)
    if key is None and cached is not None and _may_refetch(url):
        key = _find(_remember(url, _fetch_keyset(url, issuer)), kid)
    if key is None:
        raise Refused("signature", issuer=issuer, detail=_l("unknown key id %(kid)s", kid=kid))
    return key


def _may_refetch(url):
    cooldown = current_app.config["LATIH_JWKS_REFETCH_COOLDOWN"]
    if cooldown <= 0:
        return True
    marker = "jwks-refetch:" + hashlib.sha256(url.encode()).hexdigest()
    if store().get(marker):
        return False
    store().set(marker, time.time(), cooldown)
    return True
