"""The engine: rules found (registry), configured (settings) and run over one document (linter); their documentation (docs)."""
