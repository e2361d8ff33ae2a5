"""What an export needs beyond the model and its result: dates, links, certification, identifiers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The URN namespace under which the platform builds identifiers the model does not carry itself
# (urn:pact:<issuer>:<id-type>:<id>, the form the PACT specification recommends for product ids).
DEFAULT_ISSUER = "pcf-platform.org"


@dataclass(frozen=True)
class Certification:
    """The certification status of a footprint: certificate number, body, date, verification link."""

    certificate: str = ""
    body: str = ""
    date: dt.date | None = None
    verify_url: str = ""

    @property
    def certified(self) -> bool:
        return bool(self.certificate)


@dataclass(frozen=True)
class ExportOptions:
    """Inputs of the exporters that are not in the model.

    `created` defaults to now (UTC); `study_url` is the public study link of the EU battery declaration;
    `passport` adds the Battery Passport carbon-footprint fields; `issuer` is the URN namespace of
    identifiers the platform derives; `pf_id` overrides the derived PACT footprint id.
    """

    created: dt.datetime | None = None
    study_url: str = ""
    passport: bool = False
    certification: Certification = Certification()
    conformity_declaration_id: str = ""
    issuer: str = DEFAULT_ISSUER
    pf_id: str = ""
    pf_version: int = 1
    preceding_pf_ids: tuple[str, ...] = ()
    # Lifetime parameters (cycles_per_year, service_years, lifetime_cycles) that a product category rule
    # supplies where the model is silent; filled by the layers above the core, which read the rules.
    battery_defaults: Mapping[str, float] = field(default_factory=dict)
    # The end-of-life method a product category rule prescribes ({method: cut_off | cff, A, B}); empty:
    # the model's own method. Filled by the layers above the core, like `battery_defaults`.
    end_of_life: Mapping[str, Any] = field(default_factory=dict)

    def created_at(self) -> dt.datetime:
        """The creation time, timezone-aware UTC."""
        moment = self.created or dt.datetime.now(dt.UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC).replace(microsecond=0)
