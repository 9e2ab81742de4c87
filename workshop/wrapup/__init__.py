"""The wrap-up step: what a session produced across its steps, and what happens next."""
