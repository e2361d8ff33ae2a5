"""Helpers of the impact tests: certify models through the real workflow, derive a test factor release.

The releases made here are TEST DATA: their changed values are arbitrary multiples of the bundled ones,
labelled as such in their notes, never published outside a test database.
"""

from __future__ import annotations

from sqlmodel import Session, select

import workflow as wf
from factors.query import get_factor
from factors.releases import add_rows, create_draft, publish
from factors.tables import FactorBase, GwpValue, Source, SourceBase
from factors.validate import ValidRow
from factors.vocab import FactorStatus
from tests.workflow.conftest import People
from workflow.demo import BUILTIN_MODEL

TEST_SOURCE = SourceBase(
    title="TEST DATA — not a published value",
    publisher="pcf test suite",
    year=2026,
    url="about:test",
    location="tests/workflow/impact_helpers.py",
)


def model(code: str, *, extra_cell: str = "", extra_cathode: str = "", emissions: str = "") -> str:
    """The demo LFP-cell model as product `code`, with extra input lines for the cell / cathode process."""
    text = BUILTIN_MODEL.replace("id: demo-lfp-cell-280ah", f"id: {code}")
    text = text.replace(
        "      - {factor: elec.grid.CN-JX.2023, amount: 12, unit: kWh}\n",
        "      - {factor: elec.grid.CN-JX.2023, amount: 12, unit: kWh}\n" + extra_cell,
    )
    text = text.replace(
        "      - {factor: elec.grid.CN-JX.2023, amount: 8, unit: kWh}\n",
        "      - {factor: elec.grid.CN-JX.2023, amount: 8, unit: kWh}\n" + extra_cathode + emissions,
    )
    return text


def certify(s: Session, p: People, code: str, text: str, *, category: str = "battery.cell") -> str:
    """Product `code` of enterprise A with model `text`, certified by body X; the certificate number."""
    product = wf.create_product(p.ent_a, s, code=code, name_zh=code, category=category)
    wf.save_model_version(p.ent_a, s, product_id=product.id, yaml_text=text)
    sid = wf.create_submission(p.ent_a, s, product_id=product.id, certification_body_id=p.orgs["cert_x"]).id
    from tests.workflow.conftest import accept_rule_findings, submit

    submit(p.ent_a, s, sid)  # the demo model's rule errors justified, and accepted by the certifier
    wf.start_review(p.cert_x, s, submission_id=sid)
    accept_rule_findings(p.cert_x, s, sid)
    wf.approve(p.cert_x, s, submission_id=sid)
    return wf.issue_certificate(p.cert_x, s, submission_id=sid).number


def _row(base: FactorBase, source: SourceBase, **changes: object) -> ValidRow:
    notes = "TEST DATA: value changed by the test suite. " + base.notes
    return ValidRow(0, base.model_copy(update={"notes": notes, **changes}), source, FactorStatus.PUBLISHED)


def derive_release(
    s: Session,
    version: str,
    *,
    scale: dict[str, float] | None = None,
    new: list[dict[str, object]] | None = None,
    gwp: dict[tuple[str, str], float] | None = None,
    drop: list[str] | None = None,
) -> str:
    """Publish `version` from the latest release: factors scaled, factors added (copies of `like` with
    changes), GWP values replaced, codes dropped."""
    from factors.releases import remove_codes, set_gwp_values

    rel = create_draft(s, version, notes="TEST DATA release")
    rows = []
    for code, k in (scale or {}).items():
        f = get_factor(s, code)
        rows.append(
            _row(
                FactorBase.model_validate(f.model_dump(include=set(FactorBase.model_fields))),
                TEST_SOURCE,
                value=f.value * k,
            )
        )
    for spec in new or []:
        spec = dict(spec)
        f = get_factor(s, str(spec.pop("like")))
        rows.append(
            _row(
                FactorBase.model_validate(f.model_dump(include=set(FactorBase.model_fields))),
                TEST_SOURCE,
                **spec,
            )
        )
    if rows:
        add_rows(s, rel, rows)
    if drop:
        remove_codes(s, rel, drop)
    if gwp:
        current = s.exec(
            select(GwpValue, Source)
            .join(Source, Source.id == GwpValue.source_id)
            .where(GwpValue.release_id == rel.id)
        ).all()
        values = [
            (
                g.gas,
                g.gwp_set,
                gwp.get((g.gas, g.gwp_set), g.value),
                TEST_SOURCE
                if (g.gas, g.gwp_set) in gwp
                else SourceBase.model_validate(src.model_dump(include=set(SourceBase.model_fields))),
                g.confidence,
                g.notes,
            )
            for g, src in current
        ]
        set_gwp_values(s, rel, values)
    publish(s, rel)
    s.commit()
    return version
