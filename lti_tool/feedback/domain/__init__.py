"""Pure feedback-report domain."""
