"""Secrets the platform must read back (not just check) kept encrypted at rest, under the platform's secret.

A password or a client secret the platform *checks* is stored as a hash; a secret it must *send* (the client
secret a customer's host issued to the enterprise for PACT events) has to be recoverable, so it is encrypted
with Fernet (AES-128-CBC and HMAC-SHA256, `cryptography.fernet`) under a key derived by HKDF-SHA256 from
the platform's secret with a fixed label per purpose. The platform's secret is `PCF_SECRET_KEY` when set,
else a random secret generated once into the database (`Setting` ``session_secret``, shared with the
session tokens of `workflow.tokens`; HKDF's label keeps the two keys apart).

Threat model: without `PCF_SECRET_KEY` the key lives in the same database, so the encryption protects only
against a leak of the secrets' table alone (an export or backup of one table); with `PCF_SECRET_KEY` set
(and kept out of the database), a stolen database does not reveal the secrets. Changing `PCF_SECRET_KEY`
makes every sealed secret unreadable (`SealedUnreadable`): they have to be entered again.
"""

from __future__ import annotations

import base64
import os
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session

from workflow.pilot_tables import Setting

ENV_SECRET = "PCF_SECRET_KEY"
FERNET = "fernet:"
PLAIN = "plain:"  # the format of secrets stored before encryption (still read, re-sealed when rewritten)


class SealedUnreadable(ValueError):
    """A stored secret that is not readable with the current key (or is in no known format)."""


def platform_secret(session: Session) -> bytes:
    """`PCF_SECRET_KEY`, else the secret generated once into the database (committed when first made)."""
    configured = os.environ.get(ENV_SECRET, "").strip()
    if configured:
        return configured.encode("utf-8")
    row = session.get(Setting, "session_secret")
    if row is None:
        row = Setting(name="session_secret", value=secrets.token_hex(32))
        session.add(row)
        session.commit()
    return row.value.encode("utf-8")


class SecretBox:
    """Seals and opens the secrets of one purpose (`label`, e.g. ``b"pcf event secrets v1"``)."""

    def __init__(self, platform_key: bytes, label: bytes) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(platform_key)
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    @classmethod
    def of(cls, session: Session, label: bytes) -> SecretBox:
        """The box of `label` under the platform's secret (call it outside a unit of work: it may commit)."""
        return cls(platform_secret(session), label)

    def seal(self, secret: str) -> str:
        """``fernet:<token>`` of `secret` (a fresh IV each time: equal secrets give different tokens)."""
        return FERNET + self._fernet.encrypt(secret.encode("utf-8")).decode("ascii")

    def unseal(self, stored: str) -> str:
        """The secret of a sealed (``fernet:``) or legacy (``plain:``) stored value."""
        if stored.startswith(PLAIN):
            return stored[len(PLAIN) :]
        if not stored.startswith(FERNET):
            raise SealedUnreadable(f"expected a value starting {FERNET!r} or {PLAIN!r}")
        try:
            return self._fernet.decrypt(stored[len(FERNET) :].encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise SealedUnreadable(
                f"not readable with the current key ({ENV_SECRET} changed, or the database's generated "
                "secret was replaced)"
            ) from exc


def is_plain(stored: str) -> bool:
    """True for a secret still stored as entered (to be sealed by the next write or `pcf db init`)."""
    return stored.startswith(PLAIN)
