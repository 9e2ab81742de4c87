"""The step kinds people know from Mentimeter and Slido: open question, poll, prioritisation."""
