"""Who took part, as every output that leaves the app gives it (the results exports and the
API): each session's **total** only, and the split by group only for the round as a whole.

Why not by group per session too: with the small groups merged in each scope on its own, a
merged group's count in one session is the round's count of it (shown alone round-wide) minus
its counts in the other sessions (shown alone there). Totals per session give nothing to
subtract from (docs/security.md, "Counts of participants by group").
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.review.models import ReviewRound, WorkshopSession
from workshop.review.results import merge_counts, min_group_size, participant_counts


@dataclass(frozen=True)
class Participation:
    """Each session with its number of participants, and the round's counts merged by
    ``merge_counts`` (``{"total", "by_group", "other_groups"}``, groups in the round's order)."""

    sessions: tuple[tuple[WorkshopSession, int], ...]
    round: dict
    min_group_size: int


def round_participation(review_round: ReviewRound) -> Participation:
    size = min_group_size()
    order = [group.key for group in review_round.groups]
    by_group: dict[str, int] = {}
    sessions = []
    for session in review_round.sessions:
        counts = participant_counts(session)
        for key, n in counts["by_group"].items():
            by_group[key] = by_group.get(key, 0) + n
        sessions.append((session, counts["total"]))
    whole = {
        "total": sum(by_group.values()),
        "by_group": {key: by_group[key] for key in order if by_group.get(key)},
    }
    return Participation(tuple(sessions), merge_counts(whole, size), size)
