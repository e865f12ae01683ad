"""Grades back to the LMS: a durable score outbox, delivery through AGS, and the course roster (NRPS)."""
