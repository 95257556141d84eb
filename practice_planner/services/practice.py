"""The practice profile: the letterhead every document prints (one per vault)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from practice_planner.services.validation import Problems
from practice_planner.storage import audit
from practice_planner.storage.models import PracticeProfile
from practice_planner.storage.vault import Vault

NPI = re.compile(r"^\d{10}$")


@dataclass(frozen=True)
class ProfileInput:
    practice_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    clinician_name: str = ""
    credentials: str = ""
    license_number: str = ""
    npi: str = ""


def npi_check_digit_ok(npi: str) -> bool:
    """The NPI's Luhn check digit, computed with the 80840 prefix as CMS specifies."""
    digits = [int(c) for c in "80840" + npi]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return total % 10 == 0


def get_profile(vault: Vault) -> PracticeProfile:
    with vault.reading() as session:
        return session.get(PracticeProfile, 1) or PracticeProfile(id=1, **_blank())


def _blank() -> dict[str, str]:
    return {f.name: "" for f in fields(ProfileInput)}


def update_profile(vault: Vault, data: ProfileInput) -> PracticeProfile:
    problems = Problems()
    problems.text("practice_name", data.practice_name, "Practice name", required=True)
    problems.text("address", data.address, "Address", limit=500)
    problems.text("phone", data.phone, "Phone", limit=50)
    problems.text("email", data.email, "Email")
    problems.text("clinician_name", data.clinician_name, "Clinician name", required=True)
    problems.text("credentials", data.credentials, "Credentials")
    problems.text("license_number", data.license_number, "License number", limit=100)
    npi = data.npi.strip()
    if npi and not (NPI.match(npi) and npi_check_digit_ok(npi)):
        problems.add("npi", "An NPI is 10 digits with a valid check digit; check for a typo.")
    problems.raise_if_any()
    with vault.unit_of_work() as session:
        profile = session.get(PracticeProfile, 1)
        if profile is None:
            profile = PracticeProfile(id=1)
            session.add(profile)
        changed = []
        for f in fields(ProfileInput):
            value = getattr(data, f.name).strip()
            if getattr(profile, f.name) != value:
                setattr(profile, f.name, value)
                changed.append(f.name)
        audit.append(session, "practice.updated", entity="practice", detail={"fields": changed})
    return profile
