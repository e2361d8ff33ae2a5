"""Data-quality rating of a result: the PEF DQR of each contribution, weighted by its share of the total."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
    weights, pedigrees = _weights(model, system, factors, solution)
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


def _weights(
    model: Model, system: System, factors: FactorSet, solution: Solution
) -> tuple[dict[str, float], dict[str, Pedigree | None]]:
    """|Contribution| per model amount (by its label, in the order of the biosphere entries) and its
    pedigree: the amount's own, else that of the factor an input uses."""
    b_param = system.b_param
    used, first, inverse = np.unique(b_param, return_index=True, return_inverse=True)
    sums = np.bincount(inverse, weights=np.abs(solution.entry_scores), minlength=len(used))  # entry order
    order = np.argsort(first, kind="stable")
    params = [system.params[i] for i in used[order].tolist()]
    weights = dict(zip((p.label for p in params), sums[order].tolist(), strict=True))
    if len(weights) < len(params):  # two amounts under one label: add up in entry order, as labels
        weights = {}
        for k, value in enumerate(np.abs(solution.entry_scores).tolist()):
            label = system.params[int(b_param[k])].label
            weights[label] = weights.get(label, 0.0) + value
    factor_of_path = {
        item.path: factors.keys.get(item.path, item.factor)
        for process in model.processes.values()
        for item in process.inputs
        if item.factor is not None
    }
    records = factors.factors
    pedigrees: dict[str, Pedigree | None] = {}
    for param in params:
        ped = param.pedigree
        if ped is None and param.label in factor_of_path:
            ped = records[factor_of_path[param.label]].pedigree
        pedigrees[param.label] = ped
    return weights, pedigrees
