"""Machinery every stage uses: the typed records, paths, settings, character accounting, the build cache and worker processes."""
