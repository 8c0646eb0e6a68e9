"""Enrichers: pure, batched functions from posts to what Parley learns about them."""
