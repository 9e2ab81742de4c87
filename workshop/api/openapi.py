"""The OpenAPI 3.1 description of /api/v1/, assembled from ``workshop.api.schemas`` (the same
schemas the views validate requests with) and the table of operations below.

``tests/api/test_openapi.py`` checks that this table and the app's routes name the same
operations, validates real answers against the document, and fuzzes the API from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop.api.schemas import JOIN_CODE, PATH_ID, QUERIES, SCHEMAS, ref


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    endpoint: str
    summary: str
    response: str
    body: str | None = None
    query: str | None = None
    # Statuses this operation answers besides 200 and the ones every operation may give.
    errors: tuple[int, ...] = ()
    tags: tuple[str, ...] = field(default=("read",))
    # Where the path lives under /api: the integrators' API is versioned, the two participant
    # endpoints of docs/protocol.md are not.
    base: str = "/v1"
    token: bool = True

    @property
    def documented_path(self) -> str:
        return self.base + self.path


# Every operation may answer these (docs/api.md, "Errors").
COMMON_ERRORS = (401, 403, 404, 405, 429, 500)
WRITE_ERRORS = (400, 409, 413, 415, 422)

OPERATIONS = (
    Operation("get", "/rounds", "api.rounds", "The rounds the caller may run", "RoundList"),
    Operation("get", "/rounds/{round_id}", "api.round_detail", "A round", "RoundDetail"),
    Operation(
        "get",
        "/rounds/{round_id}/sessions",
        "api.round_sessions",
        "A round's sessions",
        "SessionList",
    ),
    Operation(
        "get",
        "/rounds/{round_id}/results",
        "api.round_results",
        "A round's results (all sessions, or one), small groups merged",
        "Results",
        query="round_results",
        errors=(422,),
    ),
    Operation(
        "get",
        "/rounds/{round_id}/reasons",
        "api.round_reasons",
        "Reasons given with scores, by id, a page at a time (`after_id`, `next`)",
        "ReasonList",
        query="round_reasons",
        errors=(409, 422),
    ),
    Operation(
        "get",
        "/rounds/{round_id}/proposals",
        "api.round_proposals",
        "A round's proposals with their support and decisions",
        "ProposalList",
    ),
    Operation(
        "get",
        "/rounds/{round_id}/decisions",
        "api.round_decisions",
        "The council's decisions on a round's proposals",
        "DecisionList",
    ),
    Operation(
        "get",
        "/rounds/{round_id}/participation",
        "api.round_participation",
        "Participants by stakeholder group, per session and in all",
        "Participation",
    ),
    Operation(
        "get",
        "/sessions/{session_id}",
        "api.session_detail",
        "A session and its agenda",
        "SessionDetail",
    ),
    Operation(
        "get",
        "/sessions/{session_id}/steps",
        "api.session_steps",
        "A session's agenda",
        "StepList",
    ),
    Operation(
        "get",
        "/sessions/{session_id}/steps/{step_id}/results",
        "api.step_results_view",
        "A scoring step's results in its session",
        "Results",
        errors=(409,),
    ),
    Operation(
        "post",
        "/sessions/{session_id}/status",
        "api.session_status",
        "Open or close a session",
        "SessionState",
        body="SessionStatusChange",
        errors=WRITE_ERRORS,
        tags=("control",),
    ),
    Operation(
        "post",
        "/sessions/{session_id}/steps/{step_id}/status",
        "api.step_status",
        "Open or close an agenda step",
        "SessionState",
        body="StepStatusChange",
        errors=WRITE_ERRORS,
        tags=("control",),
    ),
    Operation(
        "post",
        "/sessions/{session_id}/steps/{step_id}/reveal",
        "api.step_reveal",
        "Reveal a step's results to the room, or hide them",
        "SessionState",
        body="StepReveal",
        errors=WRITE_ERRORS,
        tags=("control",),
    ),
    # A participant's client (docs/protocol.md, "Join"): no token; errors in the same shape.
    Operation(
        "get",
        "/sessions/{code}",
        "participate.api_session",
        "The public facts of a session for a join screen, by its code",
        "PublicSession",
        query="public_session",
        errors=(400,),
        tags=("participant",),
        base="",
        token=False,
    ),
    Operation(
        "post",
        "/join",
        "participate.api_join",
        "Join a session as a participant: returns the participant's token",
        "Joined",
        body="JoinRequest",
        errors=(400, 403, 409, 413),
        tags=("participant",),
        base="",
        token=False,
    ),
)

ERROR_DESCRIPTIONS = {
    400: "The body is not readable JSON (`unreadable_json`); for the participant endpoints, "
    "any invalid request (`invalid`, with `fields`).",
    401: "No valid token (`unauthenticated`).",
    403: "Not allowed for this account (`forbidden`), a read-only token (`read_only_token`), "
    "a cookie caller's missing CSRF token (`csrf_failed`), or a wrong PIN (`wrong_pin`).",
    404: "No such round, session or step (`not_found`); a query's session or group the round "
    "does not have (`unknown_session`, `unknown_group`); no workshop with this code "
    "(`unknown_code`).",
    405: "The path does not take this method (`method_not_allowed`).",
    409: "The state does not allow it; `error` says why (e.g. `session_not_open`, "
    "`group_too_small`, `session_closed`).",
    413: "The body is too large (`too_large`).",
    415: "The body is not `application/json` (`unsupported_media_type`).",
    422: "A field or parameter is invalid (`invalid`); `fields` says which.",
    429: "Too many requests (`rate_limited`, or a join limit); see `Retry-After`.",
    500: "A server error (`server_error`).",
}


def _parameters(operation: Operation) -> list[dict]:
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": dict(PATH_ID)}
        for name in ("round_id", "session_id", "step_id")
        if "{" + name + "}" in operation.path
    ]
    if "{code}" in operation.path:
        parameters.append({"name": "code", "in": "path", "required": True, "schema": JOIN_CODE})
    if operation.query:
        schema = QUERIES[operation.query]
        for name, prop in schema["properties"].items():
            parameters.append(
                {
                    "name": name,
                    "in": "query",
                    "required": name in schema["required"],
                    "schema": prop,
                }
            )
    return parameters


def _error_response(status: int) -> dict:
    response = {
        "description": ERROR_DESCRIPTIONS[status],
        "content": {"application/json": {"schema": ref("Error")}},
    }
    if status == 429:
        response["headers"] = {"Retry-After": {"schema": {"type": "string"}}}
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    return response


def _operation(operation: Operation) -> dict:
    responses = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": ref(operation.response)}},
        }
    }
    common = COMMON_ERRORS if operation.token else (404, 405, 429, 500)
    for status in sorted(set(common) | set(operation.errors)):
        responses[str(status)] = _error_response(status)
    item = {
        "operationId": operation.endpoint.removeprefix("api."),
        "summary": operation.summary,
        "tags": list(operation.tags),
        "parameters": _parameters(operation),
        "responses": responses,
    }
    if not operation.token:
        item["security"] = []
    if operation.body:
        item["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(operation.body)}},
        }
    return item


def document() -> dict:
    """The whole OpenAPI 3.1 document."""
    paths: dict[str, dict] = {}
    for operation in OPERATIONS:
        paths.setdefault(operation.documented_path, {})[operation.method] = _operation(operation)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Strategiapaja API",
            "version": "1.0.0",
            "description": "Read a review round's results, reasons, proposals, decisions and "
            "participation, and run its sessions. Authenticate with a personal API token "
            "(`Authorization: Bearer wsp_…`), created on the account page or with "
            "`workshop token create`. Errors are JSON with a stable `error` code "
            "(docs/api.md).",
        },
        "servers": [{"url": "/api"}],
        "security": [{"bearerAuth": []}],
        "tags": [
            {"name": "read", "description": "Reads: any token scope."},
            {"name": "control", "description": "Session controls: a token of write scope."},
            {
                "name": "participant",
                "description": "A participant's client joining a session (docs/protocol.md).",
            },
        ],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "wsp_…"}
            },
        },
    }
