"""Pulling a footprint into a model: what may be used (valid, Active, in its validity period), the factor with
its provenance, adding and replacing in the model text with the change listed."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import yaml

from footprint.exchange.errors import PactImportError
from footprint.exchange.pact_pull import factor_of, put_factor, usable, validity_period
from tests.exchange.conftest import MODELS, PACT

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


def official(n: int = 1) -> dict:
    return json.loads((PACT / "v3" / f"example-{n}.json").read_text(encoding="utf-8"))


def doc_valid_until(end: str | None, start: str | None = None) -> dict:
    doc = official()
    for key, value in (("validityPeriodEnd", end), ("validityPeriodStart", start)):
        doc.pop(key, None)
        if value:
            doc[key] = value
    return doc


class TestUsable:
    def test_a_valid_footprint_is_usable(self) -> None:
        usable(doc_valid_until("2026-01-01T00:00:00Z", "2025-01-01T00:00:00Z"), source="host", now=NOW)

    @pytest.mark.parametrize(
        ("change", "why"),
        [
            (lambda d: d.update(validityPeriodEnd="2025-05-31T00:00:00Z"), "expired on 2025-05-31"),
            (
                lambda d: d.update(
                    validityPeriodStart="2025-07-01T00:00:00Z", validityPeriodEnd="2026-07-01T00:00:00Z"
                ),
                "valid only from 2025-07-01",
            ),
            (lambda d: d.update(status="Deprecated"), "Deprecated"),
            (lambda d: d.pop("companyName"), "companyName"),
            (lambda d: d["pcf"].update(pcfExcludingBiogenicUptake="-1"), "greater than 0"),
        ],
    )
    def test_refused_with_the_reason(self, change, why: str) -> None:  # type: ignore[no-untyped-def]
        doc = doc_valid_until("2026-01-01T00:00:00Z", "2025-01-01T00:00:00Z")
        change(doc)
        with pytest.raises(PactImportError, match=why):
            usable(doc, source="http://host/3/footprints/x", now=NOW)

    def test_without_a_validity_period_three_years_from_the_reference_period(self) -> None:
        doc = doc_valid_until(None)
        end = dt.datetime.fromisoformat(doc["pcf"]["referencePeriodEnd"].replace("Z", "+00:00"))
        assert validity_period(doc) == (end, end.replace(year=end.year + 3))


class TestPutFactor:
    def test_added_then_replaced_by_a_newer_footprint(self) -> None:
        text = (MODELS / "cell_with_supplier.yaml").read_text(encoding="utf-8")
        old = doc_valid_until("2026-01-01T00:00:00Z", "2025-01-01T00:00:00Z")
        f1 = factor_of(old, host="http://supplier")
        assert f1["provenance"]["host"] == "http://supplier"
        assert f1["provenance"]["validity_period"] == {
            "start": "2025-01-01T00:00:00Z",
            "end": "2026-01-01T00:00:00Z",
        }
        once, changes = put_factor(text, "supplier.lfp-cathode", f1)
        assert changes == [] and "# keep me" in once
        assert put_factor(once, "supplier.lfp-cathode", f1) == (once, [])  # the same: unchanged
        new = copy.deepcopy(old)
        new.update(id="11111111-2222-4333-8444-555555555555", precedingPfIds=[old["id"]])
        new["pcf"]["pcfExcludingBiogenicUptake"] = "0.5"
        f2 = factor_of(new, host="http://supplier")
        twice, changes = put_factor(once, "supplier.lfp-cathode", f2)
        fields = {c.field: (c.old, c.new) for c in changes}
        assert fields["value"] == (f1["value"], f2["value"])
        assert fields["provenance.pact_id"] == (old["id"], new["id"])
        data = yaml.safe_load(twice)
        assert data["factors"]["supplier.lfp-cathode"]["provenance"]["preceding_pf_ids"] == [old["id"]]
        assert (
            set(data["factors"]) == {"fixture.placeholder", "supplier.lfp-cathode"} and "# keep me" in twice
        )
