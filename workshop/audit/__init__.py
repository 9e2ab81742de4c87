"""The audit log: who did what, for security-relevant and council actions."""
