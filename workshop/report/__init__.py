"""The Word update draft of a review round: results, indicators and the next version."""
