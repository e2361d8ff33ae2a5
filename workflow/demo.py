"""Demo data: fictional organisations, users and products to try the workflow. Idempotent.

Everything created here is marked ``demo=True`` and named "演示 / DEMO"; the companies do not exist and
the identifiers (``DEMO-…``) are not real USCC numbers. The demo users and their passwords:

=================  ========================  =====================================================
username           password                  organisation
=================  ========================  =====================================================
demo-admin         demo-admin-pass           PCF 平台运营（演示） — platform admin
demo-enterprise    demo-enterprise-pass      宜春示范锂电科技有限公司（演示） — enterprise
demo-certifier     demo-certifier-pass       示范碳足迹认证中心（演示） — certification body
demo-standards     demo-standards-pass       江西示范标准化研究所（演示） — standards body
=================  ========================  =====================================================

Products come from ``products/examples/*.yaml`` when that folder exists (an example that does not
calculate is skipped and reported), else from `BUILTIN_MODEL`, a small LFP-cell model on real factor
codes of the bundled release. The first product gets one submission, submitted to the demo body.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from workflow import accounts, catalog, submissions
from workflow.access import Actor
from workflow.demo_records import seed_demo_records
from workflow.errors import Conflict, InvalidInput, InvalidModel
from workflow.tables import Organisation, Product, Submission, User
from workflow.vocab import OrgKind, Role

DEMO_PASSWORDS: dict[str, str] = {
    "demo-admin": "demo-admin-pass",
    "demo-enterprise": "demo-enterprise-pass",
    "demo-certifier": "demo-certifier-pass",
    "demo-standards": "demo-standards-pass",
}

_ORGS = [  # kind, name_zh, name_en, identifier, region, username
    (
        OrgKind.ENTERPRISE,
        "宜春示范锂电科技有限公司（演示）",
        "Yichun Demo Lithium Cell Co., Ltd. (DEMO, fictional)",
        "DEMO-ENT-0001",
        "CN-JX-YC",
        "demo-enterprise",
    ),
    (
        OrgKind.CERTIFICATION_BODY,
        "示范碳足迹认证中心（演示）",
        "Demo Carbon Footprint Certification Centre (DEMO)",
        "DEMO-CB-0001",
        "CN-JX",
        "demo-certifier",
    ),
    (
        OrgKind.STANDARDS_BODY,
        "江西示范标准化研究所（演示）",
        "Demo Jiangxi Standards Institute (DEMO)",
        "DEMO-SB-0001",
        "CN-JX",
        "demo-standards",
    ),
]

BUILTIN_MODEL = """\
format: pcf-model/1
product:
  id: demo-lfp-cell-280ah
  name: {zh: 示范磷酸铁锂方形电芯 280Ah（演示数据）, en: Demo LFP prismatic cell 280 Ah (demo data)}
  category: battery.cell
  functional_unit: 1 kWh rated energy
  reference_flow: {process: cell, amount: 1.116, unit: piece}
  geography: CN-JX-YC
  reference_year: 2023
  gwp: AR6
  manufacturer: {name: 宜春示范锂电科技有限公司（演示）, id: DEMO-ENT-0001}
  plant: {name: 宜春示范工厂（演示）, location: CN-JX-YC}
processes:
  cell:
    name: {zh: 电芯装配, en: Cell assembly}
    stage: production
    output: {amount: 1, unit: piece}
    inputs:
      - {process: cathode, amount: 2.05, unit: kg}
      - {factor: graphite.synthetic.ecoinvent-model.CN, amount: 0.95, unit: kg}
      - {factor: aluminium.primary.CN.2020, amount: 0.6, unit: kg}
      - {factor: elec.grid.CN-JX.2023, amount: 12, unit: kWh}
  cathode:
    name: {zh: 正极材料（含锂云母碳酸锂）, en: Cathode material (lepidolite lithium carbonate)}
    stage: raw_materials
    output: {amount: 1, unit: kg}
    inputs:
      - {factor: li2co3.lepidolite.CN, amount: 0.24, unit: kg}
      - {factor: elec.grid.CN-JX.2023, amount: 8, unit: kWh}
notes: Demo data for trying the workflow; the amounts are illustrative, not a real plant's inventory.
"""


@dataclass(frozen=True)
class DemoSeed:
    """What `seed_demo` found or made; `created` counts new rows (0 on a second run)."""

    org_ids: dict[str, int]
    usernames: tuple[str, ...]
    products: tuple[str, ...]
    skipped: tuple[str, ...]
    created: int


def examples_folder() -> Path | None:
    """``products/examples`` of the installed tree, if the products package is there."""
    try:
        import products
    except ImportError:
        return None
    return Path(products.__file__).with_name("examples")


def example_models(folder: Path | None = None) -> list[tuple[str, str]]:
    """(name, YAML text) of ``*.yaml`` in `folder` (default `examples_folder()`), else the built-in model."""
    folder = folder if folder is not None else examples_folder()
    files = sorted(folder.glob("*.yaml")) if folder is not None and folder.is_dir() else []
    if not files:
        return [("builtin:demo-lfp-cell-280ah", BUILTIN_MODEL)]
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def seed_demo(session: Session, *, records: bool = True) -> DemoSeed:
    """Create (or find) the demo organisations, users, products, versions and one submission.

    `records` adds the issued certificates and the declared pack declaration that re-rating needs (issue 16);
    a test of the declaration workflow from a clean pack leaves them out.
    """
    from factors.errors import ReleaseNotFound
    from factors.releases import get_release

    created = 0
    try:
        get_release(session, None)
    except ReleaseNotFound:
        from factors.bundled import load_bundled

        load_bundled(session)
    admin_user = session.exec(select(User).where(User.username == "demo-admin")).first()
    if admin_user is not None:
        admin = accounts.actor_of(session, admin_user)
    elif session.exec(select(User).where(User.role == Role.ADMIN)).first() is not None:
        raise Conflict(
            "this database already has a real platform admin; seed the demo into a database of its own"
        )
    else:
        admin = accounts.bootstrap_admin(
            session,
            username="demo-admin",
            password=DEMO_PASSWORDS["demo-admin"],
            org_name_zh="PCF 平台运营（演示）",
            org_name_en="PCF Platform Operations (DEMO)",
            demo=True,
        )
        created += 2
    org_ids: dict[str, int] = {"platform_admin": admin.org_id}  # type: ignore[dict-item]
    actors: dict[str, Actor] = {}
    for kind, zh, en, ident, region, username in _ORGS:
        org = session.exec(select(Organisation).where(Organisation.identifier == ident)).first()
        if org is None:
            org_id = accounts.create_organisation(
                admin, session, kind=kind, name_zh=zh, name_en=en, identifier=ident, region=region, demo=True
            ).id
            created += 1
        else:
            org_id = org.id  # type: ignore[assignment]
        org_ids[kind.value] = org_id
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            accounts.create_user(
                admin,
                session,
                org_id=org_id,
                username=username,
                password=DEMO_PASSWORDS[username],
                display_name=f"{username} (DEMO)",
            )
            user = session.exec(select(User).where(User.username == username)).one()
            created += 1
        actors[kind.value] = accounts.actor_of(session, user)

    enterprise, body = actors[OrgKind.ENTERPRISE.value], OrgKind.CERTIFICATION_BODY.value
    codes: list[str] = []
    skipped: list[str] = []
    from workflow.standards import publish_bundled_rules
    from workflow.tables import PcrDraft

    before = len(session.exec(select(PcrDraft)).all())
    try:  # the bundled rules as published version 1 of the demo standards body
        publish_bundled_rules(actors[OrgKind.STANDARDS_BODY.value], session)
    except InvalidInput as exc:
        skipped.append(f"bundled rules: {str(exc).splitlines()[0]}")
    created += len(session.exec(select(PcrDraft)).all()) - before
    for name, text in example_models():
        try:
            code, made = _seed_product(enterprise, session, text)
        except (InvalidModel, InvalidInput) as exc:
            skipped.append(f"{name}: {str(exc).splitlines()[0]}")
            continue
        codes.append(code)
        created += made
    if codes:
        product = session.exec(
            select(Product).where(Product.owner_org_id == enterprise.org_id, Product.code == codes[0])
        ).one()
        if session.exec(select(Submission).where(Submission.product_id == product.id)).first() is None:
            sub = submissions.create_submission(
                enterprise,
                session,
                product_id=product.id,  # type: ignore[arg-type]
                certification_body_id=org_ids[OrgKind.CERTIFICATION_BODY.value],
            )
            from workflow.rulecheck import check_version

            gaps = check_version(enterprise, session, version_id=sub.model_version_id).errors
            submissions.submit(  # demo data: a known gap is justified as one, for the certifier to judge
                enterprise,
                session,
                submission_id=sub.id,
                justifications={f.key: "演示数据：已知缺口 / demo data: a known gap" for f in gaps},
            )
            created += 1
    if records:
        created += seed_demo_records(session, enterprise, actors[body], org_ids[body], skipped)  # issue 16
    return DemoSeed(org_ids, tuple(DEMO_PASSWORDS), tuple(codes), tuple(skipped), created)


def _seed_product(enterprise: Actor, session: Session, text: str) -> tuple[str, int]:
    """Create the product of a model text (if absent) and its version (if new); returns (code, rows made)."""
    import yaml

    data = yaml.safe_load(text)
    head = data.get("product", {}) if isinstance(data, dict) else {}
    code = str(head.get("id", ""))
    name = head.get("name", code)
    zh, en = (
        (name.get("zh", "") or name.get("en", ""), name.get("en", ""))
        if isinstance(name, dict)
        else (name, name)
    )
    made = 0
    product = session.exec(
        select(Product).where(Product.owner_org_id == enterprise.org_id, Product.code == code)
    ).first()
    if product is None:
        catalog.evaluate(session, text, label=code or "example")  # refuse a broken example before creating
        product_id = catalog.create_product(
            enterprise,
            session,
            code=code,
            name_zh=zh or code,
            name_en=en,
            category=str(head.get("category", "")),
        ).id
        made += 1
    else:
        product_id = product.id  # type: ignore[assignment]
    before = catalog.latest_version(session, product_id)
    version = catalog.save_model_version(
        enterprise, session, product_id=product_id, yaml_text=text, note="demo data"
    )
    if before is None or before.id != version.id or before.model_hash != version.model_hash:
        made += 1
    return code, made
