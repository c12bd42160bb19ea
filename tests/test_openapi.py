"""The OpenAPI document is good enough to generate SDKs with typed errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio

METHODS = {"get", "post", "put", "patch", "delete"}


async def _spec(http: httpx.AsyncClient) -> dict[str, Any]:
    response = await http.get("/openapi.json")
    assert response.status_code == 200
    spec: dict[str, Any] = response.json()
    return spec


async def test_operation_ids_are_unique_and_readable(http: httpx.AsyncClient) -> None:
    spec = await _spec(http)
    ids = [
        op["operationId"] for ops in spec["paths"].values() for m, op in ops.items() if m in METHODS
    ]
    assert len(ids) == len(set(ids))
    assert all(i.replace("_", "").isalnum() and i.islower() for i in ids), ids
    assert "customers_list" in ids
    assert "administrations_create" in ids


async def test_every_api_operation_declares_its_errors_as_problems(http: httpx.AsyncClient) -> None:
    spec = await _spec(http)
    for path, ops in spec["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, op in ops.items():
            if method not in METHODS:
                continue
            codes = set(op["responses"])
            assert {"401", "422", "500"} <= codes, (method, path, codes)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code, response in op["responses"].items():
                if code.startswith(("4", "5")):
                    content = response["content"]
                    assert list(content) == ["application/problem+json"], (method, path, code)
                    schema = content["application/problem+json"]["schema"]
                    refs = [s["$ref"] for s in schema.get("oneOf", [schema])]
                    assert refs, (method, path, code)
                    for ref in refs:
                        name = ref.removeprefix("#/components/schemas/")
                        problem = spec["components"]["schemas"][name]
                        assert problem["properties"]["status"]["const"] == int(code), ref


async def test_problem_schema_and_bearer_auth_are_declared(http: httpx.AsyncClient) -> None:
    spec = await _spec(http)
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status"} <= set(problem["required"])
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    op = spec["paths"]["/v1/customers"]["get"]
    assert op["security"] == [{"HTTPBearer": []}]
