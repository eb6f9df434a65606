"""flowlint's built-in rules: one module per rule, one folder per category.

The registry loads these files by path (see flowlint/engine/registry.py), exactly as it loads a
third-party `--rules-dir`; this file only makes the folder a package for type checkers.
"""
