"""`invoicer demo`: a ready-to-use Dutch demo administration with a few customers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.db import Database
from app.models import Administration
from app.models.enums import DeliveryMethod, Scope
from app.parties import schemas, service
from app.parties.identifiers import Address

KEY_FILE = "demo-api-key"


async def ensure_demo(settings: Settings, *, reuse: bool) -> tuple[str, bool]:
    """The demo administration's API key, and whether the administration was created now.

    With `reuse`, a demo made earlier is kept: its key is read back from `var/`, or a fresh key is
    made for it when that file is gone (keys are stored hashed and cannot be shown again).
    """
    key_file = settings.var_dir / KEY_FILE
    db = Database(settings.database_url)
    try:
        async with db.transaction(write=True) as session:
            existing = await session.scalar(
                select(Administration).where(Administration.name == DEMO.name).limit(1)
            )
            if reuse and existing is not None:
                if key_file.exists():
                    return key_file.read_text().strip(), False
                _, token = await service.create_api_key(
                    session, existing.id, schemas.ApiKeyCreate(name="Demo key", scopes=list(Scope))
                )
                created = False
            else:
                administration, token = await service.create_administration(session, DEMO)
                await _demo_parties(session, administration.id)
                created = True
    finally:
        await db.dispose()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(token + "\n")
    key_file.chmod(0o600)
    return token, created


DEMO = schemas.AdministrationCreate(
    name="Demo Installatiebedrijf B.V.",
    address=Address(street="Keizersgracht 1", postal_code="1015 CJ", city="Amsterdam"),
    kvk_number="12345678",
    vat_number="NL004495445B01",
    iban="NL91ABNA0417164300",
    bic="ABNANL2A",
    sender_email="facturen@demo-installatie.nl",
    owner_email="eigenaar@demo-installatie.nl",
)


async def _demo_parties(session: AsyncSession, administration_id: str) -> None:
    company = await service.create_company(
        session,
        administration_id,
        schemas.CompanyCreate(
            name="Bakkerij de Gouden Krakeling",
            email="administratie@krakeling.nl",
            address=Address(street="Dorpsstraat 12", postal_code="3511 AB", city="Utrecht"),
            delivery_method=DeliveryMethod.email,
        ),
    )
    await service.create_customer(
        session,
        administration_id,
        schemas.CustomerCreate(
            name="Jan de Vries",
            email="jan@krakeling.nl",
            company_id=company.id,
            address=Address(street="Dorpsstraat 12", postal_code="3511 AB", city="Utrecht"),
        ),
    )
    await service.create_customer(
        session,
        administration_id,
        schemas.CustomerCreate(
            name="Petra Jansen",
            address=Address(street="Molenweg 3", postal_code="9711 AA", city="Groningen"),
            delivery_method=DeliveryMethod.post,
        ),
    )
