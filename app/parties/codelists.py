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

# The electronic address schemes (EAS) a Peppol EndpointID may use: the variable `eaid` that
# rule PEPPOL-EN16931-CL008 checks @schemeID against, in Peppol BIS Billing 3.0.19
# (`rules/sch/PEPPOL-EN16931-UBL.sch`), i.e. the EAS code list of that release. EM (an e-mail
# address) is in EN 16931's list but not in this one, and must never be: an e-mail address is no
# Peppol participant.
PEPPOL_SCHEMES = frozenset(
    """
    0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0177 0183 0184 0188 0190 0191
    0192 0193 0195 0196 0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 0213 0215 0216 0218
    0221 0230 0235 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930
    9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949
    9950 9951 9952 9953 9957 9959 0147 0154 0158 0170 0194 0203 0205 0217 0225 0240
    """.split()
)

# Those of the schemes above whose identifier is the VAT number of an EU member state, by the
# prefix that VAT number starts with (the EAS code list names them "<country> VAT number";
# 9914 is Austria's, 9920 Spain's, 9957 France's). The VAT schemes of countries outside the EU
# (9922 Andorra ... 9953 Vatican, 9932 United Kingdom) are left out: their numbers are not EU VAT
# numbers, so only the general rule for an identifier applies to them.
PEPPOL_EU_VAT_SCHEMES: dict[str, str] = {
    "9910": "HU",
    "9914": "AT",
    "9920": "ES",
    "9925": "BE",
    "9926": "BG",
    "9928": "CY",
    "9929": "CZ",
    "9930": "DE",
    "9931": "EE",
    "9933": "EL",  # "Greece VAT number": written with EL, as every Greek VAT number (BR-CO-09)
    "9934": "HR",
    "9935": "IE",
    "9937": "LT",
    "9938": "LU",
    "9939": "LV",
    "9943": "MT",
    "9944": "NL",
    "9945": "PL",
    "9946": "PT",
    "9947": "RO",
    "9949": "SI",
    "9950": "SK",
    "9957": "FR",
}
