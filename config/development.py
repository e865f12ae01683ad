"""Local development: SQLite under instance/, keys and secret key generated there."""
DEBUG = False
