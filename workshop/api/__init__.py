"""The API for integrators: personal tokens, JSON under /api/v1/, its OpenAPI description."""
