"""Load a `pcf-brightway/1` package into a bw2data project (Activity Browser opens it).

Run with a Python that has bw2data (standard library otherwise, so the file can be copied next to the
package): ``python bw_loader.py package.json [--dir BRIGHTWAY2_DIR] [--project NAME] [--verify]``.
Prints one JSON line: the project, databases, method and (with --verify) the recomputed score.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

FORMAT = "pcf-brightway/1"


def _as_keys(activity: dict[str, Any]) -> dict[str, Any]:
    out = dict(activity)
    out["exchanges"] = [{**ex, "input": tuple(ex["input"])} for ex in activity.get("exchanges", [])]
    if "categories" in out:
        out["categories"] = tuple(out["categories"])
    return out


def load(package: dict[str, Any], project: str) -> dict[str, Any]:
    """Write the package's databases and method into `project`; returns a summary."""
    import bw2data as bd

    bd.projects.set_current(project)
    for name in package["database_order"]:
        data = {(name, code): _as_keys(act) for code, act in package["databases"][name].items()}
        bd.Database(name).write(data)
    method_name = tuple(package["method"]["name"])
    method = bd.Method(method_name)
    method.register(unit=package["method"]["unit"], description="GWP100 values of the PCF platform study")
    method.write([(tuple(key), value) for key, value in package["method"]["cfs"]])
    return {
        "project": project,
        "databases": package["database_order"],
        "method": list(method_name),
        "activities": sum(len(package["databases"][n]) for n in package["database_order"]),
    }


def verify(package: dict[str, Any]) -> float:
    """The score of the package's demand under its method, computed by bw2calc in the current project."""
    import bw2calc as bc
    import bw2data as bd

    demand = package["demand"]
    node = bd.get_node(database=demand["database"], code=demand["code"])
    lca = bc.LCA({node: demand["amount"]}, tuple(package["method"]["name"]))
    lca.lci()
    lca.lcia()
    return float(lca.score)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", help="the JSON package written by `pcf export --format brightway`")
    parser.add_argument("--dir", help="BRIGHTWAY2_DIR: the folder of the Brightway projects")
    parser.add_argument("--project", help="project name (default: the package's)")
    parser.add_argument("--verify", action="store_true", help="recompute the score with bw2calc and compare")
    args = parser.parse_args(argv)
    if args.dir:
        os.makedirs(args.dir, exist_ok=True)
        os.environ["BRIGHTWAY2_DIR"] = args.dir  # must be set before bw2data is imported
    with open(args.package, encoding="utf-8") as fh:
        package = json.load(fh)
    if package.get("format") != FORMAT:
        print(f"{args.package}: not a {FORMAT} package (format: {package.get('format')!r})", file=sys.stderr)
        return 2
    summary = load(package, args.project or package["project"])
    if args.verify:
        score = verify(package)
        summary["score"] = score
        expected = package.get("expected_total")
        if expected is not None and abs(score - expected) > 1e-6 * max(1.0, abs(expected)):
            print(json.dumps(summary), file=sys.stderr)
            print(f"score {score} differs from the platform's total {expected}", file=sys.stderr)
            return 1
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
