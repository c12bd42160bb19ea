"""All ORM tables; importing this package registers every table on `Base.metadata` (Alembic)."""

from app.models.base import Base
from app.models.idempotency import IdempotencyRecord
from app.models.parties import Administration, ApiKey, Company, ContactDetail, Customer

__all__ = [
    "Administration",
    "ApiKey",
    "Base",
    "Company",
    "ContactDetail",
    "Customer",
    "IdempotencyRecord",
]
