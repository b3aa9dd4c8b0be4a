"""ILO regions and the countries in each, as the ILO groups its member States.

The region of a case study is derived from its countries, never typed by an editor.
Territories that are not ILO member States follow the nearest member State's region.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ARAB_STATES = "arab-states", _("Arab States")
    ASIA_PACIFIC = "asia-pacific", _("Asia and the Pacific")
    EUROPE_CENTRAL_ASIA = "europe-central-asia", _("Europe and Central Asia")


_AFRICA = (
    "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA MG "
    "ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW"
)
_AMERICAS = (
    "AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GT GY HN HT JM "
    "KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT UM US UY VC VE VG VI GS"
)
_ARAB_STATES = "AE BH IQ JO KW LB OM PS QA SA SY YE"
_ASIA_PACIFIC = (
    "AF AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN IR JP KH KI KP KR LA LK MH MM MN MO MP MV "
    "MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TK TL TO TV TW VN VU WF WS"
)
_EUROPE_CENTRAL_ASIA = (
    "AD AL AM AT AX AZ BA BE BG BV BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE IL IM "
    "IS IT JE KG KZ LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TF TJ TM TR UA "
    "UZ VA XK"
)

COUNTRY_REGION: dict[str, str] = {
    code: region
    for region, codes in (
        (Region.AFRICA, _AFRICA),
        (Region.AMERICAS, _AMERICAS),
        (Region.ARAB_STATES, _ARAB_STATES),
        (Region.ASIA_PACIFIC, _ASIA_PACIFIC),
        (Region.EUROPE_CENTRAL_ASIA, _EUROPE_CENTRAL_ASIA),
    )
    for code in codes.split()
}


def region_for(country_code: str) -> str:
    """The ILO region of an ISO 3166-1 alpha-2 code ("" when the code is unknown)."""
    return COUNTRY_REGION.get((country_code or "").upper(), "")
