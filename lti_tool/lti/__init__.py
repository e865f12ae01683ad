"""LTI 1.3: registrations, keys, login and launch, dynamic registration."""
