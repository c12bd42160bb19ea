"""Which e-invoice profile a document gets, and how its parties are identified in it.

Three profiles, each stated on the document (CustomizationID) and each checked by its own
official rule set:

- **Peppol BIS Billing 3** when the buyer has a Peppol participant identifier: an explicit
  `peppol_id` ("scheme:value"), else its KvK number (scheme 0106), else its VAT number under its
  country's Peppol scheme (9944 for NL, ...), where a Belgian VAT number gives the enterprise
  number under 0208, the scheme Belgian receivers register. Such a buyer can be reached on the
  Peppol network, whose rules demand an electronic address for both parties.
- **NLCIUS** (SI-UBL 2.0: EN 16931 with the Dutch rules BR-NL-*) for a Dutch seller when the
  buyer is a Dutch government body (an OIN, scheme 0190: the Dutch government receives NLCIUS) or
  the administration asks for it, provided the buyer can meet BR-NL-10 (a Dutch buyer needs a KvK
  or OIN legal identifier; others always can).
- **EN 16931** (the European norm itself) for every other buyer, typically a consumer: no
  electronic address to write, and never an invented one (e-mail, scheme EM, is not accepted by
  Peppol and routes nowhere).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.documents.snapshot import Party
from app.parties.codelists import PEPPOL_EU_VAT_SCHEMES

KVK = "0106"  # ISO 6523 ICD of the Dutch Chamber of Commerce
OIN = "0190"  # Dutch government organisation identifier (Organisatie-identificatienummer)
BELGIAN_ENTERPRISE = "0208"  # Belgian Crossroads Bank for Enterprises number
LEGAL_SCHEMES = frozenset({KVK, OIN})  # what NLCIUS accepts as a Dutch legal identifier

# Peppol's electronic address schemes for VAT numbers, by VAT prefix (Greece uses EL): the EU
# VAT schemes of the EAS code list. Countries whose VAT number is no Peppol address scheme (Italy,
# Scandinavia, Finland) are absent: their buyers need an explicit `peppol_id`. Belgium is left out
# on purpose: see `participant`.
VAT_SCHEMES: dict[str, str] = {
    prefix: scheme for scheme, prefix in PEPPOL_EU_VAT_SCHEMES.items() if prefix != "BE"
}


class Profile(enum.Enum):
    """The value is the CustomizationID (BT-24) that names the profile on the document."""

    EN16931 = "urn:cen.eu:en16931:2017"
    PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    NLCIUS = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"

    @property
    def profile_id(self) -> str | None:
        """The business process (BT-23): Peppol requires its billing process; the others leave
        it out."""
        return "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0" if self is Profile.PEPPOL else None


@dataclass(frozen=True, slots=True)
class Identifier:
    scheme: str  # ISO 6523 ICD / Peppol EAS code
    value: str


def _split(peppol_id: str) -> Identifier:
    scheme, _, value = peppol_id.partition(":")
    return Identifier(scheme, value)


def participant(party: Party) -> Identifier | None:
    """The party's Peppol participant identifier (its EndpointID), or None when it has none."""
    if party.peppol_id:
        return _split(party.peppol_id)
    if party.kvk_number:
        return Identifier(KVK, party.kvk_number)
    vat = (party.vat_number or "").upper()
    if vat.startswith("BE"):
        # A Belgian VAT number is "BE" + the 10-digit enterprise number, under which Belgian
        # companies are registered on Peppol.
        return Identifier(BELGIAN_ENTERPRISE, vat[2:])
    if vat[:2] in VAT_SCHEMES:
        return Identifier(VAT_SCHEMES[vat[:2]], vat)
    return None


def legal_identifier(party: Party) -> Identifier | None:
    """The party's legal registration (BT-30, BT-47) as NLCIUS and Peppol want it for Dutch
    parties: its KvK number, or the KvK/OIN of its explicit Peppol id."""
    if party.peppol_id and (given := _split(party.peppol_id)).scheme in LEGAL_SCHEMES:
        return given
    if party.kvk_number:
        return Identifier(KVK, party.kvk_number)
    return None


def is_government(party: Party) -> bool:
    return bool(party.peppol_id) and _split(party.peppol_id or "").scheme == OIN


def choose(seller: Party, buyer: Party, *, prefer_nlcius: bool) -> Profile:
    """The profile of a document from `seller` to `buyer` (see the module docstring)."""
    wants_nlcius = prefer_nlcius or is_government(buyer)
    can_nlcius = buyer.address.country != "NL" or legal_identifier(buyer) is not None
    if seller.address.country == "NL" and wants_nlcius and can_nlcius:
        return Profile.NLCIUS
    if participant(buyer) is not None:
        return Profile.PEPPOL
    return Profile.EN16931
