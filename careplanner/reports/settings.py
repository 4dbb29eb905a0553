"""The clinic's details printed on every handout (kept in the shared settings, so every workstation prints the
same), and the paper size."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER

PAPER_SIZES = {"A4": A4, "letter": LETTER}
SETTING_KEY = "clinic"


@dataclass(frozen=True)
class ClinicDetails:
    name: str = ""
    address: str = ""
    phone: str = ""
    paper: str = "A4"

    @classmethod
    def from_setting(cls, value: object) -> ClinicDetails:
        if not isinstance(value, dict):
            return cls()
        fields = {key: str(value[key]) for key in ("name", "address", "phone", "paper") if key in value}
        details = cls(**fields)
        return details if details.paper in PAPER_SIZES else cls(details.name, details.address, details.phone)

    def to_setting(self) -> dict[str, str]:
        return {"name": self.name, "address": self.address, "phone": self.phone, "paper": self.paper}

    @property
    def page_size(self) -> tuple[float, float]:
        width, height = PAPER_SIZES[self.paper]
        return float(width), float(height)
