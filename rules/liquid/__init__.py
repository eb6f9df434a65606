"""Rules of the 'liquid' category: the Liquid expressions inside widget properties."""
