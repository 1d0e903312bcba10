"""Item 3 of the hostile-input issue: YAML that builds non-JSON values is refused at its line."""

from __future__ import annotations

from pathlib import Path

from tests.hostile._run import cli, one_sentence, yaml_contract


def test_binary_tag(work: Path) -> None:
    """An example tagged !!binary exits 2 at its line, in the words used for Python-object tags."""
    yaml_contract(work, "    content:\n      $.x: {example: !!binary aGVsbG8=}\n")
    one_sentence(cli("run", "c.yaml", cwd=work), 2, "c.yaml:6", "YAML tags that build", "!!binary")


def test_set_tag(work: Path) -> None:
    """An example tagged !!set exits 2 at its line."""
    yaml_contract(work, "    content:\n      $.x:\n        example: !!set {a, b}\n")
    one_sentence(cli("run", "c.yaml", cwd=work), 2, "c.yaml:7", "YAML tags that build", "!!set")


def test_nul_byte(work: Path) -> None:
    """A NUL byte in a contract exits 2 at its line naming U+0000."""
    yaml_contract(work, '    content:\n      $.x: {example: "a\x00b"}\n')
    one_sentence(cli("run", "c.yaml", cwd=work), 2, "c.yaml:6", "U+0000")


def test_billion_laughs(work: Path) -> None:
    """Aliases nested inside a legal example are refused once they stand for more than 10,000 values."""
    lines = ["x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    yaml_contract(work, "    content:\n      $.x:\n        example:\n" + "".join(f"          {x}\n" for x in lines))
    one_sentence(cli("run", "c.yaml", cwd=work), 2, "c.yaml:", "10,000 values")
