"""Budgeting exercises: a learner plans the Rincian Belanja of an RKA and the tool checks it."""
