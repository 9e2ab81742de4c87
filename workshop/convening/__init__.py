"""Convening the stakeholders: the register of organisations and contacts, and coverage."""
