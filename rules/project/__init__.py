"""Rules of the 'project' category: contracts between the flows of a project (run-subflow)
and the Twilio Functions of the repository (run-function). They find nothing in a file checked
alone (see flowlint.project)."""
