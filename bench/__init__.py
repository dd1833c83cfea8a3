"""Benchmarks of layer (issue 9): `make bench` runs bench/run.py and writes docs/performance.md."""
