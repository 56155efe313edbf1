"""The benchmark, outside the package so that editing it leaves the build cache alone: `python -m bench`."""
