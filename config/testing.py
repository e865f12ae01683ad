"""The test suite."""
TESTING = True
LATIH_JWKS_REFETCH_COOLDOWN = 0
