"""Rules of the 'security' category: transport security and credentials in flows."""
