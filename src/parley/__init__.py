"""Parley: a self-hosted social media command center (listen, detect, respond, publish, measure)."""

__version__ = "0.1.0"
