"""Async, typed Python SDK for the Ayrshare social media API."""
