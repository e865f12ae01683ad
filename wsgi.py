"""The WSGI entry point: ``gunicorn wsgi:app``. The only place that creates the app."""
import sys

from config import ConfigError
from lti_tool import create_app

try:
    app = create_app()
except ConfigError as exc:  # a setting that cannot work: say which and why, without a traceback
    sys.exit(f"Latih cannot start: {exc}")
