"""JSON Schemas (2020-12) of the API's bodies, written once: the OpenAPI document
(``workshop.api.openapi``) publishes them and ``validate`` checks the requests against them.

Request bodies are strict: a wrong type is refused, never coerced ("1" is not 1, true is not
1), and an unknown field is refused. Response schemas are strict too (no unknown fields), so
the tests that validate real answers against them catch any drift.
"""

from __future__ import annotations

from flask_babel import gettext as _
from jsonschema import Draft202012Validator

from workshop.proposals.models import Outcome, ProposalKind, ProposalStatus
from workshop.review.models import ResultsMode, RoundStatus, SessionStatus, StepKind, StepStatus
from workshop.review.reasons import REASONS_LIMIT

REF = "#/components/schemas/"


def ref(name: str) -> dict:
    return {"$ref": REF + name}


def obj(properties: dict, *, optional: tuple[str, ...] = ()) -> dict:
    """An object with exactly these properties (all required unless ``optional``)."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def enum(values) -> dict:
    return {"type": "string", "enum": [str(v) for v in values]}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


INTEGER = {"type": "integer"}
ID = {"type": "integer", "minimum": 1}
COUNT = {"type": "integer", "minimum": 0}
STRING = {"type": "string"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}
OK = {"type": "boolean", "const": True}
# A group key shown alone, "other_groups" for the merged rest, or "" when none may be named.
GROUP_LABEL = STRING

SUMMARY = obj(
    {
        "count": COUNT,
        "dont_know": COUNT,
        "distribution": {"type": "object", "additionalProperties": COUNT},
        "mean": nullable(NUMBER),
        "median": nullable(NUMBER),
        "spread": nullable(NUMBER),
    }
)

SCHEMAS: dict[str, dict] = {
    "Error": obj(
        {
            "ok": {"type": "boolean", "const": False},
            "error": STRING,
            "message": STRING,
            "fields": {"type": "object", "additionalProperties": array(STRING)},
        },
        optional=("fields",),
    ),
    "Question": obj(
        {"key": STRING, "text": STRING, "min": INTEGER, "max": INTEGER},
    ),
    "FocusArea": obj({"key": STRING, "title": STRING}),
    "Group": obj({"key": STRING, "name": STRING}),
    "RoundSummary": obj(
        {
            "id": ID,
            "title": STRING,
            "year": INTEGER,
            "status": enum(RoundStatus),
            "strategy_version": INTEGER,
        }
    ),
    "SessionSummary": obj(
        {
            "id": ID,
            "round_id": ID,
            "title": STRING,
            "location": STRING,
            "status": enum(SessionStatus),
            "online": BOOLEAN,
            "starts_at": nullable(TIME),
            "closed_at": nullable(TIME),
            "open_step_id": nullable(ID),
        }
    ),
    "Step": obj(
        {
            "id": ID,
            "position": COUNT,
            "kind": enum(StepKind),
            "title": STRING,
            "status": enum(StepStatus),
            "results_visible": BOOLEAN,
            "results_mode": enum(ResultsMode),
            "results_shown": BOOLEAN,
            "timer_ends_at": nullable(TIME),
            "focus_areas": array(STRING),
        }
    ),
    "Summary": SUMMARY,
    "ResultItem": obj(
        {
            **SUMMARY["properties"],
            "question": STRING,
            "focus_area": STRING,
            "by_group": {"type": "object", "additionalProperties": SUMMARY},
            "other_groups": nullable(obj({**SUMMARY["properties"], "groups": array(STRING)})),
            "withheld": BOOLEAN,
            "previous_mean": nullable(NUMBER),
            "change": nullable(NUMBER),
        },
    ),
    "ParticipantCounts": obj(
        {
            "total": COUNT,
            "by_group": {"type": "object", "additionalProperties": COUNT},
            "other_groups": nullable(COUNT),
        }
    ),
    "Reason": obj(
        {
            "id": ID,
            "text": STRING,
            "value": nullable(INTEGER),
            "focus_area": STRING,
            "question": STRING,
            "group": GROUP_LABEL,
        }
    ),
    "Decision": obj(
        {
            "outcome": enum(Outcome),
            "wording": STRING,
            "reason": STRING,
            "decided_at": TIME,
        }
    ),
    "Proposal": obj(
        {
            "id": ID,
            "session_id": nullable(ID),
            "session": nullable(STRING),
            "kind": enum(ProposalKind),
            "target": STRING,
            "target_element": STRING,
            "focus_area": nullable(STRING),
            "text": nullable(STRING),
            "original_text": nullable(STRING),
            "rationale": nullable(STRING),
            "target_value": nullable(NUMBER),
            "group": nullable(GROUP_LABEL),
            "supports": COUNT,
            "opposes": COUNT,
            "status": enum(ProposalStatus),
            "merged_into": nullable(ID),
            "hidden_reason": nullable(STRING),
            "decision": nullable(ref("Decision")),
        }
    ),
}
SCHEMAS["Step"]["properties"]["config"] = {"type": "object"}
SCHEMAS["Step"]["required"].append("config")
SCHEMAS["Results"] = obj(
    {
        "ok": OK,
        "round_id": ID,
        "session_id": nullable(ID),
        "step_id": nullable(ID),
        "questions": array(ref("Question")),
        "focus_areas": array(ref("FocusArea")),
        "groups": array(ref("Group")),
        "previous_round": nullable(STRING),
        "min_group_size": {"type": "integer", "minimum": 1},
        "items": array(ref("ResultItem")),
    }
)
# Responses of each operation.
SCHEMAS.update(
    {
        "RoundList": obj({"ok": OK, "rounds": array(ref("RoundSummary"))}),
        "RoundDetail": obj(
            {
                "ok": OK,
                "round": ref("RoundSummary"),
                "description": STRING,
                "questions": array(ref("Question")),
                "groups": array(ref("Group")),
                "sessions": array(ref("SessionSummary")),
                "min_group_size": {"type": "integer", "minimum": 1},
            }
        ),
        "SessionList": obj({"ok": OK, "sessions": array(ref("SessionSummary"))}),
        "SessionDetail": obj(
            {"ok": OK, "session": ref("SessionSummary"), "steps": array(ref("Step"))}
        ),
        "StepList": obj({"ok": OK, "steps": array(ref("Step"))}),
        "ReasonList": obj(
            {
                "ok": OK,
                "round_id": ID,
                "total": COUNT,
                "groups": array(STRING),
                "min_group_size": {"type": "integer", "minimum": 1},
                "reasons": array(ref("Reason")),
                "next": {
                    **nullable(ID),
                    "description": "The `after_id` of the next page; null on the last page.",
                },
            }
        ),
        "ProposalList": obj({"ok": OK, "round_id": ID, "proposals": array(ref("Proposal"))}),
        "DecisionList": obj(
            {
                "ok": OK,
                "round_id": ID,
                "decisions": array(
                    obj(
                        {
                            "proposal_id": ID,
                            "proposal_kind": enum(ProposalKind),
                            "target": STRING,
                            **SCHEMAS["Decision"]["properties"],
                        }
                    )
                ),
            }
        ),
        "Participation": obj(
            {
                "ok": OK,
                "round_id": ID,
                "min_group_size": {"type": "integer", "minimum": 1},
                "round": ref("ParticipantCounts"),
                "sessions": array(
                    # A session's total only: by group per session, a merged group's count
                    # could be subtracted out of the round's (docs/security.md).
                    obj({"session_id": ID, "title": STRING, "total": COUNT})
                ),
            }
        ),
        "SessionState": obj(
            {"ok": OK, "session": ref("SessionSummary"), "steps": array(ref("Step"))}
        ),
    }
)

# The participant endpoints of docs/protocol.md ("Join"), validated by their own forms
# (review/forms.py JoinPayload) with the same strictness; described here.
NONBLANK = {"type": "string", "pattern": "\\S"}
JOIN_CODE = {**NONBLANK, "minLength": 1, "maxLength": 32}
SCHEMAS.update(
    {
        "JoinRequest": obj(
            {
                "code": JOIN_CODE,
                "group": {**NONBLANK, "minLength": 1, "maxLength": 60},
                "organisation": {"type": "string", "maxLength": 200},
                "name": {"type": "string", "maxLength": 200},
                "locale": enum(["fi", "en"]),
                "pin": {"type": "string", "maxLength": 8},
            },
            optional=("organisation", "name", "locale", "pin"),
        ),
        "Joined": obj({"ok": OK, "token": STRING, "participant_id": ID, "session_id": ID}),
        "PublicSession": obj(
            {
                "ok": OK,
                "session": obj(
                    {
                        "id": ID,
                        "title": STRING,
                        "status": enum(SessionStatus),
                        "location": STRING,
                        "pin_required": BOOLEAN,
                    }
                ),
                "round": obj({"id": ID, "title": STRING}),
                "groups": array(ref("Group")),
            }
        ),
    }
)

# Request bodies: what ``validate`` checks (and the document shows).
SCHEMAS.update(
    {
        "SessionStatusChange": obj({"status": enum([SessionStatus.OPEN, SessionStatus.CLOSED])}),
        "StepStatusChange": obj({"status": enum([StepStatus.OPEN, StepStatus.CLOSED])}),
        "StepReveal": obj({"visible": BOOLEAN}),
    }
)


class SchemaError(Exception):
    """A body or query broke its schema; ``fields`` says where (a JSON pointer-ish path)."""

    def __init__(self, fields: dict[str, list[str]]):
        super().__init__("invalid")
        self.fields = fields


_validators: dict[str, Draft202012Validator] = {}


def validator(name: str) -> Draft202012Validator:
    """A validator of the named schema (references resolve within SCHEMAS)."""
    if name not in _validators:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        document = {"components": {"schemas": SCHEMAS}}
        registry = Registry().with_resource("", Resource(document, DRAFT202012))
        _validators[name] = Draft202012Validator(SCHEMAS[name], registry=registry)
    return _validators[name]


def _where(error) -> str:
    path = "/".join(str(part) for part in error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return "/".join(filter(None, [path, missing])) or "body"
    if error.validator == "additionalProperties":
        extra = error.message.split("'")[1] if "'" in error.message else ""
        return "/".join(filter(None, [path, extra])) or "body"
    return path or "body"


def _say(error) -> str:
    """A short reason for people, translated (clients branch on the status and ``fields``)."""
    if error.validator == "required":
        return _("This field is required.")
    if error.validator == "additionalProperties":
        return _("Unknown field.")
    if error.validator == "type":
        return _("Must be of type %(type)s.", type=error.validator_value)
    if error.validator == "enum":
        return _("Must be one of: %(values)s.", values=", ".join(map(str, error.validator_value)))
    return _("Not a valid value.")


def _check(checker: Draft202012Validator, value) -> None:
    """SchemaError with every problem of ``value``, each under the field it concerns."""
    errors = sorted(checker.iter_errors(value), key=lambda e: list(e.absolute_path))
    if errors:
        fields: dict[str, list[str]] = {}
        for error in errors:
            fields.setdefault(_where(error), []).append(_say(error))
        raise SchemaError(fields)


def validate(name: str, value) -> dict:
    """``value`` if it is valid against schema ``name``; else SchemaError with every problem."""
    _check(validator(name), value)
    return value


# Query parameters of the operations that take them (one object schema each: unknown names
# are refused like unknown fields). A query is text: an integer is digits only, no sign.
MAX_ID = 2**31 - 1
PATH_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
SHORT_TEXT = {"type": "string", "minLength": 1, "maxLength": 120}
QUERIES: dict[str, dict] = {
    # Described only: the participant view checks its one parameter itself (review/views.py).
    "public_session": obj({"locale": enum(["fi", "en"])}, optional=("locale",)),
    "round_results": obj({"session": PATH_ID}, optional=("session",)),
    "round_reasons": obj(
        {
            "session": PATH_ID,
            "focus_area": SHORT_TEXT,
            "group": SHORT_TEXT,
            "limit": {"type": "integer", "minimum": 1, "maximum": 1000, "default": REASONS_LIMIT},
            "after_id": {
                "type": "integer",
                "minimum": 0,
                "maximum": MAX_ID,
                "description": "The cursor: reasons with a greater id (the previous page's "
                "`next`); leave out for the first page.",
            },
        },
        optional=("session", "focus_area", "group", "limit", "after_id"),
    ),
}


def parse_query(name: str, args) -> dict:
    """The request's query (a MultiDict) as typed values checked against ``QUERIES[name]``."""
    schema = QUERIES.get(name, obj({}))
    values: dict = {}
    fields: dict[str, list[str]] = {}
    for key in args:
        texts = args.getlist(key)
        if len(texts) > 1:
            fields.setdefault(key, []).append(_("Give this parameter once."))
            continue
        text = texts[0]
        wanted = schema["properties"].get(key, {}).get("type")
        if wanted == "integer":
            if not (text.isascii() and text.isdigit() and len(text) <= 10):
                fields.setdefault(key, []).append(_("Must be of type %(type)s.", type="integer"))
                continue
            values[key] = int(text)
        else:
            values[key] = text
    try:
        _check(Draft202012Validator(schema), values)
    except SchemaError as error:
        for key, problems in error.fields.items():
            fields.setdefault(key, []).extend(problems)
    if fields:
        raise SchemaError(fields)
    return values
