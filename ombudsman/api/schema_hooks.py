"""Post-processing of the OpenAPI schema: every operation documents the errors it can return,
so that a client (or a fuzzer checking conformance) knows their shape, and every operation sent
with a data ETag (`ombudsman.conditional`) its 304."""

from types import SimpleNamespace

from ombudsman.conditional import _is_data_conditional

ERRORS = {
    "400": (
        "A parameter is malformed. The body maps each bad parameter to a list of messages: "
        '{"year": ["\'2019\' is not a reporting year written like 2019-20 ..."]}.',
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    ),
    "404": (
        "No such thing: an unknown code or reference, a page past the end, or nothing found.",
        {"type": "object", "properties": {"detail": {"type": "string"}}},
    ),
    "406": (
        "The Accept header or `format` asks for a representation the endpoint does not have.",
        {"type": "object", "properties": {"detail": {"type": "string"}}},
    ),
    "429": (
        "Too many requests from this client: wait for the number of seconds in Retry-After.",
        {"type": "object", "properties": {"detail": {"type": "string"}}},
    ),
}


NOT_MODIFIED = "Not modified: the ETag sent in If-None-Match is still the body's."


def add_error_responses(result, generator, request, public):
    endpoints = generator.endpoints or ()
    unthrottled = {
        (path, method.lower())
        for path, _, method, callback in endpoints
        if not getattr(callback, "cls", None) or not callback.cls.throttle_classes
    }
    tagged = {
        (path, method.lower())
        for path, _, method, callback in endpoints
        if _is_data_conditional(SimpleNamespace(func=callback), method.lower())
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if (path, method) in tagged:
                responses.setdefault("304", {"description": NOT_MODIFIED})
            for status, (description, schema) in ERRORS.items():
                if status == "429" and (path, method) in unthrottled:
                    continue  # the endpoint has no throttle (the map: see its view)
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": schema}},
                    },
                )
    return result
