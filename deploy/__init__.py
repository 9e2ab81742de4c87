"""Deployment files (nginx, gunicorn, systemd) and the launcher that runs them: stack.py."""
