"""Rules of the 'remote' category: the Twilio account (remote validation, test users)."""
