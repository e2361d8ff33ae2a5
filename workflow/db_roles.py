"""PostgreSQL: a login role for the app that owns nothing it must not change (issue 12).

The tables belong to the role that runs ``pcf db init`` (the owner: it creates and upgrades the schema and
may drop or disable triggers). The app connects as a separate login role granted only what its services
need, so even with the app's credentials nobody can rewrite the records the triggers protect:

==================================  ==================================================================
write-once tables (audit log,       SELECT, INSERT — never UPDATE, DELETE or TRUNCATE
evidence, blobs, rule checks,
submission rounds, inventories)
``wf_model_version``                SELECT, INSERT, UPDATE (drafts change; the trigger refuses frozen rows)
``wf_certificate``                  SELECT, INSERT, UPDATE of ``status`` and ``status_reason`` only
every other table                   SELECT, INSERT, UPDATE, DELETE
sequences                           USAGE, SELECT (ids)
==================================  ==================================================================

No TRUNCATE, REFERENCES or TRIGGER anywhere, and no ownership: PostgreSQL lets only a table's owner
``DROP TRIGGER``, ``ALTER TABLE … DISABLE TRIGGER`` or drop the table. Granting revokes first, so running
it again (after an upgrade added tables) converges to the same grants. SQLite has no roles: there the
triggers and the hash chain are the guard, and whoever can write the file can replace it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from workflow.columns import WRITE_ONCE
from workflow.errors import InvalidInput, PreconditionFailed
from workflow.guards import MUTABLE_CERTIFICATE_COLUMNS

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
INSERT_ONLY_EXTRA = frozenset({"wf_submission_round"})  # never updated by a service; truncate-protected
FULL = ("SELECT", "INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class AppRoleGrants:
    """What `grant_app_role` did: the role, whether it was created, and each table's privileges."""

    role: str
    created: bool
    tables: dict[str, tuple[str, ...]]


def app_privileges(table: str) -> tuple[str, ...]:
    """The table privileges the app role gets on `table` (see the module's table)."""
    if table in WRITE_ONCE or table in INSERT_ONLY_EXTRA or table == "wf_certificate":
        return ("SELECT", "INSERT")  # wf_certificate also gets UPDATE of its status columns (`_grant`)
    if table == "wf_model_version":
        return ("SELECT", "INSERT", "UPDATE")
    return FULL


def grant_app_role(engine: Engine, role: str, *, password: str | None = None) -> AppRoleGrants:
    """Create login role `role` if missing and (re)grant it exactly the app's privileges; run as the owner."""
    if engine.dialect.name != "postgresql":
        raise InvalidInput(
            f"database roles need PostgreSQL; this database is {engine.dialect.name}, which has no roles "
            "(its triggers and the audit hash chain are the guard there)",
            code="app_role_backend",
            params={"backend": engine.dialect.name},
        )
    if not ROLE_NAME.fullmatch(role):
        raise InvalidInput(
            f"app role name {role!r}: lower-case letters, digits and _, starting with a letter or _, "
            "at most 63 characters (e.g. pcf_app)",
            code="app_role_name",
            params={"role": role},
        )
    from factors import processes, tables  # noqa: F401  (every table of the schema on the metadata)

    with engine.begin() as conn:
        created = _ensure_role(conn, role, password)
        return AppRoleGrants(role, created, _grant(conn, role))


def _ensure_role(conn: Connection, role: str, password: str | None) -> bool:
    owner: str = conn.execute(text("SELECT current_user")).scalar_one()
    if role == owner:
        raise PreconditionFailed(
            f"app role {role!r} is the role running this (the schema's owner); name a separate login role",
            code="app_role_is_owner",
            params={"role": role},
        )
    found = conn.execute(
        text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).first()
    quoted = conn.dialect.identifier_preparer.quote(role)
    if found is None:
        conn.execute(text(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"))
    elif found[0]:
        raise PreconditionFailed(
            f"app role {role!r} is a superuser, which bypasses every grant; use a plain login role",
            code="app_role_superuser",
            params={"role": role},
        )
    owned: Iterable[str] = conn.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND pg_get_userbyid(c.relowner) = :r ORDER BY 1"
        ),
        {"r": role},
    ).scalars()
    owned_names = list(owned)
    if owned_names:
        raise PreconditionFailed(
            f"app role {role!r} owns {', '.join(owned_names[:5])}: an owner can drop or disable the "
            "triggers; transfer them to the owner role (ALTER TABLE … OWNER TO …) first",
            code="app_role_owns",
            params={"role": role, "objects": owned_names},
        )
    if password:
        literal = "'" + password.replace("'", "''") + "'"
        conn.execute(text(f"ALTER ROLE {quoted} PASSWORD {literal}".replace(":", r"\:")))
    return found is None


def _grant(conn: Connection, role: str) -> dict[str, tuple[str, ...]]:
    quote = conn.dialect.identifier_preparer.quote
    schema: str = conn.execute(text("SELECT current_schema()")).scalar_one()
    database: str = conn.execute(text("SELECT current_database()")).scalar_one()
    who, where = quote(role), quote(schema)
    conn.execute(text(f"GRANT CONNECT ON DATABASE {quote(database)} TO {who}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {where} TO {who}"))
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {where} FROM {who}"))
    conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {where} FROM {who}"))
    present = set(inspect(conn).get_table_names(schema=schema))
    granted: dict[str, tuple[str, ...]] = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in present:
            continue
        privileges = app_privileges(table.name)
        conn.execute(text(f"GRANT {', '.join(privileges)} ON {quote(table.name)} TO {who}"))
        if table.name == "wf_certificate":
            columns = ", ".join(quote(c) for c in sorted(MUTABLE_CERTIFICATE_COLUMNS))
            conn.execute(text(f"GRANT UPDATE ({columns}) ON wf_certificate TO {who}"))
            privileges = (*privileges, f"UPDATE ({', '.join(sorted(MUTABLE_CERTIFICATE_COLUMNS))})")
        granted[table.name] = privileges
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}"))
    return granted
