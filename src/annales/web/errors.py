"""One JSON error shape for every failure: {"ok": false, "error": {"code", "message"}, "status"}.

A request the route's declared types refuse (a limit that is not a whole number, a format that is not one of
the formats, a body that is not a JSON object) is a 400 like every other refusal, with a message naming the
parameter and what it takes, not FastAPI's 422 with pydantic's error list.
"""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import AnnalesError

ISO3_PATTERN = "^[A-Za-z]{3}$"
# What a value matching a route's pattern is, in words (a pattern of alternatives, ^(a|b)$, is said as such).
PATTERN_WORDS = {ISO3_PATTERN: "a three-letter ISO 3166 country code, such as AFG"}
ARTICLE_FIELDS = "text or html, and optionally date, title, url, source, id"
# The error schema /openapi.json gives every 400 (and FastAPI's own 422, which this API never answers, is dropped).
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["ok", "error", "status"],
    "properties": {
        "ok": {"type": "boolean", "const": False},
        "status": {"type": "integer"},
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        },
    },
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error": {"code": code, "message": message}, "status": status},
        status_code=status,
        headers=headers,
    )


def _expected(error: dict) -> str:
    """What the parameter takes, in words, from one of pydantic's errors."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "a whole number"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return "a number"
    if kind in ("bool_parsing", "bool_type"):
        return "true or false"
    bounds = {
        "greater_than_equal": ("of at least", "ge"),
        "greater_than": ("above", "gt"),
        "less_than_equal": ("of at most", "le"),
        "less_than": ("below", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"a number {words} {ctx.get(key)}"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return f"at least {ctx.get('min_length')} characters"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        choices = re.fullmatch(r"\^\(([\w|]+)\)\$", pattern)
        return PATTERN_WORDS.get(pattern) or (
            "one of " + ", ".join(choices[1].split("|")) if choices else f"text matching {pattern}"
        )
    if kind in ("literal_error", "enum"):
        return f"one of {ctx.get('expected')}"
    if kind == "string_type":
        return "a string"
    return str(error.get("msg", "a valid value")).rstrip(".")


def _shown(value) -> str:
    """A refused value as the message quotes it: short, on one line."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    text = text.replace("\n", " ")
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def validation_error(errors: list[dict]) -> ApiError:
    """The 400 for the first thing a route's declared types refused: which parameter (or body field), what it
    takes, and what was sent."""
    first = errors[0] if errors else {}
    where, *names = first.get("loc") or ("query",)
    if where == "body":
        if first.get("type") == "json_invalid":
            detail = (first.get("ctx") or {}).get("error", "not JSON")
            return ApiError(
                400,
                "invalid_body",
                f"The request body is not valid JSON ({detail}): send a JSON object"
                f" with the article's fields ({ARTICLE_FIELDS}).",
            )
        fields = [str(n) for n in names if not isinstance(n, int)]
        if not fields:  # the body as a whole: missing, or not an object
            return ApiError(
                400,
                "invalid_body",
                f"The request body must be a JSON object with the article's fields ({ARTICLE_FIELDS}).",
            )
        return ApiError(
            400,
            "invalid_body",
            f"Invalid body field '{'.'.join(fields)}': expected {_expected(first)}, got {_shown(first.get('input'))}.",
        )
    name = ".".join(str(n) for n in names) or "?"
    place = {"query": "", "path": " (in the path)", "header": " (header)"}.get(str(where), "")
    if first.get("type") == "missing":
        return ApiError(400, "invalid_parameter", f"Missing parameter '{name}'{place}. See /docs for the parameters.")
    return ApiError(
        400,
        "invalid_parameter",
        f"Invalid value {_shown(first.get('input'))} for '{name}'{place}: expected"
        f" {_expected(first)}. See /docs for the parameters.",
    )


def document_errors(spec: dict) -> dict:
    """The OpenAPI spec as this API answers: each operation's 422 (which FastAPI lists and this API never sends)
    becomes the 400 of the error shape."""
    spec.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if responses.pop("422", None) is not None:
                responses.setdefault(
                    "400",
                    {
                        "description": "Invalid parameter or body (the error shape)",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    schemas = spec["components"]["schemas"]
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return spec


def install(app) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(AnnalesError)
    async def _annales(request: Request, exc: AnnalesError):
        return error_response(400, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        error = validation_error(list(exc.errors()))
        return error_response(error.status, error.code, error.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        return error_response(500, "internal_error", f"{exc.__class__.__name__}: the server failed; please report it.")
