"""Stakeholder kinds from what IATI says about an organisation, never from its role.

Three sources, most specific first: the IATI OrganisationType code a publisher gives
(`@type`, or the type in an organisation registry), then the registration agency of
its identifier (org-id.guide prefixes). What none of them settles stays `unknown`:
funding something does not make an organisation a donor.
"""

from __future__ import annotations

import re

from hub.domain.records import StakeholderKind

__all__ = ["kind_of_identifier", "kind_of_type", "normalise_identifier"]

# IATI OrganisationType codelist (https://iatistandard.org/en/iati-standard/203/codelists/organisationtype/).
_TYPES = {
    "10": StakeholderKind.GOVERNMENT,
    "11": StakeholderKind.LOCAL_AUTHORITY,
    "15": StakeholderKind.GOVERNMENT,  # other public sector: agencies such as GIZ
    "21": StakeholderKind.NGO,
    "22": StakeholderKind.NGO,
    "23": StakeholderKind.NGO,
    "24": StakeholderKind.NGO,
    "30": StakeholderKind.OTHER,  # public-private partnership
    "40": StakeholderKind.MULTILATERAL,
    "60": StakeholderKind.DONOR,  # foundation
    "70": StakeholderKind.PRIVATE_SECTOR,
    "71": StakeholderKind.PRIVATE_SECTOR,
    "72": StakeholderKind.PRIVATE_SECTOR,
    "73": StakeholderKind.PRIVATE_SECTOR,
    "80": StakeholderKind.ACADEMIA,
    "90": StakeholderKind.OTHER,
}

# Registration agencies whose every entry is one kind (org-id.guide). Companies
# registers are not here: charities and firms share them.
_AGENCIES = {
    "GB-CHC": StakeholderKind.NGO,  # Charity Commission for England and Wales
    "GB-SC": StakeholderKind.NGO,  # Scottish Charity Register
    "GB-NIC": StakeholderKind.NGO,  # Charity Commission for Northern Ireland
    "IE-CHY": StakeholderKind.NGO,  # Irish Revenue charity numbers
    "CA-CRA_ACR": StakeholderKind.NGO,  # Canada Revenue Agency charities
    "FR-RNA": StakeholderKind.NGO,  # French register of associations
    "GB-GOV": StakeholderKind.GOVERNMENT,  # UK government departments
}

# OECD DAC CRS channel codes behind XM-DAC-: 41xxx United Nations agencies, funds and
# commissions; 42 EU institutions, 43 IMF, 44 World Bank group, 46 regional
# development banks, 47 other multilateral institutions; small numbers are the DAC
# members' official agencies (XM-DAC-3-1 Denmark's MFA), 9xx multilateral channels.
_DAC_UN = re.compile(r"41\d{3}|41[A-Z0-9]{3}")
_DAC_MULTILATERAL = re.compile(r"4[2-7]\d{3}|9\d{2}(-\d+)?")
_DAC_DONOR_AGENCY = re.compile(r"[1-8]?\d{1,2}(-\d+)?")


def normalise_identifier(identifier: str) -> str:
    """One spelling per IATI organisation identifier: a bare CRS channel code gets XM-DAC-."""
    value = "".join(identifier.split()).upper()
    return f"XM-DAC-{value}" if re.fullmatch(r"4\d{4}|41[A-Z]{3}", value) else value


def kind_of_type(code: str | None) -> StakeholderKind | None:
    """The kind an IATI OrganisationType code says, if it says one."""
    return _TYPES.get((code or "").strip())


def kind_of_identifier(identifier: str | None) -> StakeholderKind | None:
    """The kind an identifier's registration agency implies, if it implies one."""
    if not identifier:
        return None
    value = normalise_identifier(identifier)
    if value.startswith("XM-DAC-"):
        channel = value.removeprefix("XM-DAC-")
        if _DAC_UN.fullmatch(channel):
            return StakeholderKind.UN_ENTITY
        if _DAC_MULTILATERAL.fullmatch(channel):
            return StakeholderKind.MULTILATERAL
        if _DAC_DONOR_AGENCY.fullmatch(channel):
            return StakeholderKind.DONOR
        return None
    prefix = value.split("-", 2)
    agency = "-".join(prefix[:2])
    return _AGENCIES.get(agency)
