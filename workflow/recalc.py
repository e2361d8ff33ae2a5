"""Full recalculation of many models on Dask distributed (the general path of issue 16).

Models are solved as tasks on a Dask cluster: a `LocalCluster` on this machine by default, or the
existing scheduler named by ``PCF_DASK_SCHEDULER`` (e.g. ``tcp://10.0.0.5:8786``); no pool of our own.
The model texts and one factor snapshot (`Snapshot`: the release's factors, background processes, GWP
tables and the activity resolutions needed, read once from the database) are scattered to every worker
once; a task solves a batch of model ids with the ordinary `footprint.calculate` and returns each
model's result JSON. A model that fails is reported with its id and its error; the others finish.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

if TYPE_CHECKING:
    from factors.gwp import GwpTable
    from footprint.background import ProcessRecord
    from footprint.linking import FactorRecord

from workflow.inventory_tables import InventoryRecord, InventoryResolution
from workflow.tables import ModelVersion

SCHEDULER_ENV = "PCF_DASK_SCHEDULER"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Snapshot:
    """A picklable factor source: one release's factors, processes, GWP tables and known resolutions."""

    release: str
    records: Mapping[str, FactorRecord]
    gwp: Mapping[str, GwpTable]  # by GWP set
    resolutions: Mapping[tuple[str, str, int | None], tuple[str, str]] = field(default_factory=dict)
    processes: Mapping[str, ProcessRecord] = field(default_factory=dict)

    def get(self, codes: Iterable[str]) -> dict[str, FactorRecord]:
        return {c: self.records[c] for c in codes if c in self.records}

    def resolve(self, activity: str, geography: str, year: int | None) -> tuple[FactorRecord, str] | None:
        hit = self.resolutions.get((activity, geography, year))
        return (self.records[hit[0]], hit[1]) if hit else None

    def get_processes(self, codes: Iterable[str]) -> dict[str, ProcessRecord]:
        return {c: self.processes[c] for c in codes if c in self.processes}

    def gwp_table(self, gwp_set: str) -> GwpTable:
        from factors.gwp import GwpTable
        from factors.vocab import GwpSet

        return self.gwp.get(gwp_set) or GwpTable(GwpSet(gwp_set), {}, self.release)

    def known_codes(self) -> list[str]:
        return list(self.records)


def snapshot(
    session: Session,
    release: str,
    *,
    activities: Sequence[tuple[str, str, int | None]] = (),
    models: Mapping[str, Any] | None = None,
) -> Snapshot:
    """Read `release` once: every factor, background process and GWP table, and how each
    (activity, geography, year) of `activities` — and each one `models` (id -> YAML) ask for, directly
    or through a background process's inputs — resolves under it."""
    from factors.vocab import GwpSet
    from footprint import DatabaseFactors

    source = DatabaseFactors(session, release)
    asked = _activities_asked(source, models or {})
    codes = source.known_codes()
    records: dict[str, FactorRecord] = {}
    for start in range(0, len(codes), 900):
        records.update(source.get(codes[start : start + 900]))
    resolutions = {}
    for key in dict.fromkeys([*activities, *asked]):
        hit = source.resolve(*key)
        if hit is not None:
            records.setdefault(hit[0].code, hit[0])
            resolutions[key] = (hit[0].code, hit[1])
    processes = source.get_processes(_all_process_codes(session, source.release))
    gwp = {s.value: source.gwp_table(s.value) for s in GwpSet}
    return Snapshot(source.release, records, gwp, resolutions, processes)


class _Recorder:
    """A factor source that passes every call to `inner` and notes each activity resolution asked for."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.asked: list[tuple[str, str, int | None]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def resolve(self, activity: str, geography: str, year: int | None) -> Any:
        self.asked.append((activity, geography, year))
        return self.inner.resolve(activity, geography, year)


def _activities_asked(source: Any, models: Mapping[str, Any]) -> list[tuple[str, str, int | None]]:
    """Every (activity, geography, year) linking `models` against `source` resolves, background
    process inputs included (a model that does not parse or link is left to its task to report)."""
    import yaml

    from footprint import parse_model
    from footprint.linking import link_factors

    recorder = _Recorder(source)
    for ident, text in models.items():
        try:
            model = parse_model(yaml.safe_load(text) if isinstance(text, str) else text, file=ident)
            link_factors(model, recorder, gwp_set=model.product.gwp.value.upper(), strict=False)
        except Exception:  # (the worker's solve reports this model's error)
            continue
    return recorder.asked


def _all_process_codes(session: Session, release: str) -> list[str]:
    try:
        from factors.processes import list_processes
    except ImportError:
        return []
    return [p.code for p in list_processes(session, release=release)]


def solve_batch(
    ids: Sequence[str], models: Mapping[str, Any], source: Snapshot, iterations: int = 0, seed: int = 1
) -> list[dict[str, Any]]:
    """Solve the models `ids` (YAML texts or parsed dicts in `models`) against `source`; one outcome each."""
    import yaml

    from footprint import calculate, parse_model

    out: list[dict[str, Any]] = []
    for ident in ids:
        try:
            text = models[ident]
            model = parse_model(yaml.safe_load(text) if isinstance(text, str) else text, file=ident)
            result = calculate(model, source, iterations=iterations, seed=seed)  # type: ignore[arg-type]  # frozen: `release` read-only
            out.append(
                {"id": ident, "ok": True, "total": result.total, "result_json": result.to_json(indent=None)}
            )
        except Exception as exc:  # one model's failure is its outcome; the batch goes on
            out.append({"id": ident, "ok": False, "error": f"{type(exc).__name__}: {exc}"})
    return out


@contextmanager
def dask_client(scheduler: str | None = None, *, workers: int = 2, processes: bool = True) -> Iterator[Any]:
    """A client of the scheduler `scheduler` (default ``$PCF_DASK_SCHEDULER``), else of a new LocalCluster
    of `workers` single-threaded workers (closed on exit)."""
    from distributed import Client, LocalCluster

    address = scheduler or os.environ.get(SCHEDULER_ENV, "").strip()
    if address:
        with Client(address) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_models(
    client: Any,
    models: Mapping[str, Any],
    source: Snapshot,
    *,
    iterations: int = 0,
    batch: int = 25,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Solve every model of `models` (id -> YAML) on the cluster of `client`; outcomes in id order."""
    from distributed import as_completed

    ids = list(models)
    if not ids:
        return []
    shared_models = client.scatter(dict(models), broadcast=True)
    shared_source = client.scatter(source, broadcast=True)
    batches = [ids[i : i + batch] for i in range(0, len(ids), batch)]
    futures = {
        client.submit(solve_batch, chunk, shared_models, shared_source, iterations, pure=False): chunk
        for chunk in batches
    }
    outcomes: dict[str, dict[str, Any]] = {}
    done = 0
    for future in as_completed(futures):
        chunk = futures[future]
        try:
            for item in future.result():
                outcomes[item["id"]] = item
        except Exception as exc:  # the task itself died (worker lost): every model of it is reported
            for ident in chunk:
                outcomes[ident] = {"id": ident, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
        done += len(chunk)
        if progress is not None:
            progress(done, len(ids))
    return [outcomes[i] for i in ids]


def recalculate_stored(
    session: Session,
    release: str,
    *,
    category: str | None = None,
    iterations: int = 0,
    client: Any = None,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Recalculate the model of every stored record (optionally of `category`) under `release` on Dask;
    one outcome per record: record, kind, model version, stored figure, new model total or the error."""
    from workflow.rerate import like_pattern

    query = sa_select(
        col(InventoryRecord.id),
        col(InventoryRecord.record),
        col(InventoryRecord.kind),
        col(InventoryRecord.product_code),
        col(InventoryRecord.model_version_id),
    ).order_by(col(InventoryRecord.id))
    if category:
        query = query.where(col(InventoryRecord.category).like(like_pattern(category), escape="\\"))
    rows = session.execute(query).all()
    version_ids = sorted({r[4] for r in rows})
    texts = {
        f"v{v.id}": v.yaml_text
        for v in session.exec(select(ModelVersion).where(col(ModelVersion.id).in_(version_ids))).all()
    }
    activities = [
        (str(a), str(g), y)
        for a, g, y in session.exec(
            select(
                col(InventoryResolution.activity),
                col(InventoryResolution.geography),
                col(InventoryResolution.year),
            ).distinct()
        ).all()
    ]
    snap = snapshot(session, release, activities=activities, models=texts)
    if client is None:
        with dask_client() as own:
            outcomes = run_models(own, texts, snap, iterations=iterations, progress=progress)
    else:
        outcomes = run_models(client, texts, snap, iterations=iterations, progress=progress)
    by_version = {o["id"]: o for o in outcomes}
    return [
        {
            "record": record,
            "kind": kind,
            "product": product,
            "model_version_id": vid,
            "release": snap.release,
            **{k: v for k, v in by_version[f"v{vid}"].items() if k != "id"},
        }
        for _id, record, kind, product, vid in rows
    ]
