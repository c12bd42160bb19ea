"""HTTP routes for bank statements (CAMT.053 imports) and the bank transactions they hold."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from app.auth.dependencies import PaymentsWriter, Reader
from app.banking import camt, schemas, service
from app.errors import Invalid, NotFound, UnsupportedMediaType, responses
from app.http.dependencies import Pagination, Session
from app.http.routing import api_router
from app.i18n import t
from app.models import BankTransaction
from app.models.enums import BankTransactionStatus
from app.payments import service as payments
from app.shared.pagination import page

statements = api_router("/v1/bank-statements", "bank_statements")
transactions = api_router("/v1/bank-transactions", "bank_transactions")

XML_TYPES = ("application/xml", "text/xml")
FORM = "multipart/form-data"
FORM_FIELD = "file"


@statements.post(
    "",
    response_model=schemas.StatementImported,
    responses=responses(
        UnsupportedMediaType,
        Invalid,
        camt.StatementNotXml,
        camt.StatementDtdForbidden,
        camt.StatementNotCamt053,
        camt.StatementSchemaInvalid,
        camt.StatementAmountInvalid,
        service.ForeignStatement,
        service.NoOwnIban,
    ),
    name="import",
    summary="Import a CAMT.053 bank statement: store its new transactions and pay the invoices "
    "its credits match",
    description=(
        "Send the statement as the request body (`Content-Type: application/xml` or "
        "`text/xml`) or as the form field `file` of a `multipart/form-data` upload. Versions "
        "camt.053.001.02 up to .14 are read (what ING, Rabobank and ABN AMRO export); each is "
        "checked against its official ISO 20022 schema. Anything else is a 422 naming the "
        "problem (not XML, a DTD or entity declaration, another message type or version, a "
        "schema error with its element, another account than the administration's IBAN); the "
        "size limit is the service's body limit (413). Nothing is stored on refusal.\n\n"
        "Transactions imported before (the same or an overlapping statement) are counted as "
        "`already_known` and left alone. Each new incoming credit is matched to an open invoice "
        "by its number (or betalingskenmerk) in the remittance, else by amount due and an IBAN "
        "the customer paid from before; a match becomes a `bank` payment in the same "
        "transaction (less than due: a partial payment; more: recorded, the invoice shows "
        "`overpaid`). Two candidates leave the credit unmatched. Debits and reversals are "
        "stored as `ignored`."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                # text/xml is accepted too, but not declared: generated clients (e.g.
                # openapi-python-client) know one XML media type only.
                "application/xml": {"schema": {"type": "string", "format": "binary"}},
                FORM: {
                    "schema": {
                        "type": "object",
                        "required": [FORM_FIELD],
                        "properties": {FORM_FIELD: {"type": "string", "format": "binary"}},
                    }
                },
            },
        }
    },
)
async def import_statement(
    request: Request, session: Session, principal: PaymentsWriter
) -> schemas.StatementImported:
    data = await _statement_bytes(request)
    result = await service.import_statement(session, principal.administration, data)
    new = [_out(tx) for tx in result.new]
    statuses = [tx.status for tx in new]
    return schemas.StatementImported(
        message_type=result.statement.version,
        message_id=result.statement.message_id,
        account_ibans=list(dict.fromkeys(result.statement.account_ibans)),
        counts=schemas.ImportCounts(
            transactions=result.total,
            new=len(new),
            already_known=result.already_known,
            matched=statuses.count(BankTransactionStatus.matched),
            unmatched=statuses.count(BankTransactionStatus.unmatched),
            ignored=statuses.count(BankTransactionStatus.ignored),
        ),
        transactions=new,
    )


async def _statement_bytes(request: Request) -> bytes:
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media in XML_TYPES:
        data = await request.body()
    elif media == FORM:
        try:
            # Closed on leaving: the upload is spooled to a temporary file past 1 MB.
            async with request.form(max_files=1, max_fields=10) as form:
                upload = form.get(FORM_FIELD)
                if not isinstance(upload, UploadFile):
                    raise Invalid.field(
                        ["body", FORM_FIELD],
                        t("send the statement file as the form field `file`"),
                    )
                data = await upload.read()
        except HTTPException:
            raise Invalid.field(["body"], t("malformed multipart/form-data body")) from None
    else:
        raise UnsupportedMediaType(
            t("Send the statement as application/xml, text/xml or multipart/form-data.")
        )
    if not data.strip():
        raise Invalid.field(["body"], t("the statement is empty"))
    return data


@transactions.get(
    "",
    response_model=schemas.BankTransactionPage,
    name="list",
    summary="Bank transactions, oldest first; `status=unmatched` lists the credits to match",
)
async def list_transactions(
    session: Session,
    principal: Reader,
    params: Pagination,
    status: Annotated[BankTransactionStatus | None, Query()] = None,
) -> schemas.BankTransactionPage:
    rows = await service.list_transactions(session, principal.administration_id, params, status)
    return page(schemas.BankTransactionPage, [_out(r) for r in rows], params, lambda r: r.id)


@transactions.get(
    "/{transaction_id}",
    response_model=schemas.BankTransactionOut,
    responses=responses(NotFound),
    name="get",
    summary="A bank transaction",
)
async def get_transaction(
    transaction_id: str, session: Session, principal: Reader
) -> schemas.BankTransactionOut:
    return _out(await service.get_transaction(session, principal.administration_id, transaction_id))


@transactions.post(
    "/{transaction_id}/match",
    response_model=schemas.TransactionMatched,
    responses=responses(
        NotFound,
        service.BankTransactionAlreadyMatched,
        service.BankTransactionNotACredit,
        service.InvoiceNotOpen,
    ),
    name="match",
    summary="Match an unmatched credit to an invoice by hand: it becomes a payment",
    description=(
        "The credit's amount is recorded as a `bank` payment of the invoice (less than due: "
        "partially paid; more: the invoice shows `overpaid`), and its IBAN is remembered for "
        "the invoice's customer, so their next transfer of an amount due matches by itself."
    ),
)
async def match(
    transaction_id: str, data: schemas.MatchIn, session: Session, principal: PaymentsWriter
) -> schemas.TransactionMatched:
    tx, invoice = await service.match_by_hand(
        session, principal.administration, transaction_id, data.invoice_id
    )
    return schemas.TransactionMatched(transaction=_out(tx), invoice=payments.state(invoice))


def _out(tx: BankTransaction) -> schemas.BankTransactionOut:
    return schemas.BankTransactionOut.model_validate(tx, from_attributes=True)
