"""A run of many files: which files (files), in which processes (batch, parallel), the results cache, baselines and fingerprints, progress, atomic writes."""
