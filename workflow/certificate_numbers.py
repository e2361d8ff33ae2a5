"""Certificate numbers, validity dates and the look-up of a certificate by its number.

Certificate numbers read ``CFP-JX-2026-000123``:

==========  ===============================================================================
``CFP``     carbon footprint (碳足迹) certificate of this platform
``JX``      the issuing scheme's province code (Jiangxi; `DEFAULT_REGION`, configurable)
``2026``    the year of issue
``000123``  a six-digit sequence per prefix (region and year), from 000001, never reused
==========  ===============================================================================

Numbers come from one counter row per prefix, incremented by ``UPDATE … RETURNING`` inside the issuing
transaction (a row lock on PostgreSQL, the write lock on SQLite) while a process-wide lock serialises
the issuing threads of this process: no two certificates get the same number and no number is skipped.
A certificate is valid for `DEFAULT_VALIDITY_YEARS` (2, per the CNCA general rules) through the day
before the same date `validity_years` later.
"""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from workflow.access import Actor, Verb, check_actor, guard, kind_name
from workflow.errors import InvalidInput, NotFound, PreconditionFailed
from workflow.tables import Certificate, CertificateSequence

DEFAULT_VALIDITY_YEARS = 2
MAX_VALIDITY_YEARS = 5
MAX_BACKDATE_DAYS = 366  # an issue date may be back-dated to the decision, never by years nor forward
DEFAULT_REGION = "JX"
_NUMBER_LOCK = threading.Lock()


def valid_through(issued_on: dt.date, years: int) -> dt.date:
    """The last day of validity: the day before the same date `years` later (29 Feb → 28 Feb)."""
    try:
        anniversary = issued_on.replace(year=issued_on.year + years)
    except ValueError:  # 29 February in a non-leap year
        anniversary = dt.date(issued_on.year + years, 3, 1)
    return anniversary - dt.timedelta(days=1)


def numbering_lock() -> threading.Lock:
    """The process-wide lock to hold from `next_certificate_number` until the transaction commits."""
    return _NUMBER_LOCK


def next_certificate_number(session: Session, *, year: int, region: str = DEFAULT_REGION) -> str:
    """Take the next number of ``CFP-<region>-<year>`` in the session's transaction (see module doc)."""
    if not region.isalnum() or not region.isupper() or len(region) > 6:
        raise InvalidInput(f"certificate region {region!r}: 1-6 upper-case letters or digits, e.g. JX")
    prefix = f"CFP-{region}-{year:04d}"
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(CertificateSequence).values(prefix=prefix, last=0).on_conflict_do_nothing())
    last: int = session.execute(
        update(CertificateSequence)
        .where(col(CertificateSequence.prefix) == prefix)
        .values(last=col(CertificateSequence.last) + 1)
        .returning(col(CertificateSequence.last))
    ).scalar_one()
    if last > 999_999:
        raise PreconditionFailed(f"certificate numbers of {prefix} are exhausted (999999 issued)")
    return f"{prefix}-{last:06d}"


def _norm(number: str) -> str:
    return number.strip().upper()


def _by_number(session: Session, actor: Actor, number: str, verb: Verb = Verb.READ) -> Certificate:
    cert = session.exec(select(Certificate).where(Certificate.number == _norm(number))).first()
    if cert is None:
        check_actor(actor, session)
        raise NotFound(kind_name(Certificate), _norm(number))
    guard(actor, session, verb, cert)
    return cert
