"""PDF rendering throughput: our ReportLab renderer, and WeasyPrint on the same invoice as HTML.

    .venv/bin/python bench/pdf_render.py [--seconds 3]

Single process, one thread. The ReportLab invoices embed DejaVu Sans (regular and bold) and the
EPC "scan to pay" QR code, exactly as the service renders them. The WeasyPrint document carries
the same text, table, fonts, page numbers and QR code (as SVG), so the ratio compares the two
ways of producing the same PDF. WeasyPrint is optional (the `bench` extra); without it that part
is skipped. Rates are wall clock; the CPU time per invoice is printed next to it because a busy
machine slows the wall clock but not the CPU time.
"""

from __future__ import annotations

import argparse
import io
import platform
import re
import resource
import tracemalloc
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from importlib.metadata import version
from importlib.util import find_spec

import pypdf
from harness.report import median_seconds, per_second, verdict

from app.documents.layouts import FONTS_DIR
from app.documents.pdf import epc_qr_payload, render
from app.documents.pdf.qr import qr_modules
from app.documents.snapshot import Line, Vat
from app.documents.viewmodel import InvoiceDocument, PartyView, TemplateOptions

GOAL_RATE = 100.0  # one-page invoices per second, one core
GOAL_RATIO = 8.0  # times WeasyPrint's rate
GOAL_LONG_SECONDS = 0.3  # 400-line invoice
GOAL_LONG_MB = 100.0

DESCRIPTIONS = (
    "Consultancy november 2026",
    "Hosting pakket Business (november 2026)",
    "Ontwikkeling koppeling boekhouding",
    "Licentie Invoicer Pro, 5 gebruikers",
    "Support en onderhoud",
    "Reiskosten klantbezoek Utrecht",
    "Workshop e-facturatie voor het financiële team, inclusief voorbereiding en verslag",
    "Domeinregistratie jansen.nl",
)
CENT = Decimal("0.01")


def invoice(count: int) -> InvoiceDocument:
    """A realistic invoice: mixed units and VAT rates, now and then a description that wraps."""
    lines = []
    for n in range(count):
        quantity = Decimal(n % 7 + 1) / (2 if n % 3 == 0 else 1)
        price = Decimal("85.00") + n % 4
        lines.append(
            Line(
                description=DESCRIPTIONS[n % len(DESCRIPTIONS)],
                quantity=quantity,
                unit="uur" if n % 2 == 0 else None,
                unit_price=price,
                vat_rate="9" if n % 5 == 4 else "21",
                amount=(quantity * price).quantize(CENT, ROUND_HALF_UP),
            )
        )
    bases: dict[str, Decimal] = {}
    for line in lines:
        bases[line.vat_rate] = bases.get(line.vat_rate, Decimal(0)) + line.amount
    vat = tuple(
        Vat(rate, base, (base * Decimal(rate) / 100).quantize(CENT, ROUND_HALF_UP))
        for rate, base in sorted(bases.items(), key=lambda item: -int(item[0]))
    )
    subtotal = sum(bases.values(), Decimal(0))
    return InvoiceDocument(
        locale="nl",
        kind="invoice",
        number="2026-00042",
        invoice_date=date(2026, 11, 23),
        due_date=date(2026, 12, 7),
        seller=PartyView(
            "Jansen Installatietechniek B.V.",
            ("Keizersgracht 1", "1015 CJ  Amsterdam"),
            vat_number="NL123456789B01",
            kvk_number="12345678",
            email="factuur@jansen.example",
        ),
        buyer=PartyView(
            "De Vries Bouw B.V.", ("Marktplein 12", "3011 AB  Rotterdam"), "NL987654321B01"
        ),
        iban="NL91ABNA0417164300",
        bic="ABNANL2A",
        lines=tuple(lines),
        subtotal=subtotal,
        vat=vat,
        total=subtotal + sum((v.amount for v in vat), Decimal(0)),
        notes="Bedankt voor uw opdracht.\nOnze leveringsvoorwaarden zijn van toepassing.",
        payment_reference="2026-00042",
        watermark=None,
    )


# --- the same invoice as HTML for WeasyPrint ---------------------------------------------------


def html(doc: InvoiceDocument) -> str:
    from babel.dates import format_date
    from babel.numbers import format_currency, format_decimal

    def money(value: Decimal) -> str:
        return format_currency(value, "EUR", locale="nl_NL", decimal_quantization=False)

    def day(value: date) -> str:
        return format_date(value, format="long", locale="nl_NL")

    payload = epc_qr_payload(doc)
    assert payload is not None
    modules = qr_modules(payload)  # the renderer's own encoder, so both pay the same for it
    size = len(modules) + 8
    path = "".join(  # one path, a run of dark modules per step, as a careful author would write
        f"M{run.start() + 4} {y + 4}h{run.end() - run.start()}v1h-{run.end() - run.start()}z"
        for y, row in enumerate(modules)
        for run in re.finditer(b"\x01+", bytes(row))
    )
    rows = "".join(
        f"<tr><td>{escape(line.description)}</td><td class=n>"
        f"{format_decimal(line.quantity, locale='nl_NL')} {escape(line.unit or '')}</td>"
        f"<td class=n>{money(line.unit_price)}</td><td class=n>{line.vat_rate}%</td>"
        f"<td class=n>{money(line.amount)}</td></tr>"
        for line in doc.lines
    )
    vat_rows = "".join(
        f"<tr><td>BTW {v.rate}% over {money(v.base)}</td><td class=n>{money(v.amount)}</td></tr>"
        for v in doc.vat
    )
    seller, buyer = doc.seller, doc.buyer
    notes = escape(doc.notes or "").replace("\n", "<br>")
    return f"""<!doctype html><html lang=nl><head><meta charset=utf-8><style>
@font-face {{ font-family: Dejavu; src: url("{(FONTS_DIR / "DejaVuSans.ttf").as_uri()}"); }}
@font-face {{ font-family: Dejavu; font-weight: bold;
  src: url("{(FONTS_DIR / "DejaVuSans-Bold.ttf").as_uri()}"); }}
@page {{ size: A4; margin: 18mm 20mm 24mm 20mm;
  @bottom-left {{ font: 7pt Dejavu; color: #5f6368;
    content: "{escape(seller.name)} · KvK {seller.kvk_number} · BTW {seller.vat_number}"; }}
  @bottom-right {{ content: "Pagina " counter(page) " van " counter(pages); font: 7pt Dejavu; }} }}
body {{ font: 9pt Dejavu; color: #1a1a1a; }}
.top {{ display: flex; justify-content: space-between; }} .seller {{ text-align: right; }}
h1 {{ color: #1f3a5f; font-size: 18pt; }} table {{ width: 100%; border-collapse: collapse; }}
th {{ text-align: left; color: #1f3a5f; border-bottom: 1.2pt solid #1f3a5f; }}
td {{ border-bottom: 0.4pt solid #b8bec6; padding: 3pt 4pt; vertical-align: top; }}
.n {{ text-align: right; white-space: nowrap; }} .totals {{ width: 60%; margin-left: 40%; }}
thead {{ display: table-header-group; }} .pay {{ display: flex; justify-content: space-between; }}
</style></head><body>
<div class=top><div><h2>{escape(seller.name)}</h2></div><div class=seller>
{"<br>".join(escape(x) for x in seller.address_lines)}<br>{seller.email}<br>
KvK-nummer {seller.kvk_number}<br>BTW-nummer {seller.vat_number}</div></div>
<div class=top><div><b>{escape(buyer.name)}</b><br>
{"<br>".join(escape(x) for x in buyer.address_lines)}<br>BTW-nummer: {buyer.vat_number}</div>
<div>Factuurnummer <b>{doc.number}</b><br>
Factuurdatum <b>{day(doc.invoice_date)}</b><br>Vervaldatum <b>{day(doc.due_date)}</b><br>
Betalingskenmerk <b>{doc.payment_reference}</b></div></div>
<h1>Factuur</h1>
<table><thead><tr><th>Omschrijving</th><th class=n>Aantal</th><th class=n>Prijs</th>
<th class=n>BTW</th><th class=n>Bedrag</th></tr></thead><tbody>{rows}</tbody></table>
<table class=totals><tr><td>Subtotaal</td><td class=n>{money(doc.subtotal)}</td></tr>{vat_rows}
<tr><td><b>Totaal</b></td><td class=n><b>{money(doc.total)}</b></td></tr></table>
<p><b>Toelichting</b><br>{notes}</p>
<div class=pay><p>Gelieve <b>{money(doc.total)}</b> vóór <b>{day(doc.due_date)}</b> over te maken
op <b>{doc.iban}</b> ten name van <b>{escape(seller.name)}</b><br>BIC <b>{doc.bic}</b><br>
Vermeld bij uw betaling: <b>{doc.payment_reference}</b>.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="32mm" height="32mm" viewBox="0 0 {size} {size}"
 shape-rendering="crispEdges"><path d="{path}"/></svg></div>
</body></html>"""


# --- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    seconds = parser.parse_args().seconds

    short, long = invoice(10), invoice(400)
    options = TemplateOptions()
    render(short, options)  # registers the fonts and fills the per-process caches
    accelerated = find_spec("_rl_accel") is not None
    print("PDF rendering (single process, DejaVu Sans embedded, EPC QR code included)")
    print(
        f"python {platform.python_version()}, reportlab {version('reportlab')} "
        f"(C accelerator rl_accel: {'yes' if accelerated else 'NO, pip install reportlab[accel]'})"
    )

    short_rate, short_cpu = per_second(lambda: render(short, options), seconds)
    short_pages = len(pypdf.PdfReader(io.BytesIO(render(short, options))).pages)
    print(
        f"10-line invoice, ReportLab:  {short_rate:7.1f} invoices/s "
        f"({1000 / short_rate:.2f} ms each, CPU {short_cpu:.2f} ms, {short_pages} page)"
        f"   goal >= {GOAL_RATE:.0f}/s: {verdict(short_rate >= GOAL_RATE, 'MISSED')}"
    )

    long_seconds = median_seconds(lambda: render(long, options), runs=5)
    pdf = render(long, options)
    tracemalloc.start()
    render(long, options)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mb = peak / 1024 / 1024
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"400-line invoice, ReportLab: {long_seconds:.3f} s "
        f"({pages} pages, {len(pdf) // 1024} KB), "
        f"peak memory {peak_mb:.1f} MB traced, process max RSS {max_rss_mb:.0f} MB"
        f"   goal < {GOAL_LONG_SECONDS} s and < {GOAL_LONG_MB:.0f} MB: "
        f"{verdict(long_seconds < GOAL_LONG_SECONDS and max_rss_mb < GOAL_LONG_MB, 'MISSED')}"
    )

    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango missing
        print(f"WeasyPrint comparison skipped: weasyprint cannot be imported ({exc}).")
        print("Install it with `.venv/bin/pip install weasyprint` (Debian: libpango-1.0-0")
        print("libpangoft2-1.0-0 libharfbuzz-subset0) to compare.")
        return

    def weasy() -> bytes:
        result: bytes = weasyprint.HTML(string=html(short)).write_pdf()
        return result

    weasy()  # font configuration is loaded on first use
    weasy_rate, weasy_cpu = per_second(weasy, seconds)
    ratio = short_rate / weasy_rate
    print(
        f"10-line invoice, WeasyPrint {version('weasyprint')}: {weasy_rate:5.1f} invoices/s "
        f"({1000 / weasy_rate:.1f} ms each, CPU {weasy_cpu:.1f} ms)"
    )
    goal = f"goal >= {GOAL_RATIO:.0f}x: {verdict(ratio >= GOAL_RATIO, 'MISSED')}"
    print(f"ReportLab / WeasyPrint: {ratio:.1f}x   {goal}")


if __name__ == "__main__":
    main()
