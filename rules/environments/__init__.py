"""Rules of the 'environments' category: flow templates and environment profiles
(docs/environments.md)."""
