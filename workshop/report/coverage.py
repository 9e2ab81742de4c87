"""The process chapter's coverage of the stakeholders: organisations registered, invited and
accepted and participants who took part, by group and sub-region, the missing ones named.

Counts only, never a name; participants of a group or sub-region too small to be shown alone
read "–" (``convening.coverage.for_a_document``, the participation table's rule).
"""

from __future__ import annotations

from flask_babel import gettext as _

from workshop.report.blocks import add_table, safe

WIDTHS = [6.6, 2.3, 2.1, 2.5, 2.5]


def _cells(row) -> list:
    name = safe(row.name)
    took_part = "–" if row.took_part is None else str(row.took_part)
    if row.missing:
        # Bold and said in words: the highlight survives printing in black and white.
        name = ("b", _("%(name)s (missing)", name=name))
    return [name, str(row.registered), str(row.invited), str(row.accepted), took_part]


def _table(builder, first_heading: str, rows) -> None:
    add_table(
        builder.document,
        [
            first_heading,
            _("In the register"),
            _("Invited"),
            _("Accepted the invitation"),
            _("Took part"),
        ],
        [_cells(row) for row in rows],
        WIDTHS,
        keep_together=True,
        font_pt=9.5,
    )


def coverage_section(builder) -> None:
    """Write the coverage section at the end of ``builder``'s document, if there is one."""
    coverage = builder.data.coverage
    if coverage is None:
        return
    builder.heading(_("Coverage of the stakeholders"), 2)
    builder.paragraph(
        _(
            "The stakeholder register holds %(registered)s organisations; %(invited)s of them "
            "were invited to this round and %(accepted)s accepted. %(took_part)s participants "
            "took part. Organisations are counted in the first three columns, participants in "
            "the last.",
            registered=coverage.total.registered,
            invited=coverage.total.invited,
            accepted=coverage.total.accepted,
            took_part=coverage.total.took_part,
        )
    )
    _table(builder, _("Stakeholder group"), coverage.groups)
    builder.paragraph("")
    _table(builder, _("Sub-region"), coverage.sub_regions)
    said = False
    if coverage.missing_groups:
        groups = ", ".join(coverage.missing_groups)
        builder.paragraph(_("No one took part from these groups: %(groups)s.", groups=groups))
        said = True
    if coverage.missing_sub_regions:
        regions = ", ".join(coverage.missing_sub_regions)
        if coverage.sub_regions_known:
            text = _("No one took part from these sub-regions: %(regions)s.", regions=regions)
        else:
            text = _(
                "The register has no organisation from these sub-regions: %(regions)s.",
                regions=regions,
            )
        builder.paragraph(text)
        said = True
    if not said and coverage.sub_regions_known:
        builder.paragraph(_("Every stakeholder group and sub-region took part."))
    elif not said:
        builder.paragraph(
            _(
                "Every stakeholder group took part, and the register has organisations from "
                "every sub-region."
            )
        )
    if not coverage.sub_regions_known:
        builder.paragraph(
            _(
                "Participants are counted by sub-region only when they came through a personal "
                "invitation link; none were sent for this round, so the column reads “–”."
            )
        )
    if any(row.merged for row in (*coverage.groups, *coverage.sub_regions)):
        builder.paragraph(
            _(
                "“–” in the last column: fewer participants than can be shown alone; they are "
                "counted in the total and in “Other groups”."
            )
        )
