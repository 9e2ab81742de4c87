"""Facilitator accounts and roles."""
