"""Hypothesis profiles, loaded by tests/conftest.py before any test module is imported.

``dev`` (the default: Hypothesis's 100 examples), ``ci`` (a quarter of the examples, no deadline; chosen when CI is
set), ``thorough`` (ten times the default, for a long local run). ``HYPOTHESIS_PROFILE=<name>`` picks one. A test
that sets its own count (``max_examples`` on its decorator wins over the profile) scales it with
``scaled_examples``.
"""
import os

from hypothesis import HealthCheck, settings

DEFAULT_EXAMPLES = 100  # Hypothesis's own default: the ``dev`` profile

settings.register_profile("dev", max_examples=DEFAULT_EXAMPLES)
settings.register_profile("ci", max_examples=DEFAULT_EXAMPLES // 4, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=DEFAULT_EXAMPLES * 10)


def load():
    name = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
    settings.load_profile(name)
    return name


def scaled_examples(examples):
    """``examples`` under the ``dev`` profile, scaled by the loaded profile (a quarter in ``ci``; at least 5)."""
    return max(5, round(examples * settings.default.max_examples / DEFAULT_EXAMPLES))
