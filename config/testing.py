"""The test suite."""
TESTING = True
LATIH_JWKS_REFETCH_COOLDOWN = 0
# The fake Moodle serves on 127.0.0.1 over plain http.
LATIH_FETCH_ALLOW = ("127.0.0.1",)
LATIH_FETCH_HTTP = True
