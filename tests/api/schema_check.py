"""Validate a real answer against the OpenAPI document's schema for its operation and status
(JSON Schema 2020-12, the document's dialect), with jsonschema."""

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


def check(document: dict, method: str, template: str, response) -> dict:
    """The answer's JSON, after checking it is what the document says for its status."""
    if template not in document["paths"]:
        template = "/v1" + template  # the integrators' API: tests name its paths under /v1
    operation = document["paths"][template][method.lower()]
    responses = operation["responses"]
    status = str(response.status_code)
    assert status in responses, f"{method} {template} answered undocumented {status}"
    content = responses[status]["content"]
    assert response.mimetype in content, response.mimetype
    schema = content[response.mimetype]["schema"]
    registry = Registry().with_resource("urn:api", Resource(document, DRAFT202012))
    reference = {"$ref": "urn:api" + schema["$ref"]} if "$ref" in schema else schema
    body = response.get_json()
    errors = list(Draft202012Validator(reference, registry=registry).iter_errors(body))
    assert errors == [], [error.message for error in errors]
    return body
