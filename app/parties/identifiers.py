"""Validated identifiers as annotated Pydantic types: e-mail, VAT, KvK, Peppol id, IBAN, BIC,
addresses.

Each validator normalises to one canonical form so that stored values compare reliably.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from stdnum import bic as stdnum_bic
from stdnum import ean as stdnum_ean
from stdnum import iban as stdnum_iban
from stdnum.au import abn as stdnum_au_abn
from stdnum.be import vat as stdnum_be_enterprise_number
from stdnum.dk import cvr as stdnum_dk_cvr
from stdnum.eu import oss as stdnum_oss
from stdnum.eu import vat as stdnum_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import postcode as stdnum_postcode
from stdnum.no import orgnr as stdnum_no_orgnr
from stdnum.se import orgnr as stdnum_se_orgnr

from app.i18n import Message, message_of, t
from app.parties.codelists import COUNTRIES, PEPPOL_EU_VAT_SCHEMES, PEPPOL_SCHEMES, VAT_PREFIXES
from app.shared.xmltext import has_text


def normalize_email(value: str) -> str:
    """One bare address (`user@domain`), no display name, no list, no CR/LF, that the mailer
    can deliver: the local part is ASCII (sending `jörg@...` would need SMTPUTF8, which is not
    configured), and an internationalised domain is stored in its ASCII (IDNA) form, so
    `facturen@bücher.example` becomes `facturen@xn--bcher-kva.example`: the form that goes
    into the envelope, the headers and the Message-ID, and one spelling to compare."""
    if any(c in value for c in "\r\n\0"):
        raise ValueError(t("line breaks are not allowed in an e-mail address"))
    if "<" in value or ">" in value or "," in value or ";" in value:
        raise ValueError(t("{value} is not a single bare e-mail address", value=repr(value)))
    try:
        result = validate_email(
            value, check_deliverability=False, allow_display_name=False, allow_smtputf8=False
        )
    except EmailNotValidError as exc:
        raise ValueError(
            t("{value} is not a valid e-mail address: {reason}", value=repr(value), reason=str(exc))
        ) from exc
    # The normalised address with the domain in IDNA form; set whenever SMTPUTF8 is not allowed.
    if result.ascii_email is None:
        raise ValueError(t("{value} has no ASCII form to send to", value=repr(value)))
    return str(result.ascii_email)


def _vat(value: str) -> str:
    """An EU VAT number (python-stdnum checks each country's format and check digits) that the
    e-invoice rules accept for a seller or buyer: its prefix is a country code of BR-CO-09,
    Greece is written EL (a Greek number given as GR... is stored as EL...), and Northern
    Ireland's XI numbers (for trade in goods with the EU) are checked as the UK numbers they are."""
    compact = re.sub(r"[\s./-]", "", value).upper()
    prefix = compact[:2]
    # python-stdnum accepts the numbers of the EU's one-stop shops (EU..., and IM... of the
    # import scheme) as VAT numbers. They only serve the OSS/IOSS VAT return of a business
    # outside the EU; on an invoice the parties are identified by their VAT registration in a
    # country (EU is no country code: BR-CO-09 refuses it).
    if prefix == "EU" or stdnum_oss.is_valid(compact):
        raise ValueError(
            t(
                "{value} is an EU one-stop-shop (OSS/IOSS) number, not a VAT number a buyer or "
                "seller can be identified by on an invoice; give the VAT number of the country of "
                "establishment",
                value=repr(value),
            )
        )
    if prefix not in VAT_PREFIXES:
        raise ValueError(
            t(
                "{value} does not start with a country code; a VAT number starts with its "
                "country's code, e.g. NL004495445B01 (Greece: EL)",
                value=repr(value),
            )
        )
    if prefix != "EL" and prefix.lower() not in stdnum_vat.MEMBER_STATES:
        raise ValueError(
            t(
                "{value} is not an EU VAT number: {prefix} is not an EU member state "
                "(Northern Ireland: XI)",
                value=repr(value),
                prefix=prefix,
            )
        )
    try:
        number = str(stdnum_vat.validate(compact))
    except StdnumError as exc:
        raise ValueError(
            t("{value} is not a valid EU VAT number ({reason})", value=repr(value), reason=str(exc))
        ) from exc
    if number.startswith("GR"):
        number = "EL" + number[2:]
    return number


def _kvk(value: str) -> str:
    # The KvK number is 8 digits without a check digit; python-stdnum has no module for it.
    compact = re.sub(r"[\s.-]", "", value)
    # [0-9], not \d: \d also matches Arabic-Indic or fullwidth digits, which no register knows.
    if not re.fullmatch(r"[0-9]{8}", compact):
        raise ValueError(t("{value} is not a KvK number (8 digits)", value=repr(value)))
    return compact


def _oin(value: str) -> str:
    # The OIN (Organisatie-identificatienummer) of a Dutch government body: 20 digits, no check
    # digit of its own.
    compact = re.sub(r"[\s.-]", "", value)
    if not re.fullmatch(r"[0-9]{20}", compact):
        raise ValueError(t("{value} is not an OIN (20 digits)", value=repr(value)))
    return compact


def _gln(value: str) -> str:
    compact = re.sub(r"[\s-]", "", value)
    try:
        number = str(stdnum_ean.validate(compact))
    except StdnumError as exc:
        raise ValueError(
            t("{value} is not a GLN ({reason})", value=repr(value), reason=str(exc))
        ) from exc
    if len(number) != 13:
        raise ValueError(t("{value} is not a GLN (13 digits)", value=repr(value)))
    return number


def _registry_number(module: Any, digits: int) -> Callable[[str], str]:
    """A check for a national company register number that python-stdnum validates and Peppol's
    PEPPOL-COMMON rules check (R041 Norway, R042 Denmark, R049 Sweden, R050 Australia). The
    scheme's name is added by `_peppol_id`."""

    def check(value: str) -> str:
        try:
            number = str(module.validate(value))
        except StdnumError as exc:
            raise ValueError(
                t("{value} is not a valid number ({reason})", value=repr(value), reason=str(exc))
            ) from exc
        if not re.fullmatch(f"[0-9]{{{digits}}}", number):
            raise ValueError(
                t("{value} does not have {digits} digits", value=repr(value), digits=digits)
            )
        return number

    return check


def _belgian_enterprise_number(value: str) -> str:
    # stdnum.be.vat is the enterprise number (ondernemingsnummer, 10 digits with a mod-97
    # check), which Belgium also uses as its VAT number; stdnum.be.bis is a person's number.
    try:
        return str(stdnum_be_enterprise_number.validate(value))
    except StdnumError as exc:
        raise ValueError(
            t("{value} is not a Belgian enterprise number (10 digits)", value=repr(value))
        ) from exc


def _eu_vat_of(prefix: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        number = _vat(value)
        if not number.startswith(prefix):
            raise ValueError(
                t(
                    "{value} is not a VAT number starting with {prefix}",
                    value=repr(value),
                    prefix=prefix,
                )
            )
        return number

    return check


# The schemes whose identifiers can be checked cheaply; any other scheme of PEPPOL_SCHEMES gets
# only the general rule (`_PEPPOL_VALUE`).
_PEPPOL_CHECKS: dict[str, tuple[Message, Callable[[str], str]]] = {
    "0088": ("GLN", _gln),
    "0106": (t("KvK number"), _kvk),
    "0190": (t("OIN of a Dutch government body"), _oin),
    "0208": (t("Belgian enterprise number"), _belgian_enterprise_number),
    "0192": (t("Norwegian organisation number"), _registry_number(stdnum_no_orgnr, 9)),
    "0184": (t("Danish CVR number"), _registry_number(stdnum_dk_cvr, 8)),
    "0007": (t("Swedish organisation number"), _registry_number(stdnum_se_orgnr, 10)),
    "0151": (t("Australian Business Number"), _registry_number(stdnum_au_abn, 11)),
    **{
        scheme: (t("{prefix} VAT number", prefix=prefix), _eu_vat_of(prefix))
        for scheme, prefix in PEPPOL_EU_VAT_SCHEMES.items()
    },
}
# Peppol limits an identifier to 50 characters; visible ASCII only, so that the value is the
# same for every access point and SMP lookup that handles it.
_PEPPOL_VALUE = re.compile(r"[!-~]{1,50}")
# How the Peppol Directory and SMP lookups print a participant: `iso6523-actorid-upis::0106:...`.
_PEPPOL_ID_PREFIX = "iso6523-actorid-upis::"


def _peppol_id(value: str) -> str:
    """A Peppol participant identifier `scheme:value`: the scheme one of the EAS codes that
    Peppol BIS 3 accepts for an EndpointID, the value checked where its scheme allows and
    normalised (compact, VAT numbers upper-case)."""
    if value.lower().startswith(_PEPPOL_ID_PREFIX):
        value = value[len(_PEPPOL_ID_PREFIX) :]
    scheme, colon, raw = (part.strip() for part in value.partition(":"))
    if not colon:
        raise ValueError(
            t(
                "{value} is not a Peppol participant identifier; write it as scheme:value, "
                "e.g. 0106:12345678 (KvK number) or 9944:NL004495445B01 (Dutch VAT number)",
                value=repr(value),
            )
        )
    if scheme not in PEPPOL_SCHEMES:
        raise ValueError(
            t(
                "{scheme} is not an electronic address scheme (EAS) of Peppol, such as 0106 (KvK "
                "number), 0190 (OIN), 9944 (Dutch VAT number) or 0208 (Belgian enterprise number)",
                scheme=repr(scheme),
            )
        )
    if scheme in _PEPPOL_CHECKS:
        label, check = _PEPPOL_CHECKS[scheme]
        try:
            raw = check(raw)
        except ValueError as exc:
            raise ValueError(
                t(
                    "Peppol scheme {scheme} ({label}): {reason}",
                    scheme=scheme,
                    label=label,
                    reason=message_of(exc),
                )
            ) from exc
    if not _PEPPOL_VALUE.fullmatch(raw):
        raise ValueError(
            t(
                "{value} is not a Peppol identifier: 1 to 50 printable ASCII characters without "
                "spaces",
                value=repr(raw),
            )
        )
    return f"{scheme}:{raw}"


def _iban(value: str) -> str:
    try:
        return str(stdnum_iban.validate(value))
    except StdnumError as exc:
        raise ValueError(
            t("{value} is not a valid IBAN ({reason})", value=repr(value), reason=str(exc))
        ) from exc


def _bic(value: str) -> str:
    try:
        return str(stdnum_bic.validate(value))
    except StdnumError as exc:
        raise ValueError(
            t("{value} is not a valid BIC ({reason})", value=repr(value), reason=str(exc))
        ) from exc


def _timezone(value: str) -> str:
    if value not in _TIMEZONES:
        raise ValueError(
            t("{value} is not an IANA time zone such as 'Europe/Amsterdam'", value=repr(value))
        )
    ZoneInfo(value)
    return value


_TIMEZONES = frozenset(available_timezones())


def _country(value: str) -> str:
    code = value.upper()
    if code not in COUNTRIES:
        raise ValueError(
            t(
                "{value} is not a country code that e-invoices accept: ISO 3166-1 alpha-2, "
                "or 1A (Kosovo) or XI (Northern Ireland)",
                value=repr(value),
            )
        )
    return code


def _text(value: str) -> str:
    if "\0" in value:
        raise ValueError(t("NUL characters are not allowed"))
    return value


def _line(value: str) -> str:
    if any(c in value for c in "\r\n\0"):
        raise ValueError(t("line breaks and NUL characters are not allowed here"))
    return value


def _visible(value: str) -> str:
    # A name made only of control characters would print as nothing, and e-invoice rules refuse
    # an empty name (BT-27, BT-44).
    if not has_text(value):
        raise ValueError(t("a name needs at least one printable character"))
    return value


def _payee(value: str) -> str:
    # The EPC QR code carries the beneficiary's name on one line of at most 70 characters
    # (EPC069-12), and banks compare it with the account holder's name: a control or format
    # character (line break, tab, zero-width or bidi mark) would split the QR payload or make
    # the name differ from what the bank has while looking the same.
    if any(unicodedata.category(c).startswith("C") for c in value):
        raise ValueError(
            t("control characters (line breaks, tabs, invisible marks) are not allowed here")
        )
    return value


_NUMBER_FIELDS = ("year", "month", "seq")


def _parse_number_format(value: str) -> list[tuple[str, str | None, str]]:
    """(literal, field, spec) parts of a number format, by `string.Formatter`: `{{` and `}}` are
    literal braces, so `{{year}}` prints the text `{year}` and is no field."""
    try:
        parsed = list(string.Formatter().parse(value))
    except ValueError as exc:
        raise ValueError(t("invalid number format: {reason}", reason=str(exc))) from exc
    parts = []
    for literal, field, spec, conversion in parsed:
        if any(c in literal for c in "\r\n\0"):
            raise ValueError(t("line breaks are not allowed in the number format"))
        if field is not None:
            if field not in _NUMBER_FIELDS or conversion:
                raise ValueError(
                    t(
                        "unknown field {{{field}}}; use {{year}}, {{month}} and {{seq}}",
                        field=field,
                    )
                )
            if spec and not re.fullmatch(r"0?[1-9]d?", spec):
                raise ValueError(
                    t("format spec {spec} not allowed; use e.g. {{seq:05}}", spec=repr(spec))
                )
        parts.append((literal, field, spec or ""))
    return parts


def validate_number_format(value: str) -> str:
    """Only `{year}`, `{month}` and `{seq}` (with an optional zero-padded width) are allowed.

    The format is user input; it is checked here and later rendered by `format_number`, never by
    `str.format` on arbitrary fields, so it cannot reach attributes of Python objects.
    """
    fields = number_fields(value)
    if "seq" not in fields:
        raise ValueError(t("the number format must contain {{seq}}"))
    # {month} without {year}: a series restarts only with the year (the month does not restart
    # it: `{year}{month:02}-{seq}` counts on through the year). A per-month restart without the
    # year would repeat numbers every year, and a never-restarting count under a month prefix
    # (`03-00017`) reads as a monthly count it is not, so such a format is refused. One stored
    # before this rule still numbers uniquely: its series never restarts (see `series_for`).
    if "month" in fields and "year" not in fields:
        raise ValueError(t("a number format with {{month}} needs {{year}} too"))
    return value


def number_fields(fmt: str) -> frozenset[str]:
    """The fields a number format uses (`{{year}}` is literal text, not the field)."""
    return frozenset(field for _, field, _ in _parse_number_format(fmt) if field is not None)


def format_number(fmt: str, *, year: int, month: int, seq: int) -> str:
    out = []
    for literal, field, spec in _parse_number_format(fmt):
        out.append(literal)
        if field is not None:
            value = {"year": year, "month": month, "seq": seq}[field]
            out.append(format(value, spec.rstrip("d") + "d"))
    return "".join(out)


_DIGITS = frozenset("0123456789")
# One position of a pattern: the characters it accepts, and whether it repeats (zero or more).
_Atom = tuple[frozenset[str], bool]


def _number_pattern(fmt: str) -> list[_Atom]:
    """What `format_number` can render, as a pattern: each literal character as itself; each
    field as the digits of any value (at least its zero-padded width; space-padded: spaces and
    then at least one digit). Values are not limited (a year of 4 digits, a month up to 12), so
    the pattern accepts at least every number the format can render."""
    atoms: list[_Atom] = []
    for literal, field, spec in _parse_number_format(fmt):
        atoms.extend((frozenset(c), False) for c in literal)
        if field is None:
            continue
        width = int(spec.rstrip("d") or "0")
        if spec.startswith("0"):
            atoms.extend([(_DIGITS, False)] * width)
            atoms.append((_DIGITS, True))
        else:
            if width:
                atoms.append((_DIGITS | {" "}, True))
            atoms.extend([(_DIGITS, False), (_DIGITS, True)])
    return atoms


def number_formats_can_collide(first: str, second: str) -> bool:
    """Whether some text matches the patterns of both formats (`_number_pattern`): then numbers
    of the two series can come out the same. Sound, not exact: a pair refused here may in
    practice never meet (`{month:02}-{seq}` vs `13-{seq}`), a pair allowed can never meet.
    `C{year}-{seq:05}` vs `{year}-{seq:05}`: no (a number starting with C is never a digit);
    `{year}-{seq}` vs `{year}-{seq:05}`: yes (`2026-12345`); identical formats: yes."""
    a, b = _number_pattern(first), _number_pattern(second)
    # Walk both patterns over one common text: a state is a position in each pattern.
    seen: set[tuple[int, int]] = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        # A repeating atom may also match nothing.
        if i < len(a) and a[i][1]:
            todo.append((i + 1, j))
        if j < len(b) and b[j][1]:
            todo.append((i, j + 1))
        # One character that both accept; a repeating atom stays to match more.
        if i < len(a) and j < len(b) and a[i][0] & b[j][0]:
            todo.append((i if a[i][1] else i + 1, j if b[j][1] else j + 1))
    return False


Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254),
    AfterValidator(normalize_email),
    Field(examples=["factuur@example.nl"]),
]
VatNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=20),
    AfterValidator(_vat),
    Field(examples=["NL004495445B01"]),
]
KvkNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=12),
    AfterValidator(_kvk),
    Field(examples=["12345678"]),
]
# Stored as at most 4 + 1 + 50 characters; given with room for spaces and the Directory prefix.
PeppolId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_peppol_id),
    Field(examples=["0106:12345678", "0190:00000001003214345000", "9944:NL004495445B01"]),
]
Iban = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=42),
    AfterValidator(_iban),
    Field(examples=["NL91ABNA0417164300"]),
]
Bic = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=11),
    AfterValidator(_bic),
    Field(examples=["ABNANL2A"]),
]
TimeZone = Annotated[
    str,
    StringConstraints(max_length=64),
    AfterValidator(_timezone),
    Field(examples=["Europe/Amsterdam"]),
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_line),
    AfterValidator(_visible),
]
PAYEE_NAME_MAX = 70  # the beneficiary name of an EPC QR code (EPC069-12)
PayeeName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=PAYEE_NAME_MAX),
    AfterValidator(_payee),
    AfterValidator(_visible),
    Field(examples=["Testbedrijf B.V."]),
]
ShortLine = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_line)
]
Text = Annotated[str, AfterValidator(_text)]
Country = Annotated[str, StringConstraints(min_length=2, max_length=2), AfterValidator(_country)]
NumberFormat = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    AfterValidator(validate_number_format),
    Field(examples=["{year}-{seq:05}"]),
]


class Address(BaseModel):
    """Postal address; every part optional. Dutch postal codes are normalised (`1234 AB`)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # `country` comes first so the postal code validator can see it.
    country: Country = "NL"
    street: ShortLine | None = None
    postal_code: Annotated[str, StringConstraints(max_length=20), AfterValidator(_line)] | None = (
        None
    )
    city: ShortLine | None = None

    @field_validator("postal_code")
    @classmethod
    def _dutch_postal_code(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value and info.data.get("country") == "NL":
            try:
                return str(stdnum_postcode.validate(value))
            except StdnumError as exc:
                raise ValueError(
                    t("{value} is not a Dutch postal code (1234 AB)", value=repr(value))
                ) from exc
        return value

    @property
    def is_complete(self) -> bool:
        return bool(self.street and self.postal_code and self.city)
