"""Hostile values for the buyer's and seller's identifiers (Peppol id, KvK number, VAT number,
country) through every route that stores them: each refused value is a 422 problem naming the
field (`errors[].loc`), never a 500, and nothing is stored; each accepted odd spelling is stored
in its one canonical form; and what is stored gives an e-invoice that passes its profile's
official rules."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.einvoice import assert_conforms
from tests.support.factories import create_company, create_invoice, finalize_draft

pytestmark = pytest.mark.anyio

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
FULLWIDTH = "０１２３４５６７８９"


def digits(ascii_digits: str, alphabet: str) -> str:
    return "".join(alphabet[int(d)] for d in ascii_digits)


# (field path, value) pairs that must be refused.
REFUSED_PARTY: list[tuple[tuple[str, ...], str]] = [
    # Peppol ids: XML metacharacters, empty and malformed parts, wrong lengths, non-ASCII.
    (("peppol_id",), "0106:<script>"),
    (("peppol_id",), "0106:12345678<"),
    (("peppol_id",), "0106:"),
    (("peppol_id",), "0204:"),
    (("peppol_id",), "0204:   "),
    (("peppol_id",), ":12345678"),
    (("peppol_id",), "0106"),
    (("peppol_id",), "0106:123456789"),  # 9 digits
    (("peppol_id",), "0106:1234567"),
    (("peppol_id",), "0106:1234\u200b5678"),  # zero-width space
    (("peppol_id",), "0106:" + digits("12345678", ARABIC_INDIC)),
    (("peppol_id",), "0106:" + digits("12345678", FULLWIDTH)),
    (("peppol_id",), "0190:" + digits("00000001003214345000", ARABIC_INDIC)),
    (("peppol_id",), "0190:0000000100321434500"),  # 19 digits
    (("peppol_id",), "0088:5790000436058"),  # GLN check digit
    (("peppol_id",), "0088:" + digits("5790000436057", ARABIC_INDIC)),
    (("peppol_id",), "0208:0403019262"),  # enterprise number check
    (("peppol_id",), "0204:" + "x" * 51),
    (("peppol_id",), "0204:a b"),
    (("peppol_id",), "0204:Köln"),
    (("peppol_id",), "0088:" + "1" * 120),
    (("peppol_id",), "EM:factuur@example.nl"),  # e-mail is no Peppol scheme
    (("peppol_id",), "9944:DE136695976"),  # a German VAT number under the Dutch scheme
    (("peppol_id",), "9944:nl123456783b01"),  # check digits
    (("peppol_id",), "9933:XI980780684"),
    (("peppol_id",), "9930:EU372000041"),
    # Peppol's own rules check these schemes (PEPPOL-COMMON-R041, R042, R049, R050, fatal);
    # values that fail them would make an e-invoice every Peppol access point rejects.
    (("peppol_id",), "0192:123456789"),  # Norwegian organisation number, mod 11
    (("peppol_id",), "0184:1234567"),  # Danish CVR: 8 digits (or DK + 8)
    (("peppol_id",), "0007:1234567890"),  # Swedish organisation number, Luhn
    (("peppol_id",), "0151:12345678901"),  # Australian ABN, mod 89
    # KvK numbers: 8 ASCII digits.
    (("kvk_number",), digits("12345678", ARABIC_INDIC)),
    (("kvk_number",), digits("12345678", FULLWIDTH)),
    (("kvk_number",), "1234567"),
    (("kvk_number",), "<12345678>"),
    (("kvk_number",), "1234\u200b5678"),
    # VAT numbers.
    (("vat_number",), "EU372000041"),
    (("vat_number",), "eu372000041"),
    (("vat_number",), "NL" + digits("004495445", ARABIC_INDIC) + "B01"),
    (("vat_number",), "GB980780684"),
    (("vat_number",), "CHE116281710"),
    (("vat_number",), "NL004495446B01"),  # check digits
    (("vat_number",), "GR09425921"),
    (("vat_number",), "<NL004495445B01>"),
    # Countries.
    (("address", "country"), "XK"),
    (("address", "country"), "EL"),
    (("address", "country"), "ＮＬ"),
    (("address", "country"), "1"),
]

# (field path, given, stored) for odd spellings that are accepted.
ACCEPTED_PARTY: list[tuple[tuple[str, ...], str, str]] = [
    (("peppol_id",), "  0106 : 8765 4321 ", "0106:87654321"),
    (("peppol_id",), "ISO6523-ACTORID-UPIS::0106:87654321", "0106:87654321"),
    (("peppol_id",), "9944:nl123456782b01", "9944:NL123456782B01"),
    (("peppol_id",), "9933:GR094259216", "9933:EL094259216"),
    (("peppol_id",), "0192:974760673", "0192:974760673"),
    (("vat_number",), "nl004495445b01", "NL004495445B01"),
    (("vat_number",), "GR094259216", "EL094259216"),
    (("vat_number",), "el 094 259 216", "EL094259216"),
    (("vat_number",), "xi980780684", "XI980780684"),
    (("kvk_number",), "8765 4321", "87654321"),
    (("address", "country"), "1a", "1A"),
    (("address", "country"), "xi", "XI"),
    (("address", "country"), "gr", "GR"),
    (("address", "country"), "gb ", "GB"),  # addresses strip whitespace
]


def body_with(path: tuple[str, ...], value: str, base: dict[str, Any]) -> dict[str, Any]:
    body = {key: (dict(v) if isinstance(v, dict) else v) for key, v in base.items()}
    if len(path) == 1:
        body[path[0]] = value
    else:
        body.setdefault(path[0], {})[path[1]] = value
    return body


def stored(record: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        record = record[key]
    return record


def assert_refused_naming(response: httpx.Response, path: tuple[str | int, ...]) -> None:
    assert response.status_code != 500, response.text
    body = assert_problem(response, 422)
    locations = [tuple(error["loc"]) for error in body.get("errors", [])]
    assert any(loc[1 : 1 + len(path)] == path for loc in locations), (path, locations)


def ident(case: tuple[tuple[str, ...], str]) -> str:
    return ".".join(case[0]) + "=" + ascii(case[1])[:40]


PARTY = {"name": "Aanvaller B.V."}


@pytest.mark.parametrize("kind", ["companies", "customers"])
@pytest.mark.parametrize("case", REFUSED_PARTY, ids=list(map(ident, REFUSED_PARTY)))
async def test_refused_on_create_and_nothing_stored(
    client: httpx.AsyncClient, kind: str, case: tuple[tuple[str, ...], str]
) -> None:
    path, value = case
    response = await client.post(f"/v1/{kind}", json=body_with(path, value, PARTY))
    assert_refused_naming(response, path)
    assert (await client.get(f"/v1/{kind}")).json()["data"] == []


@pytest.mark.parametrize("case", REFUSED_PARTY, ids=list(map(ident, REFUSED_PARTY)))
async def test_refused_on_update_and_nothing_changed(
    client: httpx.AsyncClient, case: tuple[tuple[str, ...], str]
) -> None:
    path, value = case
    company = await create_company(client)
    update = {path[0]: value} if len(path) == 1 else {path[0]: {path[1]: value}}
    response = await client.patch(f"/v1/companies/{company['id']}", json=update)
    assert_refused_naming(response, path)
    after = (await client.get(f"/v1/companies/{company['id']}")).json()
    assert stored(after, path) == stored(company, path)


ADMINISTRATION_FIELDS = {("kvk_number",), ("vat_number",), ("address", "country")}
REFUSED_ADMINISTRATION = [case for case in REFUSED_PARTY if case[0] in ADMINISTRATION_FIELDS]


@pytest.mark.parametrize(
    "case", REFUSED_ADMINISTRATION, ids=list(map(ident, REFUSED_ADMINISTRATION))
)
async def test_refused_in_the_settings_and_nothing_changed(
    client: httpx.AsyncClient, case: tuple[tuple[str, ...], str]
) -> None:
    path, value = case
    before = (await client.get("/v1/administration")).json()
    update = {path[0]: value} if len(path) == 1 else {path[0]: before[path[0]] | {path[1]: value}}
    response = await client.patch("/v1/administration", json=update)
    assert_refused_naming(response, path)
    assert (await client.get("/v1/administration")).json() == before


@pytest.mark.parametrize("case", ACCEPTED_PARTY, ids=list(map(ident, ACCEPTED_PARTY)))
async def test_odd_spellings_are_stored_canonically(
    client: httpx.AsyncClient, case: tuple[tuple[str, ...], str, str]
) -> None:
    path, given, canonical = case
    response = await client.post("/v1/companies", json=body_with(path, given, PARTY))
    assert response.status_code == 201, response.text
    assert stored(response.json(), path) == canonical


@pytest.mark.parametrize(
    "peppol_id", ["0204:<a&b>'\"", "0204:]]>", "0204:&#x0;", "0204:a:b", "0211:IT00743110157"]
)
async def test_printable_ascii_peppol_ids_of_unchecked_schemes_give_a_conforming_ubl(
    client: httpx.AsyncClient, peppol_id: str
) -> None:
    company = await create_company(
        client,
        peppol_id=peppol_id,
        address={"street": "Straße 1", "postal_code": "10115", "city": "Berlin", "country": "DE"},
    )
    assert company["peppol_id"] == peppol_id
    draft = await create_invoice(client, company_id=company["id"])
    final = await finalize_draft(client, draft["id"])
    ubl = next(d for d in final["documents"] if d["kind"] == "ubl")
    xml = (await client.get(ubl["content_url"])).content
    assert_conforms(xml)
    endpoint = ET.fromstring(xml).find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
    assert endpoint is not None
    assert (endpoint.get("schemeID"), endpoint.text) == tuple(peppol_id.split(":", 1))


@pytest.mark.parametrize("field", ["buyer name", "line description", "administration name"])
async def test_a_text_xml_cannot_carry_is_refused_or_flagged_never_a_500(
    client: httpx.AsyncClient, field: str
) -> None:
    """A name or description of only characters XML 1.0 cannot carry (here BEL, U+0007) is
    blank in the e-invoice, where a party needs a name (BT-27, BT-44) and a line an item name
    (BT-153): it must be refused when stored (422 naming the field) or flagged by the check;
    finalising must never crash on it."""
    bel = "\x07"
    if field == "administration name":
        response = await client.patch("/v1/administration", json={"name": bel})
        if response.status_code != 200:
            assert_refused_naming(response, ("name",))
            return
    company = await client.post(
        "/v1/companies", json={"name": bel if field == "buyer name" else "Werkgever B.V."}
    )
    if company.status_code != 201:
        assert_refused_naming(company, ("name",))
        return
    line = {"description": bel if field == "line description" else "Werk", "unit_price": "10"}
    draft = await client.post(
        "/v1/invoices", json={"company_id": company.json()["id"], "lines": [line]}
    )
    if draft.status_code != 201:
        assert_refused_naming(draft, ("lines", 0, "description"))
        return
    invoice_id = draft.json()["id"]
    check = (await client.get(f"/v1/invoices/{invoice_id}/check")).json()
    response = await client.post(f"/v1/invoices/{invoice_id}/finalize", json={})
    assert response.status_code != 500, "finalize crashed on a value the check let through"
    assert response.status_code == (200 if check["ok"] else 422), response.text
