"""Coverage of a round: organisations registered, invited and accepted, and participants who
took part, by stakeholder group and by sub-region, with the missing ones marked.

Only counts leave this module, never names. The invitation side (who was invited, who
answered "coming", which participant came through which organisation's personal link) is
the invitations' (``workshop/convening/invitation_models.py``); it reaches the counts through
one seam, ``invitation_facts``:

    invitation_facts(review_round) -> InvitationFacts(
        invited: frozenset[int],                  # ids of organisations with a contact invited
        accepted: frozenset[int],                 # ids of organisations with a contact coming
        participant_organisations: {participant id: organisation id},  # joined by a link
        sent: bool,                               # whether the round sent any invitation
    )

It asks the invitations' one query, ``invitations.invited_and_accepted``. Took part by group
counts the round's participants by their group; by sub-region, only those who joined with a
personal link of a registered organisation (others did not say where they come from), so
before any invitation was sent it is unknown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from flask_babel import force_locale
from sqlalchemy import func, select

from workshop.convening.models import Organisation
from workshop.convening.regions import (
    GROUP_KEYS,
    SUB_REGION_KEYS,
    SUB_REGIONS,
    WHOLE_REGION,
    group_name,
    sub_region_name,
)
from workshop.extensions import db
from workshop.review.models import Participant, ReviewRound, StakeholderGroup
from workshop.review.results import split_groups


@dataclass(frozen=True)
class InvitationFacts:
    """What the invitations know of a round (see the module's docstring)."""

    invited: frozenset[int] = frozenset()
    accepted: frozenset[int] = frozenset()
    participant_organisations: Mapping[int, int] = field(default_factory=dict)
    sent: bool = False


def invitation_facts(review_round: ReviewRound) -> InvitationFacts:
    """The invitation side of ``review_round``'s coverage: the seam the invitations fill."""
    from workshop.convening.invitations import invited_and_accepted

    found = invited_and_accepted(review_round)
    return InvitationFacts(
        invited=found.invited,
        accepted=found.accepted,
        participant_organisations=found.participant_organisations,
        sent=found.sent,
    )


@dataclass(frozen=True)
class CoverageRow:
    """One group's or sub-region's counts. ``took_part`` is None when it is not known (or, in
    the Word draft, when the count is too small to be shown alone)."""

    key: str
    name: str
    registered: int
    invited: int
    accepted: int
    took_part: int | None
    # Nobody of it took part (or, where that is unknown, nobody of it is even registered).
    missing: bool = False
    # In the draft: counted only within "other groups" (docs/security.md, small groups).
    merged: bool = False

    def as_dict(self) -> dict:
        return {
            "registered": self.registered,
            "invited": self.invited,
            "accepted": self.accepted,
            "took_part": self.took_part,
        }


@dataclass(frozen=True)
class Coverage:
    """A round's coverage by group and by sub-region, and its totals."""

    groups: tuple[CoverageRow, ...]
    sub_regions: tuple[CoverageRow, ...]
    total: CoverageRow
    # Whether took part by sub-region is known (invitations with personal links were sent).
    sub_regions_known: bool

    @property
    def missing_groups(self) -> list[str]:
        return [row.name for row in self.groups if row.missing]

    @property
    def missing_sub_regions(self) -> list[str]:
        return [row.name for row in self.sub_regions if row.missing]

    def as_dict(self) -> dict:
        """{"groups": {key: counts}, "sub_regions": {key: counts}}: the plain counts."""
        return {
            "groups": {row.key: row.as_dict() for row in self.groups},
            "sub_regions": {row.key: row.as_dict() for row in self.sub_regions},
        }


def _organisations() -> list[tuple[int, str, str]]:
    return list(
        db.session.execute(
            select(Organisation.id, Organisation.group_key, Organisation.sub_region)
        ).all()
    )


def _participants_by_group(review_round: ReviewRound) -> dict[str, int]:
    return dict(
        db.session.execute(
            select(StakeholderGroup.key, func.count(Participant.id))
            .join(StakeholderGroup, Participant.group_id == StakeholderGroup.id)
            .where(Participant.round_id == review_round.id, Participant.removed_at.is_(None))
            .group_by(StakeholderGroup.key)
        ).all()
    )


def _removed_participants(review_round: ReviewRound, ids) -> set[int]:
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(Participant.id).where(
                Participant.round_id == review_round.id,
                Participant.id.in_(list(ids)),
                Participant.removed_at.is_not(None),
            )
        )
    )


def round_coverage(
    review_round: ReviewRound, locale: str | None = "fi", facts: InvitationFacts | None = None
) -> Coverage:
    """Registered, invited, accepted and took part by group and sub-region (counts only);
    ``facts`` are the invitations' (``invitation_facts`` unless given)."""
    facts = facts if facts is not None else invitation_facts(review_round)
    organisations = _organisations()
    by_id = {org_id: (group, region) for org_id, group, region in organisations}

    def count(ids, position: int) -> Counter:
        return Counter(by_id[i][position] for i in ids if i in by_id)

    registered_g = Counter(group for _id, group, _region in organisations)
    registered_r = Counter(region for _id, _group, region in organisations)
    invited_g, invited_r = count(facts.invited, 0), count(facts.invited, 1)
    accepted_g, accepted_r = count(facts.accepted, 0), count(facts.accepted, 1)
    took_part_g = _participants_by_group(review_round)
    removed = _removed_participants(review_round, facts.participant_organisations)
    took_part_r = Counter(
        by_id[org_id][1]
        for participant_id, org_id in facts.participant_organisations.items()
        if org_id in by_id and participant_id not in removed
    )
    known = facts.sent or bool(facts.participant_organisations)
    with force_locale(locale or "fi"):
        names = {key: sub_region_name(key) for key in [*SUB_REGION_KEYS, WHOLE_REGION]}

    round_groups = {group.key: group for group in review_round.groups}
    group_keys = list(round_groups) + [key for key in GROUP_KEYS if key not in round_groups]
    groups = tuple(
        CoverageRow(
            key,
            round_groups[key].tr("name", locale)
            if key in round_groups
            else group_name(key, locale),
            registered_g[key],
            invited_g[key],
            accepted_g[key],
            took_part_g.get(key, 0),
            missing=not took_part_g.get(key, 0),
        )
        for key in group_keys
    )
    region_keys = [key for key, _name in SUB_REGIONS] + [WHOLE_REGION]
    sub_regions = tuple(
        CoverageRow(
            key,
            names[key],
            registered_r[key],
            invited_r[key],
            accepted_r[key],
            took_part_r[key] if known else None,
            # The whole region is not an area that can be left out.
            missing=key != WHOLE_REGION
            and (not took_part_r[key] if known else not registered_r[key]),
        )
        for key in region_keys
        # An empty "whole region" row says nothing.
        if key != WHOLE_REGION or registered_r[key]
    )
    total = CoverageRow(
        "total",
        "",
        len(organisations),
        len([i for i in facts.invited if i in by_id]),
        len([i for i in facts.accepted if i in by_id]),
        sum(took_part_g.values()),
    )
    return Coverage(groups, sub_regions, total, known)


def for_a_document(coverage: Coverage, min_size: int) -> Coverage:
    """The coverage as a document that travels may show it: participant counts of groups and
    sub-regions too small to be shown alone are left out (``split_groups``, the rule of the
    draft's participation table); organisation counts are not people and stay."""
    return replace(
        coverage,
        groups=_merge_small(coverage.groups, min_size),
        sub_regions=_merge_small(coverage.sub_regions, min_size),
    )


def _merge_small(rows: tuple[CoverageRow, ...], min_size: int) -> tuple[CoverageRow, ...]:
    # Rows nobody took part in hide no one and take no part in the split (as the draft's
    # participation table): their 0 is shown.
    split = split_groups({row.key: row.took_part for row in rows if row.took_part}, min_size)
    return tuple(
        replace(row, took_part=None, merged=True) if row.key in split.merged else row
        for row in rows
    )
