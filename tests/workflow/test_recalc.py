"""Full recalculation on Dask distributed (a small in-process LocalCluster), against the ordinary path."""

from __future__ import annotations

import json

import pytest

from tests.workflow.test_impact import full, stored  # noqa: F401  (the fixture of three certified models)
from workflow.recalc import dask_client, recalculate_stored, run_models, snapshot


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    with dask_client(workers=1, processes=False) as c:
        yield c


def test_results_equal_the_ordinary_calculation(stored, client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    s, _p, numbers, texts = stored
    seen: list[tuple[int, int]] = []
    out = recalculate_stored(s, "2026.2.2", client=client, progress=lambda d, t: seen.append((d, t)))
    by = {o["record"]: o for o in out}
    assert set(by) == set(numbers.values()) and seen[-1] == (3, 3)
    for key, number in numbers.items():
        item = by[number]
        assert item["ok"] and item["release"] == "2026.2.2"
        expected = full(s, texts[key], "2026.2.2")  # B picks up the Yichun factor, as a recalculation should
        assert item["total"] == expected
        result = json.loads(item["result_json"])
        assert result["total"] == expected and result["factor_release"] == "2026.2.2"


def test_one_failure_is_named_and_the_others_finish(stored, client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    s, _p, _numbers, texts = stored
    models = {"good": texts["C"], "bad": texts["C"].replace("li2co3.lepidolite.CN", "no.such.factor")}
    out = run_models(client, models, snapshot(s, "2026.2.2"), batch=1)
    assert [o["id"] for o in out] == ["good", "bad"] and out[0]["ok"]
    assert not out[1]["ok"] and "no.such.factor" in out[1]["error"]


def test_monte_carlo_iterations_run_on_the_workers(stored, client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    s, _p, _numbers, texts = stored
    out = run_models(client, {"c": texts["C"]}, snapshot(s, "2026.2.2"), iterations=50)
    assert json.loads(out[0]["result_json"])["uncertainty"]["iterations"] == 50
