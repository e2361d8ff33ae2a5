"""Data-quality rating of a result: the PEF DQR of each contribution, weighted by its share of the total."""

from __future__ import annotations

from dataclasses import dataclass

from footprint.linking import FactorSet
from footprint.matrices import System
from footprint.model import Model, Pedigree
from footprint.pedigree import dqr, dqr_level
from footprint.solve import Solution


@dataclass(frozen=True)
class QualityRating:
    dqr: float | None  # contribution-weighted DQR over the assessed part
    level: str  # excellent | very good | good | fair | poor | not assessed
    coverage: float  # share of |contributions| that carry pedigree scores
    indicators: dict[str, float]  # weighted TeR, GeR, TiR, P
    unassessed: list[str]  # model paths of contributions without scores, largest first

    def as_dict(self) -> dict[str, object]:
        return {
            "dqr": self.dqr,
            "level": self.level,
            "coverage": self.coverage,
            "indicators": self.indicators,
            "unassessed": self.unassessed,
        }


def rate(model: Model, system: System, factors: FactorSet, solution: Solution) -> QualityRating:
    """Weight each contribution's pedigree (its input's own, else its factor's) by |contribution|."""
    weights: dict[str, float] = {}
    pedigrees: dict[str, Pedigree | None] = {}
    index_of = {p.label: i for i, p in enumerate(system.params)}
    factor_of_param = {
        index_of[item.path]: factors.key_of(item.path, item.factor)
        for process in model.processes.values()
        for item in process.inputs
        if item.factor is not None and item.path in index_of
    }
    for k, value in enumerate(solution.entry_scores):
        pi = int(system.b_param[k])
        param = system.params[pi]
        weights[param.label] = weights.get(param.label, 0.0) + abs(float(value))
        ped = param.pedigree
        if ped is None and pi in factor_of_param:
            ped = factors.factors[factor_of_param[pi]].pedigree
        pedigrees[param.label] = ped
    total = sum(weights.values())
    if total == 0:
        return QualityRating(None, "not assessed", 0.0, {}, [])
    assessed = {label: w for label, w in weights.items() if pedigrees[label] is not None}
    covered = sum(assessed.values())
    unassessed = sorted((label for label in weights if pedigrees[label] is None), key=lambda x: -weights[x])
    if covered == 0:
        return QualityRating(None, "not assessed", 0.0, {}, unassessed)
    ind = {"TeR": 0.0, "GeR": 0.0, "TiR": 0.0, "P": 0.0}
    value = 0.0
    for label, w in assessed.items():
        p = pedigrees[label]
        if p is None:
            continue
        share = w / covered
        value += share * dqr(p)
        ind["TeR"] += share * p.technological
        ind["GeR"] += share * p.geographical
        ind["TiR"] += share * p.temporal
        ind["P"] += share * p.reliability
    return QualityRating(value, dqr_level(value), covered / total, ind, unassessed)
