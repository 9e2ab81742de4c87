"""Review rounds, workshop sessions, participants, the agenda, answers and results."""
