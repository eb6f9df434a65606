"""The engine: rules found (registry), configured (settings, presets) and run over one document (linter); their documentation (docs)."""
