"""The review assistant: a chat that walks participants through the review and answers
questions about the strategy from its own text."""
