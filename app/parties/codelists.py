"""Code lists of the e-invoice rules, copied from the official validation artefacts, so that what
a user can store is what an EN 16931 / Peppol receiver accepts later (a code refused only at
finalisation, by the receiver's validator, would be too late to fix without a credit note).

Each list is written as in its source, so a reader can compare them by eye; the tests in
tests/parties/test_codelists.py compare them with the rules themselves.
"""

from __future__ import annotations

# The country codes that EN 16931 accepts (rule BR-CL-14 on every cac:Country/
# cbc:IdentificationCode), from CEN's validation artefacts release 1.3.16,
# `ubl/xslt/EN16931-UBL-validation.xslt`: ISO 3166-1 alpha-2 plus 1A (Kosovo) and XI (Northern
# Ireland). Not Babel's territories: those include codes such as XK (Kosovo), IC (Canary
# Islands) and EA (Ceuta and Melilla) that the rule refuses.
COUNTRIES = frozenset(
    """
    1A AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC
    EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK
    HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB
    LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
    NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU
    RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN
    TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW
    """.split()
)

# The prefixes a VAT identifier may start with (rule BR-CO-09 on the seller's, the seller's tax
# representative's and the buyer's VAT identifier, same file): the country codes above, and EL,
# which Greece uses in VAT numbers (its country code stays GR).
VAT_PREFIXES = COUNTRIES | {"EL"}
