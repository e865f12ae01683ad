"""The short-lived attendance code shown on the projector: six digits derived by HMAC-SHA256 from the session's own
secret (stored with the session) and the current minute, so every worker computes the same code without sharing
state. A code is accepted during the minute it was shown and the two after it (at most three minutes), never
before. Pure: no Flask, no database."""
import hashlib
import hmac
import secrets

STEP = 60  # seconds per code
VALID_STEPS = 3  # the current code and the two before it
DIGITS = 6


def new_secret():
    return secrets.token_hex(32)


def code_at(secret, moment_seconds):
    """The code of the minute containing ``moment_seconds`` (a Unix time)."""
    step = int(moment_seconds // STEP)
    digest = hmac.new(secret.encode(), f"followup:{step}".encode(), hashlib.sha256).digest()
    return str(int.from_bytes(digest[:8], "big") % 10 ** DIGITS).zfill(DIGITS)


def seconds_left(moment_seconds):
    """Seconds until the code shown now is replaced on the projector."""
    return STEP - int(moment_seconds % STEP)


def normalised(typed):
    """What a learner typed, digits only (spaces and dashes dropped), or "" when it cannot be a code."""
    digits = "".join(ch for ch in str(typed or "") if not ch.isspace() and ch != "-")
    return digits if len(digits) == DIGITS and digits.isascii() and digits.isdigit() else ""


def is_valid(secret, typed, moment_seconds):
    """Whether ``typed`` is the code of this minute or one of the two before it (constant-time comparison)."""
    code = normalised(typed)
    if not code:
        return False
    ok = False
    for back in range(VALID_STEPS):
        ok |= hmac.compare_digest(code, code_at(secret, moment_seconds - back * STEP))
    return ok
