"""The strategy file format (JSON): its schema, validation with located errors, parsing.

The format is documented for other regions in docs/strategy-format.md; change both together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from workshop.text import clean_text

FORMAT_ID = "strategiapaja.strategy/1"
KEY_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,119}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"


def _line(value: str) -> str:
    return clean_text(value, multiline=False)


def _para(value: str) -> str:
    return clean_text(value, multiline=True)


def _required(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


Title = Annotated[str, AfterValidator(_line), AfterValidator(_required), Field(max_length=500)]
LongTitle = Annotated[str, AfterValidator(_para), AfterValidator(_required), Field(max_length=5000)]
Body = Annotated[str, AfterValidator(_para), Field(max_length=100_000)]
Line = Annotated[str, AfterValidator(_line), Field(max_length=500)]
Key = Annotated[str, Field(pattern=KEY_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Translations(_Strict):
    """Base of the per-element translation models: every field optional."""


def _translations(model: type[_Translations]):
    return Annotated[
        dict[Annotated[str, Field(pattern=LANGUAGE_PATTERN)], model], Field(default_factory=dict)
    ]


class TitleTr(_Translations):
    title: Title | None = None


class DescribedTr(_Translations):
    title: Title | None = None
    description: Body | None = None
    aliases: list[Title] | None = None


class TextTr(_Translations):
    text: LongTitle | None = None


class SectionTr(_Translations):
    title: Title | None = None
    body: Body | None = None


class StrategyTr(_Translations):
    name: Title | None = None
    region: Title | None = None
    vision: Body | None = None


class IndicatorTr(_Translations):
    name: Title | None = None
    unit: Line | None = None
    baseline_text: Line | None = None
    target_text: Line | None = None
    sources: list[Title] | None = None


class StrategyInfo(_Strict):
    name: Title
    region: Title
    period: Line = ""
    vision: Body = ""
    translations: _translations(StrategyTr)


class VersionInfo(_Strict):
    """Export writes the version's number and status for the reader; loading ignores them."""

    label: Line = ""
    number: int | None = None
    status: str | None = None


class SectionIn(_Strict):
    key: Key | None = None
    title: Title
    body: Body = ""
    translations: _translations(SectionTr)


class SolutionIn(_Strict):
    key: Key | None = None
    text: LongTitle
    translations: _translations(TextTr)


class ChallengeIn(_Strict):
    key: Key | None = None
    title: LongTitle
    translations: _translations(TitleTr)
    solutions: list[SolutionIn] = Field(default_factory=list)


class SubThemeIn(_Strict):
    title: Title
    translations: _translations(TitleTr)


class FocusAreaIn(_Strict):
    key: Key | None = None
    title: Title
    description: Body = ""
    aliases: list[Title] = Field(default_factory=list)
    translations: _translations(DescribedTr)
    sub_themes: list[SubThemeIn] = Field(default_factory=list)
    challenges: list[ChallengeIn] = Field(default_factory=list)
    actions: list[SolutionIn] = Field(default_factory=list)


class ThemeIn(_Strict):
    key: Key | None = None
    title: Title
    description: Body = ""
    aliases: list[Title] = Field(default_factory=list)
    translations: _translations(DescribedTr)
    focus_areas: list[FocusAreaIn] = Field(min_length=1)


class IndicatorIn(_Strict):
    key: Key | None = None
    name: Title
    unit: Line = ""
    baseline_year: int | None = Field(default=None, ge=1900, le=2200)
    baseline_value: float | None = None
    baseline_text: Line = ""
    target_year: int | None = Field(default=None, ge=1900, le=2200)
    target_value: float | None = None
    target_text: Line = ""
    sources: list[Title] = Field(default_factory=list)
    translations: _translations(IndicatorTr)

    @model_validator(mode="after")
    def _has_a_target(self):
        if self.target_value is None and not self.target_text:
            raise ValueError("an indicator needs target_value or target_text")
        return self


class StrategyFile(_Strict):
    """The whole file."""

    format: str
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] = "fi"
    strategy: StrategyInfo
    version: VersionInfo = Field(default_factory=VersionInfo)
    sections: list[SectionIn] = Field(default_factory=list)
    themes: list[ThemeIn] = Field(min_length=1)
    measures: list[SolutionIn] = Field(default_factory=list)
    indicators: list[IndicatorIn] = Field(default_factory=list)

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value != FORMAT_ID:
            raise ValueError(f"unknown format {value!r}; expected {FORMAT_ID!r}")
        return value


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a strategy file, and where."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class StrategyFileError(Exception):
    """The file is not a valid strategy file; ``problems`` says every place and what is wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def _place(location: tuple) -> str:
    place = "$"
    for part in location:
        place += f"[{part}]" if isinstance(part, int) else f".{part}"
    return place


def _duplicate_keys(data: StrategyFile) -> list[Problem]:
    """Keys must be unique per kind of element: they identify elements across versions."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}

    def check(kind: str, key: str | None, place: str) -> None:
        if key is None:
            return
        if (kind, key) in seen:
            message = f"key {key!r} is also used at {seen[kind, key]}"
            problems.append(Problem(f"{place}.key", message))
        else:
            seen[kind, key] = place

    for i, section in enumerate(data.sections):
        check("section", section.key, f"$.sections[{i}]")
    for t, theme in enumerate(data.themes):
        check("theme", theme.key, f"$.themes[{t}]")
        for f, area in enumerate(theme.focus_areas):
            area_place = f"$.themes[{t}].focus_areas[{f}]"
            check("focus_area", area.key, area_place)
            for c, challenge in enumerate(area.challenges):
                check("challenge", challenge.key, f"{area_place}.challenges[{c}]")
                for s, solution in enumerate(challenge.solutions):
                    check("solution", solution.key, f"{area_place}.challenges[{c}].solutions[{s}]")
            for a, action in enumerate(area.actions):
                check("action", action.key, f"{area_place}.actions[{a}]")
    for i, measure in enumerate(data.measures):
        check("measure", measure.key, f"$.measures[{i}]")
    for i, indicator in enumerate(data.indicators):
        check("indicator", indicator.key, f"$.indicators[{i}]")
    return problems


def parse_strategy_data(raw: Any) -> StrategyFile:
    """Validate already-decoded JSON data; raise StrategyFileError listing every problem."""
    try:
        data = StrategyFile.model_validate(raw)
    except ValidationError as error:
        problems = [
            Problem(_place(detail["loc"]), detail["msg"].removeprefix("Value error, "))
            for detail in error.errors()
        ]
        raise StrategyFileError(problems) from None
    problems = _duplicate_keys(data)
    if problems:
        raise StrategyFileError(problems)
    return data


def parse_strategy_file(text: str) -> StrategyFile:
    """Decode and validate the text of a strategy file."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        place = f"line {error.lineno}, column {error.colno}"
        raise StrategyFileError([Problem(place, f"not valid JSON: {error.msg}")]) from None
    return parse_strategy_data(raw)
