"""Rules of the 'deprecation' category: widgets and features Twilio has retired."""
