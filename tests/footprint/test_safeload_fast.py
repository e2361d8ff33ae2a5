"""The fast reader of plain block-style YAML: what it reads equals PyYAML's safe loader, and everything
outside its part of YAML is left to the full loader, whose refusals (and messages) still apply."""

from __future__ import annotations

import pytest
import yaml

from bench.generate import generate, to_model, write_yaml
from footprint.safeload import DEFAULT, InputRefused, _Builder, load_yaml_text
from footprint.safeload_fast import NOT_PLAIN, read_plain


def fast(text: str) -> object:
    return read_plain(text, _Builder(DEFAULT).plain, max_depth=DEFAULT.max_depth)


READ = [
    "a: 1\nb: 2.5\nc: text with spaces (and /) here\n",
    "# a comment\nformat: pcf-model/1\n\nproduct:\n  id: p1\n  name: {zh: 电芯, en: Cell}\n",
    "inputs:\n- {process: p2, amount: 0.5, unit: kg}\n- {factor: f.1, amount: 1.0e-05, unit: t*km}\nx: 1\n",
    "inputs:\n  - process: p2\n    amount: 3\n    unit: kg\n  - factor: f\n    amount: .5\n    unit: kWh\n",
    "a:\nb: ~\nc: null\nd: yes\ne: 2024-01-31\nf: -1.5\ng: +2.\nh: 1e5\ni: {}\n",
    "name: \"double quoted: text\"\nother: 'single # quoted'\nit's: supplier's data\n",
    "list:\n-\n  a: 1\n- b\n",
]


@pytest.mark.parametrize("text", READ)
def test_what_it_reads_equals_pyyaml(text: str) -> None:
    value = fast(text)
    assert value is not NOT_PLAIN
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    assert value == expected
    assert [type(v) for v in value.values()] == [type(v) for v in expected.values()]  # type: ignore[attr-defined]


LEFT = [
    "a: 1\na: 2\n",  # a repeated key
    "a: &x 1\nb: *x\n",  # anchors, aliases
    "a: !!str 1\n",  # a tag
    "a: 010\n",  # a YAML 1.1 octal number
    "a: 1_000\n",
    "a: text\n  continued\n",  # a multi-line scalar
    "a: 1 # a comment after a value\n",
    "a:\t1\n",
    "a: 1 \n",  # trailing space
    "a: {b: {c: 1}}\n",  # nested flow
    "a: [1, 2]\n",
    "a: |\n  block\n",
    "a : 1\n",  # a key with a space before the colon
    "- 1\n- 2\n",  # not a mapping at the top
    "a: 1\n---\nb: 2\n",
    'a: "esc\\n"\n',
    "\ufeffa: 1\n",
    "a: <<\n",
]


@pytest.mark.parametrize("text", LEFT)
def test_anything_else_is_left_to_the_full_loader(text: str) -> None:
    assert fast(text) is NOT_PLAIN


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: 1\nb:\n  c: 2\n  c: 3\n", "the key 'c' appears twice"),
        ("a: 010\n", "read by YAML 1.1 as an octal number"),
        ("a: 1:30\n", "as minutes/seconds"),
    ],
)
def test_the_full_loaders_refusals_still_apply(text: str, problem: str) -> None:
    with pytest.raises(InputRefused, match=problem):
        load_yaml_text(text)


def test_a_generated_model_file_is_read_by_the_fast_path(tmp_path: object) -> None:
    from pathlib import Path

    model = to_model(generate(60, seed=4), uncertainty=True, local_factors=True)
    text = write_yaml(model, Path(str(tmp_path)) / "m.yaml").read_text(encoding="utf-8")
    value = fast(text)
    assert value is not NOT_PLAIN
    assert value == model == yaml.load(text, Loader=yaml.CSafeLoader)


def test_nesting_at_the_limit_goes_to_the_full_loader() -> None:
    deep = "".join(f"{'  ' * i}k{i}:\n" for i in range(DEFAULT.max_depth + 2)) + "  " * 70 + "x: 1\n"
    assert fast(deep) is NOT_PLAIN
    with pytest.raises(InputRefused, match="nested deeper"):
        load_yaml_text(deep)
