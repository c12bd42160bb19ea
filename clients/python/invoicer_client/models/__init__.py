"""Contains all the data models used in inputs/outputs"""

from .address import Address
from .administration_create import AdministrationCreate
from .administration_created import AdministrationCreated
from .administration_out import AdministrationOut
from .administration_update import AdministrationUpdate
from .aging_totals import AgingTotals
from .api_key_create import ApiKeyCreate
from .api_key_created import ApiKeyCreated
from .api_key_deletes_itself_problem import ApiKeyDeletesItselfProblem
from .api_key_out import ApiKeyOut
from .api_key_page import ApiKeyPage
from .automation import Automation
from .bank_statements_import_files_body import BankStatementsImportFilesBody
from .bank_transaction_already_matched_problem import BankTransactionAlreadyMatchedProblem
from .bank_transaction_not_a_credit_problem import BankTransactionNotACreditProblem
from .bank_transaction_out import BankTransactionOut
from .bank_transaction_page import BankTransactionPage
from .bank_transaction_status import BankTransactionStatus
from .base_invoice_gone_problem import BaseInvoiceGoneProblem
from .bucket import Bucket
from .bucket_total import BucketTotal
from .check_out import CheckOut
from .check_problem import CheckProblem
from .check_problem_severity import CheckProblemSeverity
from .company_create import CompanyCreate
from .company_has_customers_problem import CompanyHasCustomersProblem
from .company_in_use_problem import CompanyInUseProblem
from .company_out import CompanyOut
from .company_page import CompanyPage
from .company_update import CompanyUpdate
from .contact_detail_create import ContactDetailCreate
from .contact_detail_out import ContactDetailOut
from .contact_detail_update import ContactDetailUpdate
from .credit_debit import CreditDebit
from .credit_exceeds_invoice_problem import CreditExceedsInvoiceProblem
from .credit_note_create import CreditNoteCreate
from .credit_note_not_creditable_problem import CreditNoteNotCreditableProblem
from .customer_create import CustomerCreate
from .customer_in_use_problem import CustomerInUseProblem
from .customer_out import CustomerOut
from .customer_page import CustomerPage
from .customer_update import CustomerUpdate
from .database_unavailable_problem import DatabaseUnavailableProblem
from .dead_letter_kind import DeadLetterKind
from .dead_letter_out import DeadLetterOut
from .dead_letter_page import DeadLetterPage
from .debtor import Debtor
from .default_recipient import DefaultRecipient
from .default_recipient_source import DefaultRecipientSource
from .delivery_attempt import DeliveryAttempt
from .delivery_attempt_status import DeliveryAttemptStatus
from .delivery_method import DeliveryMethod
from .delivery_out import DeliveryOut
from .document_out import DocumentOut
from .document_page import DocumentPage
from .document_ref import DocumentRef
from .document_render_failed_problem import DocumentRenderFailedProblem
from .draft_has_no_page_problem import DraftHasNoPageProblem
from .email_template_choice import EmailTemplateChoice
from .email_template_create import EmailTemplateCreate
from .email_template_is_default_problem import EmailTemplateIsDefaultProblem
from .email_template_out import EmailTemplateOut
from .email_template_page import EmailTemplatePage
from .email_template_update import EmailTemplateUpdate
from .endpoint_disabled_problem import EndpointDisabledProblem
from .field_error import FieldError
from .finalize_request import FinalizeRequest
from .finalize_request_action_type_0 import FinalizeRequestActionType0
from .finalized_invoice_out import FinalizedInvoiceOut
from .forbidden_problem import ForbiddenProblem
from .foreign_statement_problem import ForeignStatementProblem
from .health import Health
from .idempotency_key_in_progress_problem import IdempotencyKeyInProgressProblem
from .import_counts import ImportCounts
from .internal_error_problem import InternalErrorProblem
from .invalid_problem import InvalidProblem
from .invoice_create import InvoiceCreate
from .invoice_create_payment_status import InvoiceCreatePaymentStatus
from .invoice_in_use_problem import InvoiceInUseProblem
from .invoice_is_draft_problem import InvoiceIsDraftProblem
from .invoice_kind import InvoiceKind
from .invoice_mail_create import InvoiceMailCreate
from .invoice_mail_create_action_type_0 import InvoiceMailCreateActionType0
from .invoice_not_draft_problem import InvoiceNotDraftProblem
from .invoice_not_final_problem import InvoiceNotFinalProblem
from .invoice_not_open_problem import InvoiceNotOpenProblem
from .invoice_not_ready_problem import InvoiceNotReadyProblem
from .invoice_out import InvoiceOut
from .invoice_page import InvoicePage
from .invoice_status import InvoiceStatus
from .invoice_update import InvoiceUpdate
from .invoice_update_payment_status import InvoiceUpdatePaymentStatus
from .known_address import KnownAddress
from .known_address_page import KnownAddressPage
from .known_address_source import KnownAddressSource
from .layout_out import LayoutOut
from .layout_page import LayoutPage
from .line_in import LineIn
from .line_in_vat_rate import LineInVatRate
from .line_out import LineOut
from .line_out_vat_rate import LineOutVatRate
from .locale import Locale
from .mail_kind import MailKind
from .mail_not_draft_problem import MailNotDraftProblem
from .mail_out import MailOut
from .mail_page import MailPage
from .mail_status import MailStatus
from .mail_update import MailUpdate
from .match_in import MatchIn
from .match_rule import MatchRule
from .no_default_pdf_template_problem import NoDefaultPdfTemplateProblem
from .no_own_iban_problem import NoOwnIbanProblem
from .not_acceptable_problem import NotAcceptableProblem
from .not_found_problem import NotFoundProblem
from .not_retried import NotRetried
from .not_retried_reason import NotRetriedReason
from .number_in_use_problem import NumberInUseProblem
from .open_item import OpenItem
from .party_level import PartyLevel
from .pause_request import PauseRequest
from .payload_too_large_problem import PayloadTooLargeProblem
from .payment_exceeds_amount_due_problem import PaymentExceedsAmountDueProblem
from .payment_in import PaymentIn
from .payment_method import PaymentMethod
from .payment_method_in import PaymentMethodIn
from .payment_not_reversible_problem import PaymentNotReversibleProblem
from .payment_on_draft_problem import PaymentOnDraftProblem
from .payment_out import PaymentOut
from .payment_page import PaymentPage
from .payment_recorded import PaymentRecorded
from .payment_state import PaymentState
from .payment_status import PaymentStatus
from .payment_update import PaymentUpdate
from .payment_update_payment_status import PaymentUpdatePaymentStatus
from .pdf_template_create import PdfTemplateCreate
from .pdf_template_create_labels import PdfTemplateCreateLabels
from .pdf_template_in_use_problem import PdfTemplateInUseProblem
from .pdf_template_is_default_problem import PdfTemplateIsDefaultProblem
from .pdf_template_out import PdfTemplateOut
from .pdf_template_out_labels import PdfTemplateOutLabels
from .pdf_template_page import PdfTemplatePage
from .pdf_template_update import PdfTemplateUpdate
from .pdf_template_update_labels import PdfTemplateUpdateLabels
from .placeholder_out import PlaceholderOut
from .precondition_failed_problem import PreconditionFailedProblem
from .precondition_required_problem import PreconditionRequiredProblem
from .preview_out import PreviewOut
from .preview_request import PreviewRequest
from .problem import Problem
from .public_link_out import PublicLinkOut
from .receivables_page import ReceivablesPage
from .recipients import Recipients
from .recurrence_create import RecurrenceCreate
from .recurrence_create_payment_status import RecurrenceCreatePaymentStatus
from .recurrence_finished_problem import RecurrenceFinishedProblem
from .recurrence_not_due_problem import RecurrenceNotDueProblem
from .recurrence_out import RecurrenceOut
from .recurrence_page import RecurrencePage
from .recurrence_saved import RecurrenceSaved
from .recurrence_update import RecurrenceUpdate
from .recurrence_update_payment_status import RecurrenceUpdatePaymentStatus
from .reminder_action import ReminderAction
from .reminder_kind import ReminderKind
from .reminder_out import ReminderOut
from .reminder_policy_in import ReminderPolicyIn
from .reminder_policy_out import ReminderPolicyOut
from .reminder_state_out import ReminderStateOut
from .reminder_step import ReminderStep
from .reminder_step_out import ReminderStepOut
from .reminders_not_applicable_problem import RemindersNotApplicableProblem
from .reminders_run_out import RemindersRunOut
from .reminders_run_request import RemindersRunRequest
from .render_out import RenderOut
from .render_request import RenderRequest
from .retry_request import RetryRequest
from .retry_result import RetryResult
from .run_due_out import RunDueOut
from .run_due_request import RunDueRequest
from .run_out import RunOut
from .scope import Scope
from .statement_amount_invalid_problem import StatementAmountInvalidProblem
from .statement_dtd_forbidden_problem import StatementDtdForbiddenProblem
from .statement_imported import StatementImported
from .statement_not_camt_053_problem import StatementNotCamt053Problem
from .statement_not_xml_problem import StatementNotXmlProblem
from .statement_out import StatementOut
from .statement_schema_invalid_problem import StatementSchemaInvalidProblem
from .statement_too_long_problem import StatementTooLongProblem
from .template_warning import TemplateWarning
from .template_warning_code import TemplateWarningCode
from .too_many_endpoints_problem import TooManyEndpointsProblem
from .too_many_requests_problem import TooManyRequestsProblem
from .totals_out import TotalsOut
from .transaction_matched import TransactionMatched
from .unauthorized_problem import UnauthorizedProblem
from .unsupported_media_type_problem import UnsupportedMediaTypeProblem
from .vat_out import VatOut
from .vat_out_rate import VatOutRate
from .webhook_delivery_out import WebhookDeliveryOut
from .webhook_delivery_out_payload import WebhookDeliveryOutPayload
from .webhook_delivery_page import WebhookDeliveryPage
from .webhook_endpoint_create import WebhookEndpointCreate
from .webhook_endpoint_out import WebhookEndpointOut
from .webhook_endpoint_page import WebhookEndpointPage
from .webhook_endpoint_update import WebhookEndpointUpdate
from .webhook_endpoint_with_secret import WebhookEndpointWithSecret
from .webhook_event_type import WebhookEventType
from .webhook_status import WebhookStatus

__all__ = (
    "Address",
    "AdministrationCreate",
    "AdministrationCreated",
    "AdministrationOut",
    "AdministrationUpdate",
    "AgingTotals",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyDeletesItselfProblem",
    "ApiKeyOut",
    "ApiKeyPage",
    "Automation",
    "BankStatementsImportFilesBody",
    "BankTransactionAlreadyMatchedProblem",
    "BankTransactionNotACreditProblem",
    "BankTransactionOut",
    "BankTransactionPage",
    "BankTransactionStatus",
    "BaseInvoiceGoneProblem",
    "Bucket",
    "BucketTotal",
    "CheckOut",
    "CheckProblem",
    "CheckProblemSeverity",
    "CompanyCreate",
    "CompanyHasCustomersProblem",
    "CompanyInUseProblem",
    "CompanyOut",
    "CompanyPage",
    "CompanyUpdate",
    "ContactDetailCreate",
    "ContactDetailOut",
    "ContactDetailUpdate",
    "CreditDebit",
    "CreditExceedsInvoiceProblem",
    "CreditNoteCreate",
    "CreditNoteNotCreditableProblem",
    "CustomerCreate",
    "CustomerInUseProblem",
    "CustomerOut",
    "CustomerPage",
    "CustomerUpdate",
    "DatabaseUnavailableProblem",
    "DeadLetterKind",
    "DeadLetterOut",
    "DeadLetterPage",
    "Debtor",
    "DefaultRecipient",
    "DefaultRecipientSource",
    "DeliveryAttempt",
    "DeliveryAttemptStatus",
    "DeliveryMethod",
    "DeliveryOut",
    "DocumentOut",
    "DocumentPage",
    "DocumentRef",
    "DocumentRenderFailedProblem",
    "DraftHasNoPageProblem",
    "EmailTemplateChoice",
    "EmailTemplateCreate",
    "EmailTemplateIsDefaultProblem",
    "EmailTemplateOut",
    "EmailTemplatePage",
    "EmailTemplateUpdate",
    "EndpointDisabledProblem",
    "FieldError",
    "FinalizedInvoiceOut",
    "FinalizeRequest",
    "FinalizeRequestActionType0",
    "ForbiddenProblem",
    "ForeignStatementProblem",
    "Health",
    "IdempotencyKeyInProgressProblem",
    "ImportCounts",
    "InternalErrorProblem",
    "InvalidProblem",
    "InvoiceCreate",
    "InvoiceCreatePaymentStatus",
    "InvoiceInUseProblem",
    "InvoiceIsDraftProblem",
    "InvoiceKind",
    "InvoiceMailCreate",
    "InvoiceMailCreateActionType0",
    "InvoiceNotDraftProblem",
    "InvoiceNotFinalProblem",
    "InvoiceNotOpenProblem",
    "InvoiceNotReadyProblem",
    "InvoiceOut",
    "InvoicePage",
    "InvoiceStatus",
    "InvoiceUpdate",
    "InvoiceUpdatePaymentStatus",
    "KnownAddress",
    "KnownAddressPage",
    "KnownAddressSource",
    "LayoutOut",
    "LayoutPage",
    "LineIn",
    "LineInVatRate",
    "LineOut",
    "LineOutVatRate",
    "Locale",
    "MailKind",
    "MailNotDraftProblem",
    "MailOut",
    "MailPage",
    "MailStatus",
    "MailUpdate",
    "MatchIn",
    "MatchRule",
    "NoDefaultPdfTemplateProblem",
    "NoOwnIbanProblem",
    "NotAcceptableProblem",
    "NotFoundProblem",
    "NotRetried",
    "NotRetriedReason",
    "NumberInUseProblem",
    "OpenItem",
    "PartyLevel",
    "PauseRequest",
    "PayloadTooLargeProblem",
    "PaymentExceedsAmountDueProblem",
    "PaymentIn",
    "PaymentMethod",
    "PaymentMethodIn",
    "PaymentNotReversibleProblem",
    "PaymentOnDraftProblem",
    "PaymentOut",
    "PaymentPage",
    "PaymentRecorded",
    "PaymentState",
    "PaymentStatus",
    "PaymentUpdate",
    "PaymentUpdatePaymentStatus",
    "PdfTemplateCreate",
    "PdfTemplateCreateLabels",
    "PdfTemplateInUseProblem",
    "PdfTemplateIsDefaultProblem",
    "PdfTemplateOut",
    "PdfTemplateOutLabels",
    "PdfTemplatePage",
    "PdfTemplateUpdate",
    "PdfTemplateUpdateLabels",
    "PlaceholderOut",
    "PreconditionFailedProblem",
    "PreconditionRequiredProblem",
    "PreviewOut",
    "PreviewRequest",
    "Problem",
    "PublicLinkOut",
    "ReceivablesPage",
    "Recipients",
    "RecurrenceCreate",
    "RecurrenceCreatePaymentStatus",
    "RecurrenceFinishedProblem",
    "RecurrenceNotDueProblem",
    "RecurrenceOut",
    "RecurrencePage",
    "RecurrenceSaved",
    "RecurrenceUpdate",
    "RecurrenceUpdatePaymentStatus",
    "ReminderAction",
    "ReminderKind",
    "ReminderOut",
    "ReminderPolicyIn",
    "ReminderPolicyOut",
    "RemindersNotApplicableProblem",
    "RemindersRunOut",
    "RemindersRunRequest",
    "ReminderStateOut",
    "ReminderStep",
    "ReminderStepOut",
    "RenderOut",
    "RenderRequest",
    "RetryRequest",
    "RetryResult",
    "RunDueOut",
    "RunDueRequest",
    "RunOut",
    "Scope",
    "StatementAmountInvalidProblem",
    "StatementDtdForbiddenProblem",
    "StatementImported",
    "StatementNotCamt053Problem",
    "StatementNotXmlProblem",
    "StatementOut",
    "StatementSchemaInvalidProblem",
    "StatementTooLongProblem",
    "TemplateWarning",
    "TemplateWarningCode",
    "TooManyEndpointsProblem",
    "TooManyRequestsProblem",
    "TotalsOut",
    "TransactionMatched",
    "UnauthorizedProblem",
    "UnsupportedMediaTypeProblem",
    "VatOut",
    "VatOutRate",
    "WebhookDeliveryOut",
    "WebhookDeliveryOutPayload",
    "WebhookDeliveryPage",
    "WebhookEndpointCreate",
    "WebhookEndpointOut",
    "WebhookEndpointPage",
    "WebhookEndpointUpdate",
    "WebhookEndpointWithSecret",
    "WebhookEventType",
    "WebhookStatus",
)
