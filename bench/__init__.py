"""Benchmarks of the calculation core (`python -m bench`); see bench/README.md. Synthetic inputs only."""
