"""Benchmarks: each prints `ratio <name> <value>` lines measured side by side in one run."""
