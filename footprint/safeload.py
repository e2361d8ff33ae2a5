"""Reading YAML and JSON input without losing data silently or exhausting the machine.

`load_yaml_text` reads the plain block style most generated files use with `footprint.safeload_fast`
(which leaves anything else alone) and otherwise builds plain Python values straight from libyaml's
event stream (no node graph, no recursion, so nesting cannot crash the interpreter), both with the
YAML 1.1 scalars of PyYAML's safe loader, and refuses, each with its line and column and the path
of the place in the file:

* a key repeated in one mapping (YAML and `json` would keep the last one: a wrong total with no message);
* numbers YAML 1.1 reads in another base or as minutes (``010`` → 8, ``0x10`` → 16, ``1:30`` → 90,
  ``1_000``) – write them in decimal, or quote them if they are text;
* aliases beyond `MAX_ALIASES` uses or expanding to more than `MAX_ALIAS_NODES` values (alias bombs),
  merge keys (``<<``), tags other than the standard scalar and collection tags, more than one document;
* nesting deeper than `MAX_DEPTH` and input larger than `MAX_BYTES`.

`load_json_text` does the same for JSON: duplicate keys, ``NaN``/``Infinity``, numbers that overflow a
float, nesting and size. Both raise `InputRefused`; callers turn `issue()` into their own error type.

This module is the entry point; the work is done in `footprint.safeload_base` (limits, refusal, reading
a file), `footprint.safeload_yaml` (the libyaml event builder) and `footprint.safeload_json`.
"""

from __future__ import annotations

from footprint.safeload_base import (
    DEFAULT,
    MAX_ALIAS_NODES,
    MAX_ALIASES,
    MAX_BYTES,
    MAX_DEPTH,
    InputRefused,
    Limits,
    read_text,
)
from footprint.safeload_base import gc_paused as gc_paused  # used by the model reader and calculate
from footprint.safeload_json import load_json_file, load_json_text
from footprint.safeload_yaml import _Builder as _Builder  # for the tests of the fast path
from footprint.safeload_yaml import load_yaml_file, load_yaml_text

__all__ = [
    "DEFAULT",
    "MAX_ALIASES",
    "MAX_ALIAS_NODES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "InputRefused",
    "Limits",
    "load_json_file",
    "load_json_text",
    "load_yaml_file",
    "load_yaml_text",
    "read_text",
]
