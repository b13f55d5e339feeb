"""Shared test set-up: pytester runs user-style test files in a subprocess (entry-point plugins load)."""

pytest_plugins = ["pytester"]
