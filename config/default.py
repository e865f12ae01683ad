"""Defaults for every environment. Secrets are never set here."""

SQLALCHEMY_DATABASE_URI = None  # from DATABASE_URL, else SQLite under instance/
SQLALCHEMY_ENGINE_OPTIONS = {}  # connections idle a while are pinged before use: lti_tool/dbpool.py
REDIS_URL = None
LATIH_REDIS_PREFIX = "latih:"  # every Redis key the tool writes starts with this

# The tool is framed by Moodle on another site: its cookies must be
# SameSite=None; Secure; Partitioned (browsers accept Secure on http://localhost).
SESSION_COOKIE_NAME = "latih_session"
SESSION_COOKIE_SAMESITE = "None"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_PARTITIONED = True
SESSION_COOKIE_HTTPONLY = True
PERMANENT_SESSION_LIFETIME = 8 * 3600
# The cookie is re-sent only when the session changed, not on every page: its 8 hours count from the last change
# (a launch, a language choice, an admin sign-in), the same 8 hours every launch entry and admin session has anyway.
SESSION_REFRESH_EACH_REQUEST = False

# The largest request body, in bytes (Flask's setting): a bigger one is answered 413 (errors.py) before it is read.
# The largest legitimate bodies are a reference-list import (a file of at most 2 MB, io/tables.py) and a budget of
# 2000 lines typed into the editor (well under 1 MB) and an evidence file of the learning record (LATIH_EVIDENCE_MB,
# 5 MB); 6 MB leaves room for them.
MAX_CONTENT_LENGTH = 6 * 1024 * 1024

WTF_CSRF_TIME_LIMIT = 8 * 3600
WTF_CSRF_SSL_STRICT = False  # Referer is often stripped inside a cross-site iframe.

BABEL_DEFAULT_LOCALE = "id"
# The kinds of activity to plug in: each a package with a KIND (lti_tool.activities.kinds.ActivityKind).
LATIH_KINDS = ("lti_tool.budgeting", "lti_tool.modules", "lti_tool.feedback", "lti_tool.followup")
LATIH_TIMEZONE = "Asia/Jakarta"  # WIB; Asia/Makassar (WITA), Asia/Jayapura (WIT)
# The learning record (lti_tool.record): categories of competency development, minutes per JP, JP expected a year.
LATIH_JP_CATEGORIES = ("pelatihan klasikal", "e-learning", "coaching/mentoring", "seminar/workshop", "belajar mandiri")
LATIH_MINUTES_PER_JP = 45
LATIH_JP_TARGET = 20
# Evidence of training done elsewhere (a PDF, JPG or PNG, recognised by its bytes): the largest file, in MB.
LATIH_EVIDENCE_MB = 5
# The learner's NIP: a custom parameter's name (e.g. "nip" with "nip=$User.idnumber" in Moodle's tool settings);
# empty: lis.person_sourcedid, which Moodle fills with the user's ID number. The unit of work: a custom parameter.
LATIH_NIP_PARAM = ""
LATIH_UNIT_PARAM = "unit_kerja"
LATIH_RANK_PARAM = "pangkat_golongan"  # printed on certificates when sent
LATIH_POSITION_PARAM = "jabatan"
LANGUAGES = ("id", "en")

LATIH_BASE_URL = None          # e.g. https://latih.example.go.id; else taken from the request
LATIH_PROXY_FIX = 0            # number of trusted proxies in front (X-Forwarded-*)
LATIH_KEY_GRACE_DAYS = 7       # how long a rotated-out key stays in the JWKS
LATIH_JWT_LEEWAY = 10          # seconds of clock skew allowed on exp/iat
LATIH_JWKS_CACHE_SECONDS = 3600
LATIH_JWKS_REFETCH_COOLDOWN = 5  # min seconds between forced refetches of one JWKS URL
LATIH_FETCH_TIMEOUT = 5.0      # seconds, for every outbound fetch
LATIH_FETCH_MAX_BYTES = 256 * 1024
# Outbound fetches of URLs a platform gave us go to public addresses only, over https. LATIH_FETCH_ALLOW names the
# hosts, addresses and CIDR ranges allowed all the same (a Moodle on the local network: "10.1.2.3,moodle.lan").
LATIH_FETCH_ALLOW = ()
LATIH_FETCH_HTTP = False       # plain http:// to a platform: development and tests only (config/<env>.py)
LATIH_REGISTRATION_TOKEN_MINUTES = 60
LATIH_LAUNCH_LIFETIME = 8 * 3600  # how long a launch stays usable in a browser session
LATIH_ADMIN_USERNAME = None
LATIH_ADMIN_PASSWORD = None
LATIH_ADMIN_IDLE_MINUTES = 30  # an admin session unused this long ends (signing out ends it at once)
LATIH_EXPOSE_WORKER = 0        # tests only: add X-Latih-Worker (the process id) to responses
LATIH_DELIVER_AFTER_REQUEST = True  # start sending a new score right after the response (the worker does the rest)
LATIH_ROSTER_TTL = 15 * 60     # seconds the course roster (NRPS) is cached
LATIH_GRADE_LEASE = 120        # seconds a grade worker holds the scores it claimed before another may send them
LATIH_GRADE_CONCURRENCY = 4    # scores of a batch in flight at once (1: one by one)
LATIH_MODULE_ATTACHMENT_MB = 10  # largest attachment or Word file of a training module, in MB
LATIH_REVIEW_PAGE_LIMIT = 120  # requests per minute from one address to the reviewer pages (personal links); 0: off
LATIH_INVITATION_PAGE_LIMIT = 120  # the same for the pages feedback invitees reach by personal link (level 3)
LATIH_FOLLOWUP_CODE_LIMIT = 5  # attendance-code tries per learner and follow-up session a minute (0: no limit)
LATIH_DUE_JOBS_EVERY = 60.0  # seconds between two runs of the due invitation jobs in the grade worker; 0: off
# Email (lti_tool/mail.py): smtp://user:password@host:port, smtp+starttls://… or smtps://…, the sender as ?from=…
# or LATIH_MAIL_FROM. Unset: nothing is emailed; the pages offer the text to copy instead.
LATIH_SMTP_URL = None
LATIH_MAIL_FROM = None
LATIH_SMTP_TIMEOUT = 10.0      # seconds for connecting to and talking with the mail server
