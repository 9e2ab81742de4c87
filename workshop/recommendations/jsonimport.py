"""Reading a JSON file of recommendations: every row checked with the page's fields, the JSON
types of the payload rule (a year as text is refused, not converted) and the service's rules,
and every problem of every row reported before anything is stored."""

from __future__ import annotations

from workshop.realtime import PayloadError, validate_payload
from workshop.recommendations import services
from workshop.recommendations.forms import RecommendationFields
from workshop.recommendations.services import RecommendationError, RecommendationImportError


def import_file(strategy, content: bytes, *, review_round=None, actor=None):
    """Import the file's recommendations (flushes only), or raise RecommendationImportError
    naming every bad row and field, having stored nothing."""
    problems = []
    if review_round is not None and review_round.strategy_version.strategy_id != strategy.id:
        problems.append("The round reviews another strategy.")
    rows = []
    for number, row in enumerate(services.read_rows(content), start=1):
        try:
            data = validate_payload(RecommendationFields, row).to_input()
            services.check_input(strategy, data)
        except PayloadError as error:
            problems.extend(_describe(number, error))
            continue
        except RecommendationError as error:
            problems.append(f"Row {number}: {error}")
            continue
        rows.append(data)
    if problems:
        raise RecommendationImportError(problems)
    return services.import_recommendations(strategy, rows, review_round=review_round, actor=actor)


def _describe(number: int, error: PayloadError) -> list[str]:
    lines = []
    for name, messages in sorted(error.fields.items()):
        where = f"Row {number}" + (f", {name}" if name else "")
        lines.append(f"{where}: {' '.join(str(message) for message in messages)}")
    return lines
