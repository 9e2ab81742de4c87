"""The assistant's flows: scoring, changing an answer, proposing, and informing.

Each flow module keeps its stages (the values of ``state["awaiting"]`` it owns), what it
expects next and how it validates it; ``assistant.dialogue`` asks the flow in charge first.
"""
