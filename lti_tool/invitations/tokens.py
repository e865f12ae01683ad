"""A personal link's token: ``secrets.token_urlsafe(32)`` (256 bits), returned once to the caller, who puts it in
the link; only ``hash_token(token)`` (SHA-256, hex) is stored, so a copy of the database opens nothing."""
import hashlib
import secrets

from ..clock import utcnow

TOKEN_BYTES = 32
MIN_LENGTH, MAX_LENGTH = 20, 100  # a token from a URL outside these is not looked up at all


def new_token():
    """A personal link's token and the hash to store: ``(token, token_hash)``."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def plausible(token):
    return isinstance(token, str) and MIN_LENGTH <= len(token) <= MAX_LENGTH


def by_token(model, token):
    """The row of ``model`` (which has a ``token_hash`` column) whose link carries ``token``, or None; the caller
    tells revoked and expired links apart (``link_state``)."""
    if not plausible(token):
        return None
    return model.query.filter_by(token_hash=hash_token(token)).first()


def link_state(revoked_at, expires_at=None, now=None):
    """``revoked``, ``expired`` or ``ok``: a revoked link stays revoked, whatever its expiry."""
    if revoked_at is not None:
        return "revoked"
    if expires_at is not None and (now or utcnow()) >= expires_at:
        return "expired"
    return "ok"
