"""Alternatives of one activity: published values that disagree, one of them the documented default.

Where public sources disagree (by more than 2× in the bundled data), a release carries all of them
under one activity: the chosen value has ``alt_role = default`` and carries the spread as its
uncertainty, the others ``alternative``. Geography resolution never returns an alternative, so a
model that references the activity gets the default; an alternative is used only by its code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from factors.errors import FactorDBError, RowError
from factors.query import FactorRead, _in_release, _read
from factors.releases import get_release
from factors.tables import Factor, ReleaseFactor
from factors.validate import ValidRow
from factors.vocab import AltRole


class ActivityNotFound(FactorDBError, KeyError):
    """No factor of the activity in the release."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Comparison:
    """Every factor of one activity in one release, the default first, then by geography and year."""

    activity: str
    release: str
    factors: tuple[FactorRead, ...]

    @property
    def default(self) -> FactorRead | None:
        """The group's default, None when the activity has no alternatives."""
        return next((f for f in self.factors if f.alt_role == AltRole.DEFAULT), None)

    @property
    def spread(self) -> float:
        """Largest over smallest value among factors of the same unit as the first (1.0 for one)."""
        values = [f.value for f in self.factors if f.unit == self.factors[0].unit and f.value > 0]
        return max(values) / min(values) if values else 1.0

    def as_dict(self) -> dict[str, object]:
        """The JSON form of `pcf factors compare --json`."""
        return {
            "activity": self.activity, "release": self.release,
            "default": self.default.code if self.default else None, "spread": round(self.spread, 4),
            "factors": [{
                "code": f.code, "value": f.value, "unit": f.unit, "basis": f.basis, "gwp": f.gwp,
                "geography": f.geography, "reference_year": f.reference_year, "source": f.source.title,
                "source_location": f.source.location, "confidence": f.confidence,
                "role": f.alt_role or "only", "is_default": f.alt_role == AltRole.DEFAULT,
                "uncertainty": f.uncertainty, "unc_a": f.unc_a, "unc_b": f.unc_b, "notes": f.notes,
            } for f in self.factors],
        }  # fmt: skip


def compare_activity(session: Session, activity: str, *, release: str | None = None) -> Comparison:
    """All factors of `activity` in `release` (default latest published), the default first."""
    rel = get_release(session, release)
    rows = session.exec(_in_release(rel).where(Factor.activity == activity)).all()
    if not rows:
        known = session.exec(
            select(Factor.activity)
            .join(ReleaseFactor, col(ReleaseFactor.factor_id) == Factor.id)
            .where(ReleaseFactor.release_id == rel.id)
        ).all()
        near = sorted({a for a in known if activity in a or a in activity})[:5]
        raise ActivityNotFound(
            f"no factor of activity {activity!r} in release {rel.version}"
            + (f"; similar activities: {', '.join(near)}" if near else "")
        )
    order = {AltRole.DEFAULT.value: 0, AltRole.NONE.value: 1, AltRole.ALTERNATIVE.value: 2}
    found = sorted(
        (_read(session, f, s, rel) for f, s in rows),
        key=lambda f: (order.get(f.alt_role, 3), f.geography, -(f.reference_year or 0), f.code),
    )
    return Comparison(activity, rel.version, tuple(found))


def group_problems(rows: Sequence[ValidRow], file: str) -> list[RowError]:
    """Inconsistent groups: an activity with alternatives needs exactly one default (and vice versa)."""
    by_activity: dict[str, list[ValidRow]] = {}
    for row in rows:
        if row.factor.alt_role:
            by_activity.setdefault(row.factor.activity, []).append(row)
    errors = []
    for activity, members in by_activity.items():
        defaults = [r for r in members if r.factor.alt_role == AltRole.DEFAULT]
        alternatives = [r for r in members if r.factor.alt_role == AltRole.ALTERNATIVE]
        if len(defaults) != 1:
            where = defaults[1] if len(defaults) > 1 else members[0]
            errors.append(
                RowError(
                    file,
                    where.row,
                    "alt_role",
                    f"activity {activity!r} has {len(defaults)} defaults among its alternatives; "
                    "exactly one row must be 'default'",
                )
            )
        if not alternatives:
            errors.append(
                RowError(
                    file,
                    defaults[0].row,
                    "alt_role",
                    f"activity {activity!r} has a default but no alternative; leave alt_role empty",
                )
            )
    return errors
