"""Rules of the 'telephony' category: phone numbers and addresses in widgets."""
