"""Environment profiles and `${NAME}` flow templates (issue #19, docs/environments.md).

A template is a flow file with Terraform `templatefile` placeholders. `scan` finds them (and
whether each stands inside a JSON string), `render` substitutes a profile's values (or neutral
stand-ins when no environment is chosen) and keeps an `OffsetMap` back to the template;
`flowlint.engine.templates` is the engine's hook that lints the rendered text and reports at
template positions.
"""
