"""Reading and writing strategies: load a file as a new version, find the current version."""

from __future__ import annotations

from importlib.resources import files

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workshop.errors import NotFound
from workshop.extensions import db
from workshop.models import utcnow
from workshop.strategy import fileformat as ff
from workshop.strategy.models import (
    Action,
    Challenge,
    FocusArea,
    Indicator,
    Measure,
    Section,
    Solution,
    Strategy,
    StrategyVersion,
    SubTheme,
    Theme,
    VersionStatus,
)

BUILTIN_STRATEGY_FILE = "pohjois-pohjanmaa.json"


def _translations(items: dict) -> dict:
    """Translation models as plain dicts, leaving out the fields that were not given."""
    return {lang: tr.model_dump(exclude_none=True) for lang, tr in items.items()}


def _find_or_create_strategy(info: ff.StrategyInfo, language: str) -> Strategy:
    strategy = db.session.scalar(
        select(Strategy).where(Strategy.name == info.name, Strategy.region == info.region)
    )
    if strategy is None:
        strategy = Strategy(name=info.name, region=info.region)
        db.session.add(strategy)
    strategy.period = info.period
    strategy.vision = info.vision
    strategy.language = language
    strategy.translations = _translations(info.translations)
    return strategy


def _build_focus_area(area: ff.FocusAreaIn, position: int) -> FocusArea:
    key = area.key or f"fa{position + 1}"
    focus_area = FocusArea(
        key=key,
        position=position,
        title=area.title,
        description=area.description,
        aliases=list(area.aliases),
        translations=_translations(area.translations),
        sub_themes=[
            SubTheme(position=i, title=sub.title, translations=_translations(sub.translations))
            for i, sub in enumerate(area.sub_themes)
        ],
        actions=[
            Action(
                key=action.key or f"{key}.t{i + 1}",
                position=i,
                text=action.text,
                translations=_translations(action.translations),
            )
            for i, action in enumerate(area.actions)
        ],
    )
    for c, item in enumerate(area.challenges):
        challenge_key = item.key or f"{key}.h{c + 1}"
        focus_area.challenges.append(
            Challenge(
                key=challenge_key,
                position=c,
                title=item.title,
                translations=_translations(item.translations),
                solutions=[
                    Solution(
                        key=solution.key or f"{challenge_key}.r{s + 1}",
                        position=s,
                        text=solution.text,
                        translations=_translations(solution.translations),
                    )
                    for s, solution in enumerate(item.solutions)
                ],
            )
        )
    return focus_area


def _build_version(data: ff.StrategyFile, version: StrategyVersion) -> None:
    for i, item in enumerate(data.sections):
        version.sections.append(
            Section(
                key=item.key or f"section-{i + 1}",
                position=i,
                title=item.title,
                body=item.body,
                translations=_translations(item.translations),
            )
        )
    area_position = 0
    for t, item in enumerate(data.themes):
        theme = Theme(
            key=item.key or f"theme-{t + 1}",
            position=t,
            title=item.title,
            description=item.description,
            aliases=list(item.aliases),
            translations=_translations(item.translations),
        )
        version.themes.append(theme)
        for area in item.focus_areas:
            focus_area = _build_focus_area(area, area_position)
            focus_area.version = version
            theme.focus_areas.append(focus_area)
            area_position += 1
    for i, item in enumerate(data.measures):
        version.measures.append(
            Measure(
                key=item.key or f"measure-{i + 1}",
                position=i,
                text=item.text,
                translations=_translations(item.translations),
            )
        )
    for i, item in enumerate(data.indicators):
        fields = item.model_dump(exclude={"key", "translations"})
        version.indicators.append(
            Indicator(
                key=item.key or f"indicator-{i + 1}",
                position=i,
                translations=_translations(item.translations),
                **fields,
            )
        )


def load_strategy(data: ff.StrategyFile, *, make_current: bool = True) -> StrategyVersion:
    """Store a validated strategy file as the next version of its strategy (flushes only)."""
    strategy = _find_or_create_strategy(data.strategy, data.language)
    db.session.flush()
    last_number = db.session.scalar(
        select(func.max(StrategyVersion.number)).where(StrategyVersion.strategy_id == strategy.id)
    )
    version = StrategyVersion(
        strategy=strategy, number=(last_number or 0) + 1, label=data.version.label
    )
    db.session.add(version)
    _build_version(data, version)
    db.session.flush()
    if make_current:
        publish_version(version)
    return version


def rebuild_version(version: StrategyVersion, data: ff.StrategyFile) -> None:
    """Replace a draft version's content with ``data``, keeping its number (flushes only)."""
    if version.status != VersionStatus.DRAFT:
        raise ValueError("only a draft version can be rebuilt")
    for children in (version.sections, version.themes, version.measures, version.indicators):
        children.clear()
    # The old rows must be gone before new ones reuse their keys (unique per version).
    db.session.flush()
    version.label = data.version.label
    _build_version(data, version)
    db.session.flush()


def publish_version(version: StrategyVersion) -> None:
    """Make ``version`` its strategy's current version and archive the one before."""
    for other in version.strategy.versions:
        if other.id != version.id and other.status == VersionStatus.CURRENT:
            other.status = VersionStatus.ARCHIVED
    # Archive first: the one-current-version index would refuse two current rows in between.
    db.session.flush()
    version.status = VersionStatus.CURRENT
    version.published_at = utcnow()
    db.session.flush()


def default_strategy() -> Strategy | None:
    """The strategy the app works on: the most recently created one."""
    return db.session.scalar(select(Strategy).order_by(Strategy.id.desc()).limit(1))


def current_version(strategy: Strategy | None = None) -> StrategyVersion:
    """The current version of ``strategy`` (default: the app's strategy), fully loaded."""
    strategy = strategy or default_strategy()
    if strategy is None:
        raise NotFound("No strategy has been loaded.")
    version = db.session.scalar(
        select(StrategyVersion)
        .where(
            StrategyVersion.strategy_id == strategy.id,
            StrategyVersion.status == VersionStatus.CURRENT,
        )
        .options(
            selectinload(StrategyVersion.themes)
            .selectinload(Theme.focus_areas)
            .selectinload(FocusArea.challenges)
            .selectinload(Challenge.solutions),
            selectinload(StrategyVersion.themes)
            .selectinload(Theme.focus_areas)
            .selectinload(FocusArea.sub_themes),
            selectinload(StrategyVersion.themes)
            .selectinload(Theme.focus_areas)
            .selectinload(FocusArea.actions),
            selectinload(StrategyVersion.sections),
            selectinload(StrategyVersion.measures),
            selectinload(StrategyVersion.indicators),
        )
    )
    if version is None:
        raise NotFound("The strategy has no current version.")
    return version


def get_version(strategy: Strategy, number: int) -> StrategyVersion:
    """Version ``number`` of ``strategy``."""
    version = db.session.scalar(
        select(StrategyVersion).where(
            StrategyVersion.strategy_id == strategy.id, StrategyVersion.number == number
        )
    )
    if version is None:
        raise NotFound(f"Version {number} does not exist.")
    return version


def newest_draft(strategy: Strategy) -> StrategyVersion:
    """The most recent draft version of ``strategy``."""
    version = db.session.scalar(
        select(StrategyVersion)
        .where(
            StrategyVersion.strategy_id == strategy.id,
            StrategyVersion.status == VersionStatus.DRAFT,
        )
        .order_by(StrategyVersion.number.desc())
        .limit(1)
    )
    if version is None:
        raise NotFound("The strategy has no draft version.")
    return version


def list_versions(strategy: Strategy) -> list[StrategyVersion]:
    """Every version of ``strategy``, newest first."""
    return list(
        db.session.scalars(
            select(StrategyVersion)
            .where(StrategyVersion.strategy_id == strategy.id)
            .order_by(StrategyVersion.number.desc())
        )
    )


def get_focus_area(version: StrategyVersion, key: str) -> FocusArea:
    """The focus area with ``key`` in ``version``."""
    for area in version.focus_areas:
        if area.key == key:
            return area
    raise NotFound(f"No focus area {key!r}.")


def has_strategy() -> bool:
    """Whether any strategy has been loaded."""
    return db.session.scalar(select(func.count(Strategy.id))) > 0


def builtin_strategy_text() -> str:
    """The North Ostrobothnia strategy shipped inside the package."""
    return (files("workshop.strategy") / "data" / BUILTIN_STRATEGY_FILE).read_text("utf-8")


def ensure_strategy_loaded() -> StrategyVersion | None:
    """Load the built-in strategy when the database has none; return the version made, if any."""
    if has_strategy():
        return None
    return load_strategy(ff.parse_strategy_file(builtin_strategy_text()))
