"""UBL 2.1 e-invoices and credit notes that the official validators of their profile accept:
EN 16931, Peppol BIS Billing 3 or NLCIUS (SI-UBL 2.0), chosen per document (`profiles`).

- `document`: the input, `UblDocument`, checked when built; `ubl_document(snapshot)` makes one
  from a final invoice's snapshot (the same facts as its PDF).
- `profiles`: which profile a document gets and how its parties are identified.
- `render`: the XML, `render_ubl(doc) -> bytes`.

The tests run the official rule sets on this output (`tests/support/einvoice`).
"""

from app.invoices.ubl.document import Attachment, UblDocument, ubl_document
from app.invoices.ubl.profiles import Profile
from app.invoices.ubl.render import render_ubl

__all__ = ["Attachment", "Profile", "UblDocument", "render_ubl", "ubl_document"]
