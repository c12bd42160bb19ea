"""Schema fuzzing of every operation in the OpenAPI document with schemathesis.

Cases are generated from the app's own `openapi()` (positive: data the schema allows, so the
requests get past validation into the services; negative: data it forbids, which must be refused
with a 4xx) and sent in-process to the session app, authenticated with a fresh administration's
all-scope key (`POST /v1/administrations`, the operator's, with the operator token; the new
administrations are empty and isolated). No operation is left out. Most positive cases are aimed
at real objects of the administration (`aim()`: path ids, ids in bodies, the query's day, the
current ETag), so they get past 404/412/422 into the services; the rest go as generated. Reads
run first and deletes last, so the seeded objects live as long as possible.

Every response must pass schemathesis' checks: no 5xx, the status code, content type, headers and
body as declared. And every 4xx/5xx is RFC 9457 problem+json (`problem_details`, below).

Why the requests are sent by this test and not by `case.call()`: schemathesis' ASGI transport
runs the app on an event loop of its own in another thread (keeping its lifespan until the
process exits), while the session app's database pool belongs to the test's event loop. So
schemathesis generates and serialises each case (`case.as_transport_kwargs()`, the exact bytes
`requests` would send), httpx sends them to the session app, and `case.validate_response()`
judges the response.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from requests.structures import CaseInsensitiveDict
from schemathesis import CheckContext, GenerationMode
from schemathesis import Response as StResponse
from schemathesis.core.failures import Failure
from schemathesis.core.result import Ok
from schemathesis.errors import FailureGroup

from tests.hardening.support import SUMMARY, Seeds, backend, operations, seed_objects
from tests.support.factories import OPERATOR, Tenant

pytestmark = pytest.mark.anyio

Case = schemathesis.Case[Any]

POSITIVE_EXAMPLES = 16
NEGATIVE_EXAMPLES = 6
SEEDED_SHARE = 0.8  # of the positive cases, aimed at real objects

PROBLEM = "application/problem+json"


def problem_details(ctx: CheckContext, response: StResponse, case: Case) -> bool | None:
    """Every error is RFC 9457 problem+json with `type`, `title` and a matching `status`."""
    if response.status_code < 400:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type == PROBLEM, f"{response.status_code} answered as {content_type!r}"
    body = response.json()
    assert isinstance(body, dict), "the problem is not a JSON object"
    for member in ("type", "title"):
        assert isinstance(body.get(member), str), f"problem without `{member}`"
        assert body[member], f"problem with an empty `{member}`"
    assert body.get("status") == response.status_code, "problem `status` differs from the status"
    return None


CHECKS: list[Callable[..., bool | None]] = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.negative_data_rejection,
    problem_details,
]


@dataclass
class Planned:
    case: Case
    mode: GenerationMode
    # Which seeded objects to aim at (an index into each list of candidates), or None to send
    # the case as generated.
    seed: int | None


@dataclass
class Outcome:
    operations: set[str] = field(default_factory=set)
    examples: dict[str, int] = field(default_factory=dict)  # by generation mode
    reached: set[str] = field(default_factory=set)  # operations that answered a 2xx
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[tuple[str, str], str] = field(default_factory=dict)


_PLANS: dict[str, list[Planned]] = {}


def _order(operation: Any) -> tuple[int, str]:
    # Reads first and deletes last, so the seeded objects live as long as possible.
    rank = {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}[operation.method.upper()]
    return rank, operation.label


def plan(openapi: dict[str, Any]) -> list[Planned]:
    """The cases, generated once per session (the same for both backends: only the seeded ids
    differ, and those are filled in when a case is sent)."""
    if "all" in _PLANS:
        return _PLANS["all"]
    schema = schemathesis.openapi.from_dict(openapi)
    # Every request carries the administration's key: no cases without (or with a broken) one;
    # authentication has its own tests.
    schema.config.generation.update(with_security_parameters=False)
    planned: list[Planned] = []
    ops = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the OpenAPI document is not valid: {result}"
        ops.append(result.ok())
    for operation in sorted(ops, key=_order):
        for mode, count in (
            (GenerationMode.POSITIVE, POSITIVE_EXAMPLES),
            (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
        ):
            # Negative cases go as generated: what they negate must reach the server.
            seed = (
                st.just(None)
                if mode == GenerationMode.NEGATIVE
                else st.integers(0, 99).map(lambda n: n if n < 100 * SEEDED_SHARE else None)
            )

            @settings(
                max_examples=count,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(
                case=operation.as_strategy(generation_mode=mode),
                mode=st.just(mode),
                seed=seed,
            )
            def collect(case: Case, mode: GenerationMode, seed: int | None) -> None:
                planned.append(Planned(case, mode, seed))

            try:
                collect()
            except Unsatisfiable:
                # Nothing to negate (no parameters, no body): positive cases only.
                assert mode == GenerationMode.NEGATIVE, operation.label
    _PLANS["all"] = planned
    return planned


# Body fields that hold ids, and the seeded objects they may name.
BODY_IDS = {
    "customer_id": "customer_id",
    "company_id": "company_id",
    "base_invoice_id": "invoice_id",
    "email_template_id": "email_template_id",
    "default_email_template_id": "email_template_id",
    "pdf_template_id": "pdf_template_id",
    "default_pdf_template_id": "pdf_template_id",
}


def _aim_body(value: Any, seeds: Seeds, seed: int, path: str) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            kind = BODY_IDS.get(key)
            if kind and isinstance(item, str):
                item = seeds.ids[kind][seed % len(seeds.ids[kind])]
            elif key == "attachments" and path == "/v1/email-templates" and isinstance(item, list):
                item = seeds.ids["pdf_template_id"][: len(item)]
            else:
                item = _aim_body(item, seeds, seed, path)
            out[key] = item
        return out
    if isinstance(value, list):
        return [_aim_body(item, seeds, seed, path) for item in value]
    return value


async def aim(case: Case, seeds: Seeds, seed: int, client: httpx.AsyncClient) -> None:
    """Point a generated case at real objects: path ids, ids in the body, the query's day, and
    the current ETag, so that it gets past the 404s, 412s and 422s into the services."""
    for name in case.path_parameters:
        options = seeds.candidates(case.path, name)
        if options:
            case.path_parameters[name] = options[seed % len(options)]
    if isinstance(case.body, dict):
        case.body = _aim_body(case.body, seeds, seed, case.path.split("{")[0].rstrip("/"))
    if isinstance(case.query, dict) and "date" in case.query:
        case.query["date"] = seeds.extra["today"]
    if any(p.name == "If-Match" for p in case.operation.headers):
        current = await client.get(case.formatted_path)
        if "etag" in current.headers:
            case.headers = case.headers or CaseInsensitiveDict()
            case.headers["If-Match"] = current.headers["etag"]


def _request(case: Case, headers: dict[str, str]) -> requests.PreparedRequest:
    """The exact request schemathesis would send for `case`."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
    return requests.Request(
        method=kwargs["method"],
        url=kwargs["url"],
        headers=kwargs.get("headers"),
        params=kwargs.get("params"),
        cookies=kwargs.get("cookies"),
        json=kwargs.get("json"),
        data=kwargs.get("data"),
        files=kwargs.get("files"),
    ).prepare()


async def send(http: httpx.AsyncClient, case: Case, auth: str) -> httpx.Response:
    prepared = _request(case, {"Authorization": auth})
    assert prepared.method is not None
    assert prepared.url is not None
    body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
    assert body is None or isinstance(body, bytes)
    headers = {k: v.decode() if isinstance(v, bytes) else v for k, v in prepared.headers.items()}
    return await http.request(prepared.method, prepared.url, headers=headers, content=body)


def _describe(failure: Failure) -> str:
    return f"{failure.title}: {failure.message}".strip()[:600]


async def test_every_operation_conforms_to_its_schema(
    app: Any, http: httpx.AsyncClient, tenant: Tenant, database_url: str
) -> None:
    openapi = app.openapi()
    seeds: Seeds = await seed_objects(tenant.client)
    started = time.monotonic()
    planned = plan(openapi)
    outcome = Outcome()
    for item in planned:
        case = item.case
        if item.seed is not None:
            await aim(case, seeds, item.seed, tenant.client)
        # Creating administrations is the operator's; the new ones are empty and isolated.
        auth = (
            OPERATOR["Authorization"]
            if case.operation.label == "POST /v1/administrations"
            else f"Bearer {tenant.api_key}"
        )
        response = await send(http, case, auth)
        outcome.operations.add(case.operation.label)
        outcome.examples[item.mode.value] = outcome.examples.get(item.mode.value, 0) + 1
        if 200 <= response.status_code < 300:
            outcome.reached.add(case.operation.label)
        outcome.statuses[response.status_code] = outcome.statuses.get(response.status_code, 0) + 1
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                key = (case.operation.label, failure.title)
                outcome.failures.setdefault(
                    key, f"{_describe(failure)}\n    reproduce: {case.as_curl_command()}"
                )
    elapsed = time.monotonic() - started
    total = len(operations(openapi))
    examples = sum(outcome.examples.values())
    SUMMARY.append(
        f"schemathesis [{backend(database_url)}]: {len(outcome.operations)}/{total} operations, "
        f"{examples} examples ({outcome.examples.get('positive', 0)} positive, "
        f"{outcome.examples.get('negative', 0)} negative), 2xx reached on "
        f"{len(outcome.reached)} operations, {len(outcome.failures)} failures, {elapsed:.1f} s; "
        f"statuses {dict(sorted(outcome.statuses.items()))}"
    )
    assert len(outcome.operations) == total > 0
    assert examples > 0
    report = "\n".join(
        f"- {op} [{title}]\n  {text}" for (op, title), text in outcome.failures.items()
    )
    assert not outcome.failures, f"{len(outcome.failures)} schema failures:\n{report}"
