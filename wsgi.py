"""The WSGI entry point: ``gunicorn wsgi:app``. The only place that creates the app."""
from lti_tool import create_app

app = create_app()
