"""Exceptions of the packages as readable sentences in the user's language, never tracebacks.

`describe(exc, lang)` maps each known exception type to a sentence (and the package's own details, e.g.
every problem of a model, as a list); `show(exc)` puts it on the page; `attempt(fn, ...)` runs a service
call and shows its error instead of raising. Unexpected exceptions become a generic sentence naming
the exception type, and their traceback goes to the server log only. The refusals of the MIIT
declaration (out of scope, a missing lifetime parameter, …) come as `InvalidInput` or `PreconditionFailed`
with the products package's message; `_declaration` turns the known ones into their own sentences.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from webapp.i18n import lang, tr
from webapp.model_words import cell_text, issue_text, sentence
from webapp.plain import md_text

MODEL_DATA: contextvars.ContextVar[Any] = contextvars.ContextVar("pcf_model_data", default=None)
"""The model a page is working on, so that problems name its processes by name (`model_words.place`)."""

log = logging.getLogger("pcf.app")
T = TypeVar("T")
MAX_DETAILS = 30


@dataclass(frozen=True)
class Message:
    """A sentence for the user and, optionally, the details the package gave (one line each)."""

    text: str
    details: list[str] = field(default_factory=list)
    level: str = "error"  # error | warning
    unexpected: bool = False  # not one of the packages' own errors: a bug to log and report


def describe(exc: BaseException, language: str = "zh") -> Message:
    """The sentence for `exc` in `language` (zh or en)."""
    from factors import errors as fe
    from footprint import errors as ce
    from workflow import errors as we

    def say(key: str, **fields: object) -> str:
        return tr(key, language, **fields)

    detail = sentence(_first_line(exc), language)
    if isinstance(exc, we.WorkflowError) and (coded := _coded(exc, language)) is not None:
        return coded
    if isinstance(exc, we.AuthenticationFailed):
        return Message(say("err.auth_failed"))
    if isinstance(exc, we.NotFound):
        return Message(say("err.not_found", what=_kind(exc.kind, language), ident=exc.ident), level="warning")
    if isinstance(exc, we.AccessDenied):
        return Message(
            say("err.access_denied", what=_action(exc.what, language)), [exc.why] if exc.why else []
        )
    if isinstance(exc, we.IllegalTransition):
        allowed = ", ".join(_action(a, language) for a in exc.allowed) or say("common.none")
        return Message(
            say(
                "err.illegal_transition",
                state=tr(f"state.{exc.state}", language),
                action=_action(exc.action, language),
                allowed=allowed,
            )
        )
    if isinstance(exc, we.InvalidModel):
        return Message(
            say("err.invalid_model", n=len(exc.issues)),
            _cap([issue_text(str(i), MODEL_DATA.get(), language) for i in exc.issues]),
        )
    if isinstance(exc, (we.InvalidInput, we.PreconditionFailed)) and (
        declared := _declaration_code(exc, language) or _declaration(str(exc), language)
    ):
        return declared
    if isinstance(exc, we.PreconditionFailed):
        return Message(say("err.precondition"), [detail])
    if isinstance(exc, we.Conflict):
        return Message(say("err.conflict"), [detail])
    if isinstance(exc, we.VersionFrozen):
        return Message(say("err.version_frozen"), [detail])
    if isinstance(exc, we.InvalidInput):
        return Message(say("err.invalid_input"), [detail])
    if isinstance(exc, we.WorkflowError):
        return Message(say("err.workflow"), [detail])
    if isinstance(exc, fe.ImportValidationError):
        return Message(say("err.factor_import", n=len(exc.errors)), _cap([str(e) for e in exc.errors]))
    if isinstance(exc, fe.ReleaseImmutable):
        return Message(say("err.release_immutable"), [detail])
    if isinstance(exc, fe.ReleaseNotFound):
        return Message(say("err.release_not_found"), [detail])
    if isinstance(exc, fe.FactorNotFound):
        return Message(
            say("err.factor_not_found", code=exc.code, release=exc.release),
            [", ".join(exc.near)] if exc.near else [],
        )
    if isinstance(exc, fe.UnknownGeography):
        return Message(say("err.unknown_geography"), [detail], level="warning")
    if isinstance(exc, fe.FactorDBError):
        return Message(say("err.factors"), [detail])
    issues = getattr(exc, "issues", None)
    if isinstance(exc, ce.FootprintError) and type(exc).__name__ == "WorkbookError":
        return Message(
            say("err.workbook", n=len(issues or [])), _cap([cell_text(i, language) for i in issues or []])
        )
    if isinstance(exc, ce.ModelError):
        return Message(
            say("err.model", n=len(exc.issues)),
            _cap([issue_text(str(i), MODEL_DATA.get(), language) for i in exc.issues]),
        )
    if isinstance(exc, ce.FootprintError) and issues:
        return Message(
            say("err.rule", n=len(issues)), _cap([issue_text(str(i), None, language) for i in issues])
        )
    if isinstance(exc, ce.FootprintError):
        return Message(say("err.calculation"), [detail])
    if isinstance(exc, KeyError):
        return Message(say("err.missing_key"), [detail])
    if _is_database_error(exc):
        return Message(say("err.database"))
    return Message(say("err.unexpected_plain"), unexpected=True)


@contextlib.contextmanager
def about(data: Any) -> Iterator[None]:
    """Within the block, model problems name the processes of `data` (a model dict) by their names."""
    token = MODEL_DATA.set(data)
    try:
        yield
    finally:
        MODEL_DATA.reset(token)


def _coded(exc: BaseException, language: str) -> Message | None:
    """The sentence of a workflow refusal that carries a code with a ``wf.err.<code>`` text (issue 12)."""
    from webapp.i18n import TEXT

    code = getattr(exc, "code", "")
    key = f"wf.err.{code}"
    if not code or key not in TEXT:
        return None
    fields: dict[str, object] = {}
    for name, value in (getattr(exc, "params", {}) or {}).items():
        if name == "state":
            value = tr(f"state.{value}", language) if f"state.{value}" in TEXT else value
        fields[name] = value
        if isinstance(value, (list, tuple)):
            # read literally on the page: a key such as gwp_set@product.gwp is no e-mail link
            fields[f"{name}_text"] = ("、" if language == "zh" else ", ").join(map(md_text, value))
    try:
        return Message(tr(key, language, **fields))
    except (KeyError, IndexError, ValueError):
        return Message(tr(key, language, **{k: "" for k in _placeholders(TEXT[key])}), [_first_line(exc)])


def _placeholders(pair: tuple[str, str]) -> set[str]:
    import string

    return {f for text in pair for _, f, _, _ in string.Formatter().parse(text) if f}


def show(exc: BaseException) -> None:
    """Put the sentence for `exc` on the page (details as a list); unexpected errors go to the log too."""
    import streamlit as st

    message = describe(exc, lang())
    if message.unexpected:
        log.error("unexpected error in the app", exc_info=exc)
    body = message.text + "".join(f"\n- {d}" for d in message.details if d)
    (st.warning if message.level == "warning" else st.error)(body)


def attempt(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """`fn(*args, **kwargs)`, or None after showing its error as a sentence."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # every error is shown as a sentence; the page goes on
        show(exc)
        return None


_OUT_OF_SCOPE = re.compile(
    r"rated energy is (?P<rated>[0-9.eE+-]+) kWh; the MIIT declaration covers traction batteries above "
    r"(?P<threshold>[0-9.eE+-]+) kWh"
)
_LIFETIME_NEEDS = re.compile(r"the lifetime energy \([^)]*\) needs (?P<needs>.*?)(?: — or give |$)", re.S)
_DECLARATION_PLAIN = (  # a phrase of the workflow's or products' message → the sentence that says it
    ("product.battery.rated_energy is required", "err.decl_no_rated_energy"),
    ("is not an active certification (verification) body", "err.decl_bad_body"),
    ("choose a verification body before submitting", "err.decl_choose_body"),
    ("say what must change", "err.decl_comment_required"),
    ("the verification report number is required", "err.decl_report_required"),
)


def _declaration_code(exc: BaseException, language: str) -> Message | None:
    """The sentence for a refusal that carries a code (`products.miit` through `workflow.declarations`)."""
    code, params = getattr(exc, "code", ""), getattr(exc, "params", {}) or {}
    if code == "out_of_scope":
        return Message(
            tr(
                "err.decl_out_of_scope",
                language,
                rated=f"{params['rated']:g}",
                threshold=f"{params['threshold']:g}",
            )
        )
    if code == "lifetime_parameter_missing":
        sep = "、" if language == "zh" else ", "
        m = _LIFETIME_NEEDS.search(str(exc))
        details = [i.strip() for i in m["needs"].split("; ") if i.strip()] if m else []
        fields = sep.join(params.get("fields", [])) or "?"
        return Message(tr("err.decl_lifetime_missing", language, fields=fields), details)
    if code == "processes_not_declarable":  # each process named in words by products.miit
        return Message(tr("err.decl_refused", language), _cap(list(params.get(f"problems_{language}", []))))
    if code == "rated_energy_missing":
        return Message(tr("err.decl_no_rated_energy", language))
    if code == "cff_parameter_missing":
        return Message(tr("err.decl_cff_missing", language), list(params.get("missing", [])))
    return None


def _declaration(text: str, language: str) -> Message | None:
    """The sentence for a known refusal of the MIIT declaration (`workflow.declarations`, `products.miit`)."""
    if m := _OUT_OF_SCOPE.search(text):
        return Message(tr("err.decl_out_of_scope", language, rated=m["rated"], threshold=m["threshold"]))
    if m := _LIFETIME_NEEDS.search(text):
        items = [i.strip() for i in m["needs"].split("; ") if i.strip()]
        fields = [f.group(0) for i in items if (f := re.match(r"product\.[\w.]*\w", i))]
        sep = "、" if language == "zh" else ", "
        return Message(tr("err.decl_lifetime_missing", language, fields=sep.join(fields) or "?"), items)
    for phrase, key in _DECLARATION_PLAIN:
        if phrase in text:
            return Message(tr(key, language))
    if "cannot be declared:" in text:
        return Message(tr("err.decl_refused", language), _cap(text.split("\n  - ")[1:]))
    return None


def _kind(kind: str, language: str) -> str:
    text = tr(f"kind.{kind}", language)
    return kind if text == f"kind.{kind}" else text


def _action(action: str, language: str) -> str:
    text = tr(f"action.{action}", language)
    return action if text == f"action.{action}" else text


def _first_line(exc: BaseException) -> str:
    text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    return str(text).splitlines()[0] if str(text) else type(exc).__name__


def _cap(items: list[Any]) -> list[str]:
    lines = [str(i) for i in items]
    if len(lines) > MAX_DETAILS:
        return [*lines[:MAX_DETAILS], f"… (+{len(lines) - MAX_DETAILS})"]
    return lines


def _is_database_error(exc: BaseException) -> bool:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    return isinstance(exc, (OperationalError, ProgrammingError))
