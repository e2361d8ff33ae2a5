"""Steps of the pages that take more than one service call (create a product with its first model,
submit for certification, answer findings, recompute certificates, submit a declaration to a body).
Each step is a sequence of calls into the workflow and products packages; every rule is enforced there,
nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from webapp.model_table import model_paths, to_yaml, with_identity
from webapp.resources import session
from workflow import Actor, SubmissionState

FINAL_STATES = frozenset({SubmissionState.REJECTED, SubmissionState.CERTIFIED, SubmissionState.CANCELLED})


def examples_for(rule: Any) -> list[Path]:
    """The example models of `products/examples` whose product category the rule covers."""
    from products import example_files

    out = []
    for path in example_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if rule.covers(str((data.get("product") or {}).get("category", ""))):
            out.append(path)
    return out


def create_product_with_model(
    actor: Actor, *, base_yaml: str, code: str, name_zh: str, name_en: str = ""
) -> Any:
    """A new product of the actor's enterprise whose first model version is `base_yaml` renamed to it.

    The model is validated and calculated before the product is created, so a bad model creates nothing.
    """
    from workflow import create_product, evaluate, save_model_version

    data = with_identity(yaml.safe_load(base_yaml) or {}, code=code, name_zh=name_zh, name_en=name_en)
    text = to_yaml(data)
    with session() as s:
        ev = evaluate(s, text, label=code or "model")
        product = create_product(
            actor, s, code=code, name_zh=name_zh, name_en=name_en, category=ev.model.product.category
        )
        save_model_version(actor, s, product_id=product.id, yaml_text=text, note="created in the app")
    return product


def submit_for_certification(
    actor: Actor,
    *,
    product_id: int,
    body_id: int,
    draft_id: int | None = None,
    justifications: dict[str, str] | None = None,
) -> Any:
    """Submit the product's latest version to certification body `body_id` (reusing an open draft).

    `justifications` (rule finding key → text) go to the workflow's gate, which refuses the submission
    while an error finding of the rule has none.
    """
    from workflow import assign_certifier, create_submission, submit

    with session() as s:
        if draft_id is None:
            sub = create_submission(actor, s, product_id=product_id, certification_body_id=body_id)
        else:
            sub = assign_certifier(actor, s, submission_id=draft_id, body_id=body_id)
        return submit(actor, s, submission_id=sub.id, justifications=justifications or {})


def rule_check(actor: Actor, *, version: Any) -> list[dict[str, str]]:
    """The rule's findings on a stored version: the workflow's `check_version` under the published rule."""
    from workflow import check_version

    with session() as s:
        found = check_version(actor, s, version_id=version.id)
    return [
        {
            "key": f.key,
            "severity": str(getattr(f.severity, "value", f.severity)),
            "code": f.code,
            "location": f.location,
            "message_zh": f.message_zh,
            "message_en": f.message_en,
        }
        for f in found.findings
    ]


def submit_declaration_to(actor: Actor, *, declaration_id: int, body_id: int | None = None) -> Any:
    """Submit a declaration for verification, first choosing (or changing) its body when `body_id` differs."""
    from workflow import assign_verifier, get_declaration, submit_declaration

    with session() as s:
        decl = get_declaration(actor, s, declaration_id=declaration_id)
        if body_id is not None and body_id != decl.verification_body_id:
            assign_verifier(actor, s, declaration_id=declaration_id, body_id=body_id)
        return submit_declaration(actor, s, declaration_id=declaration_id)


def latest_open(submissions: Sequence[Any]) -> Any | None:
    """The product's submission that is still open (not rejected, certified or cancelled), if any."""
    return next((x for x in reversed(submissions) if SubmissionState(x.state) not in FINAL_STATES), None)


def recompute_all(actor: Actor, numbers: Sequence[str]) -> Iterator[tuple[int, str, Any]]:
    """Recompute each certificate in turn: yields (position, number, `RecomputeCheck` or the exception)."""
    from workflow import recompute_certificate

    for k, number in enumerate(numbers):
        try:
            with session() as s:
                check: Any = recompute_certificate(actor, s, number=number)
        except Exception as exc:  # shown per certificate; the batch goes on
            check = exc
        yield k, number, check


def raisable(checks: Sequence[Any]) -> list[Any]:
    """The pre-review findings a certifier may raise as review findings at once: errors and warnings."""
    return [f for f in checks if f.severity.value in ("error", "warning")]


def raise_findings(
    actor: Actor, *, submission_id: int, checks: Sequence[Any], yaml_text: str, language: str
) -> int:
    """Add each pre-review finding as a review finding (error → major, warning → minor), in `language`.

    A check's model path becomes the finding's location when it is a place in the model (plausible-range
    findings point into the rule instead). Returns how many findings were added.
    """
    from workflow import ReviewSeverity, add_finding

    paths = set(model_paths(yaml.safe_load(yaml_text) or {}))
    with session() as s:
        for f in checks:
            add_finding(
                actor,
                s,
                submission_id=submission_id,
                text=f.message(language),
                severity=ReviewSeverity.MAJOR if f.severity.value == "error" else ReviewSeverity.MINOR,
                location=f.location if f.location in paths else "",
            )
    return len(checks)


def call(fn: Callable[..., Any], actor: Actor, **kwargs: Any) -> Any:
    """One service call `fn(actor, session, **kwargs)` in its own unit of work."""
    with session() as s:
        return fn(actor, s, **kwargs)


def rule_for_category(category: str) -> Any | None:
    """The product category rule that covers `category` (the published one once the store has it)."""
    from products import list_rules

    return next((r for r in list_rules() if r.covers(category)), None)


def certified_names(actor: Actor, *, number: str, product: Any) -> dict[str, str]:
    """The names label and report print for certificate `number`: the store's certified record (holder,
    product, site) when the store has it, else the stored product and the holder organisation."""
    import workflow

    with session() as s:
        if hasattr(workflow, "certified_record"):
            rec = workflow.certified_record(actor, s, number=number)
            return {
                "product_zh": rec.product_name_zh,
                "product_en": rec.product_name_en,
                "producer_zh": rec.producer_zh,
                "producer_en": rec.producer_en,
                "site": rec.site,
                "verify_url": rec.verify_url,
            }
        org = next((o for o in workflow.list_organisations(actor, s) if o.id == product.owner_org_id), None)
    names = {"product_zh": product.name_zh, "product_en": product.name_en or product.name_zh}
    if org is not None:
        names |= {"producer_zh": org.name_zh, "producer_en": org.name_en or org.name_zh, "site": org.region}
    return names
