"""Post-processing of the OpenAPI schema: every operation documents the errors it can return,
so that a client (or a fuzzer checking conformance) knows their shape."""

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


def add_error_responses(result, generator, request, public):
    unthrottled = {
        (path, method.lower())
        for path, _, method, callback in generator.endpoints or ()
        if not getattr(callback, "cls", None) or not callback.cls.throttle_classes
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
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
