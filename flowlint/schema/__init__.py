"""Schema validation: the widget and envelope JSON Schemas in `schemas/` applied to a flow.

- `engines`: the validators (jsonschema, the reference; jsonschema-rs, the accelerator) behind
  one `SchemaError` adapter, built once per type and cached.
- `validation`: one pass per flow (envelope, then each widget against its own type's schema),
  cached so that every schema rule reads the same result.
- `findings`: what the pass hands to the schema rules (`SchemaFinding`, the rule names).
- `mapping`: a failing JSON Schema keyword → the rule that reports it, with a friendly message
  (imported only when a flow has such a failure).
- `legacy`: recognising pre-v2 exports, which get one finding instead of a flood.
"""
