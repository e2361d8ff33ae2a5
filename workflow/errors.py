"""Exceptions of the workflow store, all under `WorkflowError`; each message names who, what and which object.

- `NotFound`: no such object, *or* one the actor may not see (the two are indistinguishable on purpose).
- `AccessDenied`: the actor sees the object but may not do this to it (or may not do it at all).
- `IllegalTransition`: the action is not allowed in the object's current state.
- `AuthenticationFailed`: wrong username or password (one message for both).
- `VersionFrozen`, `AuditLogImmutable`: a write to data that must never change.
- `InvalidInput`, `InvalidModel`, `PreconditionFailed`, `Conflict`: bad arguments or an unmet rule.
- `SecretUnreadable`: a secret stored encrypted that the current key cannot decrypt; enter it again.
"""

from __future__ import annotations

from collections.abc import Sequence


class WorkflowError(Exception):
    """Base class of the workflow store's errors; `code` and `params` let a face word it in zh or en."""

    code: str = ""
    params: dict[str, object]

    def __init__(self, *args: object, code: str = "", params: dict[str, object] | None = None) -> None:
        super().__init__(*args)
        self.code = code or type(self).code
        self.params = dict(params or {})


class NotFound(WorkflowError):
    """No `kind` with this id that the actor may see; a hidden object reads exactly like a missing one."""

    def __init__(self, kind: str, ident: object) -> None:
        self.kind = kind
        self.ident = ident
        super().__init__(f"no {kind} {ident!r}", code="not_found", params={"kind": kind, "ident": ident})


class AccessDenied(WorkflowError):
    """`who` may not do `what` to `target`; `why` says which rule refused it."""

    def __init__(self, who: str, what: str, target: str, why: str = "") -> None:
        self.who = who
        self.what = what
        self.target = target
        self.why = why
        super().__init__(
            f"{who} may not {what} {target}" + (f": {why}" if why else ""),
            code="access_denied",
            params={"what": what},
        )


class IllegalTransition(WorkflowError):
    """`action` is not allowed on a `workflow` object in state `state`; `allowed` lists what is."""

    def __init__(self, workflow: str, target: str, state: str, action: str, allowed: Sequence[str]) -> None:
        self.workflow = workflow
        self.state = state
        self.action = action
        self.allowed = tuple(allowed)
        listed = ", ".join(self.allowed) or "none (final state)"
        super().__init__(
            f"{target} is in state {state!r}: action {action!r} is not allowed there; "
            f"allowed actions: {listed}",
            code="illegal_transition",
            params={"state": state, "action": action, "allowed": list(self.allowed)},
        )


class AuthenticationFailed(WorkflowError):
    """Unknown user, wrong password or deactivated account: deliberately one message for all three.

    Codes: ``auth_failed``; ``account_locked`` (params ``until``); ``session_invalid`` (a session token
    that expired, was tampered with or predates a password change).
    """

    def __init__(
        self,
        message: str = "wrong username or password",
        *,
        code: str = "auth_failed",
        params: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message, code=code, params=params)


class VersionFrozen(WorkflowError):
    """A submitted model version was about to be changed or deleted; save a new version instead."""


class AuditLogImmutable(WorkflowError):
    """An audit-log row was about to be changed or deleted; the log is append-only."""


class InvalidInput(WorkflowError):
    """An argument that breaks a rule of the store (unknown role, weak password, bad location path …).

    `code` and `params` (optional) let a face say it in another language without parsing the message.
    """


class InvalidModel(WorkflowError):
    """A model text that footprint cannot validate or calculate; `issues` lists every problem."""

    def __init__(self, what: str, issues: Sequence[str]) -> None:
        self.issues = list(issues)
        lines = "\n".join(f"  - {i}" for i in self.issues)
        super().__init__(f"{what}: {len(self.issues)} problem(s):\n{lines}")


class PreconditionFailed(WorkflowError):
    """The state allows the action but a rule of the certification process does not (e.g. open findings)."""


class Conflict(WorkflowError):
    """A name or number that must be unique is already taken."""


class AlreadyDecided(Conflict):
    """A transition lost a race: another session changed the object's state first (params kind, ident, state)."""

    def __init__(self, kind: str, ident: object, state: str) -> None:
        super().__init__(
            f"{kind} {ident!r} was changed at the same time by someone else and is now {state!r}; "
            "reload it and decide again if still needed",
            code="already_decided",
            params={"kind": kind, "ident": ident, "state": state},
        )


class SecretUnreadable(WorkflowError):
    """A secret stored encrypted (`workflow.secret_box`) that the current key cannot decrypt: it must be entered
    again (``PCF_SECRET_KEY`` changed, or set after the secret was stored under the database's own secret)."""


class IntegrityBroken(WorkflowError):
    """Stored content no longer matches its recorded hash (tampering outside the application)."""
