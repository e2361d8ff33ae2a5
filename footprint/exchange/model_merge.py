"""Adding a factor to a model file's `factors:` as text (comments and layout survive), checked after."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from footprint.exchange.errors import MergeError

_FACTORS = re.compile(r"^factors:[ \t]*(#.*)?$")
_EMPTY_FACTORS = re.compile(r"^factors:[ \t]*(\{\}|null|~)?[ \t]*(#.*)?$")
_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def factor_yaml(code: str, factor: Mapping[str, Any], *, indent: str = "") -> str:
    """The YAML text of `{code: factor}`, each line prefixed with `indent`."""
    import yaml

    text = yaml.safe_dump(
        {code: dict(factor)}, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )
    return "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))


def merge_factor(model_text: str, code: str, factor: Mapping[str, Any], *, file: str = "<model>") -> str:
    """`model_text` plus `factor` under `factors.<code>`; `MergeError` if that would lose or alter content."""
    import yaml

    try:
        data = yaml.safe_load(model_text)
    except yaml.YAMLError as exc:
        raise MergeError(f"{file}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise MergeError(f"{file}: not a model file (expected a mapping at the top)")
    existing = data.get("factors") or {}
    if not isinstance(existing, dict):
        raise MergeError(f"{file}: factors is not a mapping")
    if code in existing:
        raise MergeError(f"{file}: factors.{code} exists already; choose another --code")
    lines = model_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    at = next((i for i, line in enumerate(lines) if _FACTORS.match(line.rstrip("\n"))), None)
    if at is not None:
        end = at + 1
        while end < len(lines) and not _TOP_KEY.match(lines[end]):
            end += 1
        while end > at + 1 and not lines[end - 1].strip():
            end -= 1
        indent = _entry_indent(lines[at + 1 : end]) or "  "
        lines[end:end] = [factor_yaml(code, factor, indent=indent)]
    else:
        empty = next((i for i, line in enumerate(lines) if _EMPTY_FACTORS.match(line.rstrip("\n"))), None)
        if empty is not None:
            lines[empty] = "factors:\n" + factor_yaml(code, factor, indent="  ")
        elif "factors" in data:
            raise MergeError(
                f"{file}: factors is written in flow style ({{…}}); add this by hand:\n"
                + factor_yaml(code, factor, indent="  ")
            )
        else:
            lines.append("factors:\n" + factor_yaml(code, factor, indent="  "))
    new_text = "".join(lines)
    expected = copy.deepcopy(data)
    expected["factors"] = {**existing, code: _plain(factor)}
    if yaml.safe_load(new_text) != expected:
        raise MergeError(
            f"{file}: adding factors.{code} as text would change other content; add this by "
            "hand:\n" + factor_yaml(code, factor, indent="  ")
        )
    return new_text


def merge_into_file(model: Path, code: str, factor: Mapping[str, Any], out: Path) -> Path:
    """Write `model` plus the factor to `out` (a new file) and check that the factor is valid there."""
    from footprint.errors import ModelError
    from footprint.model import parse_model_lenient, read_model_data

    if out.resolve() == model.resolve():
        raise MergeError(f"{out}: the merged model is written to a new file, not over {model}")
    if out.exists():
        raise MergeError(f"{out} exists already; choose another --out")
    text = merge_factor(model.read_text(encoding="utf-8"), code, factor, file=str(model))
    out.write_text(text, encoding="utf-8")
    try:
        _, issues = parse_model_lenient(read_model_data(out), file=str(out))
    except ModelError as exc:
        issues = exc.issues
    mine = [i for i in issues if i.path.startswith(f"factors.{code}")]
    if mine:
        out.unlink()
        raise MergeError(f"the imported factor is not a valid model factor: {'; '.join(map(str, mine))}")
    return out


def _entry_indent(block: list[str]) -> str:
    for line in block:
        if line.strip() and not line.lstrip().startswith("#"):
            return line[: len(line) - len(line.lstrip())]
    return ""


def _plain(value: Any) -> Any:
    import yaml

    return yaml.safe_load(yaml.safe_dump(value, allow_unicode=True))
