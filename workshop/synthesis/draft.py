"""The built-in drafts of the council's texts, assembled from the synthesis: for a focus area
its scores and their change, the themes of what stakeholders wrote, where the groups differ,
and the proposals with their decisions; for the round its areas side by side.

Plain sentences in the draft's language (call inside ``force_locale``), each resting on a
figure the page shows beside it, so the council edits a text it can check line by line.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from workshop.proposals.models import ACCEPTING, Outcome
from workshop.report.labels import format_score
from workshop.synthesis.divergence import OTHER_GROUPS
from workshop.synthesis.overview import AreaOverview, RoundOverview

THEMES_NAMED = 3
LEANING_NAMED = 2
DIFFER_NAMED = 3
QUOTE_LENGTH = 200


def _group(key: str, names: dict[str, str]) -> str:
    return _("other groups") if key == OTHER_GROUPS else names.get(key, key)


def _listed(items: list[str]) -> str:
    """ "a, b and c" in the draft's language."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s", first=", ".join(items[:-1]), last=items[-1])


def _score_sentences(area: AreaOverview, locale: str, previous: str | None) -> list[str]:
    sentences = []
    for score in area.scores:
        if not score.count:
            continue
        if score.withheld or score.mean is None:
            sentences.append(
                _(
                    '"%(question)s": %(count)s scores, too few to report.',
                    question=score.text,
                    count=score.count,
                )
            )
            continue
        sentence = _(
            '"%(question)s": mean %(mean)s (%(count)s scores).',
            question=score.text,
            mean=format_score(score.mean, locale),
            count=score.count,
        )
        if score.change is not None and previous:
            sentence += " " + _(
                "Change from %(previous)s: %(change)s.",
                previous=previous,
                change=format_score(score.change, locale, signed=True),
            )
        sentences.append(sentence)
    return sentences


def _theme_sentences(area: AreaOverview, names: dict[str, str]) -> list[str]:
    if not area.themes:
        if area.texts:
            return [
                ngettext(
                    "Stakeholders wrote %(num)d text; it forms no theme yet.",
                    "Stakeholders wrote %(num)d texts; they form no common theme.",
                    area.texts,
                )
            ]
        return [_("Stakeholders wrote no reasons or proposals for this focus area.")]
    named = [
        _("“%(theme)s” (%(count)s)", theme=theme.label, count=theme.size)
        for theme in area.themes[:THEMES_NAMED]
    ]
    sentences = [
        ngettext(
            "Of %(num)d texts by stakeholders, the recurring themes were %(themes)s.",
            "Of %(num)d texts by stakeholders, the recurring themes were %(themes)s.",
            area.texts,
            themes=_listed(named),
        )
    ]
    # A label of lemmas says less than the words of one who wrote: the largest theme's first
    # representative quote, shortened.
    if area.themes[0].quotes:
        quote = area.themes[0].quotes[0]
        quote = quote if len(quote) <= QUOTE_LENGTH else quote[: QUOTE_LENGTH - 1] + "…"
        sentences.append(_("In one stakeholder's words: “%(quote)s”", quote=quote))
    for leaning in area.leaning[:LEANING_NAMED]:
        sentences.append(
            _(
                '"%(theme)s" was raised mostly by %(group)s (%(count)s of %(size)s texts).',
                theme=leaning.label,
                group=_group(leaning.group, names),
                count=leaning.group_count,
                size=leaning.size,
            )
        )
    return sentences


def _divergence_sentences(area: AreaOverview, names: dict[str, str], locale: str) -> list[str]:
    questions = {score.key: score.text for score in area.scores}
    sentences = []
    for item in area.differ:
        means = {m.group: m.mean for m in item.means}
        sentences.append(
            _(
                'The groups differ on "%(question)s": %(high)s %(high_mean)s, '
                "%(low)s %(low_mean)s.",
                question=questions.get(item.question, item.question),
                high=_group(item.highest, names),
                high_mean=format_score(means[item.highest], locale),
                low=_group(item.lowest, names),
                low_mean=format_score(means[item.lowest], locale),
            )
        )
    if area.agree and not area.differ:
        sentences.append(
            _(
                "The groups agree: their means lie within %(gap)s of each other.",
                gap=format_score(max(item.gap for item in area.agree), locale),
            )
        )
    return sentences


def _proposal_sentences(area: AreaOverview) -> list[str]:
    proposals = area.proposals
    if not proposals:
        return []
    accepted = sum(1 for p in proposals if p.outcome in ACCEPTING)
    rejected = sum(1 for p in proposals if p.outcome == Outcome.REJECTED)
    postponed = sum(1 for p in proposals if p.outcome == Outcome.POSTPONED)
    open_ = sum(1 for p in proposals if p.outcome is None)
    parts = []
    if accepted:
        parts.append(_("%(count)s accepted", count=accepted))
    if rejected:
        parts.append(_("%(count)s rejected", count=rejected))
    if postponed:
        parts.append(_("%(count)s postponed", count=postponed))
    if open_:
        parts.append(_("%(count)s not yet decided", count=open_))
    return [
        ngettext(
            "%(num)d proposal was made for the focus area: %(parts)s.",
            "%(num)d proposals were made for the focus area: %(parts)s.",
            len(proposals),
            parts=_listed(parts),
        )
    ]


def assessment_draft(area: AreaOverview, overview: RoundOverview) -> str:
    """The built-in draft of a focus area's assessment: paragraphs of scores, themes,
    divergence and proposals (empty ones left out)."""
    names = dict(overview.group_names)
    paragraphs = [
        _score_sentences(area, overview.locale, overview.previous_round),
        _theme_sentences(area, names),
        _divergence_sentences(area, names, overview.locale),
        _proposal_sentences(area),
    ]
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def summary_draft(overview: RoundOverview) -> str:
    """The built-in draft of the round's summary: how much was said, where the scores moved
    most, where the groups differ and what the council accepted."""
    areas = overview.areas
    texts = sum(area.texts for area in areas)
    scored = [a for a in areas if any(s.count for s in a.scores)]
    paragraphs = [
        _(
            "In %(round)s stakeholders scored %(scored)s of %(areas)s focus areas and wrote "
            "%(texts)s reasons, proposals and comments.",
            round=overview.title,
            scored=len(scored),
            areas=len(areas),
            texts=texts,
        )
    ]
    changes = [
        (score.change, area.title, score.text)
        for area in areas
        for score in area.scores
        if score.change is not None
    ]
    if changes:
        rise = max(changes)
        fall = min(changes)
        moved = []
        if rise[0] > 0:
            moved.append(
                _(
                    'the largest rise was %(area)s (%(change)s, "%(question)s")',
                    area=rise[1],
                    change=format_score(rise[0], overview.locale, signed=True),
                    question=rise[2],
                )
            )
        if fall[0] < 0:
            moved.append(
                _(
                    'the largest fall %(area)s (%(change)s, "%(question)s")',
                    area=fall[1],
                    change=format_score(fall[0], overview.locale, signed=True),
                    question=fall[2],
                )
            )
        if moved:
            paragraphs.append(
                _(
                    "Compared with %(previous)s, %(moved)s.",
                    previous=overview.previous_round,
                    moved=_listed(moved),
                )
            )
    # The focus areas with the largest gaps between groups; the page lists every one.
    differ = sorted((a for a in areas if a.differ), key=lambda a: -a.differ[0].gap)
    if differ:
        named = [
            _(
                "%(area)s (%(gap)s)",
                area=area.title,
                gap=format_score(area.differ[0].gap, overview.locale),
            )
            for area in differ[:DIFFER_NAMED]
        ]
        sentence = _(
            "The stakeholder groups differ most on %(areas)s (the gap between the highest and "
            "the lowest group mean).",
            areas=_listed(named),
        )
        if len(differ) > DIFFER_NAMED:
            sentence += " " + _("They differ on %(count)s focus areas in all.", count=len(differ))
        paragraphs.append(sentence)
    accepted = sum(area.accepted for area in areas)
    proposals = sum(len(area.proposals) for area in areas)
    if proposals:
        paragraphs.append(
            _(
                "Of %(proposals)s proposals the council has accepted %(accepted)s so far.",
                proposals=proposals,
                accepted=accepted,
            )
        )
    return "\n\n".join(paragraphs)


def area_draft(area: AreaOverview, overview: RoundOverview) -> str:
    """The draft shown for a focus area: the configured language model's wording, or the
    built-in draft without one (or when it fails or is slow)."""
    from workshop.synthesis import wording

    worded = wording.worded(area, overview.locale)
    if worded is None:
        return assessment_draft(area, overview)
    return wording.as_text(worded, area)
