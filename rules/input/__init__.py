"""Rules of the 'input' category."""
