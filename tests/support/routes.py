"""The app's routes, read from its OpenAPI document, for tests that must cover every route."""

from __future__ import annotations

from typing import Any


def id_routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every operation with a path parameter, from the OpenAPI document."""
    out = []
    for path, operations in app.openapi()["paths"].items():
        if "{" in path:
            for method in operations:
                if method in ("get", "post", "put", "patch", "delete"):
                    out.append((method.upper(), path))
    return out
