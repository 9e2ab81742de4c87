"""A strategy version written out in the strategy file format (see docs/strategy-format.md)."""

from __future__ import annotations

import json

from workshop.strategy.fileformat import FORMAT_ID
from workshop.strategy.models import StrategyVersion


def _with_translations(item: dict, translations: dict) -> dict:
    item["translations"] = translations or {}
    return item


def _text_item(element) -> dict:
    return _with_translations({"key": element.key, "text": element.text}, element.translations)


def _focus_area(area) -> dict:
    return _with_translations(
        {
            "key": area.key,
            "title": area.title,
            "description": area.description,
            "aliases": list(area.aliases or []),
            "sub_themes": [
                _with_translations({"title": sub.title}, sub.translations)
                for sub in area.sub_themes
            ],
            "challenges": [
                _with_translations(
                    {
                        "key": challenge.key,
                        "title": challenge.title,
                        "solutions": [_text_item(solution) for solution in challenge.solutions],
                    },
                    challenge.translations,
                )
                for challenge in area.challenges
            ],
            "actions": [_text_item(action) for action in area.actions],
        },
        area.translations,
    )


def _indicator(indicator) -> dict:
    return _with_translations(
        {
            "key": indicator.key,
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline_year": indicator.baseline_year,
            "baseline_value": indicator.baseline_value,
            "baseline_text": indicator.baseline_text,
            "target_year": indicator.target_year,
            "target_value": indicator.target_value,
            "target_text": indicator.target_text,
            "sources": list(indicator.sources or []),
        },
        indicator.translations,
    )


def version_to_dict(version: StrategyVersion) -> dict:
    """The whole version as plain data that ``workshop strategy load`` reads back."""
    strategy = version.strategy
    return {
        "format": FORMAT_ID,
        "language": strategy.language,
        "strategy": _with_translations(
            {
                "name": strategy.name,
                "region": strategy.region,
                "period": strategy.period,
                "vision": strategy.vision,
            },
            strategy.translations,
        ),
        "version": {"label": version.label, "number": version.number, "status": version.status},
        "sections": [
            _with_translations(
                {"key": section.key, "title": section.title, "body": section.body},
                section.translations,
            )
            for section in version.sections
        ],
        "themes": [
            _with_translations(
                {
                    "key": theme.key,
                    "title": theme.title,
                    "description": theme.description,
                    "aliases": list(theme.aliases or []),
                    "focus_areas": [_focus_area(area) for area in theme.focus_areas],
                },
                theme.translations,
            )
            for theme in version.themes
        ],
        "measures": [_text_item(measure) for measure in version.measures],
        "indicators": [_indicator(indicator) for indicator in version.indicators],
    }


def version_to_json(version: StrategyVersion) -> str:
    """The version as indented UTF-8 JSON text."""
    return json.dumps(version_to_dict(version), ensure_ascii=False, indent=2) + "\n"
