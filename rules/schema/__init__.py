"""Rules of the 'schema' category: the JSON Schemas in schemas/ applied to each flow."""
