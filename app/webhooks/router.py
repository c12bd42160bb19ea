"""HTTP routes for webhook endpoints, their deliveries, secret rotation and test events."""

from __future__ import annotations

from fastapi import Response, status

from app.auth.dependencies import Reader, SettingsWriter
from app.errors import NotFound, responses
from app.http.dependencies import AppSettings, Pagination, Session
from app.http.routing import api_router
from app.models.enums import WebhookStatus
from app.shared.pagination import page
from app.webhooks import schemas, service

router = api_router("/v1/webhook-endpoints", "webhook_endpoints")


@router.get(
    "", response_model=schemas.WebhookEndpointPage, name="list", summary="List webhook endpoints"
)
async def list_endpoints(
    session: Session, principal: Reader, params: Pagination
) -> schemas.WebhookEndpointPage:
    rows = await service.list_endpoints(session, principal.administration_id, params)
    out = [service.endpoint_out(e) for e in rows]
    return page(schemas.WebhookEndpointPage, out, params, lambda e: e.id)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.WebhookEndpointWithSecret,
    responses=responses(service.TooManyEndpoints),
    name="create",
    summary="Add a webhook endpoint; its signing secret is shown only in this response",
)
async def create_endpoint(
    data: schemas.WebhookEndpointCreate,
    session: Session,
    principal: SettingsWriter,
    settings: AppSettings,
) -> schemas.WebhookEndpointWithSecret:
    endpoint = await service.create_endpoint(session, principal.administration_id, data, settings)
    return service.with_secret(endpoint)


@router.get(
    "/{endpoint_id}",
    response_model=schemas.WebhookEndpointOut,
    responses=responses(NotFound),
    name="get",
    summary="A webhook endpoint (without its secret)",
)
async def get_endpoint(
    endpoint_id: str, session: Session, principal: Reader
) -> schemas.WebhookEndpointOut:
    endpoint = await service.get_endpoint(session, principal.administration_id, endpoint_id)
    return service.endpoint_out(endpoint)


@router.patch(
    "/{endpoint_id}",
    response_model=schemas.WebhookEndpointOut,
    responses=responses(NotFound),
    name="update",
    summary="Change a webhook endpoint (URL, events, description; enable or disable it)",
)
async def update_endpoint(
    endpoint_id: str,
    data: schemas.WebhookEndpointUpdate,
    session: Session,
    principal: SettingsWriter,
    settings: AppSettings,
) -> schemas.WebhookEndpointOut:
    endpoint = await service.update_endpoint(
        session, principal.administration_id, endpoint_id, data, settings
    )
    return service.endpoint_out(endpoint)


@router.delete(
    "/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(NotFound),
    name="delete",
    summary="Delete a webhook endpoint and its pending deliveries",
)
async def delete_endpoint(
    endpoint_id: str, session: Session, principal: SettingsWriter
) -> Response:
    await service.delete_endpoint(session, principal.administration_id, endpoint_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{endpoint_id}/rotate-secret",
    response_model=schemas.WebhookEndpointWithSecret,
    responses=responses(NotFound),
    name="rotate_secret",
    summary="Replace the signing secret; the new one is shown only in this response",
)
async def rotate_secret(
    endpoint_id: str, session: Session, principal: SettingsWriter
) -> schemas.WebhookEndpointWithSecret:
    endpoint = await service.rotate_secret(session, principal.administration_id, endpoint_id)
    return service.with_secret(endpoint)


@router.get(
    "/{endpoint_id}/deliveries",
    response_model=schemas.WebhookDeliveryPage,
    responses=responses(NotFound),
    name="list_deliveries",
    summary="Events sent (or to be sent) to an endpoint, oldest first",
)
async def list_deliveries(
    endpoint_id: str,
    session: Session,
    principal: Reader,
    params: Pagination,
    status: WebhookStatus | None = None,
) -> schemas.WebhookDeliveryPage:
    rows = await service.list_deliveries(
        session, principal.administration_id, endpoint_id, params, status
    )
    out = [service.delivery_out(e) for e in rows]
    return page(schemas.WebhookDeliveryPage, out, params, lambda e: e.id)


@router.post(
    "/{endpoint_id}/test",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=schemas.WebhookDeliveryOut,
    responses=responses(NotFound, service.EndpointDisabled),
    name="test",
    summary="Queue a `webhook.test` event for this endpoint",
)
async def send_test(
    endpoint_id: str, session: Session, principal: SettingsWriter
) -> schemas.WebhookDeliveryOut:
    event = await service.send_test(session, principal.administration_id, endpoint_id)
    return service.delivery_out(event)
