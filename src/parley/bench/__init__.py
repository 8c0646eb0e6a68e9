"""Benchmarks behind `parley bench ...`: they print numbers; tests never time anything."""
