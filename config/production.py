"""Production: PostgreSQL via DATABASE_URL, SECRET_KEY from the environment, HTTPS behind a proxy."""
REQUIRE_SECRET_KEY = True
PREFERRED_URL_SCHEME = "https"
LATIH_FETCH_HTTP = False  # a platform's URLs are fetched over https only
