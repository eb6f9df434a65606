"""Rules of the 'graph' category."""
