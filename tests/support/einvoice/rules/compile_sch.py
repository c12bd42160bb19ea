"""Compile an ISO Schematron file (.sch) to XSLT 2.0 with the ISO skeleton in iso-schematron/
(iso_dsdl_include -> iso_abstract_expand -> iso_svrl_for_xslt2), using Saxon-HE (saxonche).

Usage: python compile_sch.py IN.sch OUT.xslt

A Saxon error (an unreadable .sch, an XPath syntax error) raises PySaxonApiError and leaves no
OUT file behind.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from saxonche import PySaxonProcessor

SKELETON = Path(__file__).resolve().parent / "iso-schematron"
STEPS = ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt2.xsl")


def compile_sch(source: Path, target: Path) -> None:
    with PySaxonProcessor(license=False) as proc, tempfile.TemporaryDirectory() as tmp:
        xslt = proc.new_xslt30_processor()
        current = source.resolve()
        for number, step in enumerate(STEPS, start=1):
            executable = xslt.compile_stylesheet(stylesheet_file=str(SKELETON / step))
            output = Path(tmp) / f"step{number}.xsl"
            executable.transform_to_file(source_file=str(current), output_file=str(output))
            current = output
        target.write_bytes(current.read_bytes())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    compile_sch(source, target)
    print("wrote", target, target.stat().st_size, "bytes")
