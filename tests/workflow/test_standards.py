"""The standards body: PCR drafts (draft → published → retired) and factor releases behind the role check."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlmodel import Session

import workflow as wf
from factors.validate import COLUMNS
from tests.workflow.conftest import People, make_people, rule_text
from tests.workflow.conftest import submit as submit_justified

PCR_YAML = rule_text("battery-cell")


class TestPcr:
    def test_a_draft_is_edited_published_then_retired(self, loaded: Session) -> None:
        people = make_people(loaded)
        s, std = loaded, people.std_s
        pcr = wf.create_pcr_draft(
            std, s, code="battery.cell", version="1.0", title_zh="锂离子电芯 PCR", yaml_text=PCR_YAML
        )
        assert pcr.status is wf.PcrStatus.DRAFT
        edited = wf.update_pcr_draft(
            std,
            s,
            pcr_id=pcr.id,
            title_en="Li-ion cell PCR",
            yaml_text=PCR_YAML.replace("version: 0.1.0", "version: 0.1.1"),
        )
        assert edited.title_en == "Li-ion cell PCR" and "version: 0.1.1" in edited.yaml_text
        published = wf.publish_pcr(std, s, pcr_id=pcr.id)
        assert published.status is wf.PcrStatus.PUBLISHED and published.published_at is not None
        assert wf.get_pcr(people.ent_b, s, pcr_id=pcr.id).status is wf.PcrStatus.PUBLISHED
        with pytest.raises(wf.IllegalTransition, match="'published': action 'edit' is not allowed"):
            wf.update_pcr_draft(std, s, pcr_id=pcr.id, title_en="changed after publication")
        assert wf.retire_pcr(std, s, pcr_id=pcr.id).status is wf.PcrStatus.RETIRED
        actions = [a.action for a in wf.audit_trail(people.admin, s, object_type="pcr_draft")]
        assert actions == ["pcr.create", "pcr.edit", "pcr.publish", "pcr.retire"]

    def test_a_code_and_version_exist_once(self, loaded: Session) -> None:
        people, session = make_people(loaded), loaded
        wf.create_pcr_draft(
            people.std_s, session, code="battery.cell", version="1.0", title_zh="x", yaml_text=PCR_YAML
        )
        with pytest.raises(wf.Conflict, match=r"battery\.cell version 1\.0 already exists"):
            wf.create_pcr_draft(
                people.std_t, session, code="battery.cell", version="1.0", title_zh="y", yaml_text=PCR_YAML
            )

    @pytest.mark.parametrize(
        ("yaml_text", "message"), [("a: [", "not valid YAML"), ("- a\n- b\n", "expected a YAML mapping")]
    )
    def test_the_text_must_be_a_yaml_mapping(
        self, people: People, session: Session, yaml_text: str, message: str
    ) -> None:
        with pytest.raises(wf.InvalidInput, match=message):
            wf.create_pcr_draft(
                people.std_s, session, code="c", version="1", title_zh="x", yaml_text=yaml_text
            )

    @pytest.mark.parametrize(
        ("change", "says"),
        [
            (lambda t: "foo: bar\n", "format"),
            (lambda t: t + "foo: bar\n", "foo"),
            (lambda t: t.replace("default_factor: pvdf", "default_factor: no.such.factor"), "no.such.factor"),
            (lambda t: t.replace("stages: [distribution]", "stages: [nowhere]"), "nowhere"),
        ],
    )
    def test_only_a_valid_rule_is_drafted_or_published(self, loaded: Session, change, says: str) -> None:  # type: ignore[no-untyped-def]
        people = make_people(loaded)
        with pytest.raises(wf.InvalidInput) as caught:
            wf.create_pcr_draft(
                people.std_s, loaded, code="c", version="1", title_zh="x", yaml_text=change(PCR_YAML)
            )
        assert caught.value.code == "rule_invalid" and says in " ".join(caught.value.params["issues"])

    def test_the_published_rule_is_what_checks_use(self, loaded: Session) -> None:
        from tests.workflow.conftest import model_text

        people = make_people(loaded)
        before = wf.published_rule(loaded, "battery-cell")
        assert before.bundled and before.version == "bundled:0.1.0"
        published = wf.standards.publish_bundled_rules(people.std_s, loaded)
        assert {p.code for p in published} >= {"battery-cell", "battery-pack", "pv-module"}
        assert wf.standards.publish_bundled_rules(people.std_s, loaded) == published  # idempotent
        pr = wf.published_rule(loaded, "battery-cell")
        assert (pr.version, pr.bundled) == ("1", False)
        product = wf.create_product(
            people.ent_a, loaded, code="cell", name_zh="电芯", category="battery.cell"
        )
        v = wf.save_model_version(people.ent_a, loaded, product_id=product.id, yaml_text=model_text("cell"))
        assert wf.check_version(people.ent_a, loaded, version_id=v.id).rule_version == "1"
        sid = wf.create_submission(
            people.ent_a, loaded, product_id=product.id, certification_body_id=people.orgs["cert_x"]
        ).id
        submit_justified(people.ent_a, loaded, sid)
        assert [c.rule_version for c in wf.submission_checks(people.cert_x, loaded, submission_id=sid)] == [
            "1"
        ]


def factor_file(path: Path) -> Path:
    row = {c: "" for c in COLUMNS} | {
        "code": "test.separator.CN-JX.2025",
        "name_zh": "隔膜（测试）",
        "name_en": "Separator (test)",
        "category": "material.battery",
        "geography": "CN-JX",
        "reference_year": 2025,
        "value": 0.9,
        "unit": "m^2",
        "basis": "CO2e",
        "gwp": "AR6",
        "scope": "cradle_to_gate",
        "confidence": "medium",
        "source_title": "A test supplier declaration",
        "source_url": "https://example.org/separator",
    }
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        writer.writerow(row)
    return path


class TestFactorReleases:
    def test_the_standards_body_imports_and_publishes_a_release(
        self, loaded: Session, tmp_path: Path
    ) -> None:
        people = make_people(loaded)
        info = wf.import_factor_release(
            people.std_s,
            loaded,
            path=factor_file(tmp_path / "new.csv"),
            release="2026.3",
            notes="supplier separator",
        )
        assert (info.version, info.status, info.added) == ("2026.3", "draft", ("test.separator.CN-JX.2025",))
        published = wf.publish_factor_release(people.std_s, loaded, version="2026.3")
        assert published.status == "published" and len(published.content_hash) == 64
        trail = wf.audit_trail(people.admin, loaded, object_type="release")
        assert [(t.action, t.actor) for t in trail] == [
            ("factor_release.import", "std_s"),
            ("factor_release.publish", "std_s"),
        ]
        assert json.loads(trail[0].detail)["added"] == 1
        assert trail[1].before_hash != trail[1].after_hash

    @pytest.mark.parametrize("who", ["ent_a", "cert_x", "admin"])
    def test_nobody_else_may_import_or_publish(self, loaded: Session, tmp_path: Path, who: str) -> None:
        people = make_people(loaded)
        with pytest.raises(wf.AccessDenied, match=f"user '{who}'.*only a standards user may"):
            wf.import_factor_release(
                people.actors[who], loaded, path=factor_file(tmp_path / "x.csv"), release="2026.3"
            )
        from factors import get_release
        from factors.errors import ReleaseNotFound

        with pytest.raises(ReleaseNotFound):
            get_release(loaded, "2026.3")
