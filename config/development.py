"""Local development: SQLite under instance/, keys and secret key generated there."""
DEBUG = False
# A Moodle on this machine (the lab), over plain http.
LATIH_FETCH_ALLOW = ("127.0.0.1", "::1")
LATIH_FETCH_HTTP = True
