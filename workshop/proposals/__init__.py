"""Proposals, support, moderation, council decisions and the draft of the next version."""
