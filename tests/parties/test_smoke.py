import httpx
import pytest

from tests.factories import create_customer

pytestmark = pytest.mark.anyio


async def test_customers_list_starts_empty(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/customers")
    assert response.status_code == 200
    assert response.json() == {"data": [], "next_cursor": None}


async def test_created_customer_is_listed(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    response = await client.get("/v1/customers")
    assert [c["id"] for c in response.json()["data"]] == [customer["id"]]
