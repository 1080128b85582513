"""Shared test helpers: the fixed cast of users, and the browser fixture."""
