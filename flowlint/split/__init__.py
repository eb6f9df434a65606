"""Split-based-on conditions: reading them, and running the regular expressions they hold."""
