"""Model versions: validated and calculated on save, replaced while a draft, frozen once submitted."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

import workflow as wf
from tests.workflow.conftest import Flow, accept_rule_findings, model_text
from tests.workflow.conftest import submit as submit_justified
from workflow.tables import ModelVersion

S = wf.SubmissionState


class TestSaving:
    def test_a_version_stores_yaml_hash_release_and_result(self, flow: Flow) -> None:
        v = wf.get_model_version(flow.people.ent_a, flow.session, version_id=flow.version_id)
        result = json.loads(v.result_json)
        assert v.yaml_text == model_text("cell")
        assert (v.number, v.factor_release, v.gwp, v.unit) == (1, "2026.2", "AR6", "kg CO2e")
        assert result["model_hash"] == v.model_hash and len(v.model_hash) == 64
        assert result["total"] == v.total and result["factor_release"] == "2026.2"
        assert v.frozen_at is None

    def test_saving_a_draft_again_replaces_it_in_place(self, flow: Flow) -> None:
        s, p = flow.session, flow.people
        v = wf.save_model_version(
            p.ent_a, s, product_id=flow.product_id, yaml_text=model_text("cell", cathode_kwh=6)
        )
        assert (v.id, v.number) == (flow.version_id, 1)
        assert [x.number for x in wf.list_model_versions(p.ent_a, s, product_id=flow.product_id)] == [1]

    def test_unchanged_content_stores_nothing(self, flow: Flow) -> None:
        s, p = flow.session, flow.people
        before = wf.get_model_version(p.ent_a, s, version_id=flow.version_id)
        again = wf.save_model_version(
            p.ent_a,
            s,
            product_id=flow.product_id,
            yaml_text="# a comment and other layout\n" + model_text("cell"),
        )
        assert again == before

    @pytest.mark.parametrize(
        ("yaml_text", "message"),
        [
            ("format: pcf-model/1\nproduct: [", "not valid YAML"),
            ("format: pcf-model/1\nproduct: {id: cell}\n", "product.name"),
            (
                model_text("cell").replace("elec.grid.CN-JX.2023", "elec.grid.NOWHERE.1999"),
                "elec.grid.NOWHERE.1999",
            ),
            (model_text("cell").replace("unit: kWh", "unit: kg", 1), "unit"),
            (model_text("other-product"), "is not this product's code 'cell'"),
        ],
        ids=["yaml", "structure", "unknown factor", "dimension", "product id"],
    )
    def test_an_invalid_model_is_refused_with_every_problem(
        self, flow: Flow, yaml_text: str, message: str
    ) -> None:
        with pytest.raises(wf.InvalidModel, match=message) as caught:
            wf.save_model_version(
                flow.people.ent_a, flow.session, product_id=flow.product_id, yaml_text=yaml_text
            )
        assert caught.value.issues
        assert len(wf.list_model_versions(flow.people.ent_a, flow.session, product_id=flow.product_id)) == 1

    def test_an_unknown_release_is_refused(self, flow: Flow) -> None:
        with pytest.raises(wf.InvalidInput, match=r"no factor release '1999\.1'"):
            wf.save_model_version(
                flow.people.ent_a,
                flow.session,
                product_id=flow.product_id,
                yaml_text=model_text("cell", cathode_kwh=5),
                factor_release="1999.1",
            )

    def test_a_draft_release_cannot_be_pinned(self, flow: Flow) -> None:
        from factors.releases import create_draft

        create_draft(flow.session, "2026.3")
        flow.session.commit()
        with pytest.raises(wf.InvalidInput, match=r"2026\.3 is a draft; pin a published release"):
            wf.save_model_version(
                flow.people.ent_a,
                flow.session,
                product_id=flow.product_id,
                yaml_text=model_text("cell", cathode_kwh=5),
                factor_release="2026.3",
            )


class TestFrozen:
    def test_submitting_freezes_and_a_change_makes_a_new_version(self, flow: Flow) -> None:
        s, p = flow.session, flow.people
        flow.to_state(S.SUBMITTED)
        v1 = wf.get_model_version(p.ent_a, s, version_id=flow.version_id)
        assert v1.frozen_at is not None
        v2 = wf.save_model_version(
            p.ent_a, s, product_id=flow.product_id, yaml_text=model_text("cell", cathode_kwh=6)
        )
        v2b = wf.save_model_version(
            p.ent_a, s, product_id=flow.product_id, yaml_text=model_text("cell", cathode_kwh=5)
        )
        assert (v2.number, v2b.number, v2b.id) == (2, 2, v2.id)  # the new draft is replaced, v1 is not
        assert wf.get_model_version(p.ent_a, s, version_id=v1.id) == v1

    def test_the_orm_refuses_to_change_or_delete_a_frozen_row(self, flow: Flow) -> None:
        s = flow.session
        flow.to_state(S.SUBMITTED)
        row = s.get(ModelVersion, flow.version_id)
        row.total = 0.0  # type: ignore[union-attr]
        with pytest.raises(
            wf.VersionFrozen, match=r"version 1 of product \d+ was submitted on .* and is frozen; save the"
        ):
            s.commit()
        s.rollback()
        s.delete(s.get(ModelVersion, flow.version_id))
        with pytest.raises(wf.VersionFrozen):
            s.commit()
        s.rollback()

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE wf_model_version SET total = 0 WHERE id = :i",
            "UPDATE wf_model_version SET frozen_at = NULL WHERE id = :i",
            "DELETE FROM wf_model_version WHERE id = :i",
        ],
    )
    def test_the_database_refuses_raw_sql_on_a_frozen_row(self, flow: Flow, sql: str) -> None:
        flow.to_state(S.SUBMITTED)
        with Session(flow.session.get_bind()) as raw:
            with pytest.raises(DatabaseError, match="frozen"):
                raw.execute(text(sql), {"i": flow.version_id})
            raw.rollback()
        assert flow.session.get(ModelVersion, flow.version_id).frozen_at is not None  # type: ignore[union-attr]

    def test_an_unfrozen_draft_may_still_be_changed_by_sql(self, flow: Flow) -> None:
        """The trigger guards only frozen rows: drafts are the enterprise's to rework."""
        with Session(flow.session.get_bind()) as raw:
            raw.execute(text("UPDATE wf_model_version SET note = 'x' WHERE id = :i"), {"i": flow.version_id})
            raw.rollback()

    def test_the_certifier_sees_frozen_versions_only(self, flow: Flow) -> None:
        s, p = flow.session, flow.people
        flow.to_state(S.SUBMITTED)
        v2 = wf.save_model_version(
            p.ent_a, s, product_id=flow.product_id, yaml_text=model_text("cell", cathode_kwh=6)
        )
        assert [v.number for v in wf.list_model_versions(p.cert_x, s, product_id=flow.product_id)] == [1]
        with pytest.raises(wf.NotFound, match=f"no model version {v2.id}"):
            wf.get_model_version(p.cert_x, s, version_id=v2.id)

    def test_resubmitting_an_older_version_is_refused(self, flow: Flow) -> None:
        s, p = flow.session, flow.people
        sid = flow.to_state(S.UNDER_REVIEW)
        f = wf.add_finding(p.cert_x, s, submission_id=sid, severity="major", text="x")
        wf.request_changes(p.cert_x, s, submission_id=sid, note="please correct")
        wf.answer_finding(p.ent_a, s, finding_id=f.id, answer="fixed")
        v2 = wf.save_model_version(
            p.ent_a, s, product_id=flow.product_id, yaml_text=model_text("cell", cathode_kwh=6)
        )
        assert wf.resubmit(p.ent_a, s, submission_id=sid, version_id=v2.id).model_version_id == v2.id
        (wf.start_review(p.cert_x, s, submission_id=sid), accept_rule_findings(p.cert_x, s, sid))[0]
        wf.add_finding(p.cert_x, s, submission_id=sid, severity="minor", text="y")
        wf.request_changes(p.cert_x, s, submission_id=sid, note="please correct")
        for g in wf.list_findings(p.ent_a, s, submission_id=sid):
            if not g.answer:
                wf.answer_finding(p.ent_a, s, finding_id=g.id, answer="ok")
        with pytest.raises(wf.InvalidInput, match="version 1 is older than the submitted version 2"):
            wf.resubmit(p.ent_a, s, submission_id=sid, version_id=flow.version_id)

    def test_a_body_sees_only_the_versions_submitted_to_it(self, flow: Flow) -> None:
        """Version 1 went to body X; version 2 goes to body Y: neither sees the other's."""
        s, p = flow.session, flow.people
        sid = flow.to_state(S.UNDER_REVIEW)
        wf.reject(p.cert_x, s, submission_id=sid, reason="incomplete inventory")
        v2 = wf.save_model_version(
            p.ent_a, s, product_id=flow.product_id, yaml_text=model_text("cell", cathode_kwh=6)
        )
        sid2 = flow.submission(body="cert_y")
        submit_justified(p.ent_a, s, sid2)
        assert [v.number for v in wf.list_model_versions(p.cert_y, s, product_id=flow.product_id)] == [2]
        assert [v.number for v in wf.list_model_versions(p.cert_x, s, product_id=flow.product_id)] == [1]
        with pytest.raises(wf.NotFound):
            wf.get_model_version(p.cert_x, s, version_id=v2.id)
        with pytest.raises(wf.NotFound):
            wf.get_model_version(p.cert_y, s, version_id=flow.version_id)
