"""The EPC "scan to pay" QR code: its payload (EPC069-12), its modules, and the flowable that
draws them with a caption."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from functools import cache
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.platypus import Flowable
from stdnum import iso11649

from app.documents.pdf.text import one_line
from app.documents.pdf.theme import Theme
from app.documents.viewmodel import InvoiceDocument

_EPC_MAX = Decimal("999999999.99")


def epc_qr_payload(doc: InvoiceDocument) -> str | None:
    """The EPC069-12 (version 002) SEPA credit transfer text for the "scan to pay" code.

    None when there is nothing to pay by SEPA transfer: a draft preview (nothing is payable yet,
    and it has no reference), no IBAN, not EUR, or a total that is not positive (credit notes).
    A valid ISO 11649 creditor reference (RF...) goes in the structured
    remittance field, anything else in the unstructured one; the two are exclusive.
    """
    if (
        doc.draft
        or not doc.iban
        or doc.currency != "EUR"
        or not Decimal("0.01") <= doc.total <= _EPC_MAX
    ):
        return None
    reference = one_line(payment_reference(doc) or "")
    structured = iso11649.is_valid(reference)
    fields = [
        "BCD",  # service tag
        "002",  # version: BIC optional within the EEA
        "1",  # character set: UTF-8
        "SCT",  # SEPA credit transfer
        (doc.bic or "").replace(" ", "").upper(),
        one_line(doc.payee)[:70],
        doc.iban.replace(" ", "").upper(),
        f"EUR{doc.total:.2f}",
        "",  # purpose code
        iso11649.compact(reference) if structured else "",
        "" if structured else reference[:140],
    ]
    return "\n".join(fields).rstrip("\n")


def payment_reference(doc: InvoiceDocument) -> str | None:
    """What the payer is asked to quote: the payment reference, else the invoice number."""
    return doc.payment_reference or doc.number


def qr_modules(payload: str) -> list[list[bool]]:
    """The modules of `payload` at level M, as EPC069-12 requires (True is dark)."""
    encoder = _Encoder(None, qrencoder.QRErrorCorrectLevel.M)
    encoder.addData(payload)
    encoder.make()
    modules: list[list[bool]] = encoder.modules
    return modules


class _Encoder(qrencoder.QRCode):  # type: ignore[misc]
    """ReportLab's encoder with two shortcuts, in our subclass so that ReportLab stays as it is.

    Its `make()` scores all eight masks in pure Python (~9 ms, as long as the rest of a one-page
    invoice); any mask scans, so a fixed one is used. The tests decode every code with zxing.
    The codewords come from `_codewords`, which memoises the Reed-Solomon generators.
    """

    def make(self) -> None:
        self.version = self.calculate_version()
        self.dataCache = _codewords(self.version, self.errorCorrectLevel, self.dataList)
        self.makeImpl(False, _QR_MASK)


_QR_MASK = 2

# ReportLab rebuilds the Reed-Solomon generator polynomial for every block of every code, a third
# of the encoding time. It depends only on the number of error correction codewords, and the
# polynomial objects are never mutated, so it is memoised for the process. ReportLab calls it by
# its class name from inside `QRCode.createData`, so the memo can only be used by building the
# codewords here: `_codewords` is `createData` and `createBytes` of reportlab 5.1 with
# `_generator` in place of `QRUtil.getErrorCorrectPolynomial`.
_generator = cache(qrencoder.QRUtil.getErrorCorrectPolynomial)


def _codewords(version: int, level: int, data_list: list[Any]) -> list[int]:
    """The data codewords, padded to the capacity of `version`, and each block's error
    correction codewords, interleaved as the code carries them."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    buffer = qrencoder.QRBitBuffer()
    for data in data_list:
        data.write(buffer, version)
    capacity = 8 * sum(block.dataCount for block in blocks)
    if buffer.getLengthInBits() > capacity:
        raise ValueError(f"QR code length overflow ({buffer.getLengthInBits()} > {capacity})")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)  # terminator
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pads = itertools.cycle((qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1))
    while buffer.getLengthInBits() < capacity:
        buffer.put(next(pads), 8)
    data_blocks: list[list[int]] = []
    correction_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        data = buffer.buffer[offset : offset + block.dataCount]
        offset += block.dataCount
        generator = _generator(block.totalCount - block.dataCount)
        count = generator.getLength() - 1
        remainder = qrencoder.QRPolynomial(data, count).mod(generator)
        length = remainder.getLength()
        correction_blocks.append(
            [remainder.get(i) if i >= 0 else 0 for i in range(length - count, length)]
        )
        data_blocks.append(data)
    return [
        codeword
        for group in itertools.chain(
            itertools.zip_longest(*data_blocks), itertools.zip_longest(*correction_blocks)
        )
        for codeword in group
        if codeword is not None
    ]


class QrCode(Flowable):  # type: ignore[misc]
    """The modules as one filled path, with a quiet zone and a caption underneath."""

    def __init__(self, modules: list[list[bool]], size: float, caption: str, theme: Theme):
        super().__init__()
        self.modules, self.size, self.caption, self.theme = modules, size, caption, theme
        self.font_size = theme.layout.font_size - 1.5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size + self.font_size * 1.6

    def draw(self) -> None:
        count = len(self.modules)
        box = self.size / (count + 8)  # four modules of quiet zone on each side
        top = self.font_size * 1.6 + self.size - 4 * box
        # Raw path operators in module units (a matrix with y pointing down maps them onto the
        # page), one rectangle per run of dark modules: ReportLab's path object made this cost
        # as much as the rest of the page content.
        rects = [
            f"{run.start()} {row_index} {run.end() - run.start()} 1 re"
            for row_index, row in enumerate(self.modules)
            for run in _DARK_RUN.finditer(bytes(row))
        ]
        origin = f"{box:.4f} 0 0 {-box:.4f} {4 * box:.4f} {top:.4f} cm"
        self.canv.addLiteral(f"q 0 g {origin}\n" + "\n".join(rects) + "\nf Q")
        self.canv.setFillColor(self.theme.muted)
        self.canv.setFont(self.theme.layout.font_regular, self.font_size)
        self.canv.drawCentredString(self.size / 2, 0, self.caption)


_DARK_RUN = re.compile(b"\x01+")
